"""kg.export: every format reads back (rdflib, pyoxigraph, networkx, csv) and repeats byte for byte."""
from __future__ import annotations

import csv
import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pyoxigraph
import pytest
import rdflib
from rdflib import URIRef
from rdflib.compare import isomorphic

from kg.errors import GraphFormatError
from kg.export import FORMATS, VOSVIEWER_COLUMNS, document_graphs, export, export_files
from kg.store import load_graph

# rdflib's own TriG parser trips its deprecation warnings; they are not ours to fix
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

MINI = Path(__file__).parent / "fixtures" / "mini.ttl"
ID = "https://w3id.org/leadership-kg/id/"
DOC_A, DOC_B = ID + "document/doc-a", ID + "document/doc-b"
RDF_FORMATS = {  # export name -> (rdflib parser, pyoxigraph format)
    "ttl": ("turtle", pyoxigraph.RdfFormat.TURTLE),
    "nt": ("nt", pyoxigraph.RdfFormat.N_TRIPLES),
    "trig": ("trig", pyoxigraph.RdfFormat.TRIG),
    "jsonld": ("json-ld", pyoxigraph.RdfFormat.JSON_LD),
    "xml": ("xml", pyoxigraph.RdfFormat.RDF_XML),
}
SINGLE_FILE = [f for f in FORMATS if f not in ("csv", "vosviewer")]


@pytest.fixture(scope="module")
def mini():
    return load_graph(MINI)


def _read_rdf(text: str, parser: str) -> rdflib.Graph:
    if parser == "trig":
        dataset = rdflib.Dataset()
        dataset.parse(data=text, format="trig")
        merged = rdflib.Graph()
        for s, p, o, _ in dataset.quads():
            merged.add((s, p, o))
        return merged
    return rdflib.Graph().parse(data=text, format=parser)


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_export_rdf_reads_back_isomorphic_in_rdflib(mini, fmt):
    back = _read_rdf(export(mini, fmt), RDF_FORMATS[fmt][0])
    assert len(back) == len(mini) == 147
    assert isomorphic(back, mini)


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_export_rdf_loads_in_pyoxigraph(mini, fmt):
    text = export(mini, fmt)
    store = pyoxigraph.Store()
    store.load(text, RDF_FORMATS[fmt][1])
    assert len({(q.subject, q.predicate, q.object) for q in store}) == len(mini)
    parsed = list(pyoxigraph.parse(text, RDF_FORMATS[fmt][1]))
    assert len({(q.subject, q.predicate, q.object) for q in parsed}) == len(mini)


def test_export_trig_has_one_named_graph_per_document(mini):
    dataset = rdflib.Dataset()
    dataset.parse(data=export(mini, "trig"), format="trig")
    named = {str(g.identifier) for g in dataset.graphs() if str(g.identifier) != str(rdflib.graph.DATASET_DEFAULT_GRAPH_ID)}
    assert named == {DOC_A, DOC_B}
    graph_a, graph_b = dataset.graph(URIRef(DOC_A)), dataset.graph(URIRef(DOC_B))
    ev1, ev4 = URIRef(ID + "evidence/e1"), URIRef(ID + "evidence/e4")
    assert len(list(graph_a.triples((ev1, None, None)))) == 10 and (ev1, None, None) not in graph_b
    assert len(list(graph_b.triples((ev4, None, None)))) == 10 and (ev4, None, None) not in graph_a
    lsu, ada = URIRef(ID + "publication/leading-schools-in-utopia"), URIRef(ID + "person/ada-lovelace")
    creator = URIRef("http://purl.org/dc/terms/creator")
    assert (lsu, creator, ada) in graph_a and (lsu, creator, ada) not in graph_b  # where the evidence is
    title = URIRef("http://purl.org/dc/terms/title")
    assert (lsu, title, None) in graph_a and (lsu, title, None) in graph_b  # derived from both documents


def test_export_document_graphs_placement(mini):
    placed = document_graphs(mini)
    assert sorted(placed) == ["", DOC_A, DOC_B]
    concept = URIRef(ID + "concept/leadership")
    assert all(t[0] != concept for name in (DOC_A, DOC_B) for t in placed[name])
    assert any(t[0] == concept for t in placed[""])
    assert any(t[0] == URIRef(DOC_A) for t in placed[DOC_A]) and not any(t[0] == URIRef(DOC_A) for t in placed[DOC_B])


@pytest.mark.parametrize("fmt", SINGLE_FILE)
def test_export_is_byte_identical_across_loads(fmt):
    assert export(load_graph(MINI), fmt) == export(load_graph(MINI), fmt)


