"""People's names: split into given and family parts, compare initials, format for display.

>>> split_name("Michelle S. Jones")
('Michelle S.', 'Jones')
>>> compatible_given("M.", "Michelle S.")
True
>>> compatible_given("A.", "D.")
False
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.text import fold

PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "del", "della", "la", "le", "ter", "ten", "bin", "al", "el"}
SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
HONORIFICS = {"dr", "dr.", "prof", "prof.", "professor", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "sir", "dame", "lord", "lady", "rev", "rev."}


@lru_cache(maxsize=1)
def _given_names():
    # gender-guesser's dictionary of first names from many countries, used only as a lexicon
    import gender_guesser.detector

    return gender_guesser.detector.Detector(case_sensitive=False)


@lru_cache(maxsize=4096)
def is_given_name(token: str) -> bool:
    """Is `token` a first name somewhere in the world ('Maria', 'Petros', 'Dong'), not 'Search' or 'Email'?"""
    token = token.strip(".,;:")
    if len(token) < 2 or not token[:1].isupper():
        return False
    return _given_names().get_gender(token) != "unknown"


def is_name_token(token: str, *, initials: bool = True) -> bool:
    """A capitalised word of a name in any script ("Łukasz", "Müller-Schmidt", "O'Neill", "McAllister"),
    or an initial ("D.", "D.H.") when `initials`."""
    if initials and re.fullmatch(r"(?:[^\W\d_]\.)+", token) and token[0].isupper():
        return True
    if re.match(r"^[OD][’']", token):  # O'Neill, D'Souza
        token = token[2:]
    parts = [p for p in re.split(r"[-'’]", token) if p]
    return bool(parts) and token[:1].isupper() and all(
        len(p) > 1 and p[0].isupper() and p.isalpha() and (p[1:].islower() or re.fullmatch(r"(?:Mc|Mac)[A-Z][a-z]+", p))
        for p in parts)


def split_name(name: str) -> tuple[str, str]:
    """(given, family) of a printed name: 'Maria Lind', 'Lind, Maria', 'D. H. Okafor'."""
    name = re.sub(r"\s+", " ", name).strip().strip(",")
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        return normalise_given(given), family
    tokens = [t for t in name.split(" ") if t]
    while tokens and tokens[0].lower() in HONORIFICS:
        tokens.pop(0)
    while len(tokens) > 1 and tokens[-1].lower() in SUFFIXES:
        tokens.pop()
    if not tokens:
        return "", ""
    i = len(tokens) - 1
    while i > 1 and tokens[i - 1].lower() in PARTICLES:
        i -= 1
    return normalise_given(" ".join(tokens[:i])), " ".join(tokens[i:])


def normalise_given(given: str) -> str:
    """'D.H.' -> 'D. H.', 'A' -> 'A.', full names kept."""
    given = given.strip()
    if not given:
        return ""
    parts = re.findall(r"[^\W\d_][^\s.]*\.?|-", given)
    out: list[str] = []
    hyphen = False
    for p in parts:
        if p == "-":
            hyphen = bool(out)
            continue
        core = p.rstrip(".")
        if hyphen and len(core) == 1 and out and len(out[-1].rstrip(".")) == 1:
            out[-1] += "-" + core.upper() + "."  # 'J.-P.', a hyphenated pair of initials
            hyphen = False
            continue
        hyphen = False
        if len(core) == 1:
            out.append(core.upper() + ".")
        elif core.isupper() and len(core) <= 3 and "." not in p:  # 'DH' printed without points
            out.extend(c + "." for c in core)
        else:
            out.append(p)
    return " ".join(out)


def initials(given: str) -> tuple[str, ...]:
    return tuple(fold(p)[0] for p in re.split(r"[\s.\-]+", given) if p)


def is_full(part: str) -> bool:
    """A written-out name ('Maria', 'Hanna-Maija'), not initials ('A.', 'H.-M.')."""
    return bool(re.search(r"[^\W\d_]{2,}", part))


def compatible_given(a: str, b: str) -> bool:
    """Two given-name forms can name one person: initials agree as far as both go, full names equal."""
    if not a or not b:
        return True
    ia, ib = initials(a), initials(b)
    n = min(len(ia), len(ib))
    if ia[:n] != ib[:n]:
        return False
    pa = [p for p in re.split(r"[\s]+", a) if p]
    pb = [p for p in re.split(r"[\s]+", b) if p]
    for x, y in zip(pa, pb):
        if is_full(x) and is_full(y) and fold(x.rstrip(".")) != fold(y.rstrip(".")):
            return False
    return True


def richness(given: str) -> tuple[int, int]:
    """How much a given-name form says: full names count more than initials."""
    parts = [p for p in given.split() if p]
    return (sum(2 if is_full(p) else 1 for p in parts), len(given))
