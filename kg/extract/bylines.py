"""Bylines in every common form: the names of a work's authors (or editors) as a page prints them.

"Ann Lee, Bo Chan and Cara Dunn", "Lee, Ann; Chan, Bo:", "Lee, A., Chan, B., and Dunn, C.",
"Ann Lee*, Bo Chan", "Vasstrand1, Berit2", "Anthony R. VELLACOTT", "By Ann Lee & Bo Chan",
"Beitrag von Eva Roth", "Ann Lee (School of Education, University of X)".
Footnote markers are kept per name (to tie a name to a numbered affiliation), ORCID markers dropped,
a parenthesised note kept as the name's affiliation text. Opening words and separators are data
(`kg/data/record_fields.json`).

>>> [(n.given, n.family) for n in parse_byline("Mara Quist*, Owen Delacroix, Lena Park").names]
[('Mara', 'Quist'), ('Owen', 'Delacroix'), ('Lena', 'Park')]
>>> [(n.given, n.family) for n in parse_byline("Quist, M., Delacroix, O., and Park, L.").names]
[('M.', 'Quist'), ('O.', 'Delacroix'), ('L.', 'Park')]
>>> parse_byline("Search Tips") is None
True
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg import gazetteer
from kg.data import load_json
from kg.names import HONORIFICS, PARTICLES, SUFFIXES, is_given_name, is_name_token, normalise_given

_MARKS = "*†‡§¶#⁰¹²³⁴⁵⁶⁷⁸⁹"
_MARK_TAIL = re.compile(rf"(?:[{re.escape(_MARKS)}]|(?<=[^\W\d_])\d{{1,2}}(?:[,‚]\d{{1,2}})*)+$")
_MARK_HEAD = re.compile(rf"^(?:[{re.escape(_MARKS)}]|\d{{1,2}}(?=[^\W\d_]))+")
_NOISE = re.compile(r"\bORCID(?:\s+Icon)?\b(?:\s*:?\s*(?:https?://orcid\.org/)?\d{4}-\d{4}-\d{4}-\d{3}[\dX])?|\bhttps?://orcid\.org/\S+"
                    r"|\b(?:Search for more papers by this author|View profile|Email|E-mail|Corresponding author)\b",
                    re.I)
_PAREN = re.compile(r"[ \t]*+\(([^()]{2,200})\)")


@dataclass
class Name:
    given: str
    family: str
    start: int  # offsets of the printed name in the byline text
    end: int
    marks: tuple[str, ...] = ()
    note: str | None = None  # "(School of Education, University of X)"
    note_start: int = -1


@dataclass
class Byline:
    names: list[Name]
    role: str = "author"  # or "editor"
    labelled: bool = False
    trailing_colon: bool = False


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[re.Pattern[str], dict[str, str], re.Pattern[str]]:
    data = load_json("record_fields.json")
    roles: dict[str, str] = {}
    for role in ("author", "editor"):
        for word in data["bylines"][role]:
            roles[word.lower()] = role
    for label in data["fields"]["authors"]["labels"]:
        roles.setdefault(label.lower(), "author")
    for label in data["fields"]["editors"]["labels"]:
        roles.setdefault(label.lower(), "editor")
    words = sorted(roles, key=len, reverse=True)
    opener = re.compile(r"^\s*(?P<w>" + "|".join(re.escape(w) for w in words) + r")(?:\s*:\s*|\s+)(?=\S)", re.I)
    seps = data["name_separators"]
    words = "|".join(re.escape(s) for s in seps if s.isalpha())
    # possessive runs: one way to read each gap, so a line of wide gaps costs linear time
    sep = re.compile(r"(?:[ \t]++(?:" + words + r")(?=[ \t])|[ \t]*+(?:;|&|,(?:[ \t]++(?:" + words
                     + r")(?=[ \t]))?))[ \t]*+")
    return opener, roles, sep


def _surname_token(token: str) -> bool:
    return is_name_token(token, initials=False) or (token.isupper() and token.isalpha() and len(token) >= 2) or bool(
        re.fullmatch(r"[^\W\d_]+(?:[-'’][^\W\d_]+)+", token) and token[0].isupper())


def _initials_only(text: str) -> bool:
    return bool(re.fullmatch(r"(?:[^\W\d_]{1,2}\.?\s*-?\s*){1,4}", text.strip())) and text.strip()[:1].isupper()


def _clean(piece: str) -> tuple[str, tuple[str, ...]]:
    marks: list[str] = []
    while True:
        m = _MARK_TAIL.search(piece)
        if not m or m.start() == 0:
            break
        marks.insert(0, m.group(0))
        piece = piece[: m.start()].rstrip()
    m = _MARK_HEAD.match(piece)
    if m:
        marks.insert(0, m.group(0))
        piece = piece[m.end():]
    return piece, tuple(marks)


def _display_family(family: str) -> str:
    if family.isupper() and len(family) > 2:  # 'ADAMES' -> 'Adames', "O'HARA" -> "O'Hara"
        return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), family)
    return family


def _forward(name: str) -> tuple[str, str] | None:
    """'Ann Lee', 'D. H. Chan', 'Anthony R. VELLACOTT', 'Ludwig van Beethoven' -> (given, family)."""
    tokens = [t for t in name.replace(".", ". ").split() if t]
    tokens = [t for t in tokens if t.lower().rstrip(".") not in {h.rstrip(".") for h in HONORIFICS}] or tokens
    while len(tokens) > 1 and tokens[-1].lower().strip(",") in SUFFIXES:
        tokens.pop()
    if not 2 <= len(tokens) <= 5:
        return None
    if len(tokens) >= 2 and _surname_token(tokens[0]) and all(re.fullmatch(r"[^\W\d_]{1,2}\.", t) and t[0].isupper()
                                                               for t in tokens[1:]):
        return normalise_given(" ".join(tokens[1:])), tokens[0]  # 'Ivanov I.I.', 'Morrison M.': family, then initials
    i = len(tokens) - 1
    while i > 1 and tokens[i - 1].lower() in PARTICLES:
        i -= 1
    given, family = tokens[:i], tokens[i:]
    if not all(_surname_token(t) or t.lower() in PARTICLES for t in family) or not _surname_token(family[-1]):
        return None
    if not all(is_name_token(t) or (t.isupper() and len(t) <= 2) for t in given):
        return None
    return normalise_given(" ".join(given)), " ".join(family)


def _inverted(family: str, given: str) -> tuple[str, str] | None:
    """'Lee', 'Ann' / 'Chan', 'B.' -> (given, family)."""
    ftoks, gtoks = family.split(), given.replace(".", ". ").split()
    if not 1 <= len(ftoks) <= 3 or not 1 <= len(gtoks) <= 4:
        return None
    if not all(_surname_token(t) or t.lower() in PARTICLES for t in ftoks) or not _surname_token(ftoks[-1]):
        return None
    if not all(is_name_token(t) or (t.isupper() and len(t) <= 3) for t in gtoks):
        return None
    return normalise_given(" ".join(gtoks)), family


def given_name_signal(first: str) -> bool:
    """Initials ('D.', 'J.-P.'), or a first name the lexicon knows: what tells a person's name from a heading."""
    return bool(first) and (bool(re.fullmatch(r"(?:[^\W\d_]\.)+(?:-[^\W\d_]\.)?", first)) or is_given_name(first.split("-")[0]))


