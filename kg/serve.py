"""`kg serve`: the graph as a read-only SPARQL 1.1 Protocol endpoint, with its view and named queries.

    app = create_app(open_graph("graphs/leadership.ttl"))   # a Starlette (ASGI) app over the store
    serve(app, host="127.0.0.1", port=7878)                  # uvicorn; Ctrl-C stops it cleanly

Routes:
  /sparql          GET ?query=... or POST (form `query=...`, or an application/sparql-query body);
                   results as SPARQL JSON (default), XML, CSV or TSV, graphs as Turtle or N-Triples,
                   chosen by the Accept header or a `format` parameter (json, xml, csv, tsv, ttl, nt)
  /queries         a page listing the named queries, a form for each
  /queries/NAME    a named query, its parameters as ?person=...; an HTML table for a browser
  /view            the interactive HTML view of the graph (built on first request)
  /                a page linking the above

Every query goes through `kg.query.run_query`, so the safety rules of `kg query` hold: updates,
SERVICE, LOAD, FROM and the protocol's default-graph-uri / named-graph-uri are refused (403) before
anything runs, each query is stopped at its time limit (503) and a result over the row cap is
refused (503); a malformed query is a 400. CORS is open (any origin may GET and POST), so YASGUI
in a browser can use the endpoint. Queries are evaluated by `workers` pre-forked processes
(kg.query.StoreWorkers), so a query costs no fork and one past its limit is stopped by killing its
worker, which is replaced.
"""
from __future__ import annotations

import contextlib
import html
import logging
import os
import socket
import time
from typing import Any, Callable
from urllib.parse import parse_qsl
from xml.sax.saxutils import escape, quoteattr

import anyio
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from kg.errors import QueryError, QueryRefused, QueryTimeout, ResultTooLarge, ServeError
from kg.query import (
    QueryResult, StoreWorkers, format_result, list_named_queries, load_named_query, run_named_query, run_query,
)
from kg.triplestore import GraphStore

log = logging.getLogger(__name__)

#: seconds a query may run, and rows a result may have, unless create_app is told otherwise
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_RESULTS = 100_000

#: media type -> result format, for SELECT/ASK and for CONSTRUCT/DESCRIBE
RESULT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {"text/turtle": "ttl", "application/x-turtle": "ttl", "application/n-triples": "nt", "text/plain": "nt"}
#: format -> the media type it is sent as
MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
         "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8",
         "ttl": "text/turtle; charset=utf-8", "nt": "application/n-triples", "html": "text/html; charset=utf-8"}
_FORMAT_NAMES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "ttl": "ttl", "turtle": "ttl",
                 "nt": "nt", "ntriples": "nt", "n-triples": "nt", "html": "html"}


