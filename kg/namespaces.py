"""The graph's vocabularies as typed namespaces (see CONTRACT.md).

`LKG` mirrors kg/ontology/leadership.ttl; `_fail = True` turns a typo such as `LKG.locatedln`
into an AttributeError at import time rather than a silent new IRI.
"""
from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace
from rdflib.term import URIRef


class LKG(DefinedNamespace):
    """The project's leadership ontology."""

    _NS = Namespace("https://w3id.org/leadership-kg/ontology#")
    _fail = True

    # classes
    Person: URIRef
    Organisation: URIRef
    Country: URIRef
    Place: URIRef
    Programme: URIRef
    Concept: URIRef
    Publication: URIRef
    JournalArticle: URIRef
    BookChapter: URIRef
    Book: URIRef
    Thesis: URIRef
    Report: URIRef
    ConferencePaper: URIRef
    WebPage: URIRef
    Journal: URIRef
    SourceDocument: URIRef
    Evidence: URIRef
    # relations
    locatedIn: URIRef
    partOf: URIRef
    affiliation: URIRef
    organisedBy: URIRef
    fundedBy: URIRef
    participant: URIRef
    mentions: URIRef
    # evidence and document attributes
    source: URIRef
    start: URIRef
    end: URIRef
    quote: URIRef
    extractor: URIRef
    confidence: URIRef
    path: URIRef
    sha256: URIRef
    mediaType: URIRef
    charCount: URIRef
    text: URIRef
    # publication attributes
    publicationStatus: URIRef
    subjectArea: URIRef
    origin: URIRef
    citedAs: URIRef
    keyword: URIRef
    orcid: URIRef
    session: URIRef
    conference: URIRef


LKR = Namespace("https://w3id.org/leadership-kg/id/")
BIBO = Namespace("http://purl.org/ontology/bibo/")
CITO = Namespace("http://purl.org/spar/cito/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")

#: the contract's relations between two entities (CONTRACT.md, Properties), as CURIEs
RELATIONS: tuple[str, ...] = (
    "dcterms:creator", "bibo:editor", "dcterms:isPartOf", "dcterms:publisher", "cito:cites",
    "dcterms:subject", "dcterms:spatial", "lkg:locatedIn", "lkg:partOf", "lkg:affiliation",
    "lkg:organisedBy", "lkg:fundedBy", "lkg:participant", "skos:broader", "skos:related",
)

PREFIXES = {
    "lkg": LKG._NS,
    "lkr": LKR,
    "dcterms": DCTERMS,
    "bibo": BIBO,
    "cito": CITO,
    "skos": SKOS,
    "foaf": FOAF,
    "prov": PROV,
    "owl": OWL,
    "rdfs": RDFS,
    "rdf": RDF,
    "xsd": XSD,
    "schema": SCHEMA,
}


def expand(curie: str) -> URIRef:
    """`expand("dcterms:creator")` -> the full IRI; raises KeyError for an unknown prefix."""
    prefix, local = curie.split(":", 1)
    if prefix == "lkg":
        return getattr(LKG, local)
    return URIRef(str(PREFIXES[prefix]) + local)


def compact(iri: str) -> str:
    """The CURIE of an IRI in one of the project's namespaces, else the IRI itself."""
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(str(kv[1]))):
        if str(iri).startswith(str(ns)):
            return f"{prefix}:{str(iri)[len(str(ns)):]}"
    return str(iri)
