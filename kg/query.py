"""Read-only SPARQL over a kg graph, the named queries that ship with kg, and the result formats.

    graph = open_graph("graphs/leadership.ttl")    # a kg store (kg.triplestore), or an rdflib graph
    result = run_named_query(graph, "coauthors", {"person": "Maria Lind"})
    print(format_result(result, "csv"))

Queries are prepared with the project's prefixes (`kg.namespaces.PREFIXES`) already declared, so
`lkg:Person` works without a PREFIX line. Values go in as terms, never by pasting text into the
query: a named query's parameter `person` is bound to `?person_name` (Oxigraph's `substitutions`
on a store, rdflib's `initBindings` on an rdflib graph).

Safety: `run_query` only reads. SPARQL Update goes through `run_update`, which writes a new file.
Every query is parsed by rdflib first and refused there, before any store or graph is touched, when
it holds `SERVICE`, `LOAD`, `FROM`, `FROM NAMED`, `USING` or `USING NAMED` (everything that would
make Oxigraph or rdflib fetch a URL or read another file), by walking the parsed query.

Time limit: on a store, the query is evaluated by Oxigraph in a forked child process (a few ms) that
is killed when the time is up; Oxigraph's native evaluation cannot be interrupted from Python. On an
rdflib graph it is evaluated in a worker thread, and an exception raised inside that thread stops
rdflib's pure-Python evaluation at its next step; `REGEX` and `REPLACE` run inside Python's C regex
engine, which a thread cannot interrupt, so such a query goes to a forked child there too.

Oxigraph stores typed literals in canonical form: `"0.60"^^xsd:decimal` reads back as `0.6`.

Writing a named query (kg/queries/NAME.rq): start with `# title:`, `# description:` and one
`# param: NAME = what it is` line per parameter (`# param: NAME (optional) = ...` for an optional
one); the query reads the value as `?NAME_name`. rdflib evaluates a group's triple patterns in an
order it fixes before it knows any value, starting with those that have the fewest variables, and
applies a group's FILTERs only at its end. So: find the parameter's entity in a first `{ ... FILTER }`
group; start the next pattern with a one-variable triple on that entity (`?person a lkg:Person .`);
check the class of any other variable with `?x a ?c . FILTER(?c = lkg:Concept)` rather than
`?x a lkg:Concept`, which rdflib would evaluate first, pairing every concept with everything; count
in a sub-SELECT with `HAVING (BOUND(?key))` (rdflib yields one empty row for an empty GROUP BY);
test an optional parameter with `COALESCE(STR(?x_name), "") = ""`, not `!BOUND(?x_name)` (Oxigraph
substitutes values into expressions, but BOUND reads the variable); and ORDER BY every column, so every run prints the same rows. bench/bench_query.py times them.

On a kg store a named query is sped up three ways, none of which changes its rows: a parameterless
one is answered from the view worked out when the store was created (kg.views); a
`# lookup: PARAM -> ?VARIABLE (name|document)` line lets the store bind `?VARIABLE` to the one term
its index of names holds for the parameter (QueryLookup says what the query must then do), so that
Oxigraph starts from it instead of lower-casing every label in the graph; and its rows are put in
ORDER BY order in Python (`sort_rows`), because Oxigraph 0.5 reads both sort keys from disk at each
comparison. For Oxigraph, join a property of thousands of rows through a sub-SELECT in an OPTIONAL
(`OPTIONAL { SELECT ?x ?title WHERE { ?x dcterms:title ?title } }`): it then reads the property once
and joins by hash instead of one disk seek per row (cited-by); but only where the variable it joins
on is bound for certain on the left (inside the same OPTIONAL as the pattern binding it), or
Oxigraph joins without a key, every row with every title.
"""
from __future__ import annotations

import contextlib
import csv
import ctypes
import decimal
import difflib
import gc
import io
import json
import logging
import multiprocessing
import os
import pickle
import queue
import re
import select
import signal
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator, Literal as Choice, Mapping, TypeVar

import pyoxigraph as ox
import rdflib
from pyparsing import ParseBaseException
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.processor import prepareQuery, prepareUpdate
from rdflib.term import BNode, Identifier, Literal, URIRef, Variable

from kg.errors import QueryError, QueryRefused, QueryTimeout, ResultTooLarge
from kg.namespaces import PREFIXES, compact
from kg.store import READ_FORMATS, bind_prefixes, write_atomic
from kg.triplestore import GraphStore, load_rdflib, to_oxigraph, to_rdflib
from kg.views import _no_gc, find, read_view

log = logging.getLogger(__name__)

T = TypeVar("T")

#: where the named queries live, one `.rq` file each
QUERIES_DIR = Path(__file__).resolve().parent / "queries"

FORMATS = ("table", "csv", "tsv", "json", "ttl")
Format = Choice["table", "csv", "tsv", "json", "ttl"]

#: widest cell the text table prints before cutting it with an ellipsis
TABLE_CELL_WIDTH = 80

_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = _XSD + "string"


