"""Specification of the curated SKOS scheme kg/ontology/concepts.ttl (CONTRACT.md: lkg:Concept in lkr:concepts).

The concept extractor matches text on these labels, so the tests insist on unique, specific labels
and on a clean hierarchy as much as on the SKOS shape of each concept.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Literal, URIRef

from kg.namespaces import LKG, LKR

CONCEPTS_TTL = Path(__file__).parents[1] / "kg/ontology/concepts.ttl"
SCHEME = URIRef("https://w3id.org/leadership-kg/id/concepts")
CONCEPT_NS = "https://w3id.org/leadership-kg/id/concept/"

#: prefLabel -> altLabels the scheme must give it (the extractor and the seed annotation rely on them)
REQUIRED: dict[str, tuple[str, ...]] = {
    "leadership": (),
    "teacher leadership": ("teacher leaders",),
    "non-positional teacher leadership": (),
    "teacher leadership development": (),
    "distributed leadership": (),
    "instructional leadership": ("instructional leaders",),
    "learning-focused leadership": ("learning focused leadership",),
    "leadership support": (),
    "leadership of learning": ("leadership for learning", "learning leadership"),
    "school leadership": (),
    "educational leadership": (),
    "system leadership": (),
    "leadership capacity": (),
    "leadership development": (),
    "professional learning": (),
    "professional development": ("continuing professional development", "CPD"),
    "professional learning community": ("professional learning communities", "PLC"),
    "policy borrowing": (),
    "action research": (),
    "self-efficacy": ("self efficacy",),
    "self-directed learning": ("self directed learning",),
    "school improvement": ("improving schools",),
    "accountability": (),
    "equity": (),
    "facilitation": (),
    "assessment for learning": ("AfL",),
    "formative assessment": (),
    "teacher agency": (),
    "teacher professionalism": ("teacher professionality",),
    "school culture": (),
    "organisational learning": ("organizational learning",),
    "learning organisation": ("learning organization",),
    "school autonomy": (),
    "education reform": (),
    "transformational leadership": (),
    "collaborative leadership": (),
    "middle leadership": ("middle leaders",),
    "headship": ("principalship",),
    "mentoring": (),
    "coaching": (),
    "scaffolding": (),
    "constructivism": (),
    "critical reflection": (),
    "peer observation": (),
    "student voice": (),
    "inclusion": (),
    "educational disadvantage": ("disadvantage",),
    "schools in challenging circumstances": (),
    "low-performing schools": ("low performing schools",),
    "internationalisation": ("internationalization",),
    "modernisation": ("modernization",),
    "capacity building": (),
    "scaling up": (),
    "fidelity of implementation": (),
    "theory of action": (),
    "data use": (),
    "differentiated instruction": (),
    "curriculum": (),
    "pedagogy": (),
    "teacher identity": (),
    "collaborative inquiry": (),
    "networked learning": (),
    "programme evaluation": ("program evaluation",),
    "multilevel modelling": ("multilevel modeling",),
    "student-centred learning": ("student-centered learning",),
}

#: (narrower prefLabel, broader prefLabel) links the hierarchy must contain
REQUIRED_BROADER = [
    ("non-positional teacher leadership", "teacher leadership"),
    ("teacher leadership development", "teacher leadership"),
    ("teacher leadership", "educational leadership"),
    ("professional learning community", "professional learning"),
]

#: words too common to be an altLabel: they would tag ordinary prose with a concept
GENERIC_WORDS = {
    "leadership", "learning", "support", "teaching", "education", "school", "schools", "teacher",
    "teachers", "research", "change", "policy", "development", "practice", "management", "leaders",
}

#: an upper-case word allowed in a label: an acronym such as CPD, PLCs, AfL, RCTs
ACRONYM = re.compile(r"[A-Z]{2,}s?|[A-Z][a-z]*[A-Z]s?")


@lru_cache(maxsize=1)
def scheme_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(CONCEPTS_TTL, format="turtle")


def concepts() -> list[URIRef]:
    return sorted(scheme_graph().subjects(RDF.type, SKOS.Concept))


def slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def normalise(label: str) -> str:
    return " ".join(label.casefold().replace("-", " ").split())


def pref_label(concept: URIRef) -> str:
    return str(scheme_graph().value(concept, SKOS.prefLabel))


def by_pref_label() -> dict[str, URIRef]:
    return {pref_label(c): c for c in concepts()}


CONCEPT_IDS = [str(c)[len(CONCEPT_NS):] for c in concepts()]


def test_concepts_scheme_is_a_named_skos_scheme() -> None:
    g = scheme_graph()
    assert SCHEME == LKR["concepts"]
    assert (SCHEME, RDF.type, SKOS.ConceptScheme) in g
    assert g.value(SCHEME, RDFS.label), "the scheme needs an rdfs:label"
    assert g.value(SCHEME, SKOS.prefLabel), "the scheme needs a skos:prefLabel"


def test_concepts_scheme_has_at_least_100_concepts() -> None:
    assert len(concepts()) >= 100


@pytest.mark.parametrize("local", CONCEPT_IDS)
def test_concepts_scheme_concept_is_typed_in_scheme_with_slug_iri(local: str) -> None:
    g, concept = scheme_graph(), URIRef(CONCEPT_NS + local)
    assert (concept, RDF.type, LKG.Concept) in g
    assert (concept, SKOS.inScheme, SCHEME) in g
    assert (concept, LKG.origin, Literal("curated")) in g
    assert local == slug(pref_label(concept)), "the IRI must be the slug of the prefLabel"


@pytest.mark.parametrize("local", CONCEPT_IDS)
def test_concepts_scheme_concept_has_one_lower_case_english_pref_label(local: str) -> None:
    g, concept = scheme_graph(), URIRef(CONCEPT_NS + local)
    labels = list(g.objects(concept, SKOS.prefLabel))
    assert len(labels) == 1, labels
    (label,) = labels
    assert label.language == "en"
    assert all(w.islower() or ACRONYM.fullmatch(w) for w in re.findall(r"[A-Za-z]+", label)), label
    assert list(g.objects(concept, RDFS.label)) == [Literal(str(label))], "rdfs:label repeats the prefLabel"


@pytest.mark.parametrize("local", CONCEPT_IDS)
def test_concepts_scheme_concept_has_one_sentence_definition(local: str) -> None:
    definitions = list(scheme_graph().objects(URIRef(CONCEPT_NS + local), SKOS.definition))
    assert len(definitions) == 1, definitions
    (text,) = definitions
    assert text.language == "en"
    assert text[0].isupper() and text.endswith("."), text
    assert ". " not in text[:-1] and len(text.split()) >= 6, f"not one real sentence: {text!r}"


def test_concepts_scheme_definitions_are_distinct() -> None:
    definitions = [str(d) for d in scheme_graph().objects(None, SKOS.definition)]
    assert len(definitions) == len(set(definitions))


def test_concepts_scheme_alt_labels_are_english_specific_and_free_of_names() -> None:
    bad = []
    for concept, label in scheme_graph().subject_objects(SKOS.altLabel):
        words = re.findall(r"[A-Za-z]+", label)
        proper = [w for w in words if not w.islower() and not ACRONYM.fullmatch(w)]
        if label.language != "en" or normalise(label) in GENERIC_WORDS or proper:
            bad.append((pref_label(concept), str(label)))
    assert not bad, bad


def test_concepts_scheme_labels_are_unique_across_concepts() -> None:
    g, owner, clashes = scheme_graph(), {}, []
    for predicate in (SKOS.prefLabel, SKOS.altLabel):
        for concept, label in g.subject_objects(predicate):
            key = normalise(label)
            if owner.setdefault(key, concept) != concept:
                clashes.append((str(label), pref_label(owner[key]), pref_label(concept)))
    assert not clashes, clashes


@pytest.mark.parametrize("predicate", [SKOS.broader, SKOS.related], ids=["broader", "related"])
def test_concepts_scheme_links_point_to_concepts_in_scheme(predicate: URIRef) -> None:
    g, known = scheme_graph(), set(concepts())
    links = list(g.subject_objects(predicate))
    assert links, f"the scheme uses no {predicate}"
    dangling = [(str(s), str(o)) for s, o in links if s not in known or o not in known or s == o]
    assert not dangling, dangling


def test_concepts_scheme_broader_has_no_cycle() -> None:
    hierarchy = nx.DiGraph(list(scheme_graph().subject_objects(SKOS.broader)))
    assert nx.is_directed_acyclic_graph(hierarchy), nx.find_cycle(hierarchy)


def test_concepts_scheme_top_concepts_are_exactly_the_roots() -> None:
    g = scheme_graph()
    roots = {c for c in concepts() if g.value(c, SKOS.broader) is None}
    assert roots, "the scheme needs top concepts"
    assert set(g.objects(SCHEME, SKOS.hasTopConcept)) == roots
    assert set(g.subjects(SKOS.topConceptOf, SCHEME)) == roots


def test_concepts_scheme_related_is_symmetric_and_disjoint_from_hierarchy() -> None:
    g = scheme_graph()
    hierarchy = nx.DiGraph(list(g.subject_objects(SKOS.broader)))
    related = set(g.subject_objects(SKOS.related))
    one_way = [(pref_label(a), pref_label(b)) for a, b in related if (b, a) not in related]
    assert not one_way, one_way
    in_line = [(pref_label(a), pref_label(b)) for a, b in related
               if a in hierarchy and b in hierarchy and nx.has_path(hierarchy, a, b)]
    assert not in_line, f"skos:related between a concept and its ancestor: {in_line}"


@pytest.mark.parametrize(("label", "alt_labels"), REQUIRED.items(), ids=list(REQUIRED))
def test_concepts_scheme_required_concept_present(label: str, alt_labels: tuple[str, ...]) -> None:
    concept = URIRef(CONCEPT_NS + slug(label))
    g = scheme_graph()
    assert (concept, SKOS.prefLabel, Literal(label, lang="en")) in g, f"missing concept {label!r}"
    have = {str(a) for a in g.objects(concept, SKOS.altLabel)}
    assert set(alt_labels) <= have, f"{label!r} lacks altLabels {set(alt_labels) - have}"


@pytest.mark.parametrize(("narrower", "broader"), REQUIRED_BROADER, ids=[n for n, _ in REQUIRED_BROADER])
def test_concepts_scheme_required_broader_link(narrower: str, broader: str) -> None:
    concepts_by_label = by_pref_label()
    assert (concepts_by_label[narrower], SKOS.broader, concepts_by_label[broader]) in scheme_graph()
