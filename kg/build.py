"""The main job: documents in, a resolved knowledge graph out.

>>> result = build_graph(["seeds"])          # doctest: +SKIP
>>> write_turtle(result.graph, "graphs/leadership.ttl")  # doctest: +SKIP
"""
from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from rdflib import Graph

from kg.corpus import read_corpus
from kg.errors import ModelError, SourceError
from kg.extract import REGISTRY, extract_document
from kg.graph import serialize_turtle, to_rdf
from kg.model import Document, Resolved
from kg.nlp import parse_stream
from kg.resolve import resolve
from kg.store import write_atomic, write_format

log = logging.getLogger(__name__)

#: the longest text parsed as one document (spaCy's memory grows with it; split longer files)
MAX_DOCUMENT_CHARS = 2_000_000


@dataclass
class BuildResult:
    graph: Graph
    resolved: Resolved
    errors: list[SourceError] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def summary(self) -> dict:
        per_class = Counter(e.cls for e in self.resolved.entities)
        relations = sum(1 for f in self.resolved.facts
                        if f.object and not f.subject.startswith("document/") and not f.object.startswith("document/"))
        return {
            "documents": len(self.resolved.documents),
            "skipped": len(self.errors),
            "entities": dict(sorted(per_class.items())),
            "relations": relations,
            "triples": len(self.graph),
            "seconds": round(self.seconds, 2),
        }


def build_graph(sources: Iterable[str | Path], *, extractors: Iterable[str] | None = None,
                progress: Callable[[str], None] | None = None) -> BuildResult:
    """Read, extract, resolve and write the graph of every readable document under `sources`.

    A document that cannot be read is recorded in `errors` and skipped; the rest are built.
    `progress` is called once per document (the CLI draws a progress bar with it).
    """
    t0 = time.perf_counter()
    names = list(extractors) if extractors is not None else list(REGISTRY)
    sources = list(sources)
    docs, errors = read_corpus(sources)
    too_long = [d for d in docs if len(d.text) > MAX_DOCUMENT_CHARS]
    for d in too_long:
        errors.append(SourceError(
            f"{d.path}: {len(d.text):,} characters is more than kg parses as one document "
            f"({MAX_DOCUMENT_CHARS:,}); split the file into parts and build the folder"))
    docs = [d for d in docs if d not in too_long]
    if not docs:
        where = ", ".join(str(s) for s in sources) or "(nothing)"
        why = "; ".join(str(e) for e in errors[:3]) if errors else "kg reads .txt, .md, .html and .pdf files and bibliographic exports"
        raise SourceError(f"no readable documents in {where}: {why}")
    extractions = []
    built: list[Document] = []
    # parse in a stream, extracting from each document as soon as it is parsed
    # an export's records are data, not prose: nothing of its text is parsed
    for doc, parsed in zip(docs, parse_stream("" if d.export is not None else d.text for d in docs)):
        doc.attach_parse(parsed)
        try:
            extractions.extend(extract_document(doc, names))
            built.append(doc)
        except ModelError:
            raise  # a missing or broken model file is the set-up's problem, not one document's
        except Exception as exc:  # an extractor's bug must not cost the rest of the corpus
            log.debug("extraction failed on %s", doc.path, exc_info=True)
            errors.append(SourceError(
                f"{doc.path}: extraction failed ({type(exc).__name__}: {exc}); the file was skipped, "
                "please report it with the file (kg -vv build shows the traceback)"))
        if progress:
            progress(doc.path)
    docs = built
    resolved = resolve(docs, extractions)
    graph = to_rdf(resolved)
    return BuildResult(graph, resolved, errors, time.perf_counter() - t0)


def write_turtle(graph: Graph, path: str | Path) -> Path:
    """Write the graph as deterministic Turtle, atomically."""
    return write_atomic(path, serialize_turtle(graph))


def write_outputs(result: BuildResult, output: str | Path, *, html: bool = True, store: bool = True) -> list[Path]:
    """The graph in the format its file name asks for (Turtle by default) and, beside it, the kg
    store the queries read (same name, .store: a bulk load of the file just written) and the HTML
    view (same name, .html). Checks the name before writing anything."""
    output = Path(output)
    fmt = write_format(output)
    written = []
    if fmt == "ttl":
        written.append(write_turtle(result.graph, output))
    else:
        from kg.export import export

        export(result.graph, fmt, output)
        written.append(output)
    if store:
        from kg.triplestore import beside, create_store

        written.append(create_store(output, beside(output)).path)
    if html:
        from kg.viz import write_html

        written.append(write_html(result.graph, output.with_suffix(".html")).path)
    return written
