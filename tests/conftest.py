"""Shared fixtures: the seed graph and the small fixture corpus are built once per test session."""
from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "tests" / "fixtures"
GOLD = ROOT / "tests" / "gold_seeds.json"


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
