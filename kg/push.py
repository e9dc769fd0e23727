"""`kg push`: put the graph into another SPARQL 1.1 store through the Graph Store HTTP Protocol.

    summary = push(open_graph("graphs/leadership.ttl"), "http://localhost:7878/store")

Each named graph of the kg store (one per source document, plus `DERIVED_GRAPH`) is sent as
N-Triples with `PUT URL?graph=IRI`, which replaces that graph on the server: pushing again after a
rebuild replaces each document's contribution instead of adding to it. With `graph_iri`, the whole
graph goes into that one named graph instead. The URL is the store's Graph Store Protocol endpoint
(Oxigraph: /store, Fuseki: /DATASET/data, GraphDB: /repositories/REPO/rdf-graphs/service,
Virtuoso: /sparql-graph-crud-auth). Credentials come from the environment, never the command
line: `KG_PUSH_USER` and `KG_PUSH_PASSWORD` (HTTP Basic authentication).
"""
from __future__ import annotations

import base64
import logging
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from kg.errors import PushError
from kg.triplestore import GraphStore

log = logging.getLogger(__name__)

USER_ENV = "KG_PUSH_USER"
PASSWORD_ENV = "KG_PUSH_PASSWORD"


@dataclass
class PushSummary:
    """What `push` sent: graph IRI -> triples."""

    endpoint: str
    graphs: dict[str, int] = field(default_factory=dict)

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def _graph_url(endpoint: str, graph_iri: str) -> str:
    joiner = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    return f"{endpoint}{joiner}{urllib.parse.urlencode({'graph': graph_iri})}"


def _credentials(user: str | None, password: str | None) -> dict[str, str]:
    user = os.environ.get(USER_ENV) if user is None else user
    password = os.environ.get(PASSWORD_ENV) if password is None else password
    if not user:
        return {}
    token = base64.b64encode(f"{user}:{password or ''}".encode("utf-8")).decode("ascii")
    return {"Authorization": f"Basic {token}"}


def put_graph(endpoint: str, graph_iri: str, ntriples: bytes, *, headers: dict[str, str], timeout: float) -> None:
    """PUT one named graph (N-Triples) to a Graph Store Protocol endpoint; PushError on failure."""
    request = urllib.request.Request(_graph_url(endpoint, graph_iri), data=ntriples, method="PUT",
                                     headers={"Content-Type": "application/n-triples", **headers})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read()[:300].decode("utf-8", errors="replace").strip().splitlines()
        reason = f" ({detail[0]})" if detail else ""
        if exc.code in (401, 403):
            raise PushError(f"{endpoint} refused the upload with HTTP {exc.code}{reason}; set {USER_ENV} and "
                            f"{PASSWORD_ENV} to an account that may write there") from None
        if exc.code in (404, 405):
            raise PushError(f"{endpoint} answered HTTP {exc.code}{reason}: it is not a Graph Store Protocol endpoint; "
                            "pass the store's graph endpoint, e.g. http://localhost:7878/store for Oxigraph") from None
        raise PushError(f"{endpoint} refused graph <{graph_iri}> with HTTP {exc.code}{reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise PushError(f"cannot reach {endpoint} ({reason}); check --endpoint and that the server is running") from None


def push(graph: GraphStore, endpoint: str, *, graph_iri: str | None = None, user: str | None = None,
         password: str | None = None, timeout: float = 120.0) -> PushSummary:
    """Replace, on the server at `endpoint`, each named graph of `graph` (or, with `graph_iri`,
    that one graph with the whole of it). Returns what was sent."""
    if urllib.parse.urlsplit(endpoint).scheme not in ("http", "https"):
        raise PushError(f"--endpoint {endpoint} is not an http(s) URL; pass e.g. http://localhost:7878/store")
    headers = _credentials(user, password)
    summary = PushSummary(endpoint)
    names = graph.graph_names()
    if graph_iri:
        body = b"".join(graph.graph_triples(name) for name in names)
        put_graph(endpoint, graph_iri, body, headers=headers, timeout=timeout)
        summary.graphs[graph_iri] = len(graph)
        return summary
    for name in names:
        body = graph.graph_triples(name)
        put_graph(endpoint, name, body, headers=headers, timeout=timeout)
        summary.graphs[name] = body.count(b"\n")
        log.info("pushed <%s>: %d triples", name, summary.graphs[name])
    return summary
