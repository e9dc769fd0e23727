"""The resolved corpus as RDF under the contract (CONTRACT.md), and its deterministic Turtle.

Every relation gets an `lkg:Evidence` node whose IRI is a hash of what it states, so two builds of
one corpus serialise to the same bytes, whatever the order of the documents.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD

from kg.concepts import scheme
from kg.model import Entity, Evidence, Resolved, ResolvedFact
from kg.namespaces import BIBO, LKG, LKR, SCHEMA, expand
from kg.store import bind_prefixes

CONCEPT_SCHEME = LKR["concepts"]
DATATYPES = {"xsd:gYear": XSD.gYear, "xsd:date": XSD.date, "xsd:integer": XSD.integer}


def iri(entity_id: str) -> URIRef:
    return LKR[entity_id]


def evidence_iri(fact: ResolvedFact, ev: Evidence) -> URIRef:
    stated = "|".join([fact.subject, fact.predicate, fact.object or "", fact.value or "", ev.doc_id,
                       str(ev.start), str(ev.end), ev.extractor])
    return LKR["evidence/" + hashlib.sha1(stated.encode("utf-8")).hexdigest()[:20]]


def _literal(value: str, datatype: str | None) -> Literal:
    if datatype in DATATYPES:
        return Literal(value, datatype=DATATYPES[datatype])
    return Literal(value)


def _add_entity(g: Graph, e: Entity) -> None:
    node = iri(e.id)
    g.add((node, RDF.type, LKG[e.cls] if e.cls != "Concept" else LKG.Concept))
    g.add((node, RDFS.label, Literal(e.label)))
    for alias in e.aliases:
        g.add((node, SKOS.altLabel, Literal(alias)))
    for doc_id in e.doc_ids:
        g.add((node, PROV.wasDerivedFrom, LKR[f"document/{doc_id}"]))
    a = e.attrs
    if e.cls == "Person":
        g.add((node, FOAF.familyName, Literal(a.get("family") or (e.label.split() or [e.label])[-1])))
        if a.get("given"):
            g.add((node, FOAF.givenName, Literal(a["given"])))
        if a.get("orcid"):
            g.add((node, LKG.orcid, Literal(a["orcid"])))
    elif e.cls == "Place" and a.get("country"):
        g.add((node, SCHEMA.addressCountry, Literal(a["country"])))
    elif e.cls == "Country":
        g.add((node, DCTERMS.identifier, Literal(a["code"])))
    elif e.cls == "Publication":
        kind = a.get("kind")
        if kind and kind != "Publication":
            g.add((node, RDF.type, LKG[kind]))
        if a.get("title"):
            g.add((node, DCTERMS.title, Literal(a["title"])))
        if a.get("cited_as"):
            g.add((node, LKG.citedAs, Literal(a["cited_as"])))
    elif e.cls == "Concept":
        g.add((node, SKOS.inScheme, CONCEPT_SCHEME))
        g.add((node, SKOS.prefLabel, Literal(e.label, lang="en")))
        c = scheme().get(a.get("concept", ""))
        g.add((node, LKG.origin, Literal("curated" if c is not None else "found")))
        if c is not None and c.definition:
            g.add((node, SKOS.definition, Literal(c.definition, lang="en")))


def _add_evidence(g: Graph, f: ResolvedFact, s, p, o) -> None:
    """One lkg:Evidence node per quote behind the fact (s, p, o)."""
    for ev in f.evidence:
        en = evidence_iri(f, ev)
        g.add((en, RDF.type, LKG.Evidence))
        g.add((en, RDF.subject, s))
        g.add((en, RDF.predicate, p))
        g.add((en, RDF.object, o))
        g.add((en, LKG.source, LKR[f"document/{ev.doc_id}"]))
        g.add((en, LKG.start, Literal(ev.start)))
        g.add((en, LKG.end, Literal(ev.end)))
        g.add((en, LKG.quote, Literal(ev.quote)))
        g.add((en, LKG.extractor, Literal(ev.extractor)))
        g.add((en, LKG.confidence, Literal(f"{ev.confidence:.2f}", datatype=XSD.decimal)))


def to_rdf(resolved: Resolved) -> Graph:
    """The graph of a resolved corpus."""
    g = bind_prefixes(Graph())
    g.add((CONCEPT_SCHEME, RDF.type, SKOS.ConceptScheme))
    g.add((CONCEPT_SCHEME, RDFS.label, Literal("Leadership and education concepts")))
    for doc in resolved.documents:
        node = LKR[f"document/{doc.id}"]
        g.add((node, RDF.type, LKG.SourceDocument))
        g.add((node, RDFS.label, Literal(Path(doc.path).name)))
        g.add((node, LKG.path, Literal(doc.path)))
        g.add((node, LKG.sha256, Literal(doc.sha256)))
        g.add((node, LKG.mediaType, Literal(doc.media_type)))
        g.add((node, LKG.charCount, Literal(len(doc.text))))
        g.add((node, LKG.text, Literal(doc.text)))
    derived = []
    for e in resolved.entities:
        _add_entity(g, e)
        # the first place each document names the entity backs its prov:wasDerivedFrom
        derived += [ResolvedFact(e.id, "prov:wasDerivedFrom", [ev], object=f"document/{doc_id}")
                    for doc_id, ev in sorted(e.first_evidence.items())]
    authors: dict[str, list[tuple[int, str]]] = {}
    for f in resolved.facts:
        s = iri(f.subject)
        p = expand(f.predicate)
        o = iri(f.object) if f.object else _literal(f.value or "", f.datatype)
        g.add((s, p, o))
        if f.predicate == "dcterms:creator" and f.position is not None:
            authors.setdefault(f.subject, []).append((f.position, f.object))
        _add_evidence(g, f, s, p, o)
    for f in derived:
        _add_evidence(g, f, iri(f.subject), PROV.wasDerivedFrom, iri(f.object))
    for pub, ordered in sorted(authors.items()):
        people = [iri(p) for _, p in sorted(ordered)]
        head = BNode(f"authors-{hashlib.sha1(pub.encode()).hexdigest()[:12]}")
        Collection(g, head, people)
        g.add((iri(pub), BIBO.authorList, head))
    return g


def serialize_turtle(g: Graph) -> str:
    """Turtle that is byte-identical for the same graph: rdflib sorts subjects and predicates,
    and the only blank nodes are author lists, written inline."""
    return g.serialize(format="turtle")
