"""The structure of a document that several extractors read: lines, portal fields, boilerplate,
the reference section and the body text. Computed once per document.
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field, replace

from kg.corpus import PORTAL_FIELDS
from kg.data import load_json
from kg.extract.bylines import Byline, parse_byline
from kg.extract.fields import RecordField, read_fields
from kg.extract.reflist import ReferenceList, find_reference_lists
from kg.model import Document
from kg.text import PERIODICAL_WORDS

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
    #: the title as one string (a title printed over two lines, or with its subtitle under it, joined)
    title_text: str | None = None
    #: labelled fields wherever printed ('Publisher: ...', 'dc.date.issued 2002', 'AU  - ...')
    record_fields: list[RecordField] = field(default_factory=list)
    #: bylines in the document's head, with their lines
    bylines: list[tuple[Line, Byline]] = field(default_factory=list)
    #: the work's abstract: an abstract field's value, or the paragraph under an 'Abstract' heading
    abstract: tuple[int, int] | None = None
    #: other works the head prints with their own byline (a page listing several volumes): (title, title line, byline line)
    other_works: list[tuple[str, Line, Line]] = field(default_factory=list)
    keywords: list[Line] = field(default_factory=list)
    subject_areas: list[Line] = field(default_factory=list)

    def in_body(self, start: int, end: int) -> bool:
        return self.body[0] <= start and end <= self.body[1]

    def field_values(self, name: str) -> list[RecordField]:
        """The fields of that name in the document's head (a field printed inside the reference list is an entry's)."""
        end = self.references[0] if self.references else float("inf")
        return [f for f in self.record_fields if f.name == name and f.start < end]


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
        if m and m.group("field") not in lay.fields and m.group("value").strip() not in ("", ":"):
            v0 = line.start + m.start("value")
            value = m.group("value").strip()
            lay.fields[m.group("field")] = Field(m.group("field"), value, v0, v0 + len(value), line)
    lay.record_fields = read_fields(text)
    named = {f.name for f in lay.record_fields} - {"abstract", "language", "url", "keywords", "pages", "on_behalf_of"}
    lay.is_record = (len(lay.fields) >= 3 or any(l.text.startswith("Research output:") for l in lines)
                     or (len(named) >= 2 and bool(named & _RECORD_FIELDS)))
    # the reference lists, found by what their lines look like; the body ends where the first begins
    body_end = len(text)
    lay.reference_lists = _without_field_lines(text, find_reference_lists(text), lay.record_fields)
    if lay.reference_lists:
        first = lay.reference_lists[0]
        lay.references = (first.start, lay.reference_lists[-1].end)
        body_end = text.rfind("\n", 0, first.heading[0] if first.heading else first.start) + 1
    for line in lines:
        if line.start < body_end and _CITE_THIS.match(line.text.strip()) and line.start > len(text) // 3:
            body_end = line.start
            break
    lay.body = (0, body_end)
    _title_and_bylines(lay, text)
    lay.abstract = _abstract(lay, text)
    lay.keywords = _bulleted_block(lines, re.compile(r"^keywords:?$", re.IGNORECASE))
    lay.subject_areas = _bulleted_block(lines, re.compile(r"^.*subject areas:?$", re.IGNORECASE))
    return lay


_RECORD_FIELDS = {"title", "authors", "editors", "journal", "host", "publisher", "doi", "isbn", "type", "institution"}
_HEAD_LINES = 80  # lines of a document's head that may hold its title and byline
_FUNCTION_END = re.compile(r"(?<![\w/])(?:and|of|for|the|in|on|to|a|an|with|from|und|der|die|das|des|für|et|de|la|le|du|y|del)$")
_DATE_ONLY = re.compile(r"^(?:\w+,?\s+)?(?:\d{1,2}\.?\s+)?(?:January|February|March|April|May|June|July|August|September|October"
                        r"|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+(?:\d{1,2},?\s+)?\d{4}$", re.I)
_ORG_LOOKING = re.compile(r"^(?:The\s+)?[A-Z][\w-]+\s+(?:of|for)\s+[A-Z]|\b(?:University|Institute|Foundation|Corporation|Council"
                          r"|Ministry|Directorate|Department|Agency|Association|Society|Press)$")
_SUBTITLE_START = re.compile(r"^(?:A|An|The|Volume|Vol\.|Part|Band|Tome|Teil)\b")


@lru_cache(maxsize=1)
def furniture_lines() -> frozenset[str]:
    return frozenset(load_json("furniture.json")["lines"])


def _without_field_lines(text: str, lists: list[ReferenceList], fields: list[RecordField]) -> list[ReferenceList]:
    """The reference lists without the entries that are a record's labelled fields ("Journal: Lakeside Review,
    2024, No 9"): a record's head, however much it looks like a reference, is no entry of a list."""
    field_lines = {f.line_start for f in fields if f.name != "citation"}
    out = []
    for found in lists:
        entries = tuple((s, e) for s, e in found.entries if text.rfind("\n", 0, s) + 1 not in field_lines)
        if len(entries) == len(found.entries):
            out.append(found)
        elif len(entries) >= 2 or (entries and found.heading):  # a lone line left over is no list
            start = found.start if found.heading else text.rfind("\n", 0, entries[0][0]) + 1
            out.append(replace(found, entries=entries, start=start))
    return out


