"""kg.bibliographic: the standard exports (RIS, BibTeX, CSL-JSON, WoS plain text and tab-delimited,
Scopus CSV, OpenAlex) read into the same ten Publications, authors and citations; bad records
reported one line each; an exported work and its page are one node; ORCIDs decide person merges.

The fixtures (tests/fixtures/exports/, written by make_exports.py) describe ten invented works."""
from __future__ import annotations

import contextlib
import json
import re

import pytest
from click.testing import CliRunner
from rdflib import Literal
from rdflib.namespace import DCTERMS

from kg.bibliographic import export_format, records_from_text
from kg.bibliographic.cited import parse_wos_reference
from kg.build import build_graph
from kg.cli.main import cli
from kg.corpus import read_corpus
from kg.errors import SourceError
from kg.graph import serialize_turtle
from kg.namespaces import LKG
from kg.validate import validate

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"

EXPORTS = FIXTURES / "exports"
FILES = {"ris": "works.ris", "bibtex": "works.bib", "csljson": "works-csl.json", "wos": "savedrecs.txt",
         "wos-tab": "savedrecs-tab.txt", "scopus": "scopus.csv", "openalex": "openalex-works.json"}
#: formats whose exports carry ORCIDs
WITH_ORCID = ("bibtex", "csljson", "wos", "wos-tab", "openalex")

TITLES = {
    1: "Shared instructional leadership in small rural schools",
    2: "Principal succession and the memory of a school",
    3: "Teacher leadership networks across district borders",
    4: "Middle leaders as brokers of professional learning",
    5: "Distributed leadership under accountability pressure",
    6: "Coaching novice principals in remote districts",
    7: "The ethics of data use by school leaders",
    8: "Collaborative inquiry and teacher agency in small schools",
    9: "Leading schools through prolonged closure",
    10: "A decade of rural school leadership research: a review",
}
AUTHORS = {
    1: ["Ilse Varnham", "Tomasz Quellbrook"], 2: ["Amara Mirewa"], 3: ["Jonas Halvorsen", "Ilse Varnham"],
    4: ["Priya Pellacott", "Daniel Ostrander"], 5: ["Olena Kovalyk", "Tomasz Quellbrook", "Amara Mirewa"],
    6: ["Ruth Sefton", "Amara Mirewa"], 7: ["Daniel Ostrander"], 8: ["Ilse Varnham", "Priya Pellacott", "Jonas Halvorsen"],
    9: ["Olena Kovalyk", "Ruth Sefton"], 10: ["Amara Mirewa", "Jonas Halvorsen"],
}
CITES = {2: [1], 3: [1, 2], 4: [1, 3], 5: [2, 3], 6: [1, 2, 4], 7: [3, 5], 8: [1, 4, 6], 9: [6, 7], 10: [2, 8, 9]}


@pytest.fixture(scope="module")
def builds():
    """Each fixture export built on its own, once."""
    with contextlib.chdir(FIXTURES.parent.parent):
        return {fmt: build_graph([EXPORTS / name]) for fmt, name in FILES.items()}


def _entities(result):
    return {e.id: e for e in result.resolved.entities}


def _publications(result) -> dict[str, str]:
    return {e.label: e.id for e in result.resolved.entities if e.cls == "Publication"}


def _ordered_authors(result) -> dict[str, list[str]]:
    ents = _entities(result)
    out: dict[str, list[tuple[int, str]]] = {}
    for f in result.resolved.facts:
        if f.predicate == "dcterms:creator":
            out.setdefault(ents[f.subject].label, []).append((f.position, ents[f.object].label))
    return {title: [name for _, name in sorted(people)] for title, people in out.items()}


def _citations(result) -> set[tuple[str, str]]:
    ents = _entities(result)
    return {(ents[f.subject].label, ents[f.object].label) for f in result.resolved.facts if f.predicate == "cito:cites"}


@pytest.mark.parametrize("fmt", list(FILES))
def test_bibliographic_format_is_recognised(fmt):
    path = EXPORTS / FILES[fmt]
    assert export_format(path, path.read_bytes()) == fmt


