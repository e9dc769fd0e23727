"""Small text helpers shared by extractors and resolution: name keys, slugs, casing tests."""
from __future__ import annotations

import hashlib
import re
import unicodedata

_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
#: words of a periodical's name in several languages: a name holding one is a journal's, not an organisation's
PERIODICAL_WORDS = re.compile(r"\b(?:Journal|Bulletin|Quarterly|Review|Zeitschrift|Revue|Revista|Rivista|Tijdschrift"
                              r"|Magazine|Gazette|Annals|Annales|Jahrbuch|Yearbook|Proceedings|Transactions|Вестник|Журнал)\b")

# letters that do not decompose into a Latin base letter and a mark
_LATIN_EXTRA = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ß": "ss", "ı": "i",
                              "ŀ": "l", "ħ": "h", "ŧ": "t"})


def fold(s: str) -> str:
    """Accents dropped, case folded: the key two spellings of one name share ('Łódź' -> 'lodz')."""
    s = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", s))
    return "".join(c for c in s if not unicodedata.combining(c)).casefold().translate(_LATIN_EXTRA)


def name_key(s: str) -> str:
    """A matching key for a name: folded, '&' as 'and', leading article and punctuation dropped.

    >>> name_key("The Lakeside Management, Administration & Leading")
    'lakeside management administration and leading'
    """
    s = fold(s).replace("&", " and ")
    s = _ARTICLE.sub("", s.strip())
    s = re.sub(r"[^\w\s]", " ", s)
    return re.sub(r"\s+", " ", s).strip()



def slug(s: str, max_len: int = 80) -> str:
    """IRI-safe lower-case slug of a name: 'Maria Lind' -> 'maria-lind', 'Øystein Ørsted' ->
    'oystein-orsted'; a name in another script gets a short hash of itself, so two names never share one."""
    folded = fold(s)
    out = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    letters = sum(1 for c in folded if c.isalpha())
    if letters and sum(1 for c in out if c.isalpha()) < letters / 2:
        digest = hashlib.sha1(name_key(s).encode("utf-8")).hexdigest()[:10]
        out = f"{out[:40]}-{digest}".strip("-") if out else f"x-{digest}"
    if len(out) > max_len:
        out = out[:max_len].rsplit("-", 1)[0]
    return out or "unnamed"


def clean_label(s: str) -> str:
    """A display name without surrounding punctuation, leading article or doubled spaces."""
    s = re.sub(r"\s+", " ", s).strip()
    s = s.strip(" ,;:.'\"‘’“”()[]-–—•")
    s = _ARTICLE.sub("", s)
    return s.strip()


def is_title_case_word(w: str) -> bool:
    return bool(w) and (w[0].isupper() or w[0].isdigit())


MINOR_WORDS = {"of", "for", "in", "and", "the", "on", "to", "at", "a", "an", "&", "de", "la", "du", "von", "van", "der"}


def is_title_case(phrase: str) -> bool:
    """Every word capitalised but the small function words: 'Study of Leadership for Learning'."""
    words = [w for w in re.split(r"[\s/]+", phrase.strip()) if w]
    if not words or not is_title_case_word(words[0]):
        return False
    return all(is_title_case_word(w) or w.lower() in MINOR_WORDS for w in words)


def locate(text: str, name: str, lo: int = 0, hi: int | None = None) -> tuple[int, int]:
    r"""Offsets of `name` in text[lo:hi], whatever whitespace the text puts between its words;
    (lo, hi) itself when the name is not there (a cleaned name may differ from the print).

    >>> locate("organised by the Lake\n Council.", "Lake Council")
    (17, 30)
    """
    hi = len(text) if hi is None else hi
    words = name.split()
    if words:
        m = re.compile(r"\s+".join(re.escape(w) for w in words)).search(text, lo, hi)
        if m:
            return m.start(), m.end()
    return lo, hi
