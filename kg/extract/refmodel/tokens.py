"""Cut one reference string into tokens: links whole, words (with inner hyphens and apostrophes),
every other non-space character on its own.

>>> [t for t, _, _ in tokenize("Okafor, T. (2018a). Heads-up. doi:10.1080/x.y")]
['Okafor', ',', 'T', '.', '(', '2018a', ')', '.', 'Heads-up', '.', 'doi:10.1080/x.y']
"""
from __future__ import annotations

import re

_TOKEN = re.compile(
    r"(?:https?://|www\.)[^\s<>\"]+"  # a URL, whole
    r"|(?:(?i:doi):\s?)?10\.\d{3,9}/[^\s<>\"]+"  # a DOI, whole (also "doi:10....")
    r"|[^\W_]+(?:['’‐-][^\W_]+)*"  # a word or number: Okafor-Lind, O'Brien, 2018a, l’école
    r"|\S"  # any other character
)
#: a line break inside a hyphenated word of lower-case letters: "lead-\nership"
_SOFT_HYPHEN = re.compile(r"(?<=[^\W\d_])[-‐­]\s*\n\s*(?=[^\W\d_A-Z])")


def normalise(text: str) -> str:
    """One line: words hyphenated across line breaks joined, whitespace runs made one space."""
    if "\n" in text:
        text = _SOFT_HYPHEN.sub("", text)
    return " ".join(text.split())


#: initials joined by hyphens without dots ("J-P", "C-R") are cut like "J.-P.": letter, hyphen, letter
_HYPHENATED_INITIALS = re.compile(r"[^\W\d_](?:[‐-][^\W\d_])+")


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """(token, start, end) for every token of `text`, in order."""
    out = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    if ("-" not in text and "‐" not in text) or not any(t[1:2] in ("-", "‐") and _HYPHENATED_INITIALS.fullmatch(t) for t, _, _ in out):
        return out
    split = []
    for tok, s, e in out:
        if tok[1:2] in ("-", "‐") and _HYPHENATED_INITIALS.fullmatch(tok):
            split.extend((ch, s + i, s + i + 1) for i, ch in enumerate(tok))
        else:
            split.append((tok, s, e))
    return split
