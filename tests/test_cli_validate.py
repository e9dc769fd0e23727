"""`kg validate`: the contract's shapes from the command line."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kg.cli import cli

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "mini.ttl"


def test_cli_validate_accepts_a_built_graph(seed_ttl):
    result = CliRunner().invoke(cli, ["validate", str(seed_ttl)])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


def test_cli_validate_lists_violations_and_fails(tmp_path):
    # the hand-written fixture lacks evidence for some relations
    result = CliRunner().invoke(cli, ["validate", str(FIXTURE), "--limit", "2"])
    assert result.exit_code == 1
    assert "does not conform" in result.output and "... and" in result.output


def test_cli_validate_unreadable_graph_is_one_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle .", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "bad.ttl" in result.output
    assert len(result.output.strip().splitlines()) == 1
