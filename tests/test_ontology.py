"""kg/ontology/leadership.ttl and kg.namespaces.LKG: one vocabulary, declared twice, in agreement."""
from __future__ import annotations

import pytest
import rdflib
from rdflib import URIRef
from rdflib.namespace import FOAF, OWL, PROV, RDF, RDFS, SKOS

from kg.namespaces import BIBO, LKG, ORG, SCHEMA, expand
from kg.validate import ONTOLOGY_PATH

NS = str(LKG._NS)

#: each class -> the standard class CONTRACT.md anchors it to (reached directly or through lkg:Publication)
ANCHORS = {
    LKG.Person: FOAF.Person,
    LKG.Organisation: ORG.Organization,
    LKG.Country: SCHEMA.Country,
    LKG.Place: SCHEMA.Place,
    LKG.Programme: SCHEMA.Project,
    LKG.Concept: SKOS.Concept,
    LKG.Publication: BIBO.Document,
    LKG.JournalArticle: BIBO.Document,
    LKG.BookChapter: BIBO.Document,
    LKG.Book: BIBO.Document,
    LKG.Thesis: BIBO.Document,
    LKG.Report: BIBO.Document,
    LKG.ConferencePaper: BIBO.Document,
    LKG.WebPage: BIBO.Document,
    LKG.Journal: BIBO.Journal,
    LKG.SourceDocument: PROV.Entity,
    LKG.Evidence: RDF.Statement,
}


def _short(term: URIRef) -> str:
    return str(term).replace(NS, "lkg:")


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_PATH, format="turtle")


def _declared(ontology: rdflib.Graph, kind: URIRef) -> list[URIRef]:
    return sorted(s for s in ontology.subjects(RDF.type, kind) if str(s).startswith(NS))


def _lkg_names_on_namespace() -> set[str]:
    return {name for name in LKG.__annotations__ if not name.startswith("_")}


def test_ontology_parses_and_names_itself(ontology):
    head = URIRef(NS.rstrip("#"))
    assert (head, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(head, OWL.versionInfo) is not None


def test_ontology_every_namespace_term_is_declared(ontology):
    declared = {str(s)[len(NS):] for s in ontology.subjects() if str(s).startswith(NS)}
    missing = sorted(_lkg_names_on_namespace() - declared)
    assert not missing, f"on LKG in kg/namespaces.py but not declared in leadership.ttl: {missing}"


def test_ontology_every_declared_term_is_on_the_namespace(ontology):
    declared = {str(s)[len(NS):] for s in ontology.subjects() if str(s).startswith(NS)}
    extra = sorted(declared - _lkg_names_on_namespace())
    assert not extra, f"declared in leadership.ttl but not on LKG in kg/namespaces.py: {extra}"


def test_ontology_every_term_it_refers_to_is_declared(ontology):
    """Domains, ranges and superclasses in the lkg: namespace name declared terms (no typo like lkg:Organization)."""
    declared = {s for s in ontology.subjects() if str(s).startswith(NS)}
    used = {o for o in ontology.objects() if isinstance(o, URIRef) and str(o).startswith(NS)}
    assert used <= declared, sorted(map(_short, used - declared))


def test_ontology_every_class_is_anchored(ontology):
    """Every class the ontology declares has a row in ANCHORS, so a new class gets its anchor checked."""
    assert set(_declared(ontology, OWL.Class)) == set(ANCHORS)


@pytest.mark.parametrize("cls", list(ANCHORS), ids=_short)
def test_ontology_class_is_a_documented_owl_class(ontology, cls):
    assert (cls, RDF.type, OWL.Class) in ontology
    for prop in (RDFS.label, RDFS.comment):
        values = list(ontology.objects(cls, prop))
        assert len(values) == 1 and str(values[0]).strip(), f"{_short(cls)} needs one {prop}"


@pytest.mark.parametrize("cls", list(ANCHORS), ids=_short)
def test_ontology_class_is_a_subclass_of_its_standard_class(ontology, cls):
    supers = set(ontology.transitive_objects(cls, RDFS.subClassOf))
    assert ANCHORS[cls] in supers, f"{_short(cls)} should reach {ANCHORS[cls]} by rdfs:subClassOf"
    direct = set(ontology.objects(cls, RDFS.subClassOf))
    assert ANCHORS[cls] in direct or LKG.Publication in direct


@pytest.mark.parametrize("kind", [OWL.ObjectProperty, OWL.DatatypeProperty], ids=["object", "datatype"])
def test_ontology_every_property_has_label_and_comment(ontology, kind):
    props = _declared(ontology, kind)
    assert props, f"no {kind} declared"
    bare = [_short(p) for p in props if None in (ontology.value(p, RDFS.label), ontology.value(p, RDFS.comment))]
    assert not bare, f"properties without rdfs:label or rdfs:comment: {bare}"


def test_ontology_every_term_is_a_class_or_property(ontology):
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}
    for name in sorted(_lkg_names_on_namespace()):
        assert set(ontology.objects(LKG[name], RDF.type)) & kinds, f"lkg:{name} is neither class nor property"


@pytest.mark.parametrize("typo", ["locatedln", "Organization", "Publications", "evidence"])
def test_ontology_namespace_rejects_typos(typo):
    with pytest.raises(AttributeError):
        getattr(LKG, typo)
    with pytest.raises(AttributeError):
        expand(f"lkg:{typo}")


@pytest.mark.parametrize("name", ["locatedIn", "Person", "confidence"])
def test_ontology_namespace_gives_full_iris(name):
    assert getattr(LKG, name) == URIRef(NS + name) == expand(f"lkg:{name}")
