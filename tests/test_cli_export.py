"""`kg export` through click's CliRunner."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic

from kg.cli import cli
from kg.store import load_graph

# rdflib's own parsers trip its deprecation warnings; they are not ours to fix
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

MINI = str(Path(__file__).parent / "fixtures" / "mini.ttl")


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_cli_export_help_has_examples():
    result = run("export", "--help")
    assert result.exit_code == 0 and "Examples:" in result.output and "--format graphml" in result.output


@pytest.mark.parametrize("fmt, parser", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("xml", "xml")])
def test_cli_export_rdf_to_stdout(fmt, parser):
    result = run("export", MINI, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert isomorphic(rdflib.Graph().parse(data=result.stdout, format=parser), load_graph(MINI))


@pytest.mark.parametrize("fmt", ["trig", "graphml", "gexf"])
def test_cli_export_to_file(fmt, tmp_path):
    target = tmp_path / f"out.{fmt}"
    result = run("export", MINI, "-f", fmt, "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and f"wrote {target}" in result.stderr
    assert target.stat().st_size > 0


@pytest.mark.parametrize("fmt, files", [("csv", ["edges.csv", "nodes.csv"]), ("vosviewer", ["map.txt", "network.txt"])])
def test_cli_export_multi_file_formats_write_a_folder(fmt, files, tmp_path):
    result = run("export", MINI, "--format", fmt, "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == files
    if fmt == "csv":
        assert len(list(csv.DictReader((tmp_path / "out" / "nodes.csv").open(encoding="utf-8")))) == 12


@pytest.mark.parametrize("args, words", [
    (["--format", "png"], ("unknown export format 'png'", "available: ttl, nt, trig")),
    (["--format", "csv"], ("give an output folder",)),
])
def test_cli_export_errors_are_one_line(args, words):
    result = run("export", MINI, *args)
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert all(w in lines[0] for w in words)


def test_cli_export_missing_graph_is_one_line(tmp_path):
    result = run("export", str(tmp_path / "absent.ttl"), "--format", "ttl")
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1 and "absent.ttl" in result.stderr
