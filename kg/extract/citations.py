"""In-text author-year citations: found in running text, never inside a reference entry, and matched to
the references they name (same first author, same year or one typo away).

>>> [c.text for c in find_citations("As Okafor (2019) and others argued (Lind et al., 2013; Okafor, 2001a).")]
['Okafor (2019)', '(Lind et al., 2013;', 'Okafor, 2001a)']
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rapidfuzz.distance import Levenshtein

from kg.data import load_json
from kg.text import fold as fold_text

if TYPE_CHECKING:  # pragma: no cover
    from kg.extract.reflist import ReferenceList
    from kg.extract.refparse import Author, Reference


@dataclass(frozen=True)
class Citation:
    """One author-year citation in body text; `text == body[start:end]`."""

    text: str
    start: int
    end: int
    authors: tuple[str, ...]  # family names as printed
    et_al: bool
    year: str | None  # as printed, even if mistyped ("20023")
    status: str | None  # "forthcoming", "in press", "n.d."
    narrative: bool  # "Okafor (2019)" rather than "(Okafor, 2019)"
    year_suffix: str = ""  # "a" in "2001a"


def fold(text: str) -> str:
    """Accent- and case-folded letters only: \"Łukasiewicz-Ó\" -> \"lukasiewiczo\"."""
    return "".join(ch for ch in fold_text(text) if ch.isalpha())


# --------------------------------------------------------------------------------------------
# Finding citations
# --------------------------------------------------------------------------------------------

def _char_class(pred: Any, limit: int = 0x2000) -> str:
    """A regex character class of the code points below `limit` for which `pred(ch)` holds."""
    parts: list[str] = []
    run_start = prev = -2
    for cp in range(limit + 1):
        if cp < limit and pred(chr(cp)):
            if cp != prev + 1:
                run_start = cp
            prev = cp
            continue
        if prev == cp - 1 and run_start >= 0:
            parts.append(f"\\u{run_start:04x}" if run_start == prev else f"\\u{run_start:04x}-\\u{prev:04x}")
            run_start = -2
    return "[" + "".join(parts) + "]"


_UP = _char_class(lambda c: c.isupper() or unicodedata.category(c) == "Lt")
_L = r"[^\W\d_]"  # any letter
_AP = "['’]"
def _status_forms() -> dict[str, str]:
    """Folded printed form (no spaces or dots) -> status, from `kg/data/publication_status.json`."""
    return {_status_key(form): status for status, forms in load_json("publication_status.json")["statuses"].items()
            for form in forms}


def _status_key(raw: str) -> str:
    return fold_text(raw).replace(" ", "").replace(".", "")


def _status_pattern() -> str:
    """A regex alternation of every printed status form: any spaces between words, and dots optional."""
    forms = sorted({f for fs in load_json("publication_status.json")["statuses"].values() for f in fs},
                   key=lambda f: (-len(f), f))
    return "(?i:" + "|".join(r"\s*".join(re.escape(w).replace(r"\.", r"\.?") for w in form.split())
                             for form in forms) + ")"


STATUS_FORMS = _status_forms()
#: statuses of a work not out yet: the same work may be "submitted" in one list and "in press" in the next
UNPUBLISHED = frozenset({"submitted", "forthcoming", "in press"})


def status_of(raw: str) -> str | None:
    """The publication status a printed form means ("im Druck" -> "in press"), or None."""
    return STATUS_FORMS.get(_status_key(raw))


def _status(raw: str) -> str:
    return status_of(raw) or "forthcoming"


