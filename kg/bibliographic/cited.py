"""Cited references as exports print them: Web of Science's short form ("Bell A, 2015, J SCH LEADERSH,
V25, P311, DOI 10.1/x"), read field by field, and every other form (Scopus's "Bell, A., Title (2015)
Journal, 25 (3), pp. 311-330.", APA, ...), read by the project's reference parser in one batch.

>>> ref = parse_wos_reference("Bell A, 2015, J SCH LEADERSH, V25, P311, DOI 10.5555/x.1", 0)
>>> ref.authors[0].family, ref.authors[0].given, ref.year, ref.volume, ref.doi
('Bell', 'A.', '2015', '25', '10.5555/x.1')
"""
from __future__ import annotations

import re

from kg.bibliographic import bare_doi
from kg.extract.refparse import Author, Reference, parse_references
from kg.names import normalise_given

_WOS = re.compile(r"^(?P<author>[^,]{1,80}), (?P<year>1[5-9]\d\d|20\d\d), (?P<source>[^,]+)"
                  r"(?:, V(?P<volume>[^,]+))?(?:, P(?P<page>[^,]+))?(?:, DOI (?P<doi>.+))?$")


def is_wos_reference(text: str) -> bool:
    return bool(_WOS.match(text))


def parse_wos_reference(text: str, start: int) -> Reference:
    """One WoS cited reference: first author, year, source (abbreviated), volume, first page, DOI."""
    m = _WOS.match(text)
    ref = Reference(text, start, start + len(text))
    if m is None:
        return ref
    author = m.group("author").strip()
    if not author.startswith("["):  # '[Anonymous]'
        family, _, initials = author.rpartition(" ")
        if family and re.fullmatch(r"[A-Z]{1,4}", initials):
            ref.authors = [Author(family, normalise_given(" ".join(initials)))]
        else:
            ref.authors = [Author(author)]
    ref.year = m.group("year")
    ref.volume = m.group("volume")
    ref.pages = m.group("page")
    ref.doi = bare_doi((m.group("doi") or "").strip("[]").split(",")[0])
    ref.kind = "JournalArticle" if ref.volume else "Publication"
    return ref


def parse_cited(texts: list[str], starts: list[int]) -> list[Reference]:
    """Each reference parsed, in order, with offsets from `starts`."""
    out: list[Reference | None] = [None] * len(texts)
    other = []
    for i, t in enumerate(texts):
        if is_wos_reference(t):
            out[i] = parse_wos_reference(t, starts[i])
        else:
            other.append(i)
    if other:
        for i, ref in zip(other, parse_references([texts[i] for i in other], [starts[i] for i in other])):
            out[i] = ref
    return [r for r in out if r is not None]
