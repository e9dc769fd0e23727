"""Reference lists and in-text citations: lists found by `kg.extract.reflist`, entries parsed by
`kg.extract.refparse`.

Each reference becomes a publication (typed, titled, dated, with its DOI) with its authors in
order, its journal or host book, its publisher and the publisher's place; the document's work
cites it. Each in-text citation ("(Smith & Jones, 2001)", "Smith (2001)") cites the reference it
names, even with a year one keystroke off; a citation with no reference list becomes a publication
of its own (first author and year), which resolution merges with a full record of it if another
document supplies one.
"""
from __future__ import annotations

import re

from kg import gazetteer
from kg.extract import mentions as M
from kg.extract.concepts import title_subjects
from kg.extract.layout import layout
from kg.extract.citations import running_text_citations
from kg.extract.refparse import Author, Citation, Reference, find_citations, match_citation, parse_references
from kg.model import WORK, Document, Evidence, Extraction
from kg.text import fold, locate

NAME = "references"
CITES = "citations"
CONF = 0.9

_SUB_UNIT = re.compile(r"^(?P<parent>University of [A-Z][\w\-]*(?: [A-Z][\w\-]*)*?|(?:[A-Z][\w\-]* )+University)\s+"
                       r"(?P<unit>(?:Faculty|School|Department|Institute|College|Centre|Center) (?:of|for) .+)$")


def references_of(doc: Document) -> list[Reference]:
    """The parsed reference list of a document (worked out once)."""
    return doc.cached("references", lambda: _parse_references(doc))


def _parse_references(doc: Document) -> list[Reference]:
    spans = [(s, e) for found in layout(doc).reference_lists for s, e in found.entries]
    # the whole list in one call: the tagger decodes its entries together (about twice as fast)
    parsed = parse_references([doc.text[s:e] for s, e in spans], [s for s, _ in spans]) if spans else []
    kept: list[Reference] = []
    seen: set[str] = set()  # the words of the entry kept last
    for ref in parsed:
        if (ref.authors or ref.title) and _bibliographic(ref) and not (kept and _repeats(ref, kept[-1], seen)):
            kept.append(ref)
            seen = set(_words(ref.text))
    return kept


def _words(text: str) -> list[str]:
    """The folded words of three letters or more (initials and page numbers print in many ways), without
    the labels of volume, issue and pages."""
    return [w for w in (fold(w) for w in re.findall(r"[^\W_]{3,}", text)) if w not in _PART_LABELS]


_PART_LABELS = frozenset({"vol", "volume", "issue", "iss", "pages", "page", "number", "art", "article"})


def _repeats(ref: Reference, before: Reference, seen: set[str]) -> bool:
    """An entry that only says again what the entry before it (whose words are `seen`) says (a portal's detail
    lines under each reference: "(2014) Lakeside Review, vol.4, Issue.2, pp. 79-85", "Okafor, T.N.1 Lind, B.2")."""
    words = _words(ref.text)
    if not words or (ref.year, ref.year_suffix) != (before.year, before.year_suffix):
        return False
    if ref.authors and ref.title and not set(_words(ref.title)) <= seen:
        return False  # the same authors' other work of that year, in the same journal
    return sum(w in seen for w in words) >= 0.75 * len(words)


def _bibliographic(ref: Reference) -> bool:
    """A parsed entry says when or where the work appeared (a year or status, a host, a publisher, an
    identifier, ...); a line with a name and a title only ("Leading Schools: A Guide") is no reference."""
    return any((ref.year, ref.status, ref.container, ref.publisher, ref.place, ref.institution, ref.doi, ref.url,
                ref.volume, ref.pages, ref.number, ref.editors))


def _span_of(doc: Document, ref: Reference, value: str | None) -> tuple[int, int]:
    if value:
        i = doc.text.find(value, ref.start, ref.end)
        if i >= 0:
            return i, i + len(value)
    return ref.start, ref.end


def _corporate(author) -> bool:
    """An author that is an organisation: an acronym, or a name with an organisation's cue word."""
    from kg.extract.affiliations import has_org_cue

    name = author.family.strip(" .")
    return not author.given and (bool(re.fullmatch(r"[A-Z]{2,8}", name)) or has_org_cue(name))


def _add_person(ex: Extraction, doc: Document, ref: Reference, author, conf: float) -> str:
    printed = author.family
    s, e = _span_of(doc, ref, printed)
    return M.person(ex, doc, author.given, author.family, s, e, NAME, conf,
                    other_families=tuple(author.other_families))


def _publication(ex: Extraction, doc: Document, ref: Reference, n: int) -> str:
    first = ref.authors[0].family if ref.authors else None
    year = ref.year or ref.status
    label = ref.title or (f"{first} ({year})" if first else ref.text[:80])
    s, e = _span_of(doc, ref, ref.title)
    return M.mention(ex, doc, "Publication", label, s, e, NAME, CONF, key=f"pub:ref:{n}", title=ref.title,
                     kind=ref.kind, year=ref.year, doi=ref.doi)