def _title_candidate(line: Line) -> bool:
    """Could this line be (part of) a work's title? Never furniture, a field, a count, a URL or a sentence."""
    s = line.stripped
    words = s.split()
    if not s or not 1 <= len(words) <= 35 or BOILERPLATE.match(s) or _FIELD_LINE.match(line.text):
        return False
    if s.strip(" .:;|>").casefold() in furniture_lines() or re.match(r"^\d+ SES \d+", s):
        return False
    if re.fullmatch(r"[\d,.\s]+\w{0,12}", s) or re.match(r"^(?:1[5-9]|20)\d\d\s+\d", s) \
            or re.search(r"https?://|www\.|@|\|.*\|| > |>$", s) or s.endswith((":", ",", ";")):
        return False  # "8,179", "2004 32: 11 Journal", a link, a menu, a label
    if re.fullmatch(r"(?:\w\s){3,}\w", s) or not re.search(r"[^\W\d_]{3,}", s):
        return False  # "C O R P O R A T I O N"
    if s.endswith(".") and not re.search(r"\b[A-Z]\.$|\bet al\.$", s):
        return False
    if re.fullmatch(r"[^:]{1,25}:\s*\S{1,20}", s) or re.match(r"^[A-Z][A-Z0-9]  ?- ", line.text):
        return False  # "Pages: 195", "EISSN: N/A", an RIS tag
    if len(words) <= 7 and re.search(r"\d{1,4}\s*[-–|/,]\s*[^\W\d_]+\.?\s+(?:19|20)\d\d$", s):
        return False  # a journal's masthead: 'Lakeside Review 41 - December 2021'
    if re.search(r"[^\W\d_]:[^\s/]", s):
        return False  # 'Portal ID:Lee': a field glued to its value
    if _DATE_ONLY.match(s) or (s.endswith("!") and len(words) > 8):
        return False
    if re.search(r"\b(?:1[5-9]|20)\d\d\b", s) and re.search(r"[«“\"].{5,}[»”\"]|\bpp?\.?\s?\d|\bVol\b", s):
        return False  # a reference entry, not a title
    if PERIODICAL_WORDS.search(s) and _RUNNING_HEAD_TAIL.search(s):
        return False  # a journal's running head: 'Lakeside Review 27 (2019) 110–125'
    return True


#: the end of a journal's running head or citation line: a volume, maybe an issue or year in brackets, a page range
_RUNNING_HEAD_TAIL = re.compile(r"\b\d{1,4}\s*(?:\([^)]{1,10}\))?\s*[,:]?\s*(?:pp?\.\s*)?\d+\s*[-–—]\s*\d+$")


