"""Synthetic pages for the reference-list model: furniture, title blocks, field lines, prose with
in-text citations, bulleted non-reference lists, and reference lists rendered in many styles,
numbered or bulleted or plain, one per line, wrapped, blank-line separated or run together, with or
without a heading (in many languages). Every page knows where its entries and headings are.

    >>> import random
    >>> page = make_page(random.Random(1))
    >>> all(page.text[s:e].strip() for s, e in page.entries)
    True
"""
from __future__ import annotations

import random
import string
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reflist_words as W  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _headings() -> list[str]:
    path = ROOT / "kg" / "data" / "reference_headings.txt"
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]


HEADINGS = _headings()


@dataclass
class Page:
    text: str = ""
    entries: list[tuple[int, int]] = field(default_factory=list)
    headings: list[tuple[int, int]] = field(default_factory=list)
    holes: list[tuple[int, int]] = field(default_factory=list)  # page furniture inside an entry

    def add(self, s: str) -> tuple[int, int]:
        start = len(self.text)
        self.text += s
        return start, len(self.text)


# --------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------

def _cap(w: str) -> str:
    return w[:1].upper() + w[1:]


def _title(rng: random.Random, lang: str | None = None) -> str:
    lang = lang or rng.choices(["en", "de", "fr", "es", "uk"], [10, 1, 1, 1, 1])[0]
    words = {"en": W.TITLE_WORDS, "de": W.TITLE_WORDS_DE, "fr": W.TITLE_WORDS_FR, "es": W.TITLE_WORDS_ES,
             "uk": W.TITLE_WORDS_UK}[lang]
    glue = {"en": ["of", "and", "in", "for", "the", "on", "as", "to"], "de": ["und", "der", "in", "für", "von"],
            "fr": ["et", "de", "la", "des", "en", "pour"], "es": ["y", "de", "la", "en", "para"],
            "uk": ["та", "в", "у", "як", "для"]}[lang]
    n = rng.randint(3, 12)
    out = []
    for i in range(n):
        out.append(rng.choice(glue) if i and rng.random() < 0.3 else rng.choice(words))
    t = " ".join(out)
    if rng.random() < 0.35:
        t += rng.choice([": ", ": ", "? ", " – "]) + " ".join(rng.choice(words) for _ in range(rng.randint(2, 6)))
    if rng.random() < 0.5:
        t = " ".join(_cap(w) if len(w) > 3 else w for w in t.split())
    return _cap(t)


def _person(rng: random.Random, script: str) -> tuple[str, str]:
    if script == "cyr":
        return rng.choice(W.CYR_SURNAMES), " ".join(rng.choice(W.CYR_INITIALS) + "." for _ in range(rng.randint(1, 2)))
    fam = rng.choice(W.PARTICLE_SURNAMES) if rng.random() < 0.08 else rng.choice(W.SURNAMES)
    if rng.random() < 0.05:
        fam += "-" + rng.choice(W.SURNAMES)
    given = rng.choice(W.GIVEN)
    if rng.random() < 0.4:
        given += " " + (rng.choice(W.GIVEN) if rng.random() < 0.4 else rng.choice(string.ascii_uppercase) + ".")
    return fam, given


def _journal(rng: random.Random) -> str:
    r = rng.random()
    ws = W.JOURNAL_WORDS
    if r < 0.1:
        return rng.choice(W.JOURNALS_OTHER)
    if r < 0.55:
        return f"{rng.choice(W.JOURNAL_HEADS)} {' '.join(rng.sample(ws, rng.randint(1, 3)))}"
    if r < 0.85:
        return f"{' '.join(rng.sample(ws, rng.randint(1, 3)))} {rng.choice(W.JOURNAL_TAILS)}"
    a, b, c = rng.sample(ws, 3)
    return f"{a} {b}{rng.choice([' & ', ' and ', ', '])}{c}"


def _one_of(rng: random.Random, *options: tuple[float, object]) -> str:
    """One of several ways of making a string, chosen by weight: `(weight, lambda: ...)` pairs."""
    make = rng.choices([o for _, o in options], [w for w, _ in options])[0]
    return make()


def _publisher(rng: random.Random) -> str:
    return _one_of(
        rng,
        (35, lambda: f"{rng.choice(W.SURNAMES)} {rng.choice(W.PUBLISHER_TAILS)}"),
        (20, lambda: f"University of {rng.choice(W.CITIES)} Press"),
        (20, lambda: f"{rng.choice(W.SURNAMES)}{rng.choice([' & ', '-', ' and '])}{rng.choice(W.SURNAMES)}"),
        (15, lambda: rng.choice(W.SURNAMES)),
        (10, lambda: f"{_cap(rng.choice(W.TITLE_WORDS))} {rng.choice(W.PUBLISHER_TAILS)}"),
    )


