"""Research-portal records (Pure and its siblings): the fields such pages print, one per line.

Title, ordered authors (the byline under the title), affiliations, output type, host publication
and its editors, place of publication, publisher, pages, ISBN, DOI, journal, year and status.
Keywords become concepts in `kg.extract.concepts`; portal furniture never becomes an entity.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg import gazetteer
from kg.extract import mentions as M
from kg.extract.affiliations import has_org_cue, is_parent_org, parse_affiliation
from kg.extract.bylines import parse_byline
from kg.extract.concepts import title_subjects
from kg.extract.fields import RecordField, field_kind
from kg.extract.layout import BOILERPLATE, Layout, Line, furniture_lines, layout
from kg.model import DOCUMENT, Document, Extraction
from kg.names import PARTICLES, is_name_token, split_name
from kg.text import PERIODICAL_WORDS

NAME = "records"
CONF = 0.95
MAX_HEADER_LINES = 40  # lines under a record's title that may hold its byline and affiliations

# "Research output: ..." -> publication kind
OUTPUT_KINDS = (
    (re.compile(r"chapter", re.I), "BookChapter"),
    (re.compile(r"conference|proceeding|paper presented|poster|abstract", re.I), "ConferencePaper"),
    (re.compile(r"journal|article", re.I), "JournalArticle"),
    (re.compile(r"thesis|dissertation|doctoral", re.I), "Thesis"),
    (re.compile(r"report|working paper", re.I), "Report"),
    (re.compile(r"book", re.I), "Book"),
    (re.compile(r"web|blog", re.I), "WebPage"),
)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def output_kind(text: str) -> str:
    text = text.split(":", 1)[-1]
    if "›" in text:  # "Book/Report › Book": the last category printed is the most specific
        last = text.rsplit("›", 1)[-1]
        for pattern, kind in OUTPUT_KINDS:
            if pattern.search(last):
                return kind
    # the last category printed is the most specific ("Contribution to journal › Article")
    for pattern, kind in OUTPUT_KINDS:
        if pattern.search(text):
            return kind
    return "Publication"


def person_names(line: str) -> list[tuple[str, int, int]] | None:
    """The names of a byline ("A. Bell, Cara Dunn and E. F. Gray"), or None when it is not one."""
    out = []
    for m in re.finditer(r"[^,;&]+", line):
        chunk, c0 = m.group(0), m.start()
        for piece in re.split(r"\s+and\s+", chunk):
            name = piece.strip()
            if not name:
                continue
            p0 = c0 + chunk.find(name)
            tokens = name.replace(".", ". ").split()
            if not 2 <= len(tokens) <= 5 or has_org_cue(name) or gazetteer.country_by_name(name):
                return None
            if not all(is_name_token(t) or t.lower() in PARTICLES for t in tokens):
                return None
            out.append((name, p0, p0 + len(name)))
    return out or None


def _next_content(lay: Layout, after: Line) -> list[Line]:
    out = []
    for line in lay.lines:
        if line.start <= after.start:
            continue
        s = line.text.strip()
        if not s:
            continue
        if s.startswith("Research output") or BOILERPLATE.match(s):
            break
        out.append(line)
        if len(out) >= MAX_HEADER_LINES:
            break
    return out


def _year(value: str) -> str | None:
    m = _YEAR.search(value)
    return m.group(1) if m else None


def extract(doc: Document) -> Extraction:
    ex = Extraction(doc.id)
    lay = layout(doc)
    if not lay.is_record or lay.title is None:
        return ex
    f = lay.fields
    title_line = lay.title
    title = lay.title_text or title_line.stripped
    kind = "Publication"
    for line in lay.lines:
        if line.text.startswith("Research output"):
            kind = output_kind(line.text)
            break
    if kind == "Publication":
        kind = "BookChapter" if "Title of host publication" in f else ("JournalArticle" if "Journal" in f else "Publication")
    if kind == "Publication":
        kind = _kind_from_fields(lay)
    pub = M.mention(ex, doc, "Publication", title, title_line.start, title_line.end, NAME, CONF,
                    key="pub:record", title=title, kind=kind)
    M.relate(ex, doc, DOCUMENT, "foaf:primaryTopic", pub, title_line.start, title_line.end, NAME, CONF)

    # byline and affiliation lines under the title: the names may run over several lines, one
    # author a line, and the order runs on across them
    position = 0
    authors: list = []
    for line in _next_content(lay, title_line):
        text = line.text
        names = None
        if line.stripped == text.strip() and (b := parse_byline(text)) is not None:
            if b.role != "author" or any(n.note or n.marks for n in b.names):
                break  # an editors' line, or a byline with notes or markers: the general reader below takes it
            names = [((n.given, n.family), n.start, n.end) for n in b.names]
        elif line.stripped == text.strip():
            names = person_names(text)
        if names:
            for name, s, e in names:
                position += 1
                given, family = name if isinstance(name, tuple) else split_name(name)
                pk = M.person(ex, doc, given, family, line.start + s, line.start + e, NAME, CONF)
                authors.append((pk, line))
                M.relate(ex, doc, pub, "dcterms:creator", pk, line.start, line.end, NAME, CONF, position=position)
            continue
        body = line.stripped
        if any(fl.line_start == line.start for fl in lay.record_fields) or re.match(r"^[^:]{2,40}:\s", body):
            if position:
                break
            continue  # a field line ('Published: Lakeside Press 2019', 'Awarding Body: X') is no affiliation
        aff = parse_affiliation(body, offset=line.start + text.find(body))
        if aff:
            _add_affiliation(ex, doc, aff, pub, line, authors=authors)
        elif position:
            break  # the header is over

    # host publication, editors, publisher, place
    host = None
    if "Title of host publication" in f:
        hf = f["Title of host publication"]
        host_title = hf.value
        aliases = []
        end = hf.end
        if "Subtitle of host publication" in f:
            sub = f["Subtitle of host publication"]
            aliases = [host_title]
            host_title = f"{host_title}: {sub.value}"
            end = sub.end
        host_kind = "Book" if kind in ("BookChapter", "Publication") else "Publication"
        if kind == "ConferencePaper":
            host_kind = "Book"
        host = M.mention(ex, doc, "Publication", host_title, hf.start, hf.end, NAME, CONF, key="pub:host",
                         aliases=aliases, title=host_title, kind=host_kind)
        M.relate(ex, doc, pub, "dcterms:isPartOf", host, hf.line.start, end, NAME, CONF)
    book = host or pub
    # facts about the host book quote the record from its title line on, so they name both ends
    host_from = f["Title of host publication"].line.start if host else None

    def span(line) -> tuple[int, int]:
        return (host_from if host_from is not None and host_from < line.start else line.start), line.end
    if "Editors" in f or "Editor" in f:
        ed = f.get("Editors") or f.get("Editor")
        for name, s, e in person_names(ed.value) or []:
            given, family = split_name(name)
            pk = M.person(ex, doc, given, family, ed.start + s, ed.start + e, NAME, CONF)
            M.relate(ex, doc, book, "bibo:editor", pk, *span(ed.line), NAME, CONF)
    place_key = None
    if "Place of Publication" in f:
        pf = f["Place of Publication"]
        place_key = _place_field(ex, doc, pf.value, pf.start)
    if "Publisher" in f:
        pb = f["Publisher"]
        org = M.mention(ex, doc, "Organisation", pb.value, pb.start, pb.end, NAME, CONF, role="publisher")
        M.relate(ex, doc, book, "dcterms:publisher", org, *span(pb.line), NAME, CONF)
        if place_key:
            pf = f["Place of Publication"]
            M.located_in(ex, doc, org, place_key, pf.line.start, pb.line.end, NAME, 0.7)
    if "Journal" in f:
        jf = f["Journal"]
        # 'Journal: Lakeside Studies, 2024, No 9, p. 929': the journal's name, not its issue and pages
        name = (parse_source(jf.value) or {"container": jf.value})["container"].strip(" .,;")
        js = jf.start + jf.value.find(name)
        jk = M.mention(ex, doc, "Journal", name, js, js + len(name), NAME, CONF)
        M.relate(ex, doc, pub, "dcterms:isPartOf", jk, jf.line.start, jf.line.end, NAME, CONF)

    # identifiers, pages, dates
    for field_name in ("ISBN (Print)", "Print ISBNs", "Print ISBN", "ISBN (Electronic)", "Electronic ISBNs",
                       "Electronic ISBN", "ISBN"):
        if field_name in f:
            v = f[field_name]
            digits = re.sub(r"[^0-9Xx]", "", v.value)
            if len(digits) in (10, 13):
                M.literal(ex, doc, book, "bibo:isbn", digits.upper(), *span(v.line), NAME, CONF)
    if "DOIs" in f or "DOI" in f:
        v = f.get("DOIs") or f.get("DOI")
        m = re.search(r"10\.\d{4,9}/\S+", v.value)
        if m:
            M.literal(ex, doc, pub, "bibo:doi", m.group(0).rstrip(".,;"), v.line.start, v.line.end, NAME, CONF)
    for field_name in ("Pages (from-to)", "Pages"):
        if field_name in f:
            v = f[field_name]
            m = re.match(r"(\w+)\s*[-–]\s*(\w+)", v.value)
            if m:
                M.literal(ex, doc, pub, "bibo:pageStart", m.group(1), v.line.start, v.line.end, NAME, CONF)
                M.literal(ex, doc, pub, "bibo:pageEnd", m.group(2), v.line.start, v.line.end, NAME, CONF)
            break
    for field_name, prop in (("Volume", "bibo:volume"), ("Issue number", "bibo:issue")):
        if field_name in f:
            v = f[field_name]
            M.literal(ex, doc, pub, prop, v.value, v.line.start, v.line.end, NAME, CONF)
    year = None
    # a thesis: the institution that awarded it, and its supervisors
    if "Awarding Institution" in f:
        af = f["Awarding Institution"]
        for name in re.split(r"\s*[;,]\s*(?=[A-Z])", af.value):
            if has_org_cue(name):
                s0 = af.start + af.value.find(name)
                org = M.mention(ex, doc, "Organisation", name, s0, s0 + len(name), NAME, 0.9)
                M.relate(ex, doc, pub, "lkg:affiliation", org, af.line.start, af.line.end, NAME, 0.9)
    for field_name in ("Supervisors", "Supervisor"):
        if field_name in f:
            sf = f[field_name]
            for name, s, e in person_names(re.sub(r"\([^)]*\)", lambda m: " " * len(m.group(0)), sf.value)) or []:
                given, family = split_name(name)
                M.person(ex, doc, given, family, sf.start + s, sf.start + e, NAME, 0.9)
    for field_name in ("Publication status", "Publication date", "Early online date", "Accepted/In press",
                       "Date of Award", "Award date"):
        if field_name in f:
            v = f[field_name]
            y = _year(v.value)
            if field_name == "Publication status":
                status = re.sub(r"\s*[-–]\s*\d{4}.*$", "", v.value).strip()
                if status:
                    M.literal(ex, doc, pub, "lkg:publicationStatus", status, v.line.start, v.line.end, NAME, CONF)
            if y and year is None:
                year = y
                ex.index[pub].attrs.setdefault("year", y)
                M.literal(ex, doc, pub, "dcterms:issued", y, v.line.start, v.line.end, NAME, CONF, datatype="xsd:gYear")
    for line in lay.subject_areas:
        M.literal(ex, doc, pub, "lkg:subjectArea", line.stripped, line.start, line.end, NAME, 0.9)
    general_record(ex, doc, lay, pub, kind, title, authors=bool(authors), year=year is not None,
                    journal="Journal" in f, host=host is not None, publisher="Publisher" in f,
                    doi="DOIs" in f or "DOI" in f)
    return ex


@lru_cache(maxsize=1)
def _type_lines() -> frozenset[str]:
    from kg.data import load_json

    return frozenset(t.casefold() for t in load_json("record_fields.json")["type_lines"])


def _kind_from_fields(lay: Layout) -> str:
    types = _type_lines()
    for line in lay.lines[:40]:
        if line.stripped.casefold() in types:  # 'Research article' on a line of its own
            kind = field_kind(line.stripped)
            if kind:
                return kind
    for name in ("type", "citation"):
        for fld in lay.field_values(name):
            kind = field_kind(fld.value)
            if kind:
                return kind
    if lay.field_values("journal"):
        return "JournalArticle"
    if lay.field_values("host"):
        return "BookChapter"
    if lay.field_values("isbn"):
        return "Book"
    return "Publication"


_DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>)]+")
# a source line: 'Journal, v32 n1 p11-24 2004', 'Journal, 44 (2016) 2 , 5-20', 'Book, 2018, с. 325-345'
_SOURCE = re.compile(
    r"^(?P<container>[^\d,;]{3,200}?)\s*,\s*(?P<rest>(?:v(?:ol)?\.?\s?\d|\d).*)$")
_SOURCE_PARTS = (
    ("volume", re.compile(r"\bv(?:ol)?\.?\s?(\d+)\b|^(\d+)\s*\((?:1[5-9]|20)\d\d\)")),
    ("issue", re.compile(r"\bn(?:o)?\.?\s?(\d+)\b|\((?:1[5-9]|20)\d\d\)\s*(\d+)\b|\b\d+\s*\((\d{1,3})\)")),
    ("pages", re.compile(r"\b(?:p{1,2}\.?|с\.|S\.)\s?(\d+\s*[-–]\s*\d+)|,\s*(\d+\s*[-–]\s*\d+)\s*$")),
    ("year", re.compile(r"\b((?:1[5-9]|20)\d\d)\b")),
)


# a journal's running head on an article's first page: '2004 32: 11 Journal Name'
_RUNNING_HEAD = re.compile(r"^(?P<year>(?:1[5-9]|20)\d\d)\s+(?P<volume>\d{1,4})\s*:\s*(?P<page>\d{1,5})\s+(?P<container>[^\d]{6,150})$")


def parse_source(value: str) -> dict[str, str] | None:
    """A record's source line -> container, volume, issue, pages, year (what it gives).

    >>> parse_source("Lakeside Journal of Leading & Learning, v32 n1 p11-24 2004")["issue"]
    '1'
    >>> parse_source("Lakeside Studies in School Administration, 44 (2016) 2 , 5-20")["pages"]
    '5-20'
    """
    rh = _RUNNING_HEAD.match(value.strip())
    if rh:
        return {"container": rh.group("container").strip(), "volume": rh.group("volume"), "year": rh.group("year"),
                "pages": rh.group("page")}
    m = _SOURCE.match(value.strip())
    if not m:
        return None
    out = {"container": m.group("container").strip()}
    for name, pattern in _SOURCE_PARTS:
        pm = pattern.search(m.group("rest"))
        if pm:
            out[name] = next(g for g in pm.groups() if g)
    return out


def general_record(ex: Extraction, doc: Document, lay: Layout, pub: str, kind: str, title: str, *,
                   authors: bool = False, year: bool = False, journal: bool = False, host: bool = False,
                   publisher: bool = False, doi: bool = False) -> None:
    """What a record of any portal, repository or publisher page gives beyond the Pure layout above:
    fields by the label table, bylines in every form (with notes and footnote markers tied to
    affiliations), source lines, and the citation line that repeats the title."""
    text = doc.text
    title_line = lay.title
    head_end = lay.references[0] if lay.references else len(text)
    if kind in ("WebPage", "Publication") and (found := _kind_from_fields(lay)) != "Publication":
        kind = ex.index[pub].attrs["kind"] = found

    def first(name: str) -> RecordField | None:
        vals = [v for v in lay.field_values(name) if v.start < head_end]
        return vals[0] if vals else None

    # authors: a labelled field (one name per RIS line, or a list), else the byline under or over the title
    if not authors:
        position = 0
        for fld in lay.field_values("authors"):
            b = parse_byline(fld.value, labelled=True)
            for n in b.names if b else []:
                position += 1
                pk = M.person(ex, doc, n.given, n.family, fld.start + n.start, fld.start + n.end, NAME, CONF)
                M.relate(ex, doc, pub, "dcterms:creator", pk, fld.line_start, fld.line_end, NAME, CONF, position=position)
        if position == 0:
            position = _byline_authors(ex, doc, lay, pub)
        authors = position > 0
    # other works the head prints with bylines of their own (a page of several volumes, an issue and its article)
    other_bylines = _other_works(ex, doc, lay)
    # a journal's masthead line over an issue page: 'Lakeside Review 41 - December 2021'
    if not journal and not host:
        journal, year = _masthead(ex, doc, lay, pub, year)
    # the year: the first date field printed
    if not year:
        for fld in lay.field_values("date"):
            y = _year(fld.value)
            if y:
                ex.index[pub].attrs.setdefault("year", y)
                M.literal(ex, doc, pub, "dcterms:issued", y, fld.line_start, fld.line_end, NAME, CONF, datatype="xsd:gYear")
                year = True
                break
    # journal or host book, from a field or a source line
    for name in ("journal", "host"):
        fld = first(name)
        if fld is None or journal or host:
            continue
        src = parse_source(fld.value) or {"container": fld.value}
        container = src["container"].strip(" .,;")
        cs = fld.start + fld.value.find(container)
        is_journal = name == "journal" or ("volume" in src and "issue" in src) or kind == "JournalArticle" \
            or bool(PERIODICAL_WORDS.search(container))  # "Видання: Zeitschrift für X, 2019, № 1"
        if is_journal:
            jk = M.mention(ex, doc, "Journal", container, cs, cs + len(container), NAME, CONF)
            M.relate(ex, doc, pub, "dcterms:isPartOf", jk, fld.line_start, fld.line_end, NAME, CONF)
            journal = True
        else:
            hk = M.mention(ex, doc, "Publication", container, cs, cs + len(container), NAME, CONF, key="pub:host",
                           title=container, kind="Book", year=src.get("year"))
            M.relate(ex, doc, pub, "dcterms:isPartOf", hk, fld.line_start, fld.line_end, NAME, CONF)
            host = True
        for part, prop in (("volume", "bibo:volume"), ("issue", "bibo:issue")):
            if src.get(part):
                M.literal(ex, doc, pub, prop, src[part], fld.line_start, fld.line_end, NAME, 0.9)
        if src.get("year") and not year:
            M.literal(ex, doc, pub, "dcterms:issued", src["year"], fld.line_start, fld.line_end, NAME, 0.9, datatype="xsd:gYear")
            year = True
    # an unlabelled source line near the title ('Journal, v32 n1 p11-24 2004', '2004 32: 11 Journal')
    if not journal and not host and title_line is not None:
        near = [l for l in lay.lines if l.text.strip() and l.start < head_end]
        ti = next((i for i, l in enumerate(near) if l.start >= title_line.start), 0)
        for line in near[max(0, ti - 4):ti] + _next_content(lay, title_line)[:4]:
            src = parse_source(line.stripped)
            if src and "volume" in src and ("issue" in src or "pages" in src):
                container = src["container"]
                cs = line.start + line.text.find(container)
                _in_journal(ex, doc, pub, container, cs, (line.start, line.end), 0.9,
                            upgrade=("WebPage", "Publication", "Report"))
                journal = True
                if src.get("year") and not year:
                    M.literal(ex, doc, pub, "dcterms:issued", src["year"], line.start, line.end, NAME, 0.9, datatype="xsd:gYear")
                    year = True
                break
    # editors and publisher belong to the host book where there is one
    book = "pub:host" if "pub:host" in ex.index else pub
    # editors: an editors' byline under the title ('Edited by A and B'), or an editors field
    if title_line is not None:
        under = [(l, b) for l, b in lay.bylines if l.start >= title_line.end and l.start not in other_bylines][:1]
        for line, b in under:
            if b.role != "editor" or any(f.line_start == line.start for f in lay.field_values("editors")):
                continue
            off = line.start + line.text.find(line.stripped)
            for n in b.names:
                pk = M.person(ex, doc, n.given, n.family, off + n.start, off + n.end, NAME, 0.9)
                M.relate(ex, doc, book, "bibo:editor", pk, line.start, line.end, NAME, 0.9)
            if book == pub:
                _upgrade_kind(ex, pub, "Book")
    pure_editors = "Editors" in lay.fields or "Editor" in lay.fields  # the Pure reader above took them
    for fld in [f for f in lay.field_values("editors") if f.line_start not in other_bylines and not pure_editors]:
        b = parse_byline(fld.value, labelled=True)
        for n in b.names if b else []:
            pk = M.person(ex, doc, n.given, n.family, fld.start + n.start, fld.start + n.end, NAME, 0.9)
            M.relate(ex, doc, book, "bibo:editor", pk, fld.line_start, fld.line_end, NAME, 0.9)
    if not journal and not host:
        journal = _volume_line(ex, doc, lay, pub, head_end, year) or journal
    if not journal and not host and kind in ("JournalArticle", "WebPage", "Publication"):
        journal = _this_issue_of(ex, doc, lay, pub)
    # numbers a field gives ('Volumen: 12', 'Heft: 3', 'Pages: 45-67')
    for name, prop in (("volume", "bibo:volume"), ("issue", "bibo:issue")):
        fld = first(name)
        if fld is not None and prop not in _predicates(ex, pub) and re.fullmatch(r"\d{1,5}", fld.value.strip()):
            M.literal(ex, doc, pub, prop, fld.value.strip(), fld.line_start, fld.line_end, NAME, 0.9)
    fld = first("pages")
    pm = re.fullmatch(r"(?:pp?\.\s*)?(\d+)\s*[-–]\s*(\d+)", fld.value.strip()) if fld is not None else None
    if pm and "bibo:pageStart" not in _predicates(ex, pub):
        M.literal(ex, doc, pub, "bibo:pageStart", pm.group(1), fld.line_start, fld.line_end, NAME, 0.9)
        M.literal(ex, doc, pub, "bibo:pageEnd", pm.group(2), fld.line_start, fld.line_end, NAME, 0.9)
    # publisher
    if not publisher:
        fld = first("publisher")
        if fld is not None and not re.search(r"https?://|@", fld.value):
            name = re.split(r"\s*(?:\.\s+\d|,\s*\d|;)", fld.value)[0].strip(" .,")
            name, _, city = name.partition(", ")  # 'Routledge, London': the publisher, then its place
            if city and not (gazetteer.best_city(city) or gazetteer.country_by_name(city) or gazetteer.region_by_name(city)):
                name, city = f"{name}, {city}", ""
            org = M.mention(ex, doc, "Organisation", name, fld.start, fld.start + len(name), NAME, CONF, role="publisher")
            for work in dict.fromkeys((pub, book)):  # a chapter's publisher is its book's
                M.relate(ex, doc, work, "dcterms:publisher", org, fld.line_start, fld.line_end, NAME, CONF)
            publisher = True
            if city and gazetteer.best_city(city):
                c0 = fld.start + fld.value.find(city, len(name))
                pk = _place_field(ex, doc, city, c0)
                if pk:
                    M.located_in(ex, doc, org, pk, fld.line_start, fld.line_end, NAME, 0.75)
            where = first("place")
            if where is not None and "Place of Publication" not in lay.fields:  # 'Pub. Location London'
                pk = _place_field(ex, doc, where.value, where.start)
                if pk:
                    M.located_in(ex, doc, org, pk, min(fld.line_start, where.line_start), max(fld.line_end, where.line_end),
                                 NAME, 0.75)
    if not publisher:
        publisher = _publisher_address(ex, doc, lay, pub, head_end)
    if not publisher:  # 'Published: Lakeside 2019', 'Veröffentlicht: Hillview, 2020'
        for fld in lay.field_values("date"):
            pm = re.fullmatch(r"(?P<name>[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,4}),?\s+(?:19|20)\d\d", fld.value)
            if pm and not _is_date_word(pm.group("name")) and fld.label.casefold() in _PUBLISHED_LABELS:
                org = M.mention(ex, doc, "Organisation", pm.group("name"), fld.start, fld.start + len(pm.group("name")), NAME,
                                0.85, role="publisher")
                M.relate(ex, doc, pub, "dcterms:publisher", org, fld.line_start, fld.line_end, NAME, 0.85)
                publisher = True
                break
    fld = first("on_behalf_of")
    if fld is not None and has_org_cue(fld.value):
        M.mention(ex, doc, "Organisation", fld.value.strip(" ."), fld.start, fld.end, NAME, 0.85)
    # identifiers
    if not doi:
        fld = first("doi")
        m = _DOI.search(fld.value) if fld else None
        if m:
            M.literal(ex, doc, pub, "bibo:doi", m.group(0).rstrip(".,;"), fld.line_start, fld.line_end, NAME, CONF)
            doi = True
        else:  # a DOI link on a line of its own in the head
            for line in lay.lines[:20]:
                dm = re.fullmatch(r"\s*(?:https?://(?:dx\.)?doi\.org/|doi:\s*)(10\.\d{4,9}/\S+)\s*", line.text, re.I)
                if dm and line.start < head_end:
                    M.literal(ex, doc, pub, "bibo:doi", dm.group(1).rstrip(".,;"), line.start, line.end, NAME, 0.9)
                    doi = True
                    break
    fld = first("isbn")
    if fld is not None and not any(p == "bibo:isbn" for p in _predicates(ex, pub)):
        digits = re.sub(r"[^0-9Xx]", "", fld.value)
        if len(digits) in (10, 13):
            M.literal(ex, doc, pub, "bibo:isbn", digits.upper(), fld.line_start, fld.line_end, NAME, CONF)
    # a thesis: the institution its citation or field names
    if kind == "Thesis" and "Awarding Institution" not in lay.fields:
        found = False
        for fld in lay.field_values("institution") + lay.field_values("citation"):
            for piece in re.split(r"\s*(?:--|[;,()])\s*", fld.value):
                if has_org_cue(piece) and is_parent_org(piece):
                    s0 = fld.start + fld.value.find(piece)
                    org = M.mention(ex, doc, "Organisation", piece.strip(" ."), s0, s0 + len(piece.strip(" .")), NAME, 0.9)
                    M.relate(ex, doc, pub, "lkg:affiliation", org, fld.line_start, fld.line_end, NAME, 0.9)
                    found = True
            if found:
                break
    _citation_line(ex, doc, lay, pub, title, authors=authors, year=year, container=journal or host, doi=doi)


# a publisher's address line, as database records print it: 'Lakeside Press. 12 Hill Road, Springfield, IL 62701.'
_PUBLISHER_ADDRESS = re.compile(
    r"^[ \t]*(?P<org>[A-Z][^.\n]{1,80}?\b(?:Publications|Publishing|Publishers|Press|Verlag|Books|Éditions|Editorial))\.?,?[ \t]+"
    r"(?P<street>\d{1,6}[ \t][^,\n]{3,60}),[ \t]*(?P<city>[A-Z][\w .'-]{2,40}?),[ \t]*(?P<state>[A-Z]{2})[ \t]+\d{5}", re.M)


def _publisher_address(ex: Extraction, doc: Document, lay: Layout, pub: str, head_end: int) -> bool:
    """The publisher a record names with its street address, and the city (and US state) it is in."""
    import pycountry

    m = _PUBLISHER_ADDRESS.search(doc.text, 0, head_end)
    if not m:
        return False
    line = doc.line_at(m.start("org"))
    org = M.mention(ex, doc, "Organisation", m.group("org"), m.start("org"), m.end("org"), NAME, 0.9, role="publisher")
    M.relate(ex, doc, pub, "dcterms:publisher", org, *line, NAME, 0.9)
    state = m.group("state") if m.group("state") in gazetteer.US_STATES else None
    pk = M.place_with_country(ex, doc, m.group("city").strip(), m.start("city"), m.end("city"), NAME, 0.85, state=state)
    if pk:
        M.located_in(ex, doc, org, pk, m.start("org"), m.end("city"), NAME, 0.85)
        sub = pycountry.subdivisions.get(code=f"US-{state}") if state else None
        if sub is not None:
            sk = M.place(ex, doc, sub.name, m.start("state"), m.end("state"), NAME, 0.85, country_code="US")
            M.located_in(ex, doc, pk, sk, m.start("city"), m.end("state"), NAME, 0.85)
    return True


@lru_cache(maxsize=1)
def _masthead_pattern() -> re.Pattern[str]:
    from kg.data import load_json

    data = load_json("record_fields.json")
    months = "|".join(sorted((re.escape(m) for m in data["months"]), key=len, reverse=True))
    words = "|".join(sorted((re.escape(w) for w in data["issue_words"]), key=len, reverse=True))
    return re.compile(rf"^[ \t]*(?P<journal>[^\d\n:]{{2,60}}?)[ \t]+(?:(?:{words})[ \t]*)?(?P<issue>\d{{1,4}})[ \t]*[-–|/,][ \t]*"
                      rf"(?:(?:{months})\.?[ \t]+)(?P<year>(?:19|20)\d\d)[ \t]*$", re.I)


def _masthead(ex: Extraction, doc: Document, lay: Layout, pub: str, year: bool) -> tuple[bool, bool]:
    """The first lines of an issue page name the journal, the issue and its date: the page's work and the
    other works its head prints are in that journal, of that year."""
    content = [l for l in lay.lines if l.text.strip()][:3]
    for line in content:
        m = _masthead_pattern().match(line.text)
        if not m or (lay.title is not None and line.start >= lay.title.start and line.end <= lay.title.end):
            continue
        name = m.group("journal").strip(" -–|")
        if not name or len(name.split()) > 8:
            continue
        jk = M.mention(ex, doc, "Journal", name, m.start("journal"), m.start("journal") + len(name), NAME, 0.85)
        others = [k for k in ex.index if k.startswith("pub:other:")]
        for work in [pub, *others]:
            M.relate(ex, doc, work, "dcterms:isPartOf", jk, line.start, line.end, NAME, 0.85)
            if work != pub or not year:
                M.literal(ex, doc, work, "dcterms:issued", m.group("year"), line.start, line.end, NAME, 0.85,
                          datatype="xsd:gYear")
        _upgrade_kind(ex, pub, "JournalArticle")
        return True, True
    return False, year


def _other_works(ex: Extraction, doc: Document, lay: Layout) -> set[int]:
    """The works besides the page's own that its head prints with their own byline: each a publication
    with its authors or editors, and the year of the nearest date field before it. Returns the byline lines' starts."""
    used = set()
    dates = lay.field_values("date")
    previous_end = lay.title.end if lay.title is not None else 0
    for n, (title, tline, bline) in enumerate(sorted(lay.other_works, key=lambda w: w[1].start), start=1):
        b = next(b for l, b in lay.bylines if l.start == bline.start)
        key = M.mention(ex, doc, "Publication", title, tline.start, tline.end, NAME, 0.85, key=f"pub:other:{n}", title=title)
        title_subjects(ex, doc, key, tline.start, tline.end, (tline.start, tline.end), NAME)
        off = bline.start + bline.text.find(bline.stripped)
        for pos, name in enumerate(b.names, start=1):
            pk = M.person(ex, doc, name.given, name.family, off + name.start, off + name.end, NAME, 0.85)
            if b.role == "editor":
                M.relate(ex, doc, key, "bibo:editor", pk, tline.start, bline.end, NAME, 0.85)
            else:
                M.relate(ex, doc, key, "dcterms:creator", pk, tline.start, bline.end, NAME, 0.85, position=pos)
        near = [d for d in dates if min(previous_end, tline.start) <= d.line_start < tline.start]
        if near and (y := _year(near[-1].value)):
            M.literal(ex, doc, key, "dcterms:issued", y, near[-1].line_start, tline.end, NAME, 0.8, datatype="xsd:gYear")
        previous_end = bline.end
        used.add(bline.start)
    return used


