"""Finding reference sections, splitting them into entries, finding in-text author-year citations
and matching them to references: the regex code kept verbatim from the former parser while list
finding and splitting move to a new module. `kg.extract.refparse` re-exports everything public here.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.text import fold as fold_text

if TYPE_CHECKING:  # pragma: no cover
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


# --------------------------------------------------------------------------------------------
# Character classes and name patterns
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
_LO = _char_class(str.islower)
_L = r"[^\W\d_]"  # any letter
_AP = "['’]"
_WORD = rf"{_UP}(?:{_L}|{_AP}(?={_L}))*"  # Smith, O'Brien, McDonald, OECD, Łukasz
_NAMEWORD = rf"{_WORD}(?:-{_L}(?:{_L}|{_AP}(?={_L}))*)*"  # Okafor-Lind
_PARTICLE = r"(?:(?:van|von|der|den|de|del|della|dei|di|da|du|dos|das|la|le|ten|ter|bin|ibn|al|el)\s+)"
_SURNAME = rf"{_PARTICLE}{{0,3}}{_NAMEWORD}(?:\s+{_NAMEWORD})?"
_OTHER = r"(?:\s*\([^()\d]{1,40}\))?"
_INIT1 = rf"(?:{_UP}{_LO}?\.|{_UP}(?=[\s,]|$))"
_INIT = rf"{_INIT1}(?:(?:\s?-\s?|\s)?{_INIT1}){{0,8}}"  # D., D.H., D. H., J.-P., Yu. A. (one way to split)
_GIVEN = rf"{_UP}{_LO}+(?:[\s-]+(?:{_UP}{_LO}+|{_UP}\.))*"  # Alma, Michelle S., Mary-Jane
_NAME = rf"{_SURNAME}{_OTHER},\s*(?:{_INIT}|{_GIVEN})(?:,?\s+(?:Jr|Sr)\.?|,?\s+(?:II|III|IV)\b)?"
_SEP = r"(?:\s*,\s*(?:&\s*|and\s+)?|\s+(?:&|and)\s+)"
_EDMARK = r"\(\s*(?:[Ee]ds?|[Ee]ditors?)\.?\s*\)"
_AUTHORS = (
    rf"{_NAME}(?:{_SEP}{_NAME}){{0,40}}"
    rf"(?:\s*,?\s*(?:et\s+al\.?|(?:\.\s?){{3}}|…)(?:\s*{_NAME})?)?(?:\s*,?\s*{_EDMARK})?"
)
_YEAR = r"(?:1[5-9]|20)\d\d"
_STATUS = r"(?:n\.\s?d\.|forthcoming|in\s+press|no\s+date|undated)"
_HEAD_YEAR = rf"[.,]?\s*(?:\(\s*(?:{_YEAR}|(?i:{_STATUS}))|{_YEAR}[a-z]?[.,]?(?=\s|$))"
_REF_START = re.compile(rf"(?<![^\W\d_'’-])(?:{_AUTHORS}){_HEAD_YEAR}")
#: an organisation author in APA form inside a run-together list: "World Bank. (2018)."
_ORG_START = re.compile(
    rf"(?<![^\W\d_'’-]){_UP}(?:{_L}|[’'&-])+(?:\s+(?:of|for|and|the|on|in|&|{_UP}(?:{_L}|[’'&-])*)){{0,8}}\.\s+"
    rf"\((?:{_YEAR}[a-z]?|n\.\s?d\.)(?:,[^)]{{0,20}})?\)\."
)
#: an organisation or other author without initials, at a line start: "World Bank. (2018)."
_LINE_START = re.compile(rf"{_UP}[^\n]{{0,150}}?[.,]?\s*\(\s*(?:{_YEAR}[a-z]?|(?i:{_STATUS}))[^)\n]{{0,30}}\)")
_NUMBERING = re.compile(r"(?:\[\d{1,3}\]|\d{1,3}\.)[ \t]+")


def fold(text: str) -> str:
    """Accent- and case-folded letters only: "Łukasiewicz-Ó" -> "lukasiewiczo"."""
    return "".join(ch for ch in fold_text(text) if ch.isalpha())



# --------------------------------------------------------------------------------------------
# The head: authors and year
# --------------------------------------------------------------------------------------------

_YEAR_EL = re.compile(
    rf"\(\s*(?P<py>{_YEAR})(?P<ps>[a-z])?(?:\s*[/–-]\s*\d{{2,4}})?(?:\s*,\s*[^()]{{1,30}})?\s*\)"
    rf"|\(\s*(?P<pst>(?i:{_STATUS}))\s*\)"
    rf"|(?<![\w/.-])(?P<by>{_YEAR})(?P<bs>[a-z])?(?=[.,:;]?(?:\s|$))"
    rf"|(?<=[\s,.])(?P<bst>(?i:n\.\s?d\.|forthcoming|in\s+press))(?=[.,]?(?:\s|$))"
)


def _status(raw: str) -> str:
    raw = raw.lower().replace(" ", "")
    if raw in ("n.d.", "nodate", "undated"):
        return "n.d."
    return "in press" if raw == "inpress" else "forthcoming"



def _boundary_ok(text: str, pos: int) -> bool:
    """Whether a reference may start at `pos`: not inside an author list or after "In"."""
    if pos == 0:
        return True
    if not text[pos - 1].isspace():
        return False
    window = text[max(0, pos - 30): pos]
    stripped = window.rstrip()
    if not stripped:
        return True
    if stripped[-1] in ",&;:(":
        return False
    return not re.search(r"(?:\band|\bin|\bIn|\bby|\bwith|\bsee|\bet\s+al\.)$", stripped)


_ENDS_REFERENCE = re.compile(r"(?:[.)\]/\d]|(?:https?://|www\.)\S+)$")


def _ends_reference(before: str) -> bool:
    """Whether text ends as a reference does: a period, a bracket, pages, a DOI or a URL (or is empty)."""
    before = before.rstrip()
    return not before or bool(_ENDS_REFERENCE.search(before))


def split_references(text: str) -> list[tuple[int, int]]:
    """Spans of the single references in a reference-list block (newline-separated or run together)."""
    starts: set[int] = set()
    heads: list[tuple[int, int]] = []
    for m in _REF_START.finditer(text):
        if _boundary_ok(text, m.start()):
            starts.add(m.start())
            heads.append(m.span())
    for m in _ORG_START.finditer(text):
        if any(s <= m.start() < e for s, e in heads):
            continue
        if m.start() == 0 or (text[m.start() - 1].isspace() and _ends_reference(text[max(0, m.start() - 200): m.start()])):
            starts.add(m.start())
    # at line starts: organisation authors after a line that ended a reference, numbered entries
    pos = 0
    prev_line = ""
    for line in text.splitlines(keepends=True):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            num = _NUMBERING.match(line, lead)
            begin = pos + (num.end() if num else lead)
            if num and (_REF_START.match(text, begin) or _LINE_START.match(text, begin)):
                starts.add(begin)  # "3. Okafor, T. ..." starts at the name, not the number
            elif (_LINE_START.match(text, begin) and _ends_reference(prev_line)
                  and not any(pos <= s < pos + len(line) and s != begin for s in starts)):
                starts.add(begin)
            prev_line = line
        pos += len(line)
    ordered = sorted(starts)
    spans: list[tuple[int, int]] = []
    if ordered and text[: ordered[0]].strip() and _YEAR_EL.search(text[: ordered[0]]):
        lead = len(text) - len(text.lstrip())
        ordered.insert(0, lead)
    for i, s in enumerate(ordered):
        e = ordered[i + 1] if i + 1 < len(ordered) else len(text)
        trimmed = re.sub(r"\n[ \t]*(?:\[\d{1,3}\]|\d{1,3}\.)$", "", text[s:e].rstrip()).rstrip()
        if not trimmed.strip():
            continue
        spans.append((s, s + len(trimmed)))
    return spans


_SECTION_HEADING = re.compile(
    r"^[ \t]*(?:\d+(?:\.\d+)*\.?[ \t]+|[IVX]+\.[ \t]+)?(?:references?|bibliography|works[ \t]+cited|reference[ \t]+list|"
    r"literature[ \t]+cited|list[ \t]+of[ \t]+references|references[ \t]+and[ \t]+notes|cited[ \t]+works|sources)[ \t]*:?[ \t]*$",
    re.I | re.M,
)
_BOILERPLATE = re.compile(
    r"^(?:appendix|appendices|acknowledg(?:e)?ments?|notes|endnotes|footnotes|about\s+the\s+authors?|author\s+information|"
    r"author\s+biograph(?:y|ies)|notes\s+on\s+contributors|funding|declarations?|conflicts?\s+of\s+interest|"
    r"supplementary|tables?|figures?|cite\s+this|fingerprint|keywords|copyright|share|related|back\s+to\s+top|"
    r"previous|next)\b",
    re.I,
)
_CONTINUATION = re.compile(r"^[a-z]|\d+\s*\(\d+\)|\d+\s*[-–]\s*\d+|\b10\.\d{4,9}/|https?://|\(\d{4}\)")


def _heading_like(line: str, next_line: str | None) -> bool:
    s = line.strip()
    if not s or len(s) > 80:
        return False
    if _BOILERPLATE.match(s) and len(s) < 60 and not re.search(r"\d{4}", s):
        return True
    if s[0].islower() or not s[0].isalpha() or re.search(r"[\d,;:.)\]]$|\d", s) or "," in s:
        return False
    if len(s.split()) > 10 or _REF_START.match(s):
        return False
    return not (next_line and _CONTINUATION.search(next_line.strip()))


def find_reference_section(text: str) -> tuple[int, int] | None:
    """Span of the block after the last "References"-like heading line, up to boilerplate or the end."""
    for heading in reversed(list(_SECTION_HEADING.finditer(text))):
        start = heading.end()
        if start < len(text) and text[start] == "\n":
            start += 1
        lines = text[start:].splitlines(keepends=True)
        end = start
        pos = start
        for i, line in enumerate(lines):
            nxt = next((ln for ln in lines[i + 1:] if ln.strip()), None)
            if line.strip() and _heading_like(line, nxt):
                break
            pos += len(line)
            if line.strip():
                end = pos - (len(line) - len(line.rstrip()))
        if text[start:end].strip():
            lead = len(text[start:end]) - len(text[start:end].lstrip())
            return start + lead, end
    return None


# --------------------------------------------------------------------------------------------
# In-text citations
# --------------------------------------------------------------------------------------------

_CWORD = rf"{_UP}(?:{_L}|{_AP}(?={_L}))+(?:-{_L}(?:{_L}|{_AP}(?={_L}))*)*"
_CPART = r"(?:(?:van|von|de|der|den|du|da|di|del|della|la|le|ten|ter|Van|Von|De|Der|Den|Du|Da|Di|Del|La|Le)\s+)"
_CSURN = rf"{_CPART}{{0,3}}{_CWORD}(?:\s+(?:(?:of|for|the|on)\s+){{0,2}}{_CWORD}){{0,4}}"  # also "Ministry of Education"
_NSURN = rf"{_CPART}{{0,3}}{_CWORD}"
_CYEAR = r"(?:(?:1[5-9]|20)\d\d\d?[a-z]?(?!\d)|(?i:n\.\s?d\.|forthcoming|in\s+press))"
_CAUTH = rf"{_CSURN}(?:\s*,\s*(?:(?:&|and)\s+)?{_CSURN}|\s+(?:&|and)\s+{_CSURN}){{0,9}}"
_PAREN_CIT = re.compile(
    rf"(?<![^\W\d_])(?P<authors>{_CAUTH})(?P<etal>\s+et\s+al\.?)?\s*,?\s+(?P<years>{_CYEAR}(?:\s*,\s*{_CYEAR})*)"
    r"(?P<loc>\s*,\s*(?:pp?\.|para\.?|paras\.?|chap\.?|chapter|ch\.|sec\.|section|fig\.|table|n\.)\s*[\w–\-, ]*?)?"
    r"(?=\s*(?:,|$))"
)
_NARR_CIT = re.compile(
    rf"(?<![^\W\d_'’.-])(?P<authors>{_NSURN}(?:(?:\s*,\s*{_NSURN}){{0,8}}\s*,?\s+(?:&|and)\s+{_NSURN})?)"
    rf"(?P<etal>\s+et\s+al\.?)?(?:{_AP}s?)?\s*\(\s*(?P<years>{_CYEAR}(?:\s*[,;]\s*{_CYEAR})*)"
    r"(?:\s*[,:]\s*(?:pp?\.|para\.?|chap\.?|chapter)\s*[^()]{0,20})?\s*\)"
)
_YEAR_TOKEN = re.compile(r"(?P<y>\d{4,5})(?P<s>[a-z])?|(?P<st>(?i:n\.\s?d\.|forthcoming|in\s+press))")
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
    authors = [a.strip() for a in re.split(r"\s*,\s*(?:(?:&|and)\s+)?|\s+(?:&|and)\s+", raw) if a.strip()]
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
# Matching citations to references
# --------------------------------------------------------------------------------------------

def _levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


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
        same = {c.status, r.status} <= {"forthcoming", "in press"} or c.status == r.status
        return 3 if same and c.status and r.status else 0
    if not c.year or not r.year:
        return 0
    if c.year_suffix and r.year_suffix and c.year_suffix != r.year_suffix:
        return 0
    if c.year == r.year:
        return 3 if c.year_suffix == r.year_suffix else 2
    return 1 if _levenshtein(c.year, r.year) == 1 else 0


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
