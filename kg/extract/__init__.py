"""Extractors: each module `kg/extract/<name>.py` exposes `extract(doc: Document) -> Extraction`.

REGISTRY is the one table of them, in the order they run; modules are imported on first use.

>>> list(REGISTRY)[:3]
['records', 'works', 'references']
"""
from __future__ import annotations

import importlib
from typing import Callable, Iterable

from kg.errors import ExtractorError
from kg.model import Document, Extraction

Extractor = Callable[[Document], Extraction]

#: name -> what it finds, in the order the extractors run
REGISTRY: dict[str, str] = {
    "records": "research-portal records: title, authors, editors, host, publisher, place, year, ISBN, DOI, journal",
    "works": "which work a document is (report, conference paper, web page) and its title",
    "references": "reference lists and in-text author-year citations",
    "places": "countries (pycountry) and cities (GeoNames), with the country a place is in",
    "entities": "spaCy named entities kept where a second signal agrees (organisations, people)",
    "programmes": "named programmes, initiatives, projects, studies and placements",
    "concepts": "concepts of the SKOS scheme kg/ontology/concepts.ttl and a record's keywords",
    "relations": "organised by, funded by, located in, spatial coverage, from sentences",
    "metadata": "the work a file declares: citation_*, Dublin Core, JSON-LD, microdata, OpenGraph, PDF info and first page",
}


def get_extractor(name: str) -> Extractor:
    if name not in REGISTRY:
        raise ExtractorError(f"unknown extractor '{name}'; available: {', '.join(REGISTRY)}")
    return importlib.import_module(f"kg.extract.{name}").extract


def extract_document(doc: Document, names: Iterable[str] | None = None) -> list[Extraction]:
    """Run the named extractors (all by default) on one document; a bibliographic export's records
    are read as they are (kg.bibliographic.extraction), not as text."""
    if doc.export is not None:
        from kg.bibliographic.extraction import extract as from_records

        return [from_records(doc)]
    chosen = list(names) if names is not None else list(REGISTRY)
    return [get_extractor(n)(doc) for n in chosen]
