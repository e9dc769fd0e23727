"""Bibliographic exports: what Scopus, Web of Science, Zotero, EndNote and OpenAlex give a researcher.

Each reader (`ris`, `bibtex`, `csljson`, `wos`, `scopus`, `openalex`) turns one export file into
`Record`s: plain data with ordered authors, affiliations, journal, year, DOI, keywords and the
cited references as printed. `read_export` picks the reader by suffix (sniffing `.txt`, `.csv` and
`.json`), and lays the records out as text, one line per field value ("[3] AU: Bell, Ann"), so
evidence quotes the record, its number and its field. A record that cannot be read is reported in
one line with its number; the rest are read.

>>> from kg.bibliographic import export_format
>>> export_format("savedrecs.txt", b"FN Clarivate Analytics Web of Science\\nVR 1.0\\nPT J\\n")
'wos'
"""
from __future__ import annotations

import importlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

#: the media type a SourceDocument of each export format is read as
MEDIA_TYPES: dict[str, str] = {
    "ris": "application/x-research-info-systems",
    "bibtex": "application/x-bibtex",
    "csljson": "application/vnd.citationstyles.csl+json",
    "wos": "application/x-wos-plaintext",
    "wos-tab": "text/tab-separated-values",
    "scopus": "text/csv",
    "openalex": "application/x-openalex+json",
}
#: what each format is called in messages
FORMAT_NAMES: dict[str, str] = {
    "ris": "RIS", "bibtex": "BibTeX", "csljson": "CSL-JSON", "wos": "Web of Science plain text",
    "wos-tab": "Web of Science tab-delimited", "scopus": "Scopus CSV", "openalex": "OpenAlex works",
}
#: reader module of each format (kg/bibliographic/<module>.py, each with `read(text) -> list[Record | str]`)
READERS: dict[str, str] = {"ris": "ris", "bibtex": "bibtex", "csljson": "csljson", "wos": "wos",
                           "wos-tab": "wos", "scopus": "scopus", "openalex": "openalex"}
#: file suffixes that are always exports, and those sniffed (a .txt may be a WoS file or a document)
SUFFIXES: dict[str, str] = {".ris": "ris", ".bib": "bibtex", ".bibtex": "bibtex", ".jsonl": "openalex"}
SNIFFED = (".txt", ".csv", ".json", ".tsv")
#: every suffix an export may have but .txt (which is a document unless it sniffs as WoS)
EXPORT_SUFFIXES = frozenset(SUFFIXES) | {".csv", ".json", ".tsv"}


@dataclass
class Author:
    """One author of a record, in printed order, with the affiliations the record gives them."""

    family: str
    given: str = ""
    orcid: str | None = None
    affiliations: list[str] = field(default_factory=list)


@dataclass
class Record:
    """One exported work. `tags` maps each field to the export's own name for it ("AU", "Authors")."""

    number: int
    title: str | None = None
    kind: str = "JournalArticle"
    year: str | None = None
    doi: str | None = None
    journal: str | None = None
    volume: str | None = None
    issue: str | None = None
    page_start: str | None = None
    page_end: str | None = None
    publisher: str | None = None
    isbn: str | None = None
    authors: list[Author] = field(default_factory=list)
    #: affiliations the record gives without saying whose (RIS AD, a WoS C1 line without names)
    affiliations: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    #: cited references as printed ("Bell A, 2015, J SCH LEADERSH, V25, P311, DOI 10.1/x")
    references: list[str] = field(default_factory=list)
    #: cited works given by identifier only (OpenAlex `referenced_works`, Crossref reference DOIs)
    cited_ids: list[str] = field(default_factory=list)
    #: the export's own id of the work (OpenAlex W-id, WoS UT, Scopus EID)
    source_id: str | None = None
    tags: dict[str, str] = field(default_factory=dict)


@dataclass
class Export:
    """One export file read: its format, its records, a line per record that could not be read, and
    where each field value sits in the document text (record number, field, index) -> (start, end)."""

    format: str
    records: list[Record]
    problems: list[str] = field(default_factory=list)
    spans: dict[tuple[int, str, int], tuple[int, int]] = field(default_factory=dict)