_CWORD = rf"{_UP}(?:{_L}|{_AP}(?={_L}))+(?:-{_L}(?:{_L}|{_AP}(?={_L}))*)*"
_CPART = r"(?:(?:van|von|de|der|den|du|da|di|del|della|la|le|ten|ter|Van|Von|De|Der|Den|Du|Da|Di|Del|La|Le)\s+)"
_CSURN = rf"{_CPART}{{0,3}}{_CWORD}(?:\s+(?:(?:of|for|the|on)\s+){{0,2}}{_CWORD}){{0,4}}"  # also "Ministry of Education"
_NSURN = rf"{_CPART}{{0,3}}{_CWORD}"
_STATUS = _status_pattern()
_CYEAR = rf"(?:(?:1[5-9]|20)\d\d\d?[a-z]?(?!\d)|{_STATUS}(?![^\W\d_]))"
#: what joins two authors' names in a citation, in several languages ("Okafor und Lind 2017", "Okafor et Lind")
_AND = r"(?:&|and|und|et|y|e|en|och|og|ve|и|та|і)"
_CAUTH = rf"{_CSURN}(?:\s*,\s*(?:{_AND}\s+)?{_CSURN}|\s+{_AND}\s+{_CSURN}|/{_CSURN}){{0,9}}"  # "Huber/Lind": German
_PAREN_CIT = re.compile(
    rf"(?<![^\W\d_])(?P<authors>{_CAUTH})(?P<etal>\s+et\s+al\.?)?\s*,?\s+(?P<years>{_CYEAR}(?:\s*,\s*{_CYEAR})*)"
    r"(?P<loc>\s*,\s*(?:pp?\.|para\.?|paras\.?|chap\.?|chapter|ch\.|sec\.|section|fig\.|table|n\.|S\.|s\.)\s*[\w–\-, ]*?)?"
    r"(?=\s*(?:,|$))"
)
_NARR_CIT = re.compile(
    rf"(?<![^\W\d_'’.-])(?P<authors>{_NSURN}(?:(?:\s*,\s*{_NSURN}){{0,8}}\s*,?\s+{_AND}\s+{_NSURN}|(?:/{_NSURN}){{1,3}})?)"
    rf"(?P<etal>\s+et\s+al\.?)?(?:{_AP}s?)?\s*\(\s*(?P<years>{_CYEAR}(?:\s*[,;]\s*{_CYEAR})*)"
    # a page after the year: "(2004, p. 44)", "(2004, S. 44)", "(2004, 44)"
    r"(?:\s*[,:]\s*(?:(?:pp?\.|para\.?|chap\.?|chapter|S\.)\s*[^()]{0,20}|\d{1,4}(?:\s*[-–]\s*\d{1,4})?))?\s*\)"
)
_YEAR_TOKEN = re.compile(rf"(?P<y>\d{{4,5}})(?P<s>[a-z])?|(?P<st>{_STATUS})")
_PAREN = re.compile(r"\(([^()]{3,600})\)")
_STOP = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "spring", "summer", "autumn", "fall", "winter", "see", "also", "in", "for", "the", "a", "an", "and", "as",
    "at", "by", "on", "of", "to", "from", "with", "since", "until", "during", "after", "before", "between",
    "table", "tables", "figure", "figures", "fig", "chapter", "section", "appendix", "page", "pages", "volume",
    "vol", "note", "notes", "act", "year", "years", "census", "circa", "ca", "est", "founded", "born", "died",
    "cf", "eg", "ie", "compare", "both", "cited", "quoted", "reprinted", "originally", "published", "updated",
    "revised", "accessed", "retrieved", "version", "edition", "phase", "wave", "cohort", "class", "grade",
    "term", "session", "semester", "quarter", "sdg", "sdgs", "iso", "covid", "this", "that", "these", "those",
    "our", "their", "its", "his", "her", "we", "it", "they", "there", "here", "when", "where", "while", "if",
    "but", "or", "so", "then", "than", "because", "although", "however", "thus", "hence", "by", "about",
    "around", "over", "under", "up", "down", "through", "until", "till", "report", "study", "survey", "law",
    "article", "plan", "programme", "program", "strategy", "policy", "conference", "congress", "meeting",
    "updated", "issue", "number", "no", "part", "stage", "step", "level", "age", "aged", "ages", "population",
}


def _citations_from(match: re.Match[str], base: int, narrative: bool) -> list[tuple[int, int, Citation]]:
    """Citations (one per year) from one regex match; spans are refined by the caller."""
    raw = match["authors"]
    authors = [a.strip() for a in re.split(rf"\s*,\s*(?:{_AND}\s+)?|\s+{_AND}\s+|/", raw) if a.strip()]
    if narrative and authors:
        authors[-1] = re.sub(rf"{_AP}s$", "", authors[-1])  # "Okafor's (2019)"
    if authors:
        first_words = authors[0].split()
        while len(first_words) > 1 and first_words[0].lower() in _STOP:
            first_words = first_words[1:]
        authors[0] = " ".join(first_words)
    if not authors or any(a.split()[-1].lower() in _STOP or a.split()[0].lower() in _STOP for a in authors):
        return []
    et_al = bool(match["etal"])
    out: list[tuple[int, int, Citation]] = []
    ys = match.start("years")
    for k, ym in enumerate(_YEAR_TOKEN.finditer(match["years"])):
        if ym["y"]:
            year, status, suffix = ym["y"], None, ym["s"] or ""
        else:
            year, status, suffix = None, _status(ym["st"]), ""
        s = match.start() if k == 0 else ys + ym.start()
        e = ys + ym.end()
        if narrative:
            s, e = match.start(), match.end()
        elif k == 0 and match["loc"] and len(list(_YEAR_TOKEN.finditer(match["years"]))) == 1:
            e = match.end("loc")
        cit = Citation("", base + s, base + e, tuple(authors), et_al, year, status, narrative, suffix)
        out.append((base + s, base + e, cit))
    if not narrative and out and match["loc"]:
        s, _, c = out[-1]
        out[-1] = (s, base + match.end("loc"), c)
    return out


