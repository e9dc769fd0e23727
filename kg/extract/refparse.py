"""Parse one reference string into a `Reference`: a trained token labeller (`kg.extract.refmodel`,
a linear-chain CRF) labels every token, and the small deterministic layer below turns the labels
into fields: authors in order, editors, year, title, container, volume, issue, pages, publisher ...
`score_fields` scores parsed references against expected fields (tests, bench).

Finding reference lists and splitting them into entries is `kg.extract.reflist` (a line model); in-text
citations are `kg.extract.citations`; both are re-exported here.

>>> ref = parse_reference("Okafor, T. N., & Lind, B. (2018). Quiet leaders. Journal of School Life, 7(2), 11-19.")
>>> ref.kind, ref.authors[0].family, ref.year, ref.container, ref.pages
('JournalArticle', 'Okafor', '2018', 'Journal of School Life', '11-19')
"""
from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

from kg.extract.affiliations import has_org_cue
from kg.extract.bylines import parse_byline
from kg.extract.citations import Citation, find_citations, fold, match_citation, status_of  # noqa: F401  (re-exported)
from kg.extract.refmodel import tagger
from kg.extract.refmodel.tokens import normalise, tokenize
from kg.extract.reflist import find_reference_section, split_references  # noqa: F401  (re-exported)
from kg.names import is_given_name
from kg.text import PERIODICAL_WORDS
from kg.text import fold as fold_text

log = logging.getLogger(__name__)

KINDS = ("JournalArticle", "Book", "BookChapter", "Thesis", "Report", "WebPage", "ConferencePaper")


# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Author:
    """One person (or organisation) as printed: family name, given names or initials ("D. H.")."""

    family: str
    given: str = ""
    #: other printed family names, e.g. "Tulegenova (Tolegen), A." -> ("Tolegen",)
    other_families: tuple[str, ...] = ()

    @property
    def families(self) -> tuple[str, ...]:
        """The family name and its printed alternatives."""
        return (self.family, *self.other_families)


@dataclass
class Reference:
    """One parsed reference; `start`/`end` are offsets in the text given to `split_references`."""

    text: str
    start: int
    end: int
    authors: list[Author] = field(default_factory=list)
    editors: list[Author] = field(default_factory=list)
    et_al: bool = False
    year: str | None = None
    year_suffix: str = ""
    status: str | None = None  # "forthcoming", "in press", "n.d."
    title: str | None = None
    container: str | None = None  # journal name, book a chapter is in, conference
    kind: str = "Book"
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None  # dashes normalised to "-"
    edition: str | None = None  # "6th", "2nd", "Revised"
    publisher: str | None = None
    place: str | None = None
    institution: str | None = None  # the awarding university of a thesis
    doi: str | None = None  # bare, e.g. "10.1080/13540602.2015.1023029"
    url: str | None = None  # a non-DOI link
    number: str | None = None  # report or working-paper number

    @property
    def creators(self) -> list[Author]:
        """Authors, or the editors of an edited book when it has no authors."""
        return self.authors or self.editors


# --------------------------------------------------------------------------------------------
# Given names
# --------------------------------------------------------------------------------------------

_PIECE = re.compile(r"-?[^\W\d_]+\.?")


def _is_initial(piece: str) -> bool:
    core = piece.strip("-.")
    return bool(core) and core[0].isupper() and (len(core) == 1 or (len(core) <= 3 and core[1:].islower() and piece.endswith(".")))


@lru_cache(maxsize=65536)
def normalise_given(given: str) -> str:
    """Given names as printed, initials spaced and dotted: "D.H." -> "D. H.", "J.-P." stays, "Maria" stays."""
    given = " ".join(given.replace(",", " ").split())
    if not given:
        return ""
    if given.isalpha() and given.isupper() and len(given) <= 3:
        return " ".join(f"{ch}." for ch in given)
    pieces = _PIECE.findall(given)
    if pieces and all(_is_initial(p) for p in pieces) and "".join(pieces).replace(" ", "") == given.replace(" ", ""):
        out: list[str] = []
        for p in pieces:
            p = p if p.endswith(".") else p + "."
            if p.startswith("-") and out:
                out[-1] += p
            else:
                out.append(p.lstrip("-"))
        return " ".join(out)
    words = re.split(r"\s+|(?<=\.)(?=\S)", given)
    return " ".join(w + "." if len(w) == 1 and w.isupper() else w for w in words if w)


# --------------------------------------------------------------------------------------------
# From labels to fields
# --------------------------------------------------------------------------------------------

_YEAR = re.compile(r"(?<!\d)((?:1[5-9]|20)\d\d)([a-z])?(?!\d)")
_DOI = re.compile(r"10\.\d{3,9}/\S+")
_PAGES_CUE = re.compile(r"^(?:pp?\.?|pages?|s\.|art(?:icle)?\.?(?:\s*no\.?)?|no\.)\s*", re.I)
_ORDINAL = re.compile(r"(\d{1,3})(st|nd|rd|th)?", re.I)
_WRAPPERS = ("()", "[]", "“”", "‘’", '""', "''", "«»", "„“")


@lru_cache(maxsize=65536)
def _fold_token(token: str) -> str:
    return fold_text(token)


@lru_cache(maxsize=1)
def _cues() -> dict[str, frozenset[str]]:
    """Cue words (folded) of the kinds of work, from the tagger's lexicons."""
    raw = json.loads((resources.files("kg.extract.refmodel") / "data" / "lexicons.json").read_text(encoding="utf-8"))
    return {k: frozenset(fold_text(w) for w in v) for k, v in raw.items() if not k.startswith("_")}


def _clean_tail(value: str) -> str:
    """Strip trailing punctuation and unbalanced closing brackets from a DOI or URL."""
    while True:
        old = value
        value = value.rstrip(".,;:'\"”’")
        for o, c in ("()", "[]", "<>"):
            if value.endswith(c) and value.count(o) < value.count(c):
                value = value[:-1]
        if value == old:
            return value


