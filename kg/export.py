"""Write a graph in the formats other tools read: RDF for triple stores, networks for Gephi and VOSviewer.

RDF formats (ttl, nt, trig, jsonld, xml) carry every triple. Network formats (graphml, gexf, csv,
vosviewer) carry the entity projection of `kg.analysis.project`: entities as nodes, relations as
edges. Output is deterministic: triples are written in sorted order and blank nodes (the RDF lists
of bibo:authorList) get labels computed from their content, so one graph always gives the same bytes.

>>> export(graph, "ttl", "out/leadership.ttl")        # doctest: +SKIP
>>> export(graph, "csv", "out/leadership-csv")        # doctest: +SKIP  (a folder: nodes.csv, edges.csv)
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import os
import re
import warnings
from collections import Counter, defaultdict
from pathlib import Path
from typing import Callable

import networkx as nx
import rdflib
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.namespace import PROV, RDF

from kg.analysis import communities, project, undirected
from kg.errors import GraphFormatError
from kg.namespaces import LKG, PREFIXES
from kg.store import bind_prefixes, write_atomic

log = logging.getLogger(__name__)

#: every format `export` writes, in the order help texts list them
FORMATS: tuple[str, ...] = ("ttl", "nt", "trig", "jsonld", "xml", "graphml", "gexf", "csv", "vosviewer")
#: other spellings users type
ALIASES = {"turtle": "ttl", "ntriples": "nt", "n-triples": "nt", "json-ld": "jsonld", "rdf": "xml", "rdfxml": "xml"}
#: formats that write several files; `path` is then a folder and these are the file names in it
MULTI_FILE: dict[str, tuple[str, ...]] = {"csv": ("nodes.csv", "edges.csv"), "vosviewer": ("map.txt", "network.txt")}
#: the usual file suffix of each single-file format
SUFFIXES = {"ttl": ".ttl", "nt": ".nt", "trig": ".trig", "jsonld": ".jsonld", "xml": ".rdf",
            "graphml": ".graphml", "gexf": ".gexf"}
#: the VOSviewer map file's columns (tab separated, https://www.vosviewer.com/ manual, "Map file")
#: the most clusters a VOSviewer map may have (its clusters are numbered 1 to 1000)
VOSVIEWER_CLUSTERS = 1000
VOSVIEWER_COLUMNS = ("id", "label", "description", "cluster", "weight<Links>", "weight<Total link strength>",
                     "weight<Occurrences>")


def normalise_format(fmt: str) -> str:
    """The canonical name of an export format; GraphFormatError listing the valid ones otherwise."""
    name = (fmt or "").strip().lower()
    name = ALIASES.get(name, name)
    if name not in FORMATS:
        raise GraphFormatError(f"unknown export format {fmt!r}; available: {', '.join(FORMATS)}")
    return name


# ------------------------------------------------------------------------------------------- RDF

def _term_key(term) -> tuple:
    if isinstance(term, Literal):
        return (2, str(term), str(term.datatype or ""), term.language or "")
    return (1 if isinstance(term, BNode) else 0, str(term), "", "")


def _triple_key(triple) -> tuple:
    return tuple(_term_key(t) for t in triple)


def _bnode_labels(triples: list[tuple]) -> dict[BNode, BNode]:
    """Deterministic labels for blank nodes, computed from what surrounds them.

    Colour refinement: a node's colour starts from the triples it takes part in (predicates and
    named neighbours) and is re-hashed with its blank neighbours' colours until the partition stops
    splitting, so each cell of an RDF list is told apart by its position and the list's owner. Nodes
    left with one colour are interchangeable, so numbering them in any order gives the same output.
    (rdflib.compare canonicalises too, but takes minutes on thousands of author lists.)
    """
    around: dict[BNode, list[tuple[str, str, object]]] = defaultdict(list)
    for s, p, o in triples:
        if isinstance(s, BNode):
            around[s].append(("out", p.n3(), o))
        if isinstance(o, BNode):
            around[o].append(("in", p.n3(), s))
    colours = {node: "" for node in around}
    classes = 1
    for _ in range(len(around) + 1):
        colours = {
            node: hashlib.sha256("|".join([colours[node]] + sorted(
                f"{d} {p} {colours[x] if isinstance(x, BNode) else x.n3()}" for d, p, x in edges
            )).encode("utf-8")).hexdigest()
            for node, edges in around.items()
        }
        if len(set(colours.values())) == classes:
            break
        classes = len(set(colours.values()))
    groups: dict[str, list[BNode]] = defaultdict(list)
    for node, colour in colours.items():
        groups[colour].append(node)
    labels: dict[BNode, BNode] = {}
    for colour, members in groups.items():
        for i, node in enumerate(sorted(members)):
            labels[node] = BNode(f"b{colour[:20]}" + (f"x{i}" if len(members) > 1 else ""))
    return labels


def canonical_triples(graph: rdflib.Graph) -> list[tuple]:
    """The graph's triples, sorted, with blank nodes relabelled from their content (RDF lists)."""
    triples = list(graph)
    labels = _bnode_labels([t for t in triples if isinstance(t[0], BNode) or isinstance(t[2], BNode)])
    if labels:
        triples = [tuple(labels.get(term, term) for term in t) for t in triples]
    return sorted(triples, key=_triple_key)


