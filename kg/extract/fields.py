"""Record fields wherever a page prints them: 'Label: value' in several languages, Dublin Core keys
('dc.contributor.author Lee, Ann en'), RIS tags ('AU  - Park, Lena'), and a label alone on
its line with the value under it. The labels are data (`kg/data/record_fields.json`), each under
the field it names, so a new portal or language is a line of data, not code.

>>> from kg.model import Document
>>> doc = Document("d", "d.txt", "A title\\nPublisher: Routledge\\nAU  - Lee, Ann\\n", "", "text/plain")
>>> [(f.name, f.value) for f in read_fields(doc.text)]
[('publisher', 'Routledge')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.data import load_json

#: fields whose label may stand alone on a line with the value on the next line
_ALONE_OK = {"publisher", "doi", "isbn", "issn", "editors", "authors", "institution", "date"}


@dataclass(frozen=True)
class RecordField:
    name: str  # the field it is ("authors", "date", ...)
    label: str  # as printed ("Автор", "AU", "dc.contributor.author")
    value: str
    start: int  # offsets of the value in the text
    end: int
    line_start: int
    line_end: int


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str], re.Pattern[str], re.Pattern[str], frozenset[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    data = load_json("record_fields.json")
    labels: dict[str, str] = {}
    ris: dict[str, str] = {}
    for name, spec in data["fields"].items():
        for label in spec["labels"]:
            labels.setdefault(label.casefold(), name)
        for tag in spec["ris"]:
            ris.setdefault(tag, name)
    ordered = sorted(labels, key=len, reverse=True)
    alternation = "|".join(re.escape(l) for l in ordered)
    # possessive runs and greedy values on right-stripped lines: linear time on lines of any width
    colon = re.compile(rf"^[ \t•·*-]*+(?P<label>{alternation})[ \t]*+:[ \t]*+(?P<value>.*)$", re.I)
    alone = re.compile(rf"^[ \t]*+(?P<label>{alternation})[ \t]*+:?$", re.I)
    dates = "|".join(re.escape(l) for l in sorted(data["fields"]["date"]["labels"], key=len, reverse=True))
    # a date label needs no colon when a date follows: 'First published online March 3, 2021'
    dated = re.compile(rf"^[ \t•·*-]*+(?P<label>{dates})[ \t]++(?:on[ \t]++)?(?P<value>(?:\d{{1,2}}\.?[ \t]+)?[^\W\d_]{{3,}}\.?"
                       rf"[ \t]++(?:\d{{1,2}},?[ \t]++)?(?:19|20)\d\d|(?:19|20)\d\d(?:-\d\d-\d\d)?)$")
    cut = re.compile(rf"[ \t]++\|[ \t]++|,[ \t]++(?=(?:{alternation})[ \t]*+:\s)", re.I)
    # 'Pub. Location London', 'eBook ISBN 9781...', 'DOI https://doi.org/...': a label with no colon, where
    # the label is several words or the value is of the label's kind
    spaced = re.compile(rf"^[ \t•·*-]*+(?P<label>{alternation})[ \t]++(?P<value>\S.*)$", re.I)
    return labels, ris, colon, alone, frozenset(v.casefold() for v in data["not_a_value"]), dated, cut, spaced


_RIS_LINE = re.compile(r"^(?P<tag>[A-Z][A-Z0-9])  ?- ?(?P<value>.*)$")
_DOTTED = re.compile(r"^[ \t]*+(?P<label>(?:dc|dcterms|thesis|citation)\.[a-z][\w.]*+)[ \t]++(?P<value>\S.*)$")
_LANGUAGE_TAG = re.compile(r"[ \t]++(?:[a-z]{2}(?:_[A-Z]{2})?|\*)$")  # DSpace's 'en', 'en_US' after a value
#: longer lines are running text, never a record field
_MAX_FIELD_LINE = 1000


def _lines(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append((pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


def read_fields(text: str) -> list[RecordField]:
    """Every labelled field of a text, in the order printed."""
    labels, ris, colon, alone, not_a_value, dated, cut, spaced = _tables()
    lines = _lines(text)
    ris_lines = sum(1 for _, _, t in lines if (m := _RIS_LINE.match(t)) and m.group("tag") in ris)
    is_ris = ris_lines >= 3 and any(t.startswith(("TY  -", "TY -")) for _, _, t in lines)
    out: list[RecordField] = []

    def add(name, label, value, v0, ls, le):
        if name is None:
            return
        v0 += len(value) - len(value.lstrip())
        value = value.strip()
        if not value or value.casefold() in not_a_value:
            return
        if value.startswith(("http://", "https://", "www.")) and name not in ("url", "doi"):
            return  # "Published by: http://..." names a site, not the field's value
        out.append(RecordField(name, label, value, v0, v0 + len(value), ls, le))

    def field_of(label: str) -> str | None:
        # 'İSBN'.casefold() is not 'isbn': a label the pattern matched may still miss the table
        return labels.get(label.casefold()) or labels.get(label.lower())

    def add_items(name, label, items) -> int:
        """One field per list item (each on its own line); returns how many lines they take."""
        for vs, ve, start, item in items:
            add(name, label, item, start, vs, ve)
        return len(items)

    i = 0
    while i < len(lines):
        ls, le, t = lines[i]
        t = t.rstrip()
        i += 1
        if len(t) > _MAX_FIELD_LINE:
            continue
        if is_ris and (m := _RIS_LINE.match(t)):
            if m.group("tag") in ris:
                add(ris[m.group("tag")], m.group("tag"), m.group("value"), ls + m.start("value"), ls, le)
            continue
        if m := _DOTTED.match(t):
            value = _LANGUAGE_TAG.sub("", m.group("value"))
            add(field_of(m.group("label")), m.group("label"), value, ls + m.start("value"), ls, le)
            continue
        segments = _segments(t, colon, cut)
        if len(segments) > 1:  # 'Pages 45-67 | Received 12 Jan 2024, Published online: 06 Jun 2024'
            for s0, seg in segments:
                if (m := colon.match(seg)) or (m := dated.match(seg)):
                    add(field_of(m.group("label")), m.group("label"), m.group("value"), ls + s0 + m.start("value"),
                        ls, le)
            continue
        if m := dated.match(t):
            add(field_of(m.group("label")), m.group("label"), m.group("value"), ls + m.start("value"), ls, le)
            continue
        if not colon.match(t) and (m := spaced.match(t)) and _typed(field_of(m.group("label")), m.group("label"),
                                                                     m.group("value")):
            add(field_of(m.group("label")), m.group("label"), m.group("value"), ls + m.start("value"), ls, le)
            continue
        if m := colon.match(t):
            name = field_of(m.group("label"))
            value = m.group("value").strip()
            if value not in ("", ":"):
                v0 = ls + m.start("value")
                if name in _LISTED and (mark := _ITEM_MARK.match(m.group("value"))):
                    # "Authors: 1. Ana Okafor" and the list's further items on the lines below
                    add(name, m.group("label"), m.group("value")[mark.end():], v0 + mark.end(), ls, le)
                    i += add_items(name, m.group("label"), _list_items(lines, i))
                    continue
                add(name, m.group("label"), value, v0, ls, le)
                continue
            m = alone.match(t[: m.start("value")].rstrip(" :") + ":")
        if (m := m if m and m.re is alone else alone.match(t)) and (field_of(m.group("label")) in _ALONE_OK or " " in m.group("label").strip()):
            # the value on the next content line (a lone ':' between them is skipped)
            j = i
            while j < len(lines) and lines[j][2].strip() in ("", ":"):
                j += 1
            if j < len(lines) and j - i <= 4:
                vs, ve, vt = lines[j]
                name = field_of(m.group("label"))
                items = _list_items(lines, j) if name in _LISTED else []
                if items:  # "Authors:" over a numbered or bulleted list, one name an item
                    i = j + add_items(name, m.group("label"), items)
                elif not colon.match(vt) and not alone.match(vt) and len(vt.split()) <= 15:
                    lead = len(vt) - len(vt.lstrip())
                    add(name, m.group("label"), vt, vs + lead, ls, ve)
                    i = j + 1
    return out


#: fields whose values a page may print as a list under the label, one item a line
_LISTED = frozenset({"authors", "editors", "supervisors", "keywords"})
#: a list item's mark: "1.", "2)", "•", "-", "*"
_ITEM_MARK = re.compile(r"[ \t]*(?:\d{1,3}[.)]|[•·*‣▪–-])[ \t]+(?=\S)")


def _list_items(lines: list[tuple[int, int, str]], j: int) -> list[tuple[int, int, int, str]]:
    """(line start, line end, item start, item text) of the list item lines from line `j` on, one after another."""
    out = []
    while j < len(lines) and (m := _ITEM_MARK.match(lines[j][2])) and len(lines[j][2].split()) <= 12:
        vs, ve, vt = lines[j]
        out.append((vs, ve, vs + m.end(), vt[m.end():].rstrip()))
        j += 1
    return out


_TYPED = {
    "doi": re.compile(r"(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?10\.\d{4,9}/\S+$", re.I),
    "isbn": re.compile(r"(?:97[89][-\s]?)?(?:\d[-\s]?){9}[\dXx]$"),
    "issn": re.compile(r"\d{4}-\d{3}[\dXx]$"),
}


def _typed(name: str, label: str, value: str) -> bool:
    """Whether a label with no colon ('DOI https://...', 'First Published 2019') really opens a field."""
    if name in _TYPED:
        return bool(_TYPED[name].match(value.strip()))
    if name == "date":
        return bool(re.search(r"\b(?:19|20)\d\d\b", value)) and len(value.split()) <= 5
    several = " " in label.strip() or "." in label
    return several and name in ("place", "publisher", "institution", "type", "pages") and len(value.split()) <= 8 \
        and value[:1].isupper() or (name == "publisher" and label.casefold() == "imprint" and len(value.split()) <= 4)


def _segments(line: str, colon: re.Pattern[str], cut: re.Pattern[str]) -> list[tuple[int, str]]:
    """A line of several fields, cut at ' | ' and at ', ' before a known label and its colon: (offset, segment)."""
    out, pos = [], 0
    for m in cut.finditer(line):
        out.append((pos, line[pos:m.start()]))
        pos = m.end()
    if not out:
        return [(0, line)]
    out.append((pos, line[pos:]))
    pieces = [(s, seg) for s, seg in out if seg.strip()]
    return pieces if any(colon.match(seg) for _, seg in pieces) else [(0, line)]


def field_kind(type_value: str) -> str | None:
    """A record's printed type ('Journal Articles', 'JOUR', 'Aufsatz', 'Thesis (EdD)') -> a publication kind."""
    for pattern, kind in load_json("record_fields.json")["type_kinds"]:
        if re.search(pattern, type_value, re.I):
            return kind
    return None