def _strip_value(value: str) -> str:
    """A field's text without the punctuation and quotes around it."""
    value = value.strip()
    while True:
        old = value
        value = value.strip(" ,;:")
        if value.endswith(".") and not value.endswith("..."):
            value = value[:-1].rstrip()
        if not value or (value[0].isalnum() and value[-1].isalnum()):
            return value
        for o, c in _WRAPPERS:
            if len(value) >= 2 and value[0] == o and value[-1] == c:
                value = value[1:-1].strip()
            elif value.startswith(o) and value.count(o) > value.count(c) and o != c:
                value = value[1:].strip()
            elif value.endswith(c) and value.count(c) > value.count(o) and o != c:
                value = value[:-1].strip()
        if value[:1] in "\"“‘'" and value.count(value[0]) == 1 and value[0] not in "'":
            value = value[1:].strip()
        if value[-1:] in "\"”’" and value.count(value[-1]) == 1 and not value[-2:-1].isalpha():
            value = value[:-1].strip()
        if value == old:
            return value


@dataclass
class _Labelled:
    """One reference string, its tokens (with offsets) and their labels."""

    text: str
    tokens: list[tuple[str, int, int]]
    labels: list[str]

    @cached_property
    def folded(self) -> list[str]:
        """The tokens accent- and case-folded (worked out once)."""
        return [_fold_token(t) for t, _, _ in self.tokens]

    def join(self, idx: list[int]) -> str:
        """The printed text of some tokens, spaced as printed."""
        out = ""
        prev_end = None
        for i in idx:
            tok, s, e = self.tokens[i]
            if prev_end is not None and s > prev_end:
                out += " "
            out += tok
            prev_end = e
        return out

    def runs(self) -> dict[str, list[tuple[int, int]]]:
        """Per field label, its runs of tokens (first, last); a lone punctuation mark inside a run does not break it."""
        out: dict[str, list[tuple[int, int]]] = {}
        current: tuple[str, int, int] | None = None
        for i, lab in enumerate(self.labels):
            if lab == "O" or lab[1] == "-":
                continue
            if current and current[0] == lab and current[2] == i - 1:  # the next token of the same field
                current = (lab, current[1], i)
                out[lab][-1] = (current[1], i)
                continue
            if current and current[0] == lab and all(
                    self.labels[k] == "O" and not self.tokens[k][0][0].isalnum() for k in range(current[2] + 1, i)) \
                    and i - current[2] <= 3:
                current = (lab, current[1], i)
                out[lab][-1] = (current[1], i)
                continue
            current = (lab, i, i)
            out.setdefault(lab, []).append((i, i))
        return out

    def value(self, run: tuple[int, int]) -> str:
        return _strip_value(self.text[self.tokens[run[0]][1]: self.tokens[run[1]][2]])


def _label(text: str) -> _Labelled:
    return _label_many([text])[0]


def _label_many(texts: list[str]) -> list[_Labelled]:
    flats = [normalise(t) for t in texts]
    tokens = [tokenize(f) for f in flats]
    labels = tagger.label_many([[t for t, _, _ in toks] for toks in tokens])
    return [_Labelled(f, t, lab) for f, t, lab in zip(flats, tokens, labels)]


def _people(lab: _Labelled) -> tuple[list[Author], list[Author]]:
    """Authors and editors, in printed order. The name tokens are cut into segments at the separators
    between them (",", ";", "&", "and", ...); a segment holding family and given names is one person
    ("P. G. Vitone", "Wu K"), a family-only segment followed by a given-only one is one inverted person
    ("Hollings, Margaret"); the labels' B- marks only part two people inside one segment. A person's
    role is most of its tokens' roles."""
    labels = _initials_after_families(lab)
    segments = _name_segments(lab, labels)
    people: list[list[tuple[str, str, int]]] = []
    k = 0
    while k < len(segments):
        seg = segments[k]
        parts = {p for _, p, _ in seg}
        after = segments[k + 1] if k + 1 < len(segments) else None
        if after and parts <= {"F", "P"} and all(lab.folded[i] in (",", ".") for i in range(seg[-1][2] + 1, after[0][2])) \
                and ({p for _, p, _ in after} == {"G"} or (k == 0 and _given_names_read_as_family(lab, after))):
            people.append(seg + [(r, "G", i) for r, _, i in after])  # "Family, Given"
            k += 2
            continue
        people.extend(_split_group(seg))
        k += 1
    roles = _roles(lab, people)
    # authors come before the title; a "person" after it with no editor mark is no person ("W.H. Freeman")
    # the work's own fields begin where its title (or what the labels call its host) begins
    title = next((i for i, lb in enumerate(lab.labels) if lb in _WORK_FIELDS), len(lab.labels))
    kept = [(g, r) for g, r in zip(people, roles) if r == "E" or g[0][2] < title]
    people, roles = [g for g, _ in kept], [r for _, r in kept]
    authors: list[Author] = []
    editors: list[Author] = []
    for group, role in zip(people, roles):
        person = _person(lab, _repair_parts(lab, [(p, i) for _, p, i in group]))
        if person is not None:
            (authors if role == "A" else editors).append(person)
    author_tokens = [i for group, role in zip(people, roles) if role == "A" for _, _, i in group]
    if authors and author_tokens:
        authors = _given_first(lab, authors, min(author_tokens), max(author_tokens)) or authors
    return authors, editors