#: the date labels that may also name the publisher ('Published: Lakeside 2019')
_PUBLISHED_LABELS = ("published", "veröffentlicht", "erschienen", "publié", "publicado", "pubblicato")


@lru_cache(maxsize=1)
def _months() -> frozenset[str]:
    from kg.data import load_json

    return frozenset(m.casefold().rstrip(".") for m in load_json("record_fields.json")["months"])


def _is_date_word(name: str) -> bool:
    """'Spring', 'Juni', 'March': a month or season (the label table's months), not a publisher."""
    return name.split()[0].casefold().rstrip(".") in _months()
# 'Volume 12, 2024 - Issue 3', 'Vol. 12, No. 3 (2024)', 'Volume 49, Issue 2'
_VOLUME_LINE = re.compile(r"^[ \t]*(?:Volume|Vol\.?|Band|Tome|Том)[ \t]*(?P<volume>\d{1,4})(?:[ \t]*,[ \t]*(?P<year>(?:19|20)\d\d))?"
                          r"[ \t]*[,\-–][ \t]*(?:Issue|No\.?|Number|Heft|Nr\.?|Numéro|n°)[ \t]*(?P<issue>\d{1,4})"
                          r"(?:[ \t]*\((?:[^\W\d_]+\.?,?[ \t]*)?(?P<year2>(?:19|20)\d\d)\))?"
                          r"(?:,?[ \t]*pp?\.[ \t]*(?P<pages>\d+[ \t]*[-–][ \t]*\d+))?(?:[ \t]*\(\d+[ \t]+pages\))?[ \t]*$", re.I)


