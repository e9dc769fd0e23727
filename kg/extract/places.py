"""Countries and places. Countries by their names (pycountry, with everyday aliases); cities and
regions where spaCy tags a place and GeoNames knows it, or where the text says "City, Country".
Reference lists are left to `kg.extract.references`, which reads their places from structure.
"""
from __future__ import annotations

import re
from collections import Counter

from kg import gazetteer
from kg.extract import mentions as M
from kg.extract.affiliations import has_org_cue
from kg.extract.layout import is_furniture, layout
from kg.names import is_name_token
from kg.model import WORK, Document, Evidence, Extraction

NAME = "places"
CONF_COUNTRY = 0.9
CONF_PLACE = 0.8

_CITY_COUNTRY = re.compile(r"\b([A-Z][a-zA-Z'’\-]+(?: [A-Z][a-zA-Z'’\-]+){0,2}),\s+([A-Z][A-Za-z.]+(?: [A-Z][a-z]+){0,3})\b")


def country_spans(doc: Document) -> list[tuple[str, int, int]]:
    """(code, start, end) of every country name outside the reference list and page furniture (worked out once)."""
    return doc.cached("country_spans", lambda: _country_spans(doc))


def dominant_country(counts: Counter) -> str | None:
    """The country a document is about: named at least twice, and more often than all others together."""
    ranked = counts.most_common()
    if ranked and ranked[0][1] >= 2 and ranked[0][1] > sum(n for _, n in ranked[1:]):
        return ranked[0][0]
    return None


def _country_spans(doc: Document) -> list[tuple[str, int, int]]:
    lay = layout(doc)
    ents = {(e.start_char, e.end_char): e.label_ for e in doc.nlp.ents}
    out = []
    for m in gazetteer.country_pattern().finditer(doc.text):
        if lay.references and lay.references[0] <= m.start() < lay.references[1]:
            continue
        name = m.group(1)
        before = re.search(r"([A-Z][a-z]+)\s+$", doc.text[max(0, m.start() - 20):m.start()])
        if before and (gazetteer.regions().get(f"{before.group(1)} {name}") or gazetteer.city_candidates(f"{before.group(1)} {name}")):
            continue  # the country's name is part of a region's or city's
        if name in gazetteer.AMBIGUOUS_COUNTRY_NAMES and ents.get((m.start(), m.end())) not in ("GPE", "LOC"):
            continue
        if name in gazetteer.AMBIGUOUS_COUNTRY_NAMES and any(
                gazetteer.other_regions_named(doc.text, r) for r in gazetteer.regions().get(name, ())):
            continue  # "Georgia" beside "New Jersey" is the state
        if is_furniture(doc, m.start()):
            continue
        out.append((gazetteer.country_names()[name], m.start(), m.end()))
    return out


def _preposition_before(words: str) -> re.Pattern[str]:
    """Text that ends in one of `words` (and perhaps "the city of"): what stands before a place name."""
    return re.compile(r"\b(?:" + words + r")\s+(?:the\s+)?(?:city\s+of\s+|town\s+of\s+)?$", re.I)


_LOCATIVE = _preposition_before("in|at|near|from|to|across|around")
_INSIDE = _preposition_before("in|at|near|across|around|throughout")  # inside the place, not coming from it


_WORD = r"\b(?!and\b)[^\W\d_][\w'’\-]*"
_LOCATIVE_LIST = re.compile(
    r"\b(?:in|at|near|across|around|throughout|from|to|visited|visiting)\s+(?:the\s+(?:cities|towns|districts|regions|city|town)\s+of\s+)?"
    r"(" + _WORD + r"(?:\s+" + _WORD + r")?(?:\s*,\s*" + _WORD + r"(?:\s+" + _WORD + r")?)*(?:,?\s+and\s+" + _WORD
    + r"(?:\s+" + _WORD + r")?)?)"
)
_CALENDAR = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
             "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_NAME_IN_LIST = re.compile(r"\b(?!and\b)[^\W\d_][\w'’\-]*(?:\s+(?!and\b)[A-Z][\w'’\-]*)?")