class _SortedGraph(rdflib.Graph):
    """A graph whose subjects and predicate-objects iterate sorted, for serializers that walk a set
    (rdflib's RDF/XML writer), so the output bytes do not depend on hash order."""

    def subjects(self, predicate=None, object=None, unique=False):  # noqa: A002 - rdflib's signature
        return iter(sorted(set(super().subjects(predicate, object)), key=_term_key))

    def predicate_objects(self, subject=None, unique=False):
        return iter(sorted(set(super().predicate_objects(subject)), key=lambda po: tuple(map(_term_key, po))))


class _SortedDataset(Dataset):
    """A dataset whose named graphs iterate sorted by name, for a deterministic TriG writer."""

    def contexts(self, triple=None):
        return iter(sorted(super().contexts(triple), key=lambda g: _term_key(g.identifier)))


def _canonical_graph(graph: rdflib.Graph, cls: type[rdflib.Graph] = rdflib.Graph) -> rdflib.Graph:
    out = bind_prefixes(cls())
    for triple in canonical_triples(graph):
        out.add(triple)
    return out


def _ttl(graph: rdflib.Graph) -> str:
    return _canonical_graph(graph).serialize(format="turtle")


def _nt(graph: rdflib.Graph) -> str:
    lines = sorted(line for line in _canonical_graph(graph).serialize(format="nt").splitlines() if line.strip())
    return "\n".join(lines) + "\n"


def _xml(graph: rdflib.Graph) -> str:
    return _canonical_graph(graph, _SortedGraph).serialize(format="xml")


def _jsonld(graph: rdflib.Graph) -> str:
    context = {prefix: str(ns) for prefix, ns in sorted(PREFIXES.items())}
    text = _canonical_graph(graph).serialize(format="json-ld", context=context, auto_compact=True)
    data = json.loads(text)
    if isinstance(data, dict) and isinstance(data.get("@graph"), list):
        data["@graph"].sort(key=lambda node: json.dumps(node, sort_keys=True, ensure_ascii=False))
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def document_graphs(graph: rdflib.Graph) -> dict[str, list[tuple]]:
    """Which named graph each triple goes to in TriG: graph IRI ("" = default graph) -> triples.

    One graph per source document, named by the lkg:SourceDocument IRI. An evidence node's triples go
    to the graph of its lkg:source; a document's own description to its graph; an entity's
    `prov:wasDerivedFrom D` to D's graph; a relation backed by evidence to the graphs of the evidence's
    documents; any other triple of an entity to the graphs of all documents it was derived from;
    everything else (ontology, concept scheme, entities without documents) to the default graph.
    A triple that points at a blank node (an RDF list) goes, with the list, to one graph only (the
    first by IRI), so the list reads back as one list.
    """
    triples = canonical_triples(graph)
    docs = {str(d) for d in graph.subjects(RDF.type, LKG.SourceDocument)}
    evidence_sources: dict = defaultdict(set)
    stated_in: dict = defaultdict(set)
    for ev in graph.subjects(RDF.type, LKG.Evidence):
        sources = {str(src) for src in graph.objects(ev, LKG.source)}
        evidence_sources[ev] |= sources
        s, p, o = (graph.value(ev, prop) for prop in (RDF.subject, RDF.predicate, RDF.object))
        if s is not None and p is not None and o is not None:
            stated_in[(s, p, o)] |= sources
    derived: dict = defaultdict(set)
    for entity, doc in graph.subject_objects(PROV.wasDerivedFrom):
        derived[entity].add(str(doc))

    by_bnode_subject: dict = defaultdict(list)
    placed: dict[str, list[tuple]] = defaultdict(list)
    pending: list[tuple[tuple, str]] = []
    for triple in triples:
        s, p, o = triple
        if isinstance(s, BNode):
            by_bnode_subject[s].append(triple)
            continue
        if s in evidence_sources:
            names = evidence_sources[s] or {""}
        elif str(s) in docs:
            names = {str(s)}
        elif p == PROV.wasDerivedFrom:
            names = {str(o)}
        elif triple in stated_in and stated_in[triple]:
            names = stated_in[triple]
        else:
            names = derived.get(s) or {""}
        if isinstance(o, BNode):
            names = {min(names - {""})} if names - {""} else {""}
            pending.append((o, next(iter(names))))
        for name in names:
            placed[name].append(triple)
    seen: set = set()
    while pending:  # the blank-node closures (RDF lists) follow the triple that points at them
        node, name = pending.pop()
        if node in seen:
            continue
        seen.add(node)
        for triple in by_bnode_subject.get(node, ()):
            placed[name].append(triple)
            if isinstance(triple[2], BNode):
                pending.append((triple[2], name))
    for node, rows in sorted(by_bnode_subject.items(), key=lambda kv: str(kv[0])):
        if node not in seen:
            placed[""].extend(rows)
    return {name: sorted(set(rows), key=_triple_key) for name, rows in sorted(placed.items())}


