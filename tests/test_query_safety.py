"""kg.query safety: read-only by default, nothing fetched from anywhere, clear syntax errors, a time limit."""
from __future__ import annotations

import hashlib
import os
import threading
import time
from pathlib import Path

import pytest
import rdflib
from rdflib import Literal, URIRef

import kg.query
from kg.errors import QueryError
from kg.query import run_query, run_update
from kg.store import load_graph

MINI = Path(__file__).parent / "fixtures" / "mini.ttl"
#: where the queries run: a kg store (Oxigraph, what the commands use) and an rdflib graph
BACKENDS = ["store", "rdflib"]
NEW_TRIPLE = "INSERT DATA { <https://w3id.org/leadership-kg/id/person/new> a lkg:Person }"


@pytest.fixture(scope="module", params=BACKENDS)
def mini(request, as_backend):
    """The fixture graph, as a kg store and as an rdflib graph: every safety rule holds on both."""
    return as_backend(load_graph(MINI), request.param)


def settle() -> None:
    """Give a connection that was (wrongly) made time to reach the listener."""
    time.sleep(0.2)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------------------------------- nothing is fetched


def test_query_safety_listener_sees_rdflib_when_unguarded(listener):
    """The control: rdflib on its own does connect for SERVICE, so the listener would catch a leak."""
    port, connections = listener
    with pytest.raises(Exception):
        load_graph(MINI).query(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}").bindings
    settle()
    assert connections


