"""`kg serve`: a real server in a subprocess, queried over HTTP with SPARQLWrapper and urllib."""
from __future__ import annotations

import csv
import importlib.util
import io
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from SPARQLWrapper import CSV, JSON, POST, SPARQLWrapper

from kg.query import format_result, run_named_query
from kg.triplestore import create_store, open_store

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini.ttl"
PERSONS = "SELECT ?p ?name WHERE { ?p a lkg:Person ; rdfs:label ?name } ORDER BY ?name"
#: five copies of the graph side by side: 147^5 solutions, far beyond any time limit
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"

_spec = importlib.util.spec_from_file_location("bench_serve", ROOT / "bench" / "bench_serve.py")
bench_serve = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("bench_serve", bench_serve)  # its dataclasses look their module up there
_spec.loader.exec_module(bench_serve)


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    return create_store(MINI, tmp_path_factory.mktemp("serve") / "mini.store").path


@pytest.fixture(scope="module")
def server(store_dir):
    """`kg serve` on a free loopback port, with a 1 s time limit and a 50-row cap; stopped by Ctrl-C."""
    process, base = bench_serve.start_server(store_dir, "--timeout", "1", "--max-results", "50")
    yield base
    status, log = bench_serve.stop_server(process)
    assert status == 0 and log.rstrip().endswith("kg serve: stopped"), log[-500:]


