"""Find reference lists by what their lines look like, cut them into entries, and keep in-text
citations to running text.

A document's lines are cut into *units*: whole lines, or the pieces of a line between the places
where a reference could begin ("... 11-19. Lind, B. (2019) ..."). A linear-chain CRF trained on
synthetic pages (`make model-reflist`, see `train/reflist_pages.py`) labels each unit `B` (an entry
begins), `I` (an entry goes on), `H` (a heading over a list) or `O` (anything else: furniture,
titles, field lines, prose). Features say what a unit and its line look like (a surname with
initials, a year, a DOI, "Vol"/"pp", "Place: Publisher", numbering, bullets, indentation, ...) and
what their neighbours look like; a heading is one signal among many, never required.

>>> text = "Home\\nOkafor, T. (2018). Quiet leaders. London: Sage.\\nLind, B. (2019). Heads. Leeds: Ash."
>>> [text[s:e] for s, e in find_reference_lists(text)[0].entries]
['Okafor, T. (2018). Quiet leaders. London: Sage.', 'Lind, B. (2019). Heads. Leeds: Ash.']
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from kg.errors import ModelError
from kg.text import fold

log = logging.getLogger(__name__)

MODEL_FILE = "reflist.crfsuite"
LABELS = ("B", "I", "H", "O")


# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Unit:
    """A line, or a piece of one between two places where a reference could begin."""

    start: int
    end: int
    line: int  # index of the line in the document
    first: bool  # the unit begins its line
    last: bool  # the unit ends its line


@dataclass(frozen=True)
class ReferenceList:
    """One reference list: its span, its heading (if any) and its entries (numbering and bullets left out)."""

    start: int
    end: int
    entries: tuple[tuple[int, int], ...]
    heading: tuple[int, int] | None = None


# --------------------------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------------------------

_MARKER = re.compile(r"(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,4}[.)]|[•·▪◦‣*–—-])(?=\s)")
_MARKER_TOKEN = re.compile(r"\[\d{1,4}\]|\(\d{1,4}\)|\d{1,4}[.)]|[•·▪◦‣*–—-]")
_TOKEN = re.compile(r"\S+")
#: "T.", "Yu.", "D.H.", "J.-P.": an initial, after which no reference begins ("UK." and "GA." are no initials)
_INITIAL_SHAPE = re.compile(r"\(?(?:-?[^\W\d_]{1,2}\.)+")


def _is_initial(tok: str) -> bool:
    if not _INITIAL_SHAPE.fullmatch(tok):
        return False
    pieces = [p for p in re.split(r"[.\-(]", tok) if p]
    return all(p[0].isupper() and (len(p) == 1 or p[1].islower()) for p in pieces)
_PARTICLES = {"van", "von", "de", "der", "den", "del", "della", "di", "da", "du", "dos", "das", "la", "le", "ten", "ter"}
_ABBREVIATIONS = {
    "pp.", "p.", "vol.", "vols.", "no.", "nos.", "ed.", "eds.", "edn.", "n.", "nr.", "cf.", "e.g.", "i.e.", "al.",
    "st.", "dr.", "prof.", "mr.", "mrs.", "ms.", "vs.", "trans.", "rev.", "hrsg.", "hg.", "bd.", "s.", "jg.", "dir.",
    "coord.", "éd.", "éds.", "t.", "c.", "с.", "т.", "вып.", "ред.", "под", "изд.", "вид.", "№",
}
_URLISH = re.compile(r"(?:https?://|www\.|doi:|10\.\d{4,9}/)", re.I)


def _cut_before(prev: str, nxt: str, after: str = "") -> bool:
    """Whether a reference could begin at token `nxt` (then `after`) after token `prev`.

    These are candidates only; the model decides which of them begin an entry.
    """
    head = nxt[0]
    if _MARKER_TOKEN.fullmatch(prev) or prev in (".", "…", "...", ".…"):
        return False  # "[2] Okafor": the number and the entry stay together; ". . . Dole, Z.": one author list
    particle = nxt in _PARTICLES and (after[:1].isupper() or after in _PARTICLES)  # "van der Meulen, J."
    if not (head.isupper() or particle or head in "[(«\"“‘'•·▪*–—" or (head.isdigit() and _MARKER_TOKEN.fullmatch(nxt))):
        return False
    if _URLISH.search(prev):
        return True
    tail = prev[-1]
    if not (tail in ".)]" or tail.isdigit()):
        return False
    low = prev.lower().lstrip("(")
    return not (_is_initial(prev) or low in _ABBREVIATIONS)


def units(text: str) -> list[Unit]:
    """Cut `text` into units: each non-blank line, cut again where a reference could begin."""
    out: list[Unit] = []
    pos = 0
    for n, line in enumerate(text.split("\n")):
        toks = [(m.start(), m.end()) for m in _TOKEN.finditer(line)]
        if toks:
            begin = toks[0][0]
            skip = 1 if _MARKER_TOKEN.fullmatch(line[toks[0][0]:toks[0][1]]) else 0  # "1. Okafor": one unit
            pieces: list[tuple[int, int]] = []
            for i in range(1 + skip, len(toks)):
                after = line[toks[i + 1][0]:toks[i + 1][1]] if i + 1 < len(toks) else ""
                if _cut_before(line[toks[i - 1][0]:toks[i - 1][1]], line[toks[i][0]:toks[i][1]], after):
                    pieces.append((begin, toks[i - 1][1]))
                    begin = toks[i][0]
            pieces.append((begin, toks[-1][1]))
            for k, (s, e) in enumerate(pieces):
                out.append(Unit(pos + s, pos + e, n, k == 0, k == len(pieces) - 1))
        pos += len(line) + 1
    return out


# --------------------------------------------------------------------------------------------
# Features
# --------------------------------------------------------------------------------------------

_UPW = r"[^\W\d_a-zß-ÿа-яёіїєґ]"  # an upper-case letter, roughly: refined by str.isupper below
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_FLAGS: dict[str, re.Pattern[str]] = {
    "year": re.compile(rf"(?<!\d){_YEAR}[a-z]?(?!\d)"),
    "pyear": re.compile(rf"\(\s*(?:{_YEAR}[a-z]?|n\.\s?d\.|s\.\s?d\.|in press|forthcoming)[^()]{{0,12}}\)", re.I),
    "nd": re.compile(r"\b(?:n\.\s?d\.|s\.\s?d\.|o\.\s?j\.|in press|forthcoming|im druck|sous presse)", re.I),
    "doi": re.compile(r"\b10\.\d{4,9}/\S+|\bdoi\b", re.I),
    "url": re.compile(r"https?://|www\.", re.I),
    "vol": re.compile(r"\b(?:vol|bd|t|том|т)\.?\s*\d|\bvolume\s+\d|\bv\.?\s?\d+\s*n\.?\s?\d", re.I),
    "no": re.compile(r"\b(?:no|nr|n°|n\.|№|issue|heft)\s*\.?\s*\d|n°\s*\d", re.I),
    "pp": re.compile(r"\b(?:pp?|s|с|c)\.\s*\d|\bpp\d|\bpages?\s+\d", re.I),
    "voliss": re.compile(r"\d+\s*\(\s*\d+(?:[/–-]\d+)?\s*\)\s*[:,]?\s*\d*"),
    "range": re.compile(r"\b\d{1,5}\s*[-–—]\s*\d{1,5}\b"),
    "placepub": re.compile(r"[^\W\d_][\w.\- ]{1,30}(?:,\s*[A-Z]{2})?\s?:\s*[^\W\d_]"),
    "quote": re.compile(r"[«»“”\"„]|(?:^|\s)‘|’(?:\s|[.,]|$)"),
    "in": re.compile(r"(?:^|[.,]\s)(?:In|in|Im|Dans|dans|En|В|У)\s*:?\s+[^\W\d_]"),
    "eds": re.compile(r"\((?:eds?|hrsg|hg|éds?|dir|coord|ред)\.?\)|\beds?\.\s|\bedited by\b|\(Hrsg\.\)", re.I),
    "etal": re.compile(r"\bet\s+al\b|\bu\.\s?a\.|\bи\s+др\b|\bта\s+ін\b", re.I),
    "publisher": re.compile(r"\b(?:Press|Verlag|Publishing|Publishers?|Books|Éditions?|Editions?|Editorial|Routledge|"
                            r"University|Universität|Université|Institute|Издательство|Видавництво|Изд|Вид)\b", re.I),
    "journal": re.compile(r"\b(?:Journal|Review|Quarterly|Bulletin|Zeitschrift|Revue|Revista|Rivista|Studies|Proceedings|"
                          r"Вестник|Вісник|Журнал)\b", re.I),
    "retrieved": re.compile(r"\b(?:Retrieved|Available|Accessed|Abgerufen|Consulté|Режим доступу|URL)\b", re.I),
    "thesis": re.compile(r"\b(?:thesis|dissertation|Dissertation|thèse|tesis|дис)\b", re.I),
    "gost": re.compile(r"//|\s[–—-]\s(?:\d|[СCМK]\.|№)"),
    "citation": re.compile(rf"\([^()]*{_YEAR}[^()]*\)"),
    "field": re.compile(r"^[^\W\d_][\w /()&-]{1,35}:\s*\S"),
    "ris": re.compile(r"^[A-Z][A-Z0-9]\s{1,2}-\s"),
    "copyright": re.compile(r"©|\(c\)\s*\d{4}|\ball rights reserved\b", re.I),
    "email": re.compile(r"\S@\S+\.\w"),
    "pronoun": re.compile(r"\b(?:we|our|this|these|that|which|is|are|was|were|has|have|can|will|it|they|there|"
                          r"der|die|das|und|ist|sind|le|la|les|est|sont|et|el|los|es|и|в|на|что|це|та)\b", re.I),
}
_START_FLAGS: dict[str, re.Pattern[str]] = {
    # "Okafor, T. N.," "van der Berg, A.", "Tulegenova (Tolegen), A."
    "fam_init": re.compile(r"^(?:(?:van|von|de|der|den|del|da|di|du|la|le|ten)\s+){0,3}[^\W\d_][\w'’-]+(?:\s*\([^()]{1,30}\))?"
                           r",\s*(?:[^\W\d_]{1,2}\.\s?-?){1,4}"),
    # "Okafor, Tobias" / "Okafor, Tobias N."
    "fam_given": re.compile(r"^[^\W\d_][\w'’-]+,\s+[^\W\d_][^\W\d_]+(?:\s+[^\W\d_]\.)?[,;:.]?(?:\s|$)"),
    # "T. N. Okafor", "Tobias N. Okafor,", "Colin A. Scott,"
    "given_fam": re.compile(r"^(?:[^\W\d_][\w'’-]*\.?\s+){1,3}[^\W\d_][\w'’-]+(?:,|\s+(?:and|&|et|und|y)\s)"),
    # "Okafor TN," "Okafor T,"
    "vancouver": re.compile(r"^[^\W\d_][\w'’-]+\s+[^\W\d_]{1,3}[,.]"),
    # "OECD. (2019)", "World Bank (2018)"
    "org_year": re.compile(rf"^(?:[^\W\d_][\w&'’-]*\s+){{0,6}}[^\W\d_][\w&'’-]*\.?\s*\(\s*(?:{_YEAR}|n\.\s?d\.)"),
    "caps_name": re.compile(r"^[^\W\d_a-z]{2,}(?:\s+[^\W\d_a-z]{2,})?,\s"),
}


_YEAR_SHAPE = re.compile(rf"{_YEAR}[a-z]?")
_RANGE_SHAPE = re.compile(r"\d+[-–]\d+")


def _tok_shape(tok: str) -> str:
    """A short shape of a token: 'Okafor,' -> 'Xx,', 'T.' -> 'X.', '(2018).' -> '(Y).', 'and' -> 'and'."""
    low = tok.lower()
    if low in ("and", "&", "et", "und", "y", "e", "in", "in:", "i", "и", "та", "//", "–", "-", "—", "al.", "eds.", "ed."):
        return low
    core = tok.strip("()[].,;:«»\"“”‘’'")
    lead = "".join(ch for ch in tok[:2] if ch in "([«\"“‘'")[:1]
    trail = "".join(ch for ch in tok[-2:] if ch in ")].,;:»\"”’'")
    if not core:
        return tok[:3]
    if _YEAR_SHAPE.fullmatch(core):
        body = "Y"
    elif core.isdigit():
        body = "d" if len(core) < 4 else "dddd"
    elif _RANGE_SHAPE.fullmatch(core):
        body = "d-d"
    elif _URLISH.search(core):
        body = "URL"
    elif len(core) <= 2 and core[0].isupper() and (tok.endswith(".") or len(core) == 1):
        body = "X"
    elif core[0].isupper():
        body = "XX" if core.isupper() and len(core) > 1 else "Xx"
    elif core[0].islower():
        body = "x"
    elif core[0].isdigit():
        body = "d*"
    else:
        body = "?"
    return lead + body + trail


def _bucket(n: float, edges: Sequence[float]) -> str:
    for i, e in enumerate(edges):
        if n <= e:
            return str(i)
    return str(len(edges))


def _unit_features(s: str) -> list[str]:
    toks = s.split()
    shapes = [_tok_shape(t) for t in toks[:5]]
    f = [f"sh1={shapes[0]}", f"sh2={' '.join(shapes[:2])}", f"sh3={' '.join(shapes[:3])}",
         f"sh4={' '.join(shapes[:4])}", f"shL={_tok_shape(toks[-1])}"]
    for name, rx in _FLAGS.items():
        if rx.search(s):
            f.append(name)
    for name, rx in _START_FLAGS.items():
        if rx.match(s):
            f.append(name)
    words = [t for t in toks if t[:1].isalpha()]
    caps = sum(1 for t in words if t[0].isupper())
    punct = sum(1 for ch in s if ch in ".,;:()[]")
    f.append("ntok=" + _bucket(len(toks), (1, 2, 3, 5, 8, 12, 20, 35)))
    f.append("caps=" + _bucket(caps / len(words) if words else 0, (0.0, 0.2, 0.4, 0.6, 0.8, 0.99)))
    f.append("punct=" + _bucket(punct / max(1, len(toks)), (0.0, 0.2, 0.4, 0.7, 1.0, 1.5)))
    f.append("end=" + (s[-1] if s[-1] in ".,;:)]?!" else "d" if s[-1].isdigit() else "a"))
    if s.isupper() and len(s) > 3:
        f.append("allcaps")
    return f


@lru_cache(maxsize=1)
def headings() -> frozenset[str]:
    """The folded heading words of reference lists in many languages (`kg/data/reference_headings.txt`)."""
    text = resources.files("kg").joinpath("data/reference_headings.txt").read_text(encoding="utf-8")
    return frozenset(fold(ln.strip()) for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))


_HEADING_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVXivx]+\.|[A-Z]\.)\s+")


def _heading_key(line: str) -> str:
    s = _HEADING_NUMBER.sub("", line.strip()).strip(" :.#*=-–—")
    return " ".join(fold(s).split())


def _neighbour_features(other: str) -> list[str]:
    """What a line tells the lines above and below it (prefixed 'lp.' or 'ln.' there)."""
    o = other.strip()
    om = _MARKER.match(o)
    ob = o[om.end():].lstrip() if om else o
    f = ["mark"] if om else []
    f += [name for name in ("year", "pyear", "doi", "voliss", "placepub", "pronoun") if _FLAGS[name].search(o)]
    f += [name for name in ("fam_init", "given_fam", "org_year", "vancouver") if _START_FLAGS[name].match(ob)]
    f.append("len=" + _bucket(len(o), (10, 40, 80, 200)))
    return f


def _line_features(line: str, prev: str | None, nxt: str | None, prev_blank: bool, next_blank: bool,
                   neighbour: Callable[[str], list[str]]) -> list[str]:
    s = line.strip()
    toks = s.split()
    f = ["l.len=" + _bucket(len(s), (3, 10, 25, 50, 80, 120, 200, 400, 800))]
    lead = len(line) - len(line.lstrip())
    f.append("l.indent=" + _bucket(lead, (0, 2, 4, 8)))
    if prev is not None:
        plead = len(prev) - len(prev.lstrip())
        f.append("l.rel=" + ("more" if lead > plead else "less" if lead < plead else "same"))
    m = _MARKER.match(s)
    if m:
        mk = m.group()
        f.append("l.mark=" + ("[n]" if mk.startswith("[") else "(n)" if mk.startswith("(") else "n." if mk[0].isdigit() else "bullet"))
    if prev_blank:
        f.append("l.blank_before")
    if next_blank:
        f.append("l.blank_after")
    key = _heading_key(s)
    heads = headings()
    if key in heads:
        f.append("l.heading")
    elif len(toks) <= 12 and any(key.startswith(h + " ") for h in heads if " " not in h):
        f.append("l.heading_prefix")
    for name in ("year", "pyear", "doi", "url", "voliss", "range", "placepub", "quote", "field", "ris",
                 "pronoun", "citation", "journal", "publisher"):
        if _FLAGS[name].search(s):
            f.append("l." + name)
    body = s[m.end():].lstrip() if m else s
    for name, rx in _START_FLAGS.items():
        if rx.match(body):
            f.append("l." + name)
    f.append("l.end=" + (s[-1] if s and s[-1] in ".,;:)]?!" else "d" if s and s[-1].isdigit() else "a"))
    f.append("l.commas=" + _bucket(s.count(","), (0, 1, 2, 4, 8)))
    if s.isupper() and len(s) > 3:
        f.append("l.allcaps")
    for tag, other in (("p", prev), ("n", nxt)):
        f.extend(f"l{tag}.{x}" for x in (neighbour(other) if other is not None else ("none",)))
    return f


_CONTEXT_KEEP = ("sh1=", "sh2=", "shL=", "year", "pyear", "fam_init", "given_fam", "org_year", "vancouver",
                 "doi", "url", "range", "voliss", "placepub", "end=", "ntok=")


def features(text: str, us: Sequence[Unit]) -> list[list[str]]:
    """The CRF features of each unit: its own, its line's, and its neighbours'."""
    lines = text.split("\n")
    nonblank = [i for i, ln in enumerate(lines) if ln.strip()]
    prev_of = {b: a for a, b in zip(nonblank, nonblank[1:])}
    next_of = {a: b for a, b in zip(nonblank, nonblank[1:])}
    line_cache: dict[int, list[str]] = {}
    neighbour = cache(_neighbour_features)  # each line is the neighbour of two others
    own = [_unit_features(text[u.start:u.end]) for u in us]
    out: list[list[str]] = []
    for k, u in enumerate(us):
        if u.line not in line_cache:
            p, n = prev_of.get(u.line), next_of.get(u.line)
            line_cache[u.line] = _line_features(
                lines[u.line], lines[p] if p is not None else None, lines[n] if n is not None else None,
                p is None or p < u.line - 1, n is None or n > u.line + 1, neighbour)
        f = ["bias", *own[k], *line_cache[u.line]]
        f.append("first" if u.first else "notfirst")
        if u.last:
            f.append("last")
        if k == 0 or us[k - 1].line != u.line:
            f.append("-1:newline")
        for off, tag in ((-1, "-1:"), (1, "+1:")):
            j = k + off
            if 0 <= j < len(us):
                f.extend(tag + x for x in own[j] if x.startswith(_CONTEXT_KEEP))
            else:
                f.append(tag + "none")
        out.append(f)
    return out


# --------------------------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _tagger():
    try:
        import pycrfsuite
    except ImportError as exc:  # pragma: no cover - a pinned dependency
        raise ModelError("python-crfsuite is not installed; run `make setup` (it is pinned in pyproject.toml)") from exc
    path = resources.files("kg").joinpath("models", MODEL_FILE)
    if not path.is_file():
        raise ModelError(f"the reference-list model kg/models/{MODEL_FILE} is missing; run `make model-reflist` to train it")
    tagger = pycrfsuite.Tagger()
    try:
        with resources.as_file(path) as real:
            tagger.open(str(real))
    except Exception as exc:
        raise ModelError(f"cannot read kg/models/{MODEL_FILE} ({exc}); run `make model-reflist` to train it again") from exc
    return tagger


def label_units(text: str) -> list[tuple[Unit, str]]:
    """Each unit of `text` with its label: B (an entry begins), I (it goes on), H (list heading), O (other)."""
    us = units(text)
    if not us:
        return []
    return list(zip(us, _tagger().tag(features(text, us))))


# --------------------------------------------------------------------------------------------
# Lists and entries
# --------------------------------------------------------------------------------------------

_LEAD_MARK = re.compile(r"\s*(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,4}[.)]|[•·▪◦‣*–—-])\s+")


def _entry(text: str, s: int, e: int) -> tuple[int, int]:
    """An entry's span without its numbering or bullet and surrounding space."""
    m = _LEAD_MARK.match(text, s, e)
    if m:
        s = m.end()
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


