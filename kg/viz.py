"""Draw the graph as one self-contained HTML page that opens offline.

Entities become nodes (colour and shape by class, size by degree), the contract's relation
properties become edges labelled from the ontology, and every tooltip carries the evidence
quotes behind an edge. pyvis builds the node and edge records; the page itself is kg's own
template with vis-network, the style and the script inlined, so it asks no other host for
anything. Same graph, same options -> the same bytes.

    html = render_html(load_graph("graphs/leadership.ttl"), focus="Maria Lind", depth=2)
"""
from __future__ import annotations

import base64
import difflib
import hashlib
import html
import json
import logging
import math
import re
import string
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Iterable, Sequence

import numpy as np
import rdflib
from pyvis.network import Network
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kg import __version__
from kg.errors import EntityNotFound, KGError, QueryError
from kg.model import CLASSES, PUBLICATION_KINDS
from kg.namespaces import LKG, compact, expand
from kg.namespaces import RELATIONS as RELATION_CURIES
from kg.query import run_query
from kg.store import write_atomic

log = logging.getLogger(__name__)

DEFAULT_TITLE = "Leadership knowledge graph"

#: the contract's entity -> entity relations, in the order an edge lists them
RELATIONS: tuple[URIRef, ...] = tuple(expand(curie) for curie in RELATION_CURIES)

#: the class of a node a CONSTRUCT query returns that is no entity of the contract
OTHER = "Other"


@dataclass(frozen=True)
class ClassStyle:
    shape: str
    color: str


#: vis-network shape and fill colour per class (Tableau 10, readable on white)
CLASS_STYLES: dict[str, ClassStyle] = {
    "Person": ClassStyle("dot", "#4e79a7"),
    "Organisation": ClassStyle("square", "#f28e2b"),
    "Country": ClassStyle("diamond", "#59a14f"),
    "Place": ClassStyle("triangle", "#8cd17d"),
    "Programme": ClassStyle("star", "#e15759"),
    "Concept": ClassStyle("hexagon", "#b07aa1"),
    "Publication": ClassStyle("triangleDown", "#76b7b2"),
    "Journal": ClassStyle("square", "#9c755f"),
    OTHER: ClassStyle("dot", "#bab0ac"),
}

#: above this many nodes the page gets positions computed here and opens with physics off
PHYSICS_MAX_NODES = 300
LAYOUT_SEED = 7
#: pixels: the typical gap between related nodes in a computed layout, and between unrelated ones on their grid
NODE_SPACING = 30.0
GRID_SPACING = 80.0
#: evidence quotes shown per relation in a tooltip (the details panel repeats the tooltip)
QUOTES_PER_RELATION = 3
QUOTE_CHARS = 280
LIST_ITEMS = 8


# ---------------------------------------------------------------- plain data the page is drawn from

@dataclass(frozen=True)
class Quote:
    """One evidence quote behind an edge."""

    text: str
    document: str
    extractor: str
    confidence: str


@dataclass(frozen=True)
class VizNode:
    iri: str
    label: str
    cls: str
    kind: str | None = None
    aliases: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()


@dataclass(frozen=True)
class VizEdge:
    source: str
    target: str
    predicate: str
    evidence: tuple[Quote, ...] = ()


@dataclass
class View:
    """What one page draws: nodes by IRI and edges between them (one per triple)."""

    nodes: dict[str, VizNode]
    edges: list[VizEdge]
    focus: tuple[str, ...] = ()

    def induced(self, keep: Iterable[str]) -> "View":
        keep = set(keep) & set(self.nodes)
        return View(
            {iri: self.nodes[iri] for iri in sorted(keep)},
            [e for e in self.edges if e.source in keep and e.target in keep],
            tuple(f for f in self.focus if f in keep),
        )


@dataclass(frozen=True)
class HtmlPage:
    """What `write_html` wrote."""

    path: Path
    nodes: int
    edges: int
    size: int


@dataclass(frozen=True)
class _Page:
    html: str
    nodes: int
    edges: int


# ---------------------------------------------------------------- public API

