"""`kg stats`, `kg path` and `kg explain` through click's CliRunner."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

MINI = str(Path(__file__).parent / "fixtures" / "mini.ttl")
QUOTE_A = "Ada Lovelace and Brian Kernighan wrote Leading Schools in Utopia."


@pytest.fixture
def run():
    def invoke(*args: str):
        return CliRunner().invoke(cli, list(args))
    return invoke


def _one_line_error(result, *words: str) -> None:
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    for word in words:
        assert word in lines[0]


@pytest.mark.parametrize("command", ["stats", "path", "explain"])
def test_cli_analyse_help_has_examples(run, command):
    result = run(command, "--help")
    assert result.exit_code == 0 and "Examples:" in result.output and f"kg {command} graphs/" in result.output


def test_cli_analyse_stats_text(run):
    result = run("stats", MINI, "--top", "2")
    assert result.exit_code == 0, result.output
    assert "147 triples, 12 entities, 15 relations" in result.stdout
    assert "Leading Schools in Utopia (Publication)" in result.stdout
    assert "Connected components: 1 (sizes 12)" in result.stdout


def test_cli_analyse_stats_json(run):
    result = run("stats", MINI, "--json", "--top", "1")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["classes"]["Person"] == 3 and data["component_count"] == 1
    assert [r["label"] for r in data["most_connected"]] == ["Leading Schools in Utopia"]


def test_cli_analyse_path_prints_chain_with_evidence(run):
    result = run("path", MINI, "Ada Lovelace", "brian kernighan")
    assert result.exit_code == 0, result.output
    assert "Leading Schools in Utopia --has author--> Brian Kernighan" in result.stdout
    assert f'"{QUOTE_A}" (doc-a.txt)' in result.stdout


def test_cli_analyse_path_max(run):
    result = run("path", MINI, "Ada Lovelace", "teacher leadership", "--max", "1")
    assert result.exit_code == 0 and "Path 1" in result.stdout and "Path 2" not in result.stdout


def test_cli_analyse_path_without_link_exits_1(run, tmp_path):
    graph = tmp_path / "split.ttl"
    graph.write_text(Path(MINI).read_text(encoding="utf-8") + (
        '\n<https://w3id.org/leadership-kg/id/person/nobody> a lkg:Person ; rdfs:label "Nobody" .\n'), encoding="utf-8")
    result = run("path", str(graph), "Nobody", "Ada Lovelace")
    assert result.exit_code == 1 and "No chain of facts links 'Nobody' and 'Ada Lovelace'." in result.stdout


def test_cli_analyse_path_unknown_entity_is_one_line(run):
    _one_line_error(run("path", MINI, "Ada Lovelase", "Utopia"), "Ada Lovelase", "did you mean 'Ada Lovelace'")


def test_cli_analyse_explain(run):
    result = run("explain", MINI, "ada lovelace")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Ada Lovelace (Person)")
    assert QUOTE_A in result.stdout and "doc-a.txt [0:65], extractor byline, confidence 0.95" in result.stdout


@pytest.mark.parametrize("name, words", [
    ("Open Counsil", ("no entity named 'Open Counsil'", "Open Council")),
    ("Zebedee", ("no entity named 'Zebedee'",)),
])
def test_cli_analyse_explain_unknown_is_one_line(run, name, words):
    _one_line_error(run("explain", MINI, name), *words)


def test_cli_analyse_missing_graph_is_one_line(run, tmp_path):
    _one_line_error(run("stats", str(tmp_path / "none.ttl")), "none.ttl")
