"""OpenAlex works, as the API or its snapshot gives them: a JSON page (`results`), an array, or JSON Lines.
Authors come in `authorships` order with their ORCID, institutions and countries; cited works are the
OpenAlex ids in `referenced_works`, linked to the works of the same export."""
from __future__ import annotations

from kg.bibliographic import Author, Record, bare_doi, clean, read_json_records
from kg.bibliographic.kinds import kind
from kg.names import split_name

TAGS = {"title": "title", "authors": "authorships.author", "year": "publication_year", "doi": "doi",
        "journal": "primary_location.source", "volume": "biblio.volume", "issue": "biblio.issue",
        "page_start": "biblio.first_page", "page_end": "biblio.last_page", "publisher": "host_organization",
        "keywords": "keywords", "author_affiliations": "authorships.institutions", "orcid": "authorships.author.orcid",
        "cited_ids": "referenced_works", "source_id": "id"}


def read(text: str, fmt: str = "openalex") -> list[Record | str]:
    return read_json_records(text, _record, lambda work: work.get("title") or work.get("display_name"),
                             "an OpenAlex work (no title)")


def _institution(inst: dict) -> str:
    name = clean(inst.get("display_name"))
    code = clean(inst.get("country_code"))
    return f"{name}, {code}" if name and code else name


def _record(n: int, work: dict) -> Record:
    authors = []
    for a in work.get("authorships") or []:  # in printed order
        person = a.get("author") or {}
        given, family = split_name(clean(person.get("display_name") or a.get("raw_author_name")))
        if not family:
            continue
        orcid = clean(person.get("orcid")).rsplit("/", 1)[-1] or None
        affs = [_institution(i) for i in a.get("institutions") or []] or [clean(s) for s in a.get("raw_affiliation_strings") or []]
        authors.append(Author(family, given, orcid, [x for x in affs if x]))
    source = ((work.get("primary_location") or {}).get("source") or {})
    biblio = work.get("biblio") or {}
    keywords = [clean(k.get("display_name")) for k in work.get("keywords") or [] if isinstance(k, dict)]
    return Record(
        number=n, title=clean(work.get("title") or work.get("display_name")), kind=kind("openalex", work.get("type")),
        year=clean(work.get("publication_year")) or None, doi=bare_doi(work.get("doi")),
        journal=clean(source.get("display_name")) or None, volume=clean(biblio.get("volume")) or None,
        issue=clean(biblio.get("issue")) or None, page_start=clean(biblio.get("first_page")) or None,
        page_end=clean(biblio.get("last_page")) or None,
        publisher=clean(source.get("host_organization_name")) or None, authors=authors,
        keywords=[k for k in keywords if k], cited_ids=[clean(w) for w in work.get("referenced_works") or [] if clean(w)],
        source_id=clean(work.get("id")) or None, tags=dict(TAGS),
    )
