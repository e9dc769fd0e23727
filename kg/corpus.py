r"""Reading documents: files and folders in, normalised `Document`s out.

Supported: .txt, .md, .html/.htm (text only), .pdf (pypdf). Text is normalised before any
extractor sees it, and every offset in the graph refers to the normalised text. HTML and PDF
files also yield the metadata they declare (`kg.metadata`: meta tags, JSON-LD, microdata, PDF
info, XMP and the first page's layout) as `Document.metadata`; a declared value the text does not
print is appended to the text under a "Page metadata" heading, so evidence can quote it:

>>> normalise("Мaria Lind wrote on pro- fessional learning")
'Maria Lind wrote on professional learning\n'
"""
from __future__ import annotations

import hashlib
import os
import stat
import logging
import re
import unicodedata
import warnings
from pathlib import Path
from typing import Iterable, Iterator

from kg.bibliographic import EXPORT_SUFFIXES, export_document
from kg.errors import SourceError
from kg.model import Document, Metadata

log = logging.getLogger(__name__)

MEDIA_TYPES = {
    ".txt": "text/plain",
    ".text": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".pdf": "application/pdf",
}

# Cyrillic and Greek letters that look like Latin ones; folded only inside words that also hold Latin letters.
_LOOKALIKES = str.maketrans(
    "АВЕКМНОРСТХЅІЈаеорсхуіјѕԁ" "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧαοκνρτυχ",
    "ABEKMHOPCTXSIJaeopcxyijsd" "ABEZHIKMNOPTYXaoKvptuX",
)
_LATIN = re.compile(r"[A-Za-z]")
_FOREIGN = re.compile(r"[\u0370-\u03FF\u0400-\u04FF]")
_WORD = re.compile(r"\w+")

# a word broken at a line end or by a stray "- " inside a line: "pro- fessional", "educa-\ntion"
_BROKEN_WORD = re.compile(r"\b([A-Za-z]{2,})-(?:[ \t]*\n[ \t]*|[ \t]+)([a-z]{2,})\b")
_NOT_A_CONTINUATION = {"and", "or", "nor", "to", "versus", "vs", "but", "as", "than", "with"}

# Field names that research portals print glued to their values ("PublisherSage Publications").
# General knowledge of how such records are laid out; matched at the start of a line only.
PORTAL_FIELDS = (
    "Original language", "Title of host publication", "Subtitle of host publication", "Host publication",
    "Editors", "Editor", "Authors", "Place of Publication", "Publisher", "Pages (from-to)", "Pages",
    "Number of pages", "ISBN (Print)", "ISBN (Electronic)", "ISBN", "ISSN", "Publication status",
    "Publication date", "Early online date", "Journal", "Volume", "Issue number", "Article number",
    "DOIs", "DOI", "State", "Series", "Edition", "Event", "Period", "Conference number", "Country/Territory",
    "City", "Keywords", "Peer-reviewed", "Status", "Externally published", "Accepted/In press",
    "Awarding Institution", "Supervisors", "Supervisor", "Date of Award", "Qualification", "Award date",
    "Sponsors", "Funding", "Place of publication", "Number of pages", "Print ISBNs", "Electronic ISBNs",
    "Print ISBN", "Electronic ISBN",
)
_FIELD_GLUE = re.compile(
    r"^(?P<field>" + "|".join(re.escape(f) for f in sorted(PORTAL_FIELDS, key=len, reverse=True)) + r")"
    r"(?=[A-Z0-9(\u0400-\u04FF]|https?://)",
    re.MULTILINE,
)


# the same fields printed on a line of their own with the value on the next (pages turned into text)
_FIELD_ALONE = re.compile(
    r"^(?P<field>" + "|".join(re.escape(f) for f in sorted(PORTAL_FIELDS, key=len, reverse=True) if f != "Keywords")
    + r")[ \t]*:?[ \t]*\n[ \t]*\n?[ \t]*(?=[^\s•·*-])(?!(?:"
    + "|".join(re.escape(f) for f in sorted(PORTAL_FIELDS, key=len, reverse=True)) + r"|Keywords|Abstract|Fingerprint)[ \t]*(?::|\n|$))",
    re.MULTILINE,
)