def render_html(
    graph: rdflib.Graph,
    *,
    focus: str | None = None,
    depth: int = 1,
    classes: Sequence[str] | None = None,
    query: str | None = None,
    query_source: str = "query",
    title: str = DEFAULT_TITLE,
    by_year: bool = False,
    years: tuple[int, int] | None = None,
) -> str:
    """The graph as one offline HTML page.

    `query`: a SPARQL CONSTRUCT whose result is drawn instead of the whole graph (labels,
    classes and evidence still come from `graph`; `query_source` names it in errors);
    `classes`: keep only these classes; `focus`/`depth`: keep the entities within `depth`
    relations of the one named `focus`; `by_year`: colour each entity by the year it first appears
    (`first_years`), `years`: keep only the entities that first appear in that span (a time slice).
    """
    return _render(
        graph, focus=focus, depth=depth, classes=classes, query=query, query_source=query_source, title=title,
        by_year=by_year, years=years,
    ).html


def write_html(graph: rdflib.Graph, path: str | Path, **kw) -> HtmlPage:
    """`render_html(graph, **kw)` written atomically to `path`; returns what was drawn."""
    page = _render(graph, **kw)
    data = page.html.encode("utf-8")
    written = write_atomic(path, data)
    return HtmlPage(written, page.nodes, page.edges, len(data))


def entity_view(graph: rdflib.Graph) -> View:
    """Every entity of the contract and every relation triple between two of them."""
    graphs = (graph,)
    classes = _classes_of(graphs)
    facts = _Facts(graphs)
    nodes = {iri: _describe(facts, iri, cls, kind) for iri, (cls, kind) in classes.items()}
    evidence = _evidence_index(graph, facts)
    edges = []
    for prop in RELATIONS:
        for s, o in graph.subject_objects(prop):
            if str(s) in nodes and str(o) in nodes:
                edges.append(VizEdge(str(s), str(o), str(prop), evidence.get((str(s), str(prop), str(o)), ())))
    return View(dict(sorted(nodes.items())), sorted(set(edges), key=_edge_key))


def construct_view(graph: rdflib.Graph, query: str, source: str = "query") -> View:
    """The graph a SPARQL CONSTRUCT query returns, described with `graph`'s labels and evidence."""
    result = run_construct(graph, query, source)
    graphs = (graph, result)
    skip = {str(s) for g in graphs for cls in (LKG.SourceDocument, LKG.Evidence) for s in g.subjects(RDF.type, cls)}
    classes = _classes_of(graphs)
    facts = _Facts(graphs)
    evidence = _evidence_index(graph, facts)
    iris: set[str] = set()
    edges: set[VizEdge] = set()
    for s, p, o in result:
        if not isinstance(s, URIRef) or str(s) in skip:
            continue
        iris.add(str(s))
        if isinstance(o, URIRef) and p != RDF.type and str(o) not in skip:
            iris.add(str(o))
            edges.add(VizEdge(str(s), str(o), str(p), evidence.get((str(s), str(p), str(o)), ())))
    nodes = {iri: _describe(facts, iri, *classes.get(iri, (OTHER, None))) for iri in sorted(iris)}
    return View(nodes, sorted(edges, key=_edge_key))


def run_construct(graph: rdflib.Graph, query: str, source: str = "query") -> rdflib.Graph:
    """Run a SPARQL CONSTRUCT on `graph` through kg.query (read-only, no SERVICE or FROM, time limit).

    Any other query form is refused with a QueryError.
    """
    result = run_query(graph, query, source=source)
    if result.kind != "CONSTRUCT":
        raise QueryError(
            f"{source}: the query is {result.kind}, not CONSTRUCT; kg viz --query draws the graph a "
            "CONSTRUCT returns: write it as CONSTRUCT { ?a ?p ?b } WHERE { ... }"
        )
    return result.graph()


def project(view: View, classes: Sequence[str]) -> View:
    """Only the nodes of `classes` (case-insensitive names of the contract's classes)."""
    wanted = {_class_name(c) for c in classes if c.strip()}
    if not wanted:
        raise KGError(f"no class given; name one or more of {', '.join(CLASSES)}, e.g. Person,Programme")
    return View(
        {iri: n for iri, n in view.nodes.items() if n.cls in wanted},
        [e for e in view.edges if view.nodes[e.source].cls in wanted and view.nodes[e.target].cls in wanted],
        view.focus,
    )


