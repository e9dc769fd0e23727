"""The work a file declares in its own metadata: kind, title, ordered authors and their
affiliations, year, journal, host book, volume, issue, pages, DOI, ISBN, publisher, keywords.

Read from `Document.metadata` (kg.metadata: HTML meta tags, JSON-LD, microdata, OpenGraph; PDF
info and XMP) and, for a PDF, from its first page as laid out: the title is the largest text near
the top, the bylines under it ("Ann Bell1, Carl Dunn2,* and Eva Gray1", ORCID markers dropped),
footnote markers (digits, symbols, superscript letters) mapped to the affiliation lines they
mark ("1University of X"), a running head naming the journal, volume, issue and pages. A page's
name alone (an og:title with nothing else) declares no work: the text's reading stands.

Evidence: the reader keeps each declared value with its tag and the tag's offset in the source.
Evidence here quotes `doc.text`, as all evidence does: the line where the text prints the value
(the title's heading, the byline holding a name), and for a value the page does not print, its
line in the metadata block the reader appended to the text ("citation_volume: 39" under "Page
metadata"); dates, volumes, pages and keywords are always quoted from that block. So offsets
always point into the text, and two builds give the same bytes.

Resolution (kg.resolve) lets this extractor's work win: the text extractors' work of the same
document is merged into it (their host book into its host book), and the declared title,
authors, date, identifiers, container and publisher replace theirs; what only the text gives
(a volume, editors, keywords) is kept. Extractor name "metadata", confidence 0.98 for declared
values, 0.9 for what a PDF's layout shows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg import gazetteer
from kg.extract import mentions as M
from kg.extract.affiliations import has_org_cue, parse_affiliation
from kg.metadata import BLOCK_INTRO, affiliation_line, is_junk, locate_value, person_forms
from kg.model import DOCUMENT, Declared, Document, Extraction, Metadata, PageLine
from kg.names import PARTICLES, is_name_token, split_name
from kg.text import fold

NAME = "metadata"
CONF = 0.98  # above any text heuristic: the file says so itself
LAYOUT_CONF = 0.9  # read from a PDF's first page

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_DOI = re.compile(r"10\.\d{4,9}/\S+")

#: declared types (citation_type, DC.type, og:type, schema @type) -> publication kind
DECLARED_KINDS = (
    (re.compile(r"chapter|inbook|incollection|bookpart|book.?section", re.I), "BookChapter"),
    (re.compile(r"conference|proceeding|inproceedings|paper presented|poster", re.I), "ConferencePaper"),
    (re.compile(r"thesis|dissertation|doctoral", re.I), "Thesis"),
    (re.compile(r"report|working.?paper|techreport", re.I), "Report"),
    (re.compile(r"scholarlyarticle|journal|article", re.I), "JournalArticle"),
    (re.compile(r"^book$|monograph", re.I), "Book"),
    (re.compile(r"web|blog|news|website", re.I), "WebPage"),
)


def work_kind(md: Metadata) -> str:
    """The kind of work the record describes: its container first, then its declared type."""
    names = {d.name.lower() for ds in md.fields.values() for d in ds}
    if md.first("host_title"):
        return "BookChapter"
    if md.first("conference"):
        return "ConferencePaper"
    if "citation_dissertation_institution" in names or "citation_dissertation_name" in names:
        return "Thesis"
    if "citation_technical_report_institution" in names or "citation_technical_report_number" in names:
        return "Report"
    declared = [d.value for d in md.fields.get("kind", [])]
    for value in declared:
        for pattern, kind in DECLARED_KINDS:
            if pattern.search(value):
                if kind in ("JournalArticle", "WebPage") and md.first("journal"):
                    return "JournalArticle"
                if kind == "JournalArticle" and not md.first("journal") and value.lower() in ("article", "newsarticle"):
                    return "WebPage"
                return kind
    if md.first("journal"):
        return "JournalArticle"
    if md.first("isbn"):
        return "Book"
    return "Publication"


#: vocabularies that only name the page, not a work, unless they say more of it
_PAGE_VOCABULARIES = ("og", "schema-page", "dc", "eprints")


def declares_a_work(md: Metadata) -> bool:
    """Does the record describe a work, not just name the page? A scholarly vocabulary's title
    does; a page's og:title or WebPage name needs an author, a date, a container or an identifier,
    and must not be page furniture ("Home", "Search results") or the site's own name."""
    from kg.extract.layout import BOILERPLATE

    title = md.first("title")
    if title is None:
        return False
    if title.vocabulary not in _PAGE_VOCABULARIES:
        return True
    site = md.first("site_name")
    if BOILERPLATE.match(title.value) or (site is not None and fold(site.value) == fold(title.value)):
        return False
    return bool(md.authors) or any(md.first(f) for f in ("date", "journal", "host_title", "doi", "isbn", "publisher"))


