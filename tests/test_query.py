"""kg.query: running SPARQL, the named queries on the fixture graph, parameters and result formats."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.compare import isomorphic

from kg.errors import QueryError
from kg.namespaces import compact
from kg.query import (
    QueryResult,
    format_result,
    list_named_queries,
    load_named_query,
    read_named_query,
    run_named_query,
    run_query,
)
from kg.store import load_graph

MINI = Path(__file__).parent / "fixtures" / "mini.ttl"
#: where the queries run: a kg store (Oxigraph, what the commands use) and an rdflib graph
BACKENDS = ["store", "rdflib"]
ADA, BRIAN, GRACE = "lkr:person/ada-lovelace", "lkr:person/brian-kernighan", "lkr:person/grace-hopper"
UTOPIA_PUB, REPORT = "lkr:publication/leading-schools-in-utopia", "lkr:publication/school-report"
REPORT_TITLE = 'A <b>bold</b> "report"'

#: triples the fixture lacks, for the queries that find nothing in it
EXTRA = """
@prefix lkg: <https://w3id.org/leadership-kg/ontology#> .
@prefix bibo: <http://purl.org/ontology/bibo/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/leadership-kg/id/person/ada-lovelace> lkg:affiliation <https://w3id.org/leadership-kg/id/organisation/open-council> .
<https://w3id.org/leadership-kg/id/publication/school-report>
    bibo:editor <https://w3id.org/leadership-kg/id/person/brian-kernighan> ;
    dcterms:subject <https://w3id.org/leadership-kg/id/concept/leadership> .
