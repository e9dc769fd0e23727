"""Network analysis of a built graph: the entity projection and what can be measured on it.

Every reader that wants the graph as a network (stats, paths, the visualisation, GraphML/GEXF/CSV/
VOSviewer export) starts from `project`, so "what is a node, what is an edge" is decided once:
nodes are the entities of CONTRACT.md (persons, organisations, countries, places, programmes,
concepts, publications, journals), edges are the entity-to-entity relation triples. Source
documents and evidence nodes are not entities; they explain edges (see `evidence_index`).

Everything here is deterministic: nodes and edges are added in sorted order, ties are broken by
label then IRI, and Louvain runs with a fixed seed.

>>> from kg.store import load_graph
>>> g = project(load_graph("tests/fixtures/mini.ttl"))     # doctest: +SKIP
>>> g.nodes["https://w3id.org/leadership-kg/id/person/ada-lovelace"]["cls"]  # doctest: +SKIP
'Person'
"""
from __future__ import annotations

import itertools
import json
import logging
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Iterable, NamedTuple

import networkx as nx
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from kg.errors import AmbiguousName, EntityNotFound, KGError
from kg.model import CLASSES, PUBLICATION_KINDS
from kg.namespaces import LKG, RELATIONS, compact, expand
from kg.triplestore import GraphStore

log = logging.getLogger(__name__)

#: seed for Louvain community detection, so communities (and VOSviewer clusters) repeat exactly
LOUVAIN_SEED = 42

#: betweenness is exact up to this many entities, above it estimated from BETWEENNESS_SAMPLE sources
EXACT_BETWEENNESS_UP_TO = 1000
BETWEENNESS_SAMPLE = 300

#: the relation properties that become edges of the projection (CONTRACT.md, "Properties")

#: short readable names for predicates, used in paths, explanations and edge labels
PREDICATE_LABELS: dict[str, str] = {
    "dcterms:creator": "has author", "bibo:editor": "has editor", "dcterms:isPartOf": "is part of",
    "dcterms:publisher": "published by", "cito:cites": "cites", "dcterms:subject": "is about",
    "dcterms:spatial": "is set in", "lkg:locatedIn": "is located in", "lkg:partOf": "is part of",
    "lkg:affiliation": "is affiliated with", "lkg:organisedBy": "is organised by",
    "lkg:fundedBy": "is funded by", "lkg:participant": "has participant",
    "skos:broader": "has broader concept", "skos:related": "is related to",
    "dcterms:title": "title", "dcterms:issued": "issued", "bibo:doi": "DOI", "bibo:isbn": "ISBN",
    "bibo:authorList": "author list", "bibo:volume": "volume", "bibo:issue": "issue",
    "bibo:pageStart": "first page", "bibo:pageEnd": "last page", "foaf:familyName": "family name",
    "foaf:givenName": "given name", "skos:inScheme": "in scheme",
}

_CLASS_OF: dict[URIRef, str] = {getattr(LKG, name): name for name in CLASSES}
_KIND_OF: dict[URIRef, str] = {getattr(LKG, name): name for name in PUBLICATION_KINDS}
_NAME_PREDICATES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)


@dataclass(frozen=True)
class EntityInfo:
    """One entity of the graph: its IRI, display label, class and (for publications) kind."""

    iri: str
    label: str
    cls: str
    kind: str = ""


@dataclass(frozen=True)
class EvidenceRecord:
    """One lkg:Evidence node: where in which document a fact is stated."""

    quote: str
    document: str
    document_iri: str
    start: int | None
    end: int | None
    extractor: str
    confidence: float | None
    iri: str


class Step(NamedTuple):
    """One fact on a path: subject -predicate-> object, with the quote and document that state it."""

    subject: str
    predicate: str
    object: str
    quote: str | None
    source: str | None


@dataclass
class Ranked:
    """An entity with a score (degree, betweenness)."""

    label: str
    cls: str
    iri: str
    value: float


