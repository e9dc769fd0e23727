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
_SESSION = re.compile(r"^\s*(\d+\s+SES\s+\d+\s*\w?.*)$", re.M)


def work_kind(doc: Document) -> str:
    if _CONFERENCE.search(doc.text[:2000]):
        return "ConferencePaper"
    if len(_REPORT.findall(doc.text)) >= 2:
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
        label = f"Contribution to session {session}" if session else f"Conference contribution in {doc.id}"
        key = M.mention(ex, doc, "Publication", label, anchor[0], anchor[1], NAME, 0.8, key="pub:work",
                        kind=kind, untitled=True, session=session)
    else:
        if title_line is None:
            return ex
        title = title_line.stripped
        anchor = (title_line.start, title_line.end)
        key = M.mention(ex, doc, "Publication", title, anchor[0], anchor[1], NAME, 0.8, key="pub:work",
                        kind=kind, title=title)
    M.relate(ex, doc, DOCUMENT, "foaf:primaryTopic", key, anchor[0], anchor[1], NAME, 0.8)
    return ex
