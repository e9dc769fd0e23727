"""Per-document limits: a time budget, long texts in parts, and no parse of lines that are not language.

A hostile or broken file must cost one line in the summary, never the build:

- `time_budget(seconds, path)` stops reading or extracting a document that takes too long (a
  SIGALRM timer; Python's regex engine and every pure-Python step can be interrupted) and raises a
  SourceError that names the file;
- `split_parts(text)` cuts a text longer than `PART_CHARS` at paragraph (else line, else space)
  boundaries, so a 5,000,000-character file is parsed and extracted part by part, with every
  offset shifted back into the whole text (`shift_extraction`);
- `parser_text(text)` blanks, for spaCy only, long lines that are not language (a 60 KB line of
  `*a `), so they cost one whitespace token instead of tens of thousands; offsets are unchanged.

>>> [(start, len(part)) for start, part in split_parts("one\\n\\ntwo\\n\\nthree\\n", limit=8)]
[(0, 5), (5, 5), (10, 6)]
"""
from __future__ import annotations

import contextlib
import re
import signal
import threading
from dataclasses import replace
from typing import Iterator

from kg.errors import SourceError
from kg.model import DOCUMENT, WORK, Evidence, Extraction

#: seconds one document may take to be read and extracted before it is skipped
DOCUMENT_SECONDS = 120.0
#: the longest text parsed and extracted as one piece; longer texts go in parts of about this size
PART_CHARS = 200_000
#: lines at least this long are checked for being language before spaCy sees them
LONG_LINE_CHARS = 2_000


class _OutOfTime(BaseException):
    """Raised by the timer inside the work it stops (BaseException: `except Exception` lets it by)."""


@contextlib.contextmanager
def time_budget(seconds: float | None, path: str) -> Iterator[None]:
    """Stop the body after `seconds` with a SourceError naming `path`. Works in a process's main
    thread (SIGALRM); elsewhere, or with no `seconds`, the body runs unbounded."""
    usable = (seconds and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise _OutOfTime()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _OutOfTime:
        raise SourceError(f"{path}: took more than {seconds:g} s to read or extract; the file was skipped "
                          "(split it, or raise the limit with --time-limit)") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def split_parts(text: str, limit: int = 0) -> list[tuple[int, str]]:
    """(offset, part) pieces of `text`, each at most `limit` characters (default `PART_CHARS`), cut
    after the last blank line in reach, else the last line end, else the last space, else at the
    limit. The parts put together are `text` again."""
    limit = limit or PART_CHARS
    parts: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        window_end = start + limit
        cut = -1
        for boundary in ("\n\n", "\n", " "):
            found = text.rfind(boundary, start + limit // 2, window_end)
            if found != -1:
                cut = found + len(boundary)
                break
        if cut <= start:
            cut = window_end
        parts.append((start, text[start:cut]))
        start = cut
    parts.append((start, text[start:]))
    return parts


_LETTER_RUN = re.compile(r"[^\W\d_]+")
_LINE = re.compile(r"[^\n]{%d,}" % LONG_LINE_CHARS)


def _is_language(line: str) -> bool:
    """Most of a prose line is letters, in words of several letters each."""
    runs = _LETTER_RUN.findall(line)
    letters = sum(len(r) for r in runs)
    return letters * 2 >= len(line) and letters >= 3 * len(runs)


def parser_text(text: str) -> str:
    """`text` with every line of `LONG_LINE_CHARS` or more that is not language replaced by spaces
    (the same length, so spaCy's offsets are the text's)."""
    return _LINE.sub(lambda m: m.group(0) if _is_language(m.group(0)) else " " * len(m.group(0)), text)


def _shift(ev: Evidence, offset: int) -> Evidence:
    return replace(ev, start=ev.start + offset, end=ev.end + offset)


def shift_extraction(ex: Extraction, offset: int, prefix: str) -> Extraction:
    """The extraction of a part moved into its whole document: evidence offsets moved by `offset`
    and mention keys prefixed with `prefix` (so two parts' keys never meet); WORK and DOCUMENT,
    the keys every part shares, are left as they are."""
    if not offset and not prefix:
        return ex

    def key(k: str | None) -> str | None:
        return k if k is None or k in (WORK, DOCUMENT) else prefix + k

    out = Extraction(ex.doc_id)
    for m in ex.mentions:
        out.add(replace(m, key=key(m.key), evidence=[_shift(ev, offset) for ev in m.evidence]))
    for f in ex.facts:
        out.facts.append(replace(f, subject=key(f.subject), object=key(f.object), evidence=_shift(f.evidence, offset)))
    return out
