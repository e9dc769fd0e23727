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


@cli.command("serve")
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 makes the endpoint reachable from other machines.")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True,
              help="Port to listen on (0: any free port, printed at start).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0, show_default=True,
              metavar="SECONDS", help="Stop a query that runs longer than this and answer 503.")
@click.option("--max-results", type=click.IntRange(min=1), default=100_000, show_default=True,
              help="Refuse (503) a result with more rows than this.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Queries evaluated at once (default: the number of CPUs, at least 2).")
def serve_command(graph: Path, host: str, port: int, timeout: float, max_results: int, workers: int | None) -> None:
    """Serve GRAPH (a kg store or an RDF file) as a read-only SPARQL 1.1 Protocol endpoint at
    /sparql (GET and POST; JSON, XML, CSV, TSV or Turtle by the Accept header; CORS open, so
    YASGUI can use it), with the named queries at /queries/NAME?param=..., their index at
    /queries and the interactive view at /view. Updates, SERVICE, LOAD and FROM are refused (403).
    One log line per request goes to stderr; Ctrl-C stops the server.

    \b
    Examples:
      kg serve graphs/leadership.ttl
      kg serve graphs/leadership.store --port 8080 --timeout 10
      curl -H 'Accept: text/csv' 'http://127.0.0.1:7878/sparql?query=SELECT%20*%20WHERE%20%7B%3Fs%20a%20lkg:Person%7D'
      curl 'http://127.0.0.1:7878/queries/coauthors?person=Maria%20Lind&format=json'
    """
    import logging
    import sys

    from kg.serve import bind, create_app, describe, serve
    from kg.triplestore import open_graph

    with user_errors():
        store = open_graph(graph)
        sock = bind(host, port)
    access = logging.getLogger("kg.serve")
    if not access.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        access.addHandler(handler)
        access.propagate = False
    access.setLevel(logging.INFO)
    click.echo(describe(store, sock), err=True)
    app = create_app(store, timeout=timeout, max_results=max_results, workers=workers)
    try:
        serve(app, sock)
    finally:
        if app.state.workers is not None:
            app.state.workers.close()
    click.echo("kg serve: stopped", err=True)


@cli.command("push")
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--endpoint", required=True, metavar="URL",
              help="The store's Graph Store Protocol URL, e.g. http://localhost:7878/store (Oxigraph), "
                   "http://localhost:3030/kg/data (Fuseki).")
@click.option("--graph", "graph_iri", metavar="IRI",
              help="Put the whole graph into this one named graph instead of one graph per document.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=120.0, show_default=True,
              metavar="SECONDS", help="Give up on a request that takes longer than this.")
def push_command(graph: Path, endpoint: str, graph_iri: str | None, timeout: float) -> None:
    """Put GRAPH (a kg store or an RDF file) into a SPARQL 1.1 store over the Graph Store HTTP
    Protocol: one named graph per source document (plus one for the facts no single document
    states), each replaced by a PUT, so pushing a rebuilt graph replaces what was there.
    Credentials: set KG_PUSH_USER and KG_PUSH_PASSWORD (HTTP Basic) in the environment.

    \b
    Examples:
      kg push graphs/leadership.ttl --endpoint http://localhost:7878/store
      KG_PUSH_USER=admin KG_PUSH_PASSWORD=... kg push graphs/leadership.store --endpoint http://fuseki:3030/kg/data
      kg push graphs/leadership.ttl --endpoint http://localhost:7878/store --graph https://example.org/graphs/leadership
    """
    from kg.push import push
    from kg.triplestore import open_graph

    with user_errors():
        summary = push(open_graph(graph), endpoint, graph_iri=graph_iri, timeout=timeout)
    click.echo(f"pushed {summary.triples} triples in {len(summary.graphs)} named graphs to {endpoint}")
