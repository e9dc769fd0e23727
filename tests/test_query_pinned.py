"""The named queries' results on the seeds graph, pinned: every named query, run on the store of
graphs/leadership.ttl with every parameter value the graph offers, returns exactly the rows (and the
order) recorded in tests/golden/seed_queries.json. A rewrite of a query for speed must keep them.

The golden file holds, per query, how many runs, how many rows and the sha256 of their TSV, never
the rows themselves (no names from the corpus in the repository). After a change that is meant to
alter the results (a new seeds build, a query that answers differently on purpose), write it again:

    KG_WRITE_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_query_pinned.py
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from kg.query import format_result, list_named_queries, run_named_query, run_query
from kg.triplestore import open_graph

ROOT = Path(__file__).resolve().parents[1]
SEEDS_GRAPH = ROOT / "graphs" / "leadership.ttl"
GOLDEN = ROOT / "tests" / "golden" / "seed_queries.json"

#: SPARQL that lists the values a parameter can take in a graph (each row one value)
VALUE_QUERIES = {
    "person": "SELECT DISTINCT ?v WHERE { ?x a lkg:Person ; rdfs:label ?v } ORDER BY ?v",
    "publication": "SELECT DISTINCT ?v WHERE { ?x a lkg:Publication ; dcterms:title ?v } ORDER BY ?v",
    "country": """SELECT DISTINCT ?v WHERE { ?x a lkg:Country .
                    { ?x rdfs:label ?v } UNION { BIND(STRAFTER(STR(?x), "/country/") AS ?v) } } ORDER BY ?v""",
    "document": """SELECT DISTINCT ?v WHERE { ?x a lkg:SourceDocument .
                     { ?x rdfs:label ?v } UNION { ?x lkg:path ?v }
                     UNION { ?x rdfs:label ?l BIND(STRBEFORE(?l, ".") AS ?v) } } ORDER BY ?v""",
    "subject": """SELECT DISTINCT ?v WHERE { ?e a lkg:Evidence ; rdf:subject|rdf:object ?x .
                    ?x rdfs:label|skos:altLabel|dcterms:title ?v } ORDER BY ?v""",
}
#: the optional `predicate` of evidence-for, tried with the first few subjects: a local name, a CURIE, an IRI
PREDICATES = ["creator", "cito:cites", "http://purl.org/dc/terms/isPartOf"]
WITH_PREDICATES = 8


def parameter_runs(graph, named) -> list[dict[str, str]]:
    """Every parameter combination to run `named` with on `graph`: each value the graph offers for
    each required parameter (and, for the first, in upper case: matching ignores case)."""
    required = [p.name for p in named.params if not p.optional]
    if not required:
        return [{}]
    (name,) = required  # every shipped named query takes at most one required parameter
    values = [str(row[0]) for row in run_query(graph, VALUE_QUERIES[name], timeout=120).rows if row[0] is not None]
    runs = [{name: v} for v in values] + [{name: v.upper()} for v in values[:1]] + [{name: "no such thing"}]
    if any(p.name == "predicate" for p in named.params):
        runs += [dict(run, predicate=pred) for run in runs[:WITH_PREDICATES] for pred in PREDICATES]
    return runs


def pinned_results(graph) -> dict[str, dict[str, object]]:
    """{query: {runs, rows, sha256 of every run's parameters and TSV}} for every named query on `graph`."""
    out: dict[str, dict[str, object]] = {}
    for named in list_named_queries():
        digest, rows, runs = hashlib.sha256(), 0, parameter_runs(graph, named)
        for params in runs:
            result = run_named_query(graph, named.name, params, timeout=120)
            rows += len(result)
            digest.update(json.dumps(params, sort_keys=True).encode() + b"\n")
            digest.update(format_result(result, "tsv").encode())
        out[named.name] = {"runs": len(runs), "rows": rows, "sha256": digest.hexdigest()}
    return out


@pytest.fixture(scope="module")
def seed_results():
    return pinned_results(open_graph(SEEDS_GRAPH))


def test_query_pinned_every_named_query_is_pinned(seed_results):
    if os.environ.get("KG_WRITE_GOLDEN"):
        GOLDEN.write_text(json.dumps(seed_results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert sorted(golden) == sorted(seed_results), "a named query was added or removed: write the golden file again"


def test_query_pinned_the_seeds_give_rows_to_pin(seed_results):
    """A pin of empty results would pin nothing: most queries find rows in the seeds graph."""
    empty = [name for name, pin in seed_results.items() if not pin["rows"]]
    assert len(empty) <= 2, f"no rows on the seeds graph: {empty}"


@pytest.mark.parametrize("name", [q.name for q in list_named_queries()])
def test_query_pinned_results_on_the_seeds_are_unchanged(seed_results, name):
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert name in golden, f"{name} is not pinned: write the golden file again (see the module docstring)"
    assert seed_results[name] == golden[name], (
        f"{name}: {seed_results[name]['rows']} rows in {seed_results[name]['runs']} runs, pinned "
        f"{golden[name]['rows']} in {golden[name]['runs']}; same digest: {seed_results[name]['sha256'] == golden[name]['sha256']}")
