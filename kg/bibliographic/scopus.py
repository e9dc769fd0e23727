"""Scopus CSV exports ("Export > CSV", all information): one row per work, the columns Scopus names
("Authors", "Author full names", "Title", "Year", "Source title", "DOI", "Affiliations",
"Authors with affiliations", "Author Keywords", "References", "Document Type", "EID", ...)."""
from __future__ import annotations

import csv
import io
import re

from kg.bibliographic import Author, Record, bare_doi, clean, split_list, year_of
from kg.bibliographic.kinds import kind
from kg.names import split_name

TAGS = {"title": "Title", "authors": "Author full names", "year": "Year", "doi": "DOI", "journal": "Source title",
        "volume": "Volume", "issue": "Issue", "page_start": "Page start", "page_end": "Page end",
        "publisher": "Publisher", "isbn": "ISBN", "keywords": "Author Keywords",
        "author_affiliations": "Authors with affiliations", "affiliations": "Affiliations", "references": "References",
        "source_id": "EID"}
REQUIRED = ("Authors", "Title", "Year")


def read(text: str, fmt: str = "scopus") -> list[Record | str]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, [])
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return [f"not a Scopus CSV export: no {', '.join(repr(c) for c in missing)} column"]
    out: list[Record | str] = []
    for n, row in enumerate((r for r in reader if any(c.strip() for c in r)), start=1):
        if len(row) != len(header):
            out.append(f"record {n} (row {n + 1}): {len(row)} columns where the header has {len(header)}; "
                       "the row was skipped")
            continue
        out.append(_record(n, dict(zip(header, row))))
    return out


def _authors(row: dict[str, str]) -> list[Author]:
    full = split_list(row.get("Author full names"))
    if full:  # 'Bell, Ann (57190000001)'
        names = [re.sub(r"\s*\(\d+\)$", "", f) for f in full]
        return [Author(*map(clean, n.partition(",")[::2])) for n in names]
    short = row.get("Authors", "")
    names = split_list(short, ";") if ";" in short else re.findall(r"[^,]+?,\s*(?:[A-Z][\w-]*\.\s*)+|[^,]+", short)
    authors = []
    for name in (clean(n).rstrip(",") for n in names):
        short = re.fullmatch(r"(.+?)\s+((?:[A-Z][a-z]?\.-?\s*)+)", name)  # 'Bell A.', 'Van der Berg J.-M.'
        given, family = (short.group(2).strip(), short.group(1).rstrip(",")) if short else split_name(name)
        authors.append(Author(family, given))
    return authors


def _record(n: int, row: dict[str, str]) -> Record:
    authors = _authors(row)
    short = [clean(s) for s in split_list(row.get("Authors"), ";")]
    for entry in split_list(row.get("Authors with affiliations")):
        for i, name in enumerate(short):
            if entry.startswith(name + ",") and i < len(authors):
                authors[i].affiliations.append(clean(entry[len(name) + 1:]))
                break
    keywords = split_list(row.get("Author Keywords")) or split_list(row.get("Index Keywords"))
    return Record(
        number=n, title=clean(row.get("Title")) or None, kind=kind("scopus", row.get("Document Type")),
        year=year_of(row.get("Year")), doi=bare_doi(row.get("DOI")), journal=clean(row.get("Source title")) or None,
        volume=clean(row.get("Volume")) or None, issue=clean(row.get("Issue")) or None,
        page_start=clean(row.get("Page start")) or None, page_end=clean(row.get("Page end")) or None,
        publisher=clean(row.get("Publisher")) or None, isbn=clean(row.get("ISBN")).split(";")[0].strip() or None,
        authors=authors, affiliations=[] if any(a.affiliations for a in authors) else split_list(row.get("Affiliations")),
        keywords=keywords, references=split_list(row.get("References")), source_id=clean(row.get("EID")) or None,
        tags=dict(TAGS),
    )
