"""The resolved corpus as RDF under the contract (CONTRACT.md), and its deterministic Turtle.

Every relation gets an `lkg:Evidence` node whose IRI is a hash of what it states, so two builds of
one corpus serialise to the same bytes, whatever the order of the documents.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD

from kg.concepts import scheme
from kg.model import Entity, Evidence, Resolved, ResolvedFact
from kg.namespaces import BIBO, LKG, LKR, SCHEMA, expand
from kg.store import bind_prefixes

CONCEPT_SCHEME = LKR["concepts"]
DATATYPES = {"xsd:gYear": XSD.gYear, "xsd:date": XSD.date, "xsd:integer": XSD.integer}


def iri(entity_id: str) -> URIRef:
    return LKR[entity_id]


#: every evidence node's IRI starts so (and no other subject's does)
EVIDENCE_PREFIX = str(LKR["evidence/"])


def evidence_iri(fact: ResolvedFact, ev: Evidence) -> URIRef:
    stated = "|".join([fact.subject, fact.predicate, fact.object or "", fact.value or "", ev.doc_id,
                       str(ev.start), str(ev.end), ev.extractor])
    return URIRef(EVIDENCE_PREFIX + hashlib.sha1(stated.encode("utf-8")).hexdigest()[:20])


def _literal(value: str, datatype: str | None) -> Literal:
    if datatype in DATATYPES:
        return Literal(value, datatype=DATATYPES[datatype])
    return Literal(value)


def _entity_statements(e: Entity) -> Iterator[tuple]:
    node = iri(e.id)
    yield node, RDF.type, LKG[e.cls] if e.cls != "Concept" else LKG.Concept
    yield node, RDFS.label, Literal(e.label)
    for alias in e.aliases:
        yield node, SKOS.altLabel, Literal(alias)
    for doc_id in e.doc_ids:
        yield node, PROV.wasDerivedFrom, LKR[f"document/{doc_id}"]
    a = e.attrs
    if e.cls == "Person":
        yield node, FOAF.familyName, Literal(a.get("family") or (e.label.split() or [e.label])[-1])
        if a.get("given"):
            yield node, FOAF.givenName, Literal(a["given"])
        if a.get("orcid"):
            yield node, LKG.orcid, Literal(a["orcid"])
    elif e.cls == "Place" and a.get("country"):
        yield node, SCHEMA.addressCountry, Literal(a["country"])
    elif e.cls == "Country":
        yield node, DCTERMS.identifier, Literal(a["code"])
    elif e.cls == "Publication":
        kind = a.get("kind")
        if kind and kind != "Publication":
            yield node, RDF.type, LKG[kind]
        if a.get("title"):
            yield node, DCTERMS.title, Literal(a["title"])
        if a.get("cited_as"):
            yield node, LKG.citedAs, Literal(a["cited_as"])
    elif e.cls == "Concept":
        yield node, SKOS.inScheme, CONCEPT_SCHEME
        yield node, SKOS.prefLabel, Literal(e.label, lang="en")
        c = scheme().get(a.get("concept", ""))
        yield node, LKG.origin, Literal("curated" if c is not None else "found")
        if c is not None and c.definition:
            yield node, SKOS.definition, Literal(c.definition, lang="en")


# the terms every evidence node repeats, made once: a namespace attribute or a Literal costs a
# Python call each, and a corpus has hundreds of thousands of evidence nodes
_TYPE, _EVIDENCE, _SUBJECT, _PREDICATE, _OBJECT = RDF.type, LKG.Evidence, RDF.subject, RDF.predicate, RDF.object
_SOURCE, _START, _END, _QUOTE, _EXTRACTOR, _CONFIDENCE = (LKG.source, LKG.start, LKG.end, LKG.quote, LKG.extractor,
                                                           LKG.confidence)
_DERIVED_FROM = PROV.wasDerivedFrom


@lru_cache(maxsize=8192)
def _document_iri(doc_id: str) -> URIRef:
    return LKR[f"document/{doc_id}"]


@lru_cache(maxsize=8192)
def _plain(value: int | str) -> Literal:
    return Literal(value)


@lru_cache(maxsize=1024)
def _decimal(confidence: float) -> Literal:
    return Literal(f"{confidence:.2f}", datatype=XSD.decimal)


def _evidence_statements(f: ResolvedFact, s, p, o) -> Iterator[tuple]:
    """One lkg:Evidence node per quote behind the fact (s, p, o)."""
    for ev in f.evidence:
        yield from _evidence_node(f, ev, s, p, o)


def _evidence_node(f: ResolvedFact, ev: Evidence, s, p, o) -> Iterator[tuple]:
    en = evidence_iri(f, ev)
    yield en, _TYPE, _EVIDENCE
    yield en, _SUBJECT, s
    yield en, _PREDICATE, p
    yield en, _OBJECT, o
    yield en, _SOURCE, _document_iri(ev.doc_id)
    yield en, _START, _plain(ev.start)
    yield en, _END, _plain(ev.end)
    yield en, _QUOTE, Literal(ev.quote)
    yield en, _EXTRACTOR, _plain(ev.extractor)
    yield en, _CONFIDENCE, _decimal(ev.confidence)


def _list_statements(head: BNode, items: list) -> Iterator[tuple]:
    """An RDF collection of `items` starting at `head` (what rdflib's Collection adds)."""
    node = head
    for i, item in enumerate(items):
        yield node, RDF.first, item
        rest = BNode(f"{head}-{i + 1}") if i + 1 < len(items) else RDF.nil
        yield node, RDF.rest, rest
        node = rest


def statements(resolved: Resolved) -> Iterator[tuple]:
    """Every triple of the graph of a resolved corpus, one at a time (some more than once: the
    graph is their set). `to_rdf` adds them to rdflib; `kg.turtle` writes them without it."""
    return ((s, p, o) for s, p, o, _ in quads(resolved))


def _fact_triple(f: ResolvedFact) -> tuple:
    return iri(f.subject), expand(f.predicate), iri(f.object) if f.object else _literal(f.value or "", f.datatype)


def _object_key(o) -> object:
    """A term as a plain, cheaply hashed key (rdflib terms hash in Python)."""
    if isinstance(o, Literal):
        return str(o), o.datatype and str(o.datatype), o.language
    return str(o)


def quads(resolved: Resolved) -> Iterator[tuple]:
    """Every triple of `statements`, with the named graph (an IRI string) it belongs to in the kg
    store: the rule of `kg.triplestore.partition`, worked out from the resolved corpus rather than
    from a parsed file. The graph of the document that alone states a triple (its description,
    the evidence it is the source of, an entity or a fact only it backs), else DERIVED_GRAPH."""
    from kg.triplestore import DERIVED_GRAPH

    documents = {str(_document_iri(doc.id)) for doc in resolved.documents}

    def one(names: set) -> str:
        if len(names) == 1:
            (name,) = names
            if name in documents:
                return name
        return DERIVED_GRAPH

    # what each fact's triple is stated in (the sources of the evidence that reifies it), and what
    # each subject was derived from (its prov:wasDerivedFrom objects)
    stated: dict[tuple, set] = {}
    derived: dict[str, set] = {str(iri(e.id)): {str(_document_iri(d)) for d in e.doc_ids} for e in resolved.entities}
    for f in resolved.facts:
        s, p, o = _fact_triple(f)
        if f.evidence:
            stated.setdefault((str(s), str(p), _object_key(o)), set()).update(
                str(_document_iri(ev.doc_id)) for ev in f.evidence)
        if p == _DERIVED_FROM:
            derived.setdefault(str(s), set()).add(str(o))
    stated_graph = {key: one(names) for key, names in stated.items()}
    del stated
    subject_graph = {s: one(names) for s, names in derived.items()}
    del derived

    def graph_of(s, p, o) -> str:
        subject = str(s)
        if subject in documents:
            return subject
        if p == _DERIVED_FROM:
            return one({str(o)})
        graph = stated_graph.get((subject, str(p), _object_key(o))) if stated_graph else None
        return graph if graph is not None else subject_graph.get(subject, DERIVED_GRAPH)

    for s, p, o in ((CONCEPT_SCHEME, RDF.type, SKOS.ConceptScheme),
                    (CONCEPT_SCHEME, RDFS.label, Literal("Leadership and education concepts"))):
        yield s, p, o, graph_of(s, p, o)
    for doc in resolved.documents:
        node = _document_iri(doc.id)
        g = str(node)
        yield node, RDF.type, LKG.SourceDocument, g
        yield node, RDFS.label, Literal(Path(doc.path).name), g
        yield node, LKG.path, Literal(doc.path), g
        yield node, LKG.sha256, Literal(doc.sha256), g
        yield node, LKG.mediaType, Literal(doc.media_type), g
        yield node, LKG.charCount, Literal(len(doc.text)), g
        yield node, LKG.text, Literal(doc.text), g
    for e in resolved.entities:
        for s, p, o in _entity_statements(e):
            yield s, p, o, graph_of(s, p, o)
        # the first place each document names the entity backs its prov:wasDerivedFrom
        node = iri(e.id)
        for doc_id, ev in sorted(e.first_evidence.items()):
            derived_fact = ResolvedFact(e.id, "prov:wasDerivedFrom", [ev], object=f"document/{doc_id}")
            g = one({str(_document_iri(ev.doc_id))})
            for s, p, o in _evidence_node(derived_fact, ev, node, _DERIVED_FROM, iri(derived_fact.object)):
                yield s, p, o, g
    authors: dict[str, list[tuple[int, str]]] = {}
    for f in resolved.facts:
        s, p, o = _fact_triple(f)
        yield s, p, o, graph_of(s, p, o)
        if f.predicate == "dcterms:creator" and f.position is not None:
            authors.setdefault(f.subject, []).append((f.position, f.object))
        for ev in f.evidence:
            g = one({str(_document_iri(ev.doc_id))})
            for q in _evidence_node(f, ev, s, p, o):
                yield (*q, g)
    for pub, ordered in sorted(authors.items()):
        head = BNode(f"authors-{hashlib.sha1(pub.encode()).hexdigest()[:12]}")
        s = iri(pub)
        g = graph_of(s, BIBO.authorList, head)  # the list's blank nodes go where the triple pointing at it goes
        for triple in _list_statements(head, [iri(p) for _, p in sorted(ordered)]):
            yield (*triple, g)
        yield s, BIBO.authorList, head, g


def to_rdf(resolved: Resolved) -> Graph:
    """The graph of a resolved corpus."""
    g = bind_prefixes(Graph())
    g.addN((s, p, o, g) for s, p, o in statements(resolved))
    return g


def serialize_turtle(g: Graph) -> str:
    """Turtle that is byte-identical for the same graph: rdflib sorts subjects and predicates,
    and the only blank nodes are author lists, written inline."""
    return g.serialize(format="turtle")
