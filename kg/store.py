"""Reading graph files and writing output files atomically.

Every layer that reads a graph (query, viz, stats, export) loads it here, so a bad file gives one
`GraphFormatError` that names it; every writer goes through `write_atomic`, so a failure never
leaves a half-written file behind.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import IO, Callable

import rdflib
from rdflib.util import guess_format

from kg.errors import GraphFormatError, OutputError
from kg.namespaces import PREFIXES

#: file suffix -> rdflib parser name, for the RDF formats kg reads
READ_FORMATS = {
    ".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".n3": "n3", ".trig": "trig",
    ".nq": "nquads", ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml", ".xml": "xml", ".owl": "xml",
}


#: file suffix -> the kg.export format `kg build -o FILE` writes
WRITE_FORMATS = {
    ".ttl": "ttl", ".turtle": "ttl", ".nt": "nt", ".trig": "trig", ".jsonld": "jsonld", ".json": "jsonld",
    ".rdf": "xml", ".xml": "xml", ".owl": "xml",
}


def write_format(path: str | os.PathLike) -> str:
    """The RDF format a graph file's suffix asks for; GraphFormatError for any other suffix."""
    suffix = Path(path).suffix.lower()
    if suffix not in WRITE_FORMATS:
        raise GraphFormatError(
            f"{path}: kg writes the graph as RDF; name the file .ttl (or .nt, .trig, .jsonld, .rdf), "
            "and use `kg viz` or `kg export` for HTML and other formats"
        )
    return WRITE_FORMATS[suffix]


def bind_prefixes(graph: rdflib.Graph) -> rdflib.Graph:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


def load_graph(path: str | os.PathLike) -> rdflib.Graph:
    """Parse an RDF file kg wrote (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML) into one graph.

    Named graphs of TriG/N-Quads are merged into the default graph.
    """
    p = Path(path)
    if not p.is_file():
        raise GraphFormatError(f"{p}: no such graph file; build one with `kg build` or check the path")
    fmt = READ_FORMATS.get(p.suffix.lower()) or guess_format(str(p)) or "turtle"
    try:
        if fmt in ("trig", "nquads"):
            ds = rdflib.Dataset()
            ds.parse(p, format=fmt)
            graph = rdflib.Graph()
            for s, pr, o, _ in ds.quads():
                graph.add((s, pr, o))
        else:
            graph = rdflib.Graph()
            graph.parse(p, format=fmt)
    except Exception as exc:  # rdflib raises many types; the user needs one message
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise GraphFormatError(
            f"{p}: cannot parse as {fmt} ({reason[:200]}); pass a Turtle, TriG, N-Triples or JSON-LD file written by kg"
        ) from None
    return bind_prefixes(graph)


def write_atomic(path: str | os.PathLike, data: str | bytes | Callable[[IO[str]], object]) -> Path:
    """Write `data` to `path` through a temporary file in the same folder and a rename; `data` may
    also be a function that writes text to the open file (for output written as it is made)."""
    p = Path(path)
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    except OSError as exc:
        raise OutputError(f"{p}: cannot write there ({exc.strerror}); choose another output path") from None
    mode = "wb" if isinstance(data, bytes) else "w"
    try:
        with os.fdopen(fd, mode, **({} if mode == "wb" else {"encoding": "utf-8", "newline": "\n"})) as fh:
            data(fh) if callable(data) else fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, p)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"{p}: writing failed ({exc.strerror or exc}); the previous file, if any, is unchanged") from None
        raise
    return p
