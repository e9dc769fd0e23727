"""Score a graph against a gold annotation: entities per class, facts per property, author order, traps.

The gold format is documented in docs/gold-format.md. The matching rules give the same figures as
the reference scorer (shared/tools/score.py), so `kg eval` can stand in for it, e.g. in CI:

    >>> report = evaluate(load_graph("graphs/leadership.ttl"), load_gold("tests/gold_seeds.json"))  # doctest: +SKIP
    >>> report.summary.entity_recall                                                              # doctest: +SKIP
    1.0
"""
from __future__ import annotations

import json
import logging
import os
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Mapping

import rdflib
from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, SKOS
from rdflib.term import Node

from kg.errors import SourceError
from kg.namespaces import BIBO, LKG, PREFIXES

log = logging.getLogger(__name__)

#: the classes scored, in report order
CLASSES = ("Person", "Country", "Place", "Organisation", "Journal", "Programme", "Concept", "Publication")
#: classes left out of the named precision (a graph may rightly hold concepts the gold does not list)
UNNAMED = ("Concept",)
#: a relation the graph states only through a chain (organisation -> city -> country) still counts
TRANSITIVE = ("lkg:locatedIn", "lkg:partOf")
AUTHOR_ORDER = "author order"

# Cyrillic letters drawn like Latin ones, folded for matching only (the same set as score.py)
_LOOKALIKES = str.maketrans(
    "\u0410\u0412\u0415\u041a\u041c\u041d\u041e\u0420\u0421\u0422\u0425"
    "\u0430\u0435\u043e\u0440\u0441\u0443\u0445\u0456\u0406",
    "ABEKMHOPCTXaeopcyxiI",
)


def normalise_name(text: str) -> str:
    """The form names are compared in: `normalise_name("The Open  Council & Co.")` -> "open council and co"."""
    s = unicodedata.normalize("NFKC", str(text)).translate(_LOOKALIKES)
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    s = s.casefold().replace("&", " and ")
    s = re.sub(r"^the\s+", "", s)
    s = re.sub(r"[^\w\s]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def _squash_value(text: str) -> str:
    """Literal values compare on lower-case letters, digits, dots and slashes only (DOIs, ISBNs, years)."""
    return re.sub(r"[^0-9a-z./]", "", str(text).lower())


# --------------------------------------------------------------------------------------------- gold


@dataclass(frozen=True)
class GoldEntity:
    """One annotated entity; `label` is None only for a publication known without its title."""

    id: str
    cls: str
    label: str | None
    aliases: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    optional: bool = False
    kind: str | None = None
    first_author: str | None = None
    year: str | None = None
    source_document: str | None = None
    note: str | None = None

    @property
    def display(self) -> str:
        return self.label or self.id

    @property
    def keys(self) -> set[str]:
        """Normalised label and aliases: a graph node carrying any of them matches."""
        if self.label is None:
            return set()
        return {normalise_name(self.label)} | {normalise_name(a) for a in self.aliases}


@dataclass(frozen=True)
class GoldFact:
    """`s p o` between two gold entities, or `s p value` with a literal; `position` is the author's place."""

    s: str
    p: str
    o: str | None = None
    value: str | None = None
    position: int | None = None

    def describe(self) -> str:
        return f"{self.s} {self.p} {self.o if self.o is not None else self.value}"


@dataclass(frozen=True)
class WrongClass:
    """A name the graph must not type as `not_class` (a publisher as a Person, say)."""

    label: str
    not_class: str


@dataclass
class Gold:
    """A parsed, checked gold annotation file."""

    path: str
    entities: list[GoldEntity]
    facts: list[GoldFact]
    documents: dict[str, str] = field(default_factory=dict)
    prefixes: dict[str, str] = field(default_factory=dict)
    not_entities: list[str] = field(default_factory=list)
    wrong_class: list[WrongClass] = field(default_factory=list)
    in_text_citations: list[dict[str, Any]] = field(default_factory=list)
    about: str = ""

    def expand(self, curie: str) -> URIRef:
        """A fact's property as an IRI, through the gold's `prefixes` and then kg's own."""
        if "://" in curie:
            return URIRef(curie)
        prefix, local = curie.split(":", 1)
        return URIRef(str(self.prefixes.get(prefix) or PREFIXES[prefix]) + local)


def _read_json(path: str | os.PathLike, what: str) -> Any:
    p = Path(path)
    if not p.is_file():
        raise SourceError(f"{p}: no such {what} file; check the path")
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise SourceError(f"{p}: the {what} file is not UTF-8 text; save it as UTF-8 JSON") from None
    except json.JSONDecodeError as exc:
        raise SourceError(
            f"{p}: the {what} file is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None


def load_rename(path: str | os.PathLike) -> list[tuple[str, str]]:
    """Read a rename file `{"pairs": [["old name", "new name"], ...]}`, longest old name first."""
    data = _read_json(path, "rename")
    pairs = data.get("pairs") if isinstance(data, dict) else None
    if not isinstance(pairs, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) and x for x in p) for p in pairs
    ):
        raise SourceError(f'{path}: a rename file needs "pairs": [["old name", "new name"], ...] of non-empty strings')
    return sorted(((a, b) for a, b in pairs), key=lambda pair: -len(pair[0]))