@pytest.mark.parametrize("name, head, expected", [
    ("notes.txt", b"Teacher leadership in small schools\nA page of prose.\n", None),
    ("savedrecs.txt", b"\xef\xbb\xbfFN Clarivate Analytics Web of Science\nVR 1.0\n", "wos"),
    ("items.json", b'[{"type": "book", "title": "A"}]', "csljson"),
    ("works.jsonl", b'{"id": "https://openalex.org/W1"}\n', "openalex"),
    ("table.csv", b"name,value\n", None),
])
def test_bibliographic_sniffs_content_where_the_suffix_is_shared(name, head, expected):
    assert export_format(name, head) == expected


@pytest.mark.parametrize("fmt", list(FILES))
def test_bibliographic_each_export_gives_the_same_ten_publications(builds, fmt):
    assert set(_publications(builds[fmt])) == set(TITLES.values())
    assert not builds[fmt].errors


@pytest.mark.parametrize("fmt", list(FILES))
def test_bibliographic_each_export_gives_the_same_ordered_authors(builds, fmt):
    assert _ordered_authors(builds[fmt]) == {TITLES[n]: names for n, names in AUTHORS.items()}
    people = {e.label for e in builds[fmt].resolved.entities if e.cls == "Person"}
    assert len(people) == 8  # the cited references' "Varnham I" and the records' "Ilse Varnham" are one person


@pytest.mark.parametrize("fmt", list(FILES))
def test_bibliographic_each_export_gives_the_same_citations(builds, fmt):
    expected = {(TITLES[a], TITLES[b]) for a, cited in CITES.items() for b in cited}
    assert _citations(builds[fmt]) == expected


@pytest.mark.parametrize("fmt", list(FILES))
def test_bibliographic_records_keep_year_doi_journal_and_countries(builds, fmt):
    g = builds[fmt].graph
    pubs = _publications(builds[fmt])
    from kg.graph import iri

    work1 = iri(pubs[TITLES[1]])
    assert str(g.value(work1, DCTERMS.issued)) == "2012"
    assert {str(o) for o in g.objects(work1, DCTERMS.isPartOf)} == {str(iri("journal/journal-of-rural-school-studies"))}
    from kg.namespaces import BIBO

    assert str(g.value(work1, BIBO.doi)) == "10.5555/jrss.2012.0142"
    assert g.value(iri(pubs[TITLES[8]]), BIBO.doi) is None  # work 8 has no DOI in any export
    countries = {e.label for e in builds[fmt].resolved.entities if e.cls == "Country"}
    assert countries == {"United Kingdom", "Poland", "Kenya", "Norway", "Canada"}


@pytest.mark.parametrize("fmt", list(FILES))
def test_bibliographic_keywords_are_concepts_or_keyword_literals(builds, fmt):
    g = builds[fmt].graph
    from kg.graph import iri

    work2 = iri(_publications(builds[fmt])[TITLES[2]])
    assert set(g.objects(work2, LKG.keyword)) == {Literal("organisational memory")}  # the scheme lacks it
    assert iri("concept/leadership-succession") in set(g.objects(work2, DCTERMS.subject))


@pytest.mark.parametrize("fmt", list(FILES))
def test_bibliographic_orcids_are_kept(builds, fmt):
    orcids = {e.label: e.attrs.get("orcid") for e in builds[fmt].resolved.entities if e.cls == "Person"}
    if fmt in WITH_ORCID:
        assert orcids["Ilse Varnham"] == "0000-0002-7311-4826"
        assert orcids["Jonas Halvorsen"] == "0000-0001-5527-9043"
        assert (None, None) != (orcids["Amara Mirewa"], "x") and orcids["Amara Mirewa"] is None
    else:
        assert set(orcids.values()) == {None}


@pytest.mark.parametrize("fmt", ["wos", "scopus", "bibtex"])
def test_bibliographic_evidence_quotes_the_record_number_and_field(builds, fmt):
    result = builds[fmt]
    doc = result.resolved.documents[0]
    # a record's authors quote its author field; a cited work's authors the reference that names them
    tags = {"wos": ("AF", "CR"), "scopus": ("Author full names", "References"), "bibtex": ("author", "cited-references")}[fmt]
    creators = [f for f in result.resolved.facts if f.predicate == "dcterms:creator"]
    assert creators
    for f in creators:
        for ev in f.evidence:
            assert doc.text[ev.start:ev.end] == ev.quote
            assert re.match(rf"\[(\d+)\] ({'|'.join(tags)}): ", ev.quote), ev.quote


