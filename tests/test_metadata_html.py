"""Structured metadata first: an HTML page that declares its record gives exactly that record.

One small page per vocabulary (Highwire `citation_*`, Dublin Core and OJS's qualified Dublin
Core, EPrints, schema.org JSON-LD and microdata, OpenGraph), pages that mix them, and portal
pages whose printed record the text extractors read too. The names are invented.
"""
from __future__ import annotations

import pytest
from rdflib.namespace import DCTERMS, RDF, RDFS

from kg.corpus import document_from_bytes
from kg.extract.metadata import bare_doi, work_kind
from kg.graph import serialize_turtle
from kg.metadata import html_metadata
from kg.namespaces import BIBO, LKG
from workrecord import build_file, labels, record_of

CITATION = """<!DOCTYPE html>
<html><head>
<title>Collective leadership in rural schools | Lakeside Repository</title>
<meta name="citation_title" content="Collective leadership in rural schools">
<meta name="citation_author" content="Quill, Ada">
<meta name="citation_author_institution" content="Faculty of Education, University of Lakeside, Lakeside, UK">
<meta name="citation_author_orcid" content="https://orcid.org/0000-0002-1825-0097">
<meta name="citation_author" content="VESK, Bruno T.">
<meta name="citation_author_institution" content="Hill College, Springfield, USA">
<meta name="citation_publication_date" content="2019/03/08">
<meta name="citation_journal_title" content="Journal of Rural Education">
<meta name="citation_issn" content="1234-5678">
<meta name="citation_volume" content="39">
<meta name="citation_issue" content="5">
<meta name="citation_firstpage" content="512">
<meta name="citation_lastpage" content="531">
<meta name="citation_doi" content="10.5555/JRE.2019.ABC">
<meta name="citation_publisher" content="Lakeside Press">
<meta name="citation_keywords" content="distributed leadership; rural schools">
<meta name="citation_language" content="en">
<meta name="citation_pdf_url" content="https://repo.example.org/1/paper.pdf">
</head><body>
<div>No Cover Image</div>
<h1>Collective leadership in rural schools</h1>
<p>Ada Quill, Bruno T. Vesk</p>
<h2>Abstract</h2>
<p>This article studies collective leadership in small rural schools.</p>
</body></html>
"""


DUBLIN_CORE = """<!DOCTYPE html>
<html><head>
<title>Middle leaders and school improvement</title>
<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/">
<meta name="DC.title" content="Middle leaders and school improvement">
<meta name="DC.creator" content="Dunn, Cara">
<meta name="DC.creator" content="Gray, Eli F.">
<meta name="DCTERMS.issued" content="2017-06-01">
<meta name="DC.publisher" content="Northfield University Press">
<meta name="DC.type" content="Book">
<meta name="DC.identifier" content="https://doi.org/10.5555/NUP.2017.7">
<link rel="DC.identifier" href="urn:isbn:978-3-16-148410-0">
<meta name="dc.subject" content="middle leadership">
<meta name="dc.language" content="en">
</head><body>
<h1>Middle leaders and school improvement</h1>
<p>A book by Cara Dunn and Eli F. Gray.</p>
</body></html>
"""


JSON_LD = """<!DOCTYPE html>
<html><head>
<title>Coaching new headteachers</title>
<script type="application/ld+json">
{"@context": "https://schema.org",
 "@graph": [
  {"@type": "WebPage", "@id": "#page", "name": "Coaching new headteachers - Journal site",
   "mainEntity": {"@id": "#article"}},
  {"@type": "ScholarlyArticle", "@id": "#article",
   "headline": "Coaching new headteachers: a two-year study",
   "author": [{"@id": "#p1"}, {"@type": "Person", "givenName": "Hana", "familyName": "Orlov",
               "affiliation": {"@type": "Organization", "name": "Riverside Institute of Education"}}],
   "datePublished": "2022-11-02",
   "isPartOf": {"@type": "PublicationIssue", "issueNumber": "4",
                "isPartOf": {"@type": "PublicationVolume", "volumeNumber": "12",
                             "isPartOf": {"@type": "Periodical", "name": "School Leadership Review",
                                          "issn": "2345-6789"}}},
   "pageStart": "77", "pageEnd": "95",
   "identifier": {"@type": "PropertyValue", "propertyID": "doi", "value": "10.5555/slr.2022.044"},
   "publisher": {"@type": "Organization", "name": "Harbour Press"},
   "keywords": ["coaching", "headteachers"]},
  {"@type": "Person", "@id": "#p1", "name": "Ivo Marsh",
   "affiliation": [{"@type": "Organization", "name": "Ash College"}]}
 ]}
</script>
</head><body>
<h1>Coaching new headteachers: a two-year study</h1>
<p>Ivo Marsh and Hana Orlov</p>
</body></html>
"""