def load_doc_names(path: str | os.PathLike) -> dict[str, str]:
    """Read a `--docs` file: `{"000": "my-file.txt", ...}` maps gold document keys to file names."""
    data = _read_json(path, "document names")
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise SourceError(f'{path}: a document names file is one JSON object of key -> file name, '
                          'e.g. {"000": "a.txt"}')
    return data


def _rename(text: str | None, pairs: Iterable[tuple[str, str]]) -> str | None:
    """Replace each old name standing as a whole word, in order (so renames may chain)."""
    if text is None:
        return None
    for old, new in pairs:
        text = re.sub(r"(?<!\w)" + re.escape(old) + r"(?!\w)", lambda _m, new=new: new, text)
    return text


def load_gold(path: str | os.PathLike, rename: str | os.PathLike | None = None) -> Gold:
    """Read and check a gold annotation file; with `rename`, apply its name pairs to every label first.

    Raises SourceError naming the file and the entry at fault when anything is missing or malformed.
    """
    data = _read_json(path, "gold")
    pairs = load_rename(rename) if rename else []
    gold = _parse_gold(data, str(path))
    if pairs:
        gold.entities = [
            replace(e, label=_rename(e.label, pairs), aliases=tuple(_rename(a, pairs) or "" for a in e.aliases))
            for e in gold.entities
        ]
        gold.not_entities = [_rename(x, pairs) or "" for x in gold.not_entities]
        gold.wrong_class = [WrongClass(_rename(w.label, pairs) or "", w.not_class) for w in gold.wrong_class]
    return gold