def _year(rng: random.Random) -> str:
    return str(rng.choice([rng.randint(1900, 1999), rng.randint(1970, 2025), rng.randint(2000, 2025)]))


def record(rng: random.Random) -> dict:
    script = "cyr" if rng.random() < 0.07 else "lat"
    kind = rng.choices(["article", "book", "chapter", "report", "web", "thesis", "conference"], [10, 5, 4, 2, 2, 1, 2])[0]
    n = rng.choices([1, 2, 3, 4, 6, 9, 22], [30, 25, 20, 10, 8, 3, 1])[0]
    authors = [_person(rng, script) for _ in range(n)]
    org = None
    if rng.random() < (0.5 if kind in ("report", "web") else 0.05):
        org = rng.choice(W.ORG_HEADS) if rng.random() < 0.6 else "".join(rng.choice(string.ascii_uppercase) for _ in range(rng.randint(2, 5)))
        authors = []
    year = _year(rng)
    r = rng.random()
    if r < 0.05:
        year = rng.choice(["n.d.", "in press", "forthcoming"])
    elif r < 0.1:
        year += rng.choice("abc")
    lang = "uk" if script == "cyr" else None
    first_page = rng.randint(1, 900)
    rec = {
        "kind": kind, "authors": authors, "org": org, "year": year, "title": _title(rng, lang), "script": script,
        "journal": _journal(rng) if script == "lat" else rng.choice(W.JOURNALS_OTHER[-3:]),
        "volume": str(rng.randint(1, 120)), "issue": str(rng.randint(1, 12)) if rng.random() < 0.8 else None,
        "pages": f"{first_page}{rng.choice(['-', '–', '–', '-'])}{first_page + rng.randint(2, 40)}" if rng.random() < 0.9 else None,
        "doi": (f"10.{rng.randint(1000, 99999)}/{''.join(rng.choice(string.ascii_lowercase + string.digits + '.-') for _ in range(rng.randint(6, 22)))}"
                if rng.random() < 0.35 else None),
        "url": None, "publisher": _publisher(rng),
        "place": rng.choice(W.CITIES_CYR) if script == "cyr" else rng.choice(W.CITIES),
        "state": rng.choice(W.US_STATES) if rng.random() < 0.15 else None,
        "editors": [_person(rng, script) for _ in range(rng.randint(1, 3))],
        "book": _title(rng, lang), "edition": rng.choice(["2nd", "3rd", "4th", "6th"]) if rng.random() < 0.1 else None,
        "institution": f"University of {rng.choice(W.CITIES)}",
        "accessed": f"{rng.randint(1, 28)} {rng.choice(W.MONTHS)} {rng.randint(2010, 2025)}",
        "month": rng.choice(W.MONTHS_SHORT),
    }
    if kind == "web" or rng.random() < 0.08:
        host = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 10)))
        path = "/".join("".join(rng.choice(string.ascii_lowercase + "-_") for _ in range(rng.randint(3, 12))) for _ in range(rng.randint(1, 4)))
        rec["url"] = f"http{'s' if rng.random() < 0.7 else ''}://www.{host}.{rng.choice(['org', 'com', 'edu', 'gov.uk', 'de', 'fr'])}/{path}"
    return rec


# --------------------------------------------------------------------------------------------
# Styles
# --------------------------------------------------------------------------------------------

def _initials(given: str, rng_style: str = "dot") -> str:
    parts = [p for p in given.replace("-", " ").split() if p]
    if rng_style == "tight":
        return "".join(p[0] + "." for p in parts)
    if rng_style == "bare":
        return "".join(p[0] for p in parts)
    return " ".join(p[0] + "." for p in parts)


def _names(rec: dict, rng: random.Random, form: str, sep: str = ", ", last: str = ", & ", limit: int = 20) -> str:
    if rec["org"]:
        return rec["org"]
    people = rec["authors"]
    init = rng.choice(["dot", "dot", "tight"])
    out = []
    for i, (fam, given) in enumerate(people[:limit]):
        g = given if rec["script"] == "lat" else given
        if form == "fam_init":
            out.append(f"{fam}, {_initials(g, init) if rec['script'] == 'lat' else g}")
        elif form == "fam_given":
            out.append(f"{fam}, {g}" if i == 0 else f"{g} {fam}")
        elif form == "fam_given_all":
            out.append(f"{fam}, {g}")
        elif form == "init_fam":
            out.append(f"{_initials(g, init) if rec['script'] == 'lat' else g} {fam}")
        elif form == "given_fam":
            out.append(f"{g} {fam}")
        elif form == "vancouver":
            out.append(f"{fam} {_initials(g, 'bare') if rec['script'] == 'lat' else g.replace('.', '').replace(' ', '')}")
        elif form == "gost":
            out.append(f"{fam} {_initials(g) if rec['script'] == 'lat' else g}")
    if len(people) > limit:
        return sep.join(out) + ", et al."
    if form == "fam_init" and len(out) > 19:  # APA 7: nineteen names, an ellipsis, the last name
        return sep.join(out[:19]) + ", . . . " + out[-1]
    if len(out) == 1:
        return out[0]
    return sep.join(out[:-1]) + last + out[-1]