@pytest.mark.parametrize("fmt", ["wos", "openalex"])
def test_bibliographic_export_graph_meets_the_contract(builds, fmt):
    result = validate(builds[fmt].graph)
    assert result.conforms, result.violations[:3]


def test_bibliographic_build_is_byte_identical(builds):
    again = build_graph([EXPORTS / FILES["ris"]])
    assert serialize_turtle(again.graph) == serialize_turtle(builds["ris"].graph)


def test_bibliographic_all_exports_together_are_still_ten_works():
    result = build_graph([EXPORTS])
    assert set(_publications(result)) == set(TITLES.values())
    assert len({e.id for e in result.resolved.entities if e.cls == "Person"}) == 8
    orgs = {e.label: e for e in result.resolved.entities if e.cls == "Organisation"}
    # WoS's 'Northmoor Univ' is the others' 'Northmoor University'; 'Eastwick Inst Educ' drops its 'of'
    assert {"savedrecs", "savedrecs-tab", "scopus", "openalex-works"} <= set(orgs["Northmoor University"].doc_ids)
    assert set(orgs) == {"Northmoor University", "Taranga University", "Fjordvik University", "Lakemont University",
                         "Eastwick Institute of Education", "Eastwick Institute Education"}


# ------------------------------------------------------------------------------ bad records


@pytest.mark.parametrize("name, text, problem", [
    ("bad.bib", "@article{a, author = {Lune, Mira}, title = {Quiet rooms}, year = {2010}}\n"
                "@article{b, title = {Unclosed, year = {2011}\n"
                "@article{c, author = {Tarn, Olu}, title = {Open doors}, year = {2012}}\n",
     r"bad\.bib: record 2 \(line 2\): the BibTeX entry does not parse"),
    ("bad.csv", '"Authors","Author full names","Title","Year","Source title"\n'
                '"Lune M.","Lune, Mira (1)","Quiet rooms","2010","Journal of Quiet"\n'
                '"Tarn O.","Tarn, Olu (2)","Open doors"\n'
                '"Tarn O.","Tarn, Olu (2)","Closed doors","2013","Journal of Quiet"\n',
     r"bad\.csv: record 2 \(row 3\): 3 columns where the header has 5"),
    ("bad.ris", "TY  - JOUR\nTI  - Quiet rooms\nAU  - Lune, Mira\nPY  - 2010\nER  - \n"
                "TI  - Lost record\nAU  - Tarn, Olu\nER  - \n"
                "TY  - JOUR\nTI  - Open doors\nAU  - Tarn, Olu\nPY  - 2012\nER  - \n",
     r"bad\.ris: record 2: not a RIS record"),
    ("bad.jsonl", '{"id": "https://openalex.org/W1", "title": "Quiet rooms", "authorships": []}\n'
                  '{"id": "https://openalex.org/W2", "title": \n'
                  '{"id": "https://openalex.org/W3", "title": "Open doors", "authorships": []}\n',
     r"bad\.jsonl: record 2: not a JSON object"),
])
def test_bibliographic_bad_record_is_reported_in_one_line_and_the_rest_built(tmp_path, name, text, problem):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    docs, errors = read_corpus([path])
    assert len(docs) == 1 and len(docs[0].export.records) == 2
    assert len(errors) == 1 and "\n" not in str(errors[0])
    assert re.search(problem, str(errors[0])), str(errors[0])


