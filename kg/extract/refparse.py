"""Parse reference lists and in-text author-year citations with regexes and the standard library.

`find_reference_section` finds the block under a "References" heading, `split_references` cuts it
into single references (one per line, or a whole list run together on one line),
`parse_reference` turns one reference into a `Reference`, `find_citations` finds "(Okafor &
Lind, 2001)" and "Okafor (2001)" in body text, and `match_citation` links a citation to the
reference it names. `score_fields` scores parsed references against expected fields (tests, bench).

>>> ref = parse_reference("Okafor, T. N., & Lind, B. (2018). Quiet leaders. Journal of School Life, 7(2), 11-19.")
>>> ref.kind, ref.authors[0].family, ref.year, ref.container, ref.pages
('JournalArticle', 'Okafor', '2018', 'Journal of School Life', '11-19')
"""
from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kg.text import fold as fold_text  # noqa: E402  (one accent and case folding for the project)

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


_INITIAL_TOKEN = re.compile(rf"-?{_UP}{_LO}{{0,2}}\.|-?{_UP}(?![{_L[1:]})")
_ALL_INITIALS = re.compile(rf"(?:(?:\s*-\s*|\s*){_UP}(?:{_LO}{{1,2}}\.|\.|(?=[\s.-]|$))){{1,12}}\s*")
_CAPS_INITIALS = re.compile(rf"{_UP}{{1,3}}")
_INITIAL_PIECE = re.compile(rf"-?\s*{_UP}{_LO}{{0,2}}\.?")


def normalise_given(given: str) -> str:
    """Given names as printed, initials spaced and dotted: "D.H." -> "D. H.", "J.-P." stays, "Alma" stays."""
    given = " ".join(given.replace(",", " ").split())
    if not given:
        return ""
    if _CAPS_INITIALS.fullmatch(given) and len(given) <= 3:
        return " ".join(f"{ch}." for ch in given)
    if _ALL_INITIALS.fullmatch(given):
        out: list[str] = []
        for tok in _INITIAL_PIECE.findall(given):
            tok = tok.replace(" ", "")
            tok = tok if tok.endswith(".") else tok + "."
            if tok.startswith("-") and out:
                out[-1] += tok
            else:
                out.append(tok.lstrip("-"))
        return " ".join(out)
    words = re.split(r"\s+|(?<=\.)(?=\S)", given)
    return " ".join(w + "." if len(w) == 1 and w.isupper() else w for w in words if w)


# --------------------------------------------------------------------------------------------
# Authors
# --------------------------------------------------------------------------------------------

_SURNAME_TOKEN = re.compile(rf"(?P<family>(?:{_PARTICLE}|{_NAMEWORD}\s+){{0,3}}{_NAMEWORD})\s*(?:\((?P<other>[^()]+)\))?")
_GIVEN_TOKEN = re.compile(rf"{_INIT}|{_GIVEN}\.?|{_UP}{{2,3}}")
_GIVEN_FIRST = re.compile(rf"(?P<given>{_INIT})\s*(?P<family>{_PARTICLE}{{0,3}}{_NAMEWORD}(?:\s+{_NAMEWORD})?)")
_VANCOUVER = re.compile(rf"(?P<family>{_PARTICLE}{{0,3}}{_NAMEWORD})\s+(?P<given>{_UP}{{1,3}}|{_INIT})")
_ETAL = re.compile(r",?\s*\bet\s+al\b\.?")
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
_EDITORS_TAIL = re.compile(rf",?\s*{_EDMARK}\.?$|,?\s+[Ee]ds?\.?$")
_PERSONAL_NAMES = re.compile(rf"{_UP}\.|,\s*{_UP}|\b{_UP}{{1,3}}$")


