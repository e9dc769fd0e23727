"""Load on `kg serve`: C concurrent clients each send N SPARQL queries; requests/s, p50 and p99.

    .venv/bin/python bench/bench_serve.py                         # tests/fixtures/mini.ttl, 50 clients x 20
    .venv/bin/python bench/bench_serve.py graphs/leadership.ttl --clients 50 --requests 20

Starts `kg serve GRAPH --port 0` in a subprocess, waits for it, runs the load (a mix of SELECT,
ASK, CONSTRUCT and named queries, JSON, CSV, XML and Turtle answers), stops the server with
SIGINT and prints the figures. `load()` is also what tests/test_serve.py runs, asserting 0 errors.
"""
from __future__ import annotations

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: (path and query string, Accept header) the clients send in turn
MIX = [
    ("/sparql?" + urllib.parse.urlencode({"query": "SELECT ?p ?name WHERE { ?p a lkg:Person ; rdfs:label ?name } ORDER BY ?name"}),
     "application/sparql-results+json"),
    ("/sparql?" + urllib.parse.urlencode({"query": "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c"}),
     "text/csv"),
    ("/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s a lkg:Publication }"}), "application/sparql-results+xml"),
    ("/sparql?" + urllib.parse.urlencode({"query": "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a lkg:Person ; rdfs:label ?l }"}),
     "text/turtle"),
    ("/queries/journals?format=json", "application/sparql-results+json"),
    ("/queries/most-cited?format=tsv", "text/tab-separated-values"),
]


@dataclass
class LoadResult:
    requests: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else 0.0

    def summary(self) -> str:
        return (f"{self.requests} requests from {self.requests // max(1, self.requests_per_client)} clients in "
                f"{self.seconds:.2f} s: {self.per_second:.0f} requests/s, p50 {1000 * self.percentile(50):.0f} ms, "
                f"p99 {1000 * self.percentile(99):.0f} ms, {len(self.errors)} errors")

    requests_per_client: int = 1


def load(base_url: str, clients: int = 50, per_client: int = 20, timeout: float = 60.0) -> LoadResult:
    """`clients` threads, each sending `per_client` requests of MIX in turn, all started at once."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)

    def client(number: int) -> None:
        start.wait()
        for i in range(per_client):
            path, accept = MIX[(number + i) % len(MIX)]
            request = urllib.request.Request(base_url + path, headers={"Accept": accept})
            began = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    body = response.read()
                    ok = response.status == 200 and body
            except urllib.error.HTTPError as exc:
                ok, body = False, f"{exc.code} {exc.read()[:300]!r}".encode()
            except (urllib.error.URLError, OSError) as exc:
                ok, body = False, str(exc).encode()
            took = time.perf_counter() - began
            with lock:
                latencies.append(took)
                if not ok:
                    errors.append(f"{path}: {body[:200]!r}")

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for t in threads:
        t.start()
    start.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    result = LoadResult(clients * per_client, time.perf_counter() - began, latencies, errors)
    result.requests_per_client = per_client
    return result


def start_server(graph: Path, *extra: str, env: dict | None = None) -> tuple[subprocess.Popen, str]:
    """`kg serve GRAPH --port 0 ...` in a subprocess; returns it and its base URL once it answers."""
    kg = Path(sys.executable).with_name("kg")
    process = subprocess.Popen([str(kg), "serve", str(graph), "--port", "0", *extra], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env or os.environ.copy())
    line = process.stderr.readline()  # "kg serve: http://127.0.0.1:PORT/sparql (...)"
    found = re.search(r"(http://[^/\s]+)/sparql", line)
    if not found:
        process.kill()
        raise RuntimeError(f"kg serve did not start: {line}{process.stderr.read()}")
    base = found.group(1)
    log: list[str] = [line]
    process.log = log  # type: ignore[attr-defined]  # the server's stderr, drained so it never blocks on a full pipe
    process.drain = threading.Thread(target=lambda: log.extend(process.stderr), daemon=True)  # type: ignore[attr-defined]
    process.drain.start()  # type: ignore[attr-defined]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/", timeout=2):
                return process, base
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("kg serve did not answer within 30 s")


def stop_server(process: subprocess.Popen) -> tuple[int, str]:
    """Ctrl-C (SIGINT) the server; its exit status and the rest of its log."""
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.drain.join(5)  # type: ignore[attr-defined]
    return process.returncode, "".join(process.log)  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("graph", nargs="?", type=Path, default=ROOT / "tests" / "fixtures" / "mini.ttl")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=20, help="requests per client")
    args = parser.parse_args()
    process, base = start_server(args.graph)
    try:
        load(base, clients=2, per_client=len(MIX))  # warm: every query text parsed once
        result = load(base, args.clients, args.requests)
    finally:
        status, log = stop_server(process)
    print(f"{args.graph}: {result.summary()}")
    print(f"server exit status {status}; {log.count(chr(10))} log lines")
    for error in result.errors[:5]:
        print("  error:", error)


if __name__ == "__main__":
    main()
