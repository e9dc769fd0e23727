"""`kg export`: write the graph for triple stores (RDF) or network tools (Gephi, yEd, VOSviewer)."""
from __future__ import annotations

import click

from kg.cli.main import cli, user_errors


@cli.command("export")
@click.argument("graph", type=click.Path())
@click.option("--format", "-f", "fmt", required=True, metavar="FORMAT",
              help="ttl, nt, trig (one named graph per source document), jsonld, xml (RDF/XML), "
                   "graphml, gexf (Gephi), csv (nodes.csv + edges.csv) or vosviewer (map.txt + network.txt).")
@click.option("--output", "-o", type=click.Path(), default=None,
              help="File to write (a FOLDER for csv and vosviewer); without it the text goes to stdout.")
def export_command(graph: str, fmt: str, output: str | None) -> None:
    """Write GRAPH in another format. Output is deterministic: the same graph gives the same bytes.

    \b
    Examples:
      kg export graphs/leadership.ttl --format trig -o leadership.trig
      kg export graphs/leadership.ttl --format graphml -o leadership.graphml   # Gephi, yEd
      kg export graphs/leadership.ttl --format csv -o leadership-csv/          # nodes.csv, edges.csv
      kg export graphs/leadership.ttl --format vosviewer -o vos/               # map.txt, network.txt
      kg export graphs/leadership.ttl --format nt | sort | head
    """
    from kg.export import MULTI_FILE, export, normalise_format
    from kg.triplestore import load_rdflib

    with user_errors():
        name = normalise_format(fmt)
        data = export(load_rdflib(graph), name, output)
    if output is None:
        click.echo(data, nl=False)
    else:
        click.echo(f"wrote {', '.join(str(data).splitlines()) if name in MULTI_FILE else output}", err=True)
