"""kg.analysis on the hand-written fixture graph: projection, stats, derived networks, paths, names."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from kg import analysis
from kg.analysis import AmbiguousName, Step
from kg.errors import EntityNotFound, KGError
from kg.namespaces import LKG
from kg.store import load_graph

MINI = Path(__file__).parent / "fixtures" / "mini.ttl"
ID = "https://w3id.org/leadership-kg/id/"
ADA, BRIAN, GRACE = ID + "person/ada-lovelace", ID + "person/brian-kernighan", ID + "person/grace-hopper"
LSU, REPORT = ID + "publication/leading-schools-in-utopia", ID + "publication/school-report"
TL, LEAD = ID + "concept/teacher-leadership", ID + "concept/leadership"
QUOTE_A = "Ada Lovelace and Brian Kernighan wrote Leading Schools in Utopia."


@pytest.fixture(scope="module")
def mini():
    return load_graph(MINI)


@pytest.fixture
def fresh():
    """A private copy of the fixture for tests that add triples."""
    return load_graph(MINI)


# ------------------------------------------------------------------------------------ projection

@pytest.mark.parametrize("iri, label, cls, kind", [
    (ADA, "Ada Lovelace", "Person", ""),
    (ID + "organisation/open-council", "Open Council", "Organisation", ""),
    (ID + "country/UT", "Utopia", "Country", ""),
    (ID + "place/harbour-town", "Harbour Town", "Place", ""),
    (ID + "programme/utopia-teachers", "Utopia Teachers Programme", "Programme", ""),
    (TL, "teacher leadership", "Concept", ""),
    (LSU, "Leading Schools in Utopia", "Publication", "JournalArticle"),
    (REPORT, 'A <b>bold</b> "report"', "Publication", "Report"),
    (ID + "journal/journal-of-things", "Journal of Things", "Journal", ""),
])
def test_analysis_project_node_attributes(mini, iri, label, cls, kind):
    net = analysis.project(mini)
    assert net.nodes[iri] == {"label": label, "cls": cls, "kind": kind, "iri": iri}


def test_analysis_project_has_only_entities(mini):
    net = analysis.project(mini)
    assert net.number_of_nodes() == 12
    assert not any("/document/" in n or "/evidence/" in n or n.endswith("/concepts") for n in net)


@pytest.mark.parametrize("subject, obj, predicate, label", [
    (LSU, ADA, "dcterms:creator", "has author"),
    (REPORT, LSU, "cito:cites", "cites"),
    (TL, LEAD, "skos:broader", "has broader concept"),
    (ID + "programme/utopia-teachers", ID + "organisation/open-council", "lkg:organisedBy", "is organised by"),
    (LSU, ID + "journal/journal-of-things", "dcterms:isPartOf", "is part of"),
])
def test_analysis_project_edge_attributes(mini, subject, obj, predicate, label):
    edge = analysis.project(mini).get_edge_data(subject, obj)[predicate]
    assert edge["predicate"] == predicate and edge["label"] == label


def test_analysis_project_edges_are_the_relation_triples(mini):
    net = analysis.project(mini)
    assert net.number_of_edges() == 15
    assert {k for _, _, k in net.edges(keys=True)} <= set(analysis.RELATIONS)
    assert net.get_edge_data(LSU, ADA)["dcterms:creator"]["evidence"] == 1
    assert net.get_edge_data(REPORT, ADA)["dcterms:creator"]["evidence"] == 0


@pytest.mark.parametrize("classes, properties, nodes, edges", [
    ({"Person", "Publication"}, None, 5, 5),
    ({"lkg:Person", "Report"}, None, 4, 2),
    (None, {"dcterms:creator"}, 12, 4),
    (None, {"http://purl.org/dc/terms/subject", "skos:broader"}, 12, 4),
])
def test_analysis_project_filters(mini, classes, properties, nodes, edges):
    net = analysis.project(mini, classes=classes, properties=properties)
    assert (net.number_of_nodes(), net.number_of_edges()) == (nodes, edges)


@pytest.mark.parametrize("kwargs, word", [({"classes": {"Persn"}}, "Persn"), ({"properties": {"foaf:knows"}}, "foaf:knows")])
def test_analysis_project_rejects_unknown_names(mini, kwargs, word):
    with pytest.raises(KGError, match=word):
        analysis.project(mini, **kwargs)


def test_analysis_project_is_deterministic(mini):
    a, b = analysis.project(mini), analysis.project(load_graph(MINI))
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))


# ----------------------------------------------------------------------------------------- stats

def test_analysis_stats_counts(mini):
    st = analysis.stats(mini)
    assert (st.triples, st.documents, st.evidence, st.entities, st.relations) == (147, 2, 4, 12, 15)
    assert st.classes == {"Person": 3, "Organisation": 1, "Country": 1, "Place": 1, "Programme": 1,
                          "Concept": 2, "Publication": 2, "Journal": 1}
    assert st.kinds == {"JournalArticle": 1, "Report": 1}
    assert list(st.properties.items())[:3] == [("rdf:type", 23), ("rdfs:label", 15), ("prov:wasDerivedFrom", 12)]
    assert st.properties["dcterms:creator"] == 4 and st.properties["cito:cites"] == 1
    assert sum(st.properties.values()) == 147


def test_analysis_stats_most_connected_and_betweenness(mini):
    st = analysis.stats(mini, top=3)
    assert [(r.label, r.value) for r in st.most_connected] == [
        ("Leading Schools in Utopia", 7), ('A <b>bold</b> "report"', 4), ("teacher leadership", 3)]
    assert [r.label for r in st.betweenness] == ["Leading Schools in Utopia", 'A <b>bold</b> "report"',
                                                  "teacher leadership"]
    assert st.betweenness[0].value == pytest.approx(8 / 11, abs=1e-6)


def test_analysis_stats_components_and_communities(mini):
    st = analysis.stats(mini)
    assert (st.component_count, st.components) == (1, [12])
    assert st.communities == [
        ["A <b>bold</b> \"report\"", "Ada Lovelace", "Grace Hopper", "leadership", "teacher leadership"],
        ["Harbour Town", "Open Council", "Utopia", "Utopia Teachers Programme"],
        ["Brian Kernighan", "Journal of Things", "Leading Schools in Utopia"],
    ]
    assert analysis.stats(load_graph(MINI)) == st


def test_analysis_stats_counts_components_of_a_split_graph(fresh):
    loner = URIRef(ID + "person/nobody")
    fresh.add((loner, RDF.type, LKG.Person))
    fresh.add((loner, RDFS.label, Literal("Nobody")))
    st = analysis.stats(fresh)
    assert (st.component_count, st.components) == (2, [12, 1])
    assert ["Nobody"] in st.communities


def test_analysis_stats_text_names_the_numbers(mini):
    text = analysis.format_stats(analysis.stats(mini, top=2))
    assert "147 triples, 12 entities" in text and "Connected components: 1" in text
    assert "Communities (Louvain): 3" in text


# ------------------------------------------------------------------------------ derived networks

def test_analysis_coauthorship_weights(mini):
    net = analysis.coauthorship(mini)
    assert sorted(net.nodes) == [ADA, BRIAN, GRACE]
    assert net[ADA][BRIAN]["weight"] == 1 and net[ADA][GRACE]["weight"] == 1
    assert not net.has_edge(BRIAN, GRACE)
    assert net.nodes[ADA]["publications"] == 2


def test_analysis_coauthorship_counts_shared_publications(fresh):
    fresh.add((URIRef(REPORT), DCTERMS.creator, URIRef(BRIAN)))
    net = analysis.coauthorship(fresh)
    assert net[ADA][BRIAN]["weight"] == 2 and net[BRIAN][GRACE]["weight"] == 1


def test_analysis_concept_cooccurrence(mini, fresh):
    alone = analysis.concept_cooccurrence(mini)
    assert list(alone.nodes) == [TL] and alone.number_of_edges() == 0  # the programme is no concept
    for pub in (LSU, REPORT):
        fresh.add((URIRef(pub), DCTERMS.subject, URIRef(LEAD)))
    net = analysis.concept_cooccurrence(fresh)
    assert net[TL][LEAD]["weight"] == 2 and net.nodes[LEAD]["publications"] == 2


# ----------------------------------------------------------------------------------------- paths

def test_analysis_shortest_paths_between_coauthors_with_evidence(mini):
    assert analysis.shortest_paths(mini, "ada lovelace", "Brian Kernighan") == [[
        Step("Leading Schools in Utopia", "has author", "Ada Lovelace", QUOTE_A, "doc-a.txt"),
        Step("Leading Schools in Utopia", "has author", "Brian Kernighan", QUOTE_A, "doc-a.txt"),
    ]]


def test_analysis_shortest_paths_orders_and_limits(mini):
    both = analysis.shortest_paths(mini, "Ada Lovelace", "teacher leadership")
    assert [[s.subject for s in p] for p in both] == [
        ['A <b>bold</b> "report"'] * 2, ["Leading Schools in Utopia"] * 2]
    assert both[0][0].quote is None and both[0][0].source is None
    assert analysis.shortest_paths(mini, "Ada Lovelace", "teacher leadership", max_paths=1) == both[:1]


def test_analysis_shortest_paths_walk_edges_backwards(mini):
    path = analysis.shortest_paths(mini, "Brian Kernighan", "Grace Hopper")[0]
    assert [(s.subject, s.predicate, s.object) for s in path] == [
        ("Leading Schools in Utopia", "has author", "Brian Kernighan"),
        ('A <b>bold</b> "report"', "cites", "Leading Schools in Utopia"),
        ('A <b>bold</b> "report"', "has author", "Grace Hopper"),
    ]
    assert path[1].source == "doc-b.txt"


def test_analysis_shortest_paths_none_and_same(fresh):
    loner = URIRef(ID + "person/nobody")
    fresh.add((loner, RDF.type, LKG.Person))
    fresh.add((loner, RDFS.label, Literal("Nobody")))
    assert analysis.shortest_paths(fresh, "Nobody", "Ada Lovelace") == []
    assert analysis.shortest_paths(fresh, "Lovelace", "ada lovelace") == [[]]


# ----------------------------------------------------------------------------------------- names

@pytest.mark.parametrize("name, iri", [
    ("Ada Lovelace", ADA), ("  ADA   lovelace ", ADA), ("A. Lovelace", ADA), ("utp", ID + "programme/utopia-teachers"),
    ("Utopia", ID + "country/UT"), ("lkr:person/grace-hopper", GRACE), (LSU, LSU),
])
def test_analysis_find_entity_matches_labels_aliases_and_iris(mini, name, iri):
    assert analysis.find_entity(mini, name).iri == iri


@pytest.mark.parametrize("name, suggestion", [("Ada Lovelase", "Ada Lovelace"), ("Grace Hoper", "Grace Hopper")])
def test_analysis_find_entity_unknown_suggests(mini, name, suggestion):
    with pytest.raises(EntityNotFound, match=f"did you mean '{suggestion}'"):
        analysis.find_entity(mini, name)


def test_analysis_find_entity_unknown_without_close_names(mini):
    with pytest.raises(EntityNotFound, match="no entity named 'Zebedee'.*kg stats"):
        analysis.find_entity(mini, "Zebedee")


def test_analysis_find_entity_ambiguous_lists_candidates(fresh):
    other = URIRef(ID + "person/lovelace-jr")
    fresh.add((other, RDF.type, LKG.Person))
    fresh.add((other, RDFS.label, Literal("Byron Lovelace")))
    fresh.add((other, URIRef("http://www.w3.org/2004/02/skos/core#altLabel"), Literal("Lovelace")))
    with pytest.raises(AmbiguousName, match="'lovelace' names 2 entities: Ada Lovelace .*Byron Lovelace") as err:
        analysis.find_entity(fresh, "lovelace")
    assert [c.iri for c in err.value.candidates] == [ADA, str(other)]
    assert analysis.find_entity(fresh, "Ada Lovelace").iri == ADA  # a full label still decides