class HTTPError(Exception):
    """An error answered with `status` and a one-line plain-text message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


# ---------------------------------------------------------------------------------------- formats


def _accepted(accept: str) -> list[str]:
    """Media types of an Accept header, best first (q-values honoured, ties in header order)."""
    ranked = []
    for index, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if fields[0] and q > 0:
            ranked.append((-q, index, fields[0].lower()))
    return [media for _, _, media in sorted(ranked)]


def choose_format(kind: str, accept: str, requested: str | None, browser_html: bool = False) -> str:
    """The format to answer a `kind` result in: the `format` parameter, else the best Accept match,
    else the default (JSON for SELECT/ASK, Turtle for graphs). HTTPError 406 for one kg cannot write."""
    graph = kind in ("CONSTRUCT", "DESCRIBE")
    table = GRAPH_TYPES if graph else RESULT_TYPES
    if requested:
        fmt = _FORMAT_NAMES.get(requested.lower())
        if fmt is None or (fmt != "html" and fmt not in table.values()) or (fmt == "html" and not browser_html):
            valid = sorted(set(table.values()) | ({"html"} if browser_html else set()))
            raise HTTPError(406, f"format={requested} is not available for a {kind} result; use one of: {', '.join(valid)}")
        return fmt
    for media in _accepted(accept or "*/*"):
        if browser_html and media in ("text/html", "application/xhtml+xml"):
            return "html"
        if media in table:
            return table[media]
        if media in ("*/*", "application/*", "text/*"):
            return "ttl" if graph else "json"
    offered = ", ".join(sorted(table))
    raise HTTPError(406, f"cannot answer a {kind} result as {accept}; accept one of: {offered}")


def results_xml(result: QueryResult) -> str:
    """The W3C SPARQL Query Results XML Format of a SELECT or ASK result."""
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if result.kind == "ASK":
        out += ["  <head/>", f"  <boolean>{'true' if result.boolean else 'false'}</boolean>", "</sparql>"]
        return "\n".join(out) + "\n"
    out.append("  <head>")
    out += [f"    <variable name={quoteattr(v)}/>" for v in result.vars]
    out += ["  </head>", "  <results>"]
    for row in result.rows:
        out.append("    <result>")
        for var, term in zip(result.vars, row):
            if term is None:
                continue
            out.append(f"      <binding name={quoteattr(var)}>{_xml_term(term)}</binding>")
        out.append("    </result>")
    out += ["  </results>", "</sparql>"]
    return "\n".join(out) + "\n"


def _xml_term(term: Any) -> str:
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    attrs = ""
    if isinstance(term, Literal) and term.language:
        attrs = f" xml:lang={quoteattr(term.language)}"
    elif isinstance(term, Literal) and term.datatype is not None:
        attrs = f" datatype={quoteattr(str(term.datatype))}"
    return f"<literal{attrs}>{escape(str(term))}</literal>"


def render(result: QueryResult, fmt: str, title: str = "Result") -> Response:
    """A result as the response body of format `fmt`."""
    if fmt == "xml":
        body = results_xml(result)
    elif fmt == "nt":
        body = result.graph().serialize(format="nt")
    elif fmt == "html":
        body = _page(title, f"<pre>{html.escape(format_result(result, 'table'))}</pre>")
    else:
        try:
            body = format_result(result, fmt)  # type: ignore[arg-type]
        except QueryError as exc:  # ASK as CSV/TSV: the W3C formats have no form for it
            raise HTTPError(406, str(exc)) from None
    return Response(body, media_type=MEDIA[fmt])


def _page(title: str, body: str) -> str:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            '<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}'
            'pre{overflow-x:auto}code{background:#f3f3f3}form{margin:.3em 0 1.2em}</style></head>'
            f"<body><h1>{html.escape(title)}</h1>{body}</body></html>")


# ---------------------------------------------------------------------------------------- the app


def create_app(
    graph: GraphStore,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_results: int = DEFAULT_MAX_RESULTS,
    workers: int | None = None,
    title: str | None = None,
) -> Starlette:
    """The ASGI app serving `graph` (see the module docstring for its routes and rules).

    Where the system can fork, `workers` processes are forked now to evaluate the queries
    (kg.query.StoreWorkers; `app.state.workers`, close them when done); call this before starting threads.
    """
    size = workers or max(2, os.cpu_count() or 2)
    limiter = anyio.CapacityLimiter(size)
    if hasattr(os, "fork") and graph.workers is None:
        graph.workers = StoreWorkers(graph, size)
    name = title or graph.info.source
    view_cache: dict[str, str] = {}

    async def evaluate(call: Callable[[], QueryResult]) -> QueryResult:
        try:
            return await anyio.to_thread.run_sync(call, limiter=limiter)
        except QueryRefused as exc:
            raise HTTPError(403, f"{exc}; kg serve is read-only") from None
        except (QueryTimeout, ResultTooLarge) as exc:
            raise HTTPError(503, str(exc)) from None
        except QueryError as exc:
            raise HTTPError(400, str(exc)) from None

    async def protocol_request(request: Request) -> tuple[str | None, dict[str, list[str]]]:
        """The query text and the other parameters of a SPARQL Protocol request."""
        params: dict[str, list[str]] = {}
        for key, value in request.query_params.multi_items():
            params.setdefault(key, []).append(value)
        query = None
        if request.method == "POST":
            media = request.headers.get("content-type", "").split(";")[0].strip().lower()
            body = (await request.body()).decode("utf-8", errors="replace")
            if media == "application/sparql-update":
                raise HTTPError(403, "SPARQL Update is refused: kg serve is read-only; "
                                     "run kg query GRAPH --update ... -o NEW_FILE to change a copy of the graph")
            if media == "application/sparql-query":
                query = body
            elif media == "application/x-www-form-urlencoded":
                for key, value in parse_qsl(body, keep_blank_values=True):
                    params.setdefault(key, []).append(value)
            else:
                raise HTTPError(415, f"a POST needs Content-Type application/sparql-query or "
                                     f"application/x-www-form-urlencoded, not {media or 'none'}")
        if "update" in params:
            raise HTTPError(403, "SPARQL Update is refused: kg serve is read-only; "
                                 "run kg query GRAPH --update ... -o NEW_FILE to change a copy of the graph")
        for clause in ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri"):
            if clause in params:
                raise HTTPError(403, f"{clause} is refused: kg serve answers from its own graph only; drop the parameter")
        if query is None:
            queries = params.pop("query", [])
            if len(queries) > 1:
                raise HTTPError(400, "give exactly one query parameter")
            query = queries[0] if queries else None
        return query, params

    async def sparql(request: Request) -> Response:
        query, params = await protocol_request(request)
        if not query:
            return RedirectResponse("/") if request.method == "GET" and not params else PlainTextResponse(
                "missing query: send ?query=SELECT ... or POST the query (application/sparql-query)", status_code=400)
        result = await evaluate(lambda: run_query(graph, query, timeout=timeout, source="query",
                                                  max_results=max_results))
        fmt = choose_format(result.kind, request.headers.get("accept", ""), _one(params, "format") or _one(params, "output"))
        return render(result, fmt)

    async def named(request: Request) -> Response:
        query_name = request.path_params["name"]
        try:
            load_named_query(query_name)
        except QueryError as exc:
            raise HTTPError(404, str(exc)) from None
        values = {k: v for k, v in request.query_params.items() if k != "format"}
        result = await evaluate(lambda: run_named_query(graph, query_name, values, timeout=timeout,
                                                        max_results=max_results))
        fmt = choose_format(result.kind, request.headers.get("accept", ""), request.query_params.get("format"),
                            browser_html=True)
        return render(result, fmt, title=f"{query_name} on {name}")

    async def queries_index(request: Request) -> Response:
        parts = ["<p>Each query answers as an HTML table here, or in a SPARQL results format for other tools "
                 "(<code>?format=json</code>, <code>csv</code>, <code>tsv</code>, <code>xml</code>).</p>"]
        for q in list_named_queries():
            fields = "".join(
                f'<label>{html.escape(p.name)} <input name="{html.escape(p.name)}" '
                f'placeholder="{html.escape(p.description)}"{"" if p.optional else " required"}></label> '
                for p in q.params)
            parts.append(f"<h2 id=\"{html.escape(q.name)}\">{html.escape(q.name)}: {html.escape(q.title)}</h2>"
                         f"<p>{html.escape(q.description)}</p>"
                         f'<form action="/queries/{html.escape(q.name)}" method="get">{fields}<button>Run</button></form>')
        return HTMLResponse(_page(f"Named queries on {name}", "".join(parts)))

    async def view(request: Request) -> Response:
        if "page" not in view_cache:
            def build() -> str:
                from kg.viz import render_html

                return render_html(graph.to_graph())

            view_cache["page"] = await anyio.to_thread.run_sync(build, limiter=limiter)
        return HTMLResponse(view_cache["page"])

    async def index(request: Request) -> Response:
        body = (f"<p>{html.escape(name)}: {len(graph)} triples in {len(graph.graph_names())} named graphs.</p><ul>"
                '<li><a href="/sparql?query=SELECT%20%3Fclass%20(COUNT(%3Fs)%20AS%20%3Fn)%20WHERE%20%7B%20%3Fs%20a%20'
                '%3Fclass%20%7D%20GROUP%20BY%20%3Fclass%20ORDER%20BY%20DESC(%3Fn)">/sparql</a>: the SPARQL 1.1 '
                "Protocol endpoint (read-only; GET or POST)</li>"
                '<li><a href="/queries">/queries</a>: the named queries</li>'
                '<li><a href="/view">/view</a>: the interactive view</li></ul>')
        return HTMLResponse(_page("kg serve", body))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPError)
        return PlainTextResponse(str(exc) + "\n", status_code=exc.status)

    app = Starlette(
        routes=[
            Route("/", index), Route("/sparql", sparql, methods=["GET", "POST"]),
            Route("/queries", queries_index), Route("/queries/{name}", named), Route("/view", view),
        ],
        middleware=[
            Middleware(_AccessLog),
            Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"], allow_headers=["*"],
                       expose_headers=["Content-Type"], max_age=3600),
        ],
        exception_handlers={HTTPError: http_error},
    )
    app.state.workers = graph.workers
    return app


def _one(params: dict[str, list[str]], key: str) -> str | None:
    values = params.get(key)
    return values[0] if values else None


class _AccessLog:
    """One log line per request: client, method, path, status, bytes and milliseconds."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        seen = {"status": 500, "bytes": 0}

        async def sending(message):
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
            elif message["type"] == "http.response.body":
                seen["bytes"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            client = scope.get("client") or ("-", 0)
            path = scope.get("path", "")
            if scope.get("query_string"):
                path += "?" + scope["query_string"].decode("latin-1")[:200]
            log.info('%s "%s %s" %d %dB %.1fms', client[0], scope.get("method", "-"), path, seen["status"],
                     seen["bytes"], 1000 * (time.perf_counter() - started))


# ---------------------------------------------------------------------------------------- serving


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port; ServeError that says what to do when it cannot be had."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise ServeError(f"cannot resolve --host {host} ({exc.strerror}); pass an address such as 127.0.0.1") from None
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        if exc.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
            raise ServeError(f"port {port} on {host} is in use; pass another --port or stop the server using it") from None
        raise ServeError(f"cannot listen on {host}:{port} ({exc.strerror}); pass another --host or --port") from None
    sock.listen(256)
    sock.set_inheritable(True)
    return sock


def serve(app: Starlette, sock: socket.socket) -> None:
    """Run `app` with uvicorn on the bound socket until Ctrl-C (or SIGTERM), then shut down cleanly."""
    import uvicorn

    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", timeout_graceful_shutdown=5)
    server = uvicorn.Server(config)
    with contextlib.closing(sock), contextlib.suppress(KeyboardInterrupt):  # uvicorn re-raises the Ctrl-C it handled
        server.run(sockets=[sock])


def describe(graph: GraphStore, sock: socket.socket) -> str:
    """The line `kg serve` prints when it is ready."""
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"kg serve: http://{shown}:{port}/sparql ({len(graph)} triples); Ctrl-C stops it"


__all__ = ["HTTPError", "bind", "choose_format", "create_app", "describe", "render", "results_xml", "serve"]
