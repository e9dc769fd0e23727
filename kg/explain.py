"""Why the graph says what it says about one entity: every fact, each with its evidence.

`explain(graph, "Ada Lovelace")` finds the entity by name (rdfs:label or skos:altLabel, ignoring
case; an IRI or CURIE also works), then lists every triple about it, as subject and as object,
with the lkg:Evidence nodes (quote, document, offsets, extractor, confidence) that back it.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from kg.analysis import (
    RELATIONS, EvidenceRecord, document_name, entities, evidence_index, find_entity, label_of, predicate_label,
)
from kg.namespaces import LKG, compact
from kg.triplestore import GraphStore

log = logging.getLogger(__name__)

#: predicates shown in the entity's header (class, names, documents), not repeated as facts
_HEADER_PREDICATES = {RDF.type, RDFS.label, SKOS.prefLabel, SKOS.altLabel, PROV.wasDerivedFrom}
#: subjects whose triples about the entity are bookkeeping, not facts (documents, evidence)
_BOOKKEEPING_CLASSES = {LKG.SourceDocument, LKG.Evidence}


@dataclass(frozen=True)
class ExplainedFact:
    """One triple about the entity, readable, with the evidence behind it.

    `direction` is "out" when the entity is the subject, "in" when it is the object; `object_iri`
    is None for a literal (title, year, DOI, ...).
    """

    direction: str
    subject: str
    predicate: str
    predicate_label: str
    object: str
    subject_iri: str
    object_iri: str | None
    evidence: tuple[EvidenceRecord, ...] = ()


@dataclass
class Explanation:
    """An entity and everything the graph states about it."""

    iri: str
    label: str
    cls: str
    kind: str
    aliases: list[str]
    documents: list[str]
    facts: list[ExplainedFact] = field(default_factory=list)


def _object_text(graph: rdflib.Graph, node) -> tuple[str, str | None]:
    """(display text, IRI or None) of a triple's object; RDF lists read as 'a; b; c'."""
    if isinstance(node, Literal):
        return str(node), None
    if isinstance(node, BNode):
        if (node, RDF.first, None) in graph:
            return "; ".join(label_of(graph, item) for item in Collection(graph, node)), None
        return "[" + ", ".join(f"{predicate_label(compact(p))}: {label_of(graph, o)}"
                               for p, o in sorted(graph.predicate_objects(node))) + "]", None
    return label_of(graph, node), str(node)


#: what explain reads about one entity ?e in a store: its triples both ways, its neighbours' types and
#: names, the evidence of its facts and the documents' names, and the RDF lists it points at
NEIGHBOURHOOD_QUERY = """CONSTRUCT {
  ?e ?p ?o . ?s ?q ?e . ?x ?xp ?xv . ?ev ?evp ?evv . ?d ?dp ?dv . ?cell ?cp ?cv . ?m ?mp ?mv .
} WHERE {
  { ?e ?p ?o }
  UNION { ?s ?q ?e }
  UNION { { ?e ?p1 ?x } UNION { ?x ?q1 ?e } ?x ?xp ?xv . VALUES ?xp { rdf:type rdfs:label skos:prefLabel lkg:path } }
  UNION { { ?ev rdf:subject ?e } UNION { ?ev rdf:object ?e } ?ev a lkg:Evidence ; ?evp ?evv . }
  UNION { { ?ev2 rdf:subject ?e } UNION { ?ev2 rdf:object ?e } ?ev2 a lkg:Evidence ; lkg:source ?d .
          ?d ?dp ?dv . VALUES ?dp { rdfs:label lkg:path } }
  UNION { ?e ?p2 ?head . FILTER(isBlank(?head)) ?head rdf:rest* ?cell . ?cell ?cp ?cv }
  UNION { ?e ?p3 ?head3 . FILTER(isBlank(?head3)) ?head3 rdf:rest*/rdf:first ?m . ?m ?mp ?mv .
          VALUES ?mp { rdfs:label skos:prefLabel } }
}"""


