"""The main job: documents in, a resolved knowledge graph out.

>>> result = build_graph(["seeds"])          # doctest: +SKIP
>>> write_turtle(result.graph, "graphs/leadership.ttl")  # doctest: +SKIP
"""
from __future__ import annotations

import itertools
import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from rdflib import Graph

from kg.corpus import read_corpus
from kg.errors import ModelError, SourceError
from kg.extract import REGISTRY, extract_document, get_extractor
from kg.graph import serialize_turtle, to_rdf
from kg.limits import DOCUMENT_SECONDS, parser_text, shift_extraction, split_parts, time_budget
from kg.model import Document, Resolved
from kg.nlp import parse_stream
from kg.resolve import resolve
from kg.store import OutputSet, check_output, write_atomic, write_format

log = logging.getLogger(__name__)

#: extractors about the document's own record (its title, authors, declared metadata): run on the
#: first part of a long text only, so later parts do not make records of their own
WHOLE_DOCUMENT = ("records", "works", "metadata")


def document_parts(doc: Document) -> list[tuple[int, Document]]:
    """(offset, part) of a document: itself when short, else its text in parts (`split_parts`), each
    a Document of the same id and path; the first keeps the declared metadata."""
    pieces = split_parts(doc.text)
    if len(pieces) == 1:
        return [(0, doc)]
    return [(offset, Document(doc.id, doc.path, text, doc.sha256, doc.media_type, doc.metadata if not offset else None))
            for offset, text in pieces]


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
                progress: Callable[[str], None] | None = None,
                time_limit: float | None = DOCUMENT_SECONDS) -> BuildResult:
    """Read, extract, resolve and write the graph of every readable document under `sources`.

    A document that cannot be read, or takes more than `time_limit` seconds to read or to extract
    (a long text: any of its parts), is recorded in `errors` and skipped; the rest are built. A text longer than
    `kg.limits.PART_CHARS` is parsed and extracted in parts, its offsets those of the whole text.
    `progress` is called once per document (the CLI draws a progress bar with it).
    """
    t0 = time.perf_counter()
    names = list(extractors) if extractors is not None else list(REGISTRY)
    for name in names:  # imported now, so a document's time budget is not spent importing them
        get_extractor(name)
    sources = list(sources)
    docs, errors = read_corpus(sources, time_limit=time_limit)
    if not docs:
        where = ", ".join(str(s) for s in sources) or "(nothing)"
        why = "; ".join(str(e) for e in errors[:3]) if errors else "kg reads .txt, .md, .html and .pdf files"
        raise SourceError(f"no readable documents in {where}: {why}")
    extractions = []
    built: list[Document] = []
    later_names = [n for n in names if n not in WHOLE_DOCUMENT]
    units = [(doc, k, offset, part) for doc in docs for k, (offset, part) in enumerate(document_parts(doc))]
    # parse in a stream, extracting from each part as soon as it is parsed; a long text goes in parts
    batch = 1 if len(units) > len(docs) else 8  # parts are large: one at a time keeps the memory of one
    parsed_units = zip(units, parse_stream((parser_text(part.text) for *_, part in units), batch_size=batch))
    for _, group in itertools.groupby(parsed_units, key=lambda item: id(item[0][0])):
        doc, found = None, []
        try:
            for (doc, k, offset, part), parsed in group:  # each part parsed outside the time budget
                with time_budget(time_limit, doc.path):  # a long text's budget is per part
                    found += [shift_extraction(ex, offset, f"part{k}:" if k else "")
                              for ex in _extract_part(part, parsed, names if not k else later_names)]
                if part is not doc:  # a long text's parts are let go one by one
                    part.__dict__.pop("nlp", None)
                    part.cache.clear()
            extractions.extend(found)
            built.append(doc)
        except ModelError:
            raise  # a missing or broken model file is the set-up's problem, not one document's
        except SourceError as exc:  # over its time budget
            errors.append(exc)
        except Exception as exc:  # an extractor's bug must not cost the rest of the corpus
            log.debug("extraction failed on %s", doc.path, exc_info=True)
            errors.append(SourceError(
                f"{doc.path}: extraction failed ({type(exc).__name__}: {exc}); the file was skipped, "
                "please report it with the file (kg -vv build shows the traceback)"))
        for _ in group:  # the parts left after a failure
            pass
        if progress:
            progress(doc.path)
    docs = built
    resolved = resolve(docs, extractions)
    graph = to_rdf(resolved)
    return BuildResult(graph, resolved, errors, time.perf_counter() - t0)


def _extract_part(part: Document, parsed, names: list[str]):
    part.attach_parse(parsed)
    return extract_document(part, names)


def write_turtle(graph: Graph, path: str | Path) -> Path:
    """Write the graph as deterministic Turtle, atomically."""
    return write_atomic(path, serialize_turtle(graph))


def write_outputs(result: BuildResult, output: str | Path, *, html: bool = True, store: bool = True) -> list[Path]:
    """The graph in the format its file name asks for (Turtle by default) and, beside it, the kg
    store the queries read (same name, .store: a bulk load of the file just written) and the HTML
    view (same name, .html). Checks the name and the folder before writing anything; all are
    written to temporaries first and replaced together (`kg.store.OutputSet`), so a failure or an
    interrupt leaves the previous graph, store and page as they were."""
    output = Path(output)
    fmt = write_format(output)
    check_output(output, folders=(".store",) if store else ())
    with OutputSet() as out:
        graph_file = out.temporary(output)
        if fmt == "ttl":
            write_turtle(result.graph, graph_file)
        else:
            from kg.export import export

            export(result.graph, fmt, graph_file)
        if store:
            from kg.triplestore import beside, create_store

            create_store(graph_file, out.temporary(beside(output), folder=True), source_name=str(output))
        if html:
            from kg.viz import write_html

            write_html(result.graph, out.temporary(output.with_suffix(".html")))
        return out.commit()