def parse_authors(region: str) -> tuple[list[Author], bool, bool]:
    """Names from an author (or editor) list: (authors, they_are_editors, et_al).

    >>> parse_authors("Okafor, T. N., & Lind (Lindqvist), B.")[0][1]
    Author(family='Lind', given='B.', other_families=('Lindqvist',))
    """
    region = " ".join(region.split()).strip(" ,;:")
    editors = False
    m = _EDITORS_TAIL.search(region) if "d" in region[-8:] else None
    if m:
        editors = True
        region = region[: m.start()].strip(" ,.")
    et_al = False
    if "et" in region and _ETAL.search(region):
        et_al = True
        region = _ETAL.sub(",", region)
    region = re.sub(r"(?:\.\s?){3}|…", ",", region)
    if not region:
        return [], editors, et_al
    if not _PERSONAL_NAMES.search(region):
        return [Author(region.strip(" ,."))], editors, et_al  # an organisation
    region = re.sub(r"\s*,?\s*(?:&|\band)\s+", ", ", region)
    tokens = [t.strip() for t in region.split(",")]
    tokens = [t for t in tokens if t and t.lower() not in _SUFFIXES]
    authors: list[Author] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        gf = _GIVEN_FIRST.fullmatch(tok)
        sm = _SURNAME_TOKEN.fullmatch(tok)
        if gf and not (sm and nxt and _GIVEN_TOKEN.fullmatch(nxt)):
            authors.append(Author(gf["family"], normalise_given(gf["given"])))
            i += 1
        elif sm and nxt is not None and _GIVEN_TOKEN.fullmatch(nxt):
            other = tuple(o.strip() for o in re.split(r"[/;]", sm["other"])) if sm["other"] else ()
            authors.append(Author(sm["family"], normalise_given(nxt), other))
            i += 2
        elif (vm := _VANCOUVER.fullmatch(tok)) is not None:
            authors.append(Author(vm["family"], normalise_given(vm["given"])))
            i += 1
        else:
            if sm and sm["other"]:
                authors.append(Author(sm["family"], "", tuple(o.strip() for o in sm["other"].split("/"))))
            elif re.search(r"[^\W\d_]", tok):  # a stray token with no letter is no author
                authors.append(Author(tok.strip(" .")))
            i += 1
    authors = [a for a in authors if a.family.strip(" .,&")]
    return authors, editors, et_al


# --------------------------------------------------------------------------------------------
# DOIs, URLs, editions
# --------------------------------------------------------------------------------------------

_DOI = re.compile(r"10\.\d{4,9}/[^\s\"<>]+")
#: what may stand before a DOI: "Retrieved from https://doi.org/", "doi:", "DOI: ", "http://dx.doi.org/"
_DOI_PREFIX = re.compile(
    r"(?:(?:Retrieved\s+from|Available\s+(?:at|from|online)(?:\s+at)?)\s*:?\s*)?"
    r"(?:(?:https?://)?(?:dx\.)?doi\.org/|\bdoi\s*:\s*|\bDOI\s*:?\s*)$",
    re.I,
)
_URL = re.compile(
    r"(?P<label>(?:Retrieved\s+(?:[^.]{0,40}?,\s*)?from|Available\s+(?:at|from|online)(?:\s+at)?)\s*:?\s*)?"
    r"(?P<url>(?:https?://|www\.)[^\s<>\"]+)",
    re.I,
)
_ACCESSED = re.compile(
    r"\s*[(\[]\s*(?:Accessed|Retrieved|Viewed|Last\s+accessed)\b[^)\]]*[)\]]\.?"
    r"|\.?\s*(?:Accessed|Last\s+accessed)\s*:?\s+(?:on\s+)?\d{1,2}\s+\w+\.?,?\s+\d{4}\.?"
    r"|\.?\s*(?:Accessed|Last\s+accessed)\s*:?\s+(?:on\s+)?\w+\.?\s+\d{1,2},?\s+\d{4}\.?",
    re.I,
)
_DANGLING_LABEL = re.compile(r"\b(?:Retrieved\s+from|Available\s+(?:at|from|online))\s*:?\s*$", re.I)
_ONLINE = re.compile(r"\s*\[\s*(?:online|electronic\s+version|internet)\s*\]", re.I)
_ORDINAL_WORDS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|revised|rev\\.|expanded|updated|new"
_EDITION = re.compile(
    rf"(?P<lp>\(\s*)?\b(?P<ed>\d{{1,2}}(?:st|nd|rd|th)|(?i:{_ORDINAL_WORDS}))\s+(?i:edn|edition|ed)\b\.?(?P<rp>\s*\)|\s*,\s*)?"
)


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