# 'This issue of the Journal of Leading (JL) summarises ...': an article's first page names its journal
_THIS_ISSUE = re.compile(r"\b(?:[Tt]his|[Tt]he current|[Tt]he present)[ ](?:special[ ]|themed[ ])?issue[ ]of[ ](?:the[ ])?"
                         r"(?P<journal>[A-Z][\w&'’-]*(?:[ ](?:of|for|and|in|on|&)?[ ]?[A-Z][\w&'’-]*){0,8})")


def _this_issue_of(ex: Extraction, doc: Document, lay: Layout, pub: str) -> bool:
    m = _THIS_ISSUE.search(doc.text, 0, lay.body[1])
    if not m or not PERIODICAL_WORDS.search(m.group("journal")):
        return False
    _in_journal(ex, doc, pub, m.group("journal"), m.start("journal"), doc.sentence_at(m.start(), m.end()), 0.75,
                aliases=re.findall(r"^\s*\(([A-Z]{2,8})\)", doc.text[m.end("journal"):m.end("journal") + 12]))
    return True


def _upgrade_kind(ex: Extraction, pub: str, kind: str, upgrade: tuple[str, ...] = ("WebPage", "Publication")) -> None:
    """A work the text reader took for a web page (or knew no kind of) is of the kind the record shows."""
    if ex.index[pub].attrs.get("kind") in upgrade:
        ex.index[pub].attrs["kind"] = kind