def find_citations(text: str) -> list[Citation]:
    """Author-year citations in body text: "(Lind et al., 2013; Okafor, 2001a)", "Okafor (2019)".

    Pass only the body (the text before the reference section).
    """
    found: list[tuple[int, int, Citation]] = []
    for pm in _PAREN.finditer(text):
        inner_start = pm.start(1)
        content = pm.group(1)
        part_start = 0
        parts = content.split(";")
        for pi, part in enumerate(parts):
            base = inner_start + part_start
            cits: list[tuple[int, int, Citation]] = []
            for m in _PAREN_CIT.finditer(part):
                cits.extend(_citations_from(m, base, narrative=False))
            if cits:
                lead = len(part) - len(part.lstrip())
                tail = len(part) - len(part.rstrip())
                s0 = pm.start() if pi == 0 else base + lead
                e1 = pm.end() if pi == len(parts) - 1 else base + len(part) - tail
                cits[0] = (s0, cits[0][1], cits[0][2])
                cits[-1] = (cits[-1][0], e1, cits[-1][2])
                found.extend(cits)
            part_start += len(part) + 1
    taken = [(s, e) for s, e, _ in found]
    for m in _NARR_CIT.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        found.extend(_citations_from(m, 0, narrative=True))
    result = []
    for s, e, c in sorted(found, key=lambda t: (t[0], t[1])):
        result.append(Citation(text[s:e], s, e, c.authors, c.et_al, c.year, c.status, c.narrative, c.year_suffix))
    return result


# --------------------------------------------------------------------------------------------
# Running text only
# --------------------------------------------------------------------------------------------

_CODE_BEFORE = re.compile(r"[\w/\\.-]$")
_CODE_AFTER = re.compile(r"^[\w/]")
_PUBLISHER_COLON = re.compile(r":\s*$")


def in_running_text(text: str, start: int, end: int, authors: Sequence[str] = ()) -> bool:
    """Whether a citation-like span `text[start:end]` stands in running text, not in a code or imprint.

    "EDU/WKP(2019)19" is a document code, "London: Routledge, 2018" an imprint.
    """
    before = text[max(0, start - 40):start]
    after = text[end:end + 1]
    span = text[start:end]
    if _CODE_BEFORE.search(before) or _CODE_AFTER.match(after):
        return False
    at = span.find(authors[0]) if authors else -1
    if at >= 0 and _PUBLISHER_COLON.search(before + span[:at]):
        return False  # "London: Routledge, 2018"
    if at >= 0 and re.match(r"[A-Z]{2,}\(", span[at:]):
        return False  # "WKP(2019)": no space before the year
    return True


def running_text_citations(text: str, citations: Iterable, lists: Sequence[ReferenceList]) -> list:
    """The citations that stand in running text: outside every reference list, not codes nor imprints."""
    spans = [(lst.start, lst.end) for lst in lists]
    kept = []
    for c in citations:
        if any(s <= c.start < e or s < c.end <= e for s, e in spans):
            continue
        if in_running_text(text, c.start, c.end, c.authors):
            kept.append(c)
    return kept


# --------------------------------------------------------------------------------------------
# Matching citations to references
# --------------------------------------------------------------------------------------------

def _name_keys(author: Author) -> set[str]:
    keys = set()
    for fam in author.families:
        keys.add(fold(fam))
        words = fam.split()
        if len(words) > 1:
            keys.add(fold(words[-1]))
    keys.discard("")
    return keys


def _names_match(cited: str, author: Author) -> bool:
    return fold(cited) in _name_keys(author)


def _year_score(c: Citation, r: Reference) -> int:
    """3 exact, 2 same year with one suffix missing, 1 one edit away, 0 no match."""
    if c.status or r.status:
        same = {c.status, r.status} <= UNPUBLISHED or c.status == r.status
        return 3 if same and c.status and r.status else 0
    if not c.year or not r.year:
        return 0
    if c.year_suffix and r.year_suffix and c.year_suffix != r.year_suffix:
        return 0
    if c.year == r.year:
        return 3 if c.year_suffix == r.year_suffix else 2
    return 1 if Levenshtein.distance(c.year, r.year) == 1 else 0


def match_citation(citation: Citation, references: list[Reference]) -> Reference | None:
    """The reference a citation names: same first author (and both of two), same year or one edit away.

    "et al." prefers references with three or more authors; an exact year beats a near one.
    """
    best: tuple[int, int, int] | None = None
    chosen = None
    for idx, ref in enumerate(references):
        names = ref.creators
        if not names or not citation.authors or not _names_match(citation.authors[0], names[0]):
            continue
        if citation.et_al:
            fit = 2 if (len(names) >= 3 or ref.et_al) else 1
        elif len(citation.authors) == 1:
            fit = 2 if len(names) == 1 else 1
        else:
            if len(names) < len(citation.authors):
                continue
            if not all(_names_match(c, a) for c, a in zip(citation.authors, names)):
                continue
            fit = 2 if len(names) == len(citation.authors) else 1
        ys = _year_score(citation, ref)
        if not ys:
            continue
        key = (ys, fit, -idx)
        if best is None or key > best:
            best, chosen = key, ref
    return chosen