def _year_part(rec: dict) -> str:
    return rec["year"]


def _pages(rec: dict, prefix: str = "") -> str:
    return f"{prefix}{rec['pages']}" if rec["pages"] else ""


def _doi(rec: dict, rng: random.Random) -> str:
    if rec["doi"]:
        return rng.choice([f" https://doi.org/{rec['doi']}", f" doi:{rec['doi']}", f" DOI: {rec['doi']}",
                           f" https://doi.org/{rec['doi']}", f" http://dx.doi.org/{rec['doi']}"])
    if rec["url"]:
        return rng.choice([f" Retrieved from {rec['url']}", f" {rec['url']}", f" Available at: {rec['url']} (Accessed {rec['accessed']}).",
                           f" Retrieved {rec['accessed']}, from {rec['url']}"])
    return ""


def _place(rec: dict) -> str:
    return f"{rec['place']}, {rec['state']}" if rec["state"] else rec["place"]


def _vol_issue(rec: dict) -> str:
    return f"{rec['volume']}({rec['issue']})" if rec["issue"] else rec["volume"]


def _editors(rec: dict, rng: random.Random, form: str, last: str, mark: str) -> str:
    """The editors of the host book and their mark: "M. Lind & T. Okafor (Eds.)"."""
    names = _names({**rec, "authors": rec["editors"], "org": None}, rng, form, last=last)
    return f"{names} ({mark}{'s' if len(rec['editors']) > 1 else ''}.)"


def style_apa(rec: dict, rng: random.Random) -> str:
    a = _names(rec, rng, "fam_init", last=rng.choice([", & ", " & ", ", and ", " and "]))
    y = f"({rec['year']})"
    head = _one_of(rng, (75, lambda: f"{a}{'' if a.endswith('.') else '.'} {y}."), (15, lambda: f"{a} {y}."),
                   (10, lambda: f"{a}, {y}."))
    k = rec["kind"]
    if k == "article":
        body = f"{rec['title']}. {rec['journal']}, {_vol_issue(rec)}{', ' + rec['pages'] if rec['pages'] else ''}."
    elif k == "chapter":
        body = f"{rec['title']}. In {_editors(rec, rng, 'init_fam', ' & ', 'Ed')}, {rec['book']}{' (pp. ' + rec['pages'] + ')' if rec['pages'] else ''}. {_place(rec)}: {rec['publisher']}."
    elif k == "thesis":
        body = f"{rec['title']} [Doctoral dissertation, {rec['institution']}]."
    elif k == "conference":
        body = (f"{rec['title']}. {rng.choice(['Paper presented at', 'Paper presented at the', 'In Proceedings of the'])} "
                f"{rng.choice(['Annual Meeting of the', 'International Conference on', 'European Conference on'])} "
                f"{rec['journal'].replace('Journal of', '').strip()}, {rec['place']}{', ' + rec['state'] if rec['state'] else ''}.")
    elif k == "web":
        body = f"{rec['title']}."
    else:
        ed = f" ({rec['edition']} ed.)" if rec["edition"] else ""
        body = f"{rec['title']}{ed}. {_place(rec) + ': ' if rng.random() < 0.7 else ''}{rec['publisher']}."
    return f"{head} {body}{_doi(rec, rng)}"


def style_harvard(rec: dict, rng: random.Random) -> str:
    a = _names(rec, rng, "fam_init", last=rng.choice([" and ", " & ", ", and "]))
    y = f"({rec['year']})" if rng.random() < 0.8 else rec["year"]
    q = rng.random() < 0.4
    t = f"'{rec['title']}'" if q else rec["title"]
    k = rec["kind"]
    if k == "article":
        body = f"{t}, {rec['journal']}, {_vol_issue(rec)}{', ' + _pages(rec, 'pp. ') if rec['pages'] else ''}."
    elif k == "chapter":
        body = f"{t}, in {_editors(rec, rng, 'fam_init', ' and ', 'ed')} {rec['book']}. {_place(rec)}: {rec['publisher']}, {_pages(rec, 'pp. ')}."
    elif k == "thesis":
        body = f"{t}. PhD thesis. {rec['institution']}."
    elif k == "conference":
        body = f"{t}. Paper presented at the {rec['journal'].replace('Journal of', '').strip()} Conference, {rec['place']}, {rec['month']} {rec['year'][:4]}."
    else:
        body = f"{t}. {_place(rec)}: {rec['publisher']}."
    sep = rng.choice([" ", ". ", ", "]) if y[0] == "(" else ". "
    return f"{a} {y}{sep}{body}{_doi(rec, rng)}".replace("..", ".")