def _in_journal(ex: Extraction, doc: Document, pub: str, name: str, start: int, span: tuple[int, int], conf: float,
                *, aliases: list[str] | None = None, upgrade: tuple[str, ...] = ("WebPage", "Publication")) -> str:
    """The work is in the journal printed at `start`: the Journal, the isPartOf quoting `span`, a journal article."""
    jk = M.mention(ex, doc, "Journal", name, start, start + len(name), NAME, conf, aliases=aliases)
    M.relate(ex, doc, pub, "dcterms:isPartOf", jk, span[0], span[1], NAME, conf)
    _upgrade_kind(ex, pub, "JournalArticle", upgrade)
    return jk


def _volume_line(ex: Extraction, doc: Document, lay: Layout, pub: str, head_end: int, year: bool) -> bool:
    """A journal page's volume and issue line, under the journal's name: the journal, volume, issue (and year)."""
    content = [l for l in lay.lines if l.text.strip() and l.start < head_end][:40]
    for i, line in enumerate(content):
        m = _VOLUME_LINE.match(line.text)
        if not m:
            continue
        for prop, value in (("bibo:volume", m.group("volume")), ("bibo:issue", m.group("issue"))):
            M.literal(ex, doc, pub, prop, value, line.start, line.end, NAME, 0.85)
        if m.group("pages"):
            first_page, last_page = re.split(r"[ \t]*[-–][ \t]*", m.group("pages"))
            M.literal(ex, doc, pub, "bibo:pageStart", first_page, line.start, line.end, NAME, 0.85)
            M.literal(ex, doc, pub, "bibo:pageEnd", last_page, line.start, line.end, NAME, 0.85)
        y = m.group("year") or m.group("year2")
        if y and not year:
            M.literal(ex, doc, pub, "dcterms:issued", y, line.start, line.end, NAME, 0.8, datatype="xsd:gYear")
        above = content[i - 1] if i > 0 else None
        name = above.stripped if above is not None else ""
        bylines = {l.start for l, _ in lay.bylines}
        if (above is not None and name and not (lay.title and lay.title.start <= above.start < lay.title.end)
                and above.start not in bylines
                and 1 <= len(name.split()) <= 10 and name[:1].isupper() and not re.search(r"\d|https?://|[.:;!?]$", name)
                and name.casefold() not in furniture_lines()):
            _in_journal(ex, doc, pub, name, above.start + above.text.find(name), (above.start, line.end), 0.85)
            return True
        return False
    return False