def _given_first(lab: _Labelled, authors: list[Author], first: int, last: int) -> list[Author] | None:
    """A list printed given names first ('Colin A. Lee, Beth Park, 1926, ...') that the labels read as
    family names first (a first name the lexicon knows as the family): the byline reader's persons."""
    head = authors[0].family.split()[0] if authors[0].family else ""
    if not is_given_name(head) or (authors[0].given and not _is_initials(authors[0].given)):
        return None
    region = lab.text[lab.tokens[first][1]:lab.tokens[last][2]]
    byline = parse_byline(region.rstrip(" ,;:"), labelled=True)
    if byline is None or not byline.names or not byline.names[0].given:
        return None
    if byline.names[0].given.split()[0].rstrip(".") != head:
        return None  # the byline reader reads the list as the labels do
    if any(_initial_shaped(n.family) for n in byline.names):
        return None  # "Lambert RK": initials are no family name
    return [Author(n.family, n.given) for n in byline.names]


def _roles(lab: _Labelled, people: list[list[tuple[str, str, int]]]) -> list[str]:
    """Author or editor for each person: the names of one list (persons with only separators between
    them) are editors when an editor mark stands right after the list ("(Eds.)", ", editors", "(dir.)")
    or right before it ("edited by", "ed. by", "Hrsg. von"), else authors."""
    roles: list[str] = []
    k = 0
    while k < len(people):
        j = k
        while j + 1 < len(people) and all(
                lab.folded[i] in _LIST_GLUE for i in range(people[j][-1][2] + 1, people[j + 1][0][2])):
            j += 1
        first, last = people[k][0][2], people[j][-1][2]
        # a mark after the list stands before the year and the title ("Okafor, T. (Ed.). (2019)"); an "ed."
        # further on is an edition's ("2019. Title. 2nd ed.")
        until = next((i for i in range(last + 1, min(last + 8, len(lab.labels))) if lab.labels[i] in _WORK_FIELDS
                      or lab.labels[i] == "year"), last + 8)
        editors = _editor_cue(lab, last + 1, until) or _editor_cue(lab, first - 4, first)
        roles.extend(["E" if editors else "A"] * (j - k + 1))
        k = j + 1
    return roles


#: the labels of a work's own fields, which follow its authors
_WORK_FIELDS = frozenset({"title", "journal", "booktitle", "event"})
#: what may stand between the names of one list
_LIST_GLUE = frozenset({",", ";", "&", "and", "und", "et", "y", "e", ".", "al", "..."})


def _editor_cue(lab: _Labelled, start: int, end: int) -> bool:
    """Whether a token between `start` and `end` is an editor mark (a word of the editor cue list)."""
    words = _cues()["editor_words"]
    start = max(0, start)
    # "2nd ed.": the edition's abbreviation, not an editor's
    return any(tok in words and not (k > 0 and lab.labels[k - 1] == "edition")
               for k, tok in enumerate(lab.folded[start:end], start=start))


def _initials_after_families(lab: _Labelled) -> list[str]:
    """Labels with initial-shaped tokens the tagger left unlabelled beside a family name given to that
    person: after it and before a separator ("Wu K, Yusupova FV"), or after a separator and right
    before it (", and C. B. He.")."""
    labels = list(lab.labels)
    toks = [t for t, _, _ in lab.tokens]
    initials = [i for i, t in enumerate(toks) if len(t) <= 3 and t.isupper() and t.isalpha()]  # `_initial_shaped`
    if not initials:
        return labels
    for i in initials:  # "D-J": an initial glued by a hyphen to a given initial is one too
        if i >= 2 and labels[i][1:2] == "-" and labels[i][3] == "F" and toks[i - 1] in "-‐" \
                and labels[i - 2][3:] == "G" and lab.tokens[i - 2][2] == lab.tokens[i - 1][1] \
                and lab.tokens[i - 1][2] == lab.tokens[i][1]:
            labels[i - 1] = labels[i] = f"I-{labels[i - 2][2]}G"
    last = len(labels) - 1
    for i in initials:
        prev = labels[i - 1] if i else ""
        if 0 < i < last and labels[i] == "O" and prev[1:2] == "-" and prev[3] == "F" \
                and toks[i + 1] in _SEPARATORS and lab.tokens[i - 1][2] < lab.tokens[i][1]:
            labels[i] = f"I-{prev[2]}G"
    resume = 0
    for i in initials:
        if i < resume or labels[i] != "O" or not (i == 0 or toks[i - 1] in _SEPARATORS):
            continue
        j = i
        while j < len(labels) and labels[j] == "O" and (_initial_shaped(toks[j]) or toks[j] in ".-‐"):
            j += 1
        if j < len(labels) and labels[j][:1] == "B" and labels[j][3:] == "F":
            role = labels[j][2]
            labels[i:j] = [f"B-{role}G"] + [f"I-{role}G"] * (j - i - 1)
            labels[j] = f"I-{role}F"
        resume = j
    return labels


_SEPARATORS = frozenset({",", "(", ";", "&", "and", "et", "und", "."})


def _initial_shaped(tok: str) -> bool:
    return tok.isalpha() and tok.isupper() and len(tok) <= 3