MICRODATA = """<!DOCTYPE html>
<html><head><title>Chapter page</title></head><body>
<div itemscope itemtype="https://schema.org/Chapter">
  <h1 itemprop="name">Trust and teacher leadership</h1>
  <p>By
    <span itemprop="author" itemscope itemtype="https://schema.org/Person">
      <span itemprop="name">Lena Fox</span>
      (<span itemprop="affiliation" itemscope itemtype="https://schema.org/Organization"><span itemprop="name">Northfield Research Network</span></span>)
    </span>
  </p>
  <meta itemprop="datePublished" content="2020-09-01">
  <p>Pages <span itemprop="pageStart">21</span>-<span itemprop="pageEnd">40</span> in
    <span itemprop="isPartOf" itemscope itemtype="https://schema.org/Book">
      <cite itemprop="name">Schools Tomorrow: Essays on Leadership</cite>,
      ISBN <span itemprop="isbn">978-0-00-000000-2</span>,
      <span itemprop="publisher" itemscope itemtype="https://schema.org/Organization"><span itemprop="name">Harbour Press</span></span>
    </span>
  </p>
</div>
</body></html>
"""


OPENGRAPH = """<!DOCTYPE html>
<html><head>
<title>Five lessons from leading a school through change | Blog</title>
<meta property="og:title" content="Five lessons from leading a school through change">
<meta property="og:type" content="article">
<meta property="og:site_name" content="Leaders Blog">
<meta property="article:author" content="Ines Moro">
<meta property="article:published_time" content="2021-05-04T10:00:00+00:00">
<meta property="article:tag" content="school improvement">
</head><body>
<div>Menu</div>
<h1>Five lessons from leading a school through change</h1>
<p>Posted by Ines Moro</p>
<p>What a year of change taught me about leading a school.</p>
</body></html>
"""


OJS = """<!DOCTYPE html>
<html><head>
<meta name="DC.Creator.PersonalName" content="Nora Vale">
<meta name="DC.Creator.PersonalName" content="Olli Sand">
<meta name="DC.Date.issued" scheme="ISO8601" content="2020-06-30">
<meta name="DC.Identifier.DOI" content="10.5555/ojs.v5i2.101">
<meta name="DC.Identifier.pageNumber" content="1-20">
<meta name="DC.Source" content="Nordic Journal of School Leadership">
<meta name="DC.Source.ISSN" content="2000-0000">
<meta name="DC.Source.Issue" content="2">
<meta name="DC.Source.Volume" content="5">
<meta name="DC.Title" content="Principals' time for instruction">
<meta name="DC.Type" content="Text.Serial.Journal">
<meta name="DC.Type.articleType" content="Articles">
</head><body><h1>Principals' time for instruction</h1><p>Nora Vale, Olli Sand</p></body></html>
"""


EPRINTS = """<!DOCTYPE html>
<html><head>
<meta name="eprints.creators_name" content="Pell, Rhea">
<meta name="eprints.type" content="book_section">
<meta name="eprints.title" content="Leading rural networks">
<meta name="eprints.book_title" content="Rural Schools Today">
<meta name="eprints.date" content="2014">
<meta name="eprints.pagerange" content="101-118">
<meta name="eprints.publisher" content="Harbour Press">
<meta name="eprints.isbn" content="9780000000002">
</head><body><h1>Leading rural networks</h1><p>Pell, Rhea (2014) Leading rural networks. In: Rural Schools Today.
Harbour Press, pp. 101-118. ISBN 9780000000002</p></body></html>
"""