@dataclass
class Stats:
    """What `kg stats` reports about a graph."""

    triples: int
    documents: int
    evidence: int
    entities: int
    relations: int
    classes: dict[str, int]
    kinds: dict[str, int]
    properties: dict[str, int]
    most_connected: list[Ranked] = field(default_factory=list)
    betweenness: list[Ranked] = field(default_factory=list)
    component_count: int = 0
    components: list[int] = field(default_factory=list)
    communities: list[list[str]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)


# ------------------------------------------------------------------------------------------ names

def _first(values: Iterable) -> str | None:
    texts = sorted(str(v) for v in values)
    return texts[0] if texts else None


def local_name(iri: str) -> str:
    """The last segment of an IRI: `.../person/ada-lovelace` -> `ada-lovelace`."""
    return re.split(r"[/#]", str(iri).rstrip("/#"))[-1]


def label_of(graph: rdflib.Graph, node) -> str:
    """The display name of any node: rdfs:label, else skos:prefLabel, else the IRI's last segment."""
    if isinstance(node, Literal):
        return str(node)
    for pred in (RDFS.label, SKOS.prefLabel):
        found = _first(graph.objects(node, pred))
        if found is not None:
            return found
    path = _first(graph.objects(node, LKG.path))
    if path is not None:
        return path.replace("\\", "/").rsplit("/", 1)[-1]
    return local_name(node) if isinstance(node, URIRef) else str(node)


def predicate_label(curie: str) -> str:
    """A readable name for a predicate CURIE: `lkg:organisedBy` -> `is organised by`."""
    if curie in PREDICATE_LABELS:
        return PREDICATE_LABELS[curie]
    local = curie.split(":", 1)[-1] if ":" in curie and not curie.startswith("http") else local_name(curie)
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local).lower()


def _norm(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", str(name)).casefold().split())


# ---------------------------------------------------------------------------------------- entities

def entities(graph: rdflib.Graph) -> dict[URIRef, EntityInfo]:
    """Every entity of the graph (a node typed with one of the contract's entity classes).

    A publication's `cls` is `Publication` whichever subclass is asserted; `kind` names the
    subclass (`JournalArticle`, `Report`, ...) or is "" when only lkg:Publication is asserted.
    """
    found: dict[URIRef, EntityInfo] = {}
    typed: dict[URIRef, set[URIRef]] = defaultdict(set)
    for cls in itertools.chain(_CLASS_OF, _KIND_OF):
        for node in graph.subjects(RDF.type, cls):
            if isinstance(node, URIRef):
                typed[node].add(cls)
    for node in sorted(typed):
        types = typed[node]
        kinds = sorted(_KIND_OF[t] for t in types if t in _KIND_OF)
        cls = "Publication" if kinds else next(name for name in CLASSES if getattr(LKG, name) in types)
        found[node] = EntityInfo(str(node), label_of(graph, node), cls, kinds[0] if kinds else "")
    return found


def names_of(graph: rdflib.Graph, node) -> list[str]:
    """Every name of a node (rdfs:label, skos:prefLabel, skos:altLabel), sorted, without repeats."""
    return sorted({str(v) for pred in _NAME_PREDICATES for v in graph.objects(node, pred)})


def match_entities(graph: rdflib.Graph, name: str, ents: dict[URIRef, EntityInfo] | None = None) -> list[EntityInfo]:
    """The entities a name denotes, best tier only.

    Tiers: an IRI or CURIE (`lkr:person/ada-lovelace`); else entities whose rdfs:label equals the name
    (case-insensitively, spaces collapsed); else those with an equal skos:prefLabel/altLabel.
    """
    ents = entities(graph) if ents is None else ents
    text = name.strip()
    candidates = [text]
    if ":" in text and not text.startswith("http"):
        try:
            candidates.append(str(expand(text)))
        except (KeyError, AttributeError, ValueError):
            pass
    by_iri = {info.iri: info for info in ents.values()}
    for iri in candidates:
        if iri in by_iri:
            return [by_iri[iri]]
    key = _norm(text)
    by_label = [e for e in ents.values() if _norm(e.label) == key]
    if by_label:
        return by_label
    return [e for node, e in ents.items() if any(_norm(n) == key for n in names_of(graph, node))]


def suggest(graph: rdflib.Graph, name: str, ents: dict[URIRef, EntityInfo] | None = None, limit: int = 3) -> list[str]:
    """Labels of the entities whose names are closest to `name` (fuzzy), best first."""
    ents = entities(graph) if ents is None else ents
    choices: list[tuple[str, str]] = []  # (normalised name, entity label)
    for node, info in ents.items():
        for n in names_of(graph, node) or [info.label]:
            choices.append((_norm(n), info.label))
    scored: list[tuple[float, str]] = []
    try:
        from rapidfuzz import fuzz

        scored = [(fuzz.WRatio(_norm(name), n), label) for n, label in choices]
        cutoff = 70.0
    except ImportError:  # pragma: no cover - rapidfuzz is a dependency; difflib is the fallback
        import difflib

        scored = [(100 * difflib.SequenceMatcher(None, _norm(name), n).ratio(), label) for n, label in choices]
        cutoff = 60.0
    best: dict[str, float] = {}
    for score, label in scored:
        if score >= cutoff and score > best.get(label, -1):
            best[label] = score
    return [label for label, _ in sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))][:limit]