def _repair_parts(lab: _Labelled, parts: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """One person's parts with what no family name looks like given back to the given names: a lone
    capital beside a longer family word ("B. L. Wojski", "Dahlstrand H"); and initials read as the
    family beside one capitalised word read as given ("Lambert RK") swapped."""
    toks = lab.tokens
    family: list[int] = []
    given: list[int] = []
    for p, i in parts:
        if toks[i][0][:1].isalpha():
            if p in "FP":
                family.append(i)
            elif p == "G":
                given.append(i)
    if any(not _initial_shaped(toks[i][0]) for i in family):  # a longer family word
        lone = {i for i in family if len(toks[i][0]) == 1 and toks[i][0].isupper()}
        return [("G" if i in lone else p, i) for p, i in parts] if lone else parts
    if family and len(given) == 1 and not _initial_shaped(toks[given[0]][0]) and len(toks[given[0]][0]) > 1:
        return [("F" if p == "G" else "G" if p in "FP" else p, i) for p, i in parts]
    return parts


def _given_names_read_as_family(lab: _Labelled, segment: list[tuple[str, str, int]]) -> bool:
    """Whether a segment's family-labelled words are first names the lexicon knows, beside initials
    ("Okafor, Dan C."): after a family name and a comma, the given names of an inverted first author."""
    words = [lab.tokens[i][0] for _, p, i in segment if p in "FP" and lab.tokens[i][0][:1].isalpha()]
    return bool(words) and len(words) <= 2 and all(is_given_name(w) for w in words)


def _name_segments(lab: _Labelled, labels: list[str]) -> list[list[tuple[str, str, int]]]:
    """The name tokens (role, part, index) in runs with no separator between them; a bracketed
    capitalised name right after a family name stays with it ("Lind (Lindqvist), B.")."""
    segments: list[list[tuple[str, str, int]]] = []
    folded = lab.folded
    last = -2
    for i, label in enumerate(labels):
        if label[1:2] != "-" or (folded[i] in _NEVER_NAMES and labels[i + 1: i + 2] and labels[i + 1][:1] == "B"):
            continue  # "Bass,B and Riggio,R": an "and" before a name the labels begin still parts two names
        if not segments or i - last > 4 or (i - last > 1 and not _NAME_SEPARATORS.isdisjoint(folded[last + 1:i])):
            segments.append([])
        segments[-1].append((label[2], label[3], i))
        last = i
    return segments


#: what parts two names of a list
_NAME_SEPARATORS = frozenset({",", ";", "&", "and", "und", "et", "y", "e", "/"})
#: separators that are never part of a name ("y" and "e" are, in "Ortega y Gasset")
_NEVER_NAMES = frozenset({"&", "and", "und"})


def _split_group(group: list[tuple[str, str, int]]) -> list[list[tuple[str, str, int]]]:
    """One labelled person holding two family names is two people, in the order its first name part shows:
    given names first ("C. Fischer, Z. Kaminski") or family names first ("Fischer, C., Kaminski, Z.")."""
    given_first = group[0][1] == "G"
    out: list[list[tuple[str, str, int]]] = [[]]
    prev = ""
    for item in group:
        part = item[1]
        starts = (given_first and part == "G" and prev in "FP" and prev) or (
            not given_first and part in "FP" and prev == "G")
        if starts and out[-1]:
            out.append([])
        out[-1].append(item)
        prev = part
    return out


def _person(lab: _Labelled, parts: list[tuple[str, int]]) -> Author | None:
    toks, cues = lab.tokens, _cues()
    others: list[int] = []
    if any(toks[i][0] in "()" for i in range(parts[0][1], parts[-1][1] + 1)):
        depth_at = _depths(lab, parts[0][1], parts[-1][1])
        # a capitalised name in brackets is another printed family name: "Tulegenova (Tolegen), A."
        others = [i for p, i in parts if depth_at[i] and toks[i][0][:1].isupper() and len(toks[i][0]) > 1]
        parts = [(p, i) for p, i in parts if not depth_at[i]]
    suffixes, connectors = cues["name_suffixes"], cues["connectors"]
    family = [i for p, i in parts if p in "FP" and toks[i][0] not in "()[],;:"]
    given = [i for p, i in parts if p == "G" and lab.folded[i] not in suffixes
             and (toks[i][0][0].isalpha() or toks[i][0] in ".-‐") and toks[i][0] not in connectors]
    fam = lab.join(family).strip(" .,;:&")
    giv = normalise_given(lab.join(given).strip(" ,;:&"))
    if giv and not _is_initials(giv):
        whole = lab.join(sorted(family + given)).strip(" .,;:&")
        if has_org_cue(whole):  # "World Health Organization": one name
            fam, giv = whole, ""
    if not fam and giv:
        fam, giv = giv.rstrip("."), ""
    if not fam or not any(ch.isalpha() for ch in fam):
        return None
    other = tuple(o for o in (lab.join([i]).strip() for i in others) if any(ch.isalpha() for ch in o))
    return Author(fam, giv, other)


@lru_cache(maxsize=65536)
def _is_initials(given: str) -> bool:
    return all(_is_initial(p) for p in _PIECE.findall(given))


def _depths(lab: _Labelled, first: int, last: int) -> dict[int, int]:
    """Bracket depth of each token between `first` and `last` (a family name in brackets is another name)."""
    if not any(lab.tokens[i][0] in "()" for i in range(first, last + 1)):
        return dict.fromkeys(range(first, last + 1), 0)
    depth = 0
    out: dict[int, int] = {}
    for i in range(first, last + 1):
        tok = lab.tokens[i][0]
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth = max(0, depth - 1)
        out[i] = depth
    return out


def _et_al(lab: _Labelled) -> bool:
    folded = lab.folded
    return "al" in folded and any(folded[k - 1] == "et" for k, tok in enumerate(folded) if tok == "al" and k)


def _year(lab: _Labelled, runs: dict[str, list[tuple[int, int]]], ref: Reference) -> None:
    for run in runs.get("year", []):
        text = lab.text[lab.tokens[run[0]][1]: lab.tokens[run[1]][2]]
        m = _YEAR.search(text)
        if m:
            ref.year, ref.year_suffix = m.group(1), m.group(2) or ""
            return
        ref.status = status_of(_strip_value(text).strip("()[]"))
        if ref.status:
            return
        key = fold_text(text).replace(".", "").replace(" ", "")
        if "press" in key or "druck" in key or "presse" in key:
            ref.status = "in press"
        elif "forthcoming" in key:
            ref.status = "forthcoming"
        elif key in ("nd", "nodate", "undated", "oj", "sd", "sa"):
            ref.status = "n.d."
        if ref.status:
            return


def _without_in(container: str | None) -> str | None:
    """A host title without the "In" that introduces it ("in Tensions in ..." -> "Tensions in ...")."""
    if container and " " in container:
        first, rest = container.split(" ", 1)
        if _fold_token(first.rstrip(":")) in _cues()["in_words"]:
            return _strip_value(rest) or container
    return container


def _edition(lab: _Labelled, run: tuple[int, int]) -> str:
    tok = lab.tokens[run[0]][0]
    m = _ORDINAL.fullmatch(tok)
    if m:
        n = int(m.group(1))
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    if fold_text(tok).startswith("rev"):
        return "Revised"
    return tok[:1].upper() + tok[1:]


#: the labels whose words tell the kind of a work
_KIND_LABELS = frozenset({"genre", "note", "event", "publisher"})


def _words_by_label(lab: _Labelled) -> dict[str, set[str]]:
    """The folded words of each label that tells the kind of a work."""
    out: dict[str, set[str]] = {}
    for t, lb in zip(lab.folded, lab.labels):
        if lb in _KIND_LABELS:
            out.setdefault(lb, set()).add(t)
    return out


def _kind(lab: _Labelled, ref: Reference, runs: dict[str, list[tuple[int, int]]]) -> str:
    cues = _cues()
    words = _words_by_label(lab)
    none: set[str] = set()
    genre = words.get("genre", none) | words.get("note", none)
    if (words.get("event", none) | genre) & cues["conference_words"]:
        return "ConferencePaper"
    if genre & cues["thesis_words"]:
        return "Thesis"
    if ref.editors and ref.authors and runs.keys() & {"booktitle", "event", "journal"}:
        return "BookChapter"  # a work with authors and editors is a chapter, whatever its host looks like
    if "journal" in runs and (runs.keys() & {"volume", "issue", "pages", "doi"} or not runs.keys() & {"place", "publisher"}):
        return "JournalArticle"  # a "journal" with neither volume, pages nor DOI but a place and publisher is a book
    if "booktitle" in runs or "event" in runs:
        return "BookChapter"
    if genre & cues["report_words"] or "number" in runs:
        return "Report"
    publisher_cue = bool(words.get("publisher", none) & cues["publisher_words"])
    if ref.url and not ref.doi and not ref.place and not publisher_cue:
        return "WebPage"
    return "Book"


#: fields a title's last words may be mistaken for; words of them right after title words, with no
#: punctuation between, are the title's ("Leading schools in hard times. New York: ...")
_TITLE_TAIL = frozenset({"O", "publisher", "place", "institution", "note", "genre"})
#: fields a lone capitalised word read as a person may belong to ("presented at the British Research Association")
_HOSTS = frozenset({"journal", "booktitle", "event", "publisher", "institution", "series", "title"})
_QUOTE_MARKS = frozenset({"'", '"', "’", "”", "»"})


def _glued(lab: _Labelled, i: int) -> bool:
    """Token `i` is a word printed after the word before it with one space and no punctuation."""
    toks = lab.tokens
    return toks[i - 1][2] + 1 == toks[i][1] and toks[i][0][:1].isalpha() and toks[i - 1][0][:1].isalnum()


def _fields_end_at_punctuation(lab: _Labelled) -> None:
    """Where the labels change between two words printed with only a space between them, the change is
    the tagger's doubt, not a field boundary. Title words go on to the next punctuation (a person read
    inside a title too, unless an editor mark follows); but the words from a full stop to "Place:" before a
    publisher are the place ("Headship. London and New York: Routledge"); a place printed before an
    institution's or publisher's words is part of its name ("Northgate National University"); and a lone
    person-labelled word takes the field of the words it is printed with."""
    labels, toks = lab.labels, lab.tokens
    n = len(labels)
    for i in range(1, n):
        if labels[i - 1] != "title" or not (labels[i] in _TITLE_TAIL or labels[i][1:2] == "-") or not _glued(lab, i):
            continue
        j = i
        while j < n and (labels[j] in _TITLE_TAIL or labels[j][1:2] == "-") and toks[j][0][:1].isalpha() and _glued(lab, j):
            j += 1
        if j >= n or toks[j][0][:1].isalnum():
            continue
        if toks[j][0] == ":" and j + 1 < n and labels[j + 1] == "publisher":
            s = i - 1
            while s > 0 and labels[s - 1] == "title" and _glued(lab, s):
                s -= 1
            if s > 0 and toks[s - 1][0] == ".":
                labels[s:j] = ["place"] * (j - s)
            continue
        people = any(labels[k][1:2] == "-" for k in range(i, j))
        # only if other fields follow (the title cannot eat the tail)
        if (not people or not _editor_cue(lab, j, j + 4)) and any(
                labels[k] != "O" and toks[k][0][:1].isalnum() for k in range(j, n)):
            labels[i:j] = ["title"] * (j - i)
    for i in range(1, n - 1):
        if labels[i] == "place" and labels[i + 1] in ("institution", "publisher") and _glued(lab, i + 1) \
                and not toks[i - 1][0][:1].isalnum():
            labels[i] = labels[i + 1]
    for i in range(n - 1):
        if labels[i + 1] in _HOSTS and labels[i][1:2] == "-" and toks[i][2] + 1 == toks[i + 1][1] \
                and toks[i][0][:1].isupper() and (i == 0 or labels[i - 1][1:2] != "-"):
            labels[i] = labels[i + 1]
    _names_inside_titles(lab)
    _possessives_inside_titles(lab)
    _connectors_continue_hosts(lab)


#: words that join the parts of one name ("Bulletin of the ...", "Journal for ...", "Zeitschrift für ...")
_NAME_CONNECTORS = frozenset({"of", "for", "on", "de", "des", "du", "der", "für", "fur", "del", "della"})


def _connectors_continue_hosts(lab: _Labelled) -> None:
    """A journal's or a host's name does not end before a lower-case connector printed right after it with
    only a space: "Bulletin of the Utopian Association of Heads, Vol 21" is one journal, not a journal
    "Bulletin" and a publisher "of the Utopian Association of Heads"."""
    labels, toks, n = lab.labels, lab.tokens, len(lab.labels)
    for i in range(1, n):
        host = labels[i - 1]
        if host not in ("journal", "booktitle", "event") or labels[i] in (host, "O") or labels[i][1:2] == "-" \
                or lab.folded[i] not in _NAME_CONNECTORS or toks[i - 1][2] + 1 != toks[i][1]:
            continue
        other = labels[i]
        j = i
        while j < n and labels[j] == other:
            j += 1
        labels[i:j] = [host] * (j - i)


def _neighbour(lab: _Labelled, i: int, step: int) -> int | None:
    """The nearest word or number from token `i` on (`step` -1: before it, +1: after it)."""
    while 0 <= i < len(lab.tokens):
        if lab.tokens[i][0][:1].isalnum():
            return i
        i += step
    return None


def _names_inside_titles(lab: _Labelled) -> None:
    """Capitalised words read as a person between two parts of a title, with no editor mark beside them,
    are the title's ("Chapter 16: Problem finding, classification and ..."): no list of names stands there."""
    labels, n = lab.labels, len(lab.labels)
    if "title" not in labels:
        return
    i = labels.index("title") + 1
    while i < n:
        if labels[i][1:2] != "-":
            i += 1
            continue
        j = i
        while j < n and (labels[j][1:2] == "-" or (labels[j] == "O" and not lab.tokens[j][0][:1].isalnum()
                                                    and j + 1 < n and labels[j + 1][1:2] == "-")):
            j += 1
        before, after = _neighbour(lab, i - 1, -1), _neighbour(lab, j, 1)
        if before is not None and after is not None and labels[before] in ("title", "number") \
                and labels[after] == "title" and not _editor_cue(lab, j, j + 8) and not _editor_cue(lab, i - 4, i):
            labels[i:j] = ["title"] * (j - i)
        i = j


def _possessives_inside_titles(lab: _Labelled) -> None:
    """A plural's apostrophe inside a title ("teachers’ job satisfaction") closes no quotation: the words
    after it, up to the next field's punctuation, are the title's, not a host's."""
    labels, toks, n = lab.labels, lab.tokens, len(lab.labels)
    for i in range(1, n - 1):
        if toks[i][0] in ("’", "'") and labels[i - 1] == "title" and toks[i - 1][0][-1:] in "sS" \
                and toks[i - 1][2] == toks[i][1] and toks[i + 1][1] == toks[i][2] + 1 \
                and toks[i + 1][0][:1].islower() and labels[i + 1] in _HOSTS and labels[i + 1] != "title":
            host = labels[i + 1]
            j = i + 1
            while j < n and labels[j] == host:
                j += 1
            labels[i:j] = ["title"] * (j - i)


def _split_hosts(lab: _Labelled, runs: dict[str, list[tuple[int, int]]]) -> None:
    """Title and host told apart where the labels run them together: "Title. Journal, 22 (1)" (a
    volume right after a title run with a full stop inside), "'Title', Journal" (a quoted first part of a
    journal run), and "Title. In R. Baxter (Ed.), Encyclopedia" (a second title run after "In")."""
    toks = lab.tokens
    if "title" in runs and not {"journal", "booktitle", "event"} & set(runs) and {"volume", "issue"} & set(runs):
        first, last = runs["title"][0]
        after = min(r[0] for name in ("volume", "issue") for r in runs.get(name, []))
        stops = [k for k in range(first + 1, last) if toks[k][0] == "." and toks[k + 1][0][:1].isupper()
                 and len(toks[k - 1][0]) > 1]
        between = [lab.folded[k] for k in range(last + 1, after) if lab.tokens[k][0][:1].isalpha()]
        if stops and 0 < after - last and (after - last <= 3 or set(between) <= {"issn", "eissn", "pissn"}):
            # "Title. Journal, 12(3)" or "Title. Journal. ISSN: 1234-5678. 93 (5)"
            runs["title"][0] = (first, stops[-1] - 1)
            runs["journal"] = [(stops[-1] + 1, last)]
    if "title" not in runs and "journal" in runs:  # "Title. Journal": a full stop inside one run parts them
        first, last = runs["journal"][0]
        stops = [k for k in range(first + 1, last) if (toks[k][0] == "." and len(toks[k - 1][0]) > 1)
                 or (toks[k][0] == "," and toks[k - 1][0] in _QUOTE_MARKS)]
        if stops:
            runs["title"] = [(first, stops[0] - 1)]
            runs["journal"][0] = (stops[0] + 1, last)
    titles = runs.get("title", [])
    if len(titles) >= 2 and "booktitle" not in runs and not {"journal", "event"} & set(runs):
        words = _cues()["in_words"]
        first_end, (second, second_end) = titles[0][1], titles[1]
        if any(lab.folded[k] in words for k in range(first_end + 1, second)):
            runs["booktitle"] = [(second, second_end)]
            runs["title"] = [titles[0]] + titles[2:]


def _fill(ref: Reference, lab: _Labelled) -> None:
    _fields_end_at_punctuation(lab)
    runs = lab.runs()
    if "title" not in runs and "journal" in runs and not {"volume", "issue", "pages"} & set(runs) \
            and {"publisher", "institution"} & set(runs):  # "Title. Place: Publisher": a book's title
        runs["title"] = [runs["journal"][0]]
        runs["journal"] = runs["journal"][1:]
        if not runs["journal"]:
            del runs["journal"]
    if "title" in runs and "journal" in runs and not {"volume", "issue", "pages"} & set(runs) \
            and {"place", "publisher"} <= set(runs) and not PERIODICAL_WORDS.search(lab.value(runs["journal"][0])):
        # "Title. A Subtitle. Place: Publisher.": a "journal" with no volume, issue or pages before a place and a
        # publisher is the book title's second sentence
        (t0, t1), (j0, j1) = runs["title"][0], runs["journal"][0]
        if t1 < j0 and all(not lab.tokens[k][0][:1].isalnum() for k in range(t1 + 1, j0)):
            runs["title"][0] = (t0, j1)
            del runs["journal"]
    if "title" in runs and len(runs.get("publisher", [])) >= 2:
        # "Ethics: The Fundamentals. Singapore: X": words after the title's colon read as a publisher, where
        # another publisher follows its place, are the title's subtitle
        (t0, t1), first_pub = runs["title"][0], runs["publisher"][0]
        publisher = _publisher(lab, runs)
        if first_pub[0] == t1 + 2 and lab.tokens[t1 + 1][0] == ":" and publisher not in (None, lab.value(first_pub)):
            runs["title"][0] = (t0, first_pub[1])
            runs["publisher"] = runs["publisher"][1:]
    if "journal" not in runs and {"volume", "issue"} & set(runs):  # "Bulletin of the X Association, Vol 12"
        for name in ("publisher", "institution"):
            periodical = [r for r in runs.get(name, []) if PERIODICAL_WORDS.search(lab.value(r))]
            if periodical:
                runs["journal"] = periodical[:1]
                runs[name] = [r for r in runs[name] if r != periodical[0]]
                if not runs[name]:
                    del runs[name]
                break
    _split_hosts(lab, runs)
    if "title" not in runs:  # every work has a title: with none labelled, the first host-like run is it
        hosts = sorted((r, name) for name in ("booktitle", "event") for r in runs.get(name, []))
        if hosts:
            run, name = hosts[0]
            runs["title"] = [run]
            runs[name] = [r for r in runs[name] if r != run]
            if not runs[name]:
                del runs[name]

    def first(label: str) -> str | None:
        rs = runs.get(label)
        return (lab.value(rs[0]) or None) if rs else None

    def longest(label: str) -> str | None:
        rs = runs.get(label)
        return (lab.value(max(rs, key=lambda r: (r[1] - r[0], -r[0]))) or None) if rs else None

    ref.authors, ref.editors = _people(lab)
    ref.et_al = _et_al(lab)
    _year(lab, runs, ref)
    if ref.year is None and ref.status is None:  # "(eingereicht)", "(o. J.)": a status the labels missed
        ref.status = _bracketed_status(lab)
    ref.title = longest("title")
    ref.container = _without_in(longest("journal") or longest("booktitle") or longest("event"))
    ref.volume, ref.issue, ref.number = first("volume"), first("issue"), first("number")
    # an ISSN ("ISSN: 0017-8012") looks like a page range; the pages are the run no ISSN label stands before
    page_runs = [r for r in runs.get("pages", []) if not {"issn", "eissn", "pissn"} & set(lab.folded[max(0, r[0] - 3):r[0]])]
    pages = (lab.value(page_runs[0]) or None) if page_runs else None
    ref.pages = _pages(_PAGES_CUE.sub("", pages)) if pages else None
    if "edition" in runs:
        ref.edition = _edition(lab, runs["edition"][0])
    ref.publisher, ref.place, ref.institution = _publisher(lab, runs) or longest("publisher"), first("place"), longest("institution")
    for label in ("doi", "url"):
        for run in runs.get(label, []):
            raw = lab.text[lab.tokens[run[0]][1]: lab.tokens[run[1]][2]]
            m = _DOI.search(raw) if "10." in raw else None
            if m and (label == "doi" or "doi" in raw.lower()):
                ref.doi = ref.doi or _clean_tail(m.group())
            elif label == "url" and ref.url is None and _is_link(raw):
                ref.url = _clean_tail(raw)
            elif label == "url" and ref.pages is None and _is_page_range(_PAGES_CUE.sub("", raw)):  # "pp329-331"
                ref.pages = _pages(_PAGES_CUE.sub("", raw))
    ref.kind = _kind(lab, ref, runs)
    if ref.kind not in ("JournalArticle", "BookChapter", "ConferencePaper"):
        ref.container = None  # books, reports, theses and web pages are in no journal or host book
    if ref.kind != "Thesis" and ref.institution and not ref.publisher:
        ref.publisher, ref.institution = ref.institution, None  # a university that publishes, not one that awards
    if ref.doi is None:  # a DOI is its own shape, whatever the labels say ('(doi: 10.1234/x.12)')
        m = _ANY_DOI.search(ref.text)
        if m:
            ref.doi = m.group(0).rstrip(".,;:)]")


_ANY_DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>]+")


