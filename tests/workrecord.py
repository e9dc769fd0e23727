"""The record of the one work a one-document graph carries, as the graph states it: what the
metadata tests compare with the record a page or PDF declares."""
from __future__ import annotations

import contextlib

from rdflib import Graph
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS

from kg.build import build_graph
from kg.namespaces import BIBO, LKG


def labels(g: Graph, nodes) -> list[str]:
    """The sorted rdfs:labels of some nodes."""
    return sorted(str(g.value(n, RDFS.label)) for n in nodes)


def record_of(g: Graph) -> dict:
    """The record of the one work the one document carries, as the graph states it."""
    docs = list(g.subjects(RDF.type, LKG.SourceDocument))
    assert len(docs) == 1
    works = list(g.objects(docs[0], FOAF.primaryTopic))
    assert len(works) == 1, works
    pub = works[0]

    def one(p) -> str | None:
        values = [str(v) for v in g.objects(pub, p)]
        assert len(values) <= 1, (p, values)
        return values[0] if values else None

    kinds = [str(t).rsplit("#", 1)[-1] for t in g.objects(pub, RDF.type) if t != LKG.Publication]
    head = g.value(pub, BIBO.authorList)
    authors = [str(g.value(p, RDFS.label)) for p in Collection(g, head)] if head is not None else []
    parts = list(g.objects(pub, DCTERMS.isPartOf))
    books = [p for p in parts if (p, RDF.type, LKG.Publication) in g]
    book = books[0] if books else pub
    people = {str(g.value(p, RDFS.label)): p for p in g.objects(pub, DCTERMS.creator)}
    return {
        "kind": kinds[0] if len(kinds) == 1 else kinds,
        "title": one(DCTERMS.title),
        "authors": authors,
        "year": one(DCTERMS.issued),
        "journal": labels(g, [p for p in parts if (p, RDF.type, LKG.Journal) in g]),
        "host": sorted(str(g.value(b, DCTERMS.title)) for b in books),
        "volume": one(BIBO.volume), "issue": one(BIBO.issue),
        "pages": (one(BIBO.pageStart), one(BIBO.pageEnd)),
        "doi": one(BIBO.doi),
        "isbn": sorted(str(v) for v in g.objects(book, BIBO.isbn)),
        "publisher": labels(g, g.objects(book, DCTERMS.publisher)),
        "affiliations": {name: labels(g, g.objects(p, LKG.affiliation)) for name, p in sorted(people.items())
                         if list(g.objects(p, LKG.affiliation))},
        "keywords": {str(g.value(c, RDFS.label)) for c in g.objects(pub, DCTERMS.subject)},
    }


def build_file(tmp_path, name: str, data: bytes):
    """Build the graph of one file written into tmp_path, with paths relative to it."""
    path = tmp_path / name
    path.write_bytes(data)
    with contextlib.chdir(tmp_path):
        return build_graph([name])