_GAP_LINES = 3  # short lines (a page number, a running head, "Google Scholar") that a list may run across
_GAP_WIDTH = 80


def _entries(text: str, labelled: Iterable[tuple[Unit, str]]) -> list[tuple[list[tuple[int, int]], tuple[int, int] | None]]:
    """Runs of entries (B/I units) with the heading unit just before each run, if any.

    A run goes on across a page break or link lines: up to three short lines that are no entry; an
    entry that goes on (I) below them takes them in.
    """
    runs: list[tuple[list[tuple[int, int]], tuple[int, int] | None]] = []
    current: list[list[int]] = []
    heading: tuple[int, int] | None = None
    gap: set[int] = set()
    gap_wide = False

    def close() -> None:
        nonlocal current
        if current:
            runs.append(([_entry(text, s, e) for s, e in current], heading))
        current = []

    for unit, lab in labelled:
        if lab in ("B", "I"):
            if gap and (len(gap) > _GAP_LINES or gap_wide):
                close()
                heading = None
            if lab == "B" or not current:
                current.append([unit.start, unit.end])
            else:
                current[-1][1] = unit.end
            gap, gap_wide = set(), False
        elif lab == "H":
            close()
            heading, gap, gap_wide = (unit.start, unit.end), set(), False
        elif current:
            gap.add(unit.line)
            gap_wide = gap_wide or unit.end - unit.start > _GAP_WIDTH
        else:
            heading = None
    close()
    return runs