def ego(view: View, name: str, depth: int = 1) -> View:
    """The entities within `depth` relations (either direction) of the entity named `name`."""
    if depth < 0:
        raise KGError(f"depth {depth} is negative; give 0 for the entity alone, 1 for its neighbours, ...")
    centres = find_entities(view, name)
    neighbours: dict[str, set[str]] = defaultdict(set)
    for e in view.edges:
        neighbours[e.source].add(e.target)
        neighbours[e.target].add(e.source)
    seen, frontier = set(centres), set(centres)
    for _ in range(depth):
        frontier = {n for f in frontier for n in neighbours[f]} - seen
        seen |= frontier
    out = view.induced(seen)
    out.focus = tuple(centres)
    return out


def find_entities(view: View, name: str) -> list[str]:
    """IRIs of the entities whose label (else alias) equals `name`, ignoring case."""
    found = _names(view, name)
    if found:
        return found
    key = _fold(name)
    names = sorted({n.label for n in view.nodes.values()} | {a for n in view.nodes.values() for a in n.aliases})
    folded = {_fold(x): x for x in reversed(names)}
    close = [folded[c] for c in difflib.get_close_matches(key, list(folded), n=3, cutoff=0.6)]
    close += [x for f, x in sorted(folded.items()) if key and key in f and x not in close][: 3 - len(close)]
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise EntityNotFound(
        f"no entity named {name!r} in the graph{hint} (--focus matches a label or alias, ignoring case)"
    )


def _names(view: View, name: str) -> list[str]:
    key = _fold(name)
    by_label = sorted(iri for iri, n in view.nodes.items() if _fold(n.label) == key)
    return by_label or sorted(iri for iri, n in view.nodes.items() if key in {_fold(a) for a in n.aliases})


# ---------------------------------------------------------------- reading the graph

def _classes_of(graphs: Sequence[rdflib.Graph]) -> dict[str, tuple[str, str | None]]:
    """IRI -> (class, publication kind) for every typed entity."""
    by_type = {LKG[c]: (c, None) for c in CLASSES}
    by_type.update({LKG[k]: ("Publication", k) for k in PUBLICATION_KINDS})
    found: dict[str, set[tuple[str, str | None]]] = defaultdict(set)
    for g in graphs:
        for s, o in g.subject_objects(RDF.type):
            if isinstance(s, URIRef) and o in by_type:
                found[str(s)].add(by_type[o])
    out = {}
    for iri, kinds in found.items():
        cls = min((c for c, _ in kinds), key=CLASSES.index)
        subs = sorted((k for c, k in kinds if c == cls and k), key=PUBLICATION_KINDS.index)
        out[iri] = (cls, subs[0] if subs else None)
    return out


class _Facts:
    """Bulk look-ups over one or more graphs: the values of a few properties by subject.

    One scan per property instead of one store call per entity: rdflib's per-call cost
    dominates on graphs of 100,000 triples.
    """

    PROPS = (
        RDFS.label, SKOS.prefLabel, DCTERMS.title, SKOS.altLabel, PROV.wasDerivedFrom, LKG.path,
        RDF.subject, RDF.predicate, RDF.object, LKG.source, LKG.start, LKG.quote, LKG.extractor, LKG.confidence,
    )

    def __init__(self, graphs: Sequence[rdflib.Graph]):
        self.values: dict[URIRef, dict[str, set]] = {p: defaultdict(set) for p in self.PROPS}
        for g in graphs:
            for prop in self.PROPS:
                table = self.values[prop]
                for s, o in g.subject_objects(prop):
                    table[str(s)].add(o)
        self.documents: dict[str, str] = {}

    def texts(self, iri: str, prop: URIRef) -> list[str]:
        """The literal values, on one line each, sorted."""
        return sorted({_oneline(str(o)) for o in self.values[prop].get(iri, ()) if isinstance(o, Literal)})

    def one(self, iri: str, prop: URIRef):
        """One value (the least, for determinism), or None."""
        found = self.values[prop].get(iri)
        return min(found, key=lambda o: (type(o).__name__, str(o))) if found else None

    def document(self, doc: str) -> str:
        """A source document's file name: the last part of lkg:path, else its label, else its IRI's."""
        if doc not in self.documents:
            path, label = self.texts(doc, LKG.path), self.texts(doc, RDFS.label)
            name = PurePosixPath(path[0].replace("\\", "/")).name if path else (label[0] if label else "")
            self.documents[doc] = name or _local_name(doc)
        return self.documents[doc]


