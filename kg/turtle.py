"""Deterministic Turtle straight from triples, without building an rdflib graph.

The bytes are those rdflib's Turtle serializer writes for the same set of triples (subjects by
how often they are referred to, then by IRI; `a` and `rdfs:label` first; objects sorted; author
lists inline), so graphs written before and after are identical, at a fraction of the time and
memory: the triples are grouped by subject once and written out one subject at a time.

>>> from rdflib import Literal, URIRef
>>> from rdflib.namespace import RDFS
>>> print(turtle([(URIRef("https://example.org/a"), RDFS.label, Literal("A"))]), end="")
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<BLANKLINE>
<https://example.org/a> rdfs:label "A" .
<BLANKLINE>
"""
from __future__ import annotations

import heapq
import io
import re
from collections import defaultdict
from pathlib import Path
from typing import IO, Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.store import bind_prefixes

INDENT = "    "
# looked up once: a DefinedNamespace attribute costs a Python call, and the writer asks millions of times
_TYPE, _NIL, _FIRST, _REST = RDF.type, RDF.nil, RDF.first, RDF.rest
_FIRST_PREDICATES = (_TYPE, RDFS.label)


_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


class _Names:
    """Prefixed names as rdflib's serializer chooses them, worked out once per IRI; remembers
    which prefixes were used (only those are declared)."""

    def __init__(self) -> None:
        self._graph = bind_prefixes(Graph())
        self._bound = {prefix for prefix, _ in self._graph.namespaces()}
        self._cache: dict[tuple[str, bool], tuple[str, str, str] | None] = {}
        self.used: dict[str, str] = {}

    def pname(self, uri: URIRef, generate: bool) -> str | None:
        key = (str(uri), generate)  # a plain str compares in C, an rdflib term in Python
        hit = self._cache.get(key, False)
        if hit is False:
            hit = self._cache[key] = self._compute(uri, generate)
            if hit is not None and hit[1] not in self._bound:
                # a prefix made up for a predicate (ns1) names other IRIs of its namespace too
                self._bound.add(hit[1])
                self._cache = {k: v for k, v in self._cache.items() if v is not None}
        if hit is None:
            return None
        name, prefix, namespace = hit
        self.used[prefix] = namespace
        return name

    def _compute(self, uri: URIRef, generate: bool) -> tuple[str, str, str] | None:
        try:
            prefix, namespace, local = self._graph.compute_qname(uri, generate=generate)
        except Exception:  # no namespace of the IRI is bound (rdflib's serializer does the same)
            prefix = self._graph.store.prefix(uri)
            if prefix is None:
                return None
            namespace, local = uri, ""
        local = _PERCENT.sub("\\%", local.replace("(", r"\(").replace(")", r"\)"))
        if local.endswith("."):
            return None
        return f"{prefix}:{local}", prefix, str(namespace)

    def forget(self, uri: URIRef) -> None:
        """Drop the remembered name of an IRI that will not come again."""
        self._cache.pop((str(uri), False), None)

    def note(self, s, p, o) -> None:
        """Declare the prefixes a triple's terms use, as rdflib's serializer does before writing."""
        for node, generate in ((s, False), (p, True), (o, False)):
            if isinstance(node, URIRef):
                if not (generate and node == _TYPE):
                    self.pname(node, generate)
            elif isinstance(node, Literal) and node.datatype:
                self.pname(node.datatype, False)


class Unstreamable(Exception):
    """The triples broke a promise `write_turtle_triples(standalone=...)` relies on; write them again without it."""