def _take_links(s: str) -> tuple[str, str | None, str | None, bool]:
    """Remove the DOI, URL and access notes from a reference: (rest, doi, url, web_label_seen)."""
    doi = url = None
    web = False
    for m in _DOI.finditer(s) if "10." in s else ():
        window = s[max(0, m.start() - 60): m.start()]
        pre_at = max(0, m.start() - 60)
        pre = _DOI_PREFIX.search(s, pre_at, m.start()) if ("doi" in window.lower()) else None
        if pre or m.start() == 0 or not (s[m.start() - 1].isalnum() or s[m.start() - 1] in "/._-"):
            doi = _clean_tail(m.group())
            s = s[: pre.start() if pre else m.start()] + " " + s[m.start() + len(doi):]
            break
    m = _URL.search(s) if ("http" in s or "www." in s) else None
    if m:
        url = _clean_tail(m["url"])
        web = bool(m["label"])
        end = m.start("url") + len(url)
        s = s[: m.start()] + " " + s[end:]
    low = s.lower()
    if "accessed" in low or "retrieved" in low or "viewed" in low:
        s, n = _ACCESSED.subn("", s)
        web = web or n > 0
    if "[" in s:
        s, n = _ONLINE.subn("", s)
        web = web or n > 0
    if "retrieved" in low or "available" in low:
        s = _DANGLING_LABEL.sub("", s.strip())
    return s, doi, url, web


def _take_edition(s: str) -> tuple[str, str | None]:
    if not (" ed" in s or " Ed" in s or "dition" in s):
        return s, None
    m = _EDITION.search(s)
    if not m:
        return s, None
    ed = m["ed"]
    ed = "Revised" if ed.lower().startswith("rev") else (ed if ed[0].isdigit() else ed.capitalize())
    rp = m["rp"] or ""
    repl = "" if (not m["lp"] or ")" in rp) else "("
    if not m["lp"] and "," in rp:
        repl = ", "
    return s[: m.start()] + repl + s[m.end():], ed


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


# --------------------------------------------------------------------------------------------
# The body: title, container, publisher ...
# --------------------------------------------------------------------------------------------

_ABBREV = {
    "ed", "eds", "edn", "vol", "vols", "no", "nos", "pp", "p", "trans", "rev", "st", "dr", "jr", "sr",
    "inc", "ltd", "co", "corp", "dept", "univ", "e.g", "i.e", "vs", "cf", "al", "mr", "mrs", "ms",
    "prof", "ph.d", "n.d", "repr", "suppl", "pt", "chap", "ch", "fig", "assoc", "natl", "intl",
}
_SEG_BREAK = re.compile(r"[.?!][\"”’']?\s+")


def _segments(body: str) -> list[str]:
    """Cut a reference body at sentence ends, not after initials ("W.H. Freeman") or abbreviations."""
    segs: list[str] = []
    start = 0
    for m in _SEG_BREAK.finditer(body):
        i = m.start()
        if body[i] == ".":
            before = body[max(0, i - 12): i]
            token = before[max(before.rfind(" "), before.rfind("("), before.rfind("[")) + 1:].lstrip("\"'‘“(")
            if token and token[-1].isupper() and (len(token) == 1 or not token[-2].isalpha()):
                continue  # an initial: "W.H. Freeman"
            if token.lower() in _ABBREV:
                continue
            if m.end() < len(body) and body[m.end()].islower():
                continue
        segs.append(body[start: m.end()].strip())
        start = m.end()
    tail = body[start:].strip()
    if tail:
        segs.append(tail)
    return [s for s in segs if s.strip(" .,;:")]