def _predicates(ex: Extraction, subject: str) -> list[str]:
    return [f.predicate for f in ex.facts if f.subject == subject]


#: a line that is only an author's identifier: an ORCID (link or bare), an e-mail address, a profile link
_ID_LINE = re.compile(r"^\s*(?:https?://(?:www\.)?orcid\.org/\S+|\d{4}-\d{4}-\d{4}-\d{3}[\dX]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
                      r"|https?://\S+)\s*$")


def _byline_authors(ex: Extraction, doc: Document, lay: Layout, pub: str) -> int:
    """Authors from the byline just under (or just over) the title, with the affiliations its notes and
    footnote markers give. Returns how many were added."""
    title = lay.title
    if title is None:
        return 0
    head = [l for l in lay.lines if l.text.strip()]
    idx = next((i for i, l in enumerate(head) if l.start >= title.end), len(head))
    before = next((i for i in range(len(head) - 1, -1, -1) if head[i].end <= title.start), None)
    chosen: list = []
    byline_at = {l.start: b for l, b in lay.bylines}
    # under the title: consecutive byline lines (one author a line, or all on one), an organisation line allowed between
    i = idx
    skipped = 0
    while i < len(head) and len(chosen) < 20:
        b = byline_at.get(head[i].start)
        if b is not None and b.role == "author":
            if chosen and (len(b.names) > 1 or b.labelled or len(chosen[0][1].names) > 1 or chosen[0][1].labelled):
                break  # one author a line runs on; a whole byline ('By A, B and C') stands alone
            chosen.append((head[i], b))
        elif chosen and _ID_LINE.match(head[i].text):
            pass  # an author's ORCID, e-mail or profile link under the name: the next author may follow
        elif chosen or skipped >= 1 or not (has_org_cue(head[i].stripped) and len(head[i].stripped.split()) <= 8):
            break
        else:
            skipped += 1
        i += 1
    if not chosen and before is not None and head[before].start in byline_at and byline_at[head[before].start].role == "author":
        chosen.append((head[before], byline_at[head[before].start]))
    position = 0
    marks: dict[str, list[str]] = {}
    people: list[str] = []
    for line, b in chosen:
        off = line.start + line.text.find(line.stripped)
        for n in b.names:
            position += 1
            pk = M.person(ex, doc, n.given, n.family, off + n.start, off + n.end, NAME, CONF)
            people.append(pk)
            M.relate(ex, doc, pub, "dcterms:creator", pk, line.start, line.end, NAME, CONF, position=position)
            for mark in n.marks:
                for one in re.split(r"[,‚]", mark):
                    marks.setdefault(one, []).append(pk)
            if n.note:
                aff = parse_affiliation(n.note, offset=off + n.note_start)
                if aff:
                    _person_affiliation(ex, doc, aff, pk, line)
    # numbered affiliation lines under the byline: '1University of Oslo', '* School of X, ...'
    if chosen and marks:
        last = chosen[-1][0]
        for line in [l for l in head if l.start > last.start][:12]:
            mm = re.match(r"^\s*([*†‡§¶#]|\d{1,2}|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s*(\S.*)$", line.text)
            if not mm or mm.group(1) not in marks:
                continue
            body = mm.group(2)
            aff = parse_affiliation(body, offset=line.start + mm.start(2))
            if aff:
                for pk in marks[mm.group(1)]:
                    _person_affiliation(ex, doc, aff, pk, line)
    elif len(people) == 1 and chosen:
        # one author: an affiliation line right under the byline is theirs
        last = chosen[-1][0]
        nxt = next((l for l in head if l.start > last.start), None)
        if nxt is not None and byline_at.get(nxt.start) is None:
            aff = parse_affiliation(nxt.stripped, offset=nxt.start + nxt.text.find(nxt.stripped))
            if aff:
                _person_affiliation(ex, doc, aff, people[0], nxt)
    return position


