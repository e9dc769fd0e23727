"""Shared fixtures: the seed graph and the small fixture corpus are built once per test session."""
from __future__ import annotations

import contextlib
import hashlib
import socket
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "tests" / "fixtures"
GOLD = ROOT / "tests" / "gold_seeds.json"


@pytest.fixture(scope="session", autouse=True)
def store_cache(tmp_path_factory) -> Path:
    """Stores loaded from RDF files go to a folder of the test session, never the user's cache."""
    import os

    from kg.triplestore import CACHE_ENV

    folder = tmp_path_factory.mktemp("kg-cache")
    previous = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop(CACHE_ENV, None)
    else:
        os.environ[CACHE_ENV] = previous


@pytest.fixture(scope="session")
def as_backend(tmp_path_factory):
    """`as_backend(graph, backend)`: the rdflib graph itself, or a kg store holding the same triples."""
    from kg.triplestore import create_store, open_store

    def convert(graph, backend: str):
        if backend == "rdflib":
            return graph
        folder = tmp_path_factory.mktemp("backend")
        graph.serialize(folder / "graph.nt", format="nt", encoding="utf-8")
        return open_store(create_store(folder / "graph.nt", folder / "graph.store").path)

    return convert


@pytest.fixture(scope="session")
def seed_build():
    from kg.build import build_graph

    with contextlib.chdir(ROOT):  # paths in the graph are relative to the working folder
        return build_graph([SEEDS])


@pytest.fixture(scope="session")
def seed_graph(seed_build):
    return seed_build.graph


@pytest.fixture(scope="session")
def seed_ttl(seed_build, tmp_path_factory) -> Path:
    from kg.build import write_turtle

    return write_turtle(seed_build.graph, tmp_path_factory.mktemp("seeds") / "leadership.ttl")


@pytest.fixture(scope="session")
def corpus_build():
    from kg.build import build_graph

    with contextlib.chdir(ROOT):
        return build_graph([FIXTURES / "corpus"])


@pytest.fixture
def make_doc():
    """A Document from a string, normalised and parsed like a file would be."""
    from kg.corpus import normalise
    from kg.model import Document

    def make(text: str, doc_id: str = "doc") -> Document:
        if text.lstrip().lower().startswith(("<!doctype html", "<html")):  # a page: read as .html
            from kg.corpus import document_from_bytes

            return document_from_bytes(text.encode(), f"{doc_id}.html", doc_id=doc_id)
        norm = normalise(text)
        return Document(doc_id, f"{doc_id}.txt", norm, hashlib.sha256(text.encode()).hexdigest(), "text/plain")

    return make


@pytest.fixture
def listener():
    """A TCP server on 127.0.0.1 (ephemeral port) that records every connection, for at most 30 s."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.05)
    connections: list[tuple[str, int]] = []
    stop = threading.Event()

    def serve() -> None:
        deadline = time.monotonic() + 30
        while not stop.is_set() and time.monotonic() < deadline:
            try:
                conn, address = server.accept()
            except (socket.timeout, OSError):
                continue
            connections.append(address)
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], connections
    stop.set()
    thread.join(2)
    server.close()
