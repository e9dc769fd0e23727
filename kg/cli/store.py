"""`kg store`, `kg serve` and `kg push`: the graph as an Oxigraph store, served over SPARQL, put into another store."""
from __future__ import annotations

from pathlib import Path

import click

from kg.cli.main import cli, user_errors


@cli.command("store")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="The store directory to write (replaced if it is a kg store), e.g. -o graphs/leadership.store.")
def store_command(source: Path, output: Path) -> None:
    """Load the RDF file SOURCE (Turtle, N-Triples, TriG, N-Quads, RDF/XML or JSON-LD) into a kg
    store: an Oxigraph (RocksDB) directory with one named graph per source document and one for
    the facts no single document states. Every command that takes GRAPH accepts the directory.

    \b
    Examples:
      kg store graphs/leadership.ttl -o graphs/leadership.store
      kg store export.jsonld -o /data/kg.store
      kg query graphs/leadership.store --name journals
    """
    from kg.triplestore import create_store

    with user_errors():
        info = create_store(source, output)
    click.echo(f"wrote {info.path}: {info.triples} triples in {info.graphs} named graphs")

