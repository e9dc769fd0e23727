"""The build at scale: worker processes, the per-document cache, deletions, a Dask cluster and the
Turtle writer, each giving the bytes of a plain in-process build."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.build import build_graph, write_turtle
from kg.cli import cli
from kg.graph import serialize_turtle, to_rdf
from kg.turtle import turtle

FIXTURES = Path(__file__).parent / "fixtures" / "corpus"
SEEDS = Path(__file__).parents[1] / "seeds"


@pytest.fixture
def corpus(tmp_path) -> Path:
    """The three fixture documents and the seeds, copied so tests may change them."""
    folder = tmp_path / "corpus"
    shutil.copytree(FIXTURES, folder)
    for seed in sorted(SEEDS.iterdir()):
        shutil.copy(seed, folder / seed.name)
    return folder


def _turtle(result, path: Path) -> bytes:
    return write_turtle(result, path).read_bytes()


@pytest.fixture
def reference(corpus, tmp_path) -> bytes:
    """The Turtle of a plain build: one process, no cache."""
    return _turtle(build_graph([corpus], workers=1), tmp_path / "reference.ttl")


@pytest.mark.parametrize("workers", [2])
def test_build_in_worker_processes_gives_the_same_bytes(corpus, reference, tmp_path, workers):
    result = build_graph([corpus], workers=workers)
    assert result.extracted == 8 and not result.errors
    assert _turtle(result, tmp_path / "pool.ttl") == reference


@pytest.mark.parametrize("changed", ["visit.md"])
def test_build_cache_reuses_unchanged_documents_and_reextracts_a_changed_one(corpus, tmp_path, changed):
    cache = tmp_path / "cache"
    first = build_graph([corpus], cache=cache, workers=1)
    assert (first.reused, first.extracted) == (0, 8)
    again = build_graph([corpus], cache=cache, workers=1)
    assert (again.reused, again.extracted) == (8, 0)
    assert _turtle(again, tmp_path / "again.ttl") == _turtle(first, tmp_path / "first.ttl")
    path = corpus / changed
    path.write_text(path.read_text(encoding="utf-8") + "\nThe visit ended in Lisbon.\n", encoding="utf-8")
    edited = build_graph([corpus], cache=cache, workers=1)
    assert (edited.reused, edited.extracted) == (7, 1)
    fresh = build_graph([corpus], workers=1)
    assert _turtle(edited, tmp_path / "edited.ttl") == _turtle(fresh, tmp_path / "fresh.ttl")
    assert b"Lisbon" in (tmp_path / "edited.ttl").read_bytes()


@pytest.mark.parametrize("deleted", ["record.txt", "000_10188aaa181b590d.txt"])
def test_build_after_deleting_a_document_equals_a_fresh_build_of_the_rest(corpus, tmp_path, deleted):
    cache = tmp_path / "cache"
    before = build_graph([corpus], cache=cache, workers=1)
    gone = f"document/{Path(deleted).stem}"
    assert any(gone in d for e in before.resolved.entities for d in [f"document/{x}" for x in e.doc_ids])
    (corpus / deleted).unlink()
    rebuilt = build_graph([corpus], cache=cache, workers=1)
    assert rebuilt.reused == 7
    fresh = build_graph([corpus], workers=1)
    data = _turtle(rebuilt, tmp_path / "rebuilt.ttl")
    assert data == _turtle(fresh, tmp_path / "fresh.ttl")
    assert f"/{gone}>".encode() not in data


@pytest.mark.parametrize("damage", [b"not a database at all" * 100])
def test_build_cache_that_cannot_be_read_is_rebuilt_not_fatal(corpus, tmp_path, damage):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "extractions.sqlite").write_bytes(damage)
    result = build_graph([corpus / "visit.md"], cache=cache)
    assert result.extracted == 1 and not result.errors


def test_build_on_a_two_worker_dask_cluster_gives_the_same_bytes(corpus, reference, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        result = build_graph([corpus], scheduler=cluster.scheduler_address, cache=tmp_path / "cache")
    assert result.extracted == 8 and not result.errors
    assert _turtle(result, tmp_path / "dask.ttl") == reference


def test_build_unreachable_scheduler_is_one_line_that_says_what_to_do(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(FIXTURES / "visit.md"), "-o", str(tmp_path / "g.ttl"),
                                      "--no-html", "--no-cache", "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "cannot reach the Dask scheduler" in result.output and "dask scheduler" in result.output


@pytest.mark.parametrize("flag, reused", [([], "3 reused"), (["--no-cache"], "0 reused")])
def test_cli_build_says_how_many_documents_came_from_the_cache(tmp_path, flag, reused):
    out = tmp_path / "g.ttl"
    args = ["build", str(FIXTURES), "-o", str(out), "--no-html", "--no-store"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    result = CliRunner().invoke(cli, args + flag)
    assert result.exit_code == 0, result.output
    assert f"3 read, 0 skipped, {reused} from the cache" in result.output


TRIPLES = {
    "literals of every kind": [
        (URIRef("https://example.org/a"), RDFS.label, Literal('say "hi"\\ there')),
        (URIRef("https://example.org/a"), URIRef("https://example.org/p"), Literal("two\nlines ending in \"")),
        (URIRef("https://example.org/a"), URIRef("https://example.org/n"), Literal(7)),
        (URIRef("https://example.org/a"), URIRef("https://example.org/d"), Literal("0.90", datatype=XSD.decimal)),
        (URIRef("https://example.org/a"), URIRef("https://example.org/y"), Literal("2021", datatype=XSD.gYear)),
        (URIRef("https://example.org/a"), URIRef("https://example.org/l"), Literal("word", lang="en")),
    ],
    "several objects and an inline list": [
        (URIRef("https://example.org/b"), RDF.type, URIRef("https://example.org/T2")),
        (URIRef("https://example.org/b"), RDF.type, URIRef("https://example.org/T1")),
        (URIRef("https://example.org/b"), URIRef("https://example.org/list"), BNode("l1")),
        (BNode("l1"), RDF.first, URIRef("https://example.org/x")),
        (BNode("l1"), RDF.rest, BNode("l2")),
        (BNode("l2"), RDF.first, URIRef("https://example.org/a")),
        (BNode("l2"), RDF.rest, RDF.nil),
        (URIRef("https://example.org/a"), URIRef("https://example.org/knows"), URIRef("https://example.org/b")),
    ],
}


@pytest.mark.parametrize("case", list(TRIPLES))
def test_turtle_writes_the_bytes_rdflib_writes(case):
    from rdflib import Graph

    from kg.store import bind_prefixes

    graph = bind_prefixes(Graph())
    for triple in TRIPLES[case]:
        graph.add(triple)
    # a repeated triple is written once, as in the graph
    assert turtle(TRIPLES[case] + TRIPLES[case][:1]) == graph.serialize(format="turtle")


@pytest.mark.parametrize("corpus_name", ["corpus"])
def test_turtle_of_a_build_is_what_rdflib_writes_for_its_graph(corpus_name):
    result = build_graph([FIXTURES.parent / corpus_name], workers=1)
    assert turtle(iter(to_rdf(result.resolved))) == serialize_turtle(result.graph)


def _named_graphs(store_path: Path) -> dict[str, "Graph"]:
    """Each named graph of a kg store as an rdflib graph (blank nodes compared by isomorphism)."""
    from rdflib import Graph

    from kg.triplestore import open_store

    graphs: dict[str, Graph] = {}
    for s, p, o, g in open_store(store_path).quads():
        graphs.setdefault(str(g), Graph()).add((s, p, o))
    return graphs


def _same_store(a: Path, b: Path) -> None:
    from rdflib.compare import isomorphic

    left, right = _named_graphs(a), _named_graphs(b)
    assert sorted(left) == sorted(right)
    for name in left:
        assert isomorphic(left[name], right[name]), name


def test_store_of_a_build_holds_the_quads_a_load_of_its_turtle_holds(corpus, tmp_path):
    """The store is written from the resolved corpus, not by parsing the Turtle: same named graphs, same triples."""
    from kg.build import write_outputs
    from kg.triplestore import create_store

    out = tmp_path / "out" / "g.ttl"
    write_outputs(build_graph([corpus], workers=1), out, html=False)
    loaded = create_store(out, tmp_path / "loaded.store").path
    _same_store(out.with_suffix(".store"), loaded)


def _rewritten(caplog) -> tuple[int, int, int]:
    import re

    lines = [r.getMessage() for r in caplog.records if "named graphs rewritten" in r.getMessage()]
    assert len(lines) == 1, lines
    return tuple(int(n) for n in re.findall(r"\d+", lines[0]))  # rewritten, of, dropped


@pytest.mark.parametrize("change", ["edit visit.md", "delete record.txt"])
def test_store_rebuilt_replaces_only_changed_graphs_and_equals_a_fresh_store(corpus, tmp_path, caplog, change):
    import logging

    from kg.build import write_outputs

    out, cache = tmp_path / "out" / "g.ttl", tmp_path / "cache"
    write_outputs(build_graph([corpus], cache=cache, workers=1), out, html=False)
    before = _named_graphs(out.with_suffix(".store"))
    action, name = change.split()
    doc_graph = f"https://w3id.org/leadership-kg/id/document/{Path(name).stem}"
    if action == "edit":
        path = corpus / name
        path.write_text(path.read_text(encoding="utf-8") + "\nThe visit ended in Lisbon.\n", encoding="utf-8")
    else:
        (corpus / name).unlink()
    rebuilt = build_graph([corpus], cache=cache, workers=1)
    with caplog.at_level(logging.INFO, logger="kg.triplestore"):
        write_outputs(rebuilt, out, html=False)
    changed, total, dropped = _rewritten(caplog)
    after = _named_graphs(out.with_suffix(".store"))
    assert 1 <= changed + dropped < len(before)
    if action == "delete":
        assert doc_graph in before and doc_graph not in after and dropped == 1
        # what only that document backed is gone; what another document backs stays
        from rdflib.namespace import PROV

        subjects_after = {s for g in after.values() for s, _, _ in g}
        backers = {}  # entity -> the documents it was derived from, before the deletion
        for g in before.values():
            for s, _, o in g.triples((None, PROV.wasDerivedFrom, None)):
                backers.setdefault(s, set()).add(str(o))
        only_there = [e for e, docs in backers.items() if docs == {doc_graph}]
        shared = [e for e, docs in backers.items() if doc_graph in docs and len(docs) > 1]
        assert only_there and shared
        assert not any(e in subjects_after for e in only_there)
        # entities another document backs stay (a person may get another IRI from the names left:
        # the fresh build below decides what is right)
        assert any(e in subjects_after for e in shared)
    else:
        assert any("Lisbon" in str(o) for _, _, o in after[doc_graph])
    unchanged = [g for g in before if g in after and g != doc_graph and set(before[g]) == set(after[g])]
    assert unchanged
    fresh = tmp_path / "fresh" / "g.ttl"
    write_outputs(build_graph([corpus], workers=1), fresh, html=False)
    assert out.read_bytes() == fresh.read_bytes()
    _same_store(out.with_suffix(".store"), fresh.with_suffix(".store"))


EX = "https://example.org/"
STANDALONE = EX + "ev/"
BROKEN_PROMISES = {
    "a standalone subject is also an object": [
        (URIRef(STANDALONE + "1"), RDFS.label, Literal("one")),
        (URIRef(EX + "a"), URIRef(EX + "see"), URIRef(STANDALONE + "1")),
    ],
    "a standalone subject's triples are not together": [
        (URIRef(STANDALONE + "1"), RDFS.label, Literal("one")),
        (URIRef(STANDALONE + "2"), RDFS.label, Literal("two")),
        (URIRef(STANDALONE + "1"), RDFS.comment, Literal("again")),
    ],
    "a standalone subject points at a blank node": [
        (URIRef(STANDALONE + "1"), URIRef(EX + "list"), BNode("l1")),
        (BNode("l1"), RDF.first, URIRef(EX + "x")),
        (BNode("l1"), RDF.rest, RDF.nil),
    ],
}


@pytest.mark.parametrize("case", list(BROKEN_PROMISES))
def test_turtle_standalone_subjects_that_break_the_promise_are_refused(case):
    import io

    from kg.turtle import Unstreamable, write_turtle_triples

    with pytest.raises(Unstreamable):
        write_turtle_triples(BROKEN_PROMISES[case], io.StringIO(), standalone=STANDALONE)


@pytest.mark.parametrize("batch", [1, 5_000])
def test_turtle_evidence_written_from_disk_gives_rdflib_s_bytes(monkeypatch, tmp_path, caplog, batch):
    """A build's evidence nodes go through a temporary file, not the in-memory table; same bytes."""
    import logging

    import kg.turtle

    caplog.set_level(logging.DEBUG, logger="kg.build")

    monkeypatch.setattr(kg.turtle._Spill, "BATCH", batch)
    spilled = []
    add = kg.turtle._Spill.add
    monkeypatch.setattr(kg.turtle._Spill, "add", lambda self, s, p, o: spilled.append(s) or add(self, s, p, o))
    result = build_graph([FIXTURES], workers=1)
    data = _turtle(result, tmp_path / "g.ttl")
    assert spilled and all(str(s).startswith("https://w3id.org/leadership-kg/id/evidence/") for s in spilled)
    assert not [r for r in caplog.records if "written again" in r.getMessage()]  # streamed, not the fallback
    assert data.decode("utf-8") == serialize_turtle(result.graph)
    assert result.triples == len(result.graph)


def test_turtle_of_a_build_falls_back_to_the_table_when_subjects_cannot_stream(monkeypatch, tmp_path, caplog):
    import logging

    import kg.graph

    # every entity and document counted as standalone: they are objects too, so streaming is refused
    monkeypatch.setattr(kg.graph, "EVIDENCE_PREFIX", "https://w3id.org/leadership-kg/id/")
    caplog.set_level(logging.DEBUG, logger="kg.build")
    result = build_graph([FIXTURES], workers=1)
    assert _turtle(result, tmp_path / "g.ttl").decode("utf-8") == serialize_turtle(result.graph)
    assert [r for r in caplog.records if "written again" in r.getMessage()]