def write_turtle_triples(triples: Iterable[tuple], out: IO[str], *, standalone: str | None = None) -> int:
    """Write the set of `triples` (rdflib terms; repeats are fine) to `out` as Turtle; returns how
    many distinct triples were written.

    `standalone` is an IRI prefix of subjects that are written as they come and kept on disk, not
    in memory (kg.graph's evidence nodes, nine in ten triples of a corpus): each such subject's
    triples come one after the other, and it is never an object nor a subject anywhere else. When
    the triples break that, `Unstreamable` is raised (`out` holds part of the text): write them
    again without `standalone`."""
    by_subject: dict = defaultdict(dict)
    references: dict = defaultdict(int)
    names = _Names()
    spill = _Spill(names) if standalone else None
    try:
        for s, p, o in triples:
            if spill is not None and s.startswith(standalone) and type(s) is URIRef:
                if spill.add(s, p, o) and type(o) is not Literal:
                    references[o] += 1
                names.note(s, p, o)
                continue
            objects = by_subject[s].setdefault(p, {})
            if o not in objects:
                objects[o] = None
                references[o] += 1
                names.note(s, p, o)
        if spill is not None:
            spill.close()
        # every prefix the body will use is known now (rdflib's serializer declares the same ones)
        for prefix in sorted(names.used):
            out.write(f"@prefix {prefix}: <{names.used[prefix]}> .\n")
        order = sorted(by_subject, key=lambda s: (isinstance(s, BNode), references.get(s, 0), s))
        done: set = set()
        writer = _Writer(by_subject, references, names, done, out)
        written = 0
        for subject, text, count in _merged(order, references, spill):
            if text is not None:
                out.write(text)
                written += count
            elif subject in done:
                continue
            else:
                writer.statement(subject)
            out.write("\n")
        out.write("\n")
    finally:
        if spill is not None:
            spill.discard()
    return written + sum(len(objects) for props in by_subject.values() for objects in props.values())


def _merged(order: list, references: dict, spill: "_Spill | None") -> Iterable[tuple]:
    """(subject, None, 0) for the subjects in memory and (IRI, its text, its triples) for those on
    disk, in the one order rdflib's serializer writes them (blank nodes last, then by how often they
    are referred to, then by IRI)."""
    if spill is None:
        yield from ((s, None, 0) for s in order)
        return
    in_memory = ((isinstance(s, BNode), references.get(s, 0), str(s), s, None, 0) for s in order)
    on_disk = ((False, 0, iri, iri, text, count) for iri, text, count in spill.rows())
    last = None
    for key_b, refs, key, subject, text, count in heapq.merge(in_memory, on_disk, key=lambda row: row[:3]):
        if key == last:  # (the same node made twice would have counted its references twice)
            raise Unstreamable(f"{key}: written in more than one place")
        if text is not None and references.get(URIRef(key), 0):
            raise Unstreamable(f"{key}: referred to by another triple")
        last = key
        yield subject, text, count


class _Spill:
    """Standalone subjects rendered as they come, kept in a temporary SQLite file until they are written."""

    BATCH = 5_000

    def __init__(self, names: _Names) -> None:
        import sqlite3
        import tempfile

        self._folder = tempfile.TemporaryDirectory(prefix="kg-turtle-")
        self._db = sqlite3.connect(Path(self._folder.name) / "subjects.sqlite")
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute("CREATE TABLE subject (iri TEXT, text TEXT, count INTEGER)")
        self._rows: list[tuple] = []
        self._current = None
        self._props: dict = {}
        self._text = io.StringIO()
        self._writer = _Writer({}, {}, names, set(), self._text)
        self._names = names
        self._bound = None

    def add(self, s, p, o) -> bool:
        """Note the triple (s, p, o); False when the subject already had it."""
        if isinstance(o, BNode):  # it would be written inline, and needs the table of every subject
            raise Unstreamable(f"{s}: has a blank node as an object")
        if s != self._current:
            self._flush()
            self._current = s
        objects = self._props.setdefault(p, {})
        if o in objects:
            return False
        objects[o] = None
        return True

    def _flush(self) -> None:
        if self._current is None:
            return
        if self._bound is None:
            self._bound = len(self._names._bound)
        self._writer.by_subject = {self._current: self._props}
        self._writer.statement(self._current)
        # a standalone subject is named once: its label is not worth remembering
        self._names.forget(self._current)
        self._writer._labels[0].pop(str(self._current), None)
        self._rows.append((str(self._current), self._text.getvalue(), sum(len(v) for v in self._props.values())))
        self._text.seek(0)
        self._text.truncate()
        self._props = {}
        self._current = None
        if len(self._rows) >= self.BATCH:
            self._db.executemany("INSERT INTO subject VALUES (?, ?, ?)", self._rows)
            self._rows = []

    def close(self) -> None:
        self._flush()
        if self._rows:
            self._db.executemany("INSERT INTO subject VALUES (?, ?, ?)", self._rows)
            self._rows = []
        if self._bound is not None and len(self._names._bound) != self._bound:
            # a prefix made up later (ns1) may name IRIs of the subjects already written
            raise Unstreamable("a prefix was made up after subjects were written")

    def rows(self) -> Iterable[tuple[str, str, int]]:
        return self._db.execute("SELECT iri, text, count FROM subject ORDER BY iri")

    def discard(self) -> None:
        self._db.close()
        self._folder.cleanup()


