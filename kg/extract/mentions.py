"""Helpers every extractor uses to add mentions and facts to its Extraction, so keys and
evidence are made one way: one mention per thing per extractor and document, its name spans
collected as evidence.
"""
from __future__ import annotations

from kg import gazetteer
from kg.model import Document, Evidence, Extraction, Mention
from kg.names import initials, normalise_given
from kg.text import clean_label, fold, name_key


def _ensure(ex: Extraction, key: str, make) -> Mention:
    if key not in ex.index:
        ex.add(make())
    return ex.index[key]


def _spans(ex: Extraction, m: Mention) -> set[tuple[int, int]]:
    """The (start, end) of a mention's evidence, kept beside the extraction so a mention quoted a
    thousand times (a journal in a long reference list) is not scanned once per quote."""
    count, spans = ex.spans.get(m.key, (-1, set()))
    if count != len(m.evidence):  # evidence appended elsewhere: read it again
        spans = {(x.start, x.end) for x in m.evidence}
        ex.spans[m.key] = (len(m.evidence), spans)
    return spans


def mention(ex: Extraction, doc: Document, cls: str, label: str, start: int, end: int, extractor: str,
            confidence: float, *, key: str | None = None, aliases: list[str] | None = None, **attrs) -> str:
    """Add (or extend) the mention of one named thing; return its key."""
    label = clean_label(label) if cls != "Publication" else label.strip()
    key = key or f"{cls.lower()}:{name_key(label)}"
    ev = Evidence.span(doc, start, end, extractor, confidence)
    m = _ensure(ex, key, lambda: Mention(key, cls, label, doc.id))
    spans = _spans(ex, m)
    if (ev.start, ev.end) not in spans:
        m.evidence.append(ev)
        spans.add((ev.start, ev.end))
        ex.spans[m.key] = (len(m.evidence), spans)
    for a in aliases or []:
        a = clean_label(a)
        if a and a != m.label and a not in m.aliases:
            m.aliases.append(a)
    for k, v in attrs.items():
        if v is not None and v != "" and k not in m.attrs:
            m.attrs[k] = v
    return key


def person(ex: Extraction, doc: Document, given: str, family: str, start: int, end: int, extractor: str,
           confidence: float, *, other_families: tuple[str, ...] = (), printed: str | None = None) -> str:
    given = normalise_given(given)
    family = clean_label(family)
    if not family:
        raise ValueError("a person needs a family name")
    key = f"person:{fold(family)}:{''.join(initials(given))}"
    label = f"{given} {family}".strip()
    aliases = [printed] if printed and clean_label(printed) != label else []
    k = mention(ex, doc, "Person", label, start, end, extractor, confidence, key=key, aliases=aliases,
                family=family, given=given)
    if other_families:
        m = ex.index[k]
        m.attrs["other_families"] = tuple(dict.fromkeys((*m.attrs.get("other_families", ()), *other_families)))
    return k


def country(ex: Extraction, doc: Document, code: str, start: int, end: int, extractor: str, confidence: float,
            printed: str | None = None) -> str:
    c = gazetteer.country_by_code(code)
    aliases = [printed] if printed and printed != c.name else []
    return mention(ex, doc, "Country", c.name, start, end, extractor, confidence, key=f"country:{code}",
                   aliases=aliases, code=code)


def place(ex: Extraction, doc: Document, name: str, start: int, end: int, extractor: str, confidence: float,
          *, country_code: str | None = None, geonames: str | None = None) -> str:
    aliases = [geonames] if geonames and geonames != clean_label(name) else []
    return mention(ex, doc, "Place", name, start, end, extractor, confidence, aliases=aliases,
                   country=country_code)


def located_in(ex: Extraction, doc: Document, subject: str, obj: str, start: int, end: int, extractor: str,
               confidence: float) -> None:
    ex.fact(subject, "lkg:locatedIn", Evidence.span(doc, start, end, extractor, confidence), object=obj)


def literal(ex: Extraction, doc: Document, subject: str, predicate: str, value: str, start: int, end: int,
            extractor: str, confidence: float, datatype: str | None = None) -> None:
    ex.fact(subject, predicate, Evidence.span(doc, start, end, extractor, confidence), value=value, datatype=datatype)


def relate(ex: Extraction, doc: Document, subject: str, predicate: str, obj: str, start: int, end: int,
           extractor: str, confidence: float, position: int | None = None) -> None:
    ex.fact(subject, predicate, Evidence.span(doc, start, end, extractor, confidence), object=obj, position=position)


def affiliation_parts(ex: Extraction, doc: Document, aff, span: tuple[int, int], extractor: str,
                      part_of: list[tuple[int, int]] | None = None) -> list[str | None]:
    """The mentions of an affiliation's parts (`kg.extract.affiliations.Affiliation`), with the part-of
    and located-in links their order implies, quoting `span`; the keys in the order of `aff.parts`.
    `part_of` defaults to the order's links and the parents named inside a unit's name."""
    keys: list[str | None] = []
    for i, part in enumerate(aff.parts):
        if part.kind == "Organisation":
            keys.append(mention(ex, doc, "Organisation", part.name, part.start, part.end, extractor, 0.9))
        elif part.kind == "Country":
            keys.append(country(ex, doc, part.code, part.start, part.end, extractor, 0.9, printed=part.name))
        else:
            nxt = aff.parts[i + 1] if i + 1 < len(aff.parts) else None
            code = nxt.code if nxt is not None and nxt.kind == "Country" else None
            keys.append(place_with_country(ex, doc, part.name, part.start, part.end, extractor, 0.9, country_code=code))
    for child, parent in (aff.part_of + aff.embedded) if part_of is None else part_of:
        relate(ex, doc, keys[child], "lkg:partOf", keys[parent], span[0], span[1], extractor, 0.85)
    for thing, where in aff.located_in:
        if keys[thing] and keys[where]:
            located_in(ex, doc, keys[thing], keys[where], span[0], span[1], extractor, 0.85)
    return keys


def place_with_country(ex: Extraction, doc: Document, name: str, start: int, end: int, extractor: str,
                       confidence: float, *, country_code: str | None = None, country_span: tuple[int, int] | None = None,
                       context_countries: set[str] = frozenset(), state: str | None = None) -> str | None:
    """A city or region, with lkg:locatedIn its country: from the text ("Lakeside, UK") when it says,
    else from GeoNames. Returns the place key, or None when the name is a country."""
    if gazetteer.country_by_name(name):
        return None
    city = gazetteer.best_city(name, countries_in_context=set(context_countries) | ({country_code} if country_code else set()), state=state)
    if country_code is None and state in gazetteer.US_STATES:
        country_code = "US"
    if city and country_code and city.country != country_code:
        city = None
    pk = place(ex, doc, name, start, end, extractor, confidence,
               country_code=country_code or (city.country if city else None),
               geonames=city.name if city else None)
    if country_code and country_span and gazetteer.country_by_code(country_code) is not None:
        ck = country(ex, doc, country_code, country_span[0], country_span[1], extractor, confidence,
                     printed=doc.text[country_span[0]:country_span[1]])
        located_in(ex, doc, pk, ck, start, country_span[1], extractor, confidence)
    elif city and not country_code and gazetteer.country_by_code(city.country) is not None:
        # a code ISO 3166 does not list (GeoNames' XK) gives no country, never an error
        ck = country(ex, doc, city.country, start, end, "gazetteer", 0.8)
        located_in(ex, doc, pk, ck, start, end, "gazetteer", 0.8)
    return pk