def _in_citation(doc: Document, start: int) -> bool:
    """The name stands inside an author-year citation's parentheses."""
    before = doc.text[max(0, start - 80):start]
    after = doc.text[start:start + 80]
    return before.rfind("(") > before.rfind(")") and bool(re.match(r"[^()]*\b(1[89]\d\d|20\d\d)\w?\s*[;)]", after))


def _author_names(doc: Document) -> set[str]:
    """Family names the document's references and citations use: never places."""
    from kg.extract.references import references_of
    from kg.extract.refparse import find_citations

    names = {a.family for r in references_of(doc) for a in (*r.authors, *r.editors)}
    names |= {n for c in find_citations(doc.text) for n in c.authors}
    return names


def _unknown_place_ok(doc: Document, name: str, start: int, authors: set[str]) -> bool:
    before = doc.text[max(0, start - 30):start]
    after = doc.text[start + len(name): start + len(name) + 12]
    return (
        bool(_LOCATIVE.search(before))
        and all(is_name_token(w, initials=False) for w in name.split())
        and len(name.split()) <= 3
        and name not in authors
        and not re.match(r"\s*(?:\(\s*\d{4}|,\s*\d{4})", after)  # "Lind (2019)" is a citation, not a place
        and not has_org_cue(name)
        and not _in_title_case_line(doc, start)  # "Stories from the Field": a heading capitalises every word
    )


def _in_title_case_line(doc: Document, start: int) -> bool:
    """A heading's line: every word of five letters or more capitalised, at least four of them."""
    s, e = doc.line_at(start)
    long_words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", doc.text[s:e]) if len(w) >= 5]
    return len(long_words) >= 4 and all(w[0].isupper() for w in long_words)