def endpoint(base: str, query: str, fmt=JSON, method=None) -> SPARQLWrapper:
    client = SPARQLWrapper(base + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    if method:
        client.setMethod(method)
    return client


def get(url: str, accept: str = "*/*", data: bytes | None = None, headers: dict | None = None):
    request = urllib.request.Request(url, data=data, headers={"Accept": accept, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode("utf-8")


def test_serve_answers_sparqlwrapper_in_json(server):
    result = endpoint(server, PERSONS).queryAndConvert()
    assert result["head"]["vars"] == ["p", "name"]
    assert [b["name"]["value"] for b in result["results"]["bindings"]] == ["Ada Lovelace", "Brian Kernighan", "Grace Hopper"]


@pytest.mark.parametrize("method", [None, POST])
def test_serve_answers_sparqlwrapper_in_csv(server, method):
    text = endpoint(server, PERSONS, CSV, method).queryAndConvert().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["p", "name"] and rows[1] == ["https://w3id.org/leadership-kg/id/person/ada-lovelace", "Ada Lovelace"]


def test_serve_gives_what_kg_query_gives(server, store_dir):
    status, _, body = get(server + "/queries/coauthors?" + urllib.parse.urlencode({"person": "Ada Lovelace"}),
                          "application/sparql-results+json")
    expected = format_result(run_named_query(open_store(store_dir), "coauthors", {"person": "Ada Lovelace"}), "json")
    assert status == 200 and json.loads(body) == json.loads(expected)


def test_serve_refuses_service_with_403_and_connects_nowhere(server, listener):
    port, seen = listener
    with pytest.raises(urllib.error.HTTPError) as err:
        endpoint(server, f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}").query()
    assert err.value.code == 403
    assert f"SERVICE <http://127.0.0.1:{port}/> is refused" in err.value.read().decode()
    time.sleep(0.2)
    assert seen == []


@pytest.mark.parametrize("update", ["INSERT DATA { lkr:x a lkg:Person }", "DROP ALL", "LOAD <http://127.0.0.1:9/x>"])
def test_serve_refuses_updates_with_403(server, update):
    client = endpoint(server, update, method=POST)  # SPARQLWrapper sends an update as update=...
    with pytest.raises(urllib.error.HTTPError) as err:
        client.query()
    assert err.value.code == 403 and "SPARQL Update is refused: kg serve is read-only" in err.value.read().decode()
    as_query = get(server + "/sparql?" + urllib.parse.urlencode({"query": update}))
    assert as_query[0] == 403 and "read-only" in as_query[2]
    assert endpoint(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").queryAndConvert()[
        "results"]["bindings"][0]["n"]["value"] == "147"


@pytest.mark.parametrize("request_kind", ["sparql-update body", "default-graph-uri", "named-graph-uri"])
def test_serve_refuses_what_the_protocol_could_use_to_reach_outside(server, request_kind):
    if request_kind == "sparql-update body":
        status, _, body = get(server + "/sparql", data=b"DROP ALL", headers={"Content-Type": "application/sparql-update"})
    else:
        status, _, body = get(server + "/sparql?" + urllib.parse.urlencode(
            {"query": "ASK { ?s ?p ?o }", request_kind: "http://127.0.0.1:9/g"}))
    assert status == 403 and "refused" in body


@pytest.mark.parametrize("accept, media, starts", [
    ("application/sparql-results+xml", "application/sparql-results+xml", '<?xml version="1.0"'),
    ("text/tab-separated-values", "text/tab-separated-values", "?p\t?name\n<https://w3id.org"),
    ("text/csv;q=0.5, application/sparql-results+json", "application/sparql-results+json", "{"),
    ("*/*", "application/sparql-results+json", "{"),
])
def test_serve_negotiates_the_results_format(server, accept, media, starts):
    status, headers, body = get(server + "/sparql?" + urllib.parse.urlencode({"query": PERSONS}), accept)
    assert status == 200 and headers["Content-Type"].startswith(media) and body.startswith(starts)


def test_serve_writes_graphs_as_turtle_and_refuses_formats_it_lacks(server):
    query = urllib.parse.urlencode({"query": "CONSTRUCT { ?p a lkg:Person } WHERE { ?p a lkg:Person }"})
    status, headers, body = get(f"{server}/sparql?{query}", "text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert "<https://w3id.org/leadership-kg/id/person/ada-lovelace> a lkg:Person" in body
    status, _, body = get(f"{server}/sparql?{query}", "text/csv")
    assert status == 406 and "text/turtle" in body


def test_serve_sends_cors_headers_for_browsers(server):
    status, headers, _ = get(server + "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}),
                             headers={"Origin": "https://yasgui.example"})
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"
    preflight = urllib.request.Request(server + "/sparql", method="OPTIONS", headers={
        "Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    with urllib.request.urlopen(preflight, timeout=10) as response:
        assert response.status == 200 and "POST" in response.headers["Access-Control-Allow-Methods"]


def test_serve_stops_a_runaway_query_at_its_time_limit(server):
    started = time.monotonic()
    status, _, body = get(server + "/sparql?" + urllib.parse.urlencode({"query": RUNAWAY}))
    assert status == 503 and "query stopped after 1 s" in body
    assert time.monotonic() - started < 5
    assert get(server + "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}))[0] == 200  # still serving


def test_serve_refuses_a_result_over_the_row_cap(server):
    status, _, body = get(server + "/sparql?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"}))
    assert status == 503 and "more than 50 rows" in body


@pytest.mark.parametrize("query, status, message", [
    ("SELEC ?x WHERE { ?x ?p ?o }", 400, "line 1, column 1"),
    ("", 400, "missing query"),
])
def test_serve_malformed_requests_are_400_with_the_reason(server, query, status, message):
    got = get(server + "/sparql", data=urllib.parse.urlencode({"query": query}).encode(),
              headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert got[0] == status and message in got[2]


def test_serve_named_queries_page_view_and_errors(server):
    status, headers, body = get(server + "/queries", "text/html")
    assert status == 200 and 'action="/queries/coauthors"' in body and "Co-authors of a person" in body
    status, headers, body = get(server + "/queries/coauthors?person=Ada%20Lovelace", "text/html")
    assert status == 200 and headers["Content-Type"].startswith("text/html") and "Brian Kernighan" in body
    assert get(server + "/queries/coauthors", "text/html")[0] == 400  # the parameter is missing
    status, _, body = get(server + "/queries/coauthor")
    assert status == 404 and "did you mean 'coauthors'" in body
    status, headers, body = get(server + "/view", "text/html")
    assert status == 200 and "<html" in body and "Ada Lovelace" in body


def test_serve_logs_one_line_per_request(store_dir):
    process, base = bench_serve.start_server(store_dir)
    for _ in range(3):
        get(base + "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}))
    status, log = bench_serve.stop_server(process)
    lines = [line for line in log.splitlines() if '"GET /sparql?query=ASK' in line]
    assert status == 0 and len(lines) == 3 and all(" 200 " in line for line in lines)


def test_serve_port_in_use_is_one_line(store_dir):
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    try:
        done = subprocess.run([str(Path(sys.executable).with_name("kg")), "serve", str(store_dir), "--port", str(port)],
                              capture_output=True, text=True, timeout=60)
    finally:
        taken.close()
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip() == f"Error: port {port} on 127.0.0.1 is in use; pass another --port or stop the server using it"


def test_serve_load_50_clients_20_queries_each_without_an_error(server):
    result = bench_serve.load(server, clients=50, per_client=20)
    print(result.summary())  # the figures go to BENCHMARKS.md from bench/bench_serve.py, not asserted here
    assert result.requests == 1000 and len(result.latencies) == 1000
    assert result.errors == []