def test_export_is_byte_identical_across_processes(mini):
    script = (
        "import hashlib, sys\nfrom kg.store import load_graph\nfrom kg.export import export\n"
        f"g = load_graph({str(MINI)!r})\n"
        f"for f in {SINGLE_FILE!r}: print(f, hashlib.sha256(export(g, f).encode()).hexdigest())\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True).stdout
    here = "".join(f"{f} {hashlib.sha256(export(mini, f).encode()).hexdigest()}\n" for f in SINGLE_FILE)
    assert out == here


def test_export_writes_the_file_it_returns(mini, tmp_path):
    target = tmp_path / "sub" / "graph.ttl"
    text = export(mini, "turtle", target)
    assert target.read_text(encoding="utf-8") == text == export(mini, "ttl")


@pytest.mark.parametrize("fmt, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_export_network_formats_read_back_with_attributes(mini, fmt, reader, tmp_path):
    path = tmp_path / f"g.{fmt}"
    export(mini, fmt, path)
    net = reader(path)
    assert (net.number_of_nodes(), net.number_of_edges()) == (12, 15)
    ada = net.nodes[ID + "person/ada-lovelace"]
    assert (ada["label"], ada["class"], ada["kind"]) == ("Ada Lovelace", "Person", "")
    assert net.nodes[ID + "publication/school-report"]["kind"] == "Report"
    edge = net.get_edge_data(ID + "publication/school-report", ID + "publication/leading-schools-in-utopia")
    edge = next(iter(edge.values())) if net.is_multigraph() else edge
    assert (edge["predicate"], edge["label"], float(edge["weight"])) == ("cito:cites", "cites", 1.0)


def test_export_csv_writes_nodes_and_edges_into_a_folder(mini, tmp_path):
    written = export(mini, "csv", tmp_path / "csv")
    assert written.splitlines() == [str(tmp_path / "csv" / "nodes.csv"), str(tmp_path / "csv" / "edges.csv")]
    nodes = list(csv.DictReader((tmp_path / "csv" / "nodes.csv").open(encoding="utf-8")))
    edges = list(csv.DictReader((tmp_path / "csv" / "edges.csv").open(encoding="utf-8")))
    assert list(nodes[0]) == ["id", "label", "class", "kind"] and len(nodes) == 12
    assert list(edges[0]) == ["source", "target", "predicate", "label", "weight"] and len(edges) == 15
    report = next(n for n in nodes if n["id"].endswith("school-report"))
    assert (report["label"], report["class"], report["kind"]) == ('A <b>bold</b> "report"', "Publication", "Report")
    assert {e["id"] for e in nodes} >= {e["source"] for e in edges} | {e["target"] for e in edges}


def test_export_vosviewer_map_and_network(mini, tmp_path):
    export(mini, "vosviewer", tmp_path / "vos")
    rows = list(csv.reader((tmp_path / "vos" / "map.txt").open(encoding="utf-8"), delimiter="\t",
                           quoting=csv.QUOTE_NONE))
    assert tuple(rows[0]) == VOSVIEWER_COLUMNS == ("id", "label", "description", "cluster", "weight<Links>",
                                                   "weight<Total link strength>", "weight<Occurrences>")
    items = {r[1]: r for r in rows[1:]}
    assert len(items) == 12 and [int(r[0]) for r in rows[1:]] == list(range(1, 13))
    assert {int(r[3]) for r in rows[1:]} == {1, 2, 3}
    assert items["Leading Schools in Utopia"][2:] == ["Publication: JournalArticle", "3", "7", "7", "2"]
    links = [line.split("\t") for line in (tmp_path / "vos" / "network.txt").read_text(encoding="utf-8").splitlines()]
    assert all(len(link) == 3 and int(link[0]) < int(link[1]) for link in links)
    assert len(links) == 15 and sum(int(link[2]) for link in links) == 15


def test_export_files_returns_contents_without_writing(mini):
    files = export_files(mini, "csv")
    assert sorted(files) == ["edges.csv", "nodes.csv"]
    assert next(csv.reader(io.StringIO(files["edges.csv"]))) == ["source", "target", "predicate", "label", "weight"]


@pytest.mark.parametrize("fmt", ["png", "", "graphviz"])
def test_export_unknown_format_lists_valid_ones(mini, fmt):
    with pytest.raises(GraphFormatError, match="unknown export format .*available: ttl, nt, trig, jsonld, xml, "
                                               "graphml, gexf, csv, vosviewer"):
        export(mini, fmt)


@pytest.mark.parametrize("fmt", ["csv", "vosviewer"])
def test_export_multi_file_formats_need_a_folder(mini, fmt, tmp_path):
    with pytest.raises(GraphFormatError, match="give an output folder"):
        export(mini, fmt)
    (tmp_path / "f").write_text("x")
    with pytest.raises(GraphFormatError, match="is a file"):
        export(mini, fmt, tmp_path / "f")


@pytest.mark.parametrize("fmt, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_export_network_formats_keep_parallel_relations(fmt, reader, tmp_path):
    graph = load_graph(MINI)
    lsu, ada = URIRef(ID + "publication/leading-schools-in-utopia"), URIRef(ID + "person/ada-lovelace")
    graph.add((lsu, URIRef("http://purl.org/ontology/bibo/editor"), ada))
    export(graph, fmt, tmp_path / f"g.{fmt}")
    net = reader(tmp_path / f"g.{fmt}")
    assert net.is_multigraph() and net.number_of_edges() == 16
    assert sorted(d["predicate"] for d in net.get_edge_data(str(lsu), str(ada)).values()) == [
        "bibo:editor", "dcterms:creator"]