def find_entity(graph: rdflib.Graph, name: str, ents: dict[URIRef, EntityInfo] | None = None) -> EntityInfo:
    """The one entity a name denotes; raises EntityNotFound (with suggestions) or AmbiguousName."""
    ents = entities(graph) if ents is None else ents
    found = match_entities(graph, name, ents)
    if len(found) == 1:
        return found[0]
    if not found:
        close = suggest(graph, name, ents)
        hint = (f"did you mean {', '.join(repr(c) for c in close)}?" if close
                else "list the entities with `kg stats GRAPH` or `kg query`")
        raise EntityNotFound(
            f"no entity named {name!r} in the graph (names match rdfs:label or skos:altLabel, ignoring case); {hint}"
        )
    found = sorted(found, key=lambda e: (e.label, e.iri))
    listed = "; ".join(f"{e.label} ({e.cls}, {compact(e.iri)})" for e in found)
    raise AmbiguousName(f"{name!r} names {len(found)} entities: {listed}; pass a fuller name or one of these IRIs",
                        found)


# ---------------------------------------------------------------------------------------- evidence

def document_name(graph: rdflib.Graph, doc) -> str:
    """A source document's file name (its rdfs:label, else the last part of lkg:path, else the IRI)."""
    return label_of(graph, doc)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _float(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def evidence_index(graph: rdflib.Graph) -> dict[tuple, list[EvidenceRecord]]:
    """(subject, predicate, object) -> the evidence stating it, sorted by document, offset, extractor."""
    index: dict[tuple, list[EvidenceRecord]] = defaultdict(list)
    for ev in graph.subjects(RDF.type, LKG.Evidence):
        s, p, o = (graph.value(ev, prop) for prop in (RDF.subject, RDF.predicate, RDF.object))
        if s is None or p is None or o is None:
            continue
        sources = sorted(graph.objects(ev, LKG.source)) or [None]
        for src in sources:
            index[(s, p, o)].append(EvidenceRecord(
                quote=str(graph.value(ev, LKG.quote) or ""),
                document=document_name(graph, src) if src is not None else "",
                document_iri=str(src) if src is not None else "",
                start=_int(graph.value(ev, LKG.start)),
                end=_int(graph.value(ev, LKG.end)),
                extractor=str(graph.value(ev, LKG.extractor) or ""),
                confidence=_float(graph.value(ev, LKG.confidence)),
                iri=str(ev),
            ))
    for records in index.values():
        records.sort(key=lambda r: (r.document, r.start if r.start is not None else -1, r.end or -1, r.extractor, r.iri))
    return dict(index)


# -------------------------------------------------------------------------------------- projection

def _class_filter(classes: set[str] | None) -> set[str] | None:
    if classes is None:
        return None
    valid = set(CLASSES) | set(PUBLICATION_KINDS)
    wanted = {local_name(c.split(":", 1)[-1]) if ":" in c else c for c in classes}
    unknown = sorted(wanted - valid)
    if unknown:
        raise KGError(f"unknown class {unknown[0]!r}; available: {', '.join(CLASSES + PUBLICATION_KINDS)}")
    return wanted


def _property_filter(properties: set[str] | None) -> list[str]:
    if properties is None:
        return list(RELATIONS)
    wanted = {compact(p) for p in properties}
    unknown = sorted(wanted - set(RELATIONS))
    if unknown:
        raise KGError(f"unknown relation property {unknown[0]!r}; available: {', '.join(RELATIONS)}")
    return sorted(wanted)


def project(
    graph: rdflib.Graph, *, classes: set[str] | None = None, properties: set[str] | None = None
) -> nx.MultiDiGraph:
    """The graph as a network of entities: the one projection every analysis and export uses.

    Nodes are entity IRIs (strings) with attributes `label`, `cls` (Person, Organisation, Country,
    Place, Programme, Concept, Publication, Journal), `kind` (the Publication subclass, else "") and
    `iri`. Edges follow the relation triples between two entities (`RELATIONS`), keyed by the
    predicate CURIE, with attributes `predicate` (CURIE), `label` (readable) and `evidence` (how many
    evidence nodes back the triple). `classes` keeps only nodes of those classes (a class name,
    `lkg:` CURIE or Publication kind); `properties` keeps only those relations (CURIEs or IRIs).
    """
    wanted_classes = _class_filter(classes)
    preds = _property_filter(properties)
    ents = entities(graph)
    evidence = evidence_index(graph)
    net = nx.MultiDiGraph()
    for node, info in ents.items():  # already sorted by IRI
        if wanted_classes is None or info.cls in wanted_classes or info.kind in wanted_classes:
            net.add_node(info.iri, label=info.label, cls=info.cls, kind=info.kind, iri=info.iri)
    edges = []
    for curie in preds:
        pred = expand(curie)
        for s, o in graph.subject_objects(pred):
            if str(s) in net and str(o) in net:
                edges.append((str(s), str(o), curie, len(evidence.get((s, pred, o), ()))))
    for s, o, curie, n_evidence in sorted(edges):
        net.add_edge(s, o, key=curie, predicate=curie, label=predicate_label(curie), evidence=n_evidence)
    return net


def undirected(net: nx.MultiDiGraph) -> nx.Graph:
    """The projection as a simple undirected graph; `weight` counts the relations between two nodes."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(net.nodes(data=True)))
    weights: Counter = Counter()
    for u, v in net.edges():
        if u != v:
            weights[tuple(sorted((u, v)))] += 1
    for (u, v), w in sorted(weights.items()):
        simple.add_edge(u, v, weight=w)
    return simple


def communities(net: nx.MultiDiGraph | nx.Graph) -> list[list[str]]:
    """Louvain communities (fixed seed) as sorted lists of node ids, largest first, ties by first id."""
    simple = undirected(net) if net.is_multigraph() or net.is_directed() else net
    if simple.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(simple, weight="weight", seed=LOUVAIN_SEED)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))


# ------------------------------------------------------------------------------------------- stats

def _ranked(net: nx.MultiDiGraph, scores: dict[str, float], top: int) -> list[Ranked]:
    rows = [Ranked(net.nodes[n]["label"], net.nodes[n]["cls"], n, v) for n, v in scores.items()]
    rows.sort(key=lambda r: (-r.value, r.label.casefold(), r.label, r.iri))
    return rows[:top]


def stats(graph: rdflib.Graph | GraphStore, *, top: int = 10) -> Stats:
    """Counts and network measures of a graph (an rdflib graph or a kg store).

    Triples; entities per class (all eight classes, zeros included) and per Publication kind;
    triples per predicate (CURIE, most used first); source documents; evidence nodes; the `top`
    entities by degree (relations in and out) and by betweenness centrality (normalised, on the
    undirected projection; estimated from a fixed-seed sample of sources above
    EXACT_BETWEENNESS_UP_TO entities); connected component sizes; Louvain communities (labels).
    On a store the counts are SPARQL aggregates run by Oxigraph and the network is built from the
    entities and relations a CONSTRUCT returns.
    """
    if top < 0:
        raise KGError(f"--top must be 0 or more, not {top}")
    if isinstance(graph, GraphStore):
        from kg.query import run_query

        def count(query: str) -> int:
            rows = run_query(graph, query, timeout=STORE_TIMEOUT, source="kg stats").rows
            return int(rows[0][0]) if rows else 0

        props = run_query(graph, "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p",
                          timeout=STORE_TIMEOUT, source="kg stats").rows
        return _stats(project(analysis_graph(graph, evidence=False)), top, triples=len(graph),
                      documents=count("SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a lkg:SourceDocument }"),
                      evidence=count("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a lkg:Evidence }"),
                      prop_counts=Counter({compact(p): int(n) for p, n in props}))
    return _stats(project(graph), top, triples=len(graph),
                  documents=len(set(graph.subjects(RDF.type, LKG.SourceDocument))),
                  evidence=len(set(graph.subjects(RDF.type, LKG.Evidence))),
                  prop_counts=Counter(compact(p) for p in graph.predicates(unique=False)))


def _stats(net: nx.MultiDiGraph, top: int, *, triples: int, documents: int, evidence: int,
           prop_counts: Counter) -> Stats:
    simple = undirected(net)
    class_counts = Counter(d["cls"] for _, d in net.nodes(data=True))
    kind_counts = Counter(d["kind"] for _, d in net.nodes(data=True) if d["kind"])
    n = simple.number_of_nodes()
    sample = None if n <= EXACT_BETWEENNESS_UP_TO else BETWEENNESS_SAMPLE
    between = nx.betweenness_centrality(simple, k=sample, normalized=True, seed=LOUVAIN_SEED) if n else {}
    components = sorted((len(c) for c in nx.connected_components(simple)), reverse=True)
    return Stats(
        triples=triples,
        documents=documents,
        evidence=evidence,
        entities=net.number_of_nodes(),
        relations=net.number_of_edges(),
        classes={name: class_counts.get(name, 0) for name in CLASSES},
        kinds=dict(sorted(kind_counts.items())),
        properties=dict(sorted(prop_counts.items(), key=lambda kv: (-kv[1], kv[0]))),
        most_connected=_ranked(net, dict(net.degree()), top),
        betweenness=_ranked(net, {n: round(v, 6) for n, v in between.items()}, top),
        component_count=len(components),
        components=components,
        communities=[sorted((net.nodes[n]["label"] for n in c), key=lambda t: (t.casefold(), t))
                     for c in communities(simple)],
    )


def format_stats(st: Stats) -> str:
    """`kg stats` as readable text."""
    lines = [
        f"{st.triples} triples, {st.entities} entities, {st.relations} relations between them, "
        f"{st.documents} source documents, {st.evidence} evidence nodes",
        "",
        "Entities per class:",
    ]
    for name, n in st.classes.items():
        lines.append(f"  {name:<14} {n:>6}")
        if name == "Publication":  # its kinds, under it
            lines += [f"    {kind:<16} {k:>4}" for kind, k in st.kinds.items()]
    lines += ["", "Triples per property:"]
    lines += [f"  {name:<24} {n:>6}" for name, n in st.properties.items()]
    lines += ["", "Most connected (relations in and out):"]
    lines += [f"  {r.value:>4.0f}  {r.label} ({r.cls})" for r in st.most_connected] or ["  (none)"]
    lines += ["", "Betweenness centrality (bridges between parts of the graph):"]
    lines += [f"  {r.value:.3f}  {r.label} ({r.cls})" for r in st.betweenness] or ["  (none)"]
    sizes = ", ".join(str(n) for n in st.components[:20]) + (" ..." if len(st.components) > 20 else "")
    lines += ["", f"Connected components: {st.component_count} (sizes {sizes or '-'})"]
    lines += ["", f"Communities (Louvain): {len(st.communities)}"]
    for i, members in enumerate(st.communities, 1):
        shown = "; ".join(members[:8]) + (f"; ... (+{len(members) - 8})" if len(members) > 8 else "")
        lines.append(f"  {i:>3}. [{len(members)}] {shown}")
    return "\n".join(lines)


# ------------------------------------------------------------------------------ derived networks

def _weighted(graph: rdflib.Graph, pred: URIRef, cls: str) -> nx.Graph:
    """Entities of `cls` linked when one publication points at both through `pred`."""
    ents = entities(graph)
    by_pub: dict[URIRef, set[URIRef]] = defaultdict(set)
    for pub, target in graph.subject_objects(pred):
        if pub in ents and ents[pub].cls == "Publication" and target in ents and ents[target].cls == cls:
            by_pub[pub].add(target)
    counts: Counter = Counter()
    pairs: Counter = Counter()
    for members in by_pub.values():
        counts.update(members)
        pairs.update(itertools.combinations(sorted(members), 2))
    net = nx.Graph()
    for node in sorted(counts):
        info = ents[node]
        net.add_node(info.iri, label=info.label, cls=info.cls, iri=info.iri, publications=counts[node])
    for (u, v), w in sorted(pairs.items()):
        net.add_edge(str(u), str(v), weight=w)
    return net


def coauthorship(graph: rdflib.Graph) -> nx.Graph:
    """Persons who authored (dcterms:creator) a publication; edge `weight` = publications shared.

    Node attributes: label, cls, iri, publications (how many they authored).
    """
    return _weighted(graph, DCTERMS.creator, "Person")


def concept_cooccurrence(graph: rdflib.Graph) -> nx.Graph:
    """Concepts that are a dcterms:subject of some publication; edge `weight` = publications about both.

    Node attributes: label, cls, iri, publications (how many publications are about it).
    """
    return _weighted(graph, DCTERMS.subject, "Concept")


# ------------------------------------------------------------------------------------------- paths

def shortest_paths(graph: rdflib.Graph | GraphStore, a: str, b: str, *, max_paths: int = 3) -> list[list[Step]]:
    """The shortest chains of facts linking two named entities, at most `max_paths`, each with evidence.

    Names match rdfs:label or skos:altLabel case-insensitively (or pass an IRI/CURIE). Edges are
    walked in either direction; each Step states the fact in its own direction with the first
    quote and document backing it (None when no evidence was recorded). Returns [] when nothing
    links the two, [[]] when both names denote the same entity. Paths are ordered by their labels.
    """
    if max_paths < 1:
        raise KGError(f"max_paths must be 1 or more, not {max_paths}")
    if isinstance(graph, GraphStore):
        graph = analysis_graph(graph, evidence=True)
    ents = entities(graph)
    start, goal = find_entity(graph, a, ents), find_entity(graph, b, ents)
    if start.iri == goal.iri:
        return [[]]
    net = project(graph)
    simple = undirected(net)
    try:
        found = list(itertools.islice(nx.all_shortest_paths(simple, start.iri, goal.iri), 1000))
    except nx.NetworkXNoPath:
        return []
    found.sort(key=lambda path: ([net.nodes[n]["label"] for n in path], path))
    evidence = evidence_index(graph)
    return [[_step(graph, net, evidence, u, v) for u, v in zip(path, path[1:])] for path in found[:max_paths]]


def _step(graph: rdflib.Graph, net: nx.MultiDiGraph, evidence: dict, u: str, v: str) -> Step:
    options = []
    for s, o in ((u, v), (v, u)):
        for curie in net.get_edge_data(s, o, default={}):
            records = evidence.get((URIRef(s), expand(curie), URIRef(o)), [])
            options.append((not records, curie, s != u, s, o, records))
    _, curie, _, s, o, records = min(options, key=lambda t: t[:3])
    first = records[0] if records else None
    return Step(
        net.nodes[s]["label"], predicate_label(curie), net.nodes[o]["label"],
        first.quote if first else None, first.document if first else None,
    )


def format_paths(paths: list[list[Step]], a: str, b: str) -> str:
    """`kg path` as readable text: each chain of facts with the quote and document behind each."""
    if not paths:
        return f"No chain of facts links {a!r} and {b!r}."
    if paths == [[]]:
        return f"{a!r} and {b!r} name the same entity."
    lines: list[str] = []
    for i, path in enumerate(paths, 1):
        lines.append(f"Path {i} ({len(path)} step{'s' if len(path) != 1 else ''}):")
        for step in path:
            lines.append(f"  {step.subject} --{step.predicate}--> {step.object}")
            if step.quote:
                lines.append(f"      \"{' '.join(step.quote.split())}\" ({step.source})")
            else:
                lines.append("      (no evidence recorded)")
        lines.append("")
    return "\n".join(lines).rstrip()


__all__ = [
    "AmbiguousName", "EntityInfo", "EvidenceRecord", "LOUVAIN_SEED", "PREDICATE_LABELS", "RELATIONS",
    "Ranked", "Stats", "Step", "communities", "concept_cooccurrence", "coauthorship", "document_name",
    "entities", "evidence_index", "find_entity", "format_paths", "format_stats", "label_of", "match_entities",
    "names_of", "predicate_label", "project", "shortest_paths", "stats", "suggest", "undirected",
]


# ------------------------------------------------------------------------------------------ stores

#: seconds each of the queries that read a store for an analysis may take
STORE_TIMEOUT = 300.0

_ENTITY_TYPES = " ".join(f"<{c}>" for c in itertools.chain(_CLASS_OF, _KIND_OF))
_RELATION_IRIS = " ".join(f"<{expand(c)}>" for c in RELATIONS)

#: every entity with its types and names
ENTITIES_QUERY = f"""CONSTRUCT {{ ?e a ?c . ?e ?np ?n }} WHERE {{
  ?e a ?c . VALUES ?c {{ {_ENTITY_TYPES} }}
  OPTIONAL {{ ?e ?np ?n . VALUES ?np {{ rdfs:label skos:prefLabel skos:altLabel }} }}
}}"""
#: the relation triples, and the source documents' names
RELATIONS_QUERY = f"""CONSTRUCT {{ ?s ?p ?o . ?d a lkg:SourceDocument ; ?dp ?dv }} WHERE {{
  {{ ?s ?p ?o . VALUES ?p {{ {_RELATION_IRIS} }} }}
  UNION {{ ?d a lkg:SourceDocument ; ?dp ?dv . VALUES ?dp {{ rdfs:label lkg:path }} }}
}}"""
#: the evidence behind the relation triples
EVIDENCE_QUERY = f"""CONSTRUCT {{ ?ev ?q ?v }} WHERE {{
  ?ev a lkg:Evidence ; rdf:predicate ?p ; ?q ?v .
  VALUES ?p {{ {_RELATION_IRIS} }}
  VALUES ?q {{ rdf:type rdf:subject rdf:predicate rdf:object lkg:source lkg:quote lkg:start lkg:end
              lkg:extractor lkg:confidence }}
}}"""


def analysis_graph(store: GraphStore, *, evidence: bool = True) -> rdflib.Graph:
    """What the projection, paths and stats read, taken from a store by CONSTRUCT queries Oxigraph
    answers: entities with their types and names, relations, documents' names and (with
    `evidence`) the evidence of every relation; not documents' text, mentions or other literals."""
    from kg.query import run_query
    from kg.store import bind_prefixes

    graph = bind_prefixes(rdflib.Graph())
    for query in (ENTITIES_QUERY, RELATIONS_QUERY) + ((EVIDENCE_QUERY,) if evidence else ()):
        for triple in run_query(store, query, timeout=STORE_TIMEOUT, source="analysis").triples:
            graph.add(triple)
    return graph
