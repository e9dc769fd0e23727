"""Research-portal records (Pure and its siblings): the fields such pages print, one per line.

Title, ordered authors (the byline under the title), affiliations, output type, host publication
and its editors, place of publication, publisher, pages, ISBN, DOI, journal, year and status.
Keywords become concepts in `kg.extract.concepts`; portal furniture never becomes an entity.
"""
from __future__ import annotations

import re

from kg import gazetteer
from kg.extract import mentions as M
from kg.extract.affiliations import has_org_cue, parse_affiliation
from kg.extract.layout import BOILERPLATE, Layout, Line, layout
from kg.model import DOCUMENT, Document, Extraction
from kg.names import PARTICLES, is_name_token, split_name

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
    title = title_line.stripped
    kind = "Publication"
    for line in lay.lines:
        if line.text.startswith("Research output"):
            kind = output_kind(line.text)
            break
    if kind == "Publication":
        kind = "BookChapter" if "Title of host publication" in f else ("JournalArticle" if "Journal" in f else "Publication")
    pub = M.mention(ex, doc, "Publication", title, title_line.start, title_line.end, NAME, CONF,
                    key="pub:record", title=title, kind=kind)
    M.relate(ex, doc, DOCUMENT, "foaf:primaryTopic", pub, title_line.start, title_line.end, NAME, CONF)

    # byline and affiliation lines under the title: the names may run over several lines, one
    # author a line, and the order runs on across them
    position = 0
    authors: list = []
    for line in _next_content(lay, title_line):
        text = line.text
        names = None if line.stripped != text.strip() else person_names(text)
        if names:
            for name, s, e in names:
                position += 1
                given, family = split_name(name)
                pk = M.person(ex, doc, given, family, line.start + s, line.start + e, NAME, CONF)
                authors.append((pk, line))
                M.relate(ex, doc, pub, "dcterms:creator", pk, line.start, line.end, NAME, CONF, position=position)
            continue
        body = line.stripped
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
        jk = M.mention(ex, doc, "Journal", jf.value, jf.start, jf.end, NAME, CONF)
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
    return ex


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
    keys: list[str | None] = []
    for part in aff.parts:
        if part.kind == "Organisation":
            keys.append(M.mention(ex, doc, "Organisation", part.name, part.start, part.end, NAME, 0.9))
        elif part.kind == "Country":
            keys.append(M.country(ex, doc, part.code, part.start, part.end, NAME, 0.9, printed=part.name))
        else:
            nxt = aff.parts[aff.parts.index(part) + 1] if aff.parts.index(part) + 1 < len(aff.parts) else None
            code = nxt.code if nxt is not None and nxt.kind == "Country" else None
            keys.append(M.place_with_country(ex, doc, part.name, part.start, part.end, NAME, 0.9, country_code=code))
    for child, parent in aff.part_of:
        M.relate(ex, doc, keys[child], "lkg:partOf", keys[parent], line.start, line.end, NAME, 0.85)
    for thing, where in aff.located_in:
        if keys[thing] and keys[where]:
            M.located_in(ex, doc, keys[thing], keys[where], line.start, line.end, NAME, 0.85)
    parents = {p for _, p in aff.part_of}
    for i in aff.organisations():
        if i not in parents:
            M.relate(ex, doc, pub, "lkg:affiliation", keys[i], line.start, line.end, NAME, 0.9)
            if len(authors) == 1:  # one author: the line is that person's affiliation too
                person, byline = authors[0]
                M.relate(ex, doc, person, "lkg:affiliation", keys[i], byline.start, line.end, NAME, 0.85)