def turtle(triples: Iterable[tuple]) -> str:
    """The Turtle text of `triples` (see `write_turtle_triples`)."""
    out = io.StringIO()
    write_turtle_triples(triples, out)
    return out.getvalue()


class _Writer:
    """rdflib's TurtleSerializer statement/predicateList/objectList, over a dict of subjects."""

    def __init__(self, by_subject, references, names: _Names, done: set, out: IO[str]) -> None:
        self.by_subject, self.references, self.names, self.done, self.out = by_subject, references, names, done, out
        self.depth = 0
        # an IRI's label (by its plain string), as a verb or not: every prefix is bound before writing starts
        self._labels: tuple[dict, dict] = ({}, {})

    def statement(self, subject) -> None:
        self.done.add(subject)
        if isinstance(subject, BNode) and self.references.get(subject, 0) == 0:
            self.out.write("\n" + INDENT * self.depth + "[]")
        else:
            self.out.write("\n" + INDENT * self.depth + self.label(subject, verb=False))
        self.predicate_list(subject)
        self.out.write(" .")

    def predicate_list(self, subject) -> None:
        props = self.by_subject.get(subject, {})
        if not props:
            return
        first = [p for p in _FIRST_PREDICATES if p in props]
        ordered = first + sorted(p for p in props if p not in first)
        for i, p in enumerate(ordered):
            if i:
                self.out.write(" ;\n" + INDENT * (self.depth + 1))
                self.out.write(self.label(p, verb=True))
            else:
                self.out.write(" " + self.label(p, verb=True))
            self.object_list(sorted(props[p]))

    def object_list(self, objects: list) -> None:
        shift = 0 if len(objects) == 1 else 1
        self.depth += shift
        self.node(objects[0], newline=False)
        for o in objects[1:]:
            self.out.write(",\n" + INDENT * (self.depth + 1))
            self.node(o, newline=True)
        self.depth -= shift

    def node(self, o, newline: bool) -> None:
        if isinstance(o, BNode) and o not in self.done and self.references.get(o, 0) <= 1:
            if not newline:
                self.out.write(" ")
            if self._is_list(o):
                self.out.write("(")
                self.depth += 1
                while o is not None:
                    item = self._value(o, _FIRST)
                    if item is not None:
                        self.node(item, newline=False)
                        self.done.add(o)
                    o = self._value(o, _REST)
                self.depth -= 1
                self.out.write(" )")
            else:
                self.done.add(o)
                self.depth += 2
                self.out.write("[")
                self.depth -= 1
                self.predicate_list(o)
                self.out.write(" ]")
                self.depth -= 1
            return
        if not newline:
            self.out.write(" ")
        self.out.write(self.label(o, verb=False))

    def _value(self, s, p):
        objects = self.by_subject.get(s, {}).get(p)
        return next(iter(objects)) if objects else None

    def _is_list(self, node) -> bool:
        if self._value(node, _FIRST) is None:
            return False
        while node is not None:
            if node != _NIL and sum(len(v) for v in self.by_subject.get(node, {}).values()) != 2:
                return False
            node = self._value(node, _REST)
        return True

    def label(self, node, verb: bool) -> str:
        if isinstance(node, Literal):
            return node._literal_n3(use_plain=True, qname_callback=lambda dt: self.names.pname(dt, False))
        if not isinstance(node, URIRef):  # a blank node
            return node.n3()
        labels, key = self._labels[verb], str(node)
        text = labels.get(key)
        if text is None:
            text = labels[key] = self._term_label(node, verb)
        return text

    def _term_label(self, node, verb: bool) -> str:
        if node == _NIL:
            return "()"
        if verb and node == _TYPE:
            return "a"
        return self.names.pname(node, verb) or node.n3()