def _fold_word(match: re.Match[str]) -> str:
    word = match.group(0)
    if _FOREIGN.search(word) and _LATIN.search(word):
        return word.translate(_LOOKALIKES)
    return word


def _rejoin(match: re.Match[str]) -> str:
    head, tail = match.group(1), match.group(2)
    if tail.lower() in _NOT_A_CONTINUATION:
        return match.group(0)
    return head + tail


# control characters (NUL, ESC, form feed from PDFs): no RDF, XML or GraphML output may carry them
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def normalise(text: str) -> str:
    """NFKC, look-alike letters folded inside Latin words, broken words rejoined, glued fields split."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00ad", "")
    text = _CONTROL.sub(lambda m: "\n" if m.group(0) in "\f\v" else "", text)
    text = text.replace("\u00a0", " ").replace("\t", " ")
    text = _WORD.sub(_fold_word, text)
    text = _BROKEN_WORD.sub(_rejoin, text)
    text = _FIELD_GLUE.sub(lambda m: m.group("field") + ": ", text)
    text = _FIELD_ALONE.sub(lambda m: m.group("field") + ": ", text)
    text = re.sub(r"[ ]+\n", "\n", text)
    return text.strip("\n") + "\n"


# ---------------------------------------------------------------- readers, one per media type


_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


#: a legacy encoding charset-normalizer detects is taken when the decoded text has at most this much
#: "chaos" (its measure of mess, 0 to 1) and at least this "coherence" (how well it reads as a language)
MAX_CHAOS = 0.1
MIN_COHERENCE = 0.3


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8, or the encoding a byte-order mark says (UTF-16, UTF-32), or UTF-8 with
    a stray byte or two replaced; failing those, Windows-1252 when it gives letters where letters are
    expected (the usual encoding of text saved on Windows), else the legacy encoding charset-normalizer
    detects with little chaos in a language it recognises, else Windows-1251 (mostly high letters)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise SourceError(f"{escaped(str(path))}: starts as {encoding.upper()} text but breaks off (byte {exc.start}); "
                                  "re-save the file as UTF-8 and build again") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    loose = data.decode("utf-8", errors="replace")
    if re.search(r"[^\x00-\x7f]", loose.replace("\ufffd", "")) and loose.count("\ufffd") * 100 <= len(loose):
        # UTF-8 with a stray byte or two: keep the text, mark the bytes, say so
        log.info("%s: UTF-8 with %d invalid bytes, replaced", escaped(str(path)), loose.count("\ufffd"))
        return loose, "utf-8 (invalid bytes replaced)"
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    letters = [c for c in western or "" if c.isalpha()]
    if western is not None and not (letters and sum(1 for c in letters if "\u00c0" <= c <= "\u00ff") * 2 > len(letters)):
        log.info("%s: not UTF-8; read as Windows-1252", escaped(str(path)))
        return western, "cp1252"  # the usual encoding of text saved on Windows, letters where letters are expected
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.chaos <= MAX_CHAOS and best.coherence >= MIN_COHERENCE \
            and best.encoding not in ("utf_8", "ascii"):
        log.info("%s: not UTF-8; read as %s", escaped(str(path)), best.encoding)
        return str(best), best.encoding
    if western is None:
        raise SourceError(
            f"{escaped(str(path))}: not UTF-8 text (byte {first_bad}); re-save the file as UTF-8 and build again"
        ) from None
    log.info("%s: not UTF-8; read as Windows-1251", escaped(str(path)))
    return data.decode("cp1251", errors="replace"), "cp1251"  # mostly high letters: Cyrillic saved as Windows-1251


#: what a reader returns: the text, and the metadata the file declares (None where it has none)
Read = tuple[str, "Metadata | None"]
#: the media types read as text: their readers get the decoded text (`decode_text`), not the bytes
TEXT_MEDIA_TYPES = ("text/plain", "text/markdown", "text/html")


def _read_text(path: Path, text: str) -> Read:
    return text, None


def _read_markdown(path: Path, text: str) -> Read:
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)  # images -> alt text
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)  # links -> their text
    text = re.sub(r"^\s{0,3}#{1,6}\s*", "", text, flags=re.MULTILINE)  # heading marks
    # emphasis: bounded, star-free spans, so a line of stray stars costs linear time, not quadratic
    text = re.sub(r"(\*\*|__)([^*_\n]{1,300}?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)([^*\n]{1,300}?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = re.sub(r"^```.*$", "", text, flags=re.MULTILINE)
    return text, None


_HTML_DROP = ("script", "style", "nav", "noscript", "template", "svg", "iframe", "form", "button", "aside")
#: dropped only as the page's own banner and footer, not as an article's header ("<article><header><h1>")
_HTML_PAGE_FURNITURE = ("header", "footer")
_HTML_BLOCKS = (
    "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "br",
    "dt", "dd", "blockquote", "pre", "table", "ul", "ol", "main", "td", "th", "title",
)


def _read_html(path: Path, source: str) -> Read:
    from bs4 import BeautifulSoup

    from kg.metadata import html_metadata

    depth, stray = _html_shape(source)
    if depth > MAX_HTML_DEPTH or stray > MAX_HTML_STRAY:  # no page: its text, without the tree
        log.info("%s: elements nested %d deep, %d stray '<'; read as flat text", escaped(str(path)), depth, stray)
        return _flat_html_text(source), None
    with warnings.catch_warnings():  # bs4 warns about markup that looks like a file name or XML
        warnings.simplefilter("ignore")
        soup = BeautifulSoup(source, "html.parser")
    metadata = html_metadata(source, soup)  # before scripts (JSON-LD) are dropped
    for tag in soup.find_all(_HTML_DROP):
        tag.decompose()
    for tag in soup.find_all(_HTML_PAGE_FURNITURE):
        if not tag.find_parent(["article", "main", "section"]):
            tag.decompose()
    for tag in soup.find_all(attrs={"role": ["navigation", "banner", "contentinfo", "search"]}):
        tag.decompose()
    text = _block_text(soup.body or soup)
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out), metadata or None


#: deeper than this, an HTML file is read as flat text (a real page nests a few dozen levels; 100,000
#: levels cost bs4 and every walk of its tree seconds to minutes)
MAX_HTML_DEPTH = 1_000
#: more '<' than this that open no tag, and an HTML file is read as flat text too (Python's
#: html.parser takes time quadratic in their number: 20,000 unclosed "<a " take minutes)
MAX_HTML_STRAY = 1_000
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)[^<>]*?(/?)>")  # [^<>]: an unclosed "<a" costs one scan to the next "<"
_HTML_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_HTML_RAW = re.compile(r"<(script|style|template|svg|noscript)\b|<!--", re.IGNORECASE)


def _html_shape(source: str) -> tuple[int, int]:
    """How deep the elements of an HTML text nest, and how many of its '<' open no tag, comment or
    declaration, counted in one pass over its tags (scripts, styles and comments left out)."""
    markup = _without_raw_text(source)
    depth = deepest = tags = 0
    for match in _HTML_TAG.finditer(markup):
        tags += 1
        closing, name, self_closing = match.groups()
        if closing:
            depth = max(depth - 1, 0)
        elif not self_closing and name.lower() not in _HTML_VOID:
            depth += 1
            deepest = max(deepest, depth)
    return deepest, markup.count("<") - tags - markup.count("<!") - markup.count("<?")


def _flat_html_text(source: str) -> str:
    """The text of HTML without building its tree: scripts, styles and comments dropped, a line
    break at each block element, entities decoded."""
    import html

    blocks = set(_HTML_BLOCKS)
    source = _without_raw_text(source)
    text = _HTML_TAG.sub(lambda m: "\n" if m.group(2).lower() in blocks else "", source)
    text = html.unescape(re.sub(r"<[^<>]*>", "", text))
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def _without_raw_text(source: str) -> str:
    """HTML without its scripts, styles and comments, in one pass (an element left open drops the
    rest of the file; a regex `.*?` to the closing tag would rescan it once per opening)."""
    lower = source.lower()
    kept: list[str] = []
    pos = 0
    while (match := _HTML_RAW.search(source, pos)) is not None:
        kept.append(source[pos:match.start()])
        close = "-->" if match.group(1) is None else f"</{match.group(1).lower()}"
        end = lower.find(close, match.end())
        if end == -1:
            return "".join(kept)
        pos = lower.find(">", end) + 1 or len(source)
    kept.append(source[pos:])
    return "".join(kept)


def _block_text(root) -> str:
    """The text of a tree, each block element (`_HTML_BLOCKS`) on lines of its own; in one pass
    (inserting newline nodes into the tree costs time quadratic in a page's size)."""
    from bs4 import CData, NavigableString, Tag

    blocks = set(_HTML_BLOCKS)
    parts: list[str] = []
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            parts.append("\n")
        elif isinstance(node, Tag):
            if node.name in blocks and node is not root:
                parts.append("\n")
                stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.contents))
        elif type(node) in (NavigableString, CData):  # as get_text(): no comments, doctypes, scripts
            parts.append(str(node))
    return "".join(parts)


