"""kg/ontology/shapes.ttl and kg.validate: the SHACL form of CONTRACT.md.

Each case starts from one small graph that meets every shape, breaks exactly one promise, and
expects exactly that promise to be reported, on the right node and property.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS

from kg.namespaces import BIBO, CITO, LKG, LKR, SH
from kg.store import load_graph
from kg.validate import SHAPES_PATH, ValidationResult, Violation, format_violations, validate

XSD = rdflib.Namespace("http://www.w3.org/2001/XMLSchema#")  # rdflib's XSD warns when pytest probes it
ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini.ttl"
BUILT = ROOT / "graphs" / "leadership.ttl"

DOC = LKR["document/doc-a"]
ADA = LKR["person/ada-lovelace"]
COUNCIL = LKR["organisation/open-council"]
COLLEGE = LKR["organisation/harbour-college"]
UTOPIA = LKR["country/UT"]
TOWN = LKR["place/harbour-town"]
PROGRAMME = LKR["programme/utopia-teachers"]
CONCEPT = LKR["concept/teacher-leadership"]
BROADER = LKR["concept/leadership"]
JOURNAL = LKR["journal/journal-of-things"]
ARTICLE = LKR["publication/the-art-of-leading"]
BOOK = LKR["publication/leading-in-utopia"]
CHAPTER = LKR["publication/a-chapter-on-leading"]
TEXT = ("Ada Lovelace wrote The Art of Leading (2020) in Journal of Things, doi 10.1000/art.1. "
        "The Utopia Teachers Programme was organised by the Open Council in Harbour Town, Utopia.")

#: the relation properties CONTRACT.md backs with evidence
RELATIONS = [
    DCTERMS.creator, BIBO.editor, DCTERMS.isPartOf, DCTERMS.publisher, CITO.cites, DCTERMS.subject,
    DCTERMS.spatial, LKG.locatedIn, LKG.partOf, LKG.affiliation, LKG.organisedBy, LKG.fundedBy,
    LKG.participant, SKOS.broader, SKOS.related, LKG.mentions, FOAF.primaryTopic,
]


def evidence_for(g: rdflib.Graph, s: URIRef, p: URIRef, o: URIRef) -> URIRef:
    """Add an evidence node for one relation triple, as the builder would."""
    ev = LKR["evidence/" + hashlib.sha1(f"{s}|{p}|{o}".encode()).hexdigest()[:20]]
    for pred, obj in [
        (RDF.type, LKG.Evidence), (RDF.subject, s), (RDF.predicate, p), (RDF.object, o), (LKG.source, DOC),
        (LKG.start, Literal(0)), (LKG.end, Literal(20)), (LKG.quote, Literal(TEXT[:20])),
        (LKG.extractor, Literal("test")), (LKG.confidence, Literal("0.9", datatype=XSD.decimal)),
    ]:
        g.add((ev, pred, obj))
    return ev


def relate(g: rdflib.Graph, s: URIRef, p: URIRef, o: URIRef) -> None:
    """A relation triple and the evidence that backs it."""
    g.add((s, p, o))
    evidence_for(g, s, p, o)


def entity(g: rdflib.Graph, node: URIRef, cls: URIRef, label: str) -> None:
    g.add((node, RDF.type, cls))
    g.add((node, RDFS.label, Literal(label)))
    g.add((node, PROV.wasDerivedFrom, DOC))


def conforming_graph() -> rdflib.Graph:
    """One instance of every entity class and every relation, meeting every shape."""
    g = rdflib.Graph()
    g.add((DOC, RDF.type, LKG.SourceDocument))
    g.add((DOC, LKG.path, Literal("corpus/doc-a.txt")))
    g.add((DOC, LKG.sha256, Literal(hashlib.sha256(TEXT.encode()).hexdigest())))
    g.add((DOC, LKG.mediaType, Literal("text/plain")))
    g.add((DOC, LKG.charCount, Literal(len(TEXT))))
    g.add((DOC, LKG.text, Literal(TEXT)))

    entity(g, ADA, LKG.Person, "Ada Lovelace")
    g.add((ADA, FOAF.familyName, Literal("Lovelace")))
    g.add((ADA, FOAF.givenName, Literal("A.")))
    g.add((ADA, SKOS.altLabel, Literal("A. Lovelace")))
    entity(g, COUNCIL, LKG.Organisation, "Open Council")
    g.add((COUNCIL, SKOS.altLabel, Literal("the Open Council")))  # alt labels may keep the article
    entity(g, COLLEGE, LKG.Organisation, "Harbour College")
    entity(g, UTOPIA, LKG.Country, "Utopia")
    entity(g, TOWN, LKG.Place, "Harbour Town")
    entity(g, PROGRAMME, LKG.Programme, "Utopia Teachers Programme")
    entity(g, JOURNAL, LKG.Journal, "Journal of Things")
    for node, label in [(CONCEPT, "teacher leadership"), (BROADER, "leadership")]:
        entity(g, node, LKG.Concept, label)
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.inScheme, LKR["concepts"]))
    entity(g, ARTICLE, LKG.Publication, "The Art of Leading")  # a title keeps its article
    g.add((ARTICLE, RDF.type, LKG.JournalArticle))
    g.add((ARTICLE, DCTERMS.title, Literal("The Art of Leading")))
    g.add((ARTICLE, DCTERMS.issued, Literal("2020", datatype=XSD.gYear)))
    g.add((ARTICLE, BIBO.doi, Literal("10.1000/art.1")))
    authors = BNode()
    Collection(g, authors, [ADA])
    g.add((ARTICLE, BIBO.authorList, authors))
    entity(g, BOOK, LKG.Publication, "Leading in Utopia")
    g.add((BOOK, RDF.type, LKG.Book))
    g.add((BOOK, DCTERMS.issued, Literal("2019-05-01", datatype=XSD.date)))
    entity(g, CHAPTER, LKG.Publication, "A Chapter on Leading")
    g.add((CHAPTER, RDF.type, LKG.BookChapter))

    for s, p, o in [
        (ARTICLE, DCTERMS.creator, ADA), (ARTICLE, DCTERMS.isPartOf, JOURNAL), (ARTICLE, DCTERMS.publisher, COUNCIL),
        (ARTICLE, CITO.cites, BOOK), (ARTICLE, DCTERMS.subject, CONCEPT), (ARTICLE, DCTERMS.subject, PROGRAMME),
        (ARTICLE, DCTERMS.spatial, UTOPIA), (ARTICLE, LKG.affiliation, COUNCIL), (BOOK, BIBO.editor, ADA),
        (CHAPTER, DCTERMS.isPartOf, BOOK), (TOWN, LKG.locatedIn, UTOPIA), (COUNCIL, LKG.locatedIn, TOWN),
        (PROGRAMME, LKG.organisedBy, COUNCIL), (PROGRAMME, LKG.fundedBy, COUNCIL), (PROGRAMME, LKG.participant, ADA),
        (PROGRAMME, LKG.participant, COLLEGE), (COLLEGE, LKG.partOf, COUNCIL),
        (ADA, LKG.affiliation, COUNCIL), (CONCEPT, SKOS.broader, BROADER), (CONCEPT, SKOS.related, BROADER),
        (DOC, LKG.mentions, ADA), (DOC, FOAF.primaryTopic, ARTICLE),
    ]:
        relate(g, s, p, o)
    return g


def _one_evidence(g: rdflib.Graph, p: URIRef = DCTERMS.creator) -> URIRef:
    return next(ev for ev in g.subjects(RDF.predicate, p))


def _replace(g: rdflib.Graph, s: URIRef, p: URIRef, value) -> None:
    g.set((s, p, value))


def _unback(g: rdflib.Graph, s: URIRef, p: URIRef, o: URIRef) -> None:
    for ev in list(g.subjects(RDF.subject, s)):
        if (ev, RDF.predicate, p) in g and (ev, RDF.object, o) in g:
            g.remove((ev, None, None))


def _retarget(g: rdflib.Graph, s: URIRef, p: URIRef, old: URIRef, new: URIRef) -> None:
    """Point a backed relation at another node, evidence included."""
    g.remove((s, p, old))
    _unback(g, s, p, old)
    relate(g, s, p, new)


# (case id, how to break the graph, expected (focus, path), a phrase of the expected message)
BREAKS: list[tuple[str, Callable[[rdflib.Graph], None], tuple[URIRef, str], str]] = [
    ("missing label", lambda g: g.remove((ADA, RDFS.label, None)), (ADA, "rdfs:label"), "exactly one rdfs:label"),
    ("two labels", lambda g: g.add((ADA, RDFS.label, Literal("Augusta Ada King"))),
     (ADA, "rdfs:label"), "exactly one rdfs:label"),
    ("label with leading The", lambda g: _replace(g, COUNCIL, RDFS.label, Literal("The Open Council")),
     (COUNCIL, "rdfs:label"), "without a leading article"),
    ("label with leading the", lambda g: _replace(g, PROGRAMME, RDFS.label, Literal("the Utopia Teachers Programme")),
     (PROGRAMME, "rdfs:label"), "without a leading article"),
    ("label with trailing space", lambda g: _replace(g, UTOPIA, RDFS.label, Literal("Utopia ")),
     (UTOPIA, "rdfs:label"), "no leading or trailing whitespace"),
    ("empty label", lambda g: _replace(g, TOWN, RDFS.label, Literal("")), (TOWN, "rdfs:label"), "non-empty"),
    ("label in another language", lambda g: _replace(g, UTOPIA, RDFS.label, Literal("Utopia", lang="ru")),
     (UTOPIA, "rdfs:label"), "plain or @en string"),
    ("altLabel not a literal", lambda g: g.add((ADA, SKOS.altLabel, COUNCIL)), (ADA, "skos:altLabel"), "literals"),
    ("no wasDerivedFrom", lambda g: g.remove((JOURNAL, PROV.wasDerivedFrom, None)),
     (JOURNAL, "prov:wasDerivedFrom"), "at least one prov:wasDerivedFrom"),
    ("wasDerivedFrom not a document", lambda g: g.add((JOURNAL, PROV.wasDerivedFrom, URIRef("https://example.org/x"))),
     (JOURNAL, "prov:wasDerivedFrom"), "lkg:SourceDocument"),
    ("two entity classes", lambda g: g.add((COUNCIL, RDF.type, LKG.Place)), (COUNCIL, ""), "exactly one class"),
    ("entity as blank node", lambda g: entity(g, BNode("anon"), LKG.Place, "Somewhere"), (BNode("anon"), ""), "IRI"),
    ("publication subclass alone", lambda g: g.remove((BOOK, RDF.type, LKG.Publication)),
     (BOOK, "rdf:type"), "asserts rdf:type lkg:Publication"),
    ("person without family name", lambda g: g.remove((ADA, FOAF.familyName, None)),
     (ADA, "foaf:familyName"), "exactly one foaf:familyName"),
    ("person with two given names", lambda g: g.add((ADA, FOAF.givenName, Literal("Ada"))),
     (ADA, "foaf:givenName"), "at most one foaf:givenName"),
    ("concept outside the scheme", lambda g: g.remove((BROADER, SKOS.inScheme, None)),
     (BROADER, "skos:inScheme"), "lkr:concepts"),
    ("creator not a Person", lambda g: _retarget(g, ARTICLE, DCTERMS.creator, ADA, COUNCIL),
     (ARTICLE, "dcterms:creator"), "lkg:Person"),
    ("editor not a Person", lambda g: _retarget(g, BOOK, BIBO.editor, ADA, JOURNAL),
     (BOOK, "bibo:editor"), "lkg:Person"),
    ("author list with a non-person", lambda g: Collection(g, g.value(ARTICLE, BIBO.authorList)).append(COUNCIL),
     (ARTICLE, "bibo:authorList/rdf:rest*/rdf:first"), "rdf:List of lkg:Person"),
    ("isPartOf a person", lambda g: _retarget(g, CHAPTER, DCTERMS.isPartOf, BOOK, ADA),
     (CHAPTER, "dcterms:isPartOf"), "lkg:Journal or lkg:Publication"),
    ("publisher not an Organisation", lambda g: _retarget(g, ARTICLE, DCTERMS.publisher, COUNCIL, TOWN),
     (ARTICLE, "dcterms:publisher"), "lkg:Organisation"),
    ("cites a journal", lambda g: _retarget(g, ARTICLE, CITO.cites, BOOK, JOURNAL),
     (ARTICLE, "cito:cites"), "lkg:Publication"),
    ("subject a person", lambda g: _retarget(g, ARTICLE, DCTERMS.subject, CONCEPT, ADA),
     (ARTICLE, "dcterms:subject"), "lkg:Concept or lkg:Programme"),
    ("spatial a concept", lambda g: _retarget(g, ARTICLE, DCTERMS.spatial, UTOPIA, CONCEPT),
     (ARTICLE, "dcterms:spatial"), "lkg:Country or lkg:Place"),
    ("locatedIn an organisation", lambda g: _retarget(g, TOWN, LKG.locatedIn, UTOPIA, COUNCIL),
     (TOWN, "lkg:locatedIn"), "lkg:Place or lkg:Country"),
    ("partOf from a programme", lambda g: relate(g, PROGRAMME, LKG.partOf, COUNCIL), (PROGRAMME, ""), "lkg:partOf"),
    ("partOf to a place", lambda g: _retarget(g, COLLEGE, LKG.partOf, COUNCIL, TOWN),
     (COLLEGE, "lkg:partOf"), "lkg:Organisation"),
    ("organisedBy a person", lambda g: _retarget(g, PROGRAMME, LKG.organisedBy, COUNCIL, ADA),
     (PROGRAMME, "lkg:organisedBy"), "lkg:Organisation"),
    ("fundedBy a country", lambda g: _retarget(g, PROGRAMME, LKG.fundedBy, COUNCIL, UTOPIA),
     (PROGRAMME, "lkg:fundedBy"), "lkg:Organisation"),
    ("broader to a programme", lambda g: _retarget(g, CONCEPT, SKOS.broader, BROADER, PROGRAMME),
     (CONCEPT, "skos:broader"), "lkg:Concept"),
    ("related to a person", lambda g: _retarget(g, CONCEPT, SKOS.related, BROADER, ADA),
     (CONCEPT, "skos:related"), "lkg:Concept"),
    ("primaryTopic not a publication", lambda g: _retarget(g, DOC, FOAF.primaryTopic, ARTICLE, ADA),
     (DOC, "foaf:primaryTopic"), "lkg:Publication"),
    ("issued as a plain string", lambda g: _replace(g, ARTICLE, DCTERMS.issued, Literal("2020")),
     (ARTICLE, "dcterms:issued"), "xsd:gYear"),
    ("issued twice", lambda g: g.add((ARTICLE, DCTERMS.issued, Literal("2021", datatype=XSD.gYear))),
     (ARTICLE, "dcterms:issued"), "at most one dcterms:issued"),
    ("doi malformed", lambda g: _replace(g, ARTICLE, BIBO.doi, Literal("https://doi.org/10.1000/art.1")),
     (ARTICLE, "bibo:doi"), "bare DOI"),
    ("relation without evidence", lambda g: _unback(g, ARTICLE, DCTERMS.creator, ADA),
     (ARTICLE, "dcterms:creator"), "no lkg:Evidence node"),
    ("mention without evidence", lambda g: _unback(g, DOC, LKG.mentions, ADA),
     (DOC, "lkg:mentions"), "no lkg:Evidence node"),
    ("evidence node not typed Evidence", lambda g: g.remove((_one_evidence(g), RDF.type, LKG.Evidence)),
     (ARTICLE, "dcterms:creator"), "no lkg:Evidence node"),
    ("evidence without quote", lambda g: g.remove((_one_evidence(g), LKG.quote, None)),
     ("evidence", "lkg:quote"), "exactly one lkg:quote"),
    ("evidence without source", lambda g: g.remove((_one_evidence(g), LKG.source, None)),
     ("evidence", "lkg:source"), "exactly one lkg:source"),
    ("evidence with negative start", lambda g: _replace(g, _one_evidence(g), LKG.start, Literal(-1)),
     ("evidence", "lkg:start"), "lkg:start, an xsd:integer >= 0"),
    ("evidence ending before it starts", lambda g: _replace(g, _one_evidence(g), LKG.start, Literal(30)),
     ("evidence", "lkg:start"), "not after its lkg:end"),
    ("evidence beyond the text", lambda g: _replace(g, _one_evidence(g), LKG.end, Literal(len(TEXT) + 1)),
     ("evidence", ""), "beyond its source document's lkg:charCount"),
    ("bad confidence", lambda g: _replace(g, _one_evidence(g), LKG.confidence, Literal("1.5", datatype=XSD.decimal)),
     ("evidence", "lkg:confidence"), "from 0 to 1"),
    ("confidence as a double", lambda g: _replace(g, _one_evidence(g), LKG.confidence, Literal(0.9)),
     ("evidence", "lkg:confidence"), "xsd:decimal"),
    ("document sha256 not hex", lambda g: _replace(g, DOC, LKG.sha256, Literal("aa")),
     (DOC, "lkg:sha256"), "64 hex digits"),
    ("document without text", lambda g: g.remove((DOC, LKG.text, None)), (DOC, "lkg:text"), "exactly one lkg:text"),
    ("document charCount a string", lambda g: _replace(g, DOC, LKG.charCount, Literal(str(len(TEXT)))),
     (DOC, "lkg:charCount"), "xsd:integer"),
]


def _focus_matches(v: Violation, focus) -> bool:
    if focus == "evidence":
        return v.focus.startswith(str(LKR["evidence/"]))
    if isinstance(focus, BNode):
        return not v.focus.startswith("http")
    return v.focus == str(focus)


@pytest.fixture(scope="module")
def conforming_result() -> ValidationResult:
    return validate(conforming_graph())


def test_shapes_file_parses_and_declares_shapes():
    g = rdflib.Graph().parse(SHAPES_PATH, format="turtle")
    assert len(set(g.subjects(RDF.type, SH.NodeShape))) >= 20
    assert len(set(g.subjects(RDF.type, SH.SPARQLConstraint))) >= 2


def test_shapes_file_is_valid_shacl():
    """shapes.ttl itself passes the W3C shapes-for-shapes graph (SHACL-SHACL), as bundled with pyshacl."""
    from pyshacl.entrypoints import meta_validate

    conforms, _, text = meta_validate(rdflib.Graph().parse(SHAPES_PATH, format="turtle"))
    assert conforms, text


def test_shapes_conforming_graph_passes(conforming_result):
    assert conforming_result.conforms, format_violations(conforming_result)
    assert conforming_result.results == []


@pytest.mark.parametrize("relation", RELATIONS, ids=lambda p: p.split("/")[-1].split("#")[-1])
def test_shapes_conforming_graph_uses_every_relation(relation):
    """The passing case exercises every relation the contract backs with evidence (so each range rule ran)."""
    assert (None, relation, None) in conforming_graph()


@pytest.mark.parametrize("case, breaks, where, phrase", BREAKS, ids=[case[0] for case in BREAKS])
def test_shapes_report_each_broken_promise(case, breaks, where, phrase):
    g = conforming_graph()
    breaks(g)
    result = validate(g)
    assert not result.conforms, f"{case}: not reported"
    focus, path = where
    assert result.results, case
    for v in result.results:  # exactly the broken rule, nothing else
        assert _focus_matches(v, focus) and v.path == path and phrase in v.message, (
            f"{case}: unexpected result\n{format_violations(result)}")


def test_shapes_relation_without_evidence_names_the_triple():
    g = conforming_graph()
    _unback(g, ARTICLE, DCTERMS.creator, ADA)
    [v] = validate(g).results
    assert (v.focus, v.path, v.value, v.shape) == (str(ARTICLE), "dcterms:creator", str(ADA), "lks:RelationEvidence")
    assert v.severity == "Violation"


def test_shapes_validate_leaves_the_graph_unchanged():
    g = conforming_graph()
    before = len(g)
    validate(g)
    assert len(g) == before


@pytest.mark.parametrize("limit", [1, 3])
def test_shapes_format_violations_lists_up_to_limit(limit):
    g = conforming_graph()
    for node in (ADA, COUNCIL, UTOPIA, TOWN):
        g.remove((node, RDFS.label, None))
    text = format_violations(validate(g), limit=limit)
    lines = text.splitlines()
    assert lines[0] == "does not conform: 4 results against kg/ontology/shapes.ttl"
    assert len(lines) == 1 + limit + 1 and lines[-1] == f"... and {4 - limit} more"
    assert lines[1] == ("- Violation: lkr:country/UT rdfs:label: an entity has exactly one rdfs:label, "
                        "its preferred display name [lks:Entity-labelCount]")


def test_shapes_format_violations_when_conforming(conforming_result):
    assert format_violations(conforming_result).startswith("conforms")


@pytest.mark.parametrize("rule, phrase", [
    ("relation evidence", "no lkg:Evidence node"),
    ("source document sha256", "64 hex digits"),
])
def test_shapes_mini_fixture_is_checked(rule, phrase):
    """The hand-written fixture predates the shapes: it skips evidence on several relations and has
    placeholder hashes. Validation must still run on it and say so, rule by rule."""
    result = validate(load_graph(MINI))
    assert not result.conforms
    assert any(phrase in v.message for v in result.results), rule


@pytest.mark.skipif(not BUILT.is_file(), reason="graphs/leadership.ttl is not built yet; run `kg build` to check it")
def test_shapes_built_seed_graph_conforms():
    result = validate(load_graph(BUILT))
    assert result.conforms, format_violations(result, limit=40)


def test_shapes_fresh_seed_build_conforms(seed_graph):
    result = validate(seed_graph)
    assert result.conforms, format_violations(result, limit=40)
