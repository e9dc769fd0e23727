"""Answers to the named queries that take no parameter, worked out once when a kg store is created.

    write_views(store)                      # create_store calls it: kg-views/, one file per query
    result = read_view(store, named.text)   # run_named_query answers from it, or None: run it live

A kg store never changes after `create_store` wrote it (it is opened read-only), so the answer of a
query without parameters is fixed with it: a listing of every publication or every co-author pair
costs Oxigraph a random disk read per row (0.3 to 3 s at a million triples), reading it back costs
a file read. Each answer is stored under the sha256 of the query's text, so a query file that
changes (a newer kg) is run live again instead of answered from an outdated view. The file is JSON,
not pickle: a store directory may come from somewhere else, and reading it must not run code.
"""
from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

#: the folder in a kg store directory that holds the views, one JSON file per query
VIEWS_DIR = "kg-views"
VIEWS_VERSION = 1
#: a view that takes longer than this to work out is left out (the query then runs live)
VIEW_TIMEOUT = 120.0


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_views(store: Any, timeout: float = VIEW_TIMEOUT) -> int:
    """Work out every parameterless named query on `store` (a GraphStore) and write each answer into
    its directory; returns how many were written. A query that fails or times out is left out."""
    from kg.errors import QueryError
    from kg.query import _call_in_process, _evaluate_store, _prepare_query, list_named_queries

    folder = Path(store.path) / VIEWS_DIR
    folder.mkdir(exist_ok=True)
    written = 0
    for named in list_named_queries():
        if named.params:
            continue
        source = named.path.name
        try:
            prepared = _prepare_query(named.text, source)
            kind, names, rows, _ = _call_in_process(
                lambda: _evaluate_store(store, named.text, prepared, {}, source, None), timeout)
        except QueryError as exc:
            log.warning("%s: no view (%s); it runs live", source, exc)
            continue
        terms: dict[tuple, int] = {}  # each distinct term once; rows hold their numbers (-1: unbound)
        numbered = [[-1 if cell is None else terms.setdefault(cell, len(terms)) for cell in row] for row in rows]
        data = {"version": VIEWS_VERSION, "query": named.name, "kind": kind, "vars": list(names),
                "terms": list(terms), "rows": numbered}
        (folder / f"{_key(named.text)}.json").write_text(
            json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        written += 1
    return written


def read_view(store: Any, text: str) -> Any:
    """The answer (a kg.query.QueryResult) of the query `text` on `store`, or None when there is no view."""
    from kg.query import QueryResult, unpack_term

    try:
        data = json.loads((Path(store.path) / VIEWS_DIR / f"{_key(text)}.json").read_text(encoding="utf-8"))
        if data.get("version") != VIEWS_VERSION or data["kind"] != "SELECT":
            return None
        terms = [unpack_term(term) for term in data["terms"]] + [None]  # index -1: unbound
        rows = tuple(tuple(terms[i] for i in row) for row in data["rows"])
        return QueryResult("SELECT", vars=tuple(data["vars"]), rows=rows)
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None
