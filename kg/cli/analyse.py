"""`kg stats`, `kg path` and `kg explain`: measure the graph, link two entities, show why a fact is there."""
from __future__ import annotations

from pathlib import Path

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
      kg path graphs/leadership.ttl "Maria Lind" "Kazakhstan"
      kg path graphs/leadership.ttl "distributed leadership" "Northgate Trust" --max 5
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
      kg explain graphs/leadership.ttl "Northgate Trust"
      kg explain graphs/leadership.ttl lkr:person/alma-harris
    """
    from kg.explain import explain, format_explanation
    from kg.triplestore import open_graph

    with user_errors():
        text = format_explanation(explain(open_graph(graph), name))
    click.echo(text)


@cli.group("analyse")
def analyse_group() -> None:
    """Bibliometric analyses of GRAPH, as VOSviewer and bibliometrix users expect: co-citation, bibliographic
    coupling, keyword co-occurrence (with VOSviewer's association strength), country and institution
    collaboration, publications and citations per year, most-cited works and authors. Each writes CSV (to
    stdout, or -o FILE); each network also writes VOSviewer's map and network files (--vosviewer FOLDER).

    \b
    Examples:
      kg analyse cocitation graphs/leadership.ttl -o cocitation.csv --vosviewer vos-cocitation/
      kg analyse keywords graphs/leadership.ttl --vosviewer vos-keywords/
      kg analyse per-year graphs/leadership.ttl
    """


def _network_command(name: str, what: str) -> None:
    @analyse_group.command(name, help=(
        f"The {name} network of GRAPH ({what}), as CSV: one row per link with both items, the count and "
        "VOSviewer's association strength (2m c_ij / (c_i c_j)).\n\n\b\nExamples:\n"
        f"  kg analyse {name} graphs/leadership.ttl -o {name}.csv\n"
        f"  kg analyse {name} graphs/leadership.ttl --vosviewer vos-{name}/   # VOSviewer: map.txt + network.txt\n"
        f"  kg analyse {name} graphs/leadership.ttl --html {name}.html         # an offline view, coloured by year"))
    @GRAPH
    @click.option("--output", "-o", type=click.Path(), default=None, help="CSV file to write; without it the CSV goes to stdout.")
    @click.option("--vosviewer", type=click.Path(), default=None,
                  help="A folder to write VOSviewer's map.txt and network.txt into (File > Create map > based on network data).")
    @click.option("--html", type=click.Path(dir_okay=False), default=None,
                  help="Also draw the network as one offline HTML page, items coloured by their mean year.")
    def command(graph: str, output: str | None, vosviewer: str | None, html: str | None) -> None:
        from kg.bibliometrics import network, network_csv, network_view, vosviewer_files
        from kg.store import write_atomic
        from kg.triplestore import open_graph

        with user_errors():
            net = network(open_graph(graph), name)
            text = network_csv(net)
            if output:
                write_atomic(output, text)
            if vosviewer:
                for fname, body in vosviewer_files(net).items():
                    write_atomic(Path(vosviewer) / fname, body)
            if html:
                from kg.viz import write_view_html

                view, years = network_view(net)
                write_view_html(view, html, title=f"{name.capitalize()} network", years=years)
        if not output:
            click.echo(text, nl=False)
        click.echo(f"{name}: {len(net.items)} items, {len(net.links)} links"
                   + (f"; wrote {Path(vosviewer) / 'map.txt'} and network.txt" if vosviewer else ""), err=True)


def _table_command(name: str, what: str) -> None:
    @analyse_group.command(name, help=(
        f"The {what} in GRAPH, as CSV.\n\n\b\nExamples:\n  kg analyse {name} graphs/leadership.ttl\n"
        f"  kg analyse {name} graphs/leadership.ttl -o {name}.csv"))
    @GRAPH
    @click.option("--output", "-o", type=click.Path(), default=None, help="CSV file to write; without it the CSV goes to stdout.")
    def command(graph: str, output: str | None) -> None:
        from kg.bibliometrics import table, table_csv
        from kg.store import write_atomic
        from kg.triplestore import open_graph

        with user_errors():
            text = table_csv(*table(open_graph(graph), name))
            if output:
                write_atomic(output, text)
        if not output:
            click.echo(text, nl=False)


def _register() -> None:
    from kg.bibliometrics import NETWORKS, TABLES

    for name, (what, *_rest) in NETWORKS.items():
        _network_command(name, what)
    for name, (what, _query) in TABLES.items():
        _table_command(name, what)


_register()
