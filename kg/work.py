"""Per-document work: one file's bytes in, its Document and Extractions out, as plain picklable data.

`extract_batch` is a pure function of its jobs (and of the installed kg and pipeline), so it runs the
same in this process, in a pool of worker processes (the spaCy pipeline loaded once per worker) or
on the workers of a Dask cluster; `run_jobs` picks one and yields the results as they come.
Resolution, which needs every document, stays one global step in kg.build.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Sequence

from kg.errors import KGError, ModelError, SourceError
from kg.model import Document, Extraction

log = logging.getLogger(__name__)

#: the longest text parsed as one document (spaCy's memory grows with it; split longer files)
MAX_DOCUMENT_CHARS = 2_000_000
#: documents sent to a worker at a time (parsed in one nlp.pipe stream there)
BATCH_DOCUMENTS = 8
#: below this many documents to extract, starting worker processes costs more than it saves
MIN_POOL_DOCUMENTS = 8


@dataclass(frozen=True)
class Job:
    """One file to read and extract: where it is, what the graph calls it, and its bytes."""

    index: int
    path: str
    shown: str
    doc_id: str
    data: bytes = field(repr=False)


@dataclass
class Done:
    """What became of a job: the document (text kept, parse and per-document caches dropped) and
    its extractions, or the one-line error that skipped it."""

    index: int
    document: Document | None = None
    extractions: list[Extraction] = field(default_factory=list)
    error: str | None = None
    #: one line per record of a bibliographic export that could not be read (the rest was)
    problems: list[str] = field(default_factory=list)


def extract_batch(jobs: Sequence[Job], extractors: Sequence[str]) -> list[Done]:
    """Read, parse (one nlp.pipe stream) and extract every job; a file that fails is a Done with its
    error, a missing or broken model (ModelError) fails the batch."""
    from kg.corpus import document_from_bytes
    from kg.extract import extract_document
    from kg.nlp import parse_stream

    done: list[Done] = []
    readable: list[tuple[Job, Document]] = []
    for job in jobs:
        try:
            doc = document_from_bytes(job.data, job.path, display_path=job.shown, doc_id=job.doc_id)
        except SourceError as exc:
            done.append(Done(job.index, error=str(exc)))
            continue
        if len(doc.text) > MAX_DOCUMENT_CHARS:
            done.append(Done(job.index, error=(
                f"{doc.path}: {len(doc.text):,} characters is more than kg parses as one document "
                f"({MAX_DOCUMENT_CHARS:,}); split the file into parts and build the folder")))
            continue
        readable.append((job, doc))
    # an export's records are data, not prose: nothing of its text is parsed
    for (job, doc), parsed in zip(readable, parse_stream("" if d.export is not None else d.text for _, d in readable)):
        doc.attach_parse(parsed)
        try:
            extractions = extract_document(doc, extractors)
        except ModelError:
            raise  # a missing or broken model file is the set-up's problem, not one document's
        except Exception as exc:  # an extractor's bug must not cost the rest of the corpus
            log.debug("extraction failed on %s", doc.path, exc_info=True)
            done.append(Done(job.index, error=(
                f"{doc.path}: extraction failed ({type(exc).__name__}: {exc}); the file was skipped, "
                "please report it with the file (kg -vv build shows the traceback)")))
            continue
        problems = list(doc.export.problems) if doc.export is not None else []
        done.append(Done(job.index, Document(doc.id, doc.path, doc.text, doc.sha256, doc.media_type), extractions,
                         problems=problems))
    return sorted(done, key=lambda d: d.index)


def batches(jobs: Iterable[Job], size: int = BATCH_DOCUMENTS) -> Iterator[list[Job]]:
    batch: list[Job] = []
    for job in jobs:
        batch.append(job)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def batch_size(documents: int, workers: int) -> int:
    """Documents per batch: BATCH_DOCUMENTS, fewer when that would leave workers idle at the end."""
    return max(1, min(BATCH_DOCUMENTS, documents // (4 * max(1, workers))))


def run_jobs(jobs: Iterable[Job], extractors: Sequence[str], *, workers: int = 1, scheduler: str | None = None,
             size: int = BATCH_DOCUMENTS) -> Iterator[Done]:
    """Extract every job, yielding each Done as it is ready (not in order): on the Dask cluster at
    `scheduler`, else in `workers` processes, else here; `size` documents to a batch."""
    work = batches(jobs, size)
    if scheduler:
        yield from _on_dask(work, extractors, scheduler)
    elif workers > 1:
        yield from _in_pool(work, extractors, workers)
    else:
        for batch in work:
            yield from extract_batch(batch, extractors)


def _warm_worker() -> None:
    from kg.nlp import load_pipeline

    load_pipeline()


def _in_pool(work: Iterator[list[Job]], extractors: Sequence[str], workers: int) -> Iterator[Done]:
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    # fork where there is one: no re-import of the caller's main module (scripts need no
    # `if __name__ == "__main__"` guard) and a pipeline already loaded here is shared, not reloaded
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_warm_worker) as pool:
        yield from _bounded(lambda batch: pool.submit(extract_batch, batch, list(extractors)),
                            work, 2 * workers,
                            lambda pending: wait(pending, return_when=FIRST_COMPLETED)[0])


def _on_dask(work: Iterator[list[Job]], extractors: Sequence[str], scheduler: str) -> Iterator[Done]:
    try:
        from distributed import Client, wait
    except ImportError:  # pragma: no cover - dask is a dependency
        raise KGError("--scheduler needs Dask distributed; run `make setup`") from None
    try:
        client = Client(scheduler, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise KGError(f"{scheduler}: cannot reach the Dask scheduler ({exc}); start one with "
                      "`dask scheduler` (and workers with `dask worker ADDRESS`) or check the address") from None
    with client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        yield from _bounded(lambda batch: client.submit(extract_batch, batch, list(extractors), pure=False),
                            work, 2 * workers,
                            lambda pending: set(wait(list(pending), return_when="FIRST_COMPLETED").done))


def _bounded(submit, work: Iterator, window: int, finished) -> Iterator[Done]:
    """Keep at most `window` batches in flight (so memory does not grow with the corpus), yielding
    each finished batch's results."""
    pending: set = set()
    for batch in work:
        pending.add(submit(batch))
        while len(pending) >= window:
            for future in finished(pending):
                pending.discard(future)
                yield from future.result()
    while pending:
        for future in finished(pending):
            pending.discard(future)
            yield from future.result()