def _person_affiliation(ex: Extraction, doc: Document, aff, person: str, line: Line) -> None:
    """A person's affiliation: the organisations, their places, and the person linked to the top one."""
    keys = M.affiliation_parts(ex, doc, aff, (line.start, line.end), NAME)
    children = {c for c, _ in aff.part_of}
    embedded_parents = {p for _, p in aff.embedded}
    orgs = [i for i in aff.organisations() if i not in embedded_parents]
    tops = [i for i in orgs if i not in children] or orgs
    for i in tops:
        M.relate(ex, doc, person, "lkg:affiliation", keys[i], line.start, line.end, NAME, 0.85)
        # an organisation followed by a place it is in, past the units of it between them
        nxt = next((j for j in range(i + 1, len(aff.parts)) if aff.parts[j].kind in ("Place", "Country")), None)
        if nxt is not None and not any(t == i for t, _ in aff.located_in):
            M.located_in(ex, doc, keys[i], keys[nxt], line.start, line.end, NAME, 0.8)


def _citation_line(ex: Extraction, doc: Document, lay: Layout, pub: str, title: str, *,
                   authors: bool, year: bool, container: bool, doi: bool) -> None:
    """The line that cites the record itself ('Cite this', 'Citation', an EPrints head line): parsed as a
    reference, it gives what the page prints nowhere else (authors, year, journal, volume, DOI)."""
    from kg.extract.refparse import parse_reference
    from kg.text import fold

    if authors and year and container and doi:
        return
    want = re.sub(r"\W+", " ", fold(title)).strip()
    if len(want.split()) < 3:
        return
    for line in lay.lines:
        s = line.text.strip()
        if len(s) < len(title) + 15 or not re.search(r"\b(?:1[5-9]|20)\d\d\b", s) or line == lay.title:
            continue
        if want not in re.sub(r"\W+", " ", fold(s)):
            continue
        s = re.sub(r"^(?:cite this|citation|cite as|how to cite)\s*:?\s*", "", s, flags=re.I)
        off = line.start + line.text.find(s)
        ref = parse_reference(s, start=off)
        if not ref.title or re.sub(r"\W+", " ", fold(ref.title)).strip()[:40] != want[:40]:
            continue
        if not authors and ref.authors:
            for pos, a in enumerate(ref.authors, start=1):
                if not a.family:
                    continue
                i = s.find(a.family)
                pk = M.person(ex, doc, a.given, a.family, off + max(i, 0), off + max(i, 0) + len(a.family), NAME, 0.9)
                M.relate(ex, doc, pub, "dcterms:creator", pk, line.start, line.end, NAME, 0.9, position=pos)
        if not year and ref.year:
            M.literal(ex, doc, pub, "dcterms:issued", ref.year, line.start, line.end, NAME, 0.9, datatype="xsd:gYear")
        if not container and ref.container and ref.kind == "JournalArticle":
            i = max(s.find(ref.container), 0)
            jk = M.mention(ex, doc, "Journal", ref.container, off + i, off + i + len(ref.container), NAME, 0.9)
            M.relate(ex, doc, pub, "dcterms:isPartOf", jk, line.start, line.end, NAME, 0.9)
            for prop, value in (("bibo:volume", ref.volume), ("bibo:issue", ref.issue)):
                if value:
                    M.literal(ex, doc, pub, prop, value, line.start, line.end, NAME, 0.9)
        if not doi and ref.doi:
            M.literal(ex, doc, pub, "bibo:doi", ref.doi, line.start, line.end, NAME, 0.9)
        return