def style_chicago(rec: dict, rng: random.Random) -> str:
    a = _names(rec, rng, "fam_given", last=", and ")
    k = rec["kind"]
    if k == "article":
        body = f"“{rec['title']}.” {rec['journal']} {rec['volume']}{' (' + rec['issue'] + ')' if rec['issue'] else ''}{': ' + rec['pages'] if rec['pages'] else ''}."
    elif k == "chapter":
        eds = _names({**rec, "authors": rec["editors"], "org": None}, rng, "given_fam", last=" and ")
        body = f"“{rec['title']}.” In {rec['book']}, edited by {eds}, {rec['pages'] or '1-20'}. {rec['place']}: {rec['publisher']}."
    else:
        body = f"{rec['title']}. {rec['place']}: {rec['publisher']}."
    return f"{a}. {rec['year']}. {body}{_doi(rec, rng)}".replace("..", ".")


def style_mla(rec: dict, rng: random.Random) -> str:
    a = _names(rec, rng, "fam_given", last=", and ", limit=2 if len(rec["authors"]) == 2 else 1)
    k = rec["kind"]
    if k == "article":
        body = f"“{rec['title']}.” {rec['journal']}, vol. {rec['volume']}{', no. ' + rec['issue'] if rec['issue'] else ''}, {rec['year']}{', pp. ' + rec['pages'] if rec['pages'] else ''}."
    else:
        body = f"{rec['title']}. {rec['publisher']}, {rec['year']}."
    return f"{a}. {body}{_doi(rec, rng)}".replace("..", ".")


def style_vancouver(rec: dict, rng: random.Random) -> str:
    a = _names(rec, rng, "vancouver", sep=", ", last=", ", limit=6)
    k = rec["kind"]
    if k == "article":
        body = f"{rec['title']}. {rec['journal']}. {rec['year']};{rec['volume']}{'(' + rec['issue'] + ')' if rec['issue'] else ''}{':' + rec['pages'] if rec['pages'] else ''}."
    else:
        body = f"{rec['title']}. {rec['place']}: {rec['publisher']}; {rec['year']}."
    return f"{a}. {body}{_doi(rec, rng)}"


def style_ieee(rec: dict, rng: random.Random) -> str:
    a = _names(rec, rng, "init_fam", last=", and ", limit=6)
    if rec["kind"] == "article":
        body = f"“{rec['title']},” {rec['journal']}, vol. {rec['volume']}{', no. ' + rec['issue'] if rec['issue'] else ''}{', pp. ' + rec['pages'] if rec['pages'] else ''}, {rec['year']}."
    else:
        body = f"{rec['title']}. {rec['place']}: {rec['publisher']}, {rec['year']}."
    return f"{a}, {body}{_doi(rec, rng)}"


def style_given_first(rec: dict, rng: random.Random) -> str:
    """Given name first, year after the names, guillemets, 'Vol', 'n°', month: a French bibliography."""
    a = _names(rec, rng, rng.choice(["given_fam", "init_fam"]), sep=", ", last=rng.choice([", ", " et ", " and "]))
    if rec["kind"] == "article":
        parts = [f"« {rec['title']} »", rec["journal"], f"Vol {rec['volume']}"]
        if rec["issue"]:
            parts.append(f"n°{rec['issue']}")
        if rng.random() < 0.5:
            parts.append(rec["month"])
        if rec["pages"]:
            parts.append(f"pp{rec['pages']}" if rng.random() < 0.5 else f"pp. {rec['pages']}")
        body = ", ".join(parts)
    else:
        body = f"{rec['title']}, {rec['place']}, {rec['publisher']}"
    return f"{a}, {rec['year']}, {body}"


def style_german(rec: dict, rng: random.Random) -> str:
    a = _names(rec, rng, "fam_given_all", sep="; ", last="; ") if not rec["org"] else rec["org"]
    if rec["kind"] == "article":
        body = f"{rec['title']}. In: {rec['journal']}, {rec['volume']} ({rec['year']}) {rec['issue'] or 1}, {rec['pages'] or '1-9'}"
        return f"{a}: {body}"
    if rec["kind"] == "chapter":
        eds = _names({**rec, "authors": rec["editors"], "org": None}, rng, "fam_init", sep="/", last="/")
        return f"{a} ({rec['year']}): {rec['title']}. In: {eds} (Hrsg.): {rec['book']}. {rec['place']}: {rec['publisher']}, S. {rec['pages'] or '1-9'}."
    return f"{a} ({rec['year']}): {rec['title']}. {rec['place']}: {rec['publisher']}."