def _describe(facts: _Facts, iri: str, cls: str, kind: str | None) -> VizNode:
    label = ""
    for prop in (RDFS.label, SKOS.prefLabel, DCTERMS.title):
        values = [v for v in facts.texts(iri, prop) if v]
        if values:
            label = values[0]
            break
    label = label or _local_name(iri)
    aliases = tuple(a for a in facts.texts(iri, SKOS.altLabel) if a and a != label)
    documents = tuple(sorted({facts.document(str(d)) for d in facts.values[PROV.wasDerivedFrom].get(iri, ())}))
    return VizNode(iri, label, cls, kind, aliases, documents)


def _evidence_index(graph: rdflib.Graph, facts: _Facts) -> dict[tuple[str, str, str], tuple[Quote, ...]]:
    """(subject, predicate, object) -> the quotes of the lkg:Evidence nodes stating it."""
    found: dict[tuple[str, str, str], set[tuple]] = defaultdict(set)
    for node in graph.subjects(RDF.type, LKG.Evidence):
        ev = str(node)
        s, p, o = (facts.one(ev, prop) for prop in (RDF.subject, RDF.predicate, RDF.object))
        if s is None or p is None or o is None:
            continue
        source, start, confidence = (facts.one(ev, prop) for prop in (LKG.source, LKG.start, LKG.confidence))
        quote = Quote(
            " ".join(facts.texts(ev, LKG.quote)),
            facts.document(str(source)) if source is not None else "",
            " ".join(facts.texts(ev, LKG.extractor)),
            str(confidence) if confidence is not None else "",
        )
        order = int(start) if isinstance(start, Literal) and str(start).isdigit() else 0
        found[(str(s), str(p), str(o))].add((quote.document, order, quote))
    # a total order (document, offset, then every field of the quote), so pages are byte-identical
    return {key: tuple(q for *_, q in sorted(v, key=lambda t: (t[0], t[1], t[2].text, t[2].extractor, t[2].confidence))) for key, v in found.items()}


@lru_cache(maxsize=1)
def _ontology() -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(data=resources.files("kg").joinpath("ontology/leadership.ttl").read_text("utf-8"), format="turtle")
    return g


@lru_cache(maxsize=256)
def property_label(iri: str) -> str:
    """The ontology's English rdfs:label of a property, else its local name."""
    labels = sorted(
        (0 if getattr(o, "language", None) == "en" else 1, str(o))
        for o in _ontology().objects(URIRef(iri), RDFS.label)
    )
    return labels[0][1] if labels else _local_name(iri)


@lru_cache(maxsize=64)
def _kind_label(kind: str) -> str:
    return property_label(str(LKG[kind]))


def _class_name(name: str) -> str:
    by_fold = {c.casefold(): c for c in CLASSES}
    cls = by_fold.get(name.strip().casefold())
    if cls is None:
        raise KGError(f"unknown class {name.strip()!r}; valid classes: {', '.join(CLASSES)}")
    return cls


def _local_name(iri: str) -> str:
    return re.split(r"[#/:]", iri.rstrip("/#"))[-1] or iri


def _oneline(text: str) -> str:
    return " ".join(text.split())


def _fold(text: str) -> str:
    return _oneline(text).casefold()


_RANK = {str(p): i for i, p in enumerate(RELATIONS)}


def _edge_key(e: VizEdge) -> tuple:
    return (e.source, e.target, _RANK.get(e.predicate, len(RELATIONS)), e.predicate)


# ---------------------------------------------------------------- layout for large graphs