# ---------------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class QueryResult:
    """A fully evaluated result: rows for SELECT, a boolean for ASK, triples for CONSTRUCT/DESCRIBE.

    `rows` keep the query's order; an unbound cell is None. `triples` are sorted.
    """

    kind: Choice["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"]
    vars: tuple[str, ...] = ()
    rows: tuple[tuple[Identifier | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[tuple[Identifier, Identifier, Identifier], ...] = ()

    def __len__(self) -> int:
        return len(self.triples) if self.is_graph else len(self.rows)

    @property
    def is_graph(self) -> bool:
        return self.kind in ("CONSTRUCT", "DESCRIBE")

    def graph(self) -> rdflib.Graph:
        """The CONSTRUCT/DESCRIBE triples as an rdflib graph with the project's prefixes bound."""
        g = bind_prefixes(rdflib.Graph())
        for triple in self.triples:
            g.add(triple)
        return g

    def dicts(self) -> list[dict[str, Identifier]]:
        """SELECT rows as {variable: term} dicts, unbound variables left out."""
        return [{v: t for v, t in zip(self.vars, row) if t is not None} for row in self.rows]


@dataclass(frozen=True)
class UpdateSummary:
    """What `run_update` wrote."""

    output: Path
    triples_before: int
    triples_after: int


# ---------------------------------------------------------------------------------------- parsing


@dataclass(frozen=True)
class _Prepared:
    """A parsed, checked query or update, with what evaluation needs to know about it."""

    parsed: Any  # rdflib Query or Update
    variables: frozenset[str]
    needs_process: bool  # uses REGEX/REPLACE, which a thread cannot interrupt
    kind: str = ""  # SELECT, ASK, CONSTRUCT or DESCRIBE for a query


def _walk(node: Any) -> Iterator[Any]:
    """Every value inside a parsed query or update: CompValues, lists, dicts, terms."""
    stack = [node]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        if isinstance(item, Mapping):  # CompValue is a dict; so are update quads
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            stack.extend(item)


def _refusal(source: str, node: CompValue) -> str | None:
    """Why kg refuses this part of a query, or None when it is harmless."""
    name = node.name
    if name == "ServiceGraphPattern":
        return (f"{source}: SERVICE {_iri(node.term)} is refused: kg queries read only the graph file "
                "they are given and never contact a server; drop the SERVICE block")
    if name == "Load":
        return (f"{source}: LOAD {_iri(node.iri)} is refused: kg never fetches a URL or reads another file "
                "during an update; merge the file into your graph before querying it")
    if name in ("DatasetClause", "UsingClause"):
        keyword = "FROM" if name == "DatasetClause" else "USING"
        if node.named is not None:
            return (f"{source}: {keyword} NAMED {_iri(node.named)} is refused: kg does not load other graphs; "
                    "pass the file you want to query as GRAPH and drop the clause")
        return (f"{source}: {keyword} {_iri(node.default)} is refused: kg queries the GRAPH file only; "
                "drop the clause and pass the file you want to query as GRAPH")
    return None


def _iri(term: Any) -> str:
    if isinstance(term, Variable):
        return f"?{term}"
    return f"<{term}>" if isinstance(term, URIRef) else str(term)


def _check(source: str, parsed: Any) -> _Prepared:
    """Refuse what would reach outside the graph; note variables and whether a process is needed."""
    root = parsed.algebra
    variables: set[str] = set()
    needs_process = False
    for node in _walk(root):
        if isinstance(node, CompValue):
            reason = _refusal(source, node)
            if reason:
                raise QueryRefused(reason)
            if node.name in ("Builtin_REGEX", "Builtin_REPLACE"):
                needs_process = True
        elif isinstance(node, Variable):
            variables.add(str(node))
    kind = getattr(root, "name", "").replace("Query", "").upper()
    return _Prepared(parsed, frozenset(variables), needs_process, kind)


#: rdflib's SPARQL parser (pyparsing) is not thread-safe: kg serve parses in many threads at once
_PARSE_LOCK = threading.RLock()


@lru_cache(maxsize=256)
def _prepare_query(text: str, source: str) -> _Prepared:
    """Parse and check a query once; later calls with the same text reuse it."""
    try:
        with _PARSE_LOCK:
            parsed = prepareQuery(text, initNs=PREFIXES)
    except ParseBaseException as exc:
        if _is_update(text):
            raise QueryRefused(
                f"{source}: this is a SPARQL Update and kg queries are read-only; "
                "pass --update -o NEW_FILE (or call run_update) to write the changed graph to a new file"
            ) from None
        raise _syntax_error(source, text, exc) from None
    except Exception as exc:  # rdflib reports prefix and algebra errors as plain Exceptions
        raise _semantic_error(source, text, exc) from None
    return _check(source, parsed)


@lru_cache(maxsize=64)
def _prepare_update(text: str, source: str) -> _Prepared:
    try:
        with _PARSE_LOCK:
            parsed = prepareUpdate(text, initNs=PREFIXES)
    except ParseBaseException as exc:
        if _is_query(text):
            raise QueryError(f"{source}: this is a query, not an update; run it without --update") from None
        raise _syntax_error(source, text, exc, update=True) from None
    except Exception as exc:
        raise _semantic_error(source, text, exc) from None
    return _check(source, parsed)


def _is_update(text: str) -> bool:
    try:
        with _PARSE_LOCK:
            parseUpdate(text)
    except Exception:
        return False
    return True


def _is_query(text: str) -> bool:
    try:
        with _PARSE_LOCK:
            parseQuery(text)
    except Exception:
        return False
    return True


#: pyparsing's names for what it expected, in words
_EXPECTED = {
    "SelectQuery": "a complete SELECT query",
    "{SelectQuery | ConstructQuery | DescribeQuery | AskQuery}": "SELECT, CONSTRUCT, DESCRIBE or ASK",
}


def _syntax_error(source: str, text: str, exc: ParseBaseException, update: bool = False) -> QueryError:
    """'query.rq: line 3, column 14: expected ..., found ...' from pyparsing's exception."""
    lines = text.splitlines() or [""]
    line_no = min(max(exc.lineno, 1), len(lines))
    line = lines[line_no - 1]
    rest = line[exc.col - 1:].split()
    found = f"found {rest[0][:30]!r}" if rest else "found the end of the line"
    expected = re.sub(r"^Expected\s+", "", str(exc.msg))
    if update and expected == "end of text":
        expected = "a complete update operation (INSERT DATA, DELETE DATA, DELETE/INSERT ... WHERE, ...)"
    expected = f"expected {_EXPECTED.get(expected, expected)}"
    hint = "check the SPARQL Update syntax" if update else "check the SPARQL syntax near there"
    return QueryError(f"{source}: line {exc.lineno}, column {exc.col}: {expected}, {found}; {hint}")


def _semantic_error(source: str, text: str, exc: Exception) -> QueryError:
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    prefix = re.match(r"Unknown namespace prefix\s*:\s*(\S*)", reason)
    if prefix:
        name = prefix.group(1)
        known = ", ".join(sorted(PREFIXES))
        where = _locate(text, re.compile(rf"(?<![\w<#:/.-]){re.escape(name)}:"))
        return QueryError(
            f"{source}: {where}unknown prefix '{name}:'; declare it with PREFIX {name}: <...> "
            f"or use one kg declares for you: {known}"
        )
    return QueryError(f"{source}: {reason[:300]}")


def _locate(text: str, pattern: re.Pattern[str]) -> str:
    """'line L, column C: ' of the first match of pattern outside comments, or ''."""
    for number, line in enumerate(text.splitlines(), 1):
        match = None if line.lstrip().startswith("#") else pattern.search(line)
        if match:
            return f"line {number}, column {match.start() + 1}: "
    return ""


# ---------------------------------------------------------------------------------------- running


def check_query(query: str, source: str = "query", *, timeout: float = 30.0) -> None:
    """Parse a query and apply the safety rules without a graph: QueryError for a syntax error, an
    update, or a SERVICE/LOAD/FROM clause. Lets a caller refuse a query before loading anything.
    Parsing counts against `timeout` (a query of 20,000 terms takes rdflib's parser minutes)."""
    _prepare_within(query, source, timeout)


def _prepare_within(text: str, source: str, timeout: float, update: bool = False) -> _Prepared:
    """`_prepare_query` (or `_prepare_update`) stopped with QueryTimeout when it takes longer than
    `timeout`: rdflib's parser is pure Python, so a thread can be stopped inside it."""
    prepare = _prepare_update if update else _prepare_query
    return _call_in_thread(lambda: prepare(text, source), timeout)


def run_query(
    graph: rdflib.Graph | GraphStore,
    query: str,
    *,
    bindings: Mapping[str, str] | None = None,
    timeout: float = 30.0,
    source: str = "query",
    max_results: int | None = None,
    sort_rows: bool = False,
) -> QueryResult:
    """Evaluate a read-only SPARQL query against `graph`: a kg store (Oxigraph) or an rdflib graph.

    `bindings` maps variable names (without `?`) to values, bound as plain literals (initBindings in
    rdflib, `substitutions` in Oxigraph). `source` names the query in error messages (a file name,
    say). `max_results` caps the rows (or triples) a result may have. Raises QueryError for a syntax
    error (with line and column), an update, a refused clause, a timeout or a result over the cap.
    On a store the query runs in a forked child that is killed when the time is up (Oxigraph's
    evaluation cannot be interrupted from Python); without fork, in a thread.

    `sort_rows=True` lets a store put the rows in the ORDER BY's order in Python instead of in
    Oxigraph, which reads every sort key from disk again at each comparison (0.15 s for 4,000 rows
    ordered by title): the same order, checked (see `_sort_packed`); the named queries use it.
    """
    started = time.perf_counter()
    try:
        result = _run_within(graph, query, bindings, timeout, source, max_results, started, sort_rows)
    except QueryTimeout:
        raise timeout_error(timeout) from None  # the whole limit, parsing and evaluation together
    log.debug("%s: %d results in %.3f s", source, len(result), time.perf_counter() - started)
    return result


def _run_within(graph: rdflib.Graph | GraphStore, query: str, bindings: Mapping[str, Any] | None, timeout: float,
                source: str, max_results: int | None, started: float, sort_rows: bool = False) -> QueryResult:
    prepared = _prepare_within(query, source, timeout)  # parsing is part of the time allowed
    init = _init_bindings(bindings, prepared, source)
    timeout = max(timeout - (time.perf_counter() - started), 0.01)
    if isinstance(graph, GraphStore) and graph.workers is not None:
        result = _unpack(graph.workers.run(query, source, init, max_results, timeout, sort_rows))
    elif isinstance(graph, GraphStore):
        evaluate = _call_in_process if hasattr(os, "fork") else _call_in_thread
        result = _unpack(evaluate(
            lambda: _evaluate_store(graph, query, prepared, init, source, max_results, sort_rows), timeout))
    else:
        evaluate = _call_in_process if prepared.needs_process and hasattr(os, "fork") else _call_in_thread
        result = evaluate(lambda: _capped(_evaluate(graph, prepared, init, source), max_results), timeout)
    return result


#: the project's prefixes as Oxigraph takes them
_OX_PREFIXES = {name: str(ns) for name, ns in PREFIXES.items()}


def _too_many(max_results: int) -> QueryError:
    return ResultTooLarge(f"the result has more than {max_results} rows; narrow the query or add LIMIT {max_results}")


def _capped(result: QueryResult, max_results: int | None) -> QueryResult:
    if max_results is not None and len(result) > max_results:
        raise _too_many(max_results)
    return result


#: what the scan for the top-level SELECT and GROUP BY skips (strings, IRIs, comments) and counts (braces)
_SKIP_AND_BRACES = (
    r'(?P<skip>"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'" r'|<[^<>"{}|^`\\\x00-\x20]*>|\#[^\n]*)'
    r"|(?P<open>\{)|(?P<close>\})"
)
_QUERY_TOKENS = re.compile(
    _SKIP_AND_BRACES +
    r"|(?P<select>\bSELECT\b(?:\s+(?:DISTINCT|REDUCED)\b)?(?P<star>\s*\*)?)|(?P<group>\bGROUP\s+BY\b)",
    re.IGNORECASE,
)


def _project_bound(text: str, prepared: _Prepared, names: list[str]) -> tuple[str, set[str]]:
    """The query with the bound variables `names` added to its top-level projection (and GROUP BY).

    Oxigraph substitutes a value for a variable only when the SELECT projects it (SEP-0007), while
    kg's parameters are read inside the pattern. Only variable names (letters, digits, _) are written
    into the text; the values still go in as `substitutions`. Returns the text and the added names,
    whose columns are dropped from the result.
    """
    if prepared.kind != "SELECT" or not names:
        return text, set()
    projected = [str(v) for v in (prepared.parsed.algebra.get("PV") or ())]
    missing = [n for n in names if n not in projected]
    if not missing:
        return text, set()
    depth, edits, select_done = 0, [], False
    added = "".join(f" ?{n}" for n in missing)
    for match in _QUERY_TOKENS.finditer(text):
        if match.group("open"):
            depth += 1
        elif match.group("close"):
            depth -= 1
        elif match.group("select") and depth == 0 and not select_done:
            select_done = True
            if match.group("star"):  # SELECT * projects what the pattern binds: spell it out
                edits.append((match.start("star"), match.end("star"), "".join(f" ?{v}" for v in projected)))
            edits.append((match.end(), match.end(), added))
        elif match.group("group") and depth == 0:
            edits.append((match.end(), match.end(), added))
    for start, end, insert in sorted(edits, reverse=True):
        text = text[:start] + insert + text[end:]
    return text, set(missing)


#: a result as it crosses from the process that evaluated it: (kind, variables, rows or triples,
#: boolean), every term a small tuple (see _pack), which pickles ten times faster than rdflib terms
_Packed = tuple


def _pack(term: Any) -> tuple | None:
    """An Oxigraph term as a tuple of strings: (0, IRI), (1, blank node id), (2, value, datatype),
    (3, value, language) or (4, value) for a plain string."""
    kind = type(term)  # exact types first: a listing packs tens of thousands of terms
    if kind is ox.NamedNode:
        return (0, term.value)
    if kind is ox.Literal:
        if term.language:
            return (3, term.value, term.language)
        datatype = term.datatype.value
        return (4, term.value) if datatype == _XSD_STRING else (2, term.value, datatype)
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return (0, term.value)
    if isinstance(term, ox.BlankNode):
        return (1, term.value)
    if isinstance(term, ox.Literal):
        return _pack_literal(term)
    return (5, to_rdflib(term))  # RDF-star: to_rdflib raises the error that says what to do


def _pack_literal(term: Any) -> tuple:
    if term.language:
        return (3, term.value, term.language)
    datatype = term.datatype.value
    return (4, term.value) if datatype == _XSD_STRING else (2, term.value, datatype)


def _fast_uri(value: str) -> URIRef:
    return str.__new__(URIRef, value)


def _fast_plain_literal(value: str) -> Literal:
    term = str.__new__(Literal, value)
    term._language = None
    term._datatype = None
    term._value = value
    term._ill_typed = None
    return term


def _same_terms(made: Identifier, expected: Identifier) -> bool:
    slots = ("_language", "_datatype", "_value", "_ill_typed") if isinstance(expected, Literal) else ()
    return (type(made) is type(expected) and str(made) == str(expected) and made == expected
            and hash(made) == hash(expected) and all(getattr(made, a) == getattr(expected, a) for a in slots))


#: An IRI or a plain string from Oxigraph, which checked it, needs none of the checks rdflib's
#: constructors make (10 and 20 times the cost: half the time of reading back a listing of 8,000
#: rows); a term built without them, with the fields rdflib's constructor gives it. Checked
#: against rdflib's own constructors on import, so another rdflib version falls back to them.
_PROBES = ("https://w3id.org/leadership-kg/id/person/x", "urn:isbn:0451450523", "", "Ünïcode ✓ with spaces\nand lines", "42")
if (all(_same_terms(_fast_uri(v), URIRef(v)) for v in _PROBES[:2])
        and all(_same_terms(_fast_plain_literal(v), Literal(v)) for v in _PROBES)):
    uri, plain_literal = _fast_uri, _fast_plain_literal
else:  # pragma: no cover - another rdflib
    uri, plain_literal = URIRef, Literal


def unpack_term(t: tuple) -> Identifier:
    """The rdflib term of a packed one (see _pack)."""
    code = t[0]
    return (uri(t[1]) if code == 0 else BNode(t[1]) if code == 1
            else Literal(t[1], datatype=URIRef(t[2])) if code == 2
            else Literal(t[1], lang=t[2]) if code == 3 else plain_literal(t[1]))


def _unpack(packed: _Packed) -> QueryResult:
    """The QueryResult of a packed result, with rdflib terms (each distinct typed or tagged literal
    built once; IRIs and plain strings cost less to build than to look up)."""
    kind, names, items, boolean = packed
    if kind == "ASK":
        return QueryResult("ASK", boolean=boolean)
    made: dict[tuple, Identifier] = {}
    make_uri, make_plain = uri, plain_literal

    def term(t: tuple | None) -> Identifier | None:
        if t is None:
            return None
        code = t[0]
        if code == 0:
            return make_uri(t[1])
        if code == 4:
            return make_plain(t[1])
        found = made.get(t)
        if found is None:
            found = made[t] = unpack_term(t)
        return found

    if kind in ("CONSTRUCT", "DESCRIBE"):
        return QueryResult(kind, triples=tuple(sorted({tuple(term(x) for x in triple) for triple in items})))
    with _no_gc():
        rows = tuple(tuple([term(x) for x in row]) for row in items)
    return QueryResult("SELECT", vars=names, rows=rows)


def _evaluate_store(graph: GraphStore, text: str, prepared: _Prepared, init: dict[Variable, Identifier],
                    source: str, max_results: int | None, sort_rows: bool = False) -> _Packed:
    """Run the query on Oxigraph over the union of the store's graphs and read every result (packed).
    With `sort_rows`, a query whose ORDER BY `_python_order` can take is run without it and its rows
    sorted here; when `_sort_packed` cannot be sure of Oxigraph's order, it is run as written."""
    order = _python_order(text, prepared) if sort_rows else None
    if order is not None:
        unordered, conditions = order
        packed = _evaluate_oxigraph(graph, unordered, prepared, init, source, max_results)
        rows = _sort_packed(packed[2], packed[1], conditions)
        if rows is not None:
            return (packed[0], packed[1], rows, packed[3])
        log.debug("%s: rows sorted by Oxigraph (their order is not one kg reproduces)", source)
    return _evaluate_oxigraph(graph, text, prepared, init, source, max_results)


def _evaluate_oxigraph(graph: GraphStore, text: str, prepared: _Prepared, init: dict[Variable, Identifier],
                       source: str, max_results: int | None) -> _Packed:
    substitutions = {ox.Variable(str(var)): to_oxigraph(term) for var, term in init.items()}
    text, added = _project_bound(text, prepared, [str(v) for v in init])
    limit = max_results if max_results is not None else -1
    try:
        result = graph.store.query(text, prefixes=_OX_PREFIXES, use_default_graph_as_union=True,
                                   substitutions=substitutions or None)
        if isinstance(result, ox.QueryBoolean):
            return ("ASK", (), (), bool(result))
        if isinstance(result, ox.QueryTriples):
            triples = []
            for triple in result:
                if len(triples) == limit:
                    raise _too_many(limit)
                triples.append((_pack(triple.subject), _pack(triple.predicate), _pack(triple.object)))
            return ("DESCRIBE" if prepared.kind == "DESCRIBE" else "CONSTRUCT", (), triples, None)
        columns = [i for i, v in enumerate(result.variables) if v.value not in added]
        names = tuple(result.variables[i].value for i in columns)
        rows = []
        every = len(columns) == len(result.variables)
        empty = (None,) * len(columns)
        for solution in result:
            row = tuple(map(_pack, solution)) if every else tuple([_pack(solution[i]) for i in columns])
            if row != empty:  # like the rdflib path: no empty solutions
                if len(rows) == limit:
                    raise _too_many(limit)
                rows.append(row)
        return ("SELECT", names, rows, None)
    except QueryError:
        raise
    except Exception as exc:  # Oxigraph raises SyntaxError, OSError, ValueError while evaluating
        raise _evaluation_error(source, exc) from None


# ---------------------------------------------------------------------------------------- ORDER BY in Python

#: the top-level ORDER BY, and what would make cutting it off change the result
_ORDER_TOKENS = re.compile(
    _SKIP_AND_BRACES + r"|(?P<order>\bORDER\s+BY\b)|(?P<tail>\b(?:LIMIT|OFFSET|VALUES)\b)",
    re.IGNORECASE,
)


def _python_order(text: str, prepared: _Prepared) -> tuple[str, list[tuple[str, bool]]] | None:
    """(the query without its ORDER BY, [(variable, descending), ...]) when the rows can be put in
    order after Oxigraph has evaluated it without one: a SELECT [DISTINCT] whose ORDER BY is the
    last clause and names projected variables only. Else None."""
    if prepared.kind != "SELECT":
        return None
    algebra = prepared.parsed.algebra
    node = algebra.get("p")
    if getattr(node, "name", None) == "Distinct":
        node = node.get("p")
    if getattr(node, "name", None) != "Project":
        return None
    node = node.get("p")
    if getattr(node, "name", None) != "OrderBy":
        return None
    projected = {str(v) for v in (algebra.get("PV") or ())}
    conditions: list[tuple[str, bool]] = []
    for condition in node.expr:
        expr = condition if isinstance(condition, Variable) else getattr(condition, "expr", None)
        if not isinstance(expr, Variable) or str(expr) not in projected:
            return None
        conditions.append((str(expr), getattr(condition, "order", None) == "DESC"))
    depth, cut = 0, None
    for match in _ORDER_TOKENS.finditer(text):
        if match.group("open"):
            depth += 1
        elif match.group("close"):
            depth -= 1
        elif depth == 0 and match.group("order"):
            cut = match.start()
        elif depth == 0 and match.group("tail"):
            return None
    if cut is None:
        return None
    return text[:cut], conditions


_NUMBER_TYPES = {_XSD + "integer", _XSD + "decimal"}
#: the range of Oxigraph's xsd:integer (i64) and of its xsd:decimal (i128 with 18 decimals), inside
#: which it compares values (a literal outside it is ill-formed to Oxigraph: kg does not reorder it)
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?\d*\.\d{1,18}|[+-]?\d+")
_GYEAR = re.compile(r"-?\d{4,}")  # without a time zone


def _literal_family(cell: tuple) -> str | None:
    """How Oxigraph 0.5 orders this packed literal against the others of its column:
    - 'text': compared as (value, datatype, language): what Oxigraph does for two strings, two
      strings of one language, and every pair it has no comparison by value for (a string and a
      number, two booleans, ...); xsd:string, language-tagged strings and booleans;
    - 'number' (xsd:integer and xsd:decimal, by value), 'double', 'year' (xsd:gYear without a time
      zone, by value), 'year4' (such a year of four digits, whose order by value is the order of its
      text: 'text' beside strings, 'year' beside other years; see `_column_family`);
    - None for anything else (dates, durations, other types), which kg does not reorder."""
    code = cell[0]
    if code in (3, 4):
        return "text"
    datatype, value = cell[2], cell[1]
    if datatype in _NUMBER_TYPES:
        if datatype == _XSD + "integer":
            return "number" if _INTEGER.fullmatch(value) and -(2 ** 63) <= int(value) < 2 ** 63 else None
        return "number" if _DECIMAL.fullmatch(value) and abs(decimal.Decimal(value)) < 10 ** 20 else None
    if datatype == _XSD + "double":
        try:
            number = float(value)
        except ValueError:
            return None
        return None if number != number else "double"  # NaN is not ordered
    if datatype == _XSD + "gYear":
        return ("year4" if len(value) == 4 and value.isdigit() else "year") if _GYEAR.fullmatch(value) else None
    if datatype == _XSD + "boolean":
        return "text" if value in ("true", "false") else None
    return None


def _column_family(families: set[str | None]) -> str | None:
    """The one family a column's literals are compared in, or None when Oxigraph's order of them is
    not one order (see `_literal_family`)."""
    if None in families:
        return None
    if "year" in families and families <= {"year", "year4"}:
        return "year"
    families = {"text" if f == "year4" else f for f in families}
    return families.pop() if len(families) == 1 else None if families else "text"


def _literal_key(cell: tuple, family: str) -> Any:
    if family == "text":
        return (cell[1], _RDF_LANG_STRING, cell[2]) if cell[0] == 3 else (cell[1], cell[2] if cell[0] == 2 else _XSD + "string", "")
    if family == "number":
        return decimal.Decimal(cell[1])
    if family == "double":
        return float(cell[1])
    return int(cell[1])  # year


_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _sort_packed(rows: list[tuple], names: tuple[str, ...], conditions: list[tuple[str, bool]]) -> list[tuple] | None:
    """`rows` (packed) in the order Oxigraph 0.5's ORDER BY gives them (spareval `cmp_terms`: unbound,
    then blank nodes, then IRIs, then literals; literals compared by value within a family), or None
    when that order is not certain: a column mixes literal families (Oxigraph then compares some pairs
    by value and some as text, which is no order at all: its result depends on the sorting algorithm,
    and Rust's sort may even stop with "does not correctly implement a total order"), holds a type kg
    does not model, or two different rows tie on every key (Oxigraph's sort is not stable). See
    `_literal_family`; tests/test_query_store.py checks the order against Oxigraph's."""
    index = {name: i for i, name in enumerate(names)}
    columns: list[list[Any]] = []
    for name, _ in conditions:
        i = index[name]
        cells = [row[i] for row in rows]
        codes = {cell[0] if cell is not None else None for cell in cells}
        if codes == {0} or codes == {4}:  # only IRIs, or only plain strings: their text is the key
            columns.append([cell[1] for cell in cells])
            continue
        family = _column_family({_literal_family(cell) for cell in cells if cell is not None and cell[0] >= 2})
        if family is None:
            return None
        columns.append([(0,) if cell is None else (2 - cell[0], cell[1]) if cell[0] < 2  # blank node 1, IRI 2
                        else (3, _literal_key(cell, family)) for cell in cells])
    keyed = list(zip(zip(*columns), rows))
    if not any(descending for _, descending in conditions):
        keyed.sort(key=lambda item: item[0])
    else:
        for position in reversed(range(len(conditions))):  # stable sorts, last key first
            keyed.sort(key=lambda item: item[0][position], reverse=conditions[position][1])
    for (key_a, row_a), (key_b, row_b) in zip(keyed, keyed[1:]):
        if key_a == key_b and row_a != row_b:
            return None
    return [row for _, row in keyed]


def _init_bindings(bindings: Mapping[str, Any] | None, prepared: _Prepared, source: str) -> dict[Variable, Identifier]:
    init: dict[Variable, Identifier] = {}
    for name, value in (bindings or {}).items():
        key = str(name).lstrip("?$")
        if not re.fullmatch(r"\w+", key):
            raise QueryError(f"{source}: cannot bind '{name}': a variable name is letters, digits and _")
        if key not in prepared.variables:
            used = ", ".join(f"?{v}" for v in sorted(prepared.variables)) or "none"
            raise QueryError(f"{source}: the query has no variable ?{key} to bind; its variables: {used}")
        init[Variable(key)] = value if isinstance(value, Identifier) else Literal(str(value))
    return init


def _evaluate(graph: rdflib.Graph, prepared: _Prepared, init: dict[Variable, Identifier], source: str) -> QueryResult:
    """Run the query and read every result, so the time limit covers the whole evaluation."""
    try:
        result = graph.query(prepared.parsed, initBindings=init)
        if result.type == "ASK":
            return QueryResult("ASK", boolean=bool(result.askAnswer))
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return QueryResult(result.type, triples=tuple(sorted(result.graph)))  # type: ignore[arg-type]
        names = tuple(str(v) for v in result.vars or ())
        # like iterating an rdflib Result, leave out empty solutions (rdflib yields one for an empty GROUP BY)
        rows = tuple(tuple(b.get(Variable(v)) for v in names) for b in result.bindings if b)
        return QueryResult("SELECT", vars=names, rows=rows)
    except QueryError:
        raise
    except Exception as exc:  # rdflib raises bare Exceptions while evaluating
        raise _evaluation_error(source, exc) from None


def _evaluation_error(source: str, exc: Exception) -> QueryError:
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "requiring a dataset" in reason:
        return QueryError(f"{source}: GRAPH patterns need named graphs, and kg loads every file into one "
                          "default graph; drop the GRAPH block")
    return QueryError(f"{source}: evaluation failed: {reason[:300]}")


def timeout_error(timeout: float) -> QueryError:
    """The one-line error of a query stopped after `timeout` seconds, with what to do."""
    return QueryTimeout(f"query stopped after {timeout:g} s; narrow it with LIMIT or raise --timeout")


class _Stop(BaseException):
    """Raised inside a worker thread to stop a query that ran out of time (BaseException so that
    rdflib's `except Exception` blocks do not swallow it)."""


def _call_in_thread(work: Callable[[], T], timeout: float) -> T:
    """Run `work` in a daemon thread; stop it from outside if it is not done within `timeout`."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            try:
                box["value"] = work()
            except BaseException as exc:  # noqa: BLE001 - handed to the caller below
                box["error"] = exc
        except _Stop:  # a stop that lands while the outcome is being stored
            pass

    worker = threading.Thread(target=target, name="kg-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        _stop_thread(worker)
        raise timeout_error(timeout)
    error = box.get("error")
    if isinstance(error, _Stop):
        raise timeout_error(timeout)
    if error is not None:
        raise error
    return box["value"]


def _stop_thread(worker: threading.Thread, grace: float = 5.0) -> None:
    """Raise _Stop inside `worker` until it ends (a bare `except:` may swallow one), for `grace` s."""
    deadline = time.monotonic() + grace
    while worker.is_alive() and time.monotonic() < deadline:
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(worker.ident or 0), ctypes.py_object(_Stop))
        worker.join(0.05)
    if worker.is_alive():
        log.warning("a stopped query is still running in thread %s", worker.ident)


#: the memory a query's process may take beyond what it starts with (a CONCAT that doubles a string
#: 40 times asks for a terabyte); past it the allocation fails and the query ends with a QueryError
QUERY_MEMORY_BYTES = 2 << 30


def _limit_memory() -> None:
    """Cap this (forked) process's address space at its present size plus QUERY_MEMORY_BYTES."""
    extra = QUERY_MEMORY_BYTES
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as fh:
            size = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        resource.setrlimit(resource.RLIMIT_AS, (size + extra, resource.RLIM_INFINITY))
    except (ImportError, OSError, ValueError):  # no /proc or no rlimits: the time limit still holds
        pass


def _quiet_stderr() -> None:
    """Send this (forked) process's stderr to /dev/null."""
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)


def _memory_error() -> QueryError:
    return ResultTooLarge(f"the query needed more than {QUERY_MEMORY_BYTES >> 20:,} MiB of memory and was "
                          "stopped; narrow it (LIMIT, fewer or shorter values)")


def _call_in_process(work: Callable[[], T], timeout: float) -> T:
    """Run `work` in a forked child (copy-on-write, no graph copy) and kill it at `timeout`; the
    child's memory is capped (`QUERY_MEMORY_BYTES`)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: evaluate, send the pickled outcome, leave without cleanup
        try:
            gc.disable()  # it lives for one query: collecting would only touch (and copy) the parent's pages
            os.close(read_fd)
            _limit_memory()
            _quiet_stderr()  # an allocation that fails aborts Oxigraph with a message of its own
            try:
                payload = pickle.dumps(("value", work()), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException as exc:  # noqa: BLE001 - handed to the parent
                if isinstance(exc, MemoryError):
                    exc = _memory_error()
                try:
                    payload = pickle.dumps(("error", exc), protocol=pickle.HIGHEST_PROTOCOL)
                except Exception:
                    payload = pickle.dumps(("error", QueryError(str(exc))), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_fd, "wb") as out:
                out.write(payload)
        finally:
            os._exit(0)
    os.close(write_fd)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    finished = False
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            ready, _, _ = select.select([read_fd], [], [], remaining)
            if ready:
                chunk = os.read(read_fd, 1 << 20)
                if not chunk:
                    finished = True
                    break
                chunks.append(chunk)
    finally:
        os.close(read_fd)
        if not finished:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    if not finished:
        raise timeout_error(timeout)
    if not chunks:
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGABRT:
            raise _memory_error()
        raise QueryError(f"the query process ended without a result (wait status {status}); "
                         "the graph may be too large for memory: narrow the query")
    kind, value = pickle.loads(b"".join(chunks))
    if kind == "error":
        raise value
    return value


class StoreWorkers:
    """Pre-forked processes that evaluate queries on one store, for a long-running server.

    A query then costs no fork (about 10 ms saved each), and one past its time limit is still
    really stopped: its worker is killed and replaced. `run_query` uses them when the store's
    `workers` attribute holds them (`kg serve` sets it). Fork them before the process starts threads.
    """

    def __init__(self, graph: GraphStore, size: int = 2):
        self.graph = graph
        self._idle: queue.Queue[tuple[int, Any]] = queue.Queue()
        self._all: set[int] = set()
        for _ in range(max(1, size)):
            self._idle.put(self._spawn())

    def _spawn(self) -> tuple[int, Any]:
        parent, child = multiprocessing.Pipe()
        pid = os.fork()
        if pid == 0:  # the worker: answer jobs until the parent goes away
            try:
                parent.close()
                _limit_memory()
                self._serve(child)
            finally:
                os._exit(0)
        child.close()
        self._all.add(pid)
        return pid, parent

    def _serve(self, conn: Any) -> None:
        while True:
            try:
                text, source, init, max_results, sort_rows = conn.recv()
            except (EOFError, OSError):
                return
            try:
                prepared = _prepare_query(text, source)
                outcome: tuple[str, Any] = (
                    "value", _evaluate_store(self.graph, text, prepared, init, source, max_results, sort_rows))
            except BaseException as exc:  # noqa: BLE001 - handed to the parent
                outcome = ("error", exc if isinstance(exc, QueryError) else QueryError(f"{source}: {exc}"))
            conn.send(outcome)

    def _kill(self, pid: int, conn: Any) -> None:
        conn.close()
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
        self._all.discard(pid)

    def run(self, text: str, source: str, init: dict[Variable, Identifier], max_results: int | None,
            timeout: float, sort_rows: bool = False) -> _Packed:
        """Evaluate a prepared, checked query in the next idle worker; QueryTimeout at `timeout`."""
        pid, conn = self._idle.get()
        try:
            conn.send((text, source, init, max_results, sort_rows))
            if not conn.poll(timeout):
                self._kill(pid, conn)
                pid, conn = self._spawn()
                raise timeout_error(timeout)
            kind, value = conn.recv()
        except (EOFError, OSError):
            self._kill(pid, conn)
            pid, conn = self._spawn()
            raise QueryError(f"{source}: the query process ended without a result; the graph may be too "
                             "large for memory: narrow the query") from None
        finally:
            self._idle.put((pid, conn))
        if kind == "error":
            raise value
        return value

    def close(self) -> None:
        """Stop every worker."""
        while not self._idle.empty():
            pid, conn = self._idle.get()
            self._kill(pid, conn)


# ---------------------------------------------------------------------------------------- updates


def run_update(
    graph_path: str | os.PathLike,
    update_text: str,
    output_path: str | os.PathLike,
    *,
    timeout: float = 30.0,
    source: str = "update",
) -> UpdateSummary:
    """Apply a SPARQL Update to the graph in `graph_path` and write the result to `output_path`.

    The input file is never touched unless `output_path` names that same file; the output is
    written atomically in the format its suffix names (.ttl, .nt, .jsonld, .rdf, ...).
    """
    started = time.perf_counter()
    prepared = _prepare_within(update_text, source, timeout, update=True)
    output = Path(output_path)
    fmt = READ_FORMATS.get(output.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(READ_FORMATS))
        raise QueryError(f"{output}: unknown output format '{output.suffix}'; name the file with one of: {known}")
    graph = load_rdflib(graph_path)
    before = len(graph)

    def work() -> tuple[int, bytes]:
        try:
            graph.update(prepared.parsed)
        except Exception as exc:
            raise _evaluation_error(source, exc) from None
        return len(graph), graph.serialize(format=fmt, encoding="utf-8")

    evaluate = _call_in_process if prepared.needs_process and hasattr(os, "fork") else _call_in_thread
    after, data = evaluate(work, max(timeout - (time.perf_counter() - started), 0.01))
    write_atomic(output, data)
    return UpdateSummary(output, before, after)


# ---------------------------------------------------------------------------------------- named queries


@dataclass(frozen=True)
class QueryParam:
    """A named query's parameter; its value is bound to the variable `?<name>_name`."""

    name: str
    description: str
    optional: bool = False

    @property
    def variable(self) -> str:
        return f"{self.name}_name"


@dataclass(frozen=True)
class QueryLookup:
    """`# lookup: PARAM -> ?VARIABLE (KIND)`: on a kg store, `?VARIABLE` may be bound to what the
    store's index of names (kg.views.find) holds for the parameter's value, when that is one term.

    - `name`: the one label, alternative label or title whose lower case is the value's. The query
      must use `?VARIABLE` only as the object of rdfs:label, skos:altLabel or dcterms:title and keep
      only the rows where `LCASE(STR(?VARIABLE)) = LCASE(STR(?PARAM_name))`.
    - `document`: the one source document the value names; the query must keep only the rows of the
      documents concepts-of-document's FILTER accepts (kg.views.document_keys spells them out).

    Binding it then leaves the rows as they are, and the query starts from the term found instead of
    testing every label in the graph. When the index holds nothing under the value, `?VARIABLE` is
    bound to the value itself, which no label or document of the graph is then; when it holds
    several terms (two spellings of a name), nothing is bound and the query compares every name.
    """

    param: str
    variable: str
    kind: str


@dataclass(frozen=True)
class NamedQuery:
    """A `.rq` file in kg/queries with its `# title:`, `# description:`, `# param:` and `# lookup:` header."""

    name: str
    title: str
    description: str
    params: tuple[QueryParam, ...]
    path: Path
    text: str
    lookups: tuple[QueryLookup, ...] = ()

    def __repr__(self) -> str:
        return f"NamedQuery({self.name!r}, params={[p.name for p in self.params]})"


_HEADER = re.compile(r"#\s*(title|description|param|lookup)\s*:\s*(.*)")
_LOOKUP = re.compile(r"(\w+)\s*->\s*\?(\w+)\s*\((\w+)\)")
_PARAM = re.compile(r"(\w+)\s*(\(optional\))?\s*=\s*(.+)")


def read_named_query(path: str | os.PathLike) -> NamedQuery:
    """Read one `.rq` file and its comment header."""
    p = Path(path)
    text = p.read_text(encoding="utf-8")
    fields: dict[str, list[str]] = {"title": [], "description": []}
    params: list[QueryParam] = []
    lookups: list[QueryLookup] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        header = _HEADER.match(stripped)
        if not header:
            continue
        key, value = header.group(1), header.group(2).strip()
        if key == "param":
            param = _PARAM.fullmatch(value)
            if not param:
                raise QueryError(f"{p}: cannot read '# param: {value}'; write '# param: NAME = what it is' "
                                 "or '# param: NAME (optional) = what it is'")
            params.append(QueryParam(param.group(1), param.group(3).strip(), bool(param.group(2))))
        elif key == "lookup":
            from kg.views import LOOKUP_KINDS

            lookup = _LOOKUP.fullmatch(value)
            if not lookup or lookup.group(3) not in LOOKUP_KINDS:
                raise QueryError(f"{p}: cannot read '# lookup: {value}'; write '# lookup: PARAM -> ?VARIABLE (KIND)' "
                                 f"with KIND one of: {', '.join(LOOKUP_KINDS)}")
            lookups.append(QueryLookup(*lookup.groups()))
        else:
            fields[key].append(value)
    if not fields["title"]:
        raise QueryError(f"{p}: no '# title: ...' line; start a named query with a title and a description")
    unknown = [lk.param for lk in lookups if lk.param not in {q.name for q in params}]
    if unknown:
        raise QueryError(f"{p}: '# lookup: {unknown[0]} -> ...' names no '# param: {unknown[0]}' of the query")
    return NamedQuery(p.stem, " ".join(fields["title"]), " ".join(fields["description"]), tuple(params), p, text,
                      tuple(lookups))


def list_named_queries() -> list[NamedQuery]:
    """Every named query that ships with kg, sorted by name."""
    return [read_named_query(path) for path in sorted(QUERIES_DIR.glob("*.rq"))]


def load_named_query(name: str) -> NamedQuery:
    """The named query `name`; QueryError lists the available names when there is none."""
    path = QUERIES_DIR / f"{name}.rq"
    if re.fullmatch(r"[\w-]+", name) and path.is_file():
        return read_named_query(path)
    names = [p.stem for p in sorted(QUERIES_DIR.glob("*.rq"))]
    close = difflib.get_close_matches(name, names, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    raise QueryError(f"unknown query '{name}'; {hint}available: {', '.join(names)} (kg query --list describes them)")


def run_named_query(
    graph: rdflib.Graph | GraphStore,
    name: str,
    params: Mapping[str, str] | None = None,
    *,
    timeout: float = 30.0,
    max_results: int | None = None,
) -> QueryResult:
    """Run a named query with its parameters, e.g. `run_named_query(g, "coauthors", {"person": "Ada"})`."""
    named = load_named_query(name)
    given = dict(params or {})
    declared = {p.name: p for p in named.params}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        accepted = ", ".join(declared) or "no parameters"
        raise QueryError(f"query '{name}' has no parameter '{unknown[0]}'; it takes: {accepted}")
    missing = [p for p in named.params if not p.optional and p.name not in given]
    if missing:
        p = missing[0]
        raise QueryError(f"query '{name}' needs --param {p.name}=VALUE ({p.description})")
    if isinstance(graph, GraphStore) and not given:  # worked out when the store was created (kg.views)
        view = read_view(graph, named.text)
        if view is not None:
            return _capped(view, max_results)
    bindings: dict[str, Any] = {declared[key].variable: value for key, value in given.items()}
    if isinstance(graph, GraphStore):
        bindings.update(_looked_up(graph, named, given))
    return run_query(graph, named.text, bindings=bindings, timeout=timeout, source=named.path.name,
                     max_results=max_results, sort_rows=True)


def _looked_up(graph: GraphStore, named: NamedQuery, given: Mapping[str, str]) -> dict[str, Identifier]:
    """The variables the named query's `# lookup:` lines let the store bind, with their terms
    (see QueryLookup)."""
    out: dict[str, Identifier] = {}
    for lookup in named.lookups:
        if lookup.param not in given:
            continue
        value = str(given[lookup.param])
        found = find(graph, lookup.kind, value)
        if found is None or len(found) > 1:  # no index, or several: compare every name
            continue
        out[lookup.variable] = found[0] if found else Literal(value)
    return out


# ---------------------------------------------------------------------------------------- formats


def format_result(result: QueryResult, fmt: Format = "table") -> str:
    """The result as text: an aligned table, W3C SPARQL CSV/TSV/JSON results, or Turtle for graphs."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format '{fmt}'; use one of: {', '.join(FORMATS)}")
    if result.is_graph:
        if fmt == "ttl":
            return result.graph().serialize(format="turtle")
        if fmt == "table":
            return _table(("subject", "predicate", "object"), result.triples)
        raise QueryError(f"a {result.kind} query returns a graph, which has no {fmt} form; use --format ttl or table")
    if fmt == "ttl":
        raise QueryError(f"ttl is for CONSTRUCT and DESCRIBE results; use table, csv, tsv or json for {result.kind}")
    if result.kind == "ASK":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.boolean)}, indent=2) + "\n"
        if fmt == "table":
            return ("true" if result.boolean else "false") + "\n"
        raise QueryError(f"the W3C {fmt.upper()} results format has no form for ASK; use --format json or table")
    if fmt == "json":
        return _json(result)
    if fmt == "csv":
        return _csv(result)
    if fmt == "tsv":
        return _tsv(result)
    return _table(result.vars, result.rows)


