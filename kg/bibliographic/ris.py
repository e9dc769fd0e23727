"""RIS (Zotero, EndNote, Mendeley, Scopus and WoS "RIS" exports), read with rispy, one record at a time
so that a broken record costs only itself. Cited references: WoS-style `CR` lines, or Scopus's
"References:" note."""
from __future__ import annotations

import re

import rispy

from kg.bibliographic import Author, Record, bare_doi, clean, split_list, year_of
from kg.bibliographic.kinds import kind
from kg.names import split_name

TAGS = {"title": "TI", "authors": "AU", "year": "PY", "doi": "DO", "journal": "T2", "volume": "VL", "issue": "IS",
        "page_start": "SP", "page_end": "EP", "publisher": "PB", "isbn": "SN", "keywords": "KW",
        "affiliations": "AD", "references": "CR", "source_id": "ID"}
_END = re.compile(r"^ER  -.*$", re.MULTILINE)


def _chunks(text: str) -> list[str]:
    parts, last = [], 0
    for m in _END.finditer(text):
        parts.append(text[last:m.end()])
        last = m.end()
    if text[last:].strip():
        parts.append(text[last:])
    return [p for p in parts if p.strip()]


def read(text: str, fmt: str = "ris") -> list[Record | str]:
    out: list[Record | str] = []
    for n, chunk in enumerate(_chunks(text), start=1):
        try:
            entries = rispy.loads(chunk.strip() + "\n", list_tags=[*rispy.LIST_TYPE_TAGS, "AD"])
        except Exception as exc:  # rispy raises IOError and others on a malformed record
            out.append(f"record {n}: not a RIS record ({clean(exc)[:100]}); it was skipped")
            continue
        if len(entries) != 1 or not entries[0].get("type_of_reference"):
            out.append(f"record {n}: not a RIS record (no 'TY  -' line); it was skipped")
            continue
        out.append(_record(n, entries[0]))
    return out


def _record(n: int, e: dict) -> Record:
    names = e.get("authors") or e.get("first_authors") or []
    authors = [Author(family, given) for given, family in (split_name(clean(a)) for a in names)]
    first, last = clean(e.get("start_page")), clean(e.get("end_page"))
    unknown = e.get("unknown_tag") or {}
    refs = [clean(r) for r in unknown.get("CR", [])]
    for note in e.get("notes") or []:
        if clean(note).startswith("References:"):
            refs += split_list(clean(note)[len("References:"):])
    isbn = clean(e.get("issn"))
    return Record(
        number=n, title=clean(e.get("title") or e.get("primary_title")) or None,
        kind=kind("ris", e.get("type_of_reference")), year=year_of(e.get("year") or e.get("publication_year") or e.get("date")),
        doi=bare_doi(e.get("doi")),
        journal=clean(e.get("secondary_title") or e.get("journal_name") or e.get("alternate_title3")) or None,
        volume=clean(e.get("volume")) or None, issue=clean(e.get("number")) or None,
        page_start=first or None, page_end=last or None, publisher=clean(e.get("publisher")) or None,
        isbn=isbn if len(re.sub(r"\D", "", isbn)) in (10, 13) else None, authors=authors,
        affiliations=[clean(a) for a in e.get("author_address") or [] if clean(a)],
        keywords=[clean(k) for k in e.get("keywords") or [] if clean(k)], references=[r for r in refs if r],
        source_id=clean(e.get("id")) or None, tags=dict(TAGS),
    )