def layout(view: View, seed: int = LAYOUT_SEED) -> dict[str, tuple[int, int]] | None:
    """Fixed positions in pixels for graphs above PHYSICS_MAX_NODES, else None (the browser lays out).

    Nodes with relations get a seeded Fruchterman-Reingold layout in numpy (`_force_layout`:
    networkx's spring_layout is dense O(n^2) below 500 nodes, 2 s at 480, and needs scipy
    above). Nodes without relations go on a grid below, so they neither crowd the drawing nor
    ring it.
    """
    n = len(view.nodes)
    if n <= PHYSICS_MAX_NODES:
        return None
    ids = sorted(view.nodes)
    index = {iri: i for i, iri in enumerate(ids)}
    pairs = sorted({tuple(sorted((index[e.source], index[e.target]))) for e in view.edges if e.source != e.target})
    linked = sorted({i for pair in pairs for i in pair})
    pos = np.zeros((n, 2))
    if linked:
        local = {node: k for k, node in enumerate(linked)}
        sub = [(local[a], local[b]) for a, b in pairs]
        arr = _force_layout(len(linked), sub, seed)
        arr -= arr.mean(axis=0)
        radius = float(np.sqrt((arr ** 2).sum(axis=1).mean())) or 1.0
        pos[linked] = arr * (NODE_SPACING * math.sqrt(len(linked)) / radius)
    alone = sorted(set(range(n)) - set(linked))
    if alone:
        top = float(pos[linked, 1].max()) + 2 * GRID_SPACING if linked else 0.0
        cols = math.ceil(math.sqrt(3 * len(alone)))
        for k, i in enumerate(alone):
            pos[i] = ((k % cols - (cols - 1) / 2) * GRID_SPACING, top + (k // cols) * GRID_SPACING)
    return {iri: (int(round(x)), int(round(y))) for iri, (x, y) in zip(ids, pos.tolist())}


def _force_layout(
    n: int, pairs: list[tuple[int, int]], seed: int, iterations: int = 60, far: int = 48, near: int = 8,
) -> np.ndarray:
    """Fruchterman-Reingold in O(n) per step: each node is pushed by a random sample of all nodes
    (the far field, weighted up to stand for all of them) and by its neighbours along a Morton
    curve (the near field, which keeps nodes from piling up)."""
    rng = np.random.default_rng(seed)
    pos = rng.uniform(-1.0, 1.0, size=(n, 2)) * math.sqrt(n)
    edges = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    src, dst = edges[:, 0], edges[:, 1]
    far = min(far, n - 1)
    offsets = np.concatenate([-np.arange(1, near + 1), np.arange(1, near + 1)])
    temperature = math.sqrt(n) / 4
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        disp = _repulsion(pos, rng.integers(0, n, size=(n, far)), floor=4.0) * ((n - 1) / far)
        order = np.argsort(_morton(pos), kind="stable")
        rank = np.empty(n, dtype=np.int64)
        rank[order] = np.arange(n)
        disp += _repulsion(pos, order[np.clip(rank[:, None] + offsets, 0, n - 1)], floor=1e-2)
        delta = pos[src] - pos[dst]
        pull = delta * np.sqrt((delta ** 2).sum(axis=1))[:, None]
        for axis in (0, 1):
            disp[:, axis] += np.bincount(dst, pull[:, axis], minlength=n) - np.bincount(src, pull[:, axis], minlength=n)
        disp -= 0.05 * pos
        length = np.maximum(np.sqrt((disp ** 2).sum(axis=1)), 1e-9)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    return pos


def _repulsion(pos: np.ndarray, others: np.ndarray, floor: float, block: int = 512) -> np.ndarray:
    """Sum over each row of `others` of the push k^2/d (k = 1) away from those nodes.

    Works in blocks of rows so the temporaries stay in cache (one pass over 5,000 x 48 pairs at
    once is several times slower, bound by memory).
    """
    x, y = pos[:, 0].copy(), pos[:, 1].copy()
    out = np.empty_like(pos)
    for lo in range(0, len(pos), block):
        rows = others[lo:lo + block]
        dx = x[lo:lo + block, None] - x[rows]
        dy = y[lo:lo + block, None] - y[rows]
        inv = 1.0 / np.maximum(dx * dx + dy * dy, floor)
        out[lo:lo + block, 0] = (dx * inv).sum(axis=1)
        out[lo:lo + block, 1] = (dy * inv).sum(axis=1)
    return out


def _morton(pos: np.ndarray) -> np.ndarray:
    """Z-order codes of 2-D points: points close on the curve are close in the plane."""
    low, high = pos.min(axis=0), pos.max(axis=0)
    q = ((pos - low) / np.maximum(high - low, 1e-9) * 65535).astype(np.uint64)

    def spread(v: np.ndarray) -> np.ndarray:
        v = (v | (v << np.uint64(8))) & np.uint64(0x00FF00FF)
        v = (v | (v << np.uint64(4))) & np.uint64(0x0F0F0F0F)
        v = (v | (v << np.uint64(2))) & np.uint64(0x33333333)
        return (v | (v << np.uint64(1))) & np.uint64(0x55555555)

    return spread(q[:, 0]) | (spread(q[:, 1]) << np.uint64(1))


# ---------------------------------------------------------------- the page

class _IdList(list):
    """pyvis keeps node ids in a list and scans it on every add; this list answers `in` from a set."""

    def __init__(self) -> None:
        super().__init__()
        self._members: set = set()

    def append(self, item) -> None:
        super().append(item)
        self._members.add(item)

    def __contains__(self, item) -> bool:
        return item in self._members


class _Compact(dict):
    """IRI -> its CURIE, computed once per IRI."""

    def __missing__(self, iri: str) -> str:
        self[iri] = compact(iri)
        return self[iri]


def _network(view: View, positions: dict[str, tuple[int, int]] | None,
             colours: dict[str, str] | None = None) -> Network:
    """pyvis records for the view: one node per entity, one edge per ordered pair of entities; `colours`
    (by IRI) replaces the class colours (the shapes still say the class)."""
    net = Network(directed=True)
    net.node_ids = _IdList()
    short = _Compact()
    pairs: dict[tuple[str, str], list[VizEdge]] = defaultdict(list)
    for e in view.edges:
        pairs[(e.source, e.target)].append(e)
    degree: Counter = Counter()
    for s, t in pairs:
        degree[s] += 1
        degree[t] += 1
    focus = set(view.focus)
    for iri, node in view.nodes.items():
        style = CLASS_STYLES[node.cls]
        extra: dict = {"cls": node.cls, "size": round(10 + 4 * math.sqrt(degree[iri]), 1)}
        if node.aliases:
            extra["aliases"] = list(node.aliases)
        if iri in focus:
            extra.update(borderWidth=4, focus=True)
        if positions:
            extra["x"], extra["y"] = positions[iri]
        fill = colours[iri] if colours else style.color
        net.add_node(
            short[iri], label=node.label, title=_node_tip(node, degree[iri]),
            shape=style.shape, color={"background": fill, "border": _darker(fill)}, **extra,
        )
    for i, ((s, t), edges) in enumerate(sorted(pairs.items())):
        net.add_edge(
            short[s], short[t], id=f"e{i}",
            label=", ".join(property_label(e.predicate) for e in edges),
            title=_edge_tip(view.nodes[s], view.nodes[t], edges),
            predicates=[short[e.predicate] for e in edges],
        )
    return net


def _node_tip(node: VizNode, degree: int) -> str:
    lines = [node.label, f"{node.cls} ({_kind_label(node.kind)})" if node.kind else node.cls]
    if node.aliases:
        lines.append("Also called: " + _clip_list(node.aliases, "; "))
    if node.documents:
        lines.append("Documents: " + _clip_list(node.documents, ", "))
    lines.append(f"{degree} connection{'s' if degree != 1 else ''}")
    return "\n".join(lines)


def _edge_tip(source: VizNode, target: VizNode, edges: list[VizEdge]) -> str:
    lines = [f"{source.label} → {target.label}"]
    for e in edges:
        lines.append(f"{property_label(e.predicate)}:")
        if not e.evidence:
            lines.append("  (no evidence recorded)")
        for q in e.evidence[:QUOTES_PER_RELATION]:
            text = q.text if len(q.text) <= QUOTE_CHARS else q.text[: QUOTE_CHARS - 1].rstrip() + "…"
            lines.append(f"  “{text}”")
            lines.append("    — " + " · ".join(x for x in (q.document, q.extractor, q.confidence) if x))
        if len(e.evidence) > QUOTES_PER_RELATION:
            lines.append(f"  … and {len(e.evidence) - QUOTES_PER_RELATION} more")
    return "\n".join(lines)


def _clip_list(items: Sequence[str], sep: str) -> str:
    shown = sep.join(items[:LIST_ITEMS])
    return shown + (f" (+{len(items) - LIST_ITEMS} more)" if len(items) > LIST_ITEMS else "")


def _darker(color: str, factor: float = 0.7) -> str:
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * factor) for c in (r, g, b)))