def test_bibliographic_cli_reports_a_bad_record_without_a_traceback(tmp_path):
    path = tmp_path / "library.bib"
    path.write_text("@article{a, author = {Lune, Mira}, title = {Quiet rooms}, year = {2010}}\n"
                    "@article{b, title = {Unclosed, year = {2011}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(path), "-o", str(tmp_path / "g.ttl"), "--no-html"])
    assert result.exit_code == 1, result.output  # as for any file kg skips: the graph is written, the status says
    assert "record 2 (line 2): the BibTeX entry does not parse (Unexpectedly reached end of file)" in result.output
    assert (tmp_path / "g.ttl").exists() and "Quiet rooms" in (tmp_path / "g.ttl").read_text(encoding="utf-8")
    assert "Traceback" not in result.output


def test_bibliographic_json_that_is_no_export_is_a_source_error(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text('{"colour": "blue"}', encoding="utf-8")
    docs, errors = read_corpus([path])
    assert not docs and isinstance(errors[0], SourceError) and "not a bibliographic export" in str(errors[0])


# ------------------------------------------------------------------------------ merging


PAGE = """<!DOCTYPE html><html><head>
<meta name="citation_title" content="Teacher leadership networks across district borders">
<meta name="citation_author" content="Halvorsen, Jonas">
<meta name="citation_author" content="Varnham, Ilse">
<meta name="citation_doi" content="10.5555/irsi.2014.0094">
<meta name="citation_journal_title" content="International Review of School Improvement">
<meta name="citation_publication_date" content="2014">
</head><body><h1>Teacher leadership networks across district borders</h1>
<p>Jonas Halvorsen and Ilse Varnham</p><p>How teachers in neighbouring districts lead together.</p></body></html>
"""


@pytest.mark.parametrize("fmt", ["scopus", "ris"])
def test_bibliographic_export_and_portal_page_are_one_node(tmp_path, fmt):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / FILES[fmt]).write_bytes((EXPORTS / FILES[fmt]).read_bytes())
    result = build_graph([tmp_path])
    works = [e for e in result.resolved.entities if e.cls == "Publication" and e.label == TITLES[3]]
    assert len(works) == 1
    assert len(works[0].doc_ids) == 2  # found in the page and in the export
    assert result.resolved.primary_topics["page"] == works[0].id
    people = [e for e in result.resolved.entities if e.cls == "Person" and e.label == "Ilse Varnham"]
    assert len(people) == 1 and len(people[0].doc_ids) == 2


def _csl(tmp_path, name: str, authors: list[dict]) -> None:
    items = [{"id": f"w{i}", "type": "article-journal", "title": f"Work number {i} on quiet schools", "author": [a],
              "issued": {"date-parts": [[2010 + i]]}} for i, a in enumerate(authors)]
    (tmp_path / name).write_text(json.dumps(items), encoding="utf-8")


@pytest.mark.parametrize("authors, people", [
    # the same name, two ORCIDs: two people
    ([{"family": "Lune", "given": "Mira", "ORCID": "0000-0001-0000-0001"},
      {"family": "Lune", "given": "Mira", "ORCID": "0000-0001-0000-0002"}], 2),
    # a changed family name, one ORCID: one person
    ([{"family": "Lune", "given": "Mira", "ORCID": "0000-0001-0000-0001"},
      {"family": "Tarn-Lune", "given": "Mira", "ORCID": "0000-0001-0000-0001"}], 1),
    # no ORCIDs: the names decide, as for documents
    ([{"family": "Lune", "given": "Mira"}, {"family": "Lune", "given": "M."}], 1),
])
def test_bibliographic_orcid_decides_person_merges(tmp_path, authors, people):
    _csl(tmp_path, "items.json", authors)
    result = build_graph([tmp_path / "items.json"])
    assert sum(1 for e in result.resolved.entities if e.cls == "Person") == people


@pytest.mark.parametrize("text, family, year, volume, page, doi", [
    ("Bell A, 2015, J SCH LEADERSH, V25, P311, DOI 10.5555/x.1", "Bell", "2015", "25", "311", "10.5555/x.1"),
    ("Van der Berg JM, 2009, LEADING SCH", "Van der Berg", "2009", None, None, None),
    ("[Anonymous], 2011, REPORT SCH", None, "2011", None, None, None),
])
def test_bibliographic_wos_reference_fields(text, family, year, volume, page, doi):
    ref = parse_wos_reference(text, 0)
    assert (ref.authors[0].family if ref.authors else None, ref.year, ref.volume, ref.pages, ref.doi) == \
        (family, year, volume, page, doi)


@pytest.mark.parametrize("fmt", ["scopus", "wos"])
def test_bibliographic_reader_gives_affiliations_per_author(fmt):
    path = EXPORTS / FILES[fmt]
    records = records_from_text(fmt, path.read_text(encoding="utf-8"))
    first = records[0]
    assert [a.family for a in first.authors] == ["Varnham", "Quellbrook"]
    assert first.authors[0].affiliations[0].startswith("Northmoor University, Leeds, ")
    assert "Eastwick" in first.authors[1].affiliations[0]


ORCID_PAGE = PAGE.replace('<meta name="citation_author" content="Varnham, Ilse">',
                          '<meta name="citation_author" content="Varnham, Ilse">\n'
                          '<meta name="citation_author_orcid" content="https://orcid.org/0000-0002-7311-4826">')


def test_bibliographic_a_pages_declared_orcid_joins_the_exports_person(tmp_path):
    (tmp_path / "page.html").write_text(ORCID_PAGE, encoding="utf-8")
    (tmp_path / "openalex.json").write_bytes((EXPORTS / FILES["openalex"]).read_bytes())
    result = build_graph([tmp_path])
    people = [e for e in result.resolved.entities if e.cls == "Person" and e.label == "Ilse Varnham"]
    assert len(people) == 1 and people[0].attrs["orcid"] == "0000-0002-7311-4826" and len(people[0].doc_ids) == 2
    assert (iri_of(people[0]), LKG.orcid, Literal("0000-0002-7311-4826")) in result.graph


def iri_of(entity):
    from kg.graph import iri

    return iri(entity.id)


# ------------------------------------------------------------------------------ the vocabulary


@pytest.mark.parametrize("term, kind, domain", [("keyword", "DatatypeProperty", "Publication"),
                                                ("orcid", "DatatypeProperty", "Person")])
def test_bibliographic_ontology_declares_keyword_and_orcid(term, kind, domain):
    from rdflib import OWL, RDF, RDFS

    from kg.validate import ontology_graph

    onto = ontology_graph()
    assert (LKG[term], RDF.type, OWL[kind]) in onto
    assert (LKG[term], RDFS.domain, LKG[domain]) in onto
    assert getattr(LKG, term) == LKG[term]  # the DefinedNamespace knows it


@pytest.mark.parametrize("subject_class, prop, value, conforms", [
    ("Person", "orcid", "0000-0002-7311-4826", True),
    ("Person", "orcid", "https://orcid.org/0000-0002-7311-4826", False),  # bare iDs only
    ("Publication", "orcid", "0000-0002-7311-4826", False),
    ("Publication", "keyword", "rural schools", True),
    ("Person", "keyword", "rural schools", False),
])
def test_bibliographic_shapes_check_keyword_and_orcid(builds, subject_class, prop, value, conforms):
    from rdflib import Graph

    from kg.graph import iri

    g = Graph()
    for t in builds["wos"].graph:
        g.add(t)
    target = next(e for e in builds["wos"].resolved.entities if e.cls == subject_class)
    for old in list(g.objects(iri(target.id), LKG[prop])):
        g.remove((iri(target.id), LKG[prop], old))
    g.add((iri(target.id), LKG[prop], Literal(value)))
    assert validate(g).conforms is conforms


@pytest.mark.parametrize("authors, expected", [
    ("Bell A.; Okoro C.", [("Bell", "A."), ("Okoro", "C.")]),  # without 'Author full names'
    ("Bell A., Okoro C.", [("Bell", "A."), ("Okoro", "C.")]),  # older exports: commas between authors
    ("Bell, A., Van der Berg, J.", [("Bell", "A."), ("Van der Berg", "J.")]),
])
def test_bibliographic_scopus_short_author_names(authors, expected):
    from kg.bibliographic.scopus import read

    text = '"Authors","Title","Year"\n' + f'"{authors}","Quiet rooms","2010"\n'
    (record,) = read(text)
    assert [(a.family, a.given) for a in record.authors] == expected