def extract(doc: Document) -> Extraction:
    ex = Extraction(doc.id)
    lay = layout(doc)
    spans = country_spans(doc)
    for code, s, e in spans:
        M.country(ex, doc, code, s, e, NAME, CONF_COUNTRY, printed=doc.text[s:e])
    in_context = {code for code, _, _ in spans}
    country_starts = {s for _, s, _ in spans}
    # a region the text names ("Scotland") puts its country in context for the region's towns
    for ent in doc.nlp.ents:
        if ent.label_ in ("GPE", "LOC") and (region := gazetteer.region_by_name(ent.text)) is not None:
            in_context.add(region.country)
    taken: set[tuple[int, int]] = set()

    def outside_refs(pos: int) -> bool:
        """In the body: not in the reference list, not in trailing page furniture ("Cite this")."""
        return lay.body[0] <= pos < lay.body[1] or bool(lay.references and pos >= lay.references[1] and pos < lay.body[1])

    # "Lakeside, Utopia"
    for m in _CITY_COUNTRY.finditer(doc.text):
        country = gazetteer.country_by_name(m.group(2))
        city = m.group(1)
        if not country or not outside_refs(m.start()) or gazetteer.country_by_name(city) or is_furniture(doc, m.start()):
            continue
        if m.start(2) not in country_starts:
            continue  # 'Florida, Georgia': the state beside another, not a town in a country
        known = gazetteer.best_city(city, countries_in_context={country.code})
        ent = next((x for x in doc.nlp.ents if x.start_char <= m.start(1) < x.end_char), None)
        if known is None and (ent is None or ent.label_ not in ("GPE", "LOC")):
            continue
        M.place_with_country(ex, doc, city, m.start(1), m.end(1), NAME, CONF_PLACE, country_code=country.code,
                             country_span=(m.start(2), m.end(2)))
        taken.add((m.start(1), m.end(1)))
    authors = _author_names(doc)
    # cities the text puts after "in" ("schools in Porto and Braga"), whatever spaCy tagged them as
    for m in _LOCATIVE_LIST.finditer(doc.text, lay.body[0], lay.body[1]):
        for nm in _NAME_IN_LIST.finditer(m.group(1)):
            name = nm.group(0)
            start = m.start(1) + nm.start()
            if not name[0].isupper() or (start, start + len(name)) in taken or name in authors \
                    or name.split()[0].lower() in _CALENDAR:
                continue  # "from October 2019 to March 2025": a month, not the town of March
            if gazetteer.country_by_name(name) or is_furniture(doc, start) or _in_citation(doc, start):
                continue
            city = gazetteer.best_city(name, countries_in_context=in_context)
            if city is not None and (city.country in in_context or city.population >= 100_000):
                M.place_with_country(ex, doc, name, start, start + len(name), NAME, CONF_PLACE,
                                     context_countries=in_context)
                taken.add((start, start + len(name)))
    # cities spaCy tags as places and GeoNames knows
    dominant = dominant_country(Counter(code for code, _, _ in spans))
    regions_named: dict[tuple[int, int, str], list[str]] = {}  # (sentence, country) -> regions, in order
    for ent in doc.nlp.ents:
        if ent.label_ not in ("GPE", "LOC") or not outside_refs(ent.start_char):
            continue
        name = re.sub(r"^(the|The)\s+", "", ent.text).strip()
        start = ent.end_char - len(name)
        ambiguous_state = name in gazetteer.AMBIGUOUS_COUNTRY_NAMES and start not in country_starts
        if (start, ent.end_char) in taken or (gazetteer.country_by_name(name) and not ambiguous_state) \
                or is_furniture(doc, start):
            continue
        city = gazetteer.best_city(name, countries_in_context=in_context)
        if name in authors or _in_citation(doc, start):
            continue  # "(Medina, 2012)": a cited author, not the city
        state = gazetteer.region_by_name(name, in_context)
        if state is not None and city is not None and city.country != state.country and (
                state.country in in_context or gazetteer.other_regions_named(doc.text, state)):
            city = None  # 'Virginia' beside 'Kentucky' is the state, not a town abroad
        if city is not None and (city.country in in_context or city.population >= 100_000):
            M.place_with_country(ex, doc, name, start, ent.end_char, NAME, CONF_PLACE, context_countries=in_context)
        elif region := gazetteer.region_by_name(name, in_context):
            # a state, province or nation (ISO 3166-2), in its country
            pk = M.place(ex, doc, name, start, ent.end_char, NAME, CONF_PLACE, country_code=region.country)
            ck = M.country(ex, doc, region.country, start, ent.end_char, "gazetteer", 0.8)
            M.located_in(ex, doc, pk, ck, start, ent.end_char, "gazetteer", 0.8)
            if lay.in_body(start, ent.end_char):
                regions_named.setdefault((*doc.sentence_at(start, ent.end_char), region.country), []).append(pk)
        elif not gazetteer.city_candidates(name) and _unknown_place_ok(doc, name, start, authors):
            # a place GeoNames does not list, where the text itself says it is one ("schools in X");
            # its country is the one the document is about, when one country dominates
            pk = M.place(ex, doc, name, start, ent.end_char, NAME, 0.6)
            if dominant and _INSIDE.search(doc.text[max(0, start - 30):start]):
                ss, se = doc.sentence_at(start, ent.end_char)
                ck = M.country(ex, doc, dominant, start, ent.end_char, "context", 0.5)
                M.located_in(ex, doc, pk, ck, ss, se, "context", 0.5)
    # "The states (Utah, Iowa, Ohio and Maine) took part": three or more regions of one country listed in
    # one sentence are the places the work studies
    for (ss, se, _), keys in sorted(regions_named.items()):
        if len(set(keys)) >= 3:
            for pk in dict.fromkeys(keys):
                ex.fact(WORK, "dcterms:spatial", Evidence.span(doc, ss, se, NAME, 0.7), object=pk)
    return ex
