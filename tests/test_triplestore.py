"""kg.triplestore: the Oxigraph store as the graph's working copy, its named graphs and its cache."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic

import kg.triplestore as ts
from kg.cli import cli
from kg.errors import GraphFormatError, OutputError
from kg.export import export
from kg.store import load_graph
from kg.triplestore import DERIVED_GRAPH, create_store, open_graph, open_store

MINI = Path(__file__).parent / "fixtures" / "mini.ttl"
DOC_A = "https://w3id.org/leadership-kg/id/document/doc-a"
DOC_B = "https://w3id.org/leadership-kg/id/document/doc-b"
ADA = rdflib.URIRef("https://w3id.org/leadership-kg/id/person/ada-lovelace")


def canonical(graph: rdflib.Graph) -> rdflib.Graph:
    """The graph with typed literals in the canonical form Oxigraph stores (0.90 -> 0.9)."""
    out = rdflib.Graph()
    for s, p, o in graph:
        if isinstance(o, rdflib.Literal) and o.datatype is not None and o.value is not None:
            o = rdflib.Literal(o.value, datatype=o.datatype)
        out.add((s, p, o))
    return out


@pytest.fixture(scope="module")
def mini_store(tmp_path_factory) -> ts.GraphStore:
    return open_store(create_store(MINI, tmp_path_factory.mktemp("s") / "mini.store").path)


def test_triplestore_holds_the_file_s_graph_with_each_triple_once(mini_store):
    from_file = load_graph(MINI)
    quads = list(mini_store.quads())
    assert len(quads) == len(mini_store) == len(from_file)  # no triple in two named graphs
    assert isomorphic(canonical(mini_store.to_graph()), canonical(from_file))


def test_triplestore_one_named_graph_per_document_plus_derived(mini_store):
    assert mini_store.graph_names() == [DOC_A, DOC_B, DERIVED_GRAPH]
    graph_of = {(str(s), str(p), str(o)): str(g) for s, p, o, g in mini_store.quads()}
    # a document's own description and the evidence it is the source of sit in its graph
    assert graph_of[(DOC_B, str(rdflib.RDFS.label), "doc-b.txt")] == DOC_B
    assert graph_of[("https://w3id.org/leadership-kg/id/evidence/e4",
                     "https://w3id.org/leadership-kg/ontology#source", DOC_B)] == DOC_B
    # Ada is found in both documents: her name is a shared fact, each derivation is its document's
    assert graph_of[(str(ADA), str(rdflib.RDFS.label), "Ada Lovelace")] == DERIVED_GRAPH
    assert graph_of[(str(ADA), str(rdflib.PROV.wasDerivedFrom), DOC_A)] == DOC_A


@pytest.mark.parametrize("batch", [1, 7])
def test_triplestore_bulk_load_in_batches_holds_the_same_quads(tmp_path, monkeypatch, mini_store, batch):
    # the loader takes the graph a batch at a time (bounded memory); what lands is the same store
    monkeypatch.setattr(ts, "BULK_BATCH", batch)
    batched = open_store(create_store(MINI, tmp_path / "batched.store").path)
    def named(store):  # blank nodes get new labels at every load
        return sorted(tuple("_:" if isinstance(t, rdflib.BNode) else str(t) for t in q) for q in store.quads())

    assert named(batched) == named(mini_store)
    assert len(batched) == len(mini_store)
    assert batched.graph_names() == mini_store.graph_names()


@pytest.mark.parametrize("fmt", ["ttl", "nt", "trig", "xml", "jsonld"])
def test_triplestore_loads_every_rdf_format_kg_writes(tmp_path, fmt):
    graph = load_graph(MINI)
    source = tmp_path / f"mini{ {'xml': '.rdf', 'jsonld': '.jsonld'}.get(fmt, '.' + fmt) }"
    source.write_text(export(graph, fmt), encoding="utf-8")
    info = create_store(source, tmp_path / "out.store")
    assert info.triples == len(graph) and info.graphs == 3
    assert isomorphic(canonical(open_store(info.path).to_graph()), canonical(graph))


def test_triplestore_file_is_loaded_once_then_read_from_the_cache(tmp_path, monkeypatch, store_cache):
    source = tmp_path / "g.ttl"
    source.write_bytes(MINI.read_bytes())
    first = open_graph(source)
    assert first.path.parent == store_cache / "stores" and len(first) == len(load_graph(MINI))

    def no_parse(path):
        raise AssertionError("the second open must not parse the file again")

    monkeypatch.setattr(ts, "_load_into_memory", no_parse)
    assert open_graph(source).path == first.path
    moved = tmp_path / "elsewhere.ttl"  # the key is the content, not the name
    moved.write_bytes(MINI.read_bytes())
    assert open_graph(moved).path == first.path


def test_triplestore_changed_file_gets_a_new_store(tmp_path):
    source = tmp_path / "g.ttl"
    source.write_bytes(MINI.read_bytes())
    before = open_graph(source)
    source.write_bytes(MINI.read_bytes() + b"\n<https://x/a> <https://x/b> <https://x/c> .\n")
    after = open_graph(source)
    assert after.path != before.path and len(after) == len(before) + 1


def test_triplestore_store_beside_the_file_is_used_when_it_matches(tmp_path):
    source = tmp_path / "g.ttl"
    source.write_bytes(MINI.read_bytes())
    create_store(source, tmp_path / "g.store")
    assert open_graph(source).path == tmp_path / "g.store"
    source.write_bytes(MINI.read_bytes() + b"\n<https://x/a> <https://x/b> <https://x/c> .\n")
    assert open_graph(source).path != tmp_path / "g.store"  # stale: the cache is used instead


def test_triplestore_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(ts.CACHE_ENV, str(tmp_path / "c"))
    assert ts.cache_dir() == tmp_path / "c"
    monkeypatch.delenv(ts.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert ts.cache_dir() == tmp_path / "xdg" / "kg"


@pytest.mark.parametrize("damage, message", [
    (lambda d: (d / "kg-store.json").unlink(), "not a kg store"),
    (lambda d: (d / "kg-store.json").write_text("{not json"), "not a kg store"),
    (lambda d: [p.unlink() for p in (d / "oxigraph").iterdir() if p.name.startswith("CURRENT")], "may be damaged"),
])
def test_triplestore_damaged_store_is_one_line_that_says_what_to_do(tmp_path, damage, message):
    info = create_store(MINI, tmp_path / "bad.store")
    damage(info.path)
    with pytest.raises(GraphFormatError, match=message):
        open_graph(info.path)
    result = CliRunner().invoke(cli, ["query", str(info.path), "ASK { ?s ?p ?o }"])
    assert result.exit_code == 1 and "Traceback" not in result.output and message in result.output


def test_triplestore_refuses_to_overwrite_a_folder_that_is_not_a_store(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "precious.txt").write_text("keep me")
    with pytest.raises(OutputError, match="not a kg store"):
        create_store(MINI, tmp_path / "data")
    assert (tmp_path / "data" / "precious.txt").read_text() == "keep me"


def test_triplestore_replaces_a_store_and_leaves_no_temporary_folder(tmp_path):
    create_store(MINI, tmp_path / "g.store")
    info = create_store(MINI, tmp_path / "g.store")
    assert json.loads((info.path / "kg-store.json").read_text())["triples"] == info.triples
    assert [p.name for p in tmp_path.iterdir()] == ["g.store"]


@pytest.mark.parametrize("content, message", [(b"@prefix broken", "cannot parse as Turtle \\(Parser error at line 1"), (None, "no such graph file")])
def test_triplestore_bad_input_is_a_graph_format_error(tmp_path, content, message):
    source = tmp_path / "g.ttl"
    if content is not None:
        source.write_bytes(content)
    with pytest.raises(GraphFormatError, match=message):
        create_store(source, tmp_path / "g.store")
    assert not (tmp_path / "g.store").exists()


def test_cli_store_writes_a_store_every_command_reads(tmp_path):
    out = tmp_path / "mini.store"
    result = CliRunner().invoke(cli, ["store", str(MINI), "-o", str(out)])
    assert result.exit_code == 0 and result.output == f"wrote {out}: 147 triples in 3 named graphs\n"
    for args in (["query", str(out), "--name", "journals"], ["stats", str(out)], ["explain", str(out), "Ada Lovelace"],
                 ["path", str(out), "Ada Lovelace", "Utopia"],
                 ["export", str(out), "--format", "nt"], ["viz", str(out), "-o", str(tmp_path / "v.html")]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, (args, result.output)
    assert "Journal of Things" in CliRunner().invoke(cli, ["query", str(out), "--name", "journals"]).output


@pytest.mark.parametrize("command", ["stats", "explain", "path", "validate"])
def test_cli_analyses_on_a_store_print_what_they_print_on_the_file(tmp_path, command):
    out = create_store(MINI, tmp_path / "mini.store").path
    extra = {"explain": ["Ada Lovelace"], "path": ["Grace Hopper", "Open Council"]}.get(command, [])
    on_store = CliRunner().invoke(cli, [command, str(out), *extra])
    on_file = CliRunner().invoke(cli, [command, str(MINI), *extra])
    assert on_store.exit_code == on_file.exit_code == (1 if command == "validate" else 0)  # mini lacks derivations
    assert on_store.output == on_file.output and on_store.output