def _render(
    graph: rdflib.Graph,
    *,
    focus: str | None = None,
    depth: int = 1,
    classes: Sequence[str] | None = None,
    query: str | None = None,
    query_source: str = "query",
    title: str = DEFAULT_TITLE,
    by_year: bool = False,
    years: tuple[int, int] | None = None,
) -> _Page:
    view = construct_view(graph, query, query_source) if query is not None else entity_view(graph)
    first = first_years(graph, view) if by_year or years else {}
    if years is not None:
        view = view.induced(iri for iri, year in first.items() if years[0] <= year <= years[1])
    if classes is not None:
        whole, view = view, project(view, classes)
        if focus is not None and not _names(view, focus):
            for iri in _names(whole, focus):
                cls = whole.nodes[iri].cls
                raise EntityNotFound(f"{focus!r} is a {cls}, which --classes leaves out; add {cls} to the classes")
    if focus is not None:
        view = ego(view, focus, depth)
    return _draw(view, title, first)


def write_view_html(view: View, path: str | Path, *, title: str = DEFAULT_TITLE,
                    years: dict[str, int] | None = None) -> HtmlPage:
    """A View made elsewhere (a bibliometric network, kg.bibliometrics.network_view) drawn as the same
    offline page; `years` (by IRI) colours its nodes by year slice."""
    page = _draw(view, title, years or {})
    data = page.html.encode("utf-8")
    return HtmlPage(write_atomic(path, data), page.nodes, page.edges, len(data))


