"""Check a graph against the contract's SHACL shapes (kg/ontology/shapes.ttl).

`validate(graph)` runs pyshacl with the ontology mixed in (so the shapes on `lkg:Publication` also
reach a node typed `lkg:Book`, and `sh:class` follows `rdfs:subClassOf`) and returns plain data:
whether the graph conforms and one `Violation` per result, sorted so two runs print the same report.

    >>> result = validate(load_graph("graphs/leadership.ttl"))   # doctest: +SKIP
    >>> result.conforms or print(format_violations(result))      # doctest: +SKIP
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor

from kg.errors import GraphFormatError
from kg.namespaces import SH, compact

log = logging.getLogger(__name__)

ONTOLOGY_DIR = Path(__file__).parent / "ontology"
SHAPES_PATH = ONTOLOGY_DIR / "shapes.ttl"
ONTOLOGY_PATH = ONTOLOGY_DIR / "leadership.ttl"
SHAPES_NS = "https://w3id.org/leadership-kg/shapes#"

#: SHACL path operators -> how they print after the path they wrap
_PATH_SUFFIX = {SH.zeroOrMorePath: "*", SH.oneOrMorePath: "+", SH.zeroOrOnePath: "?"}
#: one validation at a time: `_sparql_parsed_once` swaps a method on an rdflib class
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Violation:
    """One SHACL result: which node broke which rule, where, and how badly."""

    focus: str          # the node the rule is about (an IRI, or a literal's text)
    path: str           # the property, as a CURIE or a SPARQL path; "" for a rule on the node itself
    message: str        # what the contract promises, from the shape's sh:message
    severity: str       # "Violation", "Warning" or "Info"
    value: str | None = None   # the offending value, when there is one
    shape: str = ""     # the shape that reported it, e.g. "lks:Entity-labelCount" ("" for nested shapes)
    component: str = ""  # the SHACL constraint, e.g. "sh:MinCountConstraintComponent"


@dataclass
class ValidationResult:
    """Whether a graph meets the contract, and every result that says why not."""

    conforms: bool
    results: list[Violation] = field(default_factory=list)


def _parse(path: Path) -> rdflib.Graph:
    graph = rdflib.Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many types; one message is enough
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise GraphFormatError(
            f"{path}: cannot parse as Turtle ({reason[:200]}); fix the file or restore it from git"
        ) from None
    return graph


@lru_cache(maxsize=1)
def shapes_graph() -> rdflib.Graph:
    """The contract shapes, parsed once per process."""
    return _parse(SHAPES_PATH)


@lru_cache(maxsize=1)
def ontology_graph() -> rdflib.Graph:
    """The leadership ontology, parsed once per process."""
    return _parse(ONTOLOGY_PATH)


def _short(node: rdflib.term.Node | None) -> str:
    """A CURIE for an IRI in a known namespace (shapes get `lks:`), else the IRI; "" for none."""
    if node is None or isinstance(node, BNode):
        return ""
    text = str(node)
    if text.startswith(SHAPES_NS):
        return "lks:" + text[len(SHAPES_NS):]
    if text.startswith(str(SH)):
        return "sh:" + text[len(str(SH)):]
    return compact(text)


def render_path(graph: rdflib.Graph, path: rdflib.term.Node | None) -> str:
    """A SHACL property path as SPARQL path text: `bibo:authorList/rdf:rest*/rdf:first`."""
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return _short(path)
    if (path, RDF.first, None) in graph:
        return "/".join(render_path(graph, step) for step in Collection(graph, path))
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + render_path(graph, inverse)
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(render_path(graph, step) for step in Collection(graph, alternatives)) + ")"
    for operator, suffix in _PATH_SUFFIX.items():
        inner = graph.value(path, operator)
        if inner is not None:
            return render_path(graph, inner) + suffix
    return "?"


def _violations(report: rdflib.Graph) -> list[Violation]:
    found = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
        severity = report.value(node, SH.resultSeverity)
        value = report.value(node, SH.value)
        found.append(Violation(
            focus=str(report.value(node, SH.focusNode) or ""),
            path=render_path(report, report.value(node, SH.resultPath)),
            message="; ".join(messages),
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            value=str(value) if isinstance(value, (URIRef, Literal)) else None,
            shape=_short(report.value(node, SH.sourceShape)),
            component=_short(report.value(node, SH.sourceConstraintComponent)),
        ))
    return sorted(set(found), key=lambda v: (v.focus, v.path, v.shape, v.message, v.value or ""))


@lru_cache(maxsize=128)
def _prepared(text: str, namespaces: tuple[tuple[str, str], ...]):
    return prepareQuery(text, initNs=dict(namespaces))


@contextmanager
def _sparql_parsed_once() -> Iterator[None]:
    """Parse each SPARQL text once while pyshacl runs.

    pyshacl sends a SHACL-SPARQL constraint to rdflib as text once per focus node, and rdflib parses
    it every time (~0.1 s each: a minute on the seed graph). This memoises text -> prepared query
    for the duration of the `with`, then puts rdflib back as it was.
    """
    original = SPARQLProcessor.query

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
        if isinstance(strOrQuery, str) and base is None:
            namespaces = tuple(sorted((prefix, str(ns)) for prefix, ns in (initNs or {}).items()))
            strOrQuery = _prepared(strOrQuery, namespaces)
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    SPARQLProcessor.query = query
    try:
        yield
    finally:
        SPARQLProcessor.query = original


def validate(graph: rdflib.Graph) -> ValidationResult:
    """Check `graph` against kg/ontology/shapes.ttl; the graph itself is left unchanged."""
    import pyshacl  # imported here: it is slow to import and only validation needs it
    from pyshacl.errors import ReportableRuntimeError

    if len(graph) == 0:  # every shape holds on nothing; an empty file is no graph under the contract
        return ValidationResult(conforms=False, results=[Violation(
            focus="", path="", severity="Violation",
            message="the graph is empty: it has no triples, so it describes no documents; build one with kg build")])

    try:
        with _LOCK, _sparql_parsed_once():
            conforms, report, _ = pyshacl.validate(
                graph,
                shacl_graph=shapes_graph(),
                ont_graph=ontology_graph(),
                inference="none",
                advanced=True,
                allow_warnings=False,
            )
    except ReportableRuntimeError as exc:
        raise GraphFormatError(
            f"{SHAPES_PATH}: pyshacl cannot run these shapes ({str(exc).strip()[:200]}); fix the shapes file"
        ) from None
    results = _violations(report)
    log.debug("validated %d triples: %d results", len(graph), len(results))
    return ValidationResult(conforms=bool(conforms), results=results)


def _show(text: str) -> str:
    return compact(text) if text.startswith("http") else repr(text)


def format_violations(result: ValidationResult, limit: int = 20) -> str:
    """A short report: one line per result, the first `limit` of them, and how many more there are."""
    if result.conforms and not result.results:
        return "conforms: the graph meets every shape in kg/ontology/shapes.ttl"
    total = len(result.results)
    head = "conforms" if result.conforms else "does not conform"
    lines = [f"{head}: {total} result{'s' if total != 1 else ''} against kg/ontology/shapes.ttl"]
    for v in result.results[:limit]:
        where = f"{_show(v.focus) if v.focus else 'the graph'} {v.path}".rstrip()
        value = f" (value: {_show(v.value)})" if v.value is not None and v.value != v.focus else ""
        rule = f" [{v.shape}]" if v.shape else ""
        lines.append(f"- {v.severity}: {where}: {v.message}{value}{rule}")
    if total > limit:
        lines.append(f"... and {total - limit} more")
    return "\n".join(lines)