_DATED = re.compile(rf"(?<!\d){_YEAR}[a-z]?(?!\d)|\bn\.\s?d\.|\bin press\b|\bforthcoming\b|\b10\.\d{{4,9}}/", re.I)


# a year that prose puts after a preposition ('launched in 2015'), not the date of a reference
_PROSE_BEFORE_YEAR = re.compile(r"\b(?:in|since|by|from|until|till|during|to|between|before|after|around|of|and|early|late|mid)\s+$", re.I)


def _dated_like_a_reference(text: str, start: int, end: int) -> bool:
    """An entry's date as references print it: '(2015)', ', 2015', '2015.', 'n.d.', a DOI; not 'in 2015'."""
    for m in _DATED.finditer(text, start, end):
        if not m.group(0)[:1].isdigit() or not _PROSE_BEFORE_YEAR.search(text[max(start, m.start() - 12):m.start()]):
            return True
    return False


def find_reference_lists(text: str) -> list[ReferenceList]:
    """The reference lists of a text, in order: two entries or more, or one under a heading.

    A run whose entries mostly carry no year, date status, DOI or link is no reference list.
    """
    out: list[ReferenceList] = []
    for entries, heading in _entries(text, label_units(text)):
        entries = [(s, e) for s, e in entries if e > s]
        if not (len(entries) >= 2 or (entries and heading)):
            continue
        dated = sum(1 for s, e in entries if _dated_like_a_reference(text, s, e))
        if 2 * dated < len(entries) or (not heading and dated < 2):
            continue
        out.append(ReferenceList(entries[0][0], entries[-1][1], tuple(entries), heading))
    return out


def find_reference_section(text: str) -> tuple[int, int] | None:
    """From the first reference list's first entry to the last list's last entry, or None."""
    lists = find_reference_lists(text)
    return (lists[0].start, lists[-1].end) if lists else None


def split_references(block: str) -> list[tuple[int, int]]:
    """Spans of the single entries of a block known to be a reference list.

    Units the model does not take for an entry start go with the entry before them.
    """
    labelled = label_units(block)
    spans: list[list[int]] = []
    for unit, lab in labelled:
        if lab == "B" or not spans:
            if lab in ("B", "I") or spans == []:
                spans.append([unit.start, unit.end])
                continue
        spans[-1][1] = unit.end
    out = [_entry(block, s, e) for s, e in spans]
    return [(s, e) for s, e in out if e > s]