def clean(value) -> str:
    """A field value on one line: NFKC, control characters and doubled spaces gone."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    text = re.sub(r"[\x00-\x1f\x7f]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def bare_doi(value: str | None) -> str | None:
    """'https://doi.org/10.1/X' -> '10.1/x'... kept as printed but without its resolver prefix."""
    if not value:
        return None
    m = re.search(r"10\.\d{4,9}/\S+", clean(value))
    return m.group(0).rstrip(".,;") if m else None


def pages(value: str | None) -> tuple[str | None, str | None]:
    """'311-330' -> ('311', '330'); '311' -> ('311', None)."""
    m = re.match(r"\s*([\w]+)\s*(?:[-–—]+\s*([\w]+))?", value or "")
    return (m.group(1), m.group(2)) if m else (None, None)


def year_of(value) -> str | None:
    m = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", str(value or ""))
    return m.group(1) if m else None


def split_list(value: str | None, sep: str = ";") -> list[str]:
    return [v for v in (clean(x) for x in (value or "").split(sep)) if v]


# ---------------------------------------------------------------------------- which format

def export_format(path: str | Path, data: bytes) -> str | None:
    """The export format of a file by its suffix, or by its first bytes for .txt, .csv, .tsv and
    .json; None when the file is not an export (a .txt document, say)."""
    suffix = Path(path).suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    if suffix not in SNIFFED:
        return None
    head = data[:4096].decode("utf-8", errors="replace").lstrip("\ufeff \r\n\t")
    first = head.split("\n", 1)[0]
    if suffix in (".txt", ".tsv"):
        if re.match(r"(FN |VR |PT [A-Z]\b)", head):
            return "wos"
        if re.match(r"PT\t(AU|AF|BA)\t", first):
            return "wos-tab"
        if suffix == ".txt" and re.match(r"TY  - ", head):
            return "ris"
        return None
    if suffix == ".csv":
        return "scopus" if re.search(r'(^|,)"?(Authors|Author full names)"?(,|$)', first) else None
    return _json_format(head)


def _json_format(head: str) -> str | None:
    """CSL-JSON items carry "type" and CSL names; OpenAlex works an "https://openalex.org/W..." id."""
    if re.search(r'"id"\s*:\s*"https://openalex\.org/W', head) or '"authorships"' in head:
        return "openalex"
    if head.startswith("[") or re.search(r'"(type|title|author|issued)"\s*:', head):
        return "csljson"
    return None


def records_from_text(fmt: str, text: str) -> list[Record | str]:
    """Records of one export's text; a str in the list is one record's problem (number and why)."""
    module = importlib.import_module(f"kg.bibliographic.{READERS[fmt]}")
    return module.read(text, fmt)


def read_export(path: str | Path, text: str, fmt: str) -> tuple[str, Export]:
    """The document text of an export (its records laid out one field value a line) and the Export."""
    found = records_from_text(fmt, text)
    records = [r for r in found if isinstance(r, Record)]
    problems = [f"{path}: {p}" for p in found if isinstance(p, str)]
    export = Export(fmt, records, problems)
    return render(export), export


def export_document(data: bytes, path: Path, *, display_path: str | None = None, doc_id: str | None = None):
    """The Document of an export file (its text the records laid out, `export` the records), or None when
    the file is not an export; SourceError for an export-only suffix (.csv, .json) kg cannot read."""
    import hashlib

    from kg.corpus import decode_text, document_id, shown_path
    from kg.errors import SourceError
    from kg.model import Document

    fmt = export_format(path, data)
    if fmt is None:
        if path.suffix.lower() in EXPORT_SUFFIXES:
            raise SourceError(f"{path}: not a bibliographic export kg reads (a {path.suffix} file must be a Scopus CSV, "
                              "a CSL-JSON or OpenAlex works file, or a WoS tab-delimited file); re-export it or leave it out")
        return None
    text, export = read_export(display_path or path, decode_text(path, data)[0].lstrip("\ufeff"), fmt)
    if not export.records:
        why = export.problems[0] if export.problems else f"{path}: no records"
        raise SourceError(f"{why}; no {FORMAT_NAMES[fmt]} record could be read")
    return Document(id=doc_id or document_id(path), path=display_path or shown_path(path), text=text,
                    sha256=hashlib.sha256(data).hexdigest(), media_type=MEDIA_TYPES[fmt], export=export)


def render(export: Export) -> str:
    """The text evidence quotes: per record a heading, then '[n] TAG: value' lines; fills `spans`."""
    out: list[str] = []
    pos = 0

    def line(text: str) -> tuple[int, int]:
        nonlocal pos
        out.append(text)
        start = pos
        pos += len(text) + 1
        return start, start + len(text)

    name = FORMAT_NAMES[export.format]
    for r in export.records:
        line(f"Record {r.number} ({name})")
        for fld, values in _fields(r):
            tag = r.tags.get(fld, fld)
            for i, value in enumerate(values):
                prefix = f"[{r.number}] {tag}: "
                s, e = line(prefix + value)
                export.spans[(r.number, fld, i)] = (s + len(prefix), e)
        line("")
    return "\n".join(out).rstrip("\n") + "\n"


def _fields(r: Record) -> list[tuple[str, list[str]]]:
    def one(v):
        return [v] if v else []

    return [
        ("title", one(r.title)), ("authors", [f"{a.family}, {a.given}".strip(", ") for a in r.authors]),
        ("orcid", [a.orcid or "" for a in r.authors] if any(a.orcid for a in r.authors) else []),
        ("author_affiliations", ["; ".join(a.affiliations) for a in r.authors] if any(a.affiliations for a in r.authors) else []),
        ("affiliations", r.affiliations), ("year", one(r.year)), ("journal", one(r.journal)),
        ("volume", one(r.volume)), ("issue", one(r.issue)), ("page_start", one(r.page_start)),
        ("page_end", one(r.page_end)), ("doi", one(r.doi)), ("publisher", one(r.publisher)), ("isbn", one(r.isbn)),
        ("keywords", r.keywords), ("references", r.references), ("cited_ids", r.cited_ids),
        ("source_id", one(r.source_id)),
    ]


def load_json_records(text: str) -> list:
    """A JSON array, an object with `results` or `items` (OpenAlex, Crossref pages), or JSON Lines."""
    stripped = text.strip()
    try:
        data = json.loads(stripped)
    except json.JSONDecodeError:
        return [_json_line(n, line) for n, line in enumerate(stripped.splitlines(), 1) if line.strip()]
    if isinstance(data, dict):
        for key in ("results", "items"):
            if isinstance(data.get(key), list):
                return data[key]
        return [data]
    return data if isinstance(data, list) else []


def read_json_records(text: str, make, usable, what: str) -> list[Record | str]:
    """`make(n, item)` for each JSON record `usable(item)` accepts; a line naming `what` it is not otherwise."""
    out: list[Record | str] = []
    for n, item in enumerate(load_json_records(text), start=1):
        if isinstance(item, str):
            out.append(item)
        elif not isinstance(item, dict) or not usable(item):
            out.append(f"record {n}: not {what}; it was skipped")
        else:
            out.append(make(n, item))
    return out


def _json_line(n: int, line: str):
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        return f"record {n}: not a JSON object ({exc.msg} at column {exc.colno}); the line was skipped"
