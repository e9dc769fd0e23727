"""`kg viz`: draw a graph as an interactive HTML page that opens offline."""
from __future__ import annotations

import re
from pathlib import Path

import click

from kg.cli.main import cli, user_errors
from kg.errors import QueryError


@cli.command("viz")
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="HTML file to write. Default: GRAPH with an .html suffix (graphs/leadership.ttl -> graphs/leadership.html).")
@click.option("--focus", metavar="NAME",
              help='Draw only the neighbourhood of the entity with this label or alias, ignoring case, e.g. --focus "Maria Lind".')
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True,
              help="With --focus: how many relations away to reach (0: the entity alone, 2: neighbours of neighbours).")
@click.option("--classes", metavar="A,B",
              help="Keep only these classes, comma-separated, e.g. --classes Person,Programme.")
@click.option("--query", "query_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Draw the graph a SPARQL CONSTRUCT query in this file returns, e.g. --query coauthors.rq.")
@click.option("--title", help='Page title. Default: "Leadership knowledge graph".')
@click.option("--by-year", is_flag=True,
              help="Colour each entity by the year it first appears (a work's year; others: their earliest work's).")
@click.option("--years", metavar="FROM-TO",
              help="Draw only the entities that first appear in these years, e.g. --years 2015-2020 (a time slice).")
def viz_command(graph: Path, output: Path | None, focus: str | None, depth: int, classes: str | None,
                query_file: Path | None, title: str | None, by_year: bool, years: str | None) -> None:
    """Draw GRAPH as one HTML page: search, class filter, evidence in every edge's tooltip.

    \b
    Examples:
      kg viz graphs/leadership.ttl                       # -> graphs/leadership.html
      kg viz graphs/leadership.ttl --focus "Maria Lind" --depth 2 -o lind.html
      kg viz graphs/leadership.ttl --classes Person,Programme
      kg viz graphs/leadership.ttl --query coauthors.rq --title "Co-authors"
      kg viz graphs/leadership.ttl --by-year --years 2015-2020 -o recent.html
    """
    from kg.triplestore import load_rdflib
    from kg.viz import DEFAULT_TITLE, write_html

    span = None
    if years is not None:
        m = re.fullmatch(r"\s*(\d{4})\s*[-–]\s*(\d{4})\s*", years)
        if m is None or int(m.group(1)) > int(m.group(2)):
            raise click.BadParameter(f"{years!r}: give two years, the earlier first, e.g. 2015-2020", param_hint="--years")
        span = (int(m.group(1)), int(m.group(2)))
    with user_errors():
        query = None
        if query_file is not None:
            try:
                query = query_file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                reason = exc.__class__.__name__
                raise QueryError(f"{query_file}: cannot read the query ({reason}); pass a UTF-8 .rq file") from None
        page = write_html(
            load_rdflib(graph), output or graph.with_suffix(".html"), focus=focus, depth=depth,
            classes=classes.split(",") if classes is not None else None, query=query, query_source=str(query_file),
            title=title or DEFAULT_TITLE, by_year=by_year or span is not None, years=span,
        )
    click.echo(f"wrote {page.path} ({page.nodes} nodes, {page.edges} edges)")