def _read_pdf(path: Path, data: bytes) -> Read:
    import io

    from pypdf import PdfReader

    from kg.metadata import pdf_first_page, pdf_metadata

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _open_with_empty_password(reader):
            raise SourceError(f"{escaped(str(path))}: the PDF is encrypted with a password; save an unencrypted copy "
                              "and build again")
        pages = [page.extract_text() or "" for page in reader.pages[1:]]
        if len(reader.pages):
            first, laid_out = pdf_first_page(reader.pages[0])
            pages.insert(0, first)
        else:
            laid_out = []
        metadata = pdf_metadata(reader)
        metadata.first_page = laid_out
    except SourceError:
        raise
    except Exception as exc:  # pypdf raises many kinds on damaged files; the user needs one line
        reason = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else type(exc).__name__
        raise SourceError(f"{escaped(str(path))}: not a readable PDF ({reason}); check the file or export it to PDF again") from None
    return "\n\n".join(pages), metadata or None


def _open_with_empty_password(reader) -> bool:
    """Whether an encrypted PDF opens with the empty user password (a PDF that only restricts
    printing or copying, which any viewer opens without asking)."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # pypdf raises several kinds for ciphers it lacks
        return False


READERS = {
    "text/plain": _read_text,
    "text/markdown": _read_markdown,
    "text/html": _read_html,
    "application/pdf": _read_pdf,
}


def escaped(name: str) -> str:
    """A file name as kg prints and records it: bytes that are not UTF-8 (kept by Python as lone
    surrogates) and control characters written as \\xNN, so `caf\\xe9.txt` names a Latin-1 file
    name, can be encoded, and stays on one line."""
    if _has_surrogates(name):
        name = os.fsencode(name).decode("utf-8", "backslashreplace")
    return _NAME_CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", name)


_NAME_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _has_surrogates(text: str) -> bool:
    return any("\udc80" <= c <= "\udcff" for c in text)


def shown_path(path: Path) -> str:
    """The path the graph records: relative to the working folder when the file is under it, so the
    same corpus gives the same graph on every machine."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def document_id(path: Path) -> str:
    """The id a document gets in the graph: its file stem, made IRI-safe."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", path.stem).strip("-") or "document"


def _media_type(p: Path) -> str:
    media_type = MEDIA_TYPES.get(p.suffix.lower())
    if media_type is None and p.suffix.lower() in EXPORT_SUFFIXES:
        return "export"  # a bibliographic export (kg.bibliographic): read by export_document
    if media_type is None:
        raise SourceError(
            f"{escaped(str(p))}: unsupported file type '{p.suffix or '(none)'}'; kg reads {', '.join(sorted(set(MEDIA_TYPES) | EXPORT_SUFFIXES))}"
        )
    return media_type


def read_document(path: str | Path, *, display_path: str | None = None, doc_id: str | None = None) -> Document:
    """Read and normalise one file; SourceError (naming the file and the fix) when that cannot be done."""
    p = Path(path)
    return document_from_bytes(read_source_bytes(p), p, display_path=display_path, doc_id=doc_id)


def read_source_bytes(path: str | Path) -> bytes:
    """The bytes of a file kg reads; SourceError (naming the file and the fix) when it is not one."""
    p = Path(path)
    if p.is_dir():
        if not os.access(p, os.R_OK | os.X_OK):
            raise SourceError(f"{escaped(str(p))}: folder cannot be read (permission denied); fix its permissions or leave it out")
        raise SourceError(f"{escaped(str(p))}: is a folder; pass it as a SOURCE folder instead")
    _media_type(p)
    if p.exists() and not stat.S_ISREG(p.stat().st_mode):
        raise SourceError(f"{escaped(str(p))}: not a regular file (a pipe, socket or device); pass a saved copy of it instead")
    try:
        return p.read_bytes()
    except FileNotFoundError:
        what = "a link to a file that is not there" if p.is_symlink() else "no such file"
        raise SourceError(f"{escaped(str(p))}: {what}; check the path") from None
    except IsADirectoryError:
        raise SourceError(f"{escaped(str(p))}: is a folder; pass it as a SOURCE folder instead") from None
    except OSError as exc:
        raise SourceError(f"{escaped(str(p))}: cannot be read ({exc.strerror}); check its permissions") from None


def document_from_bytes(data: bytes, path: str | Path, *, display_path: str | None = None,
                        doc_id: str | None = None) -> Document:
    """The Document of a file's bytes, read as its name's suffix says (.html, .pdf, ...)."""
    p = Path(path)
    exported = export_document(data, p, display_path=display_path, doc_id=doc_id)
    if exported is not None:
        return exported
    media_type = _media_type(p)
    encoding = None
    if media_type in TEXT_MEDIA_TYPES:  # decoded once: the readers get the text, the Document its encoding
        source, encoding = decode_text(p, data)
        raw, metadata = READERS[media_type](p, source)
    else:
        raw, metadata = READERS[media_type](p, data)
    text = normalise(raw)
    if metadata:  # a page whose text is all script may still declare its record
        from kg.metadata import metadata_block

        block = metadata_block(text if text.strip() else "", metadata, media_type, normalise)
        if block:
            text = normalise((text if text.strip() else "") + block)
    if not text.strip():
        hint = "a scanned PDF needs OCR first" if media_type == "application/pdf" else "add text or remove the file"
        raise SourceError(f"{escaped(str(p))}: no text to read; {hint}")
    return Document(
        id=doc_id or document_id(p),
        path=display_path or escaped(shown_path(p)),
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        media_type=media_type,
        metadata=metadata,
        encoding=encoding,
    )


def iter_sources(sources: Iterable[str | Path]) -> Iterator[Path]:
    """Every file named, folders walked recursively in sorted order; hidden files skipped."""
    for path, _ in iter_source_files(sources):
        yield path


def iter_source_files(sources: Iterable[str | Path]) -> Iterator[tuple[Path, str]]:
    """(file, the path the graph records for it): a folder's files as FOLDER/relative/path, a file
    as given when it is relative (else its name), so the graph does not depend on where it was built."""
    for source in sources:
        p = Path(source)
        if p.is_dir():
            root = escaped(p.resolve().name) or "corpus"
            unreadable: list[Path] = []
            found: list[Path] = []
            for dirpath, dirnames, filenames in os.walk(p, onerror=lambda e: unreadable.append(Path(e.filename))):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))  # hidden folders: never walked
                found.extend(Path(dirpath, name) for name in filenames)
            for bad in unreadable:  # a folder that cannot be listed is an error, never a silent gap
                rel = bad.relative_to(p) if bad != p else Path(".")
                if not any(part.startswith(".") for part in rel.parts):
                    yield bad, f"{root}/{escaped(rel.as_posix())}"
            for child in sorted(found, key=lambda c: c.as_posix()):
                rel = child.relative_to(p)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                if child.suffix.lower() in MEDIA_TYPES or child.suffix.lower() in EXPORT_SUFFIXES:
                    yield child, f"{root}/{escaped(rel.as_posix())}"  # a pipe or a broken link is reported when read
                elif child.is_file():
                    log.info("skipping %s: not a document type kg reads", escaped(str(child)))
        else:
            yield p, escaped(p.as_posix() if not p.is_absolute() else shown_path(p) if _under_cwd(p) else p.name)


def _under_cwd(p: Path) -> bool:
    try:
        p.resolve().relative_to(Path.cwd().resolve())
        return True
    except ValueError:
        return False


def document_ids(shown: list[str]) -> list[str]:
    """Ids for documents by the paths the graph shows: the file stem, and where several files share
    a stem, the stem with a short hash of each one's path (the same whatever their order)."""
    stems = [document_id(Path(s)) for s in shown]
    counts: dict[str, int] = {}
    for stem in stems:
        counts[stem] = counts.get(stem, 0) + 1
    return [stem if counts[stem] == 1 else f"{stem}-{hashlib.sha1(s.encode()).hexdigest()[:6]}"
            for stem, s in zip(stems, shown)]


