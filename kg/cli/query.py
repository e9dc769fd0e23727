"""`kg query`: SPARQL over a graph file, the named queries that ship with kg, and updates to a new file."""
from __future__ import annotations

import textwrap
import time
from pathlib import Path

import click

from kg.cli.main import cli, user_errors
from kg.errors import QueryTimeout
from kg.query import (
    FORMATS,
    NamedQuery,
    format_result,
    list_named_queries,
    check_query,
    run_named_query,
    run_query,
    run_update,
    timeout_error,
)
from kg.namespaces import PREFIXES
from kg.store import write_atomic
from kg.triplestore import open_graph

EXAMPLES = """\b
Examples:
  kg query --list                                              # the named queries and their parameters
  kg query graphs/leadership.ttl --name coauthors --param person="Maria Lind"
  kg query graphs/leadership.ttl --name most-cited --format csv -o most-cited.csv
  kg query graphs/leadership.ttl "SELECT ?p ?name WHERE { ?p a lkg:Person ; rdfs:label ?name } LIMIT 10"
  kg query graphs/leadership.ttl -f my.rq --param person_name="Maria Lind" --format json
  kg query graphs/leadership.ttl --update "DELETE WHERE { ?e a lkg:Evidence ; ?p ?o }" -o slim.ttl

\b
The prefixes {prefixes} are declared for you.
Queries only read: SERVICE, FROM, FROM NAMED and LOAD are refused, and SPARQL Update needs
--update -o NEW_FILE, which writes the changed graph to a new file and leaves GRAPH as it was.
""".replace("{prefixes}", ", ".join(PREFIXES))


@cli.command("query", epilog=EXAMPLES)
@click.argument("graph", required=False, type=click.Path(path_type=Path))
@click.argument("query_text", metavar="[QUERY]", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the SPARQL from a file instead, e.g. -f my-query.rq.")
@click.option("-n", "--name", help="Run a named query that ships with kg, e.g. --name most-cited (see --list).")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A value for the query, bound as a literal (never pasted into the text). With --name, KEY is "
                   "a parameter from --list (--param person=\"Maria Lind\"); with QUERY or -f it is a variable "
                   "name (--param person_name=\"Maria Lind\" binds ?person_name). Repeat for more.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table for reading; csv, tsv or json (W3C SPARQL results formats) for other tools; "
                   "ttl for CONSTRUCT and DESCRIBE results, e.g. --format csv.")
@click.option("--list", "list_only", is_flag=True, help="List the named queries and their parameters; needs no GRAPH.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0, show_default=True,
              metavar="SECONDS", help="Stop a query that runs longer than this, e.g. --timeout 120.")
@click.option("--update", is_flag=True,
              help="QUERY or -f is a SPARQL Update (INSERT/DELETE); write the changed graph to -o, a new file.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the result (or, with --update, the changed graph) to this file, e.g. -o result.csv.")
def query_command(graph: Path | None, query_text: str | None, query_file: Path | None, name: str | None,
                  params: tuple[str, ...], fmt: str, list_only: bool, timeout: float, update: bool,
                  output: Path | None) -> None:
    """Ask a graph a question in SPARQL, or run one of kg's named queries.

    GRAPH is a kg store (`kg store`, `kg build`) or an RDF file (Turtle, TriG, N-Triples,
    JSON-LD, RDF/XML), loaded once into a cached store; QUERY is the SPARQL text, run by Oxigraph.
    Give exactly one of QUERY, -f FILE or --name NAME.
    """
    if list_only:
        with user_errors():
            click.echo(_describe(list_named_queries()), nl=False)
        return
    text, source = _one_query(graph, query_text, query_file, name, update, output)
    values = _parse_params(params)
    with user_errors():
        if update:
            summary = run_update(graph, text, output, timeout=timeout, source=source)  # type: ignore[arg-type]
            click.echo(f"wrote {summary.output}: {summary.triples_after} triples (was {summary.triples_before})")
            return
        left = timeout
        if not name:
            started = time.monotonic()
            check_query(text, source, timeout=timeout)  # refused before the graph is even read
            left = max(timeout - (time.monotonic() - started), 0.001)  # parsing and evaluation share the limit
        loaded = open_graph(graph)  # type: ignore[arg-type]
        try:
            if name:
                result = run_named_query(loaded, name, values, timeout=left)
            else:
                result = run_query(loaded, text, bindings=values, timeout=left, source=source)
        except QueryTimeout:
            raise timeout_error(timeout) from None  # the limit the user set, not what was left of it
        rendered = format_result(result, fmt)  # type: ignore[arg-type]
        if output:
            write_atomic(output, rendered)
        else:
            click.echo(rendered, nl=False)


def _one_query(graph: Path | None, query_text: str | None, query_file: Path | None, name: str | None,
               update: bool, output: Path | None) -> tuple[str, str]:
    """The query text and its name for messages, or a usage error that says what is missing."""
    if graph is None:
        raise click.UsageError("missing GRAPH: the graph file to query, e.g. kg query graphs/leadership.ttl --name journals")
    given = [flag for flag, value in (("QUERY", query_text), ("-f", query_file), ("--name", name)) if value]
    if len(given) != 1:
        what = f"got {' and '.join(given)}" if given else "got none"
        raise click.UsageError(f"give exactly one of QUERY, -f FILE or --name NAME ({what}); kg query --list shows the names")
    if update and (name or not output):
        raise click.UsageError("--update needs the update as QUERY or -f FILE and a new file to write: -o NEW_FILE")
    if query_file:
        try:
            return query_file.read_text(encoding="utf-8-sig"), query_file.name
        except UnicodeDecodeError as exc:
            raise click.UsageError(f"{query_file}: not UTF-8 text (byte {exc.start}); save the query file as UTF-8 "
                                   "and run it again") from None
        except OSError as exc:
            raise click.UsageError(f"{query_file}: cannot be read ({exc.strerror}); check the path") from None
    return query_text or "", f"{name}.rq" if name else "query"


def _parse_params(params: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"'{item}' is not KEY=VALUE; write e.g. --param person=\"Maria Lind\"",
                                     param_hint="--param")
        if key.strip() in values:
            raise click.BadParameter(f"'{key.strip()}' is given twice", param_hint="--param")
        values[key.strip()] = value
    return values


def _describe(queries: list[NamedQuery]) -> str:
    """Each query's name and title, its description wrapped below, then its parameters."""
    lines = []
    for q in queries:
        lines.append(f"{q.name}: {q.title}")
        lines.extend(textwrap.wrap(q.description, width=96, initial_indent="    ", subsequent_indent="    "))
        for p in q.params:
            optional = " (optional)" if p.optional else ""
            lines.append(f"    --param {p.name}=...{optional}  {p.description}")
    lines.append("")
    lines.append("Run one with: kg query GRAPH --name NAME [--param KEY=VALUE ...]; the .rq files are in kg/queries/.")
    return "\n".join(lines) + "\n"
