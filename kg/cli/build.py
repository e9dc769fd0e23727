"""`kg build`: documents in, the knowledge graph out (Turtle, plus an HTML view)."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from kg.cli.main import cli, terminated_as_interrupt, user_errors
from kg.limits import DOCUMENT_SECONDS

DEFAULT_SOURCE = "seeds"
DEFAULT_OUTPUT = Path("graphs") / "leadership.ttl"


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_OUTPUT,
              show_default=True, help="Graph file to write: Turtle, or N-Triples, TriG, JSON-LD or RDF/XML by its suffix "
                                      "(.nt, .trig, .jsonld, .rdf).")
@click.option("--html/--no-html", default=True, show_default=True,
              help="Also write the interactive view beside the Turtle (same name, .html).")
@click.option("--store/--no-store", default=True, show_default=True,
              help="Also load the graph into a kg store beside it (same name, .store), which kg query, "
                   "kg serve and kg push read without parsing the file again.")
@click.option("-x", "--extractor", "extractors", multiple=True, metavar="NAME",
              help="Run only these extractors (repeat the option); default all. See `kg build --list-extractors`.")
@click.option("--cache/--no-cache", default=True, show_default=True,
              help="Reuse the extractions of unchanged documents from the cache beside the output "
                   "(.kg-cache/); --no-cache extracts every document and leaves the cache alone.")
@click.option("-j", "--workers", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes that parse and extract (default: one per core for 8 or more documents).")
@click.option("--scheduler", metavar="ADDRESS",
              help="Extract on a Dask cluster instead, e.g. tcp://HOST:8786 (its workers need kg installed).")
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), default=DOCUMENT_SECONDS, show_default=True,
              metavar="SECONDS", help="Skip (and report) a document that takes longer than this to read or extract.")
@click.option("--list-extractors", is_flag=True, help="List the extractors and exit.")
def build(sources: tuple[Path, ...], output: Path, html: bool, store: bool, extractors: tuple[str, ...],
          cache: bool, workers: int | None, scheduler: str | None, time_limit: float, list_extractors: bool) -> None:
    """Build the knowledge graph of SOURCES (files or folders; default: seeds/).

    \b
    Reads .txt, .md, .html and .pdf, and bibliographic exports (RIS, BibTeX, CSL-JSON, Web of
    Science, Scopus CSV, OpenAlex); folders are read recursively in sorted order.
    A file that cannot be read is reported in one line and skipped; the rest is built
    and the exit status is 1. Outputs are written atomically: never half a file.

    \b
    Examples:
      kg build                                 # seeds/ -> graphs/leadership.ttl + .html
      kg build corpus/ -o out/corpus.ttl       # another corpus
      kg build paper.pdf notes.md --no-html
      kg build corpus/ -o out/corpus.ttl -j 4  # four worker processes
      kg build corpus/ -o out/corpus.ttl --scheduler tcp://10.0.0.5:8786
      kg build savedrecs.txt scopus.csv pages/ # exports beside documents
    """
    from kg.corpus import escaped
    from kg.extract import REGISTRY, get_extractor

    if list_extractors:
        for name, what in REGISTRY.items():
            click.echo(f"{name:12} {what}")
        return
    if not sources and not Path(DEFAULT_SOURCE).is_dir():
        raise click.UsageError(f"no {DEFAULT_SOURCE}/ folder here, which kg build reads when given no SOURCE; "
                               "run it in the project folder or name the files and folders to read")
    with user_errors(), terminated_as_interrupt():
        for name in extractors:
            get_extractor(name)
        written = _run_build(list(sources) or [DEFAULT_SOURCE], output, html, store, list(extractors) or None,
                             cache=cache, workers=workers, scheduler=scheduler, time_limit=time_limit)
    result, paths = written
    s = result.summary
    for err in result.errors:
        click.secho(f"skipped: {' '.join(str(err).split())}", fg="yellow", err=True)
    per_class = ", ".join(f"{n} {c}" for c, n in s["entities"].items())
    click.echo(f"documents: {s['documents']} read, {s['skipped']} skipped, {s['reused']} reused from the cache")
    for encoding, decoded in s["encodings"].items():
        click.echo(f"decoded:   {', '.join(decoded)} as {encoding} (not UTF-8)")
    click.echo(f"entities:  {sum(s['entities'].values())} ({per_class})")
    click.echo(f"relations: {s['relations']}   triples: {s['triples']}   time: {s['seconds']:.1f} s")
    shown = [escaped(str(p)) for p in paths]
    click.echo(f"wrote {', '.join(shown[:-1])} and {shown[-1]}" if len(shown) > 1 else f"wrote {shown[0]}")
    if result.errors:
        sys.exit(1)


def _run_build(sources, output: Path, html: bool, store: bool, extractors, *, cache: bool, workers, scheduler,
               time_limit: float):
    from kg.build import build_graph, write_outputs
    from kg.cache import cache_folder
    from kg.corpus import iter_sources
    from kg.store import check_output, write_format

    write_format(output)  # a bad file name or an unwritable folder fails before the work, not after
    check_output(output, folders=(".store",) if store else ())
    total = sum(1 for _ in iter_sources(sources))
    progress = _Progress(total) if sys.stderr.isatty() and total > 1 else _NoBar()
    with progress:
        result = build_graph(sources, extractors=extractors, progress=progress.update,
                             cache=cache_folder(output) if cache else None, workers=workers, scheduler=scheduler,
                             time_limit=time_limit)
    return result, write_outputs(result, output, html=html, store=store)


class _Progress:
    """A progress bar of documents done, with how many came from the cache and the rate."""

    def __init__(self, total: int) -> None:
        self.bar = click.progressbar(length=total, label="Extracting", file=sys.stderr, show_pos=True,
                                     item_show_func=lambda text: text)
        self.reused = 0
        self.started = time.perf_counter()

    def __enter__(self):
        self.bar.__enter__()
        return self

    def __exit__(self, *exc):
        return self.bar.__exit__(*exc)

    def update(self, path: str, reused: bool) -> None:
        self.reused += reused
        rate = self.bar.pos / max(time.perf_counter() - self.started, 1e-6)
        self.bar.update(1, f"{self.reused} reused, {rate:.1f} docs/s  {Path(path).name}")


class _NoBar:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, path: str, reused: bool) -> None:
        pass
