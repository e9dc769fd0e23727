"""`kg query`: every option through CliRunner, asserting on output and exit status."""
from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from kg.cli import cli
from kg.query import list_named_queries
from kg.store import load_graph

MINI = Path(__file__).parent / "fixtures" / "mini.ttl"
PERSONS = "SELECT ?p ?name WHERE { ?p a lkg:Person ; rdfs:label ?name } ORDER BY ?name"


def kg_query(*args: str):
    return CliRunner().invoke(cli, ["query", *args], catch_exceptions=False)


def test_cli_query_help_teaches_with_examples():
    result = kg_query("--help")
    assert result.exit_code == 0
    for text in ("--name coauthors --param person=", "--list", "--update", "--timeout", "-f my.rq", "--format csv"):
        assert text in result.output


def test_cli_query_list_needs_no_graph():
    result = kg_query("--list")
    assert result.exit_code == 0
    for named in list_named_queries():
        assert named.name in result.output and named.title in result.output
    assert "--param person=..." in result.output and "--param predicate=... (optional)" in result.output


def test_cli_query_list_accepts_a_graph_too():
    assert kg_query(str(MINI), "--list").exit_code == 0


def test_cli_query_runs_inline_sparql_as_a_table():
    result = kg_query(str(MINI), PERSONS)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["p", "name"] and lines[2].split(None, 1) == ["lkr:person/ada-lovelace", "Ada Lovelace"]
    assert lines[-1] == "(3 rows)"


def test_cli_query_runs_a_file(tmp_path):
    query = tmp_path / "persons.rq"
    query.write_text(PERSONS)
    result = kg_query(str(MINI), "-f", str(query), "--format", "csv")
    assert result.exit_code == 0
    assert list(csv.reader(io.StringIO(result.output)))[1] == [
        "https://w3id.org/leadership-kg/id/person/ada-lovelace", "Ada Lovelace"]


@pytest.mark.parametrize("params, expected", [
    (["--param", "person=Ada Lovelace"], ["Brian Kernighan", "Grace Hopper"]),
    (["-p", "person=grace hopper"], ["Ada Lovelace"]),
])
def test_cli_query_runs_a_named_query_with_params(params, expected):
    result = kg_query(str(MINI), "--name", "coauthors", *params, "--format", "json")
    assert result.exit_code == 0, result.output
    names = [b["name"]["value"] for b in json.loads(result.output)["results"]["bindings"]]
    assert names == expected


def test_cli_query_param_binds_a_variable_of_an_inline_query():
    query = "SELECT ?p WHERE { ?p skos:altLabel ?l FILTER(LCASE(STR(?l)) = LCASE(STR(?who))) }"
    result = kg_query(str(MINI), query, "--param", "who=utp", "--format", "tsv")
    assert result.output == "?p\n<https://w3id.org/leadership-kg/id/programme/utopia-teachers>\n"


@pytest.mark.parametrize("fmt, check", [
    ("table", lambda out: "lkr:person/ada-lovelace" in out),
    ("csv", lambda out: out.startswith("p,name\n")),
    ("tsv", lambda out: out.startswith("?p\t?name\n")),
    ("json", lambda out: json.loads(out)["head"]["vars"] == ["p", "name"]),
])
def test_cli_query_formats(fmt, check):
    result = kg_query(str(MINI), PERSONS, "--format", fmt)
    assert result.exit_code == 0 and check(result.output)
    if fmt == "csv":  # CliRunner's .output folds line ends; the bytes keep the W3C CRLF
        assert result.stdout_bytes.startswith(b"p,name\r\n")


def test_cli_query_ttl_for_construct():
    result = kg_query(str(MINI), "CONSTRUCT { ?p a lkg:Person } WHERE { ?p a lkg:Person }", "--format", "ttl")
    assert result.exit_code == 0
    assert len(rdflib.Graph().parse(data=result.output, format="turtle")) == 3


def test_cli_query_ttl_for_select_says_what_to_use():
    result = kg_query(str(MINI), PERSONS, "--format", "ttl")
    assert result.exit_code == 1 and "use table, csv, tsv or json" in result.output