def _trig(graph: rdflib.Graph) -> str:
    dataset = bind_prefixes(_SortedDataset())
    for name, rows in document_graphs(graph).items():
        target = dataset.default_graph if name == "" else dataset.graph(URIRef(name))
        for triple in rows:
            target.add(triple)
    with warnings.catch_warnings():  # rdflib's TriG writer uses its own deprecated default_context
        warnings.simplefilter("ignore", DeprecationWarning)
        return dataset.serialize(format="trig")


# --------------------------------------------------------------------------------------- networks

def network(graph: rdflib.Graph) -> nx.MultiDiGraph:
    """The projection ready for GraphML/GEXF/CSV: node attributes label, class, kind; edge attributes
    predicate, label, weight (1.0 per relation); edge keys e0, e1, ... in sorted order. Every value is a
    string or float, never None (`kind` is "" outside publications), as the GraphML/GEXF writers require."""
    proj = project(graph)
    out = nx.MultiDiGraph()
    for node, data in sorted(proj.nodes(data=True)):
        out.add_node(node, label=data["label"], **{"class": data["cls"]}, kind=data["kind"] or "")
    edges = sorted((u, v, k) for u, v, k in proj.edges(keys=True))
    for i, (u, v, k) in enumerate(edges):
        data = proj.edges[u, v, k]
        out.add_edge(u, v, key=f"e{i}", predicate=data["predicate"], label=data["label"], weight=1.0)
    return out


def _graphml(graph: rdflib.Graph) -> str:
    return "\n".join(nx.generate_graphml(network(graph), encoding="utf-8", prettyprint=True)) + "\n"


def _gexf(graph: rdflib.Graph) -> str:
    text = "\n".join(nx.generate_gexf(network(graph), encoding="utf-8", prettyprint=True)) + "\n"
    # networkx stamps today's date; the attribute is optional, and without it the bytes repeat
    return re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1)