def _draw(view: View, title: str, first: dict[str, int]) -> _Page:
    positions = layout(view)
    slices = year_slices(sorted({first[i] for i in view.nodes if i in first})) if first else []
    net = _network(view, positions, {i: _slice_colour(slices, first[i]) if i in first else NO_YEAR
                                     for i in view.nodes} if first else None)
    present = [c for c in (*CLASSES, OTHER) if any(n.cls == c for n in view.nodes.values())]
    data = {
        "physics": positions is None,
        "nodes": net.nodes,
        "edges": net.edges,
    }
    log.debug("drawing %d nodes and %d edges", len(net.nodes), len(net.edges))
    counts = Counter(n.cls for n in view.nodes.values())
    return _Page(_page(title, data, present, counts, slices), len(net.nodes), len(net.edges))


def script_json(obj) -> str:
    """JSON safe inside a <script> element: no '<', '>', '&' or line separators survive raw."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for raw in "&<>\u2028\u2029":
        text = text.replace(raw, f"\\u{ord(raw):04x}")
    return text


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    text = resources.files("kg").joinpath(f"viz_assets/{name}").read_text("utf-8")
    if name.endswith(".js"):
        # the page has no source map to offer; and a script must never close its own element
        text = re.sub(r"^//# sourceMappingURL=.*$", "", text, flags=re.M).rstrip() + "\n"
        text = re.sub(r"</(script)", r"<\\/\1", text, flags=re.I)
    return text


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def _page(title: str, data: dict, present: list[str], counts: Counter, slices: list[tuple[int, int, str]] = ()) -> str:
    vis_js, app_js = _asset("vis-network.min.js"), _asset("kg-viz.js")
    csp = (
        "default-src 'none'; "
        f"script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}; "
        "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
    )
    n, m = len(data["nodes"]), len(data["edges"])
    template = string.Template(_asset("page.html"))
    return template.substitute(
        csp=html.escape(csp, quote=False),
        title=html.escape(_oneline(title) or DEFAULT_TITLE),
        generator=html.escape(f"kg {__version__}"),
        counts=f"{n} node{'s' if n != 1 else ''} · {m} edge{'s' if m != 1 else ''}",
        legend="\n".join([*(_legend_item(c, counts[c]) for c in present),
                           *(_year_item(a, b, colour) for a, b, colour in slices)]),
        css=_asset("kg-viz.css"),
        data=script_json(data),
        vis_js=vis_js,
        app_js=app_js,
    )


_SWATCH = {
    "dot": '<circle cx="7" cy="7" r="6"/>',
    "square": '<rect x="1.5" y="1.5" width="11" height="11"/>',
    "diamond": '<polygon points="7,0.5 13.5,7 7,13.5 0.5,7"/>',
    "triangle": '<polygon points="7,1 13.5,13 0.5,13"/>',
    "triangleDown": '<polygon points="0.5,1 13.5,1 7,13"/>',
    "hexagon": '<polygon points="7,0.5 12.6,3.8 12.6,10.2 7,13.5 1.4,10.2 1.4,3.8"/>',
    "star": '<polygon points="7,0.5 8.8,5 13.5,5.2 9.8,8.2 11.1,13 7,10.3 2.9,13 4.2,8.2 0.5,5.2 5.2,5"/>',
}


# ---------------------------------------------------------------- time slices (kg viz --by-year)

#: sequential colours for year slices, earliest first (viridis, readable on white); grey: no year known
YEAR_COLOURS = ("#440154", "#414487", "#2a788e", "#22a884", "#7ad151", "#fde725")
NO_YEAR = "#d3d3d3"


def first_years(graph: rdflib.Graph, view: View) -> dict[str, int]:
    """The year each entity of the view first appears: a publication's own year (dcterms:issued), any other
    entity's the earliest year of the publications it is linked to by an edge of the view."""
    from rdflib.namespace import DCTERMS

    first: dict[str, int] = {}
    for pub, issued in graph.subject_objects(DCTERMS.issued):
        if str(pub) in view.nodes and str(issued)[:4].isdigit():
            year = int(str(issued)[:4])
            first[str(pub)] = min(year, first.get(str(pub), year))
    published = dict(first)
    for e in view.edges:
        for a, b in ((e.source, e.target), (e.target, e.source)):
            if a in published and b not in published:
                first[b] = min(published[a], first.get(b, published[a]))
    return first