def corpus_files(sources: Iterable[str | Path]) -> list[tuple[Path, str, str]]:
    """(file, the path the graph records, document id) of every file under `sources`, in order."""
    files = list(dict.fromkeys(iter_source_files(sources)))
    return [(p, shown, doc_id) for (p, shown), doc_id in zip(files, document_ids([s for _, s in files]))]


def read_file(path: str | Path, data: bytes, *, display_path: str, doc_id: str,
              time_limit: float | None = None) -> Document:
    """`document_from_bytes` within a time budget of `time_limit` seconds; every way reading can fail
    (too slow, nested too deeply, a reader's bug on a strange file) is a SourceError naming the file."""
    from kg.limits import time_budget

    try:
        with time_budget(time_limit, display_path):
            return document_from_bytes(data, path, display_path=display_path, doc_id=doc_id)
    except SourceError:
        raise
    except RecursionError:
        raise SourceError(f"{display_path}: nested too deeply to read; the file was skipped") from None
    except Exception as exc:  # a reader's bug on a strange file must not cost the rest of the corpus
        log.debug("reading failed on %s", display_path, exc_info=True)
        raise SourceError(f"{display_path}: cannot be read ({type(exc).__name__}: {str(exc)[:120]}); the file was "
                          "skipped, please report it with the file (kg -vv build shows the traceback)") from None


def read_corpus(sources: Iterable[str | Path], *, time_limit: float | None = None
                ) -> tuple[list[Document], list[SourceError]]:
    """Read every document; return the documents and, separately, one error per file that failed
    (or took more than `time_limit` seconds to read)."""
    docs: list[Document] = []
    errors: list[SourceError] = []
    for p, shown, doc_id in corpus_files(sources):
        try:
            docs.append(read_file(p, read_source_bytes(p), display_path=shown, doc_id=doc_id, time_limit=time_limit))
        except SourceError as exc:
            errors.append(exc)
            continue
        if docs[-1].export is not None:  # an export's unreadable records: one line each, the rest built
            errors.extend(SourceError(problem) for problem in docs[-1].export.problems)
    return docs, errors