def _publisher(lab: _Labelled, runs: dict[str, list[tuple[int, int]]]) -> str | None:
    """Of several publisher runs, the one printed after its place ("Place: Publisher"); the others are a
    series or an imprint ("..., Springer Handbooks of Education. Heidelberg: Springer")."""
    found = runs.get("publisher", [])
    if len(found) < 2:
        return None
    after_place = [r for r in found if r[0] >= 2 and lab.tokens[r[0] - 1][0] == ":" and lab.labels[r[0] - 2] == "place"]
    return (lab.value(after_place[0]) or None) if len(after_place) == 1 else None


def _is_link(raw: str) -> bool:
    low = raw.lower()
    return "://" in low or low.startswith(("www.", "doi:", "urn:"))


def _is_page_range(raw: str) -> bool:
    """'329-331', '12–19.': two page numbers and a dash."""
    for dash in "-–—‐":
        first, sep, last = raw.rstrip(".").partition(dash)
        if sep:
            return first.strip().isdigit() and last.strip().isdigit()
    return False


def _bracketed_status(lab: _Labelled) -> str | None:
    """The status printed in brackets anywhere in the reference ("(eingereicht)", "[o. J.]")."""
    toks = lab.tokens
    for i, (tok, _, end) in enumerate(toks):
        if tok in "([":
            close = next((k for k in range(i + 1, min(i + 8, len(toks))) if toks[k][0] in ")]"), None)
            if close is not None and close > i + 1:
                status = status_of(lab.text[end:toks[close][1]])
                if status:
                    return status
    return None