def _parse_gold(data: Any, where: str) -> Gold:
    def fail(what: str) -> SourceError:
        return SourceError(f"{where}: {what}; see docs/gold-format.md")

    if not isinstance(data, dict):
        raise fail("a gold file is one JSON object")
    if "entities" not in data:
        raise fail('no "entities" list')
    for key, kind in (("entities", list), ("facts", list), ("documents", dict), ("prefixes", dict),
                      ("not_entities", list), ("wrong_class", list), ("in_text_citations", list)):
        if key in data and not isinstance(data[key], kind):
            raise fail(f'"{key}" must be a JSON {"list" if kind is list else "object"}')
    documents = {str(k): str(v) for k, v in data.get("documents", {}).items()}
    prefixes = {str(k): str(v) for k, v in data.get("prefixes", {}).items()}

    entities: list[GoldEntity] = []
    for i, raw in enumerate(data["entities"]):
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not raw["id"]:
            raise fail(f"entities[{i}] needs a string \"id\"")
        eid = raw["id"]
        if raw.get("class") not in CLASSES:
            raise fail(f"entity '{eid}' has class {raw.get('class')!r}; use one of {', '.join(CLASSES)}")
        label = raw.get("label")
        if label is not None and (not isinstance(label, str) or not normalise_name(label)):
            raise fail(f"entity '{eid}' has an empty or non-string \"label\"")
        aliases = raw.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise fail(f"entity '{eid}': \"aliases\" must be a list of strings")
        findable = raw.get("first_author") or raw.get("source_document")
        if label is None and (raw["class"] != "Publication" or not findable):
            raise fail(f"entity '{eid}' has no label; only a Publication may be untitled, "
                       "and then it needs \"first_author\" (and \"year\") or \"source_document\"")
        year = raw.get("year")
        entities.append(GoldEntity(
            id=eid, cls=raw["class"], label=label, aliases=tuple(aliases),
            documents=tuple(str(d) for d in raw.get("documents", [])), optional=bool(raw.get("optional")),
            kind=raw.get("kind"), first_author=raw.get("first_author") or None,
            year=None if year is None else str(year), source_document=raw.get("source_document") or None,
            note=raw.get("note"),
        ))
    ids = [e.id for e in entities]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise fail(f"entity id {dupes[0]!r} is used more than once")
    known = set(ids)
    for e in entities:
        if e.first_author and e.first_author not in known:
            raise fail(f"entity '{e.id}': first_author '{e.first_author}' is not an entity id")
        if e.source_document and e.source_document not in documents:
            raise fail(f"entity '{e.id}': source_document '{e.source_document}' is not a key of \"documents\"")

    facts: list[GoldFact] = []
    for i, raw in enumerate(data.get("facts", [])):
        if not isinstance(raw, dict) or not isinstance(raw.get("s"), str) or not isinstance(raw.get("p"), str):
            raise fail(f"facts[{i}] needs string \"s\" and \"p\"")
        name = f"fact {raw['s']} {raw['p']}"
        if raw["s"] not in known:
            raise fail(f"{name}: subject '{raw['s']}' is not an entity id")
        prefix = raw["p"].split(":", 1)[0]
        if "://" not in raw["p"] and (":" not in raw["p"] or (prefix not in prefixes and prefix not in PREFIXES)):
            raise fail(f"{name}: property must be a CURIE with a known prefix (dcterms:creator) or a full IRI")
        if ("o" in raw) == ("value" in raw):
            raise fail(f"{name}: give exactly one of \"o\" (an entity id) or \"value\" (a literal)")
        if "value" in raw and not isinstance(raw["value"], (str, int, float)):
            raise fail(f"{name}: \"value\" must be a string or a number")
        if "o" in raw and raw["o"] not in known:
            raise fail(f"{name}: object '{raw['o']}' is not an entity id")
        position = raw.get("position")
        if position is not None and (not isinstance(position, int) or isinstance(position, bool) or position < 1
                                     or "o" not in raw):
            raise fail(f"{name}: \"position\" is the author's place in the author list, a whole number from 1")
        value = str(raw["value"]) if "value" in raw else None
        facts.append(GoldFact(s=raw["s"], p=raw["p"], o=raw.get("o"), value=value, position=position))

    not_entities = data.get("not_entities", [])
    if not all(isinstance(x, str) for x in not_entities):
        raise fail('"not_entities" must be a list of strings')
    wrong: list[WrongClass] = []
    for raw in data.get("wrong_class", []):
        if not isinstance(raw, dict) or not isinstance(raw.get("label"), str) or raw.get("not") not in CLASSES:
            raise fail(f'each "wrong_class" entry is {{"label": "...", "not": "<class>"}}, not {raw!r:.60}')
        wrong.append(WrongClass(raw["label"], raw["not"]))
    return Gold(
        path=where, entities=entities, facts=facts, documents=documents, prefixes=prefixes,
        not_entities=list(not_entities), wrong_class=wrong,
        in_text_citations=list(data.get("in_text_citations", [])), about=str(data.get("about", "")),
    )


