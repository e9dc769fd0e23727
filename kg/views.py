"""What a kg store works out once, when it is created, so that named queries need not work it out
on every call: the answers of the parameterless named queries, and an index of names.

    write_views(store)                        # create_store calls it: kg-views/
    result = read_view(store, named.text)     # run_named_query answers from it, or None: run it live
    terms = find(store, "name", "Ada Lovelace")  # the labels equal to it, ignoring case, or None

A kg store never changes after `create_store` wrote it (it is opened read-only), so the answer of a
query without parameters is fixed with it: a listing of every publication or every co-author pair
costs Oxigraph a random disk read per row (0.3 to 3 s at a million triples), reading it back costs
a file read. Each answer is stored under the sha256 of the query's text, so a query file that
changes (a newer kg) is run live again instead of answered from an outdated view. The file is JSON,
not pickle: a store directory may come from somewhere else, and reading it must not run code. Its
terms are kept by kind (IRIs, plain strings, the rest) and its cells as one flat list of numbers,
which parse about five times faster than a list of rows of tagged terms.

The index of names (`lookup.sqlite`, SQLite opened read-only) answers what a named query's
parameter names without comparing the parameter with every label in the graph (what
`FILTER(LCASE(STR(?label)) = LCASE(STR(?name)))` costs Oxigraph: one string read per label):
- `name`: every term that is the object of rdfs:label, skos:altLabel or dcterms:title, under its
  lower case (`LCASE(STR(term))`, worked out by Oxigraph, so it is the lower case the queries
  compare);
- `document`: every source document under each string a `concepts-of-document` parameter may give
  for it: its file name (rdfs:label), that name up to any dot (its stem), its path (lkg:path), and
  the part of its path or IRI after any slash, each in lower case.
A named query says which of its variables the store may bind from it (`# lookup:`, kg.query).
"""
from __future__ import annotations

import gc
import hashlib
import json
import logging
import re
import sqlite3
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any, Iterator

import numpy as np
import pyoxigraph as ox
import rdflib
from rdflib.term import Identifier

log = logging.getLogger(__name__)

