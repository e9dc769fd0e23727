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
    if _STRONG_REPORT.search(doc.text) or len(_REPORT.findall(doc.text)) >= 2:
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
            title = title_line.stripped
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
        title = title_line.stripped
        anchor = (title_line.start, title_line.end)
        key = M.mention(ex, doc, "Publication", title, anchor[0], anchor[1], NAME, 0.8, key="pub:work",
                        kind=kind, title=title)
    M.relate(ex, doc, DOCUMENT, "foaf:primaryTopic", key, anchor[0], anchor[1], NAME, 0.8)
    _byline(ex, doc, key)
    if kind in ("WebPage", "Report"):
        date = _DATE_LINE.search(doc.text[: min(len(doc.text), 600)])
        if date:
            M.literal(ex, doc, key, "dcterms:issued", date.group("year"), date.start(), date.end(), NAME, 0.7,
                      datatype="xsd:gYear")
    return ex


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