# ------------------------------------------------------------------------------------------ report


@dataclass
class ClassScore:
    """How one class fares: recall over required gold entities, precision over the graph's nodes."""

    cls: str
    found: list[str]                 # required gold entities matched
    missing: list[str]               # required gold entities not matched
    optional_found: list[str]        # optional ones present (they count as correct)
    graph_nodes: int                 # nodes of this class in the graph
    matched_nodes: int               # of those, nodes some gold entity matched
    extra: list[tuple[str, str]]     # (label, IRI) of nodes no gold entity matched
    split: list[tuple[str, list[str]]] = field(default_factory=list)   # gold id -> its several nodes
    merged: list[tuple[str, list[str]]] = field(default_factory=list)  # node -> the several gold ids

    @property
    def gold(self) -> int:
        return len(self.found) + len(self.missing)

    @property
    def recall(self) -> float:
        return len(self.found) / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.matched_nodes / self.graph_nodes if self.graph_nodes else 0.0


@dataclass
class FactScore:
    prop: str
    found: int
    total: int


@dataclass
class Summary:
    entity_recall: float
    entity_precision_named: float
    fact_recall: float
    author_order: tuple[int, int]
    traps: int
    triples: int
    split: int
    merged: int


@dataclass
class Report:
    classes: dict[str, ClassScore]
    facts: dict[str, FactScore]
    facts_missed: list[str]
    author_order: FactScore
    author_order_wrong: list[str]
    not_entities_present: list[str]
    wrong_class_present: list[str]
    summary: Summary


# ---------------------------------------------------------------------------------------- matching


def graph_names(graph: rdflib.Graph) -> dict[str, dict[Node, set[str]]]:
    """class -> {node: its normalised names} (labels, preferred and alternative labels, titles)."""
    out: dict[str, dict[Node, set[str]]] = {}
    for cls in CLASSES:
        props = [RDFS.label, SKOS.prefLabel, SKOS.altLabel] + ([DCTERMS.title] if cls == "Publication" else [])
        nodes = {}
        for node in set(graph.subjects(RDF.type, getattr(LKG, cls))):
            names = {normalise_name(o) for p in props for o in graph.objects(node, p)}
            nodes[node] = {n for n in names if n}
        out[cls] = nodes
    return out


def _first_authors(graph: rdflib.Graph, pub: Node) -> set[Node]:
    firsts = {graph.value(lst, RDF.first) for lst in graph.objects(pub, BIBO.authorList)} - {None}
    if not firsts:
        creators = set(graph.objects(pub, DCTERMS.creator))
        if len(creators) == 1:
            firsts = creators
    return firsts


def _author_order(graph: rdflib.Graph, pub: Node) -> list[Node]:
    """The authors of the publication's (first) bibo:authorList, in order."""
    lst = next(iter(graph.objects(pub, BIBO.authorList)), None)
    if lst is None:
        return []
    try:
        return list(Collection(graph, lst))
    except Exception:  # a malformed list has no order to check
        return []


def _carried_publications(graph: rdflib.Graph, stem: str) -> set[Node]:
    """What source documents whose IRI or literals mention `stem` carry (foaf:primaryTopic)."""
    out: set[Node] = set()
    for doc in graph.subjects(RDF.type, LKG.SourceDocument):
        text = " ".join(str(o) for _, o in graph.predicate_objects(doc) if isinstance(o, Literal)) + " " + str(doc)
        if stem in text:
            out |= set(graph.objects(doc, FOAF.primaryTopic))
    return out