#: the folder in a kg store directory that holds the views, one JSON file per query
VIEWS_DIR = "kg-views"
VIEWS_VERSION = 2
#: a view that takes longer than this to work out is left out (the query then runs live)
VIEW_TIMEOUT = 120.0
#: the index of names in VIEWS_DIR
LOOKUP_FILE = "lookup.sqlite"
LOOKUP_VERSION = 1
#: what `find` looks up, and the properties whose objects the `name` index holds
LOOKUP_KINDS = ("name", "document")
NAME_PROPERTIES = ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#altLabel",
                   "http://purl.org/dc/terms/title")

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@contextmanager
def _no_gc() -> Iterator[None]:
    """Building tens of thousands of small objects at once sets off Python's cycle collector again
    and again (a third of the time of reading a view); none of them makes a cycle."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# ---------------------------------------------------------------------------------------- views


def write_views(store: Any, timeout: float = VIEW_TIMEOUT) -> int:
    """Work out every parameterless named query on `store` (a GraphStore) and write each answer into
    its directory, and the index of names; returns how many views were written. A query that fails
    or times out is left out (it runs live)."""
    from kg.errors import QueryError
    from kg.query import _call_in_process, _evaluate_store, _prepare_query, list_named_queries

    folder = Path(store.path) / VIEWS_DIR
    folder.mkdir(exist_ok=True)
    write_lookup(store)
    written = 0
    for named in list_named_queries():
        if named.params:
            continue
        source = named.path.name
        try:
            prepared = _prepare_query(named.text, source)
            rows = pair_view(store, named.name, named.text) if named.name in PAIR_VIEWS else None
            if rows is not None:
                kind, names = "SELECT", tuple(str(v) for v in prepared.parsed.algebra.get("PV") or ())
            else:
                kind, names, rows, _ = _call_in_process(
                    lambda: _evaluate_store(store, named.text, prepared, {}, source, None, True), timeout)
        except QueryError as exc:
            log.warning("%s: no view (%s); it runs live", source, exc)
            continue
        (folder / f"{_key(named.text)}.json").write_text(
            json.dumps(_view_data(named.name, kind, names, rows), ensure_ascii=False, separators=(",", ":")),
            encoding="utf-8")
        written += 1
    return written


# ---------------------------------------------------------------------------------------- pair networks

#: the named queries whose view kg works out itself, with the end of a cito:cites link their pairs
#: are made of: works citing the same works (the cited work groups them), works cited together (the
#: citing work groups them). Oxigraph counts such pairs one join row at a time, and one work cited by
#: thousands couples millions of pairs: 45 s and over 2 GiB at a million triples. Counted here with
#: numpy the same pairs take about a second, and only the rows the query's LIMIT keeps are built.
#: tests/test_views.py checks the rows against Oxigraph's answer to the same text.
PAIR_VIEWS = {"bibliographic-coupling": "subject", "cocitation": "object"}
_CITES = "http://purl.org/spar/cito/cites"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
_LIMIT = re.compile(r"\bLIMIT\s+(\d+)\s*\Z", re.IGNORECASE)


def pair_view(store: Any, name: str, text: str) -> list[tuple] | None:
    """The packed rows (kg.query._pack) the pair query `name` (PAIR_VIEWS) gives on `store`: pairs of
    works (IRIs, the one whose IRI sorts first as work_a) sharing groups, each with every rdfs:label
    of each work (unbound when it has none), ordered by shared groups (most first), then title_a,
    title_b, work_a, work_b, as many as the query's final LIMIT keeps. None when the graph holds what
    this does not reproduce (a link from or to something other than an IRI, a work's label that is
    not a plain string): Oxigraph then works the view out."""
    ends = store.store.query(f"SELECT DISTINCT ?s ?o WHERE {{ ?s <{_CITES}> ?o }}", use_default_graph_as_union=True)
    groups: dict[str, set[str]] = {}
    for solution in ends:
        s, o = solution["s"], solution["o"]
        if type(s) is not ox.NamedNode or type(o) is not ox.NamedNode:
            return None
        item, group = (s.value, o.value) if PAIR_VIEWS[name] == "subject" else (o.value, s.value)
        groups.setdefault(group, set()).add(item)
    items = sorted({item for members in groups.values() for item in members})
    index = {item: i for i, item in enumerate(items)}
    labels: list[list[str]] = [[] for _ in items]
    for solution in store.store.query(f"SELECT ?w ?l WHERE {{ ?w <{_LABEL}> ?l }}", use_default_graph_as_union=True):
        at = index.get(solution["w"].value) if type(solution["w"]) is ox.NamedNode else None
        if at is not None:
            label = solution["l"]
            if type(label) is not ox.Literal or label.language or label.datatype.value != _XSD_STRING:
                return None
            labels[at].append(label.value)
    match = _LIMIT.search(text)
    limit = int(match.group(1)) if match else None
    return _pair_rows(items, labels, [sorted(index[m] for m in members) for members in groups.values()], limit)


def _pair_rows(items: list[str], labels: list[list[str]], groups: list[list[int]], limit: int | None) -> list[tuple]:
    n = len(items)
    codes = []
    for members in groups:
        if len(members) > 1:
            ids = np.asarray(members, dtype=np.int64)
            first, second = np.triu_indices(len(ids), 1)
            codes.append(ids[first] * n + ids[second])
    if not codes:
        return []
    pairs, counts = np.unique(np.concatenate(codes), return_counts=True)
    del codes
    a, b = pairs // n, pairs % n
    # a row per label of a times label of b: ORDER BY DESC(count) keeps whole levels of counts until
    # the one the LIMIT cuts; there it keeps the pairs whose first row sorts first (a pair's rows
    # follow its first row, so the rows kept come from at most that many pairs)
    title_rank = {title: rank for rank, title in enumerate(sorted({t for ts in labels for t in ts}), start=1)}
    first_title = np.asarray([min((title_rank[t] for t in ts), default=0) for ts in labels], dtype=np.int64)
    per_pair = np.maximum(1, np.asarray([len(ts) for ts in labels], dtype=np.int64))
    rows_of = per_pair[a] * per_pair[b]
    keep = np.ones(len(pairs), dtype=bool)
    if limit is not None and int(rows_of.sum()) > limit:
        rows_at = np.bincount(counts, weights=rows_of)
        above = 0
        for level in range(len(rows_at) - 1, 0, -1):
            if above + rows_at[level] >= limit:
                break
            above += int(rows_at[level])
        keep = counts > level
        tied = np.flatnonzero(counts == level)
        order = np.lexsort((b[tied], a[tied], first_title[b[tied]], first_title[a[tied]]))
        keep[tied[order[:limit - above]]] = True
    rows = []
    for i in np.flatnonzero(keep):
        x, y, count = int(a[i]), int(b[i]), int(counts[i])
        for ta in labels[x] or [None]:
            for tb in labels[y] or [None]:
                rows.append(((-count, title_rank.get(ta, 0), title_rank.get(tb, 0), x, y),
                             ((0, items[x]), None if ta is None else (4, ta), (0, items[y]),
                              None if tb is None else (4, tb), (2, str(count), _XSD_INTEGER))))
    rows.sort(key=lambda row: row[0])
    return [row for _, row in rows[:limit]]


def _view_data(name: str, kind: str, names: tuple[str, ...], rows: list[tuple]) -> dict[str, Any]:
    """A packed SELECT result (kg.query._pack) as a view: its distinct terms by kind, its cells as
    one flat list of their numbers (IRIs first, then plain strings, then the rest; -1: unbound)."""
    iris: dict[str, int] = {}
    strings: dict[str, int] = {}
    others: dict[tuple, int] = {}
    for row in rows:
        for cell in row:
            if cell is None:
                continue
            if cell[0] == 0:
                iris.setdefault(cell[1], len(iris))
            elif cell[0] == 4:
                strings.setdefault(cell[1], len(strings))
            else:
                others.setdefault(cell, len(others))
    base_strings, base_others = len(iris), len(iris) + len(strings)

    def number(cell: tuple | None) -> int:
        if cell is None:
            return -1
        if cell[0] == 0:
            return iris[cell[1]]
        if cell[0] == 4:
            return base_strings + strings[cell[1]]
        return base_others + others[cell]

    return {"version": VIEWS_VERSION, "query": name, "kind": kind, "vars": list(names), "iris": list(iris),
            "strings": list(strings), "others": [list(t) for t in others],
            "cells": [number(cell) for row in rows for cell in row]}


def read_view(store: Any, text: str) -> Any:
    """The answer (a kg.query.QueryResult) of the query `text` on `store`, or None when there is no view."""
    from kg.query import QueryResult, plain_literal, unpack_term, uri

    try:
        data = json.loads((Path(store.path) / VIEWS_DIR / f"{_key(text)}.json").read_text(encoding="utf-8"))
        if data.get("version") != VIEWS_VERSION or data["kind"] != "SELECT":
            return None
        names = tuple(str(v) for v in data["vars"])
        cells = data["cells"]
        width = len(names)
        if not width or len(cells) % width:
            return None
        with _no_gc():
            terms: list[Identifier | None] = [uri(v) for v in data["iris"]]
            terms.extend(plain_literal(v) for v in data["strings"])
            terms.extend(unpack_term(tuple(t)) for t in data["others"])
            terms.append(None)  # number -1: unbound
            if cells and (min(cells) < -1 or max(cells) >= len(terms) - 1):
                return None  # a damaged file: a number that names no term
            cell_terms = [terms[i] for i in cells]
            rows = tuple(tuple(cell_terms[i:i + width]) for i in range(0, len(cell_terms), width))
        return QueryResult("SELECT", vars=names, rows=rows)
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


# ---------------------------------------------------------------------------------------- index of names


def _lookup_path(store: Any) -> Path:
    return Path(store.path) / VIEWS_DIR / LOOKUP_FILE


def _tails(text: str, separator: str) -> Iterator[str]:
    """Every part of `text` after an occurrence of `separator`: 'a/b/c' -> 'b/c', 'c'."""
    at = text.find(separator)
    while at >= 0:
        yield text[at + 1:]
        at = text.find(separator, at + 1)


def _heads(text: str, separator: str) -> Iterator[str]:
    """Every part of `text` before an occurrence of `separator`: 'a.tar.gz' -> 'a', 'a.tar'."""
    at = text.find(separator)
    while at >= 0:
        yield text[:at]
        at = text.find(separator, at + 1)


def document_keys(iri: str | None, label: str | None, path: str | None) -> set[str]:
    """The (lower-case) values of a document parameter that name a document with this lower-case
    IRI, file name and path: what concepts-of-document's FILTER accepts, spelled out."""
    keys: set[str] = set()
    if label is not None:
        keys.add(label)
        keys.update(_heads(label, "."))
    if iri is not None:
        keys.update(_tails(iri, "/"))
    if path is not None:
        keys.add(path)
        keys.update(_tails(path, "/"))
    return keys