def test_query_safety_listener_sees_oxigraph_when_unguarded(listener, as_backend):
    """The control for the store: Oxigraph federates too, and does connect for SERVICE on its own."""
    port, connections = listener
    store = as_backend(load_graph(MINI), "store")
    with pytest.raises(Exception):
        list(store.store.query(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}"))
    settle()
    assert connections


@pytest.mark.parametrize("template, refused", [
    ("SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}", "SERVICE <http://127.0.0.1:{port}/>"),
    ("SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE SILENT <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }} }}",
     "SERVICE <http://127.0.0.1:{port}/>"),
    ("SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }} }} }}",
     "SERVICE <http://127.0.0.1:{port}/>"),
    ("SELECT * FROM <http://127.0.0.1:{port}/g> WHERE {{ ?s ?p ?o }}", "FROM <http://127.0.0.1:{port}/g>"),
    ("SELECT * FROM NAMED <http://127.0.0.1:{port}/g> WHERE {{ ?s ?p ?o }}", "FROM NAMED <http://127.0.0.1:{port}/g>"),
    ("ASK FROM <file:///etc/passwd> {{ ?s ?p ?o }}", "FROM <file:///etc/passwd>"),
    ("LOAD <http://127.0.0.1:{port}/x>", "SPARQL Update"),
    ("LOAD <file:///etc/passwd>", "SPARQL Update"),
])
def test_query_safety_refuses_what_would_fetch(listener, mini, template, refused):
    port, connections = listener
    with pytest.raises(QueryError, match="refused|read-only") as err:
        run_query(mini, template.format(port=port))
    assert refused.format(port=port) in str(err.value)
    settle()
    assert connections == []


@pytest.mark.parametrize("template, refused", [
    ("LOAD <http://127.0.0.1:{port}/x>", "LOAD <http://127.0.0.1:{port}/x> is refused"),
    ("LOAD <file:///etc/passwd>", "LOAD <file:///etc/passwd> is refused"),
    ("LOAD SILENT <file:///etc/passwd> INTO GRAPH <http://g/>", "LOAD <file:///etc/passwd> is refused"),
    ("INSERT {{ ?s a lkg:Thing }} USING <http://127.0.0.1:{port}/g> WHERE {{ ?s ?p ?o }}", "USING <http://127.0.0.1:{port}/g>"),
    ("INSERT {{ ?s a lkg:Thing }} USING NAMED <file:///etc/passwd> WHERE {{ ?s ?p ?o }}", "USING NAMED <file:///etc/passwd>"),
    ("INSERT {{ ?s a lkg:Thing }} WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}", "SERVICE"),
])
def test_query_safety_update_refuses_what_would_fetch(listener, tmp_path, template, refused):
    port, connections = listener
    out = tmp_path / "out.ttl"
    with pytest.raises(QueryError, match="refused") as err:
        run_update(MINI, template.format(port=port), out)
    assert refused.format(port=port) in str(err.value)
    settle()
    assert connections == [] and not out.exists()


@pytest.mark.parametrize("query", [
    "SELECT ?s WHERE { ?s a lkg:Person ; rdfs:label ?l FILTER(?l != \"SERVICE <http://127.0.0.1:9/> { ?a ?b ?c }\") }",
    "# SERVICE <http://127.0.0.1:9/> and FROM <http://x/> in a comment\nSELECT ?s WHERE { ?s a lkg:Person }",
    "SELECT ?s WHERE { ?s a lkg:Person BIND(\"LOAD <file:///etc/passwd>\" AS ?load) }",
])
def test_query_safety_keywords_inside_strings_and_comments_still_run(mini, query):
    assert len(run_query(mini, query)) == 3


# ---------------------------------------------------------------------------------------- updates


@pytest.mark.parametrize("update", [NEW_TRIPLE, "DELETE WHERE { ?s ?p ?o }", "CLEAR DEFAULT", "DROP ALL"])
def test_query_safety_update_is_refused_by_run_query(mini, update):
    before = len(mini)
    with pytest.raises(QueryError, match=r"SPARQL Update .*read-only.*--update -o"):
        run_query(mini, update)
    assert len(mini) == before


def test_query_safety_update_reads_a_store_and_writes_a_new_file(tmp_path):
    from kg.triplestore import create_store

    store = create_store(MINI, tmp_path / "mini.store").path
    out = tmp_path / "out.ttl"
    summary = run_update(store, NEW_TRIPLE, out)
    assert (summary.triples_before, summary.triples_after) == (len(load_graph(MINI)), len(load_graph(MINI)) + 1)
    assert len(load_graph(out)) == summary.triples_after


def test_query_safety_update_writes_a_new_file_and_leaves_the_input(tmp_path):
    source = tmp_path / "in.ttl"
    source.write_bytes(MINI.read_bytes())
    before = sha(source)
    out = tmp_path / "sub" / "out.ttl"
    summary = run_update(source, NEW_TRIPLE, out)
    assert sha(source) == before
    assert (summary.output, summary.triples_after - summary.triples_before) == (out, 1)
    written = load_graph(out)
    assert (URIRef("https://w3id.org/leadership-kg/id/person/new"), rdflib.RDF.type,
            URIRef("https://w3id.org/leadership-kg/ontology#Person")) in written
    assert len(written) == len(load_graph(source)) + 1
    assert [p.name for p in out.parent.iterdir()] == ["out.ttl"]  # no temporary file left behind


def test_query_safety_update_goes_through_write_atomic(tmp_path, monkeypatch):
    calls = []
    real = kg.query.write_atomic
    monkeypatch.setattr(kg.query, "write_atomic", lambda path, data: calls.append(path) or real(path, data))
    out = tmp_path / "out.nt"
    run_update(MINI, "DELETE WHERE { ?e a lkg:Evidence ; ?p ?o }", out)
    assert calls == [out]
    assert not any(load_graph(out).subjects(rdflib.RDF.type, URIRef("https://w3id.org/leadership-kg/ontology#Evidence")))


def test_query_safety_update_in_place_only_when_output_is_the_input(tmp_path):
    source = tmp_path / "graph.ttl"
    source.write_bytes(MINI.read_bytes())
    summary = run_update(source, NEW_TRIPLE, source)
    assert summary.triples_after == summary.triples_before + 1 == len(load_graph(source))


@pytest.mark.parametrize("update, output, message", [
    ("SELECT * WHERE { ?s ?p ?o }", "out.ttl", "this is a query, not an update"),
    ("INSERT DATA { lkr:a lkr:b }", "out.ttl", "update: line 1, column"),
    (NEW_TRIPLE, "out.docx", "unknown output format '.docx'"),
])
def test_query_safety_update_errors_say_what_to_fix(tmp_path, update, output, message):
    with pytest.raises(QueryError, match=message):
        run_update(MINI, update, tmp_path / output)
    assert not (tmp_path / output).exists()


# ---------------------------------------------------------------------------------------- syntax errors


@pytest.mark.parametrize("query, where", [
    ("SELECT ?x\nWHERE {\n  ?x a lkg:Person . FILTER( }\n}", "line 3, column 21: expected"),
    ("SELECT ?x\nWHERE {\n  ?x a lkg:Person ;\n     rdfs:label ?n ?m .\n}", "line 4, column 20: expected"),
    ("SELEC ?x WHERE { ?x a lkg:Person }", "line 1, column 1: expected SELECT, CONSTRUCT, DESCRIBE or ASK, found 'SELEC'"),
    ("PREFIX ex: <http://example.org/>\nSELECT ?x WHERE {\n  ?x a foo:Person }", "line 3, column 8: unknown prefix 'foo:'"),
])
def test_query_safety_syntax_error_names_line_and_column(mini, query, where):
    with pytest.raises(QueryError) as err:
        run_query(mini, query, source="query.rq")
    assert str(err.value).startswith(f"query.rq: {where}")


# ---------------------------------------------------------------------------------------- time limit


@pytest.fixture(scope="module", params=BACKENDS)
def explosive(request, as_backend):
    """400 triples: a three-way cross product of them is 64 million solutions (1,000 x 1,000 x 1,000
    on the store, which counts 64 million in well under a second)."""
    graph = rdflib.Graph()
    for i in range(400 if request.param == "rdflib" else 1000):
        graph.add((URIRef(f"https://example.org/s{i}"), URIRef("https://example.org/p"), Literal("a" * 30 + "!")))
    return as_backend(graph, request.param)


@pytest.mark.parametrize("query", [
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }",
    "SELECT * WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f } ORDER BY ?f",
])
def test_query_safety_timeout_stops_a_runaway_query(explosive, query):
    started = time.monotonic()
    with pytest.raises(QueryError, match=r"^query stopped after 1 s; narrow it with LIMIT or raise --timeout$"):
        run_query(explosive, query, timeout=1)
    assert time.monotonic() - started < 5
    time.sleep(0.2)
    assert not [t for t in threading.enumerate() if t.name == "kg-query"]  # stopped, not abandoned


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_query_safety_timeout_stops_catastrophic_regex(explosive):
    if not isinstance(explosive, rdflib.Graph):
        pytest.skip("Oxigraph's regex engine has no catastrophic backtracking")
    """Python's regex engine holds the GIL, so REGEX queries run in a child process that can be killed."""
    started = time.monotonic()
    with pytest.raises(QueryError, match="query stopped after 1 s"):
        run_query(explosive, 'SELECT ?a WHERE { ?a ?p ?b FILTER(REGEX(?b, "^(a+)+$")) }', timeout=1)
    assert time.monotonic() - started < 5


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_query_safety_regex_results_come_back_from_the_child(mini):
    result = run_query(mini, 'SELECT ?p WHERE { ?p rdfs:label ?l FILTER(REGEX(?l, "^ada", "i")) }')
    assert [str(r[0]) for r in result.rows] == ["https://w3id.org/leadership-kg/id/person/ada-lovelace"]
    bad = 'SELECT ?p WHERE { ?p rdfs:label ?l FILTER(REGEX(?l, "(")) }'
    if isinstance(mini, rdflib.Graph):
        with pytest.raises(QueryError, match="evaluation failed|query"):
            run_query(mini, bad)
    else:  # Oxigraph follows SPARQL: an error inside a FILTER makes it false
        assert run_query(mini, bad).rows == ()