def _strip_seg(seg: str) -> str:
    seg = seg.strip().strip(",;:").strip()
    if seg.endswith(".") and not seg.endswith("..."):
        seg = seg[:-1].rstrip()
    if len(seg) >= 2 and seg[0] in "'‘\"“" and seg[-1] in "'’\"”":
        seg = seg[1:-1].strip()
    return seg


def _pages(raw: str | None) -> str | None:
    if not raw:
        return None
    return re.sub(r"\s*[-–—‐]+\s*", "-", raw.strip())


_JOURNAL_TAIL = re.compile(
    rf"^(?P<container>.*?[^\W\d_?!)\]'’\"”])\.?(?P<comma>,)?\s+"
    r"(?:(?P<volkw>(?i:vol(?:ume)?)\.?)\s*)?(?P<volume>\d{1,4}[A-Za-z]?)"
    r"(?:\s*\((?P<issue>[^)]{1,24})\)|\s*,?\s*(?i:no|issue|iss|nr)\.?\s*(?P<issue2>\d[\w–-]*))?"
    r"(?:\s*[,:]\s*(?:(?i:pp?)\.\s*)?(?P<pages>[A-Za-z]?\d+(?:\s*[-–—]\s*[A-Za-z]?\d+)?|(?i:article)\s+(?:(?i:no)\.?\s*)?\w+))?"
    r"\s*\.?\s*$"
)
_HAS_DIGIT = re.compile(r"\d")
_PLACE_PUB = re.compile(r"^(?P<place>[^:\d]{2,60}?)\s*:\s*(?P<pub>\S.*?)\.?$")
_PLACE_WORDS = {"on", "upon", "am", "an", "der", "de", "la", "le", "sur", "del", "im", "ob", "of", "and", "&"}
_CHAPTER = re.compile(
    rf"^[Ii]n:?\s+(?:(?P<eds>.*?)\s*(?:{_EDMARK}|,?\s+[Ee]ds?\.(?=\s)|,?\s+\([Ee]ds?\)|,?\s+[Ee]dited\s+by)\.?,?\s*)?(?P<book>.*)$"
)
_CHAPTER_PAGES = re.compile(
    r"\s*\((?:(?i:vol)\.?\s*(?P<vol>[^,)]+),?\s*)?(?:(?i:pp?)\.?|(?i:pages))\s*(?P<pages>[^)]+)\)"
    r"|,?\s*(?:(?i:pp?)\.|(?i:pages))\s*(?P<pages2>[A-Za-z]?\d+(?:\s*[-–—]\s*[A-Za-z]?\d+)?)"
)
_CHAPTER_MARK = re.compile(rf"{_EDMARK}|\b[Ee]ds?\b\.?|\b[Ee]dited\s+by|\(pp?\.")
_THESIS = re.compile(r"\b(?:thesis|dissertation|theses)\b", re.I)
_CONFERENCE = re.compile(
    r"\b(?:presented\s+at|paper\s+presentation|poster\s+presentation|conference\s+(?:paper|presentation|session)|"
    r"symposium\s+presentation|keynote\s+address)\b|^in:?\s+(?:the\s+)?Proceedings\b|^Proceedings\s+of\b",
    re.I,
)
_REPORT = re.compile(
    r"\b(?:(?:Technical|Research|Policy|Annual|Evaluation|Final|Interim|Commissioned|Country|Background|Statistical)\s+)?"
    r"(?:[Rr]eport|[Ww]orking\s+[Pp]apers?|[Dd]iscussion\s+[Pp]apers?|[Oo]ccasional\s+[Pp]apers?|[Pp]olicy\s+[Bb]rief|"
    r"[Bb]riefing\s+[Pp]aper|[Rr]esearch\s+[Bb]rief|[Tt]echnical\s+[Nn]ote)"
    r"(?:\s+[Ss]eries)?(?:\s*,?\s*(?:[Nn]o\.?|[Nn]umber|#)?\s*(?P<num>[A-Z]{0,4}[-\s]?\d[\w./-]*))?"
)
_DESCRIPTOR = re.compile(r"\s*(?:\[(?P<sq>[^\]]{2,120})\]|\((?P<rd>[^()]{2,80})\))\s*[.,]?\s*$")
_INSTITUTION_WORD = re.compile(
    r"\b(?:Universit\w*|College|Institut\w*|School|Faculty|Department|Academy|Akademi\w*|Centre|Center|Hochschule|Polytechnic)\b",
    re.I,
)
# words that mark a publisher's name (the seed documents' own publishers are deliberately not listed:
# the parser finds them from the layout, "Place: Publisher")
_PUBLISHER_WORD = re.compile(
    r"\b(?:Press|Publish\w*|Publications|Books|Verlag|Editions|Routledge|Springer|Wiley|Palgrave|"
    r"Macmillan|Elsevier|Bloomsbury|Continuum|Falmer|Jossey-Bass|Corwin|Emerald|Brill|Blackwell|McGraw|Norton|"
    r"Penguin|Cassell|Heinemann|Harper)\b"
)
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,;:])")
_DOUBLE_PUNCT = re.compile(r"([.,])[.,]+")
_PRESENTED_AT = re.compile(r"presented\s+at\s+(?:the\s+)?(?P<c>.*)$", re.I)
_LEADING_IN = re.compile(r"^[Ii]n:?\s+(?:the\s+)?")
_ARTICLE_NO = re.compile(r"(?i)^article\s+(?:no\.?\s*)?")
_NUMBER_ONLY = re.compile(r"No\.\s*\S+$")
_JOURNAL_WORD = re.compile(r"\b(?:Journal|Review|Quarterly|Bulletin|Annals|Transactions|Letters|Revista|Zeitschrift)\b")
_ONLINE_FIRST = re.compile(r"\b(?:advance\s+online\s+publication|online\s+first|early\s+view|epub\s+ahead)\b", re.I)