def match_entities(graph: rdflib.Graph, gold: Gold, names: Mapping[str, Mapping[Node, set[str]]],
                   doc_names: Mapping[str, str] | None = None) -> dict[str, set[Node]]:
    """gold entity id -> the graph nodes that stand for it (empty when missing)."""
    matched: dict[str, set[Node]] = {e.id: set() for e in gold.entities}
    for e in gold.entities:
        keys = e.keys
        if keys:
            matched[e.id] = {n for n, have in names[e.cls].items() if have & keys}
    for e in gold.entities:  # untitled publications, through their first author's node and the year
        if e.label is not None or e.cls != "Publication" or not e.first_author:
            continue
        authors = matched.get(e.first_author, set())
        for pub in names["Publication"]:
            if not _first_authors(graph, pub) & authors:
                continue
            years = {str(o)[:4] for o in graph.objects(pub, DCTERMS.issued)}
            if (e.year is None and not years) or (e.year is not None and e.year in years):
                matched[e.id].add(pub)
    documents = {**gold.documents, **(doc_names or {})}
    for e in gold.entities:  # works known through the document that carries them
        if e.source_document:
            if e.source_document not in documents:
                raise SourceError(f"{gold.path}: entity '{e.id}': no file name for document '{e.source_document}'")
            stem = documents[e.source_document].rsplit(".", 1)[0]
            matched[e.id] |= _carried_publications(graph, stem)
    return matched


def _display(graph: rdflib.Graph, node: Node, names: set[str]) -> str:
    for prop in (RDFS.label, SKOS.prefLabel, DCTERMS.title):
        labels = sorted(str(o) for o in graph.objects(node, prop))
        if labels:
            return labels[0]
    return sorted(names)[0] if names else str(node)


def _fact_holds(graph: rdflib.Graph, gold: Gold, fact: GoldFact, matched: Mapping[str, set[Node]]) -> bool:
    prop = gold.expand(fact.p)
    subjects = matched[fact.s]
    if fact.o is None:
        want = _squash_value(fact.value or "")
        issued = prop == DCTERMS.issued
        return any(
            have == want or (issued and have[:4] == want)
            for s in subjects for have in (_squash_value(o) for o in graph.objects(s, prop))
        )
    objects = matched[fact.o]
    if any(set(graph.objects(s, prop)) & objects for s in subjects):
        return True
    if fact.p in TRANSITIVE:
        return any(set(graph.transitive_objects(s, prop)) & objects for s in subjects)
    return False