def _explain_store(store: GraphStore, name: str) -> Explanation:
    """explain() on a store: find the entity among every entity's names, then read only its
    neighbourhood (NEIGHBOURHOOD_QUERY, run by Oxigraph) and explain it there."""
    from kg.analysis import ENTITIES_QUERY, STORE_TIMEOUT
    from kg.query import run_query
    from kg.store import bind_prefixes

    names = bind_prefixes(rdflib.Graph())
    for triple in run_query(store, ENTITIES_QUERY, timeout=STORE_TIMEOUT, source="kg explain").triples:
        names.add(triple)
    info = find_entity(names, name)
    around = bind_prefixes(rdflib.Graph())
    for triple in run_query(store, NEIGHBOURHOOD_QUERY, bindings={"e": URIRef(info.iri)},
                            timeout=STORE_TIMEOUT, source="kg explain").triples:
        around.add(triple)
    return explain(around, info.iri)


def explain(graph: rdflib.Graph | GraphStore, name: str) -> Explanation:
    """Everything the graph states about the entity called `name`, with evidence.

    Raises kg.errors.EntityNotFound (with close names suggested) when nothing matches, and
    kg.analysis.AmbiguousName (listing the candidates) when several entities carry the name.
    Facts are every triple with the entity as subject (relations and literal attributes such as
    title, issued, DOI, ISBN) or as object, except its type, names and wasDerivedFrom (shown in the
    header) and the bookkeeping of source documents (lkg:mentions) and evidence nodes.
    """
    if isinstance(graph, GraphStore):
        return _explain_store(graph, name)
    ents = entities(graph)
    info = find_entity(graph, name, ents)
    node = URIRef(info.iri)
    evidence = evidence_index(graph)
    facts: list[ExplainedFact] = []
    for pred, obj in graph.predicate_objects(node):
        if pred in _HEADER_PREDICATES:
            continue
        text, obj_iri = _object_text(graph, obj)
        facts.append(ExplainedFact("out", info.label, compact(pred), predicate_label(compact(pred)), text,
                                   info.iri, obj_iri, tuple(evidence.get((node, pred, obj), ()))))
    for subj, pred in graph.subject_predicates(node):
        if isinstance(subj, BNode) or pred in (RDF.subject, RDF.object, RDF.first):
            continue
        if any((subj, RDF.type, cls) in graph for cls in _BOOKKEEPING_CLASSES):
            continue
        facts.append(ExplainedFact("in", label_of(graph, subj), compact(pred), predicate_label(compact(pred)),
                                   info.label, str(subj), info.iri, tuple(evidence.get((subj, pred, node), ()))))
    facts.sort(key=lambda f: (f.direction != "out", f.predicate, f.subject.casefold(), f.object.casefold(),
                              f.subject_iri, f.object_iri or ""))
    aliases = sorted({str(a) for p in (SKOS.altLabel, SKOS.prefLabel) for a in graph.objects(node, p)} - {info.label},
                     key=lambda t: (t.casefold(), t))
    documents = sorted({document_name(graph, d) for d in graph.objects(node, PROV.wasDerivedFrom)})
    return Explanation(info.iri, info.label, info.cls, info.kind, aliases, documents, facts)


def _evidence_line(ev: EvidenceRecord) -> list[str]:
    where = ev.document or "unknown document"
    if ev.start is not None and ev.end is not None:
        where += f" [{ev.start}:{ev.end}]"
    details = [where]
    if ev.extractor:
        details.append(f"extractor {ev.extractor}")
    if ev.confidence is not None:
        details.append(f"confidence {ev.confidence:g}")
    return [f"      \"{' '.join(ev.quote.split())}\"", f"        -- {', '.join(details)}"]


def format_explanation(expl: Explanation) -> str:
    """An Explanation as readable text: header, then each fact and the quotes that back it."""
    cls = f"{expl.cls}: {expl.kind}" if expl.kind else expl.cls
    lines = [
        f"{expl.label} ({cls})",
        f"  IRI:       {expl.iri}",
        f"  aliases:   {'; '.join(expl.aliases) if expl.aliases else '-'}",
        f"  found in:  {'; '.join(expl.documents) if expl.documents else '-'}",
        "",
        f"Facts ({len(expl.facts)}):",
    ]
    for fact in expl.facts:
        obj = f'"{fact.object}"' if fact.object_iri is None and fact.direction == "out" else fact.object
        lines.append(f"  {fact.subject} --{fact.predicate_label}--> {obj}    [{fact.predicate}]")
        if fact.evidence:
            for ev in fact.evidence:
                lines += _evidence_line(ev)
        elif fact.predicate in RELATIONS:
            lines.append("      (no evidence recorded)")
    return "\n".join(lines)


__all__ = ["ExplainedFact", "Explanation", "explain", "format_explanation"]