def _place_field(ex: Extraction, doc: Document, value: str, start: int) -> str | None:
    """'London, UK' or 'Boston MA' -> the place key, with its country."""
    m = re.match(r"^\s*([^,]+?)(?:,\s*(.+?))?\s*$", value)
    if not m:
        return None
    city = m.group(1).strip()
    rest = (m.group(2) or "").strip()
    state = None
    sm = re.match(r"^(.*\S)\s+([A-Z]{2})$", city)
    if sm and sm.group(2) in gazetteer.US_STATES:
        city, state = sm.group(1), sm.group(2)
    cs, ce = start + value.find(city), start + value.find(city) + len(city)
    country = gazetteer.country_by_name(rest) if rest else None
    span = (start + value.find(rest), start + value.find(rest) + len(rest)) if country else None
    return M.place_with_country(ex, doc, city, cs, ce, NAME, CONF, country_code=country.code if country else None,
                                country_span=span, state=state)


def _add_affiliation(ex: Extraction, doc: Document, aff, pub: str, line: Line, authors: list = ()) -> None:
    keys = M.affiliation_parts(ex, doc, aff, (line.start, line.end), NAME)
    parents = {p for _, p in aff.part_of} | {p for _, p in aff.embedded}
    for i in aff.organisations():
        if i not in parents:
            M.relate(ex, doc, pub, "lkg:affiliation", keys[i], line.start, line.end, NAME, 0.9)
            if len(authors) == 1:  # one author: the line is that person's affiliation too
                person, byline = authors[0]
                M.relate(ex, doc, person, "lkg:affiliation", keys[i], byline.start, line.end, NAME, 0.85)