def _signal(given: str) -> bool:
    return given_name_signal(given.split()[0] if given else "")


def _is_org_or_place(text: str) -> bool:
    from kg.extract.affiliations import has_org_cue

    return has_org_cue(text) or gazetteer.country_by_name(text) is not None


def parse_byline(text: str, *, labelled: bool = False) -> Byline | None:
    """The names of a byline, or None when `text` is not one.

    Unless the line opens with a byline word or label ("By", "Authors:"), or `labelled` says a field
    holds it, every name needs a given-name signal (initials, or a first name the lexicon knows), so
    that "Search Tips" or "Special Sessions" is never a byline.
    """
    if len(text) > 600 or not text.strip():
        return None  # a byline is a line of names, never a paragraph
    opener, roles, sep = _vocabulary()
    role = "author"
    body_start = 0
    m = opener.match(text)
    if m and len(m.group("w")) <= 3 and re.match(r"[^\s,]+,", text[m.end():]):
        m = None  # 'Von Thünen, Johann', 'Di Maria, Anna': a particle of the family name, not an opening word
    if m:
        role = roles[m.group("w").lower()]
        body_start = m.end()
        labelled = True
    body = text[body_start:]
    trailing_colon = body.rstrip().endswith(":")
    # blank out noise and parenthesised notes, keeping offsets
    notes: list[tuple[int, int, str]] = []
    chars = list(body)
    for nm in _NOISE.finditer(body):
        chars[nm.start():nm.end()] = " " * (nm.end() - nm.start())
    masked = "".join(chars)
    for pm in _PAREN.finditer(masked):
        notes.append((pm.start(), pm.end(), pm.group(1)))
        chars[pm.start():pm.end()] = " " * (pm.end() - pm.start())
    masked = re.sub(r"(?<=\d),(?=\d)", "‚", "".join(chars).rstrip())  # "Smith2,3": one mark, not two names
    if masked.endswith(":"):
        masked = masked[:-1]
    if not masked.strip() or len(masked) > 600 or re.search(r"\d{3,}|https?://|@|[!?]", masked):
        return None
    pieces = [(pm.start(), pm.group(0)) for pm in re.finditer(r"[^;]+", masked)] if ";" in masked else None
    names: list[Name] = []
    if pieces is not None:  # "Family, Given; Family, Given"
        for p0, piece in pieces:
            if not piece.strip():
                continue
            if "," in piece:
                fam, giv = piece.split(",", 1)
                cf, marks = _clean(fam.strip())
                cg, marks2 = _clean(giv.strip())
                parsed = _inverted(cf, cg)
                marks = marks + marks2
            else:
                cp, marks = _clean(piece.strip())
                parsed = _forward(cp)
            if parsed is None:
                return None
            s = p0 + len(piece) - len(piece.lstrip())
            names.append(Name(parsed[0], _display_family(parsed[1]), s, p0 + len(piece.rstrip()), marks))
    else:
        names_or_none = _inverted_run(masked) or _forward_run(masked, sep)
        if names_or_none is None:
            return None
        names = names_or_none
    if not names:
        return None
    for n in names:
        if _is_org_or_place(f"{n.given} {n.family}".strip()) or _is_org_or_place(n.family):
            return None
    if not labelled and not all(_signal(n.given) for n in names):
        return None
    # notes belong to the name just before them
    for ns, ne, note in notes:
        owner = [n for n in names if n.end <= ns]
        if owner:
            owner[-1].note, owner[-1].note_start = note, body_start + ns + (ne - ns - len(note) - 1)
    for n in names:
        n.start += body_start
        n.end += body_start
    return Byline(names, role=role, labelled=labelled, trailing_colon=trailing_colon)