def _institution(ex: Extraction, doc: Document, ref: Reference, pub: str) -> None:
    name = ref.institution
    s, e = _span_of(doc, ref, name)
    org = M.mention(ex, doc, "Organisation", name, s, e, NAME, 0.85)
    M.relate(ex, doc, pub, "lkg:affiliation", org, ref.start, ref.end, NAME, 0.8)
    m = _SUB_UNIT.match(name)
    if m:
        parent = m.group("parent")
        ps, pe = locate(doc.text, parent, s, e)
        pk = M.mention(ex, doc, "Organisation", parent, ps, pe, NAME, 0.85)
        M.relate(ex, doc, org, "lkg:partOf", pk, ref.start, ref.end, NAME, 0.8)


def _code_for(city: str, code: str) -> tuple[str | None, str | None]:
    """'Dordrecht, NL' / 'Boston, MA' / 'Berlin, DE': the two letters as a country or a US state,
    whichever the city is in (country_code, state)."""
    country = gazetteer.country_by_code(code) if code != "UK" else gazetteer.country_by_code("GB")
    as_state = code in gazetteer.US_STATES and (c := gazetteer.best_city(city, state=code)) is not None and c.country == "US"
    as_country = country is not None and (c := gazetteer.best_city(city, countries_in_context={country.code})) is not None \
        and c.country == country.code
    if as_country and not as_state:
        return country.code, None
    if code in gazetteer.US_STATES:
        return None, code
    return (country.code, None) if country else (None, None)


def _places(ex: Extraction, doc: Document, ref: Reference) -> list[str]:
    """The places of publication a reference prints: 'Heidelberg, London, New York', 'Dordrecht, NL',
    'Thousand Oaks, CA', 'London, UK'; each city with its country or state where the reference says it."""
    if not ref.place:
        return []
    pieces = []
    for p in re.split(r"\s*[,;/]\s*|\s+(?:and|&)\s+", ref.place.strip()):
        m = re.fullmatch(r"(.*\S)\s+([A-Z]{2})", p)  # 'Boston MA'
        pieces.extend([m.group(1), m.group(2)] if m else [p] if p else [])
    cities: list[list] = []  # [name, country, state, the span of what says the country]
    for piece in pieces:
        country = gazetteer.country_by_name(piece)
        if re.fullmatch(r"[A-Z]{2}", piece) and cities:
            code, state = _code_for(cities[-1][0], piece)
            cities[-1][1], cities[-1][2] = code or cities[-1][1], state or cities[-1][2]
            if code:  # a country's code names the country; a US state's leaves it to the gazetteer
                cities[-1][3] = _span_of(doc, ref, piece)
        elif country and cities:
            for c in cities:
                if c[1] is None:
                    c[1], c[3] = country.code, _span_of(doc, ref, piece)
        elif not country:
            cities.append([piece, None, None, None])
    keys = []
    for name, code, state, code_span in cities:
        s, e = _span_of(doc, ref, name)
        key = M.place_with_country(ex, doc, name, s, e, NAME, 0.85, country_code=code, state=state,
                                   country_span=code_span if code else None)
        if key:
            keys.append(key)
    return keys