def _is_place_pub(seg: str) -> re.Match[str] | None:
    m = _PLACE_PUB.match(seg)
    if not m or not m["pub"][:1].isupper() and not m["pub"][:1].isdigit():
        return None
    words = re.split(r"[\s,]+", m["place"].strip())
    if len(words) > 6 or not all(w[:1].isupper() or w.lower() in _PLACE_WORDS for w in words if w):
        return None
    return m


def _split_comma_title(container: str) -> tuple[str, str] | None:
    """Harvard "Title of paper, Journal Name" -> (title, journal), cut at the last comma."""
    cut = container.rfind(", ")
    if cut <= 0:
        return None
    return container[:cut].strip(), container[cut + 2:].strip()


def _thesis_place(text: str, ref: Reference) -> None:
    """Fill institution/place from "University of X, City" or "City: University of X"."""
    text = _strip_seg(text)
    if not text:
        return
    pp = _is_place_pub(text)
    if pp:
        ref.place, ref.institution = pp["place"].strip(), _strip_seg(pp["pub"])
        return
    parts = [p.strip() for p in text.split(",") if p.strip()]
    inst = [p for p in parts if _INSTITUTION_WORD.search(p)]
    rest = [p for p in parts if p not in inst]
    ref.institution = ", ".join(inst) if inst else ref.institution or parts[0]
    if inst and rest:
        ref.place = ", ".join(rest)


@dataclass
class _Body:
    """A reference body cut into segments, each with a role, and the title in front of them."""

    segs: list[str]
    roles: list[str]
    title: str
    descriptor: str | None  # "[Doctoral dissertation, University of X]", "(Report No. 4)"
    later: list[tuple[str, str]]  # (role, segment) after the title

    def seg(self, role: str) -> str | None:
        return next((s for r, s in self.later if r == role), None)

    def others(self) -> list[str]:
        return [s for r, s in self.later if r == "other"]

    def described_as(self, pattern: re.Pattern[str]) -> bool:
        return bool(self.descriptor and pattern.search(self.descriptor))


