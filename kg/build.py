"""The main job: documents in, a resolved knowledge graph out.

>>> result = build_graph(["seeds"])          # doctest: +SKIP
>>> write_turtle(result, "graphs/leadership.ttl")  # doctest: +SKIP
"""
from __future__ import annotations

import hashlib
import logging
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from rdflib import Graph

from kg.corpus import corpus_files, read_source_bytes
from kg.errors import OutputError, SourceError
from kg.extract import REGISTRY
from kg.graph import quads, statements, to_rdf
from kg.limits import DOCUMENT_SECONDS
from kg.model import Document, Extraction, Resolved
from kg.resolve import resolve
from kg.store import OutputSet, check_output, write_atomic, write_format
from kg.work import MIN_POOL_DOCUMENTS, Done, Job, batch_size, run_jobs

if TYPE_CHECKING:
    from kg.triplestore import GraphDigests

log = logging.getLogger(__name__)

__all__ = ["BuildResult", "build_graph", "write_turtle", "write_outputs"]


@dataclass
class BuildResult:
    resolved: Resolved
    errors: list[SourceError] = field(default_factory=list)
    seconds: float = 0.0
    #: documents whose extractions came from the cache, and documents extracted in this build
    reused: int = 0
    extracted: int = 0
    #: distinct triples, once the graph has been written or built
    triples: int | None = None

    @cached_property
    def graph(self) -> Graph:
        """The graph as rdflib (built on first use: writing Turtle does not need it)."""
        graph = to_rdf(self.resolved)
        self.triples = len(graph)
        return graph

    @property
    def summary(self) -> dict:
        per_class = Counter(e.cls for e in self.resolved.entities)
        relations = sum(1 for f in self.resolved.facts
                        if f.object and not f.subject.startswith("document/") and not f.object.startswith("document/"))
        return {
            "documents": len(self.resolved.documents),
            "skipped": len(self.errors),
            "reused": self.reused,
            # the documents not read as UTF-8, by the encoding they were read in
            "encodings": {enc: [d.path for d in self.resolved.documents if d.encoding == enc]
                          for enc in sorted({d.encoding for d in self.resolved.documents} - {None, "utf-8"})},
            "entities": dict(sorted(per_class.items())),
            "relations": relations,
            "triples": self.triples if self.triples is not None else len(self.graph),
            "seconds": round(self.seconds, 2),
        }


def build_graph(sources: Iterable[str | Path], *, extractors: Iterable[str] | None = None,
                progress: Callable[[str, bool], None] | None = None, cache: str | Path | None = None,
                workers: int | None = None, scheduler: str | None = None,
                time_limit: float | None = DOCUMENT_SECONDS) -> BuildResult:
    """Read, extract, resolve and write the graph of every readable document under `sources`.

    A document that cannot be read, or takes more than `time_limit` seconds to read or to extract
    (a long text: any of its parts), is recorded in `errors` and skipped; the rest are built. A text
    longer than `kg.limits.PART_CHARS` is parsed and extracted in parts, its offsets those of the whole.
    `cache` is a folder of per-document extractions (kg.cache): documents found there with the same
    bytes are not extracted again. Extraction runs on the Dask cluster at `scheduler`, or in
    `workers` processes (default: one per core when there are enough documents), or here.
    `progress(path, reused)` is called once per document (the CLI draws a progress bar with it).
    """
    t0 = time.perf_counter()
    names = list(extractors) if extractors is not None else list(REGISTRY)
    sources = list(sources)
    files = corpus_files(sources)
    failed: list[tuple[int, SourceError]] = []
    done: dict[int, Done] = {}
    todo: list[int] = []
    reused = 0
    store = None
    if cache is not None:
        from kg.cache import ExtractionCache

        try:
            store = ExtractionCache.open(cache, names)
        except OutputError as exc:  # no cache is slower, not wrong: build without one
            log.warning("%s", exc)
    try:
        for i, (path, shown, doc_id) in enumerate(files):
            try:
                data = read_source_bytes(path)
            except SourceError as exc:
                failed.append((i, exc))
                continue
            hit = store.get(store.key(hashlib.sha256(data).hexdigest(), doc_id, shown)) if store else None
            if hit is None:
                todo.append(i)
                continue
            done[i] = Done(i, *hit)
            reused += 1
            if progress:
                progress(shown, True)

        def jobs():  # read again as each job is sent, so the corpus's bytes are never all in memory
            for i in todo:
                path, shown, doc_id = files[i]
                try:
                    yield Job(i, str(path), shown, doc_id, read_source_bytes(path), time_limit)
                except SourceError as exc:  # gone or changed since it was listed
                    failed.append((i, exc))

        processes = _worker_count(workers, len(todo))
        for result in run_jobs(jobs(), names, workers=processes, scheduler=scheduler,
                               size=batch_size(len(todo), processes)):
            if result.error is not None:
                failed.append((result.index, SourceError(result.error)))
            else:
                done[result.index] = result
                failed.extend((result.index, SourceError(problem)) for problem in result.problems)
                if store and not result.problems:  # an export with bad records is read (and reported) again
                    path, shown, doc_id = files[result.index]
                    store.put(store.key(result.document.sha256, doc_id, shown), result.document, result.extractions)
            if progress:
                progress(files[result.index][1], False)
    finally:
        if store:
            store.close()
    errors = [exc for _, exc in sorted(failed, key=lambda f: f[0])]
    if not done:
        where = ", ".join(str(s) for s in sources) or "(nothing)"
        why = "; ".join(str(e) for e in errors[:3]) if errors else "kg reads .txt, .md, .html and .pdf files and bibliographic exports"
        raise SourceError(f"no readable documents in {where}: {why}")
    docs: list[Document] = []
    extractions: list[Extraction] = []
    for i in sorted(done):
        docs.append(done[i].document)
        extractions.extend(done[i].extractions)
    del done
    resolved = resolve(docs, extractions)
    return BuildResult(resolved, errors, time.perf_counter() - t0, reused=reused,
                       extracted=len(resolved.documents) - reused)


