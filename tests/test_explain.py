"""kg.explain: every fact about an entity, each with the evidence that backs it."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from kg.analysis import AmbiguousName, entities
from kg.errors import EntityNotFound
from kg.explain import explain, format_explanation
from kg.namespaces import LKG
from kg.store import load_graph

MINI = Path(__file__).parent / "fixtures" / "mini.ttl"
ID = "https://w3id.org/leadership-kg/id/"
ADA, LSU = ID + "person/ada-lovelace", ID + "publication/leading-schools-in-utopia"
QUOTE_A = "Ada Lovelace and Brian Kernighan wrote Leading Schools in Utopia."


@pytest.fixture(scope="module")
def mini():
    return load_graph(MINI)


def _facts(expl):
    return {(f.direction, f.subject, f.predicate, f.object) for f in expl.facts}


def test_explain_header(mini):
    expl = explain(mini, "a. lovelace")
    assert (expl.iri, expl.label, expl.cls, expl.kind) == (ADA, "Ada Lovelace", "Person", "")
    assert expl.aliases == ["A. Lovelace", "Lovelace"]
    assert expl.documents == ["doc-a.txt", "doc-b.txt"]


def test_explain_person_facts_and_evidence(mini):
    expl = explain(mini, "Ada Lovelace")
    assert _facts(expl) == {
        ("out", "Ada Lovelace", "foaf:familyName", "Lovelace"),
        ("out", "Ada Lovelace", "foaf:givenName", "Ada"),
        ("in", "Leading Schools in Utopia", "dcterms:creator", "Ada Lovelace"),
        ("in", 'A <b>bold</b> "report"', "dcterms:creator", "Ada Lovelace"),
    }
    by_subject = {f.subject: f for f in expl.facts if f.predicate == "dcterms:creator"}
    (ev,) = by_subject["Leading Schools in Utopia"].evidence
    assert (ev.quote, ev.document, ev.start, ev.end, ev.extractor, ev.confidence) == (
        QUOTE_A, "doc-a.txt", 0, 65, "byline", 0.95)
    assert ev.iri == ID + "evidence/e1"
    assert by_subject['A <b>bold</b> "report"'].evidence == ()


def test_explain_publication_literals_list_and_citations(mini):
    expl = explain(mini, "leading schools in utopia")
    facts = _facts(expl)
    assert {("out", "Leading Schools in Utopia", p, o) for p, o in [
        ("dcterms:title", "Leading Schools in Utopia"), ("dcterms:issued", "2020"), ("bibo:doi", "10.1000/utopia.1"),
        ("bibo:authorList", "Ada Lovelace; Brian Kernighan"), ("dcterms:isPartOf", "Journal of Things"),
        ("dcterms:spatial", "Utopia"), ("dcterms:subject", "Utopia Teachers Programme"),
    ]} <= facts
    cites = next(f for f in expl.facts if f.predicate == "cito:cites")
    assert (cites.direction, cites.subject, cites.evidence[0].document, cites.evidence[0].extractor) == (
        "in", 'A <b>bold</b> "report"', "doc-b.txt", "references")
    assert expl.kind == "JournalArticle"


HEADER = {RDF.type, RDFS.label, SKOS.altLabel, SKOS.prefLabel, PROV.wasDerivedFrom}


@pytest.mark.parametrize("iri", sorted(str(e) for e in entities(load_graph(MINI))))
def test_explain_lists_every_fact(mini, iri):
    node = URIRef(iri)
    out = [(p, o) for p, o in mini.predicate_objects(node) if p not in HEADER]
    incoming = [(s, p) for s, p in mini.subject_predicates(node)
                if not isinstance(s, BNode) and p not in (RDF.subject, RDF.object)
                and (s, RDF.type, LKG.SourceDocument) not in mini and (s, RDF.type, LKG.Evidence) not in mini]
    expl = explain(mini, iri)
    assert len(expl.facts) == len(out) + len(incoming)
    assert [f.predicate for f in expl.facts if f.direction == "out"] == sorted(
        f.predicate for f in expl.facts if f.direction == "out")


def test_explain_text_shows_quotes_and_documents(mini):
    text = format_explanation(explain(mini, "UTP"))
    assert text.splitlines()[0] == "Utopia Teachers Programme (Programme)"
    assert "aliases:   UTP" in text
    assert '"The Utopia Teachers Programme was organised by the Open Council in Utopia."' in text
    assert "doc-a.txt [66:138], extractor relations, confidence 0.8" in text
    assert "(no evidence recorded)" in text


def test_explain_unknown_name_suggests(mini):
    with pytest.raises(EntityNotFound, match="no entity named 'Open Counsil'.*did you mean 'Open Council'"):
        explain(mini, "Open Counsil")


def test_explain_ambiguous_name_lists_candidates():
    graph = load_graph(MINI)
    twin = URIRef(ID + "place/utopia-city")
    graph.add((twin, RDF.type, LKG.Place))
    graph.add((twin, RDFS.label, Literal("Utopia City")))
    graph.add((twin, SKOS.altLabel, Literal("UTP")))
    with pytest.raises(AmbiguousName, match="Utopia City .*Utopia Teachers Programme"):
        explain(graph, "UTP")