RECORDS = {
    "citation": (CITATION, {
        "kind": "JournalArticle", "title": "Collective leadership in rural schools",
        "authors": ["Ada Quill", "Bruno T. Vesk"], "year": "2019", "journal": ["Journal of Rural Education"],
        "host": [], "volume": "39", "issue": "5", "pages": ("512", "531"), "doi": "10.5555/jre.2019.abc",
        "isbn": [], "publisher": ["Lakeside Press"],
        "affiliations": {"Ada Quill": ["Faculty of Education"], "Bruno T. Vesk": ["Hill College"]},
        "keywords": {"distributed leadership", "rural education"},
    }),
    "dublin-core": (DUBLIN_CORE, {
        "kind": "Book", "title": "Middle leaders and school improvement", "authors": ["Cara Dunn", "Eli F. Gray"],
        "year": "2017", "journal": [], "host": [], "volume": None, "issue": None, "pages": (None, None),
        "doi": "10.5555/nup.2017.7", "isbn": ["9783161484100"], "publisher": ["Northfield University Press"],
        "affiliations": {}, "keywords": {"middle leadership"},
    }),
    "json-ld": (JSON_LD, {
        "kind": "JournalArticle", "title": "Coaching new headteachers: a two-year study",
        "authors": ["Ivo Marsh", "Hana Orlov"], "year": "2022", "journal": ["School Leadership Review"], "host": [],
        "volume": "12", "issue": "4", "pages": ("77", "95"), "doi": "10.5555/slr.2022.044", "isbn": [],
        "publisher": ["Harbour Press"],
        "affiliations": {"Ivo Marsh": ["Ash College"], "Hana Orlov": ["Riverside Institute of Education"]},
        "keywords": {"coaching", "headship"},  # the scheme's concept for "headteachers"
    }),
    "microdata": (MICRODATA, {
        "kind": "BookChapter", "title": "Trust and teacher leadership", "authors": ["Lena Fox"], "year": "2020",
        "journal": [], "host": ["Schools Tomorrow: Essays on Leadership"], "volume": None, "issue": None,
        "pages": ("21", "40"), "doi": None, "isbn": ["9780000000002"], "publisher": ["Harbour Press"],
        "affiliations": {"Lena Fox": ["Northfield Research Network"]}, "keywords": set(),
    }),
    "ojs": (OJS, {
        "kind": "JournalArticle", "title": "Principals' time for instruction", "authors": ["Nora Vale", "Olli Sand"],
        "year": "2020", "journal": ["Nordic Journal of School Leadership"], "host": [], "volume": "5", "issue": "2",
        "pages": ("1", "20"), "doi": "10.5555/ojs.v5i2.101", "isbn": [], "publisher": [], "affiliations": {},
        "keywords": set(),
    }),
    "eprints": (EPRINTS, {
        "kind": "BookChapter", "title": "Leading rural networks", "authors": ["Rhea Pell"], "year": "2014",
        "journal": [], "host": ["Rural Schools Today"], "volume": None, "issue": None, "pages": ("101", "118"),
        "doi": None, "isbn": ["9780000000002"], "publisher": ["Harbour Press"], "affiliations": {}, "keywords": set(),
    }),
    "opengraph": (OPENGRAPH, {
        "kind": "WebPage", "title": "Five lessons from leading a school through change", "authors": ["Ines Moro"],
        "year": "2021", "journal": [], "host": [], "volume": None, "issue": None, "pages": (None, None),
        "doi": None, "isbn": [], "publisher": [], "affiliations": {}, "keywords": {"school improvement"},
    }),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Each page built once, on its own."""
    cache: dict[str, object] = {}

    def get(vocabulary: str):
        if vocabulary not in cache:
            page, _ = RECORDS[vocabulary]
            cache[vocabulary] = build_file(tmp_path_factory.mktemp(vocabulary), f"{vocabulary}.html", page.encode())
        return cache[vocabulary]

    return get


@pytest.mark.parametrize("vocabulary", list(RECORDS))
def test_metadata_page_gives_its_record_exactly(vocabulary, built):
    expected = dict(RECORDS[vocabulary][1])
    got = record_of(built(vocabulary).graph)
    keywords = expected.pop("keywords")
    assert keywords <= got.pop("keywords")  # the text's own concepts may join the declared keywords
    assert got == expected


@pytest.mark.parametrize("vocabulary", list(RECORDS))
def test_metadata_evidence_quotes_the_text_at_its_offsets(vocabulary, built):
    result = built(vocabulary)
    (doc,) = result.resolved.documents
    for fact in result.resolved.facts:
        for ev in fact.evidence:
            assert doc.text[ev.start:ev.end] == ev.quote


@pytest.mark.parametrize("vocabulary", ["citation"])
def test_metadata_beats_page_furniture_as_the_title(vocabulary, built):
    g = built(vocabulary).graph
    titles = {str(t) for t in g.objects(None, DCTERMS.title)} | {str(t) for t in g.objects(None, RDFS.label)}
    assert "No Cover Image" not in titles
    assert len(list(g.subjects(RDF.type, LKG.Publication))) == 1


@pytest.mark.parametrize("vocabulary", ["citation", "json-ld"])
def test_metadata_build_is_byte_identical(vocabulary, built, tmp_path):
    page, _ = RECORDS[vocabulary]
    again = build_file(tmp_path, f"{vocabulary}.html", page.encode())
    assert serialize_turtle(again.graph) == serialize_turtle(built(vocabulary).graph)


@pytest.mark.parametrize("page, printed, block", [
    # the journal and DOI are not printed on the page: the metadata block quotes them
    (CITATION, ["Collective leadership in rural schools", "Ada Quill"],
     ["citation_journal_title: Journal of Rural Education", "citation_doi: 10.5555/JRE.2019.ABC",
      "citation_author: Quill, Ada; citation_author_institution: Faculty of Education, University of Lakeside, Lakeside, UK"]),
])
def test_metadata_block_holds_only_what_the_page_does_not_print(page, printed, block):
    doc = document_from_bytes(page.encode(), "page.html")
    head, _, tail = doc.text.partition("\nPage metadata\n")
    for value in printed:
        assert value in head and f": {value}" not in tail
    for line in block:
        assert line in tail.splitlines()


@pytest.mark.parametrize("page, field, value, tag", [
    (CITATION, "title", "Collective leadership in rural schools",
     '<meta name="citation_title" content="Collective leadership in rural schools">'),
    (DUBLIN_CORE, "isbn", "urn:isbn:978-3-16-148410-0", '<link rel="DC.identifier" href="urn:isbn:978-3-16-148410-0">'),
    (OPENGRAPH, "date", "2021-05-04T10:00:00+00:00",
     '<meta property="article:published_time" content="2021-05-04T10:00:00+00:00">'),
])
def test_metadata_keeps_each_tag_and_its_offset_in_the_source(page, field, value, tag):
    d = html_metadata(page).first(field)
    assert (d.value, d.tag) == (value, tag)
    assert page[d.offset:d.offset + len(tag)] == tag


@pytest.mark.parametrize("page", [JSON_LD])
def test_metadata_json_ld_context_is_never_fetched(page, monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("network access while reading JSON-LD")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    assert html_metadata(page).first("journal").value == "School Leadership Review"


@pytest.mark.parametrize("value, doi", [
    ("https://doi.org/10.5555/ABC.123.", "10.5555/abc.123"), ("doi:10.5555/x-1", "10.5555/x-1"), ("no doi", None),
])
def test_metadata_doi_is_bare_and_lower_case(value, doi):
    assert bare_doi(value) == doi


@pytest.mark.parametrize("tags, kind", [
    ('<meta name="citation_inbook_title" content="A Book">', "BookChapter"),
    ('<meta name="citation_dissertation_institution" content="University of Lakeside">', "Thesis"),
    ('<meta name="citation_technical_report_institution" content="Riverside Institute">', "Report"),
    ('<meta name="citation_conference_title" content="Annual Meeting">', "ConferencePaper"),
    ('<meta name="citation_journal_title" content="A Journal">', "JournalArticle"),
    ('<meta name="DC.type" content="Thesis">', "Thesis"),
    ('<meta property="og:type" content="book"><meta property="book:isbn" content="9780000000002">', "Book"),
    ('<meta property="og:type" content="website">', "WebPage"),
])
def test_metadata_kind_of_work(tags, kind):
    assert work_kind(html_metadata(f"<html><head>{tags}</head></html>")) == kind


MIXED = """<!DOCTYPE html>
<html><head>
<meta name="citation_title" content="Leading learning in multi-academy trusts">
<meta name="citation_author" content="Hale, Tom">
<meta name="citation_author" content="OECD">
<meta name="citation_date" content="2023">
<meta name="DC.title" content="Leading learning (preprint)">
<meta name="DC.creator" content="Someone, Else">
<meta name="DC.date" content="2021">
<meta property="og:title" content="Leading learning | Trust Research">
<meta property="og:site_name" content="Trust Research">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "WebPage",
  "name": "Leading learning in multi-academy trusts | Trust Research"}</script>