def _title_and_bylines(lay: Layout, text: str) -> None:
    """The work's title, chosen by evidence, and the bylines of the document's head.

    A line earns its place as the title by what stands around it: a byline under or over it, a
    citation line further on that repeats it; failing those, the first candidate line wins. Page
    furniture, counts, links, field lines and sentences are never candidates.
    """
    from kg.extract.affiliations import has_org_cue

    head_end = lay.references[0] if lay.references else len(text)
    content = [l for l in lay.lines[:_HEAD_LINES] if l.text.strip() and l.start < head_end]
    field_lines = {f.line_start for f in lay.record_fields}
    for line in content:
        editor_field = any(f.line_start == line.start and f.name == "editors" for f in lay.record_fields)
        if line.start in field_lines and not editor_field and not line.text.lstrip().lower().startswith(("by ", "autor", "author")):
            continue
        b = parse_byline(line.stripped)
        if b is not None:
            lay.bylines.append((line, b))
    byline_at = {l.start: b for l, b in lay.bylines}
    titled = [f for f in lay.record_fields if f.name == "title"]
    if titled:  # a title field says it outright
        f = titled[0]
        lay.title = Line(f.start, f.end, text[f.start:f.end])
        lay.title_text = f.value
        return  # no need to score lines

    # the head's dated lines (where a citation would repeat the title), folded once
    dated = [(l, re.sub(r"\s+", " ", l.stripped).casefold()) for l in content if re.search(r"\b(?:1[5-9]|20)\d\d\b", l.text)]

    def elsewhere(block: list[Line]) -> str:
        """The document's other dated lines (not the block, not lines identical to it), folded."""
        same = re.sub(r"\s+", " ", _join_title(block)).casefold()
        return "\n".join(folded for l, folded in dated if l not in block and folded != same)
    best: tuple[float, int, list[Line]] | None = None
    candidates_with_bylines: list[tuple[int, list[Line], Line]] = []
    prose = 0
    for i, line in enumerate(content):
        if len(line.stripped.split()) >= 25 and line.stripped.endswith((".", "!", "?", "”", '"')):
            prose += 1
            if prose >= 2 and best is None:
                break  # two paragraphs of running text before any candidate: the page's head is not in the text
        if line.start in byline_at or line.start in field_lines or not _title_candidate(line):
            continue
        block = [line]
        score = max(0.0, 1.5 - 0.25 * i)
        nxt = content[i + 1] if i + 1 < len(content) else None
        bonus = 3.0
        if line.stripped and _ORG_LOOKING.search(line.stripped):
            continue  # "Directorate for Learning" between a title and its byline
        if (nxt is not None and nxt.start not in byline_at and _ORG_LOOKING.search(nxt.stripped) and has_org_cue(nxt.stripped)
                and i + 2 < len(content)):
            nxt, bonus = content[i + 2], 2.0  # an organisation line between title and byline
        under = nxt if nxt is not None and nxt.start in byline_at and not byline_at[nxt.start].trailing_colon else None
        if under is not None and byline_at[under.start].role == "editor":
            candidates_with_bylines.append((i, [line], under))
        if under is not None and byline_at[under.start].role == "author":  # 'Quist, Mara; Park, Lena:' opens what follows
            score += bonus
            # a title printed over lines above the byline: 'Leading Schools for / Deeper Learning'
            j = i - 1
            while j >= 0 and _title_candidate(content[j]) and content[j].start not in byline_at and len(block) < 3:
                lower = " ".join(l.stripped for l in block)
                upper = content[j].stripped
                if len(lower.split()) <= 4 or _SUBTITLE_START.match(lower) or _FUNCTION_END.search(upper):
                    block.insert(0, content[j])
                    j -= 1
                else:
                    break
        prev = content[i - 1] if i > 0 else None
        if prev is not None and prev.start in byline_at and byline_at[prev.start].role == "author":
            score += 2.5 if (byline_at[prev.start].trailing_colon or byline_at[prev.start].labelled is False) else 1
            # a subtitle on the next line, printed with no blank line between
            if (nxt is not None and nxt.start == line.end + 1 and _title_candidate(nxt) and nxt.start not in byline_at
                    and nxt.start not in field_lines and len(nxt.stripped.split()) <= 12):
                block.append(nxt)
        joined = _join_title(block)
        words = joined.split()
        if len(words) <= 2:
            score -= 1
        elif len(words) > 20 and ":" not in joined:
            score -= 1
        if len(words) >= 5 and joined.casefold() in elsewhere(block):
            score += 2  # repeated further on, in a citation line
        if _FUNCTION_END.search(joined):
            score -= 3  # 'What Lakeside Schools Can Learn from': the title goes on
        if under is not None and byline_at[under.start].role == "author":
            candidates_with_bylines.append((i, block, under))
        if best is None or score > best[0]:
            best = (score, i, block)
    if best is not None and best[0] > 0:
        chosen = _join_title(best[2]).casefold()
        for i, block, under in candidates_with_bylines:
            if i != best[1] and _join_title(block).casefold() != chosen and len(_join_title(block).split()) >= 3:
                # up-join as for the chosen title: 'Improving X' / 'Volume 2: Y' above 'Edited by ...'
                j = content.index(block[0]) - 1
                if j >= 0 and _title_candidate(content[j]) and content[j].start not in byline_at and (
                        _SUBTITLE_START.match(block[0].stripped) or len(block[0].stripped.split()) <= 4):
                    block = [content[j]] + block
                line = block[0] if len(block) == 1 else Line(block[0].start, block[-1].end, text[block[0].start:block[-1].end])
                lay.other_works.append((_join_title(block), line, under))
        block = best[2]
        lay.title = block[0] if len(block) == 1 else Line(block[0].start, block[-1].end, text[block[0].start:block[-1].end])
        lay.title_text = _join_title(block)


@lru_cache(maxsize=1)
def _abstract_labels() -> frozenset[str]:
    return frozenset(l.casefold() for l in load_json("record_fields.json")["fields"]["abstract"]["labels"])


def _abstract(lay: Layout, text: str) -> tuple[int, int] | None:
    """The abstract's span: an abstract field's value, else the text under a heading the label table
    knows ('Abstract', 'Zusammenfassung', 'Résumé', 'Анотація') up to the next short heading line."""
    fields = [f for f in lay.record_fields if f.name == "abstract" and len(f.value) > 80]
    if fields:
        return fields[0].start, fields[0].end
    labels = _abstract_labels()
    for i, line in enumerate(lay.lines):
        if line.stripped.rstrip(":").casefold() not in labels or line.start >= lay.body[1]:
            continue
        start = end = None
        for nxt in lay.lines[i + 1:]:
            body = nxt.text.strip()
            if not body:
                continue
            if start is not None and len(body.split()) <= 4 and not body.endswith("."):
                break  # the next heading
            start = nxt.start if start is None else start
            end = nxt.end
            if len(text[start:end]) > 3000:
                break
        return (start, end) if start is not None else None
    return None


def _join_title(block: list[Line]) -> str:
    out = block[0].stripped
    for line in block[1:]:
        part = line.stripped
        glue = " " if _FUNCTION_END.search(out) or part[:1].islower() else ": "
        if out.endswith(("?", "!")) or (glue == ": " and not _SUBTITLE_START.match(part) and len(part.split()) <= 3):
            glue = " "
        out = f"{out}{glue}{part}"
    return re.sub(r"\s+", " ", out).strip()