def _json(result: QueryResult) -> str:
    bindings = []
    for row in result.rows:
        bindings.append({var: _json_term(term) for var, term in zip(result.vars, row) if term is not None})
    doc = {"head": {"vars": list(result.vars)}, "results": {"bindings": bindings}}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _json_term(term: Identifier) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal):
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None:
            out["datatype"] = str(term.datatype)
    return out


def _csv(result: QueryResult) -> str:
    """W3C SPARQL 1.1 CSV: plain values (IRIs bare, literals lexical, blank nodes _:x), CRLF lines."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.vars)
    for row in result.rows:
        writer.writerow(["" if t is None else f"_:{t}" if isinstance(t, BNode) else str(t) for t in row])
    return buffer.getvalue()


def _tsv(result: QueryResult) -> str:
    """W3C SPARQL 1.1 TSV: ?vars header, terms in Turtle syntax, tabs between, LF lines."""
    lines = ["\t".join(f"?{v}" for v in result.vars)]
    for row in result.rows:
        lines.append("\t".join("" if t is None else _turtle_term(t) for t in row))
    return "\n".join(lines) + "\n"


_TURTLE_NUMBERS = {
    _XSD + "integer": re.compile(r"[+-]?\d+"),
    _XSD + "decimal": re.compile(r"[+-]?\d*\.\d+"),
    _XSD + "double": re.compile(r"[+-]?(\d+\.\d*|\.?\d+)[eE][+-]?\d+"),
    _XSD + "boolean": re.compile(r"true|false"),
}


def _turtle_term(term: Identifier) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    datatype = str(term.datatype) if isinstance(term, Literal) and term.datatype is not None else None
    if datatype in _TURTLE_NUMBERS and _TURTLE_NUMBERS[datatype].fullmatch(str(term)):
        return str(term)
    escaped = (str(term).replace("\\", "\\\\").replace('"', '\\"')
               .replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t"))
    if isinstance(term, Literal) and term.language:
        return f'"{escaped}"@{term.language}'
    if datatype and datatype != _XSD + "string":
        return f'"{escaped}"^^<{datatype}>'
    return f'"{escaped}"'


def _cell(term: Identifier | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = compact(term)
    elif isinstance(term, BNode):
        text = f"_:{term}"
    else:
        text = str(term)
    text = " ".join(text.split())  # newlines and tabs would break the alignment
    return text if len(text) <= TABLE_CELL_WIDTH else text[: TABLE_CELL_WIDTH - 1] + "…"


def _table(header: tuple[str, ...], rows: Any) -> str:
    cells = [[_cell(t) for t in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]

    def line(values: list[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths)).rstrip()

    out = [line(list(header)), line(["-" * w for w in widths])]
    out.extend(line(r) for r in cells)
    count = len(cells)
    out.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(out) + "\n"