_VOLUME_NOTE = re.compile(r"\s*\((?i:vol)\.?\s*(?P<v>[\w.-]+)\)\s*\.?$")
_KEPT_DESCRIPTOR = re.compile(r"thesis|dissertation|report|paper|brief|no\.|vol\.|presentation|poster", re.I)
_NOT_AN_INSTITUTION = re.compile(r"ProQuest|database|Publication\s+No", re.I)
_QUOTED_TITLE = re.compile(r"^['‘\"“](?P<t>.+?)[.,?!]?['’\"”](?=[\s,.]|$)[.,]?\s*")


def _role(seg: str) -> str:
    """What one segment after the title is: thesis, conference, chapter, journal, report, placepub or other."""
    low = seg.lower()
    if ("thes" in low or "dissert" in low) and _THESIS.search(seg) and len(seg) < 160:
        return "thesis"
    if _CONFERENCE.search(seg):
        return "conference"
    if seg[:3] in ("In ", "in ", "In:", "in:") and _CHAPTER_MARK.search(seg) and _CHAPTER.match(seg):
        return "chapter"
    stripped = _strip_seg(seg)
    if _HAS_DIGIT.search(seg) and (jm := _JOURNAL_TAIL.match(stripped)):
        if (jm["comma"] or jm["volkw"] or jm["issue"] or jm["issue2"] or jm["pages"]) and not _REPORT.search(jm["container"]):
            return "journal"
    if _REPORT.match(stripped):
        return "report"
    return "placepub" if _is_place_pub(stripped) else "other"


def _cut_body(body: str, ref: Reference) -> _Body | None:
    """Segments with roles; the title is everything before the first segment with a telling role."""
    body, ref.edition = _take_edition(body)
    body = _SPACE_BEFORE_PUNCT.sub(r"\1", body)
    body = _DOUBLE_PUNCT.sub(r"\1", body).strip(" ,;")
    quoted = _QUOTED_TITLE.match(body)
    segs = [quoted["t"], *_segments(body[quoted.end():].strip())] if quoted else _segments(body)
    if not segs:
        return None
    roles = ["title", *(_role(seg) for seg in segs[1:])]
    first = next((i for i, r in enumerate(roles) if r not in ("title", "other")), 1)
    title = " ".join(segs[:first])
    vm = _VOLUME_NOTE.search(title)
    if vm:
        ref.volume = vm["v"]
        title = title[: vm.start()]
    descriptor = None
    dm = _DESCRIPTOR.search(title)
    if dm and dm.start() > 0 and (dm["sq"] or _KEPT_DESCRIPTOR.search(dm["rd"])):
        descriptor = dm["sq"] or dm["rd"]
        title = title[: dm.start()]
    return _Body(segs, roles, title, descriptor, list(zip(roles[first:], segs[first:])))


def _fill_place_publisher(b: _Body, ref: Reference, skip: str | None = None) -> None:
    """Place and publisher from a "Place: Publisher" segment, else the publisher from the first plain one."""
    seg = b.seg("placepub")
    pp = _is_place_pub(_strip_seg(seg)) if seg else None
    if pp:
        ref.place, ref.publisher = pp["place"].strip(), _strip_seg(pp["pub"])
        return
    other = next((s for s in b.others() if s != skip and not _ONLINE_FIRST.search(s)), None)
    if other:
        ref.publisher = _strip_seg(other)


