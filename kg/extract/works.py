"""Which work a document is, when it is not a portal record: a conference paper (a session page),
a report, or a web page; with its title as far as the page gives it. Emits foaf:primaryTopic.
"""
from __future__ import annotations

import re

from kg.extract import mentions as M
from kg.extract.layout import layout
from kg.model import DOCUMENT, Document, Extraction

NAME = "works"

_CONFERENCE = re.compile(r"^(session information|paper session|poster session|symposium|roundtable)\b|\b\d+ SES \d+", re.I | re.M)
_REPORT = re.compile(r"\b(this|the full|the|our) report\b|\breport (describes|presents|finds)\b", re.I)
_STRONG_REPORT = re.compile(r"\b(the full report|this report (describes|presents|finds|examines|sets out)|download the (full )?report)\b", re.I)
_SESSION = re.compile(r"^\s*(\d+\s+SES\s+\d+\s*\w?.*)$", re.M)


_ACRONYM = re.compile(r"\b[A-Z]{3,6}\b")
_NOT_CONFERENCE = {"SES", "PART", "PDF", "URL", "DOI", "ISBN", "ISSN", "NGO", "NGOS"}


def conference_name(doc: Document) -> tuple[str, int, int] | None:
    """The acronym a conference page keeps using for its conference ("after XYZ", "the XYZ Programme")."""
    from kg import gazetteer

    lay = layout(doc)
    counts: dict[str, list[re.Match[str]]] = {}
    for m in _ACRONYM.finditer(doc.text):
        if lay.references and lay.references[0] <= m.start() < lay.references[1]:
            continue
        word = m.group(0)
        if word in _NOT_CONFERENCE or gazetteer.country_by_name(word):
            continue
        counts.setdefault(word, []).append(m)
    ranked = sorted(((len(v), k) for k, v in counts.items() if len(v) >= 2), reverse=True)
    if not ranked:
        return None
    first = counts[ranked[0][1]][0]
    return first.group(0), first.start(), first.end()


def work_kind(doc: Document) -> str:
    if _CONFERENCE.search(doc.text[:2000]):
        return "ConferencePaper"
    if _STRONG_REPORT.search(doc.text) or len(_REPORT.findall(doc.text)) >= 2 or _SERIES_OF.search(doc.text):
        return "Report"
    return "WebPage"


def extract(doc: Document) -> Extraction:
    ex = Extraction(doc.id)
    lay = layout(doc)
    if lay.is_record:
        return ex
    kind = work_kind(doc)
    title_line = lay.title
    if kind == "ConferencePaper":
        m = _SESSION.search(doc.text)
        session = m.group(1).strip() if m else None
        anchor = (m.start(1), m.end(1)) if m else (0, 0)
        if title_line is not None and not _SESSION.match(title_line.text):
            # the page prints the paper's title
            title = lay.title_text or title_line.stripped
            key = M.mention(ex, doc, "Publication", title, title_line.start, title_line.end, NAME, 0.8,
                            key="pub:work", kind=kind, title=title)
        else:
            label = f"Contribution to session {session}" if session else f"Conference contribution in {doc.id}"
            key = M.mention(ex, doc, "Publication", label, anchor[0], anchor[1], NAME, 0.8, key="pub:work",
                            kind=kind, untitled=True)
        if session:
            M.literal(ex, doc, key, "lkg:session", session, anchor[0], anchor[1], NAME, 0.8)
        conference = conference_name(doc)
        if conference:
            name, cs, ce = conference
            M.literal(ex, doc, key, "lkg:conference", name, cs, ce, NAME, 0.6)
    elif title_line is None:
        if not lay.reference_lists:
            return ex
        # a page that is only a reference list: it lists the references of a work it does not name
        anchor = lay.reference_lists[0].entries[0]
        key = M.mention(ex, doc, "Publication", f"Work whose references {doc.id} lists", anchor[0], anchor[1], NAME,
                        0.6, key="pub:work", kind="Publication", untitled=True)
    else:
        title = lay.title_text or title_line.stripped
        anchor = (title_line.start, title_line.end)
        key = M.mention(ex, doc, "Publication", title, anchor[0], anchor[1], NAME, 0.8, key="pub:work",
                        kind=kind, title=title)
    M.relate(ex, doc, DOCUMENT, "foaf:primaryTopic", key, anchor[0], anchor[1], NAME, 0.8)
    before = len(ex.facts)
    if title_line is not None:
        from kg.extract.records import general_record

        general_record(ex, doc, lay, key, ex.index[key].attrs.get("kind", kind), ex.index[key].label)
    if not any(f.predicate == "dcterms:creator" for f in ex.facts[before:]):
        _byline(ex, doc, key)
    date = None
    if kind in ("WebPage", "Report"):
        date = _DATE_LINE.search(doc.text[: min(len(doc.text), 600)])
        if date:
            M.literal(ex, doc, key, "dcterms:issued", date.group("year"), date.start(), date.end(), NAME, 0.7,
                      datatype="xsd:gYear")
    _publisher_in_prose(ex, doc, key, ex.index[key].attrs.get("kind", kind))
    _reported_work(ex, doc, key, date)
    return ex