def style_gost(rec: dict, rng: random.Random) -> str:
    a = _names(rec, rng, "gost", sep=", ", last=", ")
    dash = rng.choice([" – ", " — ", ". – "])
    if rec["kind"] == "article":
        return (f"{a} {rec['title']} // {rec['journal']}.{dash}{rec['year']}.{dash}"
                f"№ {rec['issue'] or 1}.{dash}С. {rec['pages'] or '5-9'}.").replace("..", ".")
    return f"{a} {rec['title']}.{dash}{rec['place']}: {rec['publisher']}, {rec['year']}.{dash}{rng.randint(90, 400)} с.".replace("..", ".")


def style_plain(rec: dict, rng: random.Random) -> str:
    """'Family, I., Family, I. (2016) Title. Place: Publisher.' with loose punctuation."""
    a = _names(rec, rng, "fam_init", sep=rng.choice([", ", " , "]), last=", ")
    if rec["kind"] == "article":
        body = f"{rec['title']}. {rec['journal']} {rec['volume']}{rng.choice([' ', ''])}({rec['issue'] or 1}):{rec['pages'] or '1-9'}."
    else:
        body = f"{rec['title']}. {_place(rec)}: {rec['publisher']}."
    return f"{a} ({rec['year']}) {body}"


STYLES = {
    "apa": style_apa, "harvard": style_harvard, "chicago": style_chicago, "mla": style_mla,
    "vancouver": style_vancouver, "ieee": style_ieee, "given_first": style_given_first, "german": style_german,
    "gost": style_gost, "plain": style_plain,
}
STYLE_WEIGHTS = {"apa": 8, "harvard": 5, "chicago": 3, "mla": 2, "vancouver": 2, "ieee": 2, "given_first": 3,
                 "german": 2, "gost": 2, "plain": 3}