def parse_reference(text: str, start: int = 0) -> Reference:
    """Parse one reference string (any common style); `start` is its offset in the caller's text."""
    ref = Reference(text=text, start=start, end=start + len(text))
    _fill(ref, _label(text))
    return ref


def parse_references(texts: list[str], starts: list[int] | None = None) -> list[Reference]:
    """`parse_reference` of many strings at once (the tagger decodes them together: faster)."""
    starts = starts or [0] * len(texts)
    refs = []
    for text, start, lab in zip(texts, starts, _label_many(texts)):
        ref = Reference(text=text, start=start, end=start + len(text))
        _fill(ref, lab)
        refs.append(ref)
    return refs


def parse_authors(region: str) -> tuple[list[Author], bool, bool]:
    """Names from an author (or editor) list: (authors, they_are_editors, et_al).

    >>> parse_authors("Okafor, T. N., & Lind (Lindqvist), B.")[0][1]
    Author(family='Lind', given='B.', other_families=('Lindqvist',))
    """
    # the names are labelled where the tagger knows them: at the head of a reference
    region = " ".join(region.split()).rstrip(" ,;")
    whole = _label(f"{region} (2000). T.")
    n = len(tokenize(region))
    lab = _Labelled(whole.text, whole.tokens[:n], whole.labels[:n])
    authors, editors = _people(lab)
    if not authors and not editors and any(ch.isalpha() for ch in region):
        authors = [Author(region.strip(" .,;:"))]  # no name the tagger knows: the list is one body ("World Bank.")
    are_editors = bool(editors) and not authors or _editor_cue(lab, 0, len(lab.folded))
    return (authors + editors if authors else editors), are_editors, _et_al(lab)