_INVERTED_PAIR = re.compile(
    r"(?P<family>[^\W\d_][^,;&]{0,40}?)\s*,\s*(?P<given>(?:[^\W\d_]{1,2}\.\s*-?\s*){1,4}|[^\W\d_][^\W\d_'’-]+(?:\s+[^\W\d_]\.)*)"
    r"(?P<marks>[*†‡\d]*)\s*(?:,\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+|$)")


def _inverted_run(text: str) -> list[Name] | None:
    """'Lee, A., Chan, B., and Dunn, C.' or 'Lee, Ann' (one inverted name)."""
    pos, out = 0, []
    stripped = text.rstrip()
    while pos < len(stripped):
        lead = len(stripped[pos:]) - len(stripped[pos:].lstrip())
        m = _INVERTED_PAIR.match(stripped, pos + lead)
        if not m:
            return None
        fam, marks = _clean(m.group("family").strip())
        parsed = _inverted(fam, m.group("given").strip())
        if parsed is None:
            return None
        s = m.start("family")
        out.append(Name(parsed[0], _display_family(parsed[1]), s, m.end("given"), marks + ((m.group("marks"),) if m.group("marks") else ())))
        pos = m.end()
    if not out:
        return None
    # an inverted list needs initials or a written-out given name after every family name
    return out


def _forward_run(text: str, sep: re.Pattern[str]) -> list[Name] | None:
    out = []
    pos = 0
    for sm in list(sep.finditer(text)) + [None]:
        end = sm.start() if sm else len(text)
        piece = text[pos:end]
        if piece.strip():
            cp, marks = _clean(piece.strip())
            parsed = _forward(cp)
            if parsed is None:
                return None
            s = pos + len(piece) - len(piece.lstrip()) + piece.strip().find(cp)  # past leading marks ('¹Ann Lee')
            out.append(Name(parsed[0], _display_family(parsed[1]), s, s + len(cp), marks))
        if sm is None:
            break
        pos = sm.end()
    return out or None