def write_lookup(store: Any) -> None:
    """Write the index of names of `store` (a GraphStore) into its views folder."""
    from kg.query import _pack

    names_query = ("SELECT DISTINCT ?o (LCASE(STR(?o)) AS ?k) WHERE { ?s %s ?o FILTER(!isBlank(?o)) }"
                   % "|".join(f"<{p}>" for p in NAME_PROPERTIES))
    documents_query = (
        "SELECT DISTINCT ?d (LCASE(STR(?d)) AS ?i) (LCASE(STR(?l)) AS ?lk) (LCASE(STR(?p)) AS ?pk) WHERE { "
        f"?d <{_RDF}type> <https://w3id.org/leadership-kg/ontology#SourceDocument> FILTER(isIRI(?d)) "
        "OPTIONAL { ?d <http://www.w3.org/2000/01/rdf-schema#label> ?l } "
        "OPTIONAL { ?d <https://w3id.org/leadership-kg/ontology#path> ?p } }")
    path = _lookup_path(store)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    with closing(sqlite3.connect(tmp)) as db:
        db.execute("CREATE TABLE meta (version INTEGER)")
        db.execute("INSERT INTO meta VALUES (?)", (LOOKUP_VERSION,))
        db.execute("CREATE TABLE names (key TEXT NOT NULL, term TEXT NOT NULL)")
        db.execute("CREATE TABLE documents (key TEXT NOT NULL, document TEXT NOT NULL)")

        def value(solution: Any, name: str) -> str | None:
            term = solution[name]
            return None if term is None else term.value

        db.executemany("INSERT INTO names VALUES (?, ?)", (
            (s["k"].value, json.dumps(_pack(s["o"]), ensure_ascii=False))
            for s in store.store.query(names_query, use_default_graph_as_union=True) if s["k"] is not None))
        keys: set[tuple[str, str]] = set()
        for s in store.store.query(documents_query, use_default_graph_as_union=True):
            keys.update((key, s["d"].value) for key in document_keys(value(s, "i"), value(s, "lk"), value(s, "pk")))
        db.executemany("INSERT INTO documents VALUES (?, ?)", sorted(keys))
        db.execute("CREATE INDEX names_key ON names (key)")
        db.execute("CREATE INDEX documents_key ON documents (key)")
        db.commit()
    tmp.replace(path)


