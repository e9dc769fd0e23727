"""What the tagger knows of each token: its shape, case, digits, punctuation, which general-knowledge
word lists it is in (`data/lexicons.json`, `data/given_names.txt`, `data/places.txt`), its
neighbours, and where it stands in the string. Features of a token string are worked out once.

>>> own_features("2018a")[:3]
['w=2018a', 'sh=d4x', 'len=5']
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from kg.text import fold

_DATA = resources.files("kg.extract.refmodel") / "data"
_YEAR = re.compile(r"(?:1[5-9]|20)\d\d[a-z]?")
_ORDINAL = re.compile(r"\d{1,3}(?:st|nd|rd|th|e|er|re|ème|\.)?", re.I)
_QUOTES_OPEN = {"“", "‘", "«", "„", "‚"}
_QUOTES_CLOSE = {"”", "’", "»"}
_CACHE_LIMIT = 200_000


@lru_cache(maxsize=1)
def lexicons() -> dict[str, frozenset[str]]:
    """Word list name -> folded words: the cue lists, given names, and place-name words."""
    raw = json.loads((_DATA / "lexicons.json").read_text(encoding="utf-8"))
    lex = {name: frozenset(fold(w) for w in words) for name, words in raw.items() if not name.startswith("_")}
    lex["given"] = frozenset(fold(w) for w in _lines("given_names.txt"))
    places = _lines("places.txt")
    lex["place"] = frozenset(fold(p) for p in places if " " not in p)
    lex["placepart"] = frozenset(fold(w) for p in places if " " in p for w in p.split())
    return lex


def _lines(name: str) -> list[str]:
    path = _DATA / name
    if not path.is_file():
        return []
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]


def shape(token: str) -> str:
    """Character classes with runs compressed: "Okafor" -> "Xx", "OECD" -> "X+", "2018" -> "d4", "(" -> "("."""
    out: list[str] = []
    prev = ""
    run = 0
    for ch in token:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if c == prev:
            run += 1
            continue
        if prev:
            out.append(_run(prev, run))
        prev, run = c, 1
    if prev:
        out.append(_run(prev, run))
    return "".join(out)


def _run(c: str, n: int) -> str:
    if c == "d":
        return f"d{min(n, 5)}"
    if c == "X":
        return "X+" if n > 1 else "X"
    return c


def _length(token: str) -> str:
    n = len(token)
    return str(n) if n < 5 else "5" if n < 8 else "8"


_own: dict[str, list[str]] = {}
_near: dict[str, list[str]] = {}


def own_features(token: str) -> list[str]:
    """The features of a token string itself (memoised)."""
    f = _own.get(token)
    if f is None:
        if len(_own) > _CACHE_LIMIT:
            _own.clear()
        f = _own[token] = _compute_own(token)
    return f


def near_features(token: str) -> list[str]:
    """The features a token lends its neighbours (memoised)."""
    f = _near.get(token)
    if f is None:
        if len(_near) > _CACHE_LIMIT:
            _near.clear()
        own = own_features(token)
        f = _near[token] = [a for a in own if not a.startswith(("len=", "suf="))]
    return f


def far_features(token: str) -> list[str]:
    """The features a token lends tokens two places away."""
    return own_features(token)[:2]


def _compute_own(token: str) -> list[str]:
    low = token.lower()
    if token.startswith(("http", "www.")):
        return ["w=<url>", "sh=url", "len=8", "url", *(["doi"] if "doi.org/10." in low else [])]
    if "10." in token and "/" in token and re.match(r"(?:doi:\s?)?10\.\d", low):
        return ["w=<doi>", "sh=doi", "len=8", "doi"]
    sh = shape(token)
    feats = [f"w={low}", f"sh={sh}", f"len={_length(token)}"]
    first = token[0]
    if first.isalpha():
        if first.isupper():
            feats.append("cap")
            if len(token) > 1 and token.isupper():
                feats.append("allcap")
        if not token.isascii():
            feats.append("nonascii")
        if any("\u0400" <= ch <= "\u04ff" for ch in token):
            feats.append("cyrillic")
        if len(token) >= 5:
            feats.append(f"suf={low[-3:]}")
    elif first.isdigit():
        feats.append("digit")
        if _YEAR.fullmatch(token):
            feats.append("year")
        if _ORDINAL.fullmatch(token) and not token.isdigit():
            feats.append("ordinal")
    if "-" in token[1:] or "‐" in token[1:]:
        feats.append("hyph")
    if "'" in token or "’" in token:
        feats.append("apos")
    key = fold(token)
    for name, words in lexicons().items():
        if key in words:
            feats.append(f"L:{name}")
    return feats


#: how many distinct `dynamic_codes` there are: tenth (10) x year seen (2) x breaks (5) x first, last,
#: in brackets, in quotes (2 each)
DYNAMIC_CODES = 10 * 2 * 5 * 2 * 2 * 2 * 2


def dynamic_codes(tokens: list[str]) -> list[int]:
    """Per position, one number for where it stands: the tenth of the string, whether a year was seen
    before, sentence breaks before (at most 4), first, last, inside brackets, inside quotes
    (`dynamic_names` spells a code out)."""
    n = len(tokens)
    out = []
    year_seen = 0
    depth = 0
    quoted = 0
    breaks = 0
    prev = ""
    last = n - 1
    for i, tok in enumerate(tokens):
        out.append(((((10 * i // n) * 2 + year_seen) * 5 + breaks) * 16)
                   + (i == 0) * 8 + (i == last) * 4 + (depth > 0) * 2 + quoted)
        # state after this token
        if len(tok) == 1 and not tok.isalnum():
            if tok in "([":
                depth += 1
            elif tok in ")]":
                depth = max(0, depth - 1)
            elif tok in _QUOTES_OPEN or (tok == '"' and not quoted):
                quoted = 1
            elif tok in _QUOTES_CLOSE or tok == '"':
                quoted = 0
            elif tok == "." and breaks < 4 and not (len(prev) == 1 and prev.isupper()):
                breaks += 1
        elif not year_seen and tok[0].isdigit() and _YEAR.fullmatch(tok):
            year_seen = 1
        prev = tok
    return out


@lru_cache(maxsize=DYNAMIC_CODES)
def dynamic_names(code: int) -> tuple[str, ...]:
    """The feature names of one `dynamic_codes` entry."""
    rest, flags = divmod(code, 16)
    rest, breaks = divmod(rest, 5)
    pos, year_seen = divmod(rest, 2)
    feats = [f"pos={pos}", f"yr={year_seen}", f"seg={breaks}"]
    for bit, name in ((8, "BOS"), (4, "EOS"), (2, "par"), (1, "quo")):
        if flags & bit:
            feats.append(name)
    return tuple(feats)


def dynamic_features(tokens: list[str]) -> list[tuple[str, ...]]:
    """Per position: where it stands (tenth of the string, first, last), whether a year was seen
    before, inside brackets or quotes, and how many sentence breaks came before."""
    return [dynamic_names(k) for k in dynamic_codes(tokens)]


def sequence_features(tokens: list[str]) -> list[list[str]]:
    """The full attribute list of every position (what the CRF is trained on)."""
    n = len(tokens)
    dyn = dynamic_features(tokens)
    seq: list[list[str]] = []
    for i, tok in enumerate(tokens):
        feats = list(own_features(tok))
        if i > 0:
            feats += ["-1:" + a for a in near_features(tokens[i - 1])]
        if i + 1 < n:
            feats += ["+1:" + a for a in near_features(tokens[i + 1])]
        if i > 1:
            feats += ["-2:" + a for a in far_features(tokens[i - 2])]
        if i + 2 < n:
            feats += ["+2:" + a for a in far_features(tokens[i + 2])]
        feats += dyn[i]
        seq.append(feats)
    return seq