def _csv_text(header: tuple[str, ...], rows: list[tuple]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def _csv_files(graph: rdflib.Graph) -> dict[str, str]:
    net = network(graph)
    nodes = [(n, d["label"], d["class"], d["kind"]) for n, d in net.nodes(data=True)]
    edges = [(u, v, d["predicate"], d["label"], f"{d['weight']:g}") for u, v, d in net.edges(data=True)]
    return {
        "nodes.csv": _csv_text(("id", "label", "class", "kind"), nodes),
        "edges.csv": _csv_text(("source", "target", "predicate", "label", "weight"), edges),
    }


def _tsv_cell(value) -> str:
    return " ".join(str(value).split())


def _vosviewer_files(graph: rdflib.Graph) -> dict[str, str]:
    proj = project(graph)
    simple = undirected(proj)
    ids = {node: i for i, node in enumerate(sorted(simple.nodes), 1)}
    # VOSviewer numbers clusters 1 to 1000: the 999 first communities (largest first) keep their
    # own number, every smaller one (isolated entities, mostly) shares the last
    cluster = {node: min(c, VOSVIEWER_CLUSTERS) for c, members in enumerate(communities(simple), 1) for node in members}
    seen_in: dict = defaultdict(set)
    for entity, doc in graph.subject_objects(PROV.wasDerivedFrom):
        seen_in[str(entity)].add(doc)
    for doc, entity in graph.subject_objects(LKG.mentions):
        seen_in[str(entity)].add(doc)
    strength = Counter()
    for u, v, w in simple.edges(data="weight"):
        strength[u] += w
        strength[v] += w
    map_rows = ["\t".join(VOSVIEWER_COLUMNS)]
    for node, i in ids.items():
        data = simple.nodes[node]
        description = f"{data['cls']}: {data['kind']}" if data["kind"] else data["cls"]
        cells = (i, data["label"], description, cluster.get(node, VOSVIEWER_CLUSTERS), simple.degree(node), strength[node],
                 max(len(seen_in[node]), 1))
        map_rows.append("\t".join(_tsv_cell(c) for c in cells))
    links = sorted((min(ids[u], ids[v]), max(ids[u], ids[v]), w) for u, v, w in simple.edges(data="weight"))
    network_rows = [f"{a}\t{b}\t{w}" for a, b, w in links]
    return {"map.txt": "\n".join(map_rows) + "\n", "network.txt": "".join(r + "\n" for r in network_rows)}


_SINGLE: dict[str, Callable[[rdflib.Graph], str]] = {
    "ttl": _ttl, "nt": _nt, "trig": _trig, "jsonld": _jsonld, "xml": _xml, "graphml": _graphml, "gexf": _gexf,
}
_MULTI: dict[str, Callable[[rdflib.Graph], dict[str, str]]] = {"csv": _csv_files, "vosviewer": _vosviewer_files}


def export_files(graph: rdflib.Graph, fmt: str) -> dict[str, str]:
    """The files of a multi-file format (csv, vosviewer) by name, without writing them."""
    name = normalise_format(fmt)
    if name not in _MULTI:
        raise GraphFormatError(f"{name} is a single-file format; call export(graph, {name!r}, path)")
    return _MULTI[name](graph)


def export(graph: rdflib.Graph, fmt: str, path: str | os.PathLike | None = None) -> str | bytes:
    """Serialise `graph` as `fmt` and, when `path` is given, write it there atomically.

    Single-file formats (ttl, nt, trig, jsonld, xml, graphml, gexf) return the text. csv and
    vosviewer write two files, so they need `path`, which is a FOLDER (created if missing) that
    receives nodes.csv + edges.csv, or map.txt + network.txt (VOSviewer: File > Create map > "Create
    a map based on network data", then pick the two files); they return the written paths, one a line.
    VOSviewer ids number the entities in IRI order; cluster is the Louvain community (as in `kg stats`);
    Links counts neighbours, Total link strength the relations, Occurrences the source documents the
    entity was found in (at least 1); network.txt holds one `id1 id2 strength` line per linked pair.
    """
    name = normalise_format(fmt)
    if name in _MULTI:
        if path is None:
            files = " and ".join(MULTI_FILE[name])
            raise GraphFormatError(f"format {name} writes two files ({files}); give an output folder, e.g. -o {name}-out/")
        folder = Path(path)
        if folder.exists() and not folder.is_dir():
            raise GraphFormatError(f"{folder}: is a file; format {name} writes a folder, pass a folder name")
        written = [write_atomic(folder / fname, text) for fname, text in _MULTI[name](graph).items()]
        log.info("wrote %s", ", ".join(str(p) for p in written))
        return "\n".join(str(p) for p in written)
    data = _SINGLE[name](graph)
    if path is not None:
        if Path(path).is_dir():
            raise GraphFormatError(f"{path}: is a folder; give a file name such as {Path(path) / ('graph' + SUFFIXES[name])}")
        write_atomic(path, data)
        log.info("wrote %s", path)
    return data


__all__ = ["ALIASES", "FORMATS", "MULTI_FILE", "VOSVIEWER_COLUMNS", "canonical_triples", "document_graphs",
           "export", "export_files", "network", "normalise_format"]