def _pages(raw: str | None) -> str | None:
    if not raw:
        return None
    return re.sub(r"\s*[-–—‐‑]+\s*", "-", raw.strip())


# Scoring (shared by tests/test_refparse.py and bench/bench_refparse.py)
# --------------------------------------------------------------------------------------------

SCORED_FIELDS = ("authors", "year", "title", "container", "doi", "kind")
OPTIONAL_FIELDS = ("editors", "publisher", "place", "volume", "issue", "pages", "institution", "edition", "year_suffix", "status")


@dataclass
class FieldScore:
    """True positives, false positives and false negatives for one field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _norm_text(value: Any) -> str | None:
    if value is None:
        return None
    text = re.sub(r"[^\w\s]", " ", fold_keep_spaces(str(value)))
    return " ".join(text.split()) or None


def fold_keep_spaces(text: str) -> str:
    """Accent- and case-folded text with spaces and punctuation kept."""
    return fold_text(text)


def _norm_people(value: Any) -> tuple[tuple[str, str], ...] | None:
    if not value:
        return None
    out = []
    for person in value:
        if isinstance(person, Author):
            fam, given = person.family, person.given
        else:
            fam, given = person[0], (person[1] if len(person) > 1 else "")
        out.append((fold(fam), fold_keep_spaces(normalise_given(given)).replace(" ", "")))
    return tuple(out)


def _normalise(name: str, value: Any) -> Any:
    if name in ("authors", "editors"):
        return _norm_people(value)
    if value in (None, ""):
        return None
    if name == "doi":
        return str(value).lower()
    if name == "pages":
        return _pages(str(value))
    if name in ("kind", "year", "year_suffix", "volume", "status"):
        return str(value).strip()
    return _norm_text(value)


def score_fields(pairs: Iterable[tuple[Mapping[str, Any], Reference]]) -> dict[str, FieldScore]:
    """Field-level counts over (expected fields, parsed Reference) pairs.

    The fields in SCORED_FIELDS are always scored (a missing key expects None); the ones in
    OPTIONAL_FIELDS only where the expectation names them. Authors compare as whole lists of
    (family, initials) after folding, so "D.H." equals "D. H.".
    """
    scores: dict[str, FieldScore] = {}
    for expect, ref in pairs:
        for name in SCORED_FIELDS + OPTIONAL_FIELDS:
            if name in OPTIONAL_FIELDS and name not in expect:
                continue
            want = _normalise(name, expect.get(name))
            got = _normalise(name, getattr(ref, name))
            sc = scores.setdefault(name, FieldScore())
            if want is not None and got is not None:
                if want == got:
                    sc.tp += 1
                else:
                    sc.fp += 1
                    sc.fn += 1
            elif want is not None:
                sc.fn += 1
            elif got is not None:
                sc.fp += 1
    return scores


def field_accuracy(pairs: Iterable[tuple[Mapping[str, Any], Reference]]) -> tuple[float, dict[str, float]]:
    """Mean field accuracy over (expected fields, parsed Reference) pairs, and per field.

    Every field of SCORED_FIELDS counts in every pair (a missing key expects None), an optional field
    only where the expectation names it; a field is right when its normalised value equals the expected one.
    """
    right: dict[str, list[bool]] = {}
    for expect, ref in pairs:
        for name in SCORED_FIELDS + OPTIONAL_FIELDS:
            if name in OPTIONAL_FIELDS and name not in expect:
                continue
            ok = _normalise(name, expect.get(name)) == _normalise(name, getattr(ref, name))
            right.setdefault(name, []).append(ok)
    cells = [ok for oks in right.values() for ok in oks]
    mean = sum(cells) / len(cells) if cells else 1.0
    return mean, {name: sum(oks) / len(oks) for name, oks in right.items()}