def _reference_facts(ex: Extraction, doc: Document, ref: Reference, n: int, given_names_printed: bool = False) -> str:
    """The facts of one reference; where the list prints its authors' given names or initials
    (`given_names_printed`), a one-word author without them is a body ("Azquotes (n.d.)"), not a person."""
    pub = _publication(ex, doc, ref, n)
    r0, r1 = ref.start, ref.end

    def rel(subject, prop, obj, conf=CONF, position=None):
        M.relate(ex, doc, subject, prop, obj, r0, r1, NAME, conf, position=position)

    def lit(subject, prop, value, datatype=None):
        M.literal(ex, doc, subject, prop, value, r0, r1, NAME, CONF, datatype=datatype)

    rel(WORK, "cito:cites", pub)
    def corporate(author: Author) -> bool:
        return _corporate(author) or (given_names_printed and not author.given and len(ref.authors) == 1
                                      and " " not in author.family.strip())

    people = [a for a in ref.authors if not corporate(a)]
    for pos, author in enumerate(people, start=1):
        rel(pub, "dcterms:creator", _add_person(ex, doc, ref, author, CONF), position=pos)
    for author in ref.authors:
        if corporate(author) and not ref.publisher:
            # an organisation as author ("OECD. (2019). ..."): it publishes the work
            s, e = _span_of(doc, ref, author.family)
            rel(pub, "dcterms:publisher", M.mention(ex, doc, "Organisation", author.family, s, e, NAME, 0.8))
    if ref.year:
        lit(pub, "dcterms:issued", ref.year, "xsd:gYear")
    if ref.status:
        lit(pub, "lkg:publicationStatus", ref.status)
    if ref.doi:
        lit(pub, "bibo:doi", ref.doi)
    for prop, value in (("bibo:volume", ref.volume), ("bibo:issue", ref.issue)):
        if value:
            lit(pub, prop, value)
    if ref.pages:
        m = re.match(r"(\w+)\s*-\s*(\w+)", ref.pages)
        if m:
            lit(pub, "bibo:pageStart", m.group(1))
            lit(pub, "bibo:pageEnd", m.group(2))
    book = pub
    if ref.container and ref.kind == "JournalArticle":
        s, e = _span_of(doc, ref, ref.container)
        rel(pub, "dcterms:isPartOf", M.mention(ex, doc, "Journal", ref.container, s, e, NAME, CONF))
    elif ref.container and ref.kind in ("BookChapter", "ConferencePaper"):
        s, e = _span_of(doc, ref, ref.container)
        book = M.mention(ex, doc, "Publication", ref.container, s, e, NAME, 0.85, key=f"pub:ref:{n}:host",
                         title=ref.container, kind="Book", year=ref.year)
        rel(pub, "dcterms:isPartOf", book)
    for editor in ref.editors:
        rel(book, "bibo:editor", _add_person(ex, doc, ref, editor, 0.85))
    place_keys = _places(ex, doc, ref)
    if ref.publisher and ref.kind != "Thesis":
        s, e = _span_of(doc, ref, ref.publisher)
        org = M.mention(ex, doc, "Organisation", ref.publisher, s, e, NAME, CONF, role="publisher")
        rel(book, "dcterms:publisher", org)
        for place_key in place_keys:
            M.located_in(ex, doc, org, place_key, r0, r1, NAME, 0.8)
    if ref.institution:
        _institution(ex, doc, ref, pub)
    # what the title says the work is about, and where
    if ref.title:
        title_subjects(ex, doc, pub, *_span_of(doc, ref, ref.title), (r0, r1), NAME)
    return pub


def _stub(ex: Extraction, doc: Document, c: Citation) -> str:
    """A publication known only from an in-text citation."""
    first = c.authors[0]
    when = c.year or c.status or "n.d."
    label = f"{first}{' et al.' if c.et_al else ''}{' & ' + c.authors[1] if len(c.authors) == 2 else ''} ({when})"
    key = f"pub:cite:{fold(first)}:{when}"
    pub = M.mention(ex, doc, "Publication", label, c.start, c.end, CITES, 0.7, key=key, kind="Publication",
                    year=c.year if c.year and re.fullmatch(r"\d{4}", c.year) else None, cited_as=c.text.strip("() ;"),
                    et_al=c.et_al or None, untitled=True)
    people = [f for f in c.authors if not _corporate(Author(f))]
    for pos, family in enumerate(people, start=1):
        pk = M.person(ex, doc, "", family, *locate(doc.text, family, c.start, c.end), CITES, 0.7)
        M.relate(ex, doc, pub, "dcterms:creator", pk, c.start, c.end, CITES, 0.7, position=pos)
    if c.year and re.fullmatch(r"\d{4}", c.year):
        M.literal(ex, doc, pub, "dcterms:issued", c.year, c.start, c.end, CITES, 0.7, datatype="xsd:gYear")
    if c.status:
        M.literal(ex, doc, pub, "lkg:publicationStatus", c.status, c.start, c.end, CITES, 0.7)
    return pub


def extract(doc: Document) -> Extraction:
    ex = Extraction(doc.id)
    lay = layout(doc)
    refs = references_of(doc)
    authors = [a for ref in refs for a in ref.authors if not _corporate(a)]
    given_names_printed = len(authors) >= 5 and sum(bool(a.given) for a in authors) >= 0.8 * len(authors)
    keys = {id(ref): _reference_facts(ex, doc, ref, n, given_names_printed) for n, ref in enumerate(refs, start=1)}
    body_end = lay.references[0] if lay.references else lay.body[1]
    for c in running_text_citations(doc.text, find_citations(doc.text[:body_end]), lay.reference_lists):
        if not c.authors:
            continue
        ref = match_citation(c, refs)
        target = keys[id(ref)] if ref is not None else _stub(ex, doc, c)
        s, e = doc.sentence_at(c.start, c.end)
        ex.fact(WORK, "cito:cites", Evidence.span(doc, s, e, CITES, 0.85 if ref is not None else 0.7), object=target)
        # the name the citation uses is a name of the cited author
        if ref is not None and ref.authors:
            for family in c.authors[:1]:
                author = ref.authors[0]
                if not _corporate(author) and fold(family) in {fold(author.family), *map(fold, author.other_families)}:
                    M.person(ex, doc, author.given, author.family, *locate(doc.text, family, c.start, c.end), CITES, 0.85,
                             other_families=tuple(author.other_families))
    return ex
