"""Structured metadata first: a PDF gives the record its first page prints (the largest text near
the top as the title, bylines with footnote markers tied to numbered affiliations, a running
head naming the journal) and its information dictionary and XMP, junk values aside. The PDFs
are generated here (tests/pdfmaker.py); the names are invented.
"""
from __future__ import annotations

import pytest

from kg.corpus import document_from_bytes
from kg.extract.metadata import first_page_record, parse_byline
from kg.metadata import is_junk
from kg.model import Metadata, PageLine
from pdfmaker import Line, Run, make_pdf
from workrecord import build_file, record_of

PDF_TITLE = "Teacher leadership in small rural schools: a mixed-methods study"


def first_page() -> list[Line]:
    return [
        Line(72, 800, [Run("Journal of Rural Education 12(3) 45-67", 8)]),
        Line(72, 760, [Run("Teacher leadership in small rural schools:", 20)]),
        Line(72, 736, [Run("a mixed-methods study", 20)]),
        Line(72, 700, [Run("Ann Bell", 11), Run("1", 7, 4), Run(", Carl Dunn", 11), Run("2,*", 7, 4),
                       Run(" and Eva Gray", 11), Run("1", 7, 4)]),
        Line(72, 680, [Run("1", 7, 4), Run("Faculty of Education, University of Lakeside, Lakeside, UK", 9)]),
        Line(72, 668, [Run("2", 7, 4), Run("Hill College, Springfield, USA", 9)]),
        Line(72, 656, [Run("*Corresponding author: c.dunn@example.org", 9)]),
        Line(72, 630, [Run("Abstract", 11)]),
        Line(72, 616, [Run("This article studies teacher leadership in small rural schools and how", 10)]),
        Line(72, 604, [Run("principals share decisions with teachers.", 10)]),
        Line(72, 570, [Run("Introduction", 11)]),
        Line(72, 556, [Run("Small rural schools are led by few people.", 10)]),
    ]


PDF_RECORD = {
    "kind": [], "title": PDF_TITLE, "authors": ["Ann Bell", "Carl Dunn", "Eva Gray"],
    "affiliations": {"Ann Bell": ["Faculty of Education"], "Carl Dunn": ["Hill College"],
                     "Eva Gray": ["Faculty of Education"]},
}


@pytest.mark.parametrize("info", [
    {"Title": "Microsoft Word - draft3.docx", "Author": "abell", "Creator": "Microsoft Word"},
    {},
])
def test_metadata_pdf_first_page_gives_title_bylines_and_affiliations(info, tmp_path):
    data = make_pdf([first_page()], info=info)
    got = record_of(build_file(tmp_path, "paper.pdf", data).graph)
    assert {k: got[k] for k in PDF_RECORD if k != "kind"} == {k: v for k, v in PDF_RECORD.items() if k != "kind"}


@pytest.mark.parametrize("info", [{"Title": PDF_TITLE, "Author": "Ann Bell; Carl Dunn; Eva Gray"}])
def test_metadata_pdf_info_agrees_with_the_page(info, tmp_path):
    data = make_pdf([first_page()], info=info)
    got = record_of(build_file(tmp_path, "paper.pdf", data).graph)
    assert (got["title"], got["authors"]) == (PDF_TITLE, ["Ann Bell", "Carl Dunn", "Eva Gray"])


@pytest.mark.parametrize("lines, title, authors", [
    ([PageLine("Leading together", 18, 60), PageLine("Ann Bell1 and Carl Dunn2", 11, 90),
      PageLine("1University of Lakeside", 9, 105), PageLine("2Hill College", 9, 115), PageLine("Abstract", 11, 140),
      PageLine("Text of the abstract, which runs on.", 10, 152)],
     "Leading together", [("Ann Bell", ["University of Lakeside"]), ("Carl Dunn", ["Hill College"])]),
    # one affiliation under each byline, no markers
    ([PageLine("Leading together", 18, 60), PageLine("Ann Bell", 11, 90), PageLine("University of Lakeside", 9, 105),
      PageLine("Carl Dunn", 11, 120), PageLine("Hill College", 9, 135), PageLine("Body text here.", 10, 160),
      PageLine("More body text.", 10, 172)],
     "Leading together", [("Ann Bell", ["University of Lakeside"]), ("Carl Dunn", ["Hill College"])]),
    # nothing stands out: no title from the layout
    ([PageLine("Leading together", 10, 60), PageLine("Ann Bell", 10, 90)], None, []),
])
def test_metadata_first_page_layout(lines, title, authors):
    assert first_page_record(lines) == (title, authors)


def test_metadata_pdf_reader_keeps_info_and_xmp(tmp_path):
    xmp = ('<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
           '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
           f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{PDF_TITLE}</rdf:li></rdf:Alt></dc:title>'
           '<dc:creator><rdf:Seq><rdf:li>Ann Bell</rdf:li><rdf:li>Carl Dunn</rdf:li></rdf:Seq></dc:creator>'
           '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>')
    data = make_pdf([first_page()], info={"Title": "untitled", "Keywords": "rural schools; teacher leadership"},
                    xmp=xmp)
    md = document_from_bytes(data, "paper.pdf").metadata
    assert isinstance(md, Metadata)
    assert md.first("title").value == PDF_TITLE and md.first("title").vocabulary == "xmp"
    assert [a.name.value for a in md.authors] == ["Ann Bell", "Carl Dunn"]
    assert [d.value for d in md.fields["keywords"]] == ["rural schools", "teacher leadership"]
    assert md.first_page[1] == PageLine("Teacher leadership in small rural schools:", 20.0, 82.0)


