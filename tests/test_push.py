"""`kg push`: the seed graph into a real Oxigraph server (`oxigraph serve`), read back by SPARQL."""
from __future__ import annotations

import http.server
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import PushError
from kg.namespaces import PREFIXES
from kg.push import push
from kg.query import format_result, list_named_queries, run_named_query
from kg.triplestore import create_store, open_store

OXIGRAPH = Path(sys.executable).with_name("oxigraph")
PROLOGUE = "".join(f"PREFIX {name}: <{ns}>\n" for name, ns in PREFIXES.items())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    """`oxigraph serve` on a free loopback port (union default graph, like kg's queries); stopped after."""
    port = free_port()
    process = subprocess.Popen([str(OXIGRAPH), "serve", "--location", str(tmp_path_factory.mktemp("oxigraph")),
                                "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=2).read()
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail(f"oxigraph serve did not start: {process.stderr.read()!r}")
            time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(10)


@pytest.fixture(scope="module")
def seed_store(seed_ttl, tmp_path_factory):
    return open_store(create_store(seed_ttl, tmp_path_factory.mktemp("push") / "seeds.store").path)


def remote(base: str, query: str) -> dict:
    request = urllib.request.Request(base + "/query", data=(PROLOGUE + query).encode("utf-8"),
                                     headers={"Content-Type": "application/sparql-query",
                                              "Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def pushed(oxigraph_server, seed_store):
    result = CliRunner().invoke(cli, ["push", str(seed_store.path), "--endpoint", oxigraph_server + "/store"])
    assert result.exit_code == 0, result.output
    return result.output


def test_push_sends_one_named_graph_per_document(pushed, oxigraph_server, seed_store):
    assert pushed == (f"pushed {len(seed_store)} triples in {len(seed_store.graph_names())} named graphs "
                      f"to {oxigraph_server}/store\n")
    rows = remote(oxigraph_server, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")
    counts = {b["g"]["value"]: int(b["n"]["value"]) for b in rows["results"]["bindings"]}
    assert sorted(counts) == seed_store.graph_names()
    assert len([g for g in counts if "/document/" in g]) == 5
    assert sum(counts.values()) == len(seed_store)


PARAMETERS = {"person": "Alma Harris", "country": "Kazakhstan", "subject": "British Council",
              "publication": "Teacher leadership in Kazakhstan", "document": "000_10188aaa181b590d.txt"}


@pytest.mark.parametrize("name", [q.name for q in list_named_queries()])
def test_push_server_answers_every_named_query_as_kg_query_does(pushed, oxigraph_server, seed_store, name):
    named = next(q for q in list_named_queries() if q.name == name)
    params = {p.name: PARAMETERS[p.name] for p in named.params if not p.optional}
    ours = json.loads(format_result(run_named_query(seed_store, name, params), "json"))
    text = named.text
    for key, value in params.items():  # the server binds nothing for us: the test writes the values in
        text = text.replace(f"?{key}_name", json.dumps(value))
    theirs = remote(oxigraph_server, text)
    assert theirs["head"]["vars"][:len(ours["head"]["vars"])] == ours["head"]["vars"]
    assert theirs["results"]["bindings"] == ours["results"]["bindings"], name


def test_push_again_replaces_instead_of_adding(pushed, oxigraph_server, seed_store):
    push(seed_store, oxigraph_server + "/store")
    count = remote(oxigraph_server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert int(count["results"]["bindings"][0]["n"]["value"]) == len(seed_store)


def test_push_into_one_named_graph(oxigraph_server, seed_store):
    target = "https://example.org/graphs/leadership"
    summary = push(seed_store, oxigraph_server + "/store", graph_iri=target)
    assert summary.graphs == {target: len(seed_store)}
    count = remote(oxigraph_server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{target}> {{ ?s ?p ?o }} }}")
    assert int(count["results"]["bindings"][0]["n"]["value"]) == len(seed_store)


class _Refusing(http.server.BaseHTTPRequestHandler):
    """A server that wants credentials, and records the ones it was sent."""

    seen: list = []

    def do_PUT(self):  # noqa: N802 - http.server's naming
        _Refusing.seen.append(self.headers.get("Authorization"))
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="kg"')
        self.end_headers()
        self.wfile.write(b"Unauthorized")

    def log_message(self, *args):
        pass


def test_push_401_says_which_variables_to_set(seed_store, monkeypatch):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Refusing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("KG_PUSH_USER", "ada")
    monkeypatch.setenv("KG_PUSH_PASSWORD", "secret")
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/store"
        result = CliRunner().invoke(cli, ["push", str(seed_store.path), "--endpoint", url])
    finally:
        server.shutdown()
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "refused the upload with HTTP 401" in result.output and "KG_PUSH_USER and KG_PUSH_PASSWORD" in result.output
    assert _Refusing.seen[0] == "Basic YWRhOnNlY3JldA=="  # ada:secret, from the environment


@pytest.mark.parametrize("endpoint, message", [
    (f"http://127.0.0.1:{free_port()}/store", "cannot reach"),
    ("ftp://example.org/store", r"not an http\(s\) URL"),
])
def test_push_unusable_endpoint_is_one_line(seed_store, endpoint, message):
    with pytest.raises(PushError, match=message):
        push(seed_store, endpoint)