</head><body><div>Skip to main content</div><p>By Tom Hale and Ann Other</p></body></html>
"""


WEB_PAGE = """<!DOCTYPE html>
<html><head>
<meta property="og:title" content="What headteachers told us | Trust Research">
<meta property="og:site_name" content="Trust Research">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "WebPage",
  "name": "What headteachers told us | Trust Research", "datePublished": "2020-02-01"}</script>
</head><body><h1>What headteachers told us</h1><p>Notes from a year of interviews.</p></body></html>
"""


SCRIPT_ONLY = """<!DOCTYPE html>
<html><head>
<meta name="citation_title" content="Principals as coaches">
<meta name="citation_author" content="Lind, Cora">
<meta name="citation_publication_date" content="2018">
<meta name="citation_journal_title" content="Journal of Brave Schools">
</head><body><script>render()</script></body></html>
"""


@pytest.mark.parametrize("page, title, authors, year", [
    # citation_* beats Dublin Core, OpenGraph and a page node; an organisation is no person
    (MIXED, "Leading learning in multi-academy trusts", ["Tom Hale"], "2023"),
    # OpenGraph beats a bare WebPage node; the site's name is cut from the title
    (WEB_PAGE, "What headteachers told us", [], "2020"),
    # a page whose body is all script still gives its declared record
    (SCRIPT_ONLY, "Principals as coaches", ["Cora Lind"], "2018"),
])
def test_metadata_the_most_trusted_vocabulary_wins(page, title, authors, year, tmp_path):
    got = record_of(build_file(tmp_path, "page.html", page.encode()).graph)
    assert (got["title"], got["authors"], got["year"]) == (title, authors, year)


@pytest.mark.parametrize("vocabulary", list(RECORDS))
def test_metadata_evidence_names_what_it_links(vocabulary, built):
    """A relation's quote names its object, and its subject too unless that is the document's work."""
    from kg.text import name_key

    result = built(vocabulary)
    entities = {e.id: e for e in result.resolved.entities}
    work = next(iter(result.resolved.primary_topics.values()))

    def named(quote: str, entity_id: str) -> bool:
        e = entities[entity_id]
        names = [e.label, *e.aliases, e.attrs.get("family") or ""]
        return any(name_key(n) and name_key(n) in name_key(quote) for n in names)

    for fact in result.resolved.facts:
        if fact.object is None or fact.object not in entities or fact.subject not in entities:
            continue
        for ev in fact.evidence:
            if ev.extractor != "metadata":
                continue
            assert named(ev.quote, fact.object), (fact.predicate, fact.object, ev.quote)
            assert fact.subject == work or named(ev.quote, fact.subject), (fact.subject, fact.predicate, ev.quote)


@pytest.mark.parametrize("value, names", [
    ("Ivo Marsh, Hana Orlov and Lena Fox", ["Ivo Marsh", "Hana Orlov", "Lena Fox"]),
    ("Marsh, Ivo; Orlov, Hana", ["Marsh, Ivo", "Orlov, Hana"]),
    ("Lee, A. M.", ["Lee, A. M."]),
    ("van der Merwe, Willem J.", ["van der Merwe, Willem J."]),
])
def test_metadata_one_field_may_hold_several_authors(value, names):
    page = f'<html><head><meta name="citation_author" content="{value}"></head></html>'
    assert [a.name.value for a in html_metadata(page).authors] == names


PORTAL_RECORD = """<!DOCTYPE html>
<html><head>
<meta name="citation_title" content="Middle leadership in coastal schools">
<meta name="citation_author" content="Fenn, Dora">
<meta name="citation_author" content="Quill, Ada">
<meta name="citation_publication_date" content="2016">
<meta name="citation_journal_title" content="Journal of Brave Schools">
<meta name="citation_doi" content="10.5555/jbs.2016.9">
</head><body>
<div>No Cover Image</div>
<h1>Middle leadership in coastal schools</h1>
<p>Dora Fenn, Ada Quill, Search Tips</p>
<p>Research output: Contribution to journal › Article › peer-review</p>
<table>
<tr><th>Original language</th><td>English</td></tr>
<tr><th>Journal</th><td>Journal of Brave Schools</td></tr>
<tr><th>Volume</th><td>7</td></tr>
<tr><th>Publication status</th><td>Published - 2015</td></tr>
</table>
</body></html>
"""


@pytest.mark.parametrize("page, expected", [
    (PORTAL_RECORD, {"kind": "JournalArticle", "title": "Middle leadership in coastal schools",
                     "authors": ["Dora Fenn", "Ada Quill"], "year": "2016", "journal": ["Journal of Brave Schools"],
                     "volume": "7", "doi": "10.5555/jbs.2016.9"}),
])
def test_metadata_beats_the_portal_records_reading(page, expected, tmp_path):
    """The records extractor reads the printed record too; where the page declares a field, the
    declaration wins, and what only the text gives (the volume here) is kept."""
    g = build_file(tmp_path, "record.html", page.encode()).graph
    got = record_of(g)
    assert {k: got[k] for k in expected} == expected
    assert len(list(g.subjects(RDF.type, LKG.Publication))) == 1


@pytest.mark.parametrize("tags, field", [
    ('<meta name="DC.source" content="https://journals.example.org/jbs">', "journal"),
    ('<meta name="DC.publisher" content="http://www.example.org/">', "publisher"),
])
def test_metadata_a_link_names_no_journal_or_publisher(tags, field):
    assert html_metadata(f"<html><head>{tags}</head></html>").first(field) is None


@pytest.mark.parametrize("page, authors", [
    # the same article in two JSON-LD scripts and in microdata: its authors once
    ('<html><head><script type="application/ld+json">{"@type": "BreadcrumbList"}</script>'
     '<script type="application/ld+json">{"@type": "ScholarlyArticle", "name": "On trust",'
     ' "author": [{"@type": "Person", "name": "Lena Fox"}]}</script></head><body>'
     '<div itemscope itemtype="https://schema.org/ScholarlyArticle"><span itemprop="name">On trust</span>'
     '<span itemprop="author">Lena Fox</span></div></body></html>', ["Lena Fox"]),
])
def test_metadata_schema_authors_are_not_repeated(page, authors):
    assert [a.name.value for a in html_metadata(page).authors] == authors


CHAPTER_RECORD = """<!DOCTYPE html>
<html><head>
<meta name="citation_title" content="Quiet leadership in the schools of Arcadia">
<meta name="citation_author" content="Quill, Ada">
<meta name="citation_inbook_title" content="Schools Tomorrow, 2nd edition">
<meta name="citation_publisher" content="Harbour Press">
<meta name="citation_publication_date" content="2019">
</head><body>
<h1>Quiet leadership in the schools of Arcadia</h1>
<p>Ada Quill</p>
<p>Research output: Chapter in Book/Report/Conference proceeding › Chapter</p>
<table>
<tr><th>Original language</th><td>English</td></tr>
<tr><th>Title of host publication</th><td>Schools Tomorrow</td></tr>
<tr><th>Subtitle of host publication</th><td>Essays on Leadership</td></tr>
<tr><th>Editors</th><td>Dora Fenn</td></tr>
<tr><th>Publisher</th><td>Harbour Press</td></tr>
<tr><th>Publication status</th><td>Published - 2019</td></tr>
</table>
</body></html>
"""


@pytest.mark.parametrize("page", [CHAPTER_RECORD])
def test_metadata_host_book_read_twice_is_one_book(page, tmp_path):
    """The portal prints the host with its subtitle, the metadata with its edition: one book, the
    declared title, the printed one an alias, and the editor the portal gives kept on it."""
    g = build_file(tmp_path, "chapter.html", page.encode()).graph
    books = [b for b in g.subjects(RDF.type, LKG.Publication) if (None, DCTERMS.isPartOf, b) in g]
    assert len(books) == 1 and len(list(g.subjects(RDF.type, LKG.Publication))) == 2
    (book,) = books
    assert str(g.value(book, DCTERMS.title)) == "Schools Tomorrow, 2nd edition"
    assert [str(g.value(e, RDFS.label)) for e in g.objects(book, BIBO.editor)] == ["Dora Fenn"]
    assert labels(g, g.objects(book, DCTERMS.publisher)) == ["Harbour Press"]



@pytest.mark.parametrize("tags, declares", [
    ('<meta property="og:title" content="Home"><meta property="og:type" content="website">', False),
    ('<meta property="og:title" content="Leaders Blog"><meta property="og:site_name" content="Leaders Blog">'
     '<meta property="article:published_time" content="2021-05-04">', False),
    ('<meta property="og:title" content="Reading the research on coaching">', False),
    ('<meta property="og:title" content="Reading the research on coaching">'
     '<meta property="article:author" content="Ines Moro">', True),
    ('<meta name="citation_title" content="Reading the research on coaching">', True),
])
def test_metadata_a_page_name_alone_declares_no_work(tags, declares):
    from kg.extract.metadata import declares_a_work

    assert declares_a_work(html_metadata(f"<html><head>{tags}</head></html>")) is declares


@pytest.mark.parametrize("json_ld, field, values, authors", [
    ('{"@type": "Book", "name": "A Book Title", "author": {"@type": "Organization", "name": "Lakeside Council"},'
     ' "isbn": ["978-0-00-000000-2", "0-00-000000-0"]}', "isbn", ["978-0-00-000000-2", "0-00-000000-0"], []),
    ('[{"@graph": [{"@type": ["ScholarlyArticle", "CreativeWork"], "name": ["On trust"], "author": "Ann Bell, Carl Dunn",'
     ' "isPartOf": "#j"}, {"@id": "#j", "@type": "Periodical", "name": "Journal of Things"}]}]',
     "journal", ["Journal of Things"], ["Ann Bell", "Carl Dunn"]),
    ('{bad json', "title", [], []),
])
def test_metadata_json_ld_forms(json_ld, field, values, authors):
    md = html_metadata(f'<html><head><script type="application/ld+json">{json_ld}</script></head></html>')
    assert [d.value for d in md.fields.get(field, [])] == values
    assert [a.name.value for a in md.authors] == authors


@pytest.mark.parametrize("names", [("citation", "json-ld", "microdata")])
def test_metadata_build_is_the_same_whatever_the_order_of_pages(names, tmp_path):
    import contextlib

    from kg.build import build_graph

    files = []
    for name in names:
        (tmp_path / f"{name}.html").write_text(RECORDS[name][0], encoding="utf-8")
        files.append(f"{name}.html")
    with contextlib.chdir(tmp_path):
        forward = serialize_turtle(build_graph(files).graph)
        backward = serialize_turtle(build_graph(list(reversed(files))).graph)
    assert forward == backward
