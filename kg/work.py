"""Per-document work: one file's bytes in, its Document and Extractions out, as plain picklable data.

`extract_batch` is a pure function of its jobs (and of the installed kg and pipeline), so it runs the
same in this process, in a pool of worker processes (the spaCy pipeline loaded once per worker) or
on the workers of a Dask cluster; `run_jobs` picks one and yields the results as they come.
Resolution, which needs every document, stays one global step in kg.build.
"""
from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Sequence

from kg.errors import KGError, ModelError, SourceError
from kg.model import Document, Extraction

log = logging.getLogger(__name__)

#: extractors about the document's own record (its title, authors, declared metadata): run on the
#: first part of a long text only, so later parts do not make records of their own
WHOLE_DOCUMENT = ("records", "works", "metadata")
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
    #: seconds the document may take to read and to extract (each part of a long text), None: no limit
    time_limit: float | None = None


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


def document_parts(doc: Document) -> list[tuple[int, Document]]:
    """(offset, part) of a document: itself when short, else its text in parts (`kg.limits.split_parts`),
    each a Document of the same id and path; the first keeps the declared metadata."""
    from kg.limits import split_parts

    pieces = split_parts(doc.text)
    if len(pieces) == 1:
        return [(0, doc)]
    return [(offset, Document(doc.id, doc.path, text, doc.sha256, doc.media_type, doc.metadata if not offset else None))
            for offset, text in pieces]


def extract_batch(jobs: Sequence[Job], extractors: Sequence[str]) -> list[Done]:
    """Read, parse (one nlp.pipe stream) and extract every job; a file that fails, or takes longer than
    its time limit to read or extract, is a Done with its error; a missing or broken model (ModelError)
    fails the batch. A long text is parsed and extracted in parts, its offsets those of the whole text."""
    from kg.corpus import read_file
    from kg.extract import extract_document, get_extractor
    from kg.limits import parser_text, shift_extraction, time_budget
    from kg.nlp import parse_stream

    for name in extractors:  # imported now, so a document's time budget is not spent importing them
        get_extractor(name)
    later = [n for n in extractors if n not in WHOLE_DOCUMENT]
    done: list[Done] = []
    readable: list[tuple[Job, Document]] = []
    for job in jobs:
        try:
            doc = read_file(job.path, job.data, display_path=job.shown, doc_id=job.doc_id, time_limit=job.time_limit)
        except SourceError as exc:
            done.append(Done(job.index, error=str(exc)))
            continue
        readable.append((job, doc))
    units = [(job, doc, k, offset, part) for job, doc in readable for k, (offset, part) in enumerate(document_parts(doc))]
    # an export's records are data, not prose: nothing of its text is parsed; a long text's parts are
    # large, so they are parsed one at a time (the memory of one part)
    texts = ("" if doc.export is not None else parser_text(part.text) for _, doc, _, _, part in units)
    parsed_units = zip(units, parse_stream(texts, batch_size=1 if len(units) > len(readable) else BATCH_DOCUMENTS))
    for _, group in itertools.groupby(parsed_units, key=lambda item: item[0][0].index):
        job = doc = None
        found: list[Extraction] = []
        try:
            for (job, doc, k, offset, part), parsed in group:  # each part parsed outside the time budget
                with time_budget(job.time_limit, doc.path):  # a long text's budget is per part
                    part.attach_parse(parsed)
                    found += [shift_extraction(ex, offset, f"part{k}:" if k else "")
                              for ex in extract_document(part, extractors if not k else later)]
                if part is not doc:  # a long text's parts are let go one by one
                    part.__dict__.pop("nlp", None)
                    part.cache.clear()
        except ModelError:
            raise  # a missing or broken model file is the set-up's problem, not one document's
        except SourceError as exc:  # over its time budget
            done.append(Done(job.index, error=str(exc)))
            continue
        except Exception as exc:  # an extractor's bug must not cost the rest of the corpus
            log.debug("extraction failed on %s", doc.path, exc_info=True)
            done.append(Done(job.index, error=(
                f"{doc.path}: extraction failed ({type(exc).__name__}: {exc}); the file was skipped, "
                "please report it with the file (kg -vv build shows the traceback)")))
            continue
        finally:
            for _ in group:  # the parts left after a failure
                pass
        problems = list(doc.export.problems) if doc.export is not None else []
        done.append(Done(job.index, Document(doc.id, doc.path, doc.text, doc.sha256, doc.media_type,
                                             encoding=doc.encoding), found,
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