def bare_doi(value: str) -> str | None:
    """'https://doi.org/10.1080/ABC.' -> '10.1080/abc'."""
    m = _DOI.search(value)
    return m.group(0).rstrip(".,;)").lower() if m else None


def _family_case(family: str) -> str:
    """'ADAMES' -> 'Adames'; 'van der Merwe' and 'McAllister' kept."""
    return "-".join(p.capitalize() if p.isupper() and len(p) > 1 else p for p in family.split("-"))


# ---------------------------------------------------------------- a PDF's first page

_MARK = r"(?:\d{1,2}|[*†‡§¶‖#])"
_MARKS = rf"{_MARK}(?:\s*,\s*{_MARK})*"
_ORCID = re.compile(r"\s*\b(?:ORCID(?:\s+Icon)?|iD)\b\s*", re.I)
_ORCID_ID = re.compile(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]")
_AFF_LINE = re.compile(rf"^\s*(?:\{{(?P<set>[^}}]{{1,8}})\}}|(?P<mark>{_MARK}))\s*(?P<text>\S.*)$")
_STOP_LINE = re.compile(r"^\s*(?:abstract|summary|keywords?|key words|introduction|1\.?\s+introduction)\b", re.I)
_HEADER = re.compile(r"\b(?:vol\.|volume|issn|doi|https?://|www\.|©|copyright|journal of|pp\.|page \d)", re.I)


def parse_byline(line: str) -> list[tuple[str, list[str]]] | None:
    """The names of a byline with the footnote markers each carries, or None when it is not one.

    >>> parse_byline("Ann Bell1, Carl DUNN2,* and Eva Gray1")
    [('Ann Bell', ['1']), ('Carl DUNN', ['2', '*']), ('Eva Gray', ['1'])]
    """
    text = _ORCID.sub(" ", line).strip()
    text = re.sub(rf"(?<=[^\W\d_.])\s?({_MARKS})(?=\s*(?:,|;|&|\band\b|$))",
                  lambda m: "{" + re.sub(r"\s+", "", m.group(1)) + "}", text)
    text = re.sub(r"\}\s*\{", ",", re.sub(r"\{\s*,?\s*([^}]*?)\s*,?\s*\}", r"{\1}", text))
    out = []
    for piece in re.split(r"\s*(?:,|;|&|\band\b)\s*(?![^{]*\})", text):
        piece = piece.strip()
        if not piece:
            continue
        m = re.match(r"^(?P<name>.*?)\s*(?:\{(?P<marks>[^}]*)\})?$", piece)
        name = m.group("name").strip()
        tokens = name.replace(".", ". ").split()
        if not 2 <= len(tokens) <= 5 or has_org_cue(name) or gazetteer.country_by_name(name):
            return None
        if not all(is_name_token(t) or t.lower() in PARTICLES or (t.isupper() and t.isalpha() and len(t) > 1)
                   for t in tokens):
            return None
        out.append((name, [x.strip() for x in (m.group("marks") or "").split(",") if x.strip()]))
    return out or None