def _worker_count(workers: int | None, documents: int) -> int:
    """Processes to extract `documents` in: as asked (never more than there are documents), or
    one per core when there are enough documents to be worth starting them."""
    if workers is None:
        workers = (os.cpu_count() or 1) if documents >= MIN_POOL_DOCUMENTS else 1
    return max(1, min(workers, documents))


def write_turtle(graph: Graph | BuildResult, path: str | Path, *, digests: "GraphDigests | None" = None) -> Path:
    """Write the graph (an rdflib graph, or a build's result without making one) as deterministic
    Turtle, atomically: the bytes rdflib's serializer writes, by kg.turtle. `digests`, for a
    build's result, is fed every triple with its named graph on the way (for the store)."""
    from kg.graph import EVIDENCE_PREFIX
    from kg.turtle import Unstreamable, write_turtle_triples

    def triples():
        if not isinstance(graph, BuildResult):
            return iter(graph)
        if digests is None:
            return statements(graph.resolved)

        def noted(add=digests.add):
            for s, p, o, g in quads(graph.resolved):
                add(s, p, o, g)
                yield s, p, o

        return noted()

    count = 0

    def write(fh) -> None:
        nonlocal count
        if not isinstance(graph, BuildResult):
            count = write_turtle_triples(triples(), fh)
            return
        # a build's evidence nodes are written as they come, not held in memory (kg.turtle)
        try:
            count = write_turtle_triples(triples(), fh, standalone=EVIDENCE_PREFIX)
        except Unstreamable as exc:
            log.debug("Turtle written again with every triple in memory: %s", exc)
            fh.seek(0)
            fh.truncate()
            if digests is not None:
                digests.clear()
            count = write_turtle_triples(triples(), fh)

    written = write_atomic(path, write)
    if isinstance(graph, BuildResult):
        graph.triples = count
    return written


def write_outputs(result: BuildResult, output: str | Path, *, html: bool = True, store: bool = True) -> list[Path]:
    """The graph in the format its file name asks for (Turtle by default) and, beside it, the kg
    store the queries read (same name, .store) and the HTML view (same name, .html). Checks the
    name and the folder before writing anything; all are written to temporaries first and
    replaced together (`kg.store.OutputSet`), so a failure or an interrupt leaves the previous
    graph, store and page as they were. The store is written from the resolved corpus (the same
    quads as a bulk load of the file); over a store an earlier build wrote, only the named graphs
    that changed are replaced (`kg.triplestore.write_build_store`)."""
    from kg.triplestore import GraphDigests, file_sha256, beside, write_build_store

    output = Path(output)
    fmt = write_format(output)
    check_output(output, folders=(".store",) if store else ())
    digests = GraphDigests() if store else None
    with OutputSet() as out:
        graph_file = out.temporary(output)
        if fmt == "ttl":
            write_turtle(result, graph_file, digests=digests)
        else:
            from kg.export import export

            export(result.graph, fmt, graph_file)
            digests = None
        if store:
            write_build_store(lambda: quads(result.resolved), out.temporary(beside(output), folder=True),
                              source=str(output), sha256=file_sha256(graph_file),
                              digests=digests.result() if digests is not None else None, previous=beside(output))
        if html:
            from kg.viz import write_html

            write_html(result.graph, out.temporary(output.with_suffix(".html")))
        return out.commit()