def test_metadata_pdf_reader_reads_a_pdf_without_metadata():
    data = make_pdf([[Line(72, 700, [Run("Plain text only.", 10)])]])
    doc = document_from_bytes(data, "plain.pdf")
    assert doc.text.strip() == "Plain text only." and not doc.metadata.fields


@pytest.mark.parametrize("doi_line, doi", [
    ("DOI: 10.5555/JRE.2021.77", "10.5555/jre.2021.77"),
    ("https://doi.org/10.5555/jre.2021.78", "10.5555/jre.2021.78"),
])
def test_metadata_pdf_doi_printed_on_the_first_page(doi_line, doi, tmp_path):
    data = make_pdf([first_page() + [Line(72, 520, [Run(doi_line, 8)])]])
    assert record_of(build_file(tmp_path, "paper.pdf", data).graph)["doi"] == doi


def lettered_first_page() -> list[Line]:
    """Affiliations marked by superscript letters, which only their smaller size tells apart."""
    return [
        Line(72, 770, [Run("Distributed leadership and teacher agency", 18)]),
        Line(72, 735, [Run("Ann Bell", 11), Run("a", 7, 4), Run(", Carl Dunn", 11), Run("b,", 7, 4), Run("*", 7, 4),
                       Run(", Eva Gray", 11), Run("a", 7, 4)]),
        Line(72, 715, [Run("a", 7, 4), Run(" Faculty of Education, University of Lakeside, Lakeside, UK", 9)]),
        Line(72, 703, [Run("b", 7, 4), Run(" Hill College, Springfield, USA", 9)]),
        Line(72, 670, [Run("A B S T R A C T", 9)]),
        Line(72, 656, [Run("This study follows teacher agency in eleven schools over three years of change.", 10)]),
    ]


@pytest.mark.parametrize("page", [lettered_first_page])
def test_metadata_pdf_superscript_letters_tie_authors_to_affiliations(page, tmp_path):
    got = record_of(build_file(tmp_path, "paper.pdf", make_pdf([page()])).graph)
    assert got["title"] == "Distributed leadership and teacher agency"
    assert got["authors"] == ["Ann Bell", "Carl Dunn", "Eva Gray"]
    assert got["affiliations"] == {"Ann Bell": ["Faculty of Education"], "Carl Dunn": ["Hill College"],
                                   "Eva Gray": ["Faculty of Education"]}


@pytest.mark.parametrize("head, expected", [
    ("Journal of Rural Education 12(3) 45-67",
     {"journal": "Journal of Rural Education", "volume": "12", "issue": "3", "first_page": "45", "last_page": "67"}),
    ("Educational Management Administration & Leadership 2015, Vol. 43(2) 198–213",
     {"journal": "Educational Management Administration & Leadership", "year": "2015", "volume": "43", "issue": "2",
      "first_page": "198", "last_page": "213"}),
    ("Journal of School Leadership Vol. 46 No. 2, 2008 pp. 172-188",
     {"journal": "Journal of School Leadership", "volume": "46", "issue": "2", "year": "2008", "first_page": "172",
      "last_page": "188"}),
    ("Ann Bell1, Carl Dunn2", {}),
])
def test_metadata_running_head_names_the_journal(head, expected):
    from kg.extract.metadata import running_head

    got = running_head([PageLine(head, 8, 20)])
    got.pop("line", None)
    assert got == expected


def test_metadata_pdf_running_head_makes_a_journal_article(tmp_path):
    lines = first_page() + [Line(72, 40, [Run("© 2019 The Authors", 7)])]
    got = record_of(build_file(tmp_path, "paper.pdf", make_pdf([lines])).graph)
    assert {k: got[k] for k in ("kind", "journal", "volume", "issue", "pages", "year")} == {
        "kind": "JournalArticle", "journal": ["Journal of Rural Education"], "volume": "12", "issue": "3",
        "pages": ("45", "67"), "year": "2019"}


@pytest.mark.parametrize("value, junk", [
    ("Microsoft Word - draft3.docx", True), ("untitled", True), ("Untitled-1", True), ("paper_final.pdf", True),
    ("Layout 1", True), ("JEA_2019_57_3", True), ("doi:10.5555/x", True), ("PII: S0000-0000(00)00000-0", True),
    ("", True), ("Collective leadership in rural schools", False), ("Trust and teacher leadership", False),
])
def test_metadata_junk_values_are_recognised(value, junk):
    assert is_junk(value) is junk


@pytest.mark.parametrize("line, names", [
    ("Ann Bell1, Carl Dunn2,* and Eva Gray1", [("Ann Bell", ["1"]), ("Carl Dunn", ["2", "*"]), ("Eva Gray", ["1"])]),
    ("Anthony R. ADAMES† and Lena Fox‡", [("Anthony R. ADAMES", ["†"]), ("Lena Fox", ["‡"])]),
    ("Ivo Marsh ORCID Icon, Hana Orlov ORCID Icon", [("Ivo Marsh", []), ("Hana Orlov", [])]),
    ("Ivo Marsh; Hana Orlov & Lena Fox", [("Ivo Marsh", []), ("Hana Orlov", []), ("Lena Fox", [])]),
    ("University of Lakeside, Lakeside, UK", None),
    ("This article studies teacher leadership", None),
])
def test_metadata_byline_names_and_their_footnote_markers(line, names):
    assert parse_byline(line) == names