_ORG_NAME = r"(?:the\s+|The\s+)?(?P<org>[A-Z][\w&'’-]*(?:\s+(?:of|for|and|on)?\s*[A-Z][\w&'’-]*){0,6})"
# 'published by X', 'released today by the X', 'part of the X research report series'
_PUBLISHED_BY = re.compile(r"\b(?:published|released|issued)\s+(?:\w+\s+){0,2}?by\s+" + _ORG_NAME)
_SERIES_OF = re.compile(r"\bpart\s+of\s+(?:the\s+)?(?P<org>[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){0,5})\s+(?:\w+\s+)?"
                        r"(?:report|working\s+paper|monograph|book|policy\s+brief)\s+series")
# 'The report, Title of It, draws on ...': a work the page is about, named in apposition
_REPORTED = re.compile(r"\b[Tt]he\s+(?:new\s+|full\s+|latest\s+)?(?P<kind>report|study|book|brief|guide|paper),\s+"
                       r"(?P<title>[A-Z][^,;\n]{12,250}?),\s+(?=[a-z])")


def _publisher_in_prose(ex: Extraction, doc: Document, key: str, kind: str) -> None:
    """A report's publisher where the text says it: 'part of the X report series', 'published by X'."""
    if kind not in ("Report", "Book"):
        return
    for pattern in (_SERIES_OF, _PUBLISHED_BY):
        m = pattern.search(doc.text)
        if m and has_org_cue_or_acronym(m.group("org")):
            org = M.mention(ex, doc, "Organisation", m.group("org"), m.start("org"), m.end("org"), NAME, 0.8)
            M.relate(ex, doc, key, "dcterms:publisher", org, *doc.sentence_at(m.start(), m.end()), NAME, 0.8)
            return


def has_org_cue_or_acronym(name: str) -> bool:
    from kg.extract.affiliations import has_org_cue

    return has_org_cue(name) or bool(re.fullmatch(r"[A-Z]{2,8}(?:\s+[A-Z][a-z]+)?", name))


def _reported_work(ex: Extraction, doc: Document, page: str, date) -> None:
    """A page about a new report or book names it in apposition ('The report, X, draws on ...'): that work,
    its publisher where a sentence says who released it, and the page's date when it was 'released today'."""
    m = _REPORTED.search(doc.text)
    if not m:
        return
    kind = {"report": "Report", "brief": "Report", "book": "Book", "guide": "Report"}.get(m.group("kind"), "Publication")
    title = m.group("title").strip()
    work = M.mention(ex, doc, "Publication", title, m.start("title"), m.start("title") + len(title), NAME, 0.8,
                     key="pub:reported", kind=kind, title=title)
    M.relate(ex, doc, page, "dcterms:subject", work, *doc.sentence_at(m.start(), m.end()), NAME, 0.7)
    by = _PUBLISHED_BY.search(doc.text)
    if by and has_org_cue_or_acronym(by.group("org")):
        org = M.mention(ex, doc, "Organisation", by.group("org"), by.start("org"), by.end("org"), NAME, 0.8)
        M.relate(ex, doc, work, "dcterms:publisher", org, *doc.sentence_at(by.start(), by.end()), NAME, 0.8)
        if date is not None and re.search(r"\b(?:today|this week|now)\b", doc.text[by.start():by.end() + 10]):
            M.literal(ex, doc, work, "dcterms:issued", date.group("year"), date.start(), date.end(), NAME, 0.7,
                      datatype="xsd:gYear")


_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# "November 2007", "Posted 20 June 2019", "Published: 3 May 2021" on a line of its own
_DATE_LINE = re.compile(
    r"^[ \t*_]*(?:(?:Posted|Published|Updated|Date)\s*:?\s*(?:on\s+)?)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:" + _MONTHS
    + r")\s+(?:\d{1,2},?\s+)?(?P<year>(?:19|20)\d\d)[ \t*_]*$", re.M | re.I)


_BYLINE = re.compile(r"^[ \t]*(?:by|authors?|author\(s\)|written by|presenters?)[ \t]*:?[ \t]+(?P<names>.+)$", re.I | re.M)


def _byline(ex: Extraction, doc: Document, work: str) -> None:
    """'By Ada Quill and Bruno Vesk' or 'Authors: ...' near the top: the work's authors, in order."""
    from kg.extract.records import person_names
    from kg.names import split_name

    head = doc.text[: min(len(doc.text), 1500)]
    m = _BYLINE.search(head)
    if not m:
        return
    names_text = re.sub(r"\([^)]*\)", lambda p: " " * len(p.group(0)), m.group("names"))  # "(presenting)"
    names = person_names(names_text.rstrip())
    for pos, (name, s, e) in enumerate(names or [], start=1):
        given, family = split_name(name)
        start = m.start("names") + s
        pk = M.person(ex, doc, given, family, start, start + (e - s), NAME, 0.85)
        M.relate(ex, doc, work, "dcterms:creator", pk, m.start(), m.end(), NAME, 0.85, position=pos)
