"""`kg build`: one command from documents to graph, honest about what it could not read."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.cli import cli

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "corpus"


def test_cli_build_writes_turtle_and_html_and_prints_a_summary(tmp_path):
    out = tmp_path / "out" / "graph.ttl"
    result = CliRunner().invoke(cli, ["build", str(CORPUS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "documents: 3 read, 0 skipped" in result.output
    assert "Person" in result.output and "triples:" in result.output
    assert len(Graph().parse(out)) > 500
    html = out.with_suffix(".html").read_text(encoding="utf-8")
    assert "<html" in html.lower()


def test_cli_build_skips_a_bad_file_in_one_line_and_builds_the_rest(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text((CORPUS / "visit.md").read_text(encoding="utf-8"), encoding="utf-8")
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    out = tmp_path / "g.ttl"
    result = CliRunner().invoke(cli, ["build", str(corpus), "-o", str(out), "--no-html"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = [l for l in result.output.splitlines() if "broken.pdf" in l]
    assert len(lines) == 1 and "not a readable PDF" in lines[0]
    assert "documents: 1 read, 1 skipped" in result.output
    assert out.exists() and not out.with_suffix(".html").exists()


def test_cli_build_with_nothing_readable_fails_and_writes_nothing(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"")
    out = tmp_path / "g.ttl"
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "a.txt"), "-o", str(out)])
    assert result.exit_code == 1
    assert result.output.startswith("skipped:") or "Error:" in result.output
    assert "no readable documents" in result.output
    assert not out.exists() and not list(tmp_path.glob(".*.tmp"))


def test_cli_build_leaves_no_half_written_file_when_writing_fails(tmp_path, monkeypatch):
    import kg.turtle

    out = tmp_path / "g.ttl"
    out.write_text("the previous graph", encoding="utf-8")

    def failing(self, subject):
        self.out.write("half a subject")
        raise OSError("disk full")

    monkeypatch.setattr(kg.turtle._Writer, "statement", failing)
    result = CliRunner().invoke(cli, ["build", str(CORPUS / "visit.md"), "-o", str(out), "--no-html"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert out.read_text(encoding="utf-8") == "the previous graph"
    # no temporary file left behind (the extraction cache is kg's own folder)
    assert [p.name for p in tmp_path.iterdir() if p.name != ".kg-cache"] == ["g.ttl"]


def test_cli_build_output_in_a_path_that_cannot_exist_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = CliRunner().invoke(cli, ["build", str(CORPUS / "visit.md"), "-o", str(blocker / "g.ttl"), "--no-html"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "cannot write there" in result.output and "choose another output path" in result.output


def test_cli_build_unknown_extractor_lists_the_available(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(CORPUS), "-x", "refs", "-o", str(tmp_path / "g.ttl")])
    assert result.exit_code == 1
    assert "unknown extractor 'refs'; available: records" in result.output


def test_cli_build_lists_extractors():
    result = CliRunner().invoke(cli, ["build", "--list-extractors"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0].startswith("records")


def _commands(group, prefix=()):
    import click

    for name, cmd in sorted(group.commands.items()):
        yield prefix + (name,), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, prefix + (name,))


@pytest.mark.parametrize("path, command", list(_commands(cli)), ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_cli_every_command_has_help_that_teaches(path, command):
    assert command.help and len(command.help.strip()) > 40, f"kg {' '.join(path)} needs help text"
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output
    for param in command.params:
        if param.name != "help" and getattr(param, "param_type_name", "") == "option":
            assert param.help, f"kg {' '.join(path)} {param.opts[0]} needs help text"


def test_cli_build_an_extractor_failure_skips_that_file_in_one_line(tmp_path, monkeypatch):
    import kg.extract.places as places

    good, bad = tmp_path / "good.txt", tmp_path / "trouble.txt"
    good.write_text("Distributed leadership in schools.", encoding="utf-8")
    bad.write_text("Schools in Peru.", encoding="utf-8")
    real = places.extract

    def flaky(doc):
        if doc.id == "trouble":
            raise RuntimeError("simulated bug")
        return real(doc)

    monkeypatch.setattr(places, "extract", flaky)
    out = tmp_path / "g.ttl"
    result = CliRunner().invoke(cli, ["build", str(tmp_path), "-o", str(out), "--no-html"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    line = [l for l in result.output.splitlines() if "trouble.txt" in l]
    assert len(line) == 1 and "extraction failed (RuntimeError: simulated bug)" in line[0]
    assert "documents: 1 read, 1 skipped" in result.output
    assert "trouble" not in out.read_text(encoding="utf-8")


def test_cli_unexpected_error_is_one_line_that_says_what_to_do(monkeypatch, tmp_path):
    import kg.build

    def broken(*args, **kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(kg.build, "build_graph", broken)
    result = CliRunner().invoke(cli, ["build", str(CORPUS), "-o", str(tmp_path / "g.ttl")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith("Error: internal error (ZeroDivisionError: boom)")
    assert "Traceback" not in result.output


@pytest.mark.parametrize("suffix, marker", [(".nt", "> <"), (".jsonld", '"@id"'), (".trig", "<https://w3id.org/leadership-kg/id/document/visit> {")])
def test_cli_build_writes_the_rdf_format_the_file_name_asks_for(tmp_path, suffix, marker):
    from kg.store import load_graph

    out = tmp_path / f"g{suffix}"
    result = CliRunner().invoke(cli, ["build", str(CORPUS / "visit.md"), "-o", str(out), "--no-html"])
    assert result.exit_code == 0, result.output
    assert len(load_graph(out)) > 100
    assert marker in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "text",
    [
        "Title\n\nReferences\nSmith, J., & . (2001). A title. Journal of X, 1(2), 3-4.\n",  # a stray '&' in the authors
        "Title\n\nBy  Lake   Council and the\nLake\nFoundation (x, 2001) organised by the Lake  Foundation\n",
        "Заголовок на русском\n\nКлючевые слова\n\nKeywords\n  • лидерство\n  • обучение\n",
        "Title\n\n" + "(, ) (; ) ( et al., ) [ ] { } Ω " * 50,
    ],
    ids=["stray-author", "broken-spacing", "cyrillic", "punctuation-soup"],
)
def test_cli_build_odd_text_builds_without_error(tmp_path, text):
    from kg.store import load_graph
    from rdflib import Literal
    from kg.namespaces import LKG

    doc = tmp_path / "odd.txt"
    doc.write_text(text, encoding="utf-8")
    out = tmp_path / "g.ttl"
    result = CliRunner().invoke(cli, ["build", str(doc), "-o", str(out), "--no-html"])
    assert result.exit_code == 0, result.output
    g = load_graph(out)
    for ev in g.subjects(None, LKG.Evidence):
        pass
    starts = [int(o) for o in g.objects(None, LKG.start)]
    assert all(s >= 0 for s in starts)
    assert Literal("") not in set(g.objects(None, LKG.quote))


@pytest.mark.parametrize("suffix", [".ttl", ".trig"])
def test_cli_build_fills_a_store_beside_the_graph_that_queries_then_read(tmp_path, suffix, monkeypatch):
    import kg.triplestore as ts
    from kg.store import load_graph

    out = tmp_path / f"g{suffix}"
    result = CliRunner().invoke(cli, ["build", str(CORPUS / "visit.md"), "-o", str(out), "--no-html"])
    assert result.exit_code == 0, result.output
    assert result.output.rstrip().endswith(f"wrote {out} and {tmp_path / 'g.store'}")
    store = ts.open_store(tmp_path / "g.store")
    assert len(store) == len(load_graph(out))
    assert [g for g in store.graph_names() if "/document/" in g] == [
        "https://w3id.org/leadership-kg/id/document/visit"]
    monkeypatch.setattr(ts, "_load_into_memory", lambda path: pytest.fail("the store beside the file is used"))
    assert ts.open_graph(out).path == tmp_path / "g.store"


def test_cli_build_no_store_writes_the_graph_only(tmp_path):
    out = tmp_path / "g.ttl"
    result = CliRunner().invoke(cli, ["build", str(CORPUS / "visit.md"), "-o", str(out), "--no-html", "--no-store"])
    assert result.exit_code == 0 and sorted(p.name for p in tmp_path.iterdir()) == [".kg-cache", "g.ttl"]


@pytest.mark.parametrize("text, encoding, named", [
    ("Учителя и директора школ в малых городах работают вместе над развитием школы.\n", "cp1251", "cp1251"),
    ("Les écoles déjà été très élève à Genève, où les directeurs travaillent.\n", "cp1252", "cp1252"),
    # no Windows code page: charset-normalizer tells which
    ("Учителя и директора школ в малых городах работают вместе над развитием школы.\n", "koi8-r", "koi8_r"),
])
def test_cli_build_names_the_encoding_of_a_file_that_is_not_utf_8(tmp_path, text, encoding, named):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "legacy.txt").write_bytes(text.encode(encoding))
    (corpus / "plain.txt").write_text("Heads of schools in small towns work together.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(corpus), "-o", str(tmp_path / "g.ttl"), "--no-html", "--no-store"])
    assert result.exit_code == 0, result.output
    decoded = [line for line in result.output.splitlines() if line.startswith("decoded:")]
    assert decoded == [f"decoded:   {corpus.name}/legacy.txt as {named} (not UTF-8)"], result.output
