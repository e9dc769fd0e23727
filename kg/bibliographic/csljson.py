"""CSL-JSON (Zotero "Better CSL JSON", Mendeley, citeproc, and Crossref's works, which add each author's
`affiliation` and `ORCID` and the work's `reference` list)."""
from __future__ import annotations

from kg.bibliographic import Author, Record, bare_doi, clean, pages, read_json_records, split_list, year_of
from kg.bibliographic.kinds import kind

TAGS = {"title": "title", "authors": "author", "year": "issued", "doi": "DOI", "journal": "container-title",
        "volume": "volume", "issue": "issue", "page_start": "page", "page_end": "page", "publisher": "publisher",
        "isbn": "ISBN", "keywords": "keyword", "affiliations": "affiliation", "author_affiliations": "author.affiliation",
        "orcid": "author.ORCID", "references": "reference.unstructured", "cited_ids": "reference.DOI",
        "source_id": "id"}


def _text(value) -> str:
    if isinstance(value, list):  # Crossref gives titles and containers as lists
        value = value[0] if value else ""
    return clean(value)


def _year(item: dict) -> str | None:
    for key in ("issued", "published-print", "published", "created"):
        parts = (item.get(key) or {}).get("date-parts") if isinstance(item.get(key), dict) else None
        if parts and parts[0] and parts[0][0]:
            return year_of(parts[0][0])
        if isinstance(item.get(key), dict) and item[key].get("raw"):
            return year_of(item[key]["raw"])
    return None


def read(text: str, fmt: str = "csljson") -> list[Record | str]:
    return read_json_records(text, _record, lambda item: item.get("title") or item.get("author"),
                             "a CSL-JSON item (no title and no author)")


def _record(n: int, item: dict) -> Record:
    authors = []
    for a in item.get("author") or []:
        family = clean(a.get("family") or a.get("literal") or a.get("name"))
        if not family:
            continue
        affs = [clean(x.get("name") if isinstance(x, dict) else x) for x in a.get("affiliation") or []]
        orcid = clean(a.get("ORCID") or a.get("orcid")).rsplit("/", 1)[-1] or None
        authors.append(Author(family, clean(a.get("given")), orcid, [x for x in affs if x]))
    first, last = pages(_text(item.get("page")))
    keywords = item.get("keyword") or ""
    keywords = split_list(keywords, ";" if ";" in keywords else ",") if isinstance(keywords, str) else [clean(k) for k in keywords]
    refs, cited = [], []
    for ref in item.get("reference") or []:
        if ref.get("DOI"):
            cited.append(bare_doi(ref["DOI"]) or clean(ref["DOI"]))
        elif ref.get("unstructured"):
            refs.append(clean(ref["unstructured"]))
    isbn = item.get("ISBN")
    return Record(
        number=n, title=_text(item.get("title")) or None, kind=kind("csljson", item.get("type")), year=_year(item),
        doi=bare_doi(item.get("DOI")), journal=_text(item.get("container-title")) or None,
        volume=clean(item.get("volume")) or None, issue=clean(item.get("issue")) or None, page_start=first, page_end=last,
        publisher=clean(item.get("publisher")) or None, isbn=_text(isbn) or None, authors=authors,
        keywords=[k for k in keywords if k], references=refs, cited_ids=cited, source_id=clean(item.get("id")) or None,
        tags=dict(TAGS),
    )