#: an empty Oxigraph store: works out LCASE the way the queries do
_EMPTY = ox.Store()


def lower_case(value: str) -> str:
    """`LCASE(STR(value))` as Oxigraph works it out (what the index keys are)."""
    (solution,) = _EMPTY.query("SELECT ?v (LCASE(STR(?v)) AS ?k) WHERE {}", substitutions={ox.Variable("v"): ox.Literal(value)})
    return solution["k"].value


def find(store: Any, kind: str, value: str) -> list[Identifier] | None:
    """What the index of names of `store` holds under `value` in lower case: for `name` the terms (a
    label, an alternative label or a title) whose lower case it is, for `document` the IRIs of the
    documents it names, sorted; None when the store has no index (then nothing may be assumed)."""
    from kg.query import unpack_term

    if kind not in LOOKUP_KINDS:
        raise ValueError(f"unknown lookup kind {kind!r}; known: {', '.join(LOOKUP_KINDS)}")
    path = _lookup_path(store)
    if not path.is_file():
        return None
    key = lower_case(value)
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)) as db:
            (version,) = db.execute("SELECT version FROM meta").fetchone()
            if version != LOOKUP_VERSION:
                return None
            if kind == "name":
                found = {unpack_term(tuple(json.loads(t))) for (t,) in db.execute("SELECT term FROM names WHERE key = ?", (key,))}
            else:
                found = {rdflib.URIRef(d) for (d,) in db.execute("SELECT document FROM documents WHERE key = ?", (key,))}
    except (sqlite3.Error, ValueError, TypeError, IndexError) as exc:
        log.warning("%s: the index of names cannot be read (%s); queries compare every name", path, exc)
        return None
    return sorted(found, key=lambda term: term.n3())