def evaluate(graph: rdflib.Graph, gold: Gold | str | os.PathLike,
             doc_names: Mapping[str, str] | None = None) -> Report:
    """Score `graph` against `gold` (a Gold or a gold file path).

    `doc_names` maps gold document keys to the file names the graph's source documents carry,
    when those differ from the gold's own "documents".
    """
    if not isinstance(gold, Gold):
        gold = load_gold(gold)
    names = graph_names(graph)
    matched = match_entities(graph, gold, names, doc_names)

    classes: dict[str, ClassScore] = {}
    for cls in CLASSES:
        golds = [e for e in gold.entities if e.cls == cls]
        nodes = names[cls]
        claimed = set().union(*(matched[e.id] for e in golds)) if golds else set()
        owners: dict[Node, list[str]] = defaultdict(list)
        for e in golds:
            for node in matched[e.id]:
                owners[node].append(e.id)
        classes[cls] = ClassScore(
            cls=cls,
            found=[e.display for e in golds if not e.optional and matched[e.id]],
            missing=[e.display for e in golds if not e.optional and not matched[e.id]],
            optional_found=[e.display for e in golds if e.optional and matched[e.id]],
            graph_nodes=len(nodes),
            matched_nodes=len(claimed & set(nodes)),
            extra=sorted((_display(graph, n, have), str(n)) for n, have in nodes.items() if n not in claimed),
            split=[(e.id, sorted(map(str, matched[e.id]))) for e in golds if len(matched[e.id]) > 1],
            merged=sorted((str(n), ids) for n, ids in owners.items() if len(ids) > 1),
        )

    per_prop: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    order = [0, 0]
    missed: list[str] = []
    order_wrong: list[str] = []
    for fact in gold.facts:
        ok = _fact_holds(graph, gold, fact, matched)
        per_prop[fact.p][0] += ok
        per_prop[fact.p][1] += 1
        if not ok:
            missed.append(fact.describe())
        elif fact.position is not None:  # author order is judged on the authorships found
            placed = any(
                len(authors) >= fact.position and authors[fact.position - 1] in matched.get(fact.o, set())
                for authors in (_author_order(graph, s) for s in matched[fact.s])
            )
            order[0] += placed
            order[1] += 1
            if not placed:
                order_wrong.append(f"{fact.describe()} at position {fact.position}")
    facts = {p: FactScore(p, *v) for p, v in sorted(per_prop.items())}

    by_name: dict[str, set[str]] = defaultdict(set)
    for cls, nodes in names.items():
        for have in nodes.values():
            for name in have:
                by_name[name].add(cls)
    not_present = [x for x in gold.not_entities if normalise_name(x) in by_name]
    wrong_present = [f"{w.label} as {w.not_class}" for w in gold.wrong_class
                     if w.not_class in by_name.get(normalise_name(w.label), set())]

    required = [e for e in gold.entities if not e.optional]
    named = [classes[c] for c in CLASSES if c not in UNNAMED]
    graph_named = sum(c.graph_nodes for c in named)
    fact_total = sum(f.total for f in facts.values())
    summary = Summary(
        entity_recall=sum(1 for e in required if matched[e.id]) / len(required) if required else 1.0,
        entity_precision_named=sum(c.matched_nodes for c in named) / graph_named if graph_named else 0.0,
        fact_recall=sum(f.found for f in facts.values()) / fact_total if fact_total else 1.0,
        author_order=(order[0], order[1]),
        traps=len(not_present) + len(wrong_present),
        triples=len(graph),
        split=sum(len(c.split) for c in classes.values()),
        merged=sum(len(c.merged) for c in classes.values()),
    )
    log.debug("scored %d triples against %s", len(graph), gold.path)
    return Report(classes, facts, missed, FactScore(AUTHOR_ORDER, *order), order_wrong,
                  not_present, wrong_present, summary)


def evaluate_files(graph_path: str | os.PathLike, gold_path: str | os.PathLike, *,
                   rename: str | os.PathLike | None = None, docs: str | os.PathLike | None = None) -> Report:
    """Load a graph file (kg.store.load_graph), a gold file and the optional rename/docs files; score."""
    from kg.triplestore import load_rdflib as load_graph

    gold = load_gold(gold_path, rename)
    doc_names = load_doc_names(docs) if docs else None
    return evaluate(load_graph(graph_path), gold, doc_names)


HEADLINE = ("entity_recall", "entity_precision_named", "fact_recall")


def below_threshold(report: Report, threshold: float) -> list[str]:
    """The headline figures under `threshold` (as shown, to 3 places), e.g. ["fact_recall 0.812 < 0.9"]."""
    out = []
    for name in HEADLINE:
        value = round(getattr(report.summary, name), 3)
        if value < threshold:
            out.append(f"{name} {value:.3f} < {threshold:g}")
    return out


# ------------------------------------------------------------------------------------------ output