def _fill_thesis(b: _Body, ref: Reference) -> None:
    ref.kind = "Thesis"
    if b.described_as(_THESIS):
        _thesis_place(_THESIS.split(b.descriptor or "", maxsplit=1)[1].lstrip(" ,"), ref)
    seg = b.seg("thesis")
    if seg:
        _thesis_place(_THESIS.split(seg, maxsplit=1)[1].lstrip(" ,.;:"), ref)
    if ref.institution is None:
        after = b.segs[b.segs.index(seg) + 1:] if seg else b.segs[1:]
        nxt = next((s for s in after if not _NOT_AN_INSTITUTION.search(s)), None)
        if nxt:
            _thesis_place(nxt, ref)


def _fill_conference(b: _Body, ref: Reference) -> None:
    ref.kind = "ConferencePaper"
    seg = b.seg("conference")
    if seg is None:  # "[Paper presentation]. Conference Name, City, Country."
        if b.later:
            name, _, place = _strip_seg(b.later[0][1]).partition(", ")
            ref.container, ref.place = name.strip(), (place.strip() or None)
        return
    text = _strip_seg(seg)
    pm = _CHAPTER_PAGES.search(text)
    if pm:
        ref.pages = _pages(pm["pages"] or pm["pages2"])
        text = (text[: pm.start()] + text[pm.end():]).strip(" ,.")
    m = _PRESENTED_AT.search(text)
    if m:  # "Paper presented at the Conference Name, City, Country"
        name, _, place = m["c"].partition(", ")
        ref.container, ref.place = name.strip(), (place.strip() or None)
        return
    ref.container = _LEADING_IN.sub("", text).strip()  # "In Proceedings of ..."
    after = b.segs[b.segs.index(seg) + 1:]
    if after:
        pp = _is_place_pub(_strip_seg(after[0]))
        if pp:
            ref.place, ref.publisher = pp["place"].strip(), _strip_seg(pp["pub"])
        else:
            ref.publisher = _strip_seg(after[0])


def _fill_chapter(b: _Body, ref: Reference) -> None:
    ref.kind = "BookChapter"
    cm = _CHAPTER.match(_strip_seg(b.seg("chapter") or ""))
    if cm is None:
        return
    if cm["eds"]:
        ref.editors = parse_authors(cm["eds"])[0]
    book = cm["book"]
    pm = _CHAPTER_PAGES.search(book)
    if pm:
        ref.pages = _pages(pm["pages"] or pm["pages2"])
        ref.volume = pm["vol"].strip() if pm["vol"] else None
        book = book[: pm.start()] + book[pm.end():]
    ref.container = _strip_seg(book) or None
    idx = b.roles.index("chapter")
    for seg in b.segs[idx + 1:]:  # "Abingdon: Routledge, pp. 45-62."
        pm = _CHAPTER_PAGES.search(seg)
        if pm and ref.pages is None:
            ref.pages = _pages(pm["pages"] or pm["pages2"])
            seg = seg[: pm.start()] + seg[pm.end():]
        seg = _strip_seg(seg)
        pp = _is_place_pub(seg)
        if pp:
            ref.place, ref.publisher = pp["place"].strip(), _strip_seg(pp["pub"])
            break
        if seg and ref.publisher is None:
            ref.publisher = seg


def _fill_journal(jm: re.Match[str] | None, ref: Reference) -> None:
    ref.kind = "JournalArticle"
    if jm is None:
        return
    ref.container = _strip_seg(jm["container"])
    ref.volume = jm["volume"]
    issue = jm["issue"] or jm["issue2"]
    ref.issue = issue.strip() if issue else None
    pages = jm["pages"]
    if pages and pages.lower().startswith("article"):
        pages = _ARTICLE_NO.sub("", pages)
    ref.pages = _pages(pages)


def _fill_report(b: _Body, ref: Reference) -> None:
    ref.kind = "Report"
    seg = b.seg("report")
    rm = _REPORT.search(b.descriptor) if b.descriptor else None
    if rm is None and b.descriptor and _NUMBER_ONLY.match(b.descriptor):  # "(No. 12)"
        ref.number = b.descriptor.split(None, 1)[1].strip()
    if rm is None and seg:
        rm = _REPORT.search(seg)
    if rm and rm["num"]:
        ref.number = rm["num"].strip()
    _fill_place_publisher(b, ref, skip=seg)


