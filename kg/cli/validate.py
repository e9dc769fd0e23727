"""`kg validate`: check a graph against the contract's SHACL shapes."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.main import cli, user_errors


@cli.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--limit", type=int, default=20, show_default=True, help="Show at most this many violations.")
def validate(graph: Path, limit: int) -> None:
    """Check GRAPH against the contract's SHACL shapes (kg/ontology/shapes.ttl).

    \b
    Exit status 0 when the graph conforms, 1 with one line per violation when it does not.
    Example:
      kg validate graphs/leadership.ttl
    """
    from kg.triplestore import load_rdflib
    from kg.validate import format_violations, validate as run_validation

    with user_errors():
        result = run_validation(load_rdflib(graph))
    if result.conforms:
        click.echo(f"{graph}: conforms to the contract's shapes")
        return
    click.echo(format_violations(result, limit=limit))
    sys.exit(1)