def test_query_safety_small_queries_do_not_start_a_process_on_rdflib(monkeypatch):
    graph = load_graph(MINI)

    def no_fork():
        raise AssertionError("a small query must not fork")

    monkeypatch.setattr(os, "fork", no_fork)
    started = time.perf_counter()
    for _ in range(20):
        assert len(run_query(graph, "SELECT ?p WHERE { ?p a lkg:Person }")) == 3
    assert (time.perf_counter() - started) / 20 < 0.05  # prepared once; a run costs milliseconds


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_query_safety_store_queries_each_run_in_a_child(as_backend, monkeypatch):
    """What makes the store's time limit real. (The fork's cost grows with the parent's memory: a few
    ms in `kg query`, ~50 ms in this test process, which holds spaCy; bench/ measures it, not this.)"""
    store = as_backend(load_graph(MINI), "store")
    forks = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real_fork())
    for _ in range(20):
        assert len(run_query(store, "SELECT ?p WHERE { ?p a lkg:Person }")) == 3
    assert len(forks) == 20  # every store query can be killed at its time limit


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_query_safety_store_workers_answer_and_are_replaced_when_stopped(as_backend):
    """kg serve's pre-forked workers: same answers, no fork per query, a runaway query's worker killed."""
    from kg.query import StoreWorkers

    store = as_backend(load_graph(MINI), "store")
    expected = run_query(store, "SELECT ?p WHERE { ?p a lkg:Person } ORDER BY ?p")
    store.workers = workers = StoreWorkers(store, 1)
    try:
        (first_pid, _), = list(workers._idle.queue)
        assert run_query(store, "SELECT ?p WHERE { ?p a lkg:Person } ORDER BY ?p") == expected
        started = time.monotonic()
        with pytest.raises(QueryError, match="query stopped after 1 s"):
            run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }",
                      timeout=1)
        assert time.monotonic() - started < 5
        (second_pid, _), = list(workers._idle.queue)
        assert second_pid != first_pid
        with pytest.raises(ProcessLookupError):
            os.kill(first_pid, 0)  # the stopped worker is gone
        assert run_query(store, "SELECT ?p WHERE { ?p a lkg:Person } ORDER BY ?p") == expected
    finally:
        workers.close()
        store.workers = None
    with pytest.raises(ProcessLookupError):
        os.kill(second_pid, 0)
