"""One small family of exceptions. Every message names the file or term and says what to do."""
from __future__ import annotations


class KGError(Exception):
    """Root of every error kg raises on purpose; the CLI turns it into a one-line message."""


class SourceError(KGError):
    """An input document cannot be read (missing, unreadable, unsupported, empty)."""


class ExtractorError(KGError):
    """An extractor name is unknown or an extractor failed on a document."""


class GraphFormatError(KGError):
    """A graph file cannot be parsed, or an output format is unknown."""


class QueryError(KGError):
    """A SPARQL query is malformed, unsafe, unknown by name, or took too long."""


class ModelError(KGError):
    """A trained model file that kg ships (the reference tagger's) is missing or unreadable."""


class OutputError(KGError):
    """An output file cannot be written (no such folder, no permission, disk full)."""


class EntityNotFound(KGError):
    """No entity in the graph carries the name asked for."""


class AmbiguousName(KGError):
    """A name matches more than one entity; `candidates` holds them (the message lists their IRIs)."""

    def __init__(self, message: str, candidates: list | None = None):
        super().__init__(message)
        self.candidates = list(candidates or [])