def _fill_rest(b: _Body, ref: Reference, web: bool) -> None:
    """No telling segment: a web page, a journal article without volume, or a book."""
    others = b.others()
    placepub = b.seg("placepub")
    ref.kind = "Book"
    if ref.url and not ref.doi and not placepub and not any(_PUBLISHER_WORD.search(s) for s in others):
        ref.kind = "WebPage"
        _fill_place_publisher(b, ref)
    elif others and not placepub and not _PUBLISHER_WORD.search(others[0]) and not ref.editors and (
            ref.doi or _JOURNAL_WORD.search(others[0])):
        ref.kind = "JournalArticle"  # in press or online first: "Title. Journal Name. https://doi.org/..."
        ref.container = _strip_seg(others[0])
    else:
        _fill_place_publisher(b, ref)
        if web and ref.url and ref.publisher is None and not placepub:
            ref.kind = "WebPage"


def _parse_body(body: str, ref: Reference, web: bool) -> None:
    """Fill title, kind, container and the publication details from the text after the year."""
    b = _cut_body(body, ref)
    if b is None:
        return
    title = b.title
    if "thesis" in b.roles or b.described_as(_THESIS):
        _fill_thesis(b, ref)
    elif "conference" in b.roles or b.described_as(_CONFERENCE):
        _fill_conference(b, ref)
    elif "chapter" in b.roles:
        _fill_chapter(b, ref)
    elif "journal" in b.roles:
        _fill_journal(_JOURNAL_TAIL.match(_strip_seg(b.seg("journal") or "")), ref)
        # Harvard "Title? Subtitle, Journal, 7 (2), 99-118": the subtitle went to the container
        if title.rstrip().endswith(("?", "!")) and ref.container and (cut := _split_comma_title(ref.container)):
            title, ref.container = f"{title} {cut[0]}", cut[1]
    elif (jm := _JOURNAL_TAIL.match(_strip_seg(b.segs[0]))) and jm["comma"] and (
            jm["issue"] or jm["pages"] or jm["issue2"]) and (cut := _split_comma_title(jm["container"])):
        _fill_journal(jm, ref)  # Harvard "Title, Journal, 39 (4), 451-456" with no period after the title
        title, ref.container = cut
    elif "report" in b.roles or b.described_as(_REPORT) or (b.descriptor and _NUMBER_ONLY.match(b.descriptor)):
        _fill_report(b, ref)
    else:
        _fill_rest(b, ref, web)
    ref.title = _strip_seg(title) or None


# --------------------------------------------------------------------------------------------
# Public: parse, split, section
# --------------------------------------------------------------------------------------------

def parse_reference(text: str, start: int = 0) -> Reference:
    """Parse one reference string (APA- or Harvard-like); `start` is its offset in the caller's text."""
    ref = Reference(text=text, start=start, end=start + len(text))
    s = " ".join(text.split())
    s = _NUMBERING.sub("", s, count=1) if _NUMBERING.match(s) else s
    s, ref.doi, ref.url, web = _take_links(s)
    ym = _YEAR_EL.search(s)
    if ym:
        region, body = s[: ym.start()], s[ym.end():]
        if ym["py"] or ym["by"]:
            ref.year = ym["py"] or ym["by"]
            ref.year_suffix = ym["ps"] or ym["bs"] or ""
        else:
            ref.status = _status(ym["pst"] or ym["bst"])
    else:
        cut = re.search(r"(?<![A-Z])\.\s", s)
        region, body = (s[: cut.start()], s[cut.end():]) if cut else ("", s)
    names, are_editors, ref.et_al = parse_authors(region)
    if are_editors:
        ref.editors = names
    else:
        ref.authors = names
    body = body.lstrip(" .,:;)")
    _parse_body(body, ref, web)
    return ref


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


# --------------------------------------------------------------------------------------------
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