def test_cli_query_output_file(tmp_path):
    out = tmp_path / "persons.csv"
    result = kg_query(str(MINI), "--name", "coauthorship-pairs", "--format", "csv", "-o", str(out))
    assert result.exit_code == 0 and result.output == ""
    assert out.read_text().startswith("person_a,name_a,person_b,name_b,publications")


@pytest.mark.parametrize("args, message", [
    ([], "give exactly one of QUERY, -f FILE or --name NAME (got none)"),
    ([PERSONS, "--name", "journals"], "(got QUERY and --name)"),
    (["--name", "coauthors", "--param", "person"], "'person' is not KEY=VALUE"),
    (["--name", "coauthors", "-p", "person=a", "-p", "person=b"], "'person' is given twice"),
    (["--update", PERSONS], "--update needs"),
    (["--format", "xml", PERSONS], "'xml' is not one of"),
    (["--timeout", "0", PERSONS], "--timeout"),
])
def test_cli_query_usage_errors(args, message):
    result = kg_query(str(MINI), *args)
    assert result.exit_code == 2 and message in result.output


def test_cli_query_without_graph_is_a_usage_error():
    result = kg_query()
    assert result.exit_code == 2 and "missing GRAPH" in result.output


@pytest.mark.parametrize("args, message", [
    (["--name", "coauthor"], "did you mean 'coauthors'?"),
    (["--name", "coauthors"], "needs --param person=VALUE"),
    (["--name", "coauthors", "-p", "colour=red"], "no parameter 'colour'"),
    (["SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"], "SERVICE <http://127.0.0.1:9/> is refused"),
    (["INSERT DATA { <https://example.org/a> a lkg:Person }"], "pass --update -o NEW_FILE"),
])
def test_cli_query_library_errors_are_one_line(args, message):
    result = kg_query(str(MINI), *args)
    assert result.exit_code == 1 and message in result.output
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1


def test_cli_query_syntax_error_in_a_file_names_file_line_and_column(tmp_path):
    query = tmp_path / "bad.rq"
    query.write_text("SELECT ?x\nWHERE {\n  ?x a lkg:Person . FILTER( }\n}\n")
    result = kg_query(str(MINI), "-f", str(query))
    assert result.exit_code == 1 and "Error: bad.rq: line 3, column 21: expected" in result.output


def test_cli_query_missing_graph_file():
    result = kg_query("no/such/graph.ttl", PERSONS)
    assert result.exit_code == 1 and "no such graph file" in result.output


def test_cli_query_timeout(tmp_path):
    graph = rdflib.Graph()
    for i in range(300):
        graph.add((rdflib.URIRef(f"https://example.org/s{i}"), rdflib.RDFS.label, rdflib.Literal(str(i))))
    path = tmp_path / "big.ttl"
    graph.serialize(path, format="turtle")
    result = kg_query(str(path), "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }", "--timeout", "1")
    assert result.exit_code == 1
    assert "query stopped after 1 s; narrow it with LIMIT or raise --timeout" in result.output


def test_cli_query_update_writes_a_new_file(tmp_path):
    source = tmp_path / "in.ttl"
    source.write_bytes(MINI.read_bytes())
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    out = tmp_path / "out.ttl"
    result = kg_query(str(source), "--update", "DELETE WHERE { ?e a lkg:Evidence ; ?p ?o }", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"wrote {out}: ")
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before
    assert len(load_graph(out)) == len(load_graph(source)) - 4 * 10


def test_cli_query_update_from_a_file(tmp_path):
    update = tmp_path / "add.ru"
    update.write_text("INSERT DATA { <https://w3id.org/leadership-kg/id/person/new> a lkg:Person }")
    out = tmp_path / "out.nt"
    result = kg_query(str(MINI), "--update", "-f", str(update), "-o", str(out))
    assert result.exit_code == 0
    assert len(load_graph(out)) == len(load_graph(MINI)) + 1


def test_cli_query_refuses_an_unsafe_query_before_reading_the_graph(tmp_path):
    from click.testing import CliRunner

    from kg.cli import cli

    missing = tmp_path / "missing.ttl"
    result = CliRunner().invoke(cli, ["query", str(missing), "SELECT * FROM <http://127.0.0.1:9/x> WHERE { ?s ?p ?o }"])
    assert result.exit_code == 1
    assert "FROM" in result.output and "no such graph file" not in result.output