def year_slices(years: Sequence[int]) -> list[tuple[int, int, str]]:
    """At most len(YEAR_COLOURS) spans of years of equal width covering `years`, each with its colour.

    >>> [(a, b) for a, b, _ in year_slices([2001, 2004, 2010])]
    [(2001, 2002), (2003, 2004), (2005, 2006), (2007, 2008), (2009, 2010)]
    """
    if not years:
        return []
    lo, hi = min(years), max(years)
    width = max(1, -(-(hi - lo + 1) // len(YEAR_COLOURS)))
    spans = [(a, min(a + width - 1, hi)) for a in range(lo, hi + 1, width)]
    return [(a, b, YEAR_COLOURS[round(i * (len(YEAR_COLOURS) - 1) / max(1, len(spans) - 1))])
            for i, (a, b) in enumerate(spans)]


def _slice_colour(slices: list[tuple[int, int, str]], year: int) -> str:
    return next((colour for a, b, colour in slices if a <= year <= b), NO_YEAR)


def _year_item(a: int, b: int, colour: str) -> str:
    span = str(a) if a == b else f"{a}–{b}"
    return (f'<li class="kg-year"><svg class="kg-swatch" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" '
            f'fill="{colour}">{_SWATCH["dot"]}</svg> <span class="kg-year-span">{span}</span></li>')


def _legend_item(cls: str, count: int) -> str:
    style = CLASS_STYLES[cls]
    name = html.escape(cls)
    return (
        f'<li class="kg-class" data-class="{name}"><label>'
        f'<input type="checkbox" checked value="{name}"> '
        f'<svg class="kg-swatch" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" '
        f'fill="{style.color}" stroke="{_darker(style.color)}">{_SWATCH[style.shape]}</svg> '
        f'<span class="kg-class-name">{name}</span> <span class="kg-count">{count}</span></label></li>'
    )
