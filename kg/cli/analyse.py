"""`kg stats`, `kg path` and `kg explain`: measure the graph, link two entities, show why a fact is there."""
from __future__ import annotations

import click

from kg.cli.main import cli, user_errors

GRAPH = click.argument("graph", type=click.Path())


@cli.command("stats")
@GRAPH
@click.option("--top", "-n", type=click.IntRange(min=0), default=10, show_default=True,
              help="How many entities to list as most connected and most central, e.g. --top 20.")
@click.option("--json", "as_json", is_flag=True, help="Print the numbers as JSON, for scripts and notebooks.")
def stats_command(graph: str, top: int, as_json: bool) -> None:
    """Count and measure GRAPH (a kg store or an RDF file): entities per class, triples per property, most connected
    entities, betweenness, connected components and Louvain communities.

    \b
    Examples:
      kg stats graphs/leadership.ttl
      kg stats graphs/leadership.ttl --top 25 --json > stats.json
    """
    from kg.analysis import format_stats, stats
    from kg.triplestore import open_graph

    with user_errors():
        result = stats(open_graph(graph), top=top)
    click.echo(result.to_json() if as_json else format_stats(result))


@cli.command("path")
@GRAPH
@click.argument("a")
@click.argument("b")
@click.option("--max", "max_paths", type=click.IntRange(min=1), default=3, show_default=True,
              help="Show at most this many shortest chains, e.g. --max 5.")
def path_command(graph: str, a: str, b: str, max_paths: int) -> None:
    """Show the shortest chains of facts linking entity A to entity B, each fact with the quote
    and document that state it. Names match labels and aliases, ignoring case; exit status 1
    when nothing links them.

    \b
    Examples:
      kg path graphs/leadership.ttl "Alma Harris" "Kazakhstan"
      kg path graphs/leadership.ttl "distributed leadership" "British Council" --max 5
    """
    from kg.analysis import format_paths, shortest_paths
    from kg.triplestore import open_graph

    with user_errors():
        paths = shortest_paths(open_graph(graph), a, b, max_paths=max_paths)
    click.echo(format_paths(paths, a, b))
    if not paths:
        raise SystemExit(1)


@cli.command("explain")
@GRAPH
@click.argument("name")
def explain_command(graph: str, name: str) -> None:
    """Show everything GRAPH states about NAME (a label, an alias or an IRI) and the evidence
    behind each fact: the quote, its document and offsets, the extractor and its confidence.

    \b
    Examples:
      kg explain graphs/leadership.ttl "British Council"
      kg explain graphs/leadership.ttl lkr:person/alma-harris
    """
    from kg.explain import explain, format_explanation
    from kg.triplestore import open_graph

    with user_errors():
        text = format_explanation(explain(open_graph(graph), name))
    click.echo(text)