def report_json(report: Report) -> dict[str, Any]:
    """The report as plain JSON data; figures rounded to 3 places, keys as in score.py's --json."""
    s = report.summary
    return {
        "classes": {
            c.cls: {
                "gold": c.gold, "found": len(c.found), "recall": round(c.recall, 3),
                "graph_nodes": c.graph_nodes, "matched_nodes": c.matched_nodes, "precision": round(c.precision, 3),
                "found_entities": c.found, "missing": c.missing, "optional_found": c.optional_found,
                "extra": [{"label": label, "node": node} for label, node in c.extra],
                "split": [{"id": gid, "nodes": nodes} for gid, nodes in c.split],
                "merged": [{"node": node, "gold": ids} for node, ids in c.merged],
            }
            for c in report.classes.values()
        },
        "facts": {**{p: f"{f.found}/{f.total}" for p, f in report.facts.items()},
                  AUTHOR_ORDER: f"{report.author_order.found}/{report.author_order.total}"},
        "facts_missed": report.facts_missed,
        "author_order_wrong": report.author_order_wrong,
        "not_entities_present": report.not_entities_present,
        "wrong_class_present": report.wrong_class_present,
        "summary": {
            "entity_recall": round(s.entity_recall, 3),
            "entity_precision_named": round(s.entity_precision_named, 3),
            "fact_recall": round(s.fact_recall, 3),
            "author_order": f"{s.author_order[0]}/{s.author_order[1]}",
            "traps": s.traps, "triples": s.triples, "split": s.split, "merged": s.merged,
        },
    }


def _listing(items: list[str], limit: int = 10) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f", ... (+{len(items) - limit} more)" if len(items) > limit else "")


def format_report(report: Report, limit: int = 10) -> str:
    """A readable table: classes, then what is missing, extra, split or merged, then facts and traps."""
    lines = [f"{'class':<13} {'recall':>15}   {'precision':>16}  {'split':>5} {'merged':>6}"]
    for c in report.classes.values():
        lines.append(f"{c.cls:<13} {len(c.found):>5}/{c.gold:<3} {c.recall:.3f}   "
                     f"{c.matched_nodes:>5}/{c.graph_nodes:<4} {c.precision:.3f}  {len(c.split):>5} {len(c.merged):>6}")
    sections = [
        ("Missing (in the gold, not in the graph)", {c.cls: c.missing for c in report.classes.values()}),
        ("Extra (graph nodes no gold entity matches)",
         {c.cls: [label for label, _ in c.extra] for c in report.classes.values()}),
        ("Optional entities present (counted as correct)",
         {c.cls: c.optional_found for c in report.classes.values()}),
        ("Split (one gold entity, several nodes)",
         {c.cls: [f"{gid} -> {len(nodes)} nodes" for gid, nodes in c.split] for c in report.classes.values()}),
        ("Merged (one node, several gold entities)",
         {c.cls: [f"{node} <- {' + '.join(ids)}" for node, ids in c.merged] for c in report.classes.values()}),
    ]
    for title, per_class in sections:
        rows = {cls: items for cls, items in per_class.items() if items}
        if rows:
            lines += ["", title + ":"]
            lines += [f"  {cls + ':':<13} {_listing(items, limit)}" for cls, items in rows.items()]

    lines += ["", f"{'fact':<22} {'found':>9}"]
    for f in [*report.facts.values(), report.author_order]:
        lines.append(f"{f.prop:<22} {f.found:>5}/{f.total:<3}")
    if report.facts_missed:
        lines += ["", "Missed facts:"] + [f"  {m}" for m in report.facts_missed[: limit * 3]]
        if len(report.facts_missed) > limit * 3:
            lines.append(f"  ... (+{len(report.facts_missed) - limit * 3} more)")
    if report.author_order_wrong:
        lines += ["", "Authors out of order:"] + [f"  {m}" for m in report.author_order_wrong]
    if report.not_entities_present or report.wrong_class_present:
        lines += ["", "Traps present:"]
        lines += [f"  not an entity: {x}" for x in report.not_entities_present]
        lines += [f"  wrong class:   {x}" for x in report.wrong_class_present]

    s = report.summary
    lines += ["", f"entity_recall={s.entity_recall:.3f} entity_precision_named={s.entity_precision_named:.3f} "
                  f"fact_recall={s.fact_recall:.3f} author_order={s.author_order[0]}/{s.author_order[1]} "
                  f"traps={s.traps} split={s.split} merged={s.merged} triples={s.triples}"]
    return "\n".join(line.rstrip() for line in lines)
