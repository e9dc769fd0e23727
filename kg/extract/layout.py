"""The structure of a document that several extractors read: lines, portal fields, boilerplate,
the reference section and the body text. Computed once per document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.corpus import PORTAL_FIELDS
from kg.extract.reflist import ReferenceList, find_reference_lists
from kg.model import Document

# Portal and web-page furniture: general knowledge of how such pages are laid out.
BOILERPLATE = re.compile(
    r"^(skip to .*|fingerprint|cite this|dive into the research topics.*|together they form a unique fingerprint.*"
    r"|research output:?.*|abstract|keywords|asjc scopus subject areas|un sdgs|this output contributes to .*"
    r"|sdg \d+.*|access to document|link to publication.*|contents|table of contents|click here.*|previous.*|next.*"
    r"|< <|> >|share|print|download.*|session information|paper session|contribution|method|expected outcomes"
    r"|conclusions?|introduction|references|bibliography|search the .*|update modus.*|menu|home|log ?in|sign in"
    r"|- .*conftool.*|- search for .*|- restrict .*|- for planning .*|- if you are .*)$",
    re.IGNORECASE,
)
_CITE_THIS = re.compile(r"^(cite this|cite as|export citation|how to cite)\b", re.IGNORECASE)
_FIELD_LINE = re.compile(
    r"^(?P<field>" + "|".join(re.escape(f) for f in sorted(PORTAL_FIELDS, key=len, reverse=True)) + r"): ?(?P<value>.*)$"
)


@dataclass
class Line:
    start: int
    end: int
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip().lstrip("•·*-–").strip()


@dataclass
class Field:
    name: str
    value: str
    start: int  # value offsets
    end: int
    line: Line


@dataclass
class Layout:
    lines: list[Line]
    fields: dict[str, Field] = field(default_factory=dict)
    references: tuple[int, int] | None = None  # from the first reference list to the last
    reference_lists: list[ReferenceList] = field(default_factory=list)
    body: tuple[int, int] = (0, 0)
    is_record: bool = False
    title: Line | None = None
    keywords: list[Line] = field(default_factory=list)
    subject_areas: list[Line] = field(default_factory=list)

    def in_body(self, start: int, end: int) -> bool:
        return self.body[0] <= start and end <= self.body[1]


def _lines(text: str) -> list[Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append(Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


def _bulleted_block(lines: list[Line], heading: re.Pattern[str]) -> list[Line]:
    """The non-empty lines under a heading up to the next empty-line-then-heading."""
    for i, line in enumerate(lines):
        if heading.match(line.text.strip()):
            block: list[Line] = []
            blank = 0
            for nxt in lines[i + 1:]:
                s = nxt.text.strip()
                if not s:
                    blank += 1
                    if block and (blank > 1 or not all(len(b.stripped.split()) <= 6 for b in block)):
                        break  # two blank lines, or a paragraph: the block is over
                    continue
                if block and blank and (len(s.split()) > 6 or s.endswith(".")):
                    break
                blank = 0
                if BOILERPLATE.match(s) and not nxt.text.lstrip().startswith(("•", "*", "-")):
                    break
                block.append(nxt)
            return block
    return []


def line_text(doc: Document, pos: int) -> str:
    """The whole line of the document that holds offset `pos`."""
    return doc.text[slice(*doc.line_at(pos))]


def is_furniture(doc: Document, pos: int) -> bool:
    """Does offset `pos` stand on a line of page furniture ("Fingerprint", "Skip to search", ...)?"""
    return bool(BOILERPLATE.match(line_text(doc, pos).strip()))


def layout(doc: Document) -> Layout:
    """The document's structure, worked out once."""
    return doc.cached("layout", lambda: _layout(doc))


def _layout(doc: Document) -> Layout:
    text = doc.text
    lines = _lines(text)
    lay = Layout(lines=lines)
    for line in lines:
        m = _FIELD_LINE.match(line.text)
        if m and m.group("field") not in lay.fields:
            v0 = line.start + m.start("value")
            value = m.group("value").strip()
            lay.fields[m.group("field")] = Field(m.group("field"), value, v0, v0 + len(value), line)
    lay.is_record = len(lay.fields) >= 3 or any(l.text.startswith("Research output:") for l in lines)
    # the reference lists, found by what their lines look like; the body ends where the first begins
    body_end = len(text)
    lay.reference_lists = find_reference_lists(text)
    if lay.reference_lists:
        first = lay.reference_lists[0]
        lay.references = (first.start, lay.reference_lists[-1].end)
        body_end = text.rfind("\n", 0, first.heading[0] if first.heading else first.start) + 1
    for line in lines:
        if line.start < body_end and _CITE_THIS.match(line.text.strip()) and line.start > len(text) // 3:
            body_end = line.start
            break
    lay.body = (0, body_end)
    # title: the first content line that is not furniture
    for line in lines:
        s = line.stripped
        if not s or BOILERPLATE.match(s) or _FIELD_LINE.match(line.text):
            continue
        if re.match(r"^\d+ SES \d+", s):
            continue
        if len(s.split()) <= 30 and not s.endswith("."):
            lay.title = line
        break
    lay.keywords = _bulleted_block(lines, re.compile(r"^keywords:?$", re.IGNORECASE))
    lay.subject_areas = _bulleted_block(lines, re.compile(r"^.*subject areas:?$", re.IGNORECASE))
    return lay
