"""Web of Science exports: plain text ("FN Clarivate ..." then two-letter field tags, continuation lines
indented, "ER" closing each record) and tab-delimited (one header row of the same tags). Full names
come from AF, affiliations from C1 ("[Bell, Ann; Okoro, Chidi] Northmoor Univ, Leeds, England"),
ORCIDs from OI, cited references from CR."""
from __future__ import annotations

import csv
import io
import re

from kg.bibliographic import Author, Record, bare_doi, clean, split_list, year_of
from kg.bibliographic.kinds import kind, wos_abbreviations

TAGS = {"title": "TI", "authors": "AF", "year": "PY", "doi": "DI", "journal": "SO", "volume": "VL", "issue": "IS",
        "page_start": "BP", "page_end": "EP", "publisher": "PU", "isbn": "BN", "keywords": "DE",
        "author_affiliations": "C1", "affiliations": "C1", "orcid": "OI", "references": "CR", "source_id": "UT"}
_MULTI = {"AU", "AF", "CR", "C1", "DE", "ID", "OI", "RI", "EM", "C3"}
_ORCID = re.compile(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]")


def read(text: str, fmt: str = "wos") -> list[Record | str]:
    fields = _plain(text) if fmt == "wos" else _tabbed(text)
    return [f if isinstance(f, str) else _record(n, f) for n, f in enumerate(fields, start=1)]


def _plain(text: str) -> list[dict[str, list[str]] | str]:
    records: list[dict[str, list[str]] | str] = []
    current: dict[str, list[str]] | None = None
    tag = None
    for line in text.splitlines():
        if not line.strip():
            continue
        head = line[:2]
        if line.startswith("   ") and current is not None and tag:
            current[tag].append(line.strip())
        elif head in ("FN", "VR", "EF"):
            continue
        elif head == "ER":
            if current is not None:
                records.append(current)
            current, tag = None, None
        elif re.fullmatch(r"[A-Z][A-Z0-9]", head) and (len(line) == 2 or line[2] == " "):
            if head == "PT" and current is not None:  # a record that never closed: keep it, start the next
                records.append(current)
                current = None
            current = current if current is not None else {}
            tag = head
            current.setdefault(tag, []).append(line[3:].strip())
        elif current is not None and tag:
            current[tag].append(line.strip())
    if current is not None:
        records.append(current)
    return [_join(r) for r in records]


def _join(fields: dict[str, list[str]]) -> dict[str, list[str]]:
    """Continuation lines: separate values for the list fields, one value otherwise."""
    out = {}
    for tag, lines in fields.items():
        if tag in _MULTI:
            values = [v for line in lines for v in (split_list(line) if tag in ("DE", "ID", "OI", "RI", "EM") else [line])]
        else:
            values = [clean(" ".join(lines))]
        out[tag] = [v for v in values if v]
    return out


def _tabbed(text: str) -> list[dict[str, list[str]] | str]:
    rows = list(csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows:
        return []
    header = [h.strip().lstrip("\ufeff") for h in rows[0]]
    out: list[dict[str, list[str]] | str] = []
    for n, row in enumerate((r for r in rows[1:] if any(c.strip() for c in r)), start=1):
        if len([c for c in row]) < len([h for h in header if h]):
            out.append(f"record {n} (row {n + 1}): {len(row)} columns where the header has {len(header)}; "
                       "the row was skipped (re-export the file as tab-delimited, UTF-8)")
            continue
        fields = {}
        for tag, cell in zip(header, row):
            if tag and cell.strip():
                fields[tag] = split_list(cell) if tag in _MULTI and tag != "C1" else [cell.strip()]
        if "C1" in fields:
            fields["C1"] = re.findall(r"(?:\[[^\]]*\]\s*)?[^;\[]+", fields["C1"][0])
        out.append(fields)
    return out


def _address(text: str) -> str:
    """An address with the words WoS shortens written out, the country (last part) as printed:
    'Northmoor Univ, Leeds, England' -> 'Northmoor University, Leeds, England'."""
    parts = text.split(", ")
    words = wos_abbreviations()
    return ", ".join([" ".join(words.get(w, w) for w in p.split(" ")) for p in parts[:-1]] + parts[-1:])


def _name(full: str) -> tuple[str, str]:
    family, _, given = full.partition(",")
    return clean(family), clean(given)


def _record(n: int, f: dict[str, list[str]]) -> Record:
    def one(tag):
        return clean(f[tag][0]) if f.get(tag) else None

    names = f.get("AF") or f.get("AU") or []
    authors = [Author(*_name(a)) for a in names]
    by_family = {}
    for a in authors:
        by_family.setdefault(a.family.casefold(), a)
    unnamed = []
    for line in f.get("C1", []):
        m = re.match(r"\s*\[([^\]]*)\]\s*(.*)", line)
        where = _address(clean((m.group(2) if m else line).rstrip(";.")))
        if not m:
            unnamed.append(where)
            continue
        for who in split_list(m.group(1)):
            family, given = _name(who)
            match = next((a for a in authors if a.family.casefold() == family.casefold()
                          and (not given or not a.given or a.given[0].casefold() == given[0].casefold())), None)
            if match is not None and where not in match.affiliations:
                match.affiliations.append(where)
    for piece in f.get("OI", []):
        who, _, number = piece.rpartition("/")
        family = _name(who)[0].casefold()
        if _ORCID.fullmatch(number.strip()) and family in by_family:
            by_family[family].orcid = number.strip()
    dt = one("DT")
    return Record(
        number=n, title=one("TI"), kind=kind("wos-doctype", dt, kind("wos", one("PT"))) if dt else kind("wos", one("PT")),
        year=year_of(one("PY")), doi=bare_doi(one("DI")), journal=_source(one("SO")), volume=one("VL"),
        issue=one("IS"), page_start=one("BP"), page_end=one("EP"), publisher=one("PU"), isbn=one("BN"),
        authors=authors, affiliations=unnamed, keywords=f.get("DE", []), references=f.get("CR", []),
        source_id=one("UT"), tags=dict(TAGS),
    )


def _source(name: str | None) -> str | None:
    """WoS prints source titles in capitals ('JOURNAL OF RURAL SCHOOL STUDIES'): title case them."""
    if not name or not name.isupper():
        return name
    small = {"of", "and", "in", "the", "for", "on", "to", "a", "an", "at", "de", "la"}
    words = name.lower().split()
    return " ".join(w if i and w in small else w[:1].upper() + w[1:] for i, w in enumerate(words))
