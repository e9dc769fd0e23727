"""BibTeX and BibLaTeX (Zotero, EndNote, JabRef, WoS and Scopus BibTeX exports), read with bibtexparser 2.
An entry that does not parse is reported with its number and line; the others are read. WoS writes
the cited references (`Cited-References`, one a line), affiliations and ORCIDs (`ORCID-Numbers`)."""
from __future__ import annotations

import logging
import re

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.model import Entry, ParsingFailedBlock

from kg.bibliographic import Author, Record, bare_doi, clean, pages, split_list, year_of
from kg.bibliographic.kinds import kind

TAGS = {"title": "title", "authors": "author", "year": "year", "doi": "doi", "journal": "journal",
        "volume": "volume", "issue": "number", "page_start": "pages", "page_end": "pages", "publisher": "publisher",
        "isbn": "isbn", "keywords": "keywords", "affiliations": "affiliation", "references": "cited-references",
        "orcid": "orcid-numbers", "source_id": "unique-id"}
_ORCID = re.compile(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]")


def read(text: str, fmt: str = "bibtex") -> list[Record | str]:
    splitter = logging.getLogger("bibtexparser")
    level = splitter.level
    splitter.setLevel(logging.ERROR)  # its warning for a broken entry is the one line we report below
    try:
        library = bibtexparser.parse_string(text, append_middleware=[
            middlewares.LatexDecodingMiddleware(), middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()])
    finally:
        splitter.setLevel(level)
    out: list[Record | str] = []
    n = 0
    for block in library.blocks:
        if isinstance(block, ParsingFailedBlock):
            n += 1
            why = clean(getattr(block.error, "abort_reason", None) or block.error or "syntax error").rstrip(".")[:120]
            out.append(f"record {n} (line {block.start_line + 1}): the BibTeX entry does not parse ({why}); it was skipped")
        elif isinstance(block, Entry):
            n += 1
            out.append(_record(n, block))
    return out


def _value(entry: Entry, name: str) -> str:
    for key, fld in entry.fields_dict.items():
        if key.lower() == name:
            return clean(re.sub(r"[{}]", "", str(fld.value))) if not isinstance(fld.value, list) else fld.value
    return ""


def _record(n: int, entry: Entry) -> Record:
    names = _value(entry, "author") or []
    authors = [Author(clean(" ".join(p.von + p.last)).strip("{}"), clean(" ".join(p.first)).strip("{}"))
               for p in names if not isinstance(p, str)]
    orcids = _value(entry, "orcid-numbers")
    for piece in split_list(orcids):
        who, _, number = piece.rpartition("/")
        if _ORCID.fullmatch(number.strip()):
            family = clean(who.split(",")[0])
            for a in authors:
                if a.family.casefold() == family.casefold() and a.orcid is None:
                    a.orcid = number.strip()
                    break
    first, last = pages(_value(entry, "pages"))
    keywords = _value(entry, "keywords")
    sep = ";" if ";" in keywords else ","
    refs = _value(entry, "cited-references")
    raw_refs = next((str(f.value) for k, f in entry.fields_dict.items() if k.lower() == "cited-references"), "")
    return Record(
        number=n, title=_value(entry, "title") or None, kind=kind("bibtex", entry.entry_type),
        year=year_of(_value(entry, "year") or _value(entry, "date")), doi=bare_doi(_value(entry, "doi")),
        journal=_value(entry, "journal") or _value(entry, "journaltitle") or _value(entry, "booktitle") or None,
        volume=_value(entry, "volume") or None, issue=_value(entry, "number") or _value(entry, "issue") or None,
        page_start=first, page_end=last, publisher=_value(entry, "publisher") or None, isbn=_value(entry, "isbn") or None,
        authors=authors, affiliations=split_list(_value(entry, "affiliation")) if _value(entry, "affiliation") else [],
        keywords=split_list(keywords, sep), references=[clean(r) for r in raw_refs.split("\n") if clean(r)] if refs else [],
        source_id=_value(entry, "unique-id") or entry.key, tags=dict(TAGS),
    )