"""


@pytest.fixture(scope="module", params=BACKENDS)
def mini(request, as_backend):
    """The fixture graph, as a kg store and as an rdflib graph: every test runs on both."""
    return as_backend(load_graph(MINI), request.param)


@pytest.fixture(scope="module", params=BACKENDS)
def extended(request, as_backend):
    graph = load_graph(MINI)
    graph.parse(data=EXTRA, format="turtle")
    return as_backend(graph, request.param)


def cells(result: QueryResult) -> list[tuple[str, ...]]:
    """Rows as compact strings: CURIEs for IRIs, lexical forms for literals, '' for unbound."""
    return [tuple("" if t is None else compact(t) if isinstance(t, URIRef) else str(t) for t in row)
            for row in result.rows]


# ---------------------------------------------------------------------------------------- run_query


def test_query_runs_select_with_project_prefixes_predeclared(mini):
    result = run_query(mini, "SELECT ?p ?name WHERE { ?p a lkg:Person ; rdfs:label ?name } ORDER BY ?name")
    assert result.kind == "SELECT" and result.vars == ("p", "name")
    assert cells(result) == [(ADA, "Ada Lovelace"), (BRIAN, "Brian Kernighan"), (GRACE, "Grace Hopper")]
    assert len(result) == 3
    assert result.dicts()[0] == {"p": URIRef("https://w3id.org/leadership-kg/id/person/ada-lovelace"),
                                 "name": Literal("Ada Lovelace")}


@pytest.mark.parametrize("query, expected", [
    ("ASK { ?p a lkg:Person }", True),
    ("ASK { ?p a lkg:Thesis }", False),
])
def test_query_ask_gives_a_boolean(mini, query, expected):
    result = run_query(mini, query)
    assert result.kind == "ASK" and result.boolean is expected


def test_query_construct_gives_sorted_triples_and_a_graph(mini):
    result = run_query(mini, "CONSTRUCT { ?p a lkg:Person } WHERE { ?p a lkg:Person }")
    assert result.kind == "CONSTRUCT" and len(result) == 3
    assert list(result.triples) == sorted(result.triples)
    assert len(result.graph()) == 3


def test_query_bindings_are_bound_as_literals(mini):
    query = "SELECT ?p WHERE { ?p rdfs:label|skos:altLabel ?l FILTER(LCASE(STR(?l)) = LCASE(STR(?who))) }"
    assert cells(run_query(mini, query, bindings={"who": "a. LOVELACE"})) == [(ADA,)]


def test_query_binding_a_variable_the_query_lacks_is_an_error(mini):
    with pytest.raises(QueryError, match=r"no variable \?nobody.*\?p"):
        run_query(mini, "SELECT ?p WHERE { ?p a lkg:Person }", bindings={"nobody": "x"})


@pytest.mark.parametrize("value", ["O'Brien\"", "x\" ) } ; DELETE WHERE { ?s ?p ?o } #", "\\\" . ?s ?p ?o . #"])
def test_query_parameter_with_quotes_neither_breaks_nor_injects(mini, value):
    before = len(mini)
    result = run_named_query(mini, "coauthors", {"person": value})
    assert result.rows == () and len(mini) == before


@pytest.mark.parametrize("backend", BACKENDS)
def test_query_parameter_with_quotes_matches_a_name_with_quotes(as_backend, backend):
    graph = load_graph(MINI)
    graph.parse(format="turtle", data="""
        @prefix lkg: <https://w3id.org/leadership-kg/ontology#> . @prefix dcterms: <http://purl.org/dc/terms/> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <https://w3id.org/leadership-kg/id/person/obrien> a lkg:Person ; rdfs:label "O'Brien\\"" .
        <https://w3id.org/leadership-kg/id/publication/odd> a lkg:Publication ;
            dcterms:creator <https://w3id.org/leadership-kg/id/person/obrien>,
                            <https://w3id.org/leadership-kg/id/person/ada-lovelace> .
    """)
    graph = as_backend(graph, backend)
    assert cells(run_named_query(graph, "coauthors", {"person": "o'brien\""})) == [
        ("lkr:person/obrien", ADA, "Ada Lovelace", "1")]


# ---------------------------------------------------------------------------------------- named queries

REQUIRED = [
    "authors-of", "coauthors", "coauthorship-pairs", "programmes-by-country", "programmes-in-country", "cites",
    "cited-by", "most-cited", "concepts-of-document", "concepts-by-country", "person-publications",
    "publications-by-year", "evidence-for", "single-document-entities", "concept-cooccurrence",
    "organisations-and-places", "journals", "editors", "affiliations", "entity-classes",
]

EVIDENCE_E1 = ("lkr:evidence/e1", UTOPIA_PUB, "dcterms:creator", ADA,
               "Ada Lovelace and Brian Kernighan wrote Leading Schools in Utopia.", "lkr:document/doc-a",
               "0", "65", "byline", "0.95")

#: (query, parameters, every row it must return on tests/fixtures/mini.ttl, in order)
EXPECTED = [
    ("authors-of", {"publication": "leading schools in utopia"}, [
        (UTOPIA_PUB, "Leading Schools in Utopia", "1", ADA, "Ada Lovelace"),
        (UTOPIA_PUB, "Leading Schools in Utopia", "2", BRIAN, "Brian Kernighan")]),
    ("authors-of", {"publication": REPORT_TITLE.upper()}, [  # printed order, not alphabetical
        (REPORT, REPORT_TITLE, "1", GRACE, "Grace Hopper"),
        (REPORT, REPORT_TITLE, "2", ADA, "Ada Lovelace")]),
    ("coauthors", {"person": "Ada Lovelace"}, [
        (ADA, BRIAN, "Brian Kernighan", "1"), (ADA, GRACE, "Grace Hopper", "1")]),
    ("coauthors", {"person": "a. lovelace"}, [  # an altLabel, in another case
        (ADA, BRIAN, "Brian Kernighan", "1"), (ADA, GRACE, "Grace Hopper", "1")]),
    ("coauthors", {"person": "Grace Hopper"}, [(GRACE, ADA, "Ada Lovelace", "1")]),
    ("coauthors", {"person": "Nobody At All"}, []),
    ("coauthorship-pairs", {}, [
        (ADA, "Ada Lovelace", BRIAN, "Brian Kernighan", "1"), (ADA, "Ada Lovelace", GRACE, "Grace Hopper", "1")]),
    ("programmes-by-country", {}, [
        ("lkr:country/UT", "Utopia", "lkr:programme/utopia-teachers", "Utopia Teachers Programme")]),
    ("programmes-in-country", {"country": "utopia"}, [
        ("lkr:country/UT", "lkr:programme/utopia-teachers", "Utopia Teachers Programme",
         "lkr:organisation/open-council", "Open Council")]),
    ("programmes-in-country", {"country": "ut"}, [  # the ISO code
        ("lkr:country/UT", "lkr:programme/utopia-teachers", "Utopia Teachers Programme",
         "lkr:organisation/open-council", "Open Council")]),
    ("cites", {"publication": REPORT_TITLE}, [(REPORT, UTOPIA_PUB, "Leading Schools in Utopia", "2020")]),
    ("cites", {"publication": "Leading Schools in Utopia"}, []),
    ("cited-by", {"publication": "Leading Schools in Utopia"}, [(UTOPIA_PUB, REPORT, REPORT_TITLE, "2021")]),
    ("most-cited", {}, [(UTOPIA_PUB, "Leading Schools in Utopia", "1")]),
    ("concepts-of-document", {"document": "doc-a"}, [
        ("lkr:document/doc-a", "lkr:concept/teacher-leadership", "teacher leadership", "subject of its work")]),
    ("concepts-of-document", {"document": "DOC-B.txt"}, [
        ("lkr:document/doc-b", "lkr:concept/teacher-leadership", "teacher leadership", "subject of its work")]),
    ("concepts-of-document", {"document": "corpus/doc-a.txt"}, [
        ("lkr:document/doc-a", "lkr:concept/teacher-leadership", "teacher leadership", "subject of its work")]),
    ("concepts-by-country", {"country": "Utopia"}, [
        ("lkr:country/UT", "lkr:concept/teacher-leadership", "teacher leadership", "1")]),
    ("person-publications", {"person": "ada lovelace"}, [
        (ADA, UTOPIA_PUB, "Leading Schools in Utopia", "2020", "author"),
        (ADA, REPORT, REPORT_TITLE, "2021", "author")]),
    ("publications-by-year", {}, [("2020", "1"), ("2021", "1")]),
    ("evidence-for", {"subject": "Ada Lovelace"}, [EVIDENCE_E1]),
    ("evidence-for", {"subject": "UTP", "predicate": "organisedBy"}, [
        ("lkr:evidence/e3", "lkr:programme/utopia-teachers", "lkg:organisedBy", "lkr:organisation/open-council",
         "The Utopia Teachers Programme was organised by the Open Council in Utopia.", "lkr:document/doc-a",
         "66", "138", "relations", "0.8")]),
    ("evidence-for", {"subject": "Leading Schools in Utopia", "predicate": "cito:cites"}, [
        ("lkr:evidence/e4", REPORT, "cito:cites", UTOPIA_PUB,
         "Lovelace, A. (2020). Leading Schools in Utopia. Journal of Things, 1(2), 3-4.", "lkr:document/doc-b",
         "0", "78", "references", "0.9")]),
    ("single-document-entities", {}, [
        ("lkr:country/UT", "Utopia", "lkg:Country", "lkr:document/doc-a"),
        ("lkr:journal/journal-of-things", "Journal of Things", "lkg:Journal", "lkr:document/doc-b"),
        ("lkr:organisation/open-council", "Open Council", "lkg:Organisation", "lkr:document/doc-a"),
        (BRIAN, "Brian Kernighan", "lkg:Person", "lkr:document/doc-a"),
        (GRACE, "Grace Hopper", "lkg:Person", "lkr:document/doc-b"),
        ("lkr:place/harbour-town", "Harbour Town", "lkg:Place", "lkr:document/doc-a"),
        ("lkr:programme/utopia-teachers", "Utopia Teachers Programme", "lkg:Programme", "lkr:document/doc-a"),
        (REPORT, REPORT_TITLE, "lkg:Report", "lkr:document/doc-b")]),
    ("organisations-and-places", {}, [
        ("lkr:organisation/open-council", "Open Council", "lkr:place/harbour-town", "Harbour Town",
         "lkr:country/UT", "Utopia")]),
    ("journals", {}, [("lkr:journal/journal-of-things", "Journal of Things", "1")]),
    ("documents", {}, [
        ("lkr:document/doc-a", "corpus/doc-a.txt", "120", UTOPIA_PUB, "Leading Schools in Utopia", "5"),
        ("lkr:document/doc-b", "corpus/doc-b.txt", "80", REPORT, REPORT_TITLE, "1")]),
    ("concept-hierarchy", {}, [
        ("lkr:concept/leadership", "leadership", "", ""),
        ("lkr:concept/teacher-leadership", "teacher leadership", "lkr:concept/leadership", "leadership")]),
    ("publications", {}, [
        (REPORT, REPORT_TITLE, "2021", "", ""),
        (UTOPIA_PUB, "Leading Schools in Utopia", "2020", "lkr:journal/journal-of-things", "Journal of Things")]),
    ("editors", {}, []),
    ("affiliations", {}, []),
    ("concept-cooccurrence", {}, []),
]


@pytest.mark.parametrize("name, params, rows", EXPECTED, ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(EXPECTED)])
def test_query_named_query_returns_the_rows_it_should(mini, name, params, rows):
    assert cells(run_named_query(mini, name, params)) == rows


def test_query_named_entity_classes_counts_each_class(mini):
    counts = dict(cells(run_named_query(mini, "entity-classes")))
    assert counts["lkg:Evidence"] == "4" and counts["lkg:Person"] == "3" and counts["lkg:Publication"] == "2"
    assert cells(run_named_query(mini, "entity-classes"))[0] == ("lkg:Evidence", "4")
    assert all(c.startswith("lkg:") for c in counts)


@pytest.mark.parametrize("name, rows", [
    ("editors", [(BRIAN, "Brian Kernighan", REPORT, REPORT_TITLE)]),
    ("affiliations", [("lkr:organisation/open-council", "Open Council", ADA, "Ada Lovelace", "lkg:Person")]),
    ("concept-cooccurrence", [("lkr:concept/leadership", "leadership", "lkr:concept/teacher-leadership",
                               "teacher leadership", "1")]),
    ("person-publications", None),
])
def test_query_named_queries_find_what_the_fixture_lacks(extended, name, rows):
    if name == "person-publications":
        got = cells(run_named_query(extended, name, {"person": "Brian Kernighan"}))
        assert got == [(BRIAN, UTOPIA_PUB, "Leading Schools in Utopia", "2020", "author"),
                       (BRIAN, REPORT, REPORT_TITLE, "2021", "editor")]
    else:
        assert cells(run_named_query(extended, name)) == rows


def test_query_every_named_query_runs_on_the_fixture_twice_with_the_same_rows(mini):
    for named in list_named_queries():
        params = {p.name: "Ada Lovelace" for p in named.params if not p.optional}
        assert run_named_query(mini, named.name, params) == run_named_query(mini, named.name, params), named.name


@pytest.mark.parametrize("backend", BACKENDS)
def test_query_every_named_query_finds_nothing_where_there_is_nothing(as_backend, backend):
    """rdflib yields one empty solution for an empty GROUP BY; no named query may turn it into rows."""
    graph = rdflib.Graph()
    for i in range(3):
        graph.add((URIRef(f"https://example.org/{i}"), rdflib.RDFS.label, Literal(f"thing {i}")))
    graph = as_backend(graph, backend)
    for named in list_named_queries():
        params = {p.name: "thing 1" for p in named.params if not p.optional}
        assert run_named_query(graph, named.name, params).rows == (), named.name


def test_query_ships_the_required_named_queries_with_headers():
    queries = {q.name: q for q in list_named_queries()}
    assert len(queries) >= 20
    assert set(REQUIRED) <= set(queries)
    for q in queries.values():
        assert q.title and q.description, q.name


def test_query_named_queries_order_by_every_column(mini):
    """Deterministic output: each column is a sort key, or a count computed for the sorted keys."""
    for q in list_named_queries():
        columns = run_named_query(mini, q.name, {p.name: "x" for p in q.params if not p.optional}).vars
        order_by = set(re.findall(r"\?(\w+)", q.text.rsplit("ORDER BY", 1)[1])) if "ORDER BY" in q.text else set()
        counts = set(re.findall(r"\(COUNT\([^)]*\)\s+AS\s+\?(\w+)\)", q.text))
        assert not set(columns) - order_by - counts, f"{q.name}: ORDER BY lacks {set(columns) - order_by - counts}"


def test_query_named_query_params_are_the_variables_it_uses():
    for q in list_named_queries():
        used = set(re.findall(r"\?(\w+_name)\b", q.text))
        assert used == {p.variable for p in q.params}, q.name


def test_query_param_header_is_read(tmp_path):
    path = tmp_path / "demo.rq"
    path.write_text("# title: Demo\n# description: One\n# description: two.\n"
                    "# param: person = a person's name\n# param: predicate (optional) = a property\n"
                    "SELECT ?x WHERE { ?x ?p ?person_name } ORDER BY ?x\n")
    named = read_named_query(path)
    assert (named.name, named.title, named.description) == ("demo", "Demo", "One two.")
    assert [(p.name, p.optional, p.variable) for p in named.params] == [
        ("person", False, "person_name"), ("predicate", True, "predicate_name")]


@pytest.mark.parametrize("name, hint", [("coauthor", "did you mean 'coauthors'"), ("../etc/passwd", "available:")])
def test_query_unknown_name_lists_the_available_ones(name, hint):
    with pytest.raises(QueryError, match="available: .*authors-of.*coauthors") as err:
        load_named_query(name)
    assert hint in str(err.value)


@pytest.mark.parametrize("params, message", [
    ({}, r"needs --param person=VALUE \(a person's name"),
    ({"person": "Ada", "colour": "red"}, r"no parameter 'colour'; it takes: person"),
])
def test_query_named_query_checks_its_parameters(mini, params, message):
    with pytest.raises(QueryError, match=message):
        run_named_query(mini, "coauthors", params)


# ---------------------------------------------------------------------------------------- formats

ID = "https://w3id.org/leadership-kg/id/"
FORMAT_QUERY = f"""
SELECT ?person ?name ?pref ?year ?cell ?missing WHERE {{
  VALUES ?person {{ <{ID}person/ada-lovelace> }}
  ?person rdfs:label ?name .
  <{ID}concept/leadership> skos:prefLabel ?pref .
  <{ID}publication/leading-schools-in-utopia> dcterms:issued ?year ; bibo:authorList ?cell .
  OPTIONAL {{ ?person lkg:nothing ?missing }}
}}"""


@pytest.fixture(scope="module")
def mixed(mini) -> QueryResult:
    """One row with an IRI, a plain, a language-tagged and a typed literal, a blank node, an unbound cell."""
    result = run_query(mini, FORMAT_QUERY)
    assert len(result) == 1 and isinstance(result.rows[0][4], BNode)
    return result


def test_query_json_follows_the_w3c_results_format(mixed):
    doc = json.loads(format_result(mixed, "json"))
    assert set(doc) == {"head", "results"} and doc["head"]["vars"] == list(mixed.vars)
    (binding,) = doc["results"]["bindings"]
    assert binding["person"] == {"type": "uri", "value": "https://w3id.org/leadership-kg/id/person/ada-lovelace"}
    assert binding["name"] == {"type": "literal", "value": "Ada Lovelace"}
    assert binding["pref"] == {"type": "literal", "value": "leadership", "xml:lang": "en"}
    assert binding["year"] == {"type": "literal", "value": "2020",
                               "datatype": "http://www.w3.org/2001/XMLSchema#gYear"}
    assert binding["cell"]["type"] == "bnode" and binding["cell"]["value"]
    assert "missing" not in binding  # unbound variables are left out
    for term in binding.values():
        assert term["type"] in {"uri", "literal", "bnode"} and isinstance(term["value"], str)
        assert not ("xml:lang" in term and "datatype" in term)


def test_query_json_ask_has_an_empty_head_and_a_boolean(mini):
    assert json.loads(format_result(run_query(mini, "ASK { ?p a lkg:Person }"), "json")) == {"head": {}, "boolean": True}


def test_query_csv_parses_back_and_follows_the_w3c_format(mini, mixed):
    text = format_result(mixed, "csv")
    assert text.count("\r\n") == text.count("\n") == 2  # CRLF line ends
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == list(mixed.vars)
    assert rows[1][:4] == ["https://w3id.org/leadership-kg/id/person/ada-lovelace", "Ada Lovelace", "leadership", "2020"]
    assert rows[1][4].startswith("_:") and rows[1][5] == ""
    titles = run_query(mini, "SELECT ?t WHERE { ?p dcterms:title ?t } ORDER BY ?t")
    assert [r[0] for r in csv.reader(io.StringIO(format_result(titles, "csv"), newline=""))][1:] == [
        REPORT_TITLE, "Leading Schools in Utopia"]


def test_query_tsv_writes_terms_in_turtle_syntax(mini, mixed):
    lines = format_result(mixed, "tsv").split("\n")
    assert lines[0] == "\t".join(f"?{v}" for v in mixed.vars)
    assert lines[1].split("\t")[:4] == ['<https://w3id.org/leadership-kg/id/person/ada-lovelace>', '"Ada Lovelace"',
                                       '"leadership"@en', '"2020"^^<http://www.w3.org/2001/XMLSchema#gYear>']
    assert lines[1].split("\t")[4].startswith("_:") and lines[1].split("\t")[5] == ""
    awkward = run_query(mini, 'SELECT ?s ?n WHERE { BIND("a\\tb\\n\\"c\\"" AS ?s) BIND(3 AS ?n) }')
    assert format_result(awkward, "tsv") == '?s\t?n\n"a\\tb\\n\\"c\\""\t3\n'


def test_query_table_is_aligned_with_curies(mini):
    result = run_query(mini, "SELECT ?p ?name WHERE { ?p a lkg:Person ; rdfs:label ?name } ORDER BY ?name")
    lines = format_result(result, "table").splitlines()
    assert lines[0].split() == ["p", "name"] and set(lines[1]) <= {"-", " "}
    assert lines[2].split(None, 1) == [ADA, "Ada Lovelace"]
    assert lines[2].index("Ada") == lines[3].index("Brian") == lines[0].index("name")
    assert lines[-1] == "(3 rows)"


def test_query_ttl_serialises_construct_results(mini):
    result = run_query(mini, "CONSTRUCT { ?p rdfs:label ?n } WHERE { ?p a lkg:Person ; rdfs:label ?n }")
    parsed = rdflib.Graph().parse(data=format_result(result, "ttl"), format="turtle")
    assert isomorphic(parsed, result.graph()) and len(parsed) == 3
    assert "lkr:person/ada-lovelace" in format_result(result, "table")


@pytest.mark.parametrize("query, fmt, message", [
    ("SELECT ?p WHERE { ?p a lkg:Person }", "ttl", "use table, csv, tsv or json"),
    ("CONSTRUCT { ?p a lkg:Person } WHERE { ?p a lkg:Person }", "csv", "use --format ttl"),
    ("ASK { ?p a lkg:Person }", "csv", "use --format json"),
    ("SELECT ?p WHERE { ?p a lkg:Person }", "xml", "unknown format 'xml'"),
])
def test_query_format_says_which_format_fits(mini, query, fmt, message):
    with pytest.raises(QueryError, match=re.escape(message)):
        format_result(run_query(mini, query), fmt)
