"""The per-document cache: each document's extractions, kept beside the graph so a rebuild
re-extracts only the documents that are new or changed.

An entry's key is the hash of the file's bytes, the id and path the graph gives it, and a
fingerprint of everything else extraction depends on: kg's version and code, the extractor set and
the spaCy pipeline. One SQLite file (`.kg-cache/extractions.sqlite` beside the output); entries of
another fingerprint are dropped when it is opened, so it does not grow with every change of kg.

>>> cache = ExtractionCache.open(tmp / ".kg-cache", ["records"])   # doctest: +SKIP
"""
from __future__ import annotations

import hashlib
import pickle
import sqlite3
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from kg.errors import OutputError
from kg.model import Document, Extraction

CACHE_FOLDER = ".kg-cache"
CACHE_FILE = "extractions.sqlite"
#: puts between commits (a crash loses at most these; SQLite commits are slow one at a time)
COMMIT_EVERY = 64


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of kg's version and of every file of the installed kg package (code, models, data)."""
    import kg

    root = Path(kg.__file__).parent
    h = hashlib.sha256(kg.__version__.encode())
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def fingerprint(extractors: Sequence[str]) -> str:
    from kg.nlp import pipeline_identity

    parts = [code_fingerprint(), ",".join(extractors), pipeline_identity()]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def cache_folder(output: str | Path) -> Path:
    """The cache of the graph file `output`: a hidden folder beside it."""
    return Path(output).parent / CACHE_FOLDER


class ExtractionCache:
    """Documents and their extractions by content key, in one SQLite file."""

    def __init__(self, connection: sqlite3.Connection, path: Path, fingerprint: str) -> None:
        self._db, self.path, self.fingerprint = connection, path, fingerprint
        self._unsaved = 0

    @classmethod
    def open(cls, folder: str | Path, extractors: Sequence[str]) -> "ExtractionCache":
        path = Path(folder) / CACHE_FILE
        fp = fingerprint(extractors)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path)
            db.execute("CREATE TABLE IF NOT EXISTS extraction (key TEXT PRIMARY KEY, fingerprint TEXT, value BLOB)")
            db.execute("DELETE FROM extraction WHERE fingerprint != ?", (fp,))
            db.commit()
        except (OSError, sqlite3.Error) as exc:
            raise OutputError(f"{path}: cannot be used as kg's cache ({exc}); delete it or build with --no-cache") from None
        return cls(db, path, fp)

    def key(self, sha256: str, doc_id: str, shown: str) -> str:
        return hashlib.sha256(f"{self.fingerprint}|{sha256}|{doc_id}|{shown}".encode()).hexdigest()

    def get(self, key: str) -> tuple[Document, list[Extraction]] | None:
        row = self._db.execute("SELECT value FROM extraction WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            return pickle.loads(zlib.decompress(row[0]))
        except Exception:  # a damaged entry is a miss: the document is extracted again
            return None

    def put(self, key: str, document: Document, extractions: list[Extraction]) -> None:
        value = zlib.compress(pickle.dumps((document, extractions), protocol=pickle.HIGHEST_PROTOCOL), 1)
        self._db.execute("INSERT OR REPLACE INTO extraction VALUES (?, ?, ?)", (key, self.fingerprint, value))
        self._unsaved += 1
        if self._unsaved >= COMMIT_EVERY:
            self._db.commit()
            self._unsaved = 0

    def close(self) -> None:
        self._db.commit()
        self._db.close()

    def __enter__(self) -> "ExtractionCache":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