def first_page_record(lines: list[PageLine]) -> tuple[str | None, list[tuple[str, list[str]]]]:
    """(title, [(author, [affiliation, ...])]) as a first page lays them out."""
    head = lines[:40]
    candidates = [l for l in head if re.search(r"[^\W\d_]{3}", l.text) and not is_junk(l.text)
                  and not _HEADER.search(l.text) and not _STOP_LINE.match(l.text) and len(l.text.split()) >= 2]
    if not candidates:
        return None, []
    sizes = sorted(l.size for l in head)
    body = sizes[len(sizes) // 2]
    biggest = max(l.size for l in candidates)
    if biggest < 1.15 * body:
        return None, []  # nothing stands out: no layout title
    first = next(i for i, l in enumerate(head) if l in candidates and abs(l.size - biggest) < 0.5)
    i = first
    title_lines = []
    while i < len(head) and abs(head[i].size - biggest) < 0.5:
        title_lines.append(head[i].text)
        i += 1
    title = re.sub(r"\s+", " ", " ".join(title_lines)).strip()
    authors: list[tuple[str, list[str]]] = []
    marks: dict[str, list[str]] = {}
    last_byline: list[int] = []
    affiliations: dict[int, list[str]] = {}
    for line in head[i:i + 20]:
        if _STOP_LINE.match(line.text) or len(line.text.split()) > 30:
            break
        names = parse_byline(line.marked or line.text)
        if names:
            last_byline = []
            for name, ms in names:
                authors.append((name, ms))
                last_byline.append(len(authors) - 1)
            continue
        m = _AFF_LINE.match(line.marked or line.text)
        if m and has_org_cue(m.group("text")):
            for mark in (m.group("set") or m.group("mark")).split(","):
                marks.setdefault(mark.strip(), []).append(m.group("text").strip())
        elif has_org_cue(line.text) and "@" not in line.text and last_byline:
            for k in last_byline:  # an unmarked affiliation under a byline is its authors'
                affiliations.setdefault(k, []).append(line.text.strip())
    out = []
    for k, (name, ms) in enumerate(authors):
        affs = [a for mk in ms for a in marks.get(mk, [])] + affiliations.get(k, [])
        if not ms and not affs and len(marks) == 1:
            affs = next(iter(marks.values()))
        out.append((name, list(dict.fromkeys(affs))))
    return title, out


#: words periodicals' names are made of (general knowledge, no particular title)
_PERIODICAL_WORD = re.compile(
    r"\b(?:Journal|Review|Quarterly|Studies|Education|Educational|Leadership|Management|Administration|Research|"
    r"Bulletin|Annals|Proceedings|Letters|Zeitschrift|Revista|Revue|Forum|Perspectives|Policy|Teaching|Learning)\b")
#: a running head: "Journal of X 12(3) 45-67", "X 2015, Vol. 43(2) 198–213", "X Vol. 46 No. 2, 2008 pp. 172-188"
_RUNNING_HEAD = re.compile(
    r"^(?P<journal>[^\W\d_][^\d©]*?[^\W\d_])[\s,.]+(?:(?P<year>(?:19|20)\d\d)[\s,.]+)?(?:Vol(?:ume)?\.?\s*)?"
    r"(?P<volume>\d{1,4})\s*(?:\((?P<issue>[\w–-]{1,10})\)|,?\s*(?:No|Issue)\.?\s*(?P<issue2>\d[\w–-]*))?"
    r"(?:[\s,:]+(?:(?P<year2>(?:19|20)\d\d)[\s,]+)?(?:pp?\.\s*)?(?P<first>\d+)\s*[-–—]\s*(?P<last>\d+))?")
_PUBLISHED = re.compile(
    r"(?:©|\(c\)|copyright|published(?: online)?:?)\s*(?:\d{1,2}\s+\w+\s+)?((?:19|20)\d\d)\b", re.I)


def running_head(lines: list[PageLine]) -> dict[str, str]:
    """What a first page's running head or footer says of the journal: its name, volume, issue,
    pages and year, each with the line (`line`) that says it.

    >>> running_head([PageLine("Journal of Rural Education 2015, Vol. 12(3) 45-67", 8, 20)])["volume"]
    '12'
    """
    out: dict[str, str] = {}
    for line in lines[:40]:
        m = _RUNNING_HEAD.match(line.text)
        if m and "journal" not in out and _PERIODICAL_WORD.search(m.group("journal")) and (
                m.group("issue") or m.group("issue2") or m.group("first")):
            out.update({k: v for k, v in (
                ("journal", m.group("journal").strip(" ,.")), ("volume", m.group("volume")),
                ("issue", m.group("issue") or m.group("issue2")), ("first_page", m.group("first")),
                ("last_page", m.group("last")), ("year", m.group("year") or m.group("year2")),
                ("line", line.text)) if v})
        y = _PUBLISHED.search(line.text)
        if y and "year" not in out:
            out["year"], out["year_line"] = y.group(1), line.text
    return out


# ---------------------------------------------------------------- evidence


class _Quotes:
    """Where the text prints a declared value, as (start, end) of the span to quote."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        intro = doc.text.find("\n" + BLOCK_INTRO + "\n")
        #: where the metadata block the reader appended starts (the end of the text without one)
        self.block = intro if intro != -1 else len(doc.text)

    def span(self, value: str, name: str | None = None, *, person: bool = False,
             block_first: bool = False) -> tuple[int, int] | None:
        from kg.corpus import normalise

        text = self.doc.text
        v = normalise(value).strip()
        in_block = locate_value(text, f"{name}: {v}", self.block) if name else None
        if in_block and block_first:
            return in_block[1] - len(v), in_block[1]
        for form in (person_forms(v) if person else [v]):
            pos = locate_value(text, form)
            if pos and pos[0] < self.block:
                return pos
        if in_block:  # the metadata block's line for it
            return in_block[1] - len(v), in_block[1]
        if person and name is None:  # a name read off a page's layout, with its marker glued on
            pos = locate_value(text[:self.block], v, marked=True)
            if pos:
                return pos
        return None

    def quote(self, pos: tuple[int, int]) -> tuple[int, int]:
        """The line around a value, or the value alone when the line is a long paragraph."""
        s, e = self.doc.line_at(*pos)
        return (s, e) if e - s <= 400 else pos


@dataclass
class _Work:
    """The declared work being written out: where its facts go and what they quote."""

    ex: Extraction
    doc: Document
    md: Metadata
    q: _Quotes
    pub: str
    title_line: tuple[int, int]
    kind: str | None
    host: str | None = None
    host_line: tuple[int, int] = (0, 0)
    #: what a PDF's running head says (see `running_head`)
    head: dict[str, str] = field(default_factory=dict)

    @property
    def book(self) -> str:
        """What a publisher and an ISBN belong to: the host book of a chapter, else the work."""
        return self.host or self.pub

    def about_book(self, span: tuple[int, int]) -> tuple[int, int]:
        """A fact about the host book quotes its title too, where the two stand close."""
        if self.host is None:
            return span
        joined = (min(self.host_line[0], span[0]), max(self.host_line[1], span[1]))
        return joined if joined[1] - joined[0] <= 800 else span

    def literal(self, subject: str, predicate: str, value: str, d: Declared | None, *,
                datatype: str | None = None, conf: float = CONF) -> None:
        pos = self.q.span(d.value, d.name) if d is not None else None
        span = self.q.quote(pos) if pos else self.title_line
        if subject != self.pub:
            span = self.about_book(span)
        M.literal(self.ex, self.doc, subject, predicate, value, *span, NAME, conf, datatype=datatype)


def extract(doc: Document) -> Extraction:
    ex = Extraction(doc.id)
    if not doc.metadata:
        return ex
    work = _work(ex, doc, doc.metadata)
    if work is None:
        return ex
    _authors(work)
    _containers(work)
    _numbers(work)
    _keywords(work)
    return ex


def _first_page(doc: Document) -> tuple[str | None, list[tuple[str, list[str]]]]:
    """The title and bylines of a PDF's first page, worked out once per document."""
    md = doc.metadata
    return doc.cached("first-page-record",
                      lambda: first_page_record(md.first_page) if md and md.first_page else (None, []))


def _work(ex: Extraction, doc: Document, md: Metadata) -> _Work | None:
    """The work and its title: declared, or for a PDF the largest text near the top of its first
    page (an info title the page does not print is the tool's, not the work's)."""
    q = _Quotes(doc)
    title_d = md.first("title")
    title, conf, title_pos = None, CONF, None
    layout_title = _first_page(doc)[0]
    if title_d is not None and not declares_a_work(md):
        title_d = None  # a page's name alone ("Home | Portal"): the text's reading stands
    if title_d is not None and not is_junk(title_d.value):
        title, title_pos = title_d.value, q.span(title_d.value, title_d.name)
        if doc.media_type == "application/pdf" and layout_title and not locate_value(doc.text, title):
            title, title_pos = None, None
    if title is None and layout_title:
        title, conf, title_pos = layout_title, LAYOUT_CONF, q.span(layout_title)
    if title is None or title_pos is None:
        return None
    title = re.sub(r"\s+", " ", title).strip().rstrip(".")
    site = md.first("site_name")
    if site is not None:  # "Five lessons | Leaders Blog": the site's name is not the work's
        title = re.sub(rf"\s*[|–—-]\s*{re.escape(site.value)}$", "", title) or title
    kind: str | None = work_kind(md)
    if kind == "Publication" and doc.media_type != "application/pdf":
        kind = None  # undeclared: the text's reading of the page (a portal's output type) decides
    line = q.quote(title_pos)
    pub = M.mention(ex, doc, "Publication", title, title_pos[0], title_pos[1], NAME, conf, key="pub:meta",
                    title=title, kind=kind)
    M.relate(ex, doc, DOCUMENT, "foaf:primaryTopic", pub, *line, NAME, conf)
    return _Work(ex, doc, md, q, pub, line, kind, head=running_head(md.first_page) if md.first_page else {})


def _authors(w: _Work) -> None:
    """The authors in order, with their affiliations: declared, or a PDF's bylines when its info
    and XMP name nobody the page does not."""
    md, doc = w.md, w.doc
    layout_authors = _first_page(doc)[1]
    authors: list[tuple[Declared | None, str, list[tuple[Declared | None, str]]]]
    if layout_authors and (not md.authors or all(a.name.vocabulary in ("pdf-info", "xmp") for a in md.authors)):
        authors = [(None, name, [(None, a) for a in affs]) for name, affs in layout_authors]
        conf = LAYOUT_CONF
    else:
        authors = [(a.name, a.name.value, [(d, d.value) for d in a.affiliations]) for a in md.authors]
        conf = CONF
    orcids = {id(a.name): a.orcid.value for a in md.authors if a.orcid is not None}
    position = 0
    for d, printed, affs in authors:
        given, family = split_name(_ORCID.sub(" ", printed))
        if not given or not family or has_org_cue(printed) or not re.search(r"[^\W\d_]", family):
            continue  # an organisation as author ("OECD"), or no name at all
        pos = w.q.span(printed, d.name if d else None, person=True)
        if pos is None:
            continue
        position += 1
        pk = M.person(w.ex, doc, given, _family_case(family), pos[0], pos[1], NAME, conf,
                      printed=printed if "," not in printed else None)
        orcid = _ORCID_ID.search(orcids.get(id(d), "")) if d is not None else None
        if orcid:  # a declared ORCID iD (citation_author_orcid, schema.org identifier) decides who it is
            w.ex.index[pk].attrs.setdefault("orcid", orcid.group(0))
        line = w.q.quote(pos)
        M.relate(w.ex, doc, w.pub, "dcterms:creator", pk, *line, NAME, conf, position=position)
        for ad, aff in affs:
            _affiliation(w.ex, doc, w.q, w.pub, pk, line, aff, (d, ad), conf)


def _containers(w: _Work) -> None:
    """The journal or host book, the publisher, a thesis's or report's institution, the conference."""
    md, q, ex, doc = w.md, w.q, w.ex, w.doc

    def where(d: Declared | None) -> tuple[int, int] | None:
        return q.span(d.value, d.name) if d is not None else None

    journal = md.first("journal")
    pos = where(journal) if w.kind != "BookChapter" else None
    if pos:
        jk = M.mention(ex, doc, "Journal", journal.value, pos[0], pos[1], NAME, CONF)
        M.relate(ex, doc, w.pub, "dcterms:isPartOf", jk, *q.quote(pos), NAME, CONF)
    elif journal is None and w.head.get("journal") and w.kind in ("Publication", "JournalArticle"):
        head = locate_value(doc.text, w.head["line"])
        pos = head and locate_value(doc.text, w.head["journal"], head[0])
        if pos:  # a PDF's running head names its journal: an article
            jk = M.mention(ex, doc, "Journal", w.head["journal"], pos[0], pos[1], NAME, LAYOUT_CONF)
            M.relate(ex, doc, w.pub, "dcterms:isPartOf", jk, *q.quote(pos), NAME, LAYOUT_CONF)
            w.kind = ex.index[w.pub].attrs["kind"] = "JournalArticle"
    host_d = md.first("host_title")
    pos = where(host_d)
    if pos:
        w.host = M.mention(ex, doc, "Publication", host_d.value, pos[0], pos[1], NAME, CONF, key="pub:meta-host",
                           title=host_d.value, kind="Book")
        w.host_line = q.quote(pos)
        M.relate(ex, doc, w.pub, "dcterms:isPartOf", w.host, *w.host_line, NAME, CONF)
    publisher = md.first("publisher")
    pos = where(publisher)
    if pos:
        org = M.mention(ex, doc, "Organisation", publisher.value, pos[0], pos[1], NAME, CONF, role="publisher")
        M.relate(ex, doc, w.book, "dcterms:publisher", org, *w.about_book(q.quote(pos)), NAME, CONF)
    institution = md.first("institution")
    pos = where(institution) if institution is not None and has_org_cue(institution.value) else None
    if pos:
        org = M.mention(ex, doc, "Organisation", institution.value, pos[0], pos[1], NAME, CONF)
        predicate = "dcterms:publisher" if w.kind == "Report" else "lkg:affiliation"
        M.relate(ex, doc, w.pub, predicate, org, *q.quote(pos), NAME, CONF)
    conference = md.first("conference")
    if conference is not None:
        w.literal(w.pub, "lkg:conference", conference.value, conference)


def _numbers(w: _Work) -> None:
    """DOI (bare, lower case; for a PDF also as its first page prints it), ISBN, volume, issue,
    pages and year (never a PDF's creation date: that is when the file was made)."""
    md, doc, pub = w.md, w.doc, w.pub
    doi_d = md.first("doi")
    doi = bare_doi(doi_d.value) if doi_d else None
    if doi:
        w.ex.index[pub].attrs.setdefault("doi", doi)
        w.literal(pub, "bibo:doi", doi, doi_d)
    elif md.first_page:  # "DOI: 10...", "https://doi.org/10..."
        for line in md.first_page:
            m = re.search(r"(?:\bdoi\s*:?\s*|doi\.org/)(10\.\d{4,9}/\S+)", line.text, re.I)
            pos = locate_value(doc.text, m.group(1)) if m else None
            if pos:
                w.ex.index[pub].attrs.setdefault("doi", bare_doi(m.group(1)))
                M.literal(w.ex, doc, pub, "bibo:doi", bare_doi(m.group(1)), *w.q.quote(pos), NAME, LAYOUT_CONF)
                break
    for d in md.fields.get("isbn", []):
        digits = re.sub(r"[^0-9Xx]", "", d.value.split(":")[-1])
        if len(digits) in (10, 13):
            w.literal(w.book, "bibo:isbn", digits.upper(), d)
    head_line = locate_value(doc.text, w.head["line"]) if w.head.get("line") else None
    for name, prop in (("volume", "bibo:volume"), ("issue", "bibo:issue"), ("first_page", "bibo:pageStart"),
                       ("last_page", "bibo:pageEnd")):
        d = md.first(name)
        if d is not None and re.fullmatch(r"[\w.-]{1,12}", d.value):
            w.literal(pub, prop, d.value, d)
        elif d is None and w.head.get(name) and head_line:  # as a PDF's running head prints it
            M.literal(w.ex, doc, pub, prop, w.head[name], *w.q.quote(head_line), NAME, LAYOUT_CONF)
    date = md.first("date")
    year = _YEAR.search(date.value) if date is not None and date.vocabulary not in ("pdf-info", "xmp") else None
    if year:
        w.ex.index[pub].attrs.setdefault("year", year.group(1))
        w.literal(pub, "dcterms:issued", year.group(1), date, datatype="xsd:gYear")
    elif w.head.get("year"):  # the running head's year, or the page's copyright or publication line
        line = locate_value(doc.text, w.head.get("year_line") or w.head["line"])
        if line:
            w.ex.index[pub].attrs.setdefault("year", w.head["year"])
            M.literal(w.ex, doc, pub, "dcterms:issued", w.head["year"], *w.q.quote(line), NAME, LAYOUT_CONF,
                      datatype="xsd:gYear")


def _keywords(w: _Work) -> None:
    """Keywords: the scheme's concepts where it knows them, else concepts found here; a country's
    name says where the work is set. Quoted from the keyword field's own line."""
    for d in w.md.fields.get("keywords", []):
        for kw in [k.strip() for k in re.split(r"\s*[;,]\s*", d.value) if k.strip()]:
            pos = w.q.span(d.value, d.name, block_first=True) or w.q.span(kw)
            if pos is not None and pos[0] >= w.q.block:  # the keyword itself within the block's line
                pos = locate_value(w.doc.text, kw, pos[0]) or pos
            if pos is None or not re.search(r"[^\W\d_]{2}", kw) or len(kw) > 80:
                continue
            _keyword(w.ex, w.doc, kw, pos, w.q)


def _keyword(ex: Extraction, doc: Document, keyword: str, pos: tuple[int, int], q: _Quotes) -> None:
    from kg.extract.concepts import concept_mention
    from kg.concepts import by_label
    from kg.text import clean_label, slug

    s, e = pos
    country = gazetteer.country_by_name(keyword)
    if country:  # a keyword that names a country says where the work is set
        key = M.country(ex, doc, country.code, s, e, NAME, 0.9, printed=keyword)
        M.relate(ex, doc, "pub:meta", "dcterms:spatial", key, *q.quote(pos), NAME, 0.9)
        return
    cid = by_label().get(fold(keyword).replace("-", " "))
    if cid:
        key = concept_mention(ex, doc, cid, s, e, 0.95, extractor=NAME)
    else:
        label = clean_label(keyword).lower() if not keyword.isupper() else clean_label(keyword)
        key = M.mention(ex, doc, "Concept", label, s, e, NAME, 0.9, key=f"concept:{slug(label)}",
                        concept=slug(label), origin="found")
    M.relate(ex, doc, "pub:meta", "dcterms:subject", key, *q.quote(pos), NAME, 0.95)


def _affiliation(ex: Extraction, doc: Document, q: _Quotes, pub: str, person: str, byline: tuple[int, int],
                 value: str, declared: tuple[Declared | None, Declared | None], conf: float) -> None:
    """A declared affiliation: its organisations (and places), the person's and the work's link to
    them, quoted from the byline to the affiliation where the page prints them close together,
    else from the metadata block's line that pairs the two."""
    from kg.corpus import normalise

    author_d, d = declared
    pos = q.span(value, d.name if d else None)
    if pos is None:
        return
    aff = parse_affiliation(doc.text[pos[0]:pos[1]], offset=pos[0])
    if aff is None:
        return
    line = q.quote(pos)
    both = (min(byline[0], line[0]), max(byline[1], line[1]))
    if (pos[0] >= q.block or both[1] - both[0] > 800) and author_d is not None and d is not None:
        paired = locate_value(doc.text, affiliation_line(author_d, d, normalise), q.block)
        both = paired or line
    keys = M.affiliation_parts(ex, doc, aff, line, NAME, part_of=aff.part_of)
    parents = {p for _, p in aff.part_of}
    for i in aff.organisations():
        if i not in parents:
            M.relate(ex, doc, pub, "lkg:affiliation", keys[i], *line, NAME, 0.9)
            M.relate(ex, doc, person, "lkg:affiliation", keys[i], *both, NAME, min(conf, 0.9))