def _noise(s: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.05:
        s = s.replace(". ", ".  ", 1)
    elif r < 0.1:
        s = s.replace(", ", " , ", 1)
    elif r < 0.14:
        s = s.rstrip(".")
    elif r < 0.17:
        s = s.replace(". ", " ", 1)
    return s


# --------------------------------------------------------------------------------------------
# Page parts
# --------------------------------------------------------------------------------------------

def _citation(rng: random.Random) -> str:
    """An in-text citation as prose prints it."""
    fam, other, y = rng.choice(W.SURNAMES), rng.choice(W.SURNAMES), _year(rng)
    return _one_of(
        rng,
        (30, lambda: f"({fam}, {y})"),
        (20, lambda: f"({fam} et al., {y}; {other}, {_year(rng)})"),
        (15, lambda: f"({fam} & {other}, {y}, p. {rng.randint(1, 300)})"),
        (20, lambda: f"{fam} ({y})"),
        (15, lambda: f"{fam} and {other} ({y})"),
    )


def sentence(rng: random.Random, cite: float = 0.3) -> str:
    lang = rng.choices(["en", "de", "fr", "uk"], [12, 2, 1, 1])[0]
    words = {"en": W.PROSE_WORDS, "de": W.PROSE_DE, "fr": W.PROSE_FR, "uk": W.PROSE_UK}[lang]
    n = rng.randint(8, 30)
    out = [rng.choice(words) for _ in range(n)]
    if rng.random() < 0.3:
        out.insert(rng.randint(0, n), rng.choice(W.COUNTRIES))
    if rng.random() < 0.2:
        out.insert(rng.randint(0, n), _year(rng))
    if rng.random() < cite:
        out.insert(rng.randint(1, n), _citation(rng))
    s = " ".join(out)
    if rng.random() < 0.05:
        return f"({_cap(' '.join(rng.choice(words) for _ in range(rng.randint(2, 6))))}{rng.choice(['', ' ' + str(rng.randint(1, 20))])}.)"
    if rng.random() < 0.1:
        s = rng.choice(["Purpose: ", "Findings: ", "Abstract: ", "Methods: "]) + s
    return _cap(s) + rng.choice([".", ".", ".", "?", ";"])


def paragraph(rng: random.Random, cite: float = 0.3) -> str:
    return " ".join(sentence(rng, cite) for _ in range(rng.randint(1, 6)))


def _wrap(s: str, width: int, indent: str = "", hanging: str = "") -> list[str]:
    lines, cur = [], ""
    for w in s.split(" "):
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    if cur:
        lines.append(cur)
    return [indent + lines[0]] + [hanging + ln for ln in lines[1:]] if lines else []


def furniture(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.55:
        return rng.choice(W.FURNITURE)
    if r < 0.65:
        return " ".join(rng.choice(W.TITLE_WORDS) for _ in range(rng.randint(1, 4))).upper()
    if r < 0.72:
        return f"Page {rng.randint(1, 20)} of {rng.randint(20, 40)}"
    if r < 0.78:
        return f"© {rng.randint(2000, 2025)} {_publisher(rng)}{rng.choice(['', '. All rights reserved.'])}"
    if r < 0.84:
        return " > ".join(_cap(rng.choice(W.TITLE_WORDS)) for _ in range(rng.randint(2, 4)))
    if r < 0.9:
        return f"{rng.randint(1, 5000)} {rng.choice(['Accesses', 'Citations', 'Downloads', 'Views'])}"
    if r < 0.92:
        return (f"{_publisher(rng)}. {rng.randint(1, 9999)} {rng.choice(W.SURNAMES)} {rng.choice(['Road', 'Street', 'Avenue', 'Strasse'])}, "
                f"{rng.choice(W.CITIES)}{', ' + rng.choice(W.US_STATES) if rng.random() < 0.5 else ''} {rng.randint(10000, 99999)}. "
                f"Tel: {rng.randint(100, 999)}-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}; "
                f"e-mail: info@{rng.choice(W.SURNAMES).lower()}.com; Web site: http://www.{rng.choice(W.SURNAMES).lower()}.com")
    if r < 0.935:
        url = f"http://{rng.choice(W.SURNAMES).lower()}.{rng.choice(['org', 'com'])}/{rng.choice(W.TITLE_WORDS)}/{rng.randint(1, 99)}"
        label = rng.choice(["Email Alerts", "Subscriptions", "Reprints", "Permissions", "Citations", "Services"])
        return f"{url} {label}:" if rng.random() < 0.5 else f"{label}: {url}"
    if r < 0.95:
        if rng.random() < 0.5:
            return (f"at University of {rng.choice(W.CITIES)} on {rng.choice(W.MONTHS)} {rng.randint(1, 28)}, {rng.randint(2010, 2025)} "
                    f"{rng.choice(W.SURNAMES).lower()}.org Downloaded from")
        return f"Downloaded from www.{rng.choice(W.SURNAMES).lower()}.org on {rng.choice(W.MONTHS)} {rng.randint(1, 28)}, {rng.randint(2010, 2025)}"
    return f"{rng.randint(1, 28)} {rng.choice(W.MONTHS)} {rng.randint(2000, 2025)}"


def field_line(rng: random.Random) -> str:
    name = rng.choice(W.FIELD_NAMES)
    values = [_title(rng), _journal(rng), _year(rng), f"{rng.randint(1, 300)}-{rng.randint(301, 600)}",
              f"{rng.choice(W.SURNAMES)}, {rng.choice(W.GIVEN)}", _publisher(rng), rng.choice(["English", "Deutsch", "Yes", "No", "Published"]),
              f"{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}", f"10.{rng.randint(1000, 9999)}/{rng.randint(10000, 99999)}",
              ", ".join(rng.choice(W.TITLE_WORDS) for _ in range(rng.randint(2, 6))),
              f"{rng.randint(1, 28)} {rng.choice(W.MONTHS)} {rng.randint(2000, 2025)}"]
    v = rng.choice(values)
    r = rng.random()
    if r < 0.6:
        return f"{name}: {v}"
    if r < 0.75:
        return f"{name}{v}"  # glued, as portals print them
    if r < 0.88:
        return f"{rng.choice(['AU', 'TI', 'T1', 'PY', 'JO', 'VL', 'SP', 'N2', 'KW', 'DO'])}  - {v}"
    return f"dc.{rng.choice(['contributor.author', 'date.issued', 'title', 'identifier.uri', 'subject'])} {v} en"


def byline(rng: random.Random) -> str:
    people = [f"{rng.choice(W.GIVEN)} {rng.choice(W.SURNAMES)}" for _ in range(rng.randint(1, 5))]
    r = rng.random()
    if r < 0.4:
        return ", ".join(people)
    if r < 0.7:
        return "By " + ", ".join(people[:-1]) + (" and " if len(people) > 1 else "") + people[-1]
    return f"{people[0]} ({rng.choice(['School of Education', 'Faculty of Education', 'Department of Education'])}, University of {rng.choice(W.CITIES)}, {rng.choice(W.CITIES)}, {rng.choice(W.COUNTRIES)})"


def bullet_other(rng: random.Random) -> str:
    r = rng.random()
    name = f"{rng.choice(W.GIVEN)} {rng.choice(W.SURNAMES)}"
    if r < 0.3:
        return f"{name} ({rng.choice(W.COUNTRIES)}): {_title(rng)}"
    if r < 0.5:
        return f"{name}, University of {rng.choice(W.CITIES)}"
    if r < 0.7:
        return " ".join(rng.choice(W.TITLE_WORDS) for _ in range(rng.randint(1, 4)))
    if r < 0.85:
        return _cap(" ".join(rng.choice(W.PROSE_WORDS) for _ in range(rng.randint(4, 15)))) + "."
    return f"{rng.choice(['Discussant', 'Chair', 'Papers', 'Speaker'])}: {name}"


def source_line(rng: random.Random) -> str:
    """A record's own source line ("Journal, v32 n1 p11-24 2004"): not a list."""
    j = _journal(rng)
    y = _year(rng)
    return rng.choice([f"{j}, v{rng.randint(1, 60)} n{rng.randint(1, 6)} p{rng.randint(1, 50)}-{rng.randint(51, 99)} {y}",
                       f"In: {j}, {rng.randint(1, 60)} ({y}) {rng.randint(1, 6)} , {rng.randint(1, 50)}-{rng.randint(51, 99)}",
                       f"{j}, Vol. {rng.randint(1, 60)} No. {rng.randint(1, 6)}, {y}"])


# --------------------------------------------------------------------------------------------
# Reference lists
# --------------------------------------------------------------------------------------------

def heading(rng: random.Random) -> str:
    h = rng.choice(HEADINGS)
    r = rng.random()
    if r < 0.5:
        h = h.title() if rng.random() < 0.8 else h
    elif r < 0.65:
        h = h.upper()
    elif r < 0.75:
        h = f"{rng.randint(1, 9)}. {h.title()}"
    elif r < 0.85:
        h = h.title() + ":"
    else:
        h = _cap(h)
    return h


LINK_LINES = ["Article", "Google Scholar", "Crossref", "CAS", "PubMed", "Chapter", "Book", "View in Scopus",
              "Search in Google Scholar", "Full Text", "[Google Scholar]", "[CrossRef]", "Article  Google Scholar",
              "Find this resource:", "Open URL"]


def reference_list(page: Page, rng: random.Random) -> None:
    style = rng.choices(list(STYLE_WEIGHTS), list(STYLE_WEIGHTS.values()))[0]
    n = rng.randint(2, 14)
    refs = []
    for _ in range(n):
        st = style if rng.random() < 0.9 else rng.choices(list(STYLE_WEIGHTS), list(STYLE_WEIGHTS.values()))[0]
        refs.append(_noise(STYLES[st](record(rng), rng), rng))
    if rng.random() < 0.7 and style not in ("vancouver", "ieee"):
        refs.sort(key=str.lower)
    mark = rng.choices(["", "n.", "[n]", " n.", "•", "-", "*", "  •"], [14, 3, 3, 1, 3, 1, 1, 1])[0]
    layout = rng.choices(["line", "wrap", "run"], [6, 3, 2] if not mark else [6, 3, 1])[0]
    blank = rng.random() < 0.35
    width = rng.randint(50, 110)
    hang = rng.choice(["", "", "  ", "    ", "\t"])
    doi_own_line = rng.random() < 0.15
    page_break = rng.randint(1, n - 1) if rng.random() < 0.2 else -1
    links = rng.random() < 0.15  # a publisher's page: link lines after each entry
    own_line_marker = bool(mark) and rng.random() < 0.15  # "1." on a line of its own, the entry below it
    if layout == "run":
        for i, ref in enumerate(refs):
            m = mark.replace("n", str(i + 1)).strip()
            s, _ = page.add((m + " " if m else ""))
            start, end = page.add(ref)
            page.entries.append((s if m else start, end))
            if i < len(refs) - 1:
                page.add(" ")
        page.add("\n")
        return
    for i, ref in enumerate(refs):
        m = mark.replace("n", str(i + 1))
        prefix = (m + " ") if m else ""
        if m.startswith(" "):
            prefix = " " * rng.randint(1, 4) + m.strip() + " "
        if own_line_marker:
            prefix = prefix.rstrip() + "\n"
        tail = ""
        if doi_own_line and " https://doi.org/" in ref:
            ref, tail = ref.split(" https://doi.org/", 1)
            tail = "https://doi.org/" + tail
        lines = _wrap(prefix + ref, width, "", hang or (" " * len(prefix) if prefix else "")) if layout == "wrap" else [prefix + ref]
        if tail:
            lines.append((hang or "    ") + tail)
        inside = i == page_break and len(lines) > 1 and rng.random() < 0.5
        if i == page_break and not inside:  # a page break between two entries
            page.add("\n".join(_page_break(rng)) + "\n")
        start = len(page.text)
        if inside:  # a page break inside an entry: its lines go on below the page number
            k = rng.randint(1, len(lines) - 1)
            page.add("\n".join(lines[:k]) + "\n")
            page.holes.append(page.add("\n".join(_page_break(rng))))
            page.add("\n" + "\n".join(lines[k:]))
        else:
            page.add("\n".join(lines))
        page.entries.append((start, len(page.text)))
        page.add("\n\n" if blank else "\n")
        if links:
            for link in rng.sample(LINK_LINES, rng.randint(1, 3)):
                page.add(link + ("\n\n" if blank else "\n"))


def _page_break(rng: random.Random) -> list[str]:
    """What a page break leaves in extracted text: a page number, a running head, a download stamp."""
    def running_head() -> str:
        first = rng.randint(1, 400)
        return (f"{rng.randint(1, 400)} {_journal(rng)} ({_year(rng)}) {rng.randint(1, 60)}:{first}–{first + rng.randint(5, 40)}"
                if rng.random() < 0.5 else f"{_journal(rng)} {rng.randint(1, 60)}({rng.randint(1, 6)})")

    return [rng.choice([str(rng.randint(2, 400)), running_head(), running_head(), _title(rng)[:60], furniture(rng)])
            for _ in range(rng.randint(1, 2))]


def make_page(rng: random.Random) -> Page:
    page = Page()
    kind = rng.choices(["article", "record", "biblio", "news", "programme"], [5, 3, 3, 1, 1])[0]
    has_list = kind in ("article", "biblio") and rng.random() < 0.9

    def para(p: str) -> None:
        if rng.random() < 0.4:
            page.add("\n".join(_wrap(p, rng.randint(60, 110))) + "\n")
        else:
            page.add(p + "\n")
        if rng.random() < 0.6:
            page.add("\n")

    for _ in range(rng.randint(0, 6) if rng.random() < 0.7 else 0):
        page.add(furniture(rng) + "\n" + ("\n" if rng.random() < 0.3 else ""))
    if rng.random() < 0.8:
        page.add(_title(rng) + "\n" + ("\n" if rng.random() < 0.5 else ""))
        if rng.random() < 0.6:
            page.add(byline(rng) + "\n" + ("\n" if rng.random() < 0.5 else ""))
    if kind == "record" or rng.random() < 0.2:
        for _ in range(rng.randint(2, 10)):
            page.add((field_line(rng) if rng.random() < 0.85 else source_line(rng)) + "\n")
        page.add("\n")
    if kind != "biblio" or rng.random() < 0.3:
        for _ in range(rng.randint(1, 4)):
            para(paragraph(rng, cite=0.5 if kind == "article" else 0.15))
    if kind == "programme" or rng.random() < 0.1:
        b = rng.choice(["•", "-", "*", "  •"])
        for _ in range(rng.randint(2, 7)):
            page.add(f"{b} {bullet_other(rng)}\n")
        page.add("\n")
    if has_list:
        for part in range(rng.choices([1, 2, 3], [8, 2, 1])[0]):
            r = rng.random()
            if r < 0.55 or part:
                if part and rng.random() < 0.7:
                    hs, he = page.add(f"{_cap(rng.choice(HEADINGS))} {rng.choice(['on', 'sur', 'zu', 'de'])} {rng.choice(W.TITLE_WORDS)} {rng.randint(1900, 2000)}–{rng.randint(2000, 2025)}")
                else:
                    hs, he = page.add(heading(rng))
                    page.headings.append((hs, he))
                page.add("\n" + ("\n" if rng.random() < 0.5 else ""))
            elif r < 0.65:
                page.add(_title(rng) + "\n\n")  # a title, not a heading
            reference_list(page, rng)
            page.add("\n" if rng.random() < 0.5 else "")
    tail = rng.random()
    if tail < 0.3:
        for _ in range(rng.randint(1, 4)):
            page.add(furniture(rng) + "\n")
    elif tail < 0.55:
        if rng.random() < 0.5:
            page.add(rng.choice(["Publisher's Note ", "Note: ", "Funding ", "Declarations ", "Conflict of interest ", ""]))
        para(paragraph(rng, cite=0.1))
    elif tail < 0.65:
        page.add(rng.choice(["Appendix A", "Acknowledgements", "About the authors", "Notes", "Anhang", "Annexe"]) + "\n")
        para(paragraph(rng, cite=0.0))
    if rng.random() < 0.15 and page.entries and page.entries[-1][1] >= len(page.text.rstrip()) - 1:
        # a page cut in the middle of its last entry
        s, e = page.entries[-1]
        cut = rng.randint(s + (e - s) // 2, e)
        page.text = page.text[:cut]
        page.entries[-1] = (s, cut)
    return page


def page_labels(page: Page, us) -> list[str]:
    """B for the unit where an entry begins, I for the rest of it, H for a heading, O otherwise."""
    text = page.text
    entries = []
    for s, e in page.entries:
        while s < e and text[s].isspace():
            s += 1
        entries.append((s, e))
    labels = []
    for u in us:
        lab = "O"
        for s, e in page.headings:
            if s <= u.start < e:
                lab = "H"
        if any(s <= u.start < e for s, e in page.holes):
            labels.append(lab)
            continue
        for s, e in entries:
            if s <= u.start < e or (u.start <= s < u.end):
                lab = "B" if u.start <= s else "I"
                break
        labels.append(lab)
    return labels
