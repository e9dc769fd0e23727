"""Hostile and messy input (issue 13): one test, at least, per numbered defect of the issue.

defect 1  graph files never make a network request          test_store_*_network_*
defect 2  small hostile files, no per-document limit         test_build_*_within_*, test_limits_*, test_build_*_parts_*
defect 3  RDF/XML entity expansion                           test_store_an_entity_expansion_file_*
defect 4  control characters and the XML exports             test_export_control_characters_*
defect 5  query limits: parsing, memory, no traceback         test_query_*
defect 6  encodings and file names                           test_cli_build_a_file_name_*, test_cli_query_a_latin_1_*
defect 7  silent loss                                        test_cli_build_every_skipped_file_*
defect 8  outputs written as a pair                          test_build_outputs_*, test_cli_build_*_output_*
defect 9  GeoNames code XK                                   tests/test_corpus_hostile.py::test_places_*
defect 10 the smaller ones                                   test_export_vosviewer_*, test_cli_validate_*, ...
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import GraphFormatError, QueryError, QueryTimeout, ResultTooLarge

KG = str(Path(sys.executable).parent / "kg")
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
PROSE = ("Principals of schools in Lakeside took part in the Rural Leadership Initiative. "
         "The study of distributed leadership was funded by the Northern Education Trust.\n\n")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


# ------------------------------------------------------------------------------------ defect 1


@pytest.mark.parametrize("command", [
    ["query", "{graph}", "SELECT * WHERE { ?s ?p ?o }"],
    ["stats", "{graph}"],
    ["viz", "{graph}", "-o", "{out}/v.html"],
    ["export", "{graph}", "--format", "nt", "-o", "{out}/x.nt"],
    ["validate", "{graph}"],
])
@pytest.mark.parametrize("shape", ['"@context": "http://127.0.0.1:{port}/c"',
                                   '"@context": [{{"@vocab": "http://example.org/"}}, "http://127.0.0.1:{port}/c"]',
                                   '"@context": {{"@import": "http://127.0.0.1:{port}/c"}}'])
def test_store_graph_files_never_make_a_network_request(tmp_path, cache, listener, command, shape):
    port, seen = listener
    graph = tmp_path / "remote.jsonld"
    graph.write_text("{" + shape.format(port=port) + ', "@id": "http://example.org/a", "name": "x"}', encoding="utf-8")
    args = [a.replace("{graph}", str(graph)).replace("{out}", str(tmp_path)) for a in command]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert "kg never fetches one" in result.output and len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    time.sleep(0.3)
    assert seen == []


# ------------------------------------------------------------------------------------ defect 3

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "lol">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
 <!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
 <!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
<rdf:Description rdf:about="http://example.org/a"><ex:p>&i;</ex:p></rdf:Description>
</rdf:RDF>
"""


@pytest.mark.parametrize("command", [["query", "{graph}", "SELECT * WHERE { ?s ?p ?o }", "--timeout", "5"],
                                     ["validate", "{graph}"], ["export", "{graph}", "--format", "nt"]])
def test_store_an_entity_expansion_file_is_refused_at_once(tmp_path, cache, command):
    graph = tmp_path / "laughs.rdf"
    graph.write_text(BILLION_LAUGHS, encoding="utf-8")
    assert graph.stat().st_size < 1000
    started = time.monotonic()
    result = CliRunner().invoke(cli, [a.replace("{graph}", str(graph)) for a in command])
    assert time.monotonic() - started < 5
    assert result.exit_code == 1 and "expands to more than" in result.output, result.output


@pytest.mark.parametrize("dtd, refused", [
    ('<!ENTITY ex "http://example.org/">', None),
    ('<!ENTITY ex SYSTEM "http://127.0.0.1:9/x">', "external entity"),
    ('<!ENTITY % ex "x">', "parameter entity"),
    ('<!ENTITY ex "&ex;">', "refers to itself"),
])
def test_store_rdf_xml_entities_are_expanded_only_when_short_and_local(tmp_path, dtd, refused):
    from kg.store import load_graph

    graph = tmp_path / "g.rdf"
    graph.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ {dtd} ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
<rdf:Description rdf:about="http://example.org/a"><ex:p>value</ex:p></rdf:Description>
</rdf:RDF>
""", encoding="utf-8")
    if refused is None:
        assert len(load_graph(graph)) == 1
    else:
        with pytest.raises(GraphFormatError, match=refused):
            load_graph(graph)


# ------------------------------------------------------------------------------------ defect 2


def _build_alone(tmp_path, name: str, data: bytes, **kw):
    from kg.build import build_graph

    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(data)
    warm = tmp_path / "warm.txt"
    warm.write_text(PROSE, encoding="utf-8")
    build_graph([warm])  # loading the pipeline and the extractors is not the document's time
    started = time.monotonic()
    result = build_graph([folder], **kw)
    return result, time.monotonic() - started


@pytest.mark.parametrize("name, data", [
    ("stars.md", (PROSE + "*a " * 20_000 + "\n").encode()),  # a 60 KB line of stray emphasis marks
    ("deep.html", (b"<html><body>" + b"<div>" * 100_000 + PROSE.encode() + b"</div>" * 100_000 + b"</body></html>")),
    ("stray.html", b"<html><body><p>" + PROSE.encode() + b"</p>" + b"<a " * 20_000 + b"</body></html>"),  # html.parser: minutes
])
def test_build_a_small_hostile_file_is_read_within_five_seconds(tmp_path, name, data):
    result, seconds = _build_alone(tmp_path, name, data)
    assert seconds < 5, f"{name} took {seconds:.1f} s"
    assert not result.errors and result.summary["documents"] == 1
    labels = {str(o) for o in result.graph.objects(None, rdflib.RDFS.label)}
    assert {"Rural Leadership Initiative", "Northern Education Trust"} <= labels


def test_limits_a_document_over_its_time_budget_is_skipped_in_one_line(tmp_path, monkeypatch):
    import kg.extract
    from kg.build import build_graph
    from kg.errors import SourceError
    from kg.limits import time_budget

    with pytest.raises(SourceError, match=r"slow.txt: took more than 0.2 s"):
        with time_budget(0.2, "slow.txt"):
            while True:  # a reader or an extractor that never ends
                pass
    real = kg.extract.extract_document

    def extract(doc, names=None):
        while "slow" in doc.path:  # an extractor stuck on one document
            time.sleep(0.01)
        return real(doc, names)

    monkeypatch.setattr(kg.extract, "extract_document", extract)  # kg.work looks it up for each batch
    (tmp_path / "slow.txt").write_text(PROSE, encoding="utf-8")
    (tmp_path / "fast.txt").write_text(PROSE, encoding="utf-8")
    build_graph([tmp_path / "fast.txt"])  # the models' first loading is not a document's time
    started = time.monotonic()
    result = build_graph([tmp_path / "fast.txt", tmp_path / "slow.txt"], time_limit=1.0)
    assert time.monotonic() - started < 30
    assert result.summary["documents"] == 1, result.errors
    assert [str(e).split(":")[0] for e in result.errors] == ["slow.txt"]
    assert "took more than 1 s to read or extract" in str(result.errors[0]) and "\n" not in str(result.errors[0])


def test_limits_mentions_quoted_many_times_cost_linear_time():
    from kg.extract.mentions import mention
    from kg.model import Document, Extraction

    doc = Document("d", "d.txt", "Journal of School Studies. " * 20_000, "0" * 64, "text/plain")
    ex = Extraction("d")
    started = time.monotonic()
    for i in range(20_000):  # one journal in every line of a long reference list
        mention(ex, doc, "Journal", "Journal of School Studies", i * 27, i * 27 + 25, "references", 0.8)
    mention(ex, doc, "Journal", "Journal of School Studies", 0, 25, "references", 0.8)  # the same quote again
    assert time.monotonic() - started < 5
    assert len(ex.mentions) == 1 and len(ex.mentions[0].evidence) == 20_000


@pytest.mark.parametrize("text, limit", [("one\n\ntwo\n\nthree\n", 8), ("a line\nanother line\n" * 50, 60),
                                          ("x" * 1000, 64), ("word " * 300, 100)])
def test_limits_split_parts_cuts_at_boundaries_and_loses_nothing(text, limit):
    from kg.limits import split_parts

    parts = split_parts(text, limit)
    assert "".join(p for _, p in parts) == text
    assert all(len(p) <= limit for _, p in parts)
    assert [o for o, _ in parts] == [sum(len(p) for _, p in parts[:i]) for i in range(len(parts))]


def test_build_a_text_longer_than_a_part_builds_in_parts_with_offsets_into_the_whole_text(tmp_path, monkeypatch):
    import kg.limits

    monkeypatch.setattr(kg.limits, "PART_CHARS", 2_000)
    regions = ["Northern", "Southern", "Eastern", "Western", "Coastal", "Upland", "Valley", "Harbour", "Forest",
               "Meadow", "Island", "Lowland", "Central", "Border", "Mountain"]
    text = "".join(PROSE.replace("Rural", region) * 3 for region in regions)  # a new programme every 480 characters
    result, _ = _build_alone(tmp_path, "long.txt", text.encode())
    assert not result.errors
    g = result.graph
    lkg = rdflib.Namespace("https://w3id.org/leadership-kg/ontology#")
    (doc,) = g.subjects(rdflib.RDF.type, lkg.SourceDocument)
    whole = str(g.value(doc, lkg.text))
    assert len(whole) > 3 * 2_000 and int(g.value(doc, lkg.charCount)) == len(whole)
    starts = []
    for ev in g.subjects(rdflib.RDF.type, lkg.Evidence):
        start, end = int(g.value(ev, lkg.start)), int(g.value(ev, lkg.end))
        assert whole[start:end] == str(g.value(ev, lkg.quote))
        starts.append(start)
    assert max(starts) > 3 * 2_000  # evidence from the later parts, placed in the whole text
    labels = {str(o) for o in g.objects(None, rdflib.RDFS.label)}
    assert {f"{region} Leadership Initiative" for region in regions} <= labels


def test_build_parser_text_blanks_only_long_lines_that_are_not_language():
    from kg.limits import parser_text

    prose = "Leadership in schools is studied " * 100
    junk = "*a " * 1000
    text = f"{prose}\n{junk}\nshort *a line\n"
    out = parser_text(text)
    assert len(out) == len(text) and out.split("\n")[0] == prose and not out.split("\n")[1].strip()
    assert out.split("\n")[2] == "short *a line"


# ------------------------------------------------------------------------------------ defect 4


def test_export_control_characters_never_break_the_xml_exports(tmp_path, cache):
    from kg.build import build_graph
    from kg.export import export

    (tmp_path / "ctl.txt").write_bytes(b"Principals\x00 of schools in Lakeside\x1b[0m took part\x0c in the study.\x07\n")
    graph = build_graph([tmp_path / "ctl.txt"]).graph
    for fmt in ("xml", "graphml", "gexf"):
        ET.fromstring(export(graph, fmt).encode("utf-8") if isinstance(export(graph, fmt), str) else export(graph, fmt))


# ------------------------------------------------------------------------------------ defect 5


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    from kg.triplestore import create_store, open_store

    folder = tmp_path_factory.mktemp("store")
    graph = Path(__file__).resolve().parent.parent / "graphs" / "leadership.ttl"
    create_store(graph, folder / "g.store")
    return open_store(folder / "g.store")


def test_query_the_timeout_covers_parsing_a_huge_query(seed_store):
    from kg.query import run_query

    terms = " || ".join(f'?o = "t{i}"' for i in range(20_000))
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="stopped after 3 s"):
        run_query(seed_store, f"SELECT ?s WHERE {{ ?s ?p ?o FILTER({terms}) }}", timeout=3)
    assert time.monotonic() - started < 3 + 5.5  # the limit, and the stopped parser's grace


def test_query_a_string_that_doubles_forty_times_hits_the_memory_cap(seed_store, monkeypatch):
    import kg.query
    from kg.query import run_query

    monkeypatch.setattr(kg.query, "QUERY_MEMORY_BYTES", 256 << 20)
    binds = " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(40))
    with pytest.raises(ResultTooLarge, match="more than 256 MiB of memory"):
        run_query(seed_store, f'SELECT (STRLEN(?a40) AS ?n) WHERE {{ BIND("ab" AS ?a0) {binds} }}', timeout=60)


def test_query_a_timed_out_cross_join_prints_one_line_and_no_traceback(tmp_path, cache):
    graph = Path(__file__).resolve().parent.parent / "graphs" / "leadership.ttl"
    result = subprocess.run([KG, "query", str(graph), "--timeout", "2",
                             "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"],
                            capture_output=True, text=True, timeout=120, env={**os.environ, "KG_CACHE_DIR": str(cache)})
    assert result.returncode == 1
    assert result.stderr.strip() == "Error: query stopped after 2 s; narrow it with LIMIT or raise --timeout"


def test_query_a_timed_out_cross_join_on_an_rdflib_graph_leaves_no_traceback(capfd):
    from kg.query import run_query
    from kg.store import load_graph

    graph = load_graph(Path(__file__).resolve().parent.parent / "graphs" / "leadership.ttl")
    with pytest.raises(QueryTimeout):
        run_query(graph, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", timeout=1)
    time.sleep(0.5)
    assert "Traceback" not in capfd.readouterr().err


# ------------------------------------------------------------------------------------ defect 6


def test_cli_build_a_file_name_that_is_not_utf_8_is_kept_and_printed_escaped(tmp_path, cache):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text(PROSE, encoding="utf-8")
    out = tmp_path / "out" / "g.ttl"
    result = subprocess.run([KG, "build", str(folder), "-o", str(out)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert out.is_file() and out.with_suffix(".html").is_file() and out.with_suffix(".store").is_dir()
    paths = {str(o) for o in rdflib.Graph().parse(out).objects(None, rdflib.URIRef(
        "https://w3id.org/leadership-kg/ontology#path"))}
    assert paths == {"corpus/caf\\xe9.txt"}


def test_cli_query_a_latin_1_query_file_is_a_clear_error(tmp_path):
    query = tmp_path / "q.rq"
    query.write_bytes('SELECT ?s WHERE { ?s rdfs:label "Café" }'.encode("latin-1"))
    graph = Path(__file__).resolve().parent.parent / "graphs" / "leadership.ttl"
    result = CliRunner().invoke(cli, ["query", str(graph), "-f", str(query)])
    assert result.exit_code == 2 and "q.rq: not UTF-8 text (byte 36)" in result.output
    assert "internal error" not in result.output


# ------------------------------------------------------------------------------------ defect 7


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_cli_build_every_skipped_file_is_one_line_and_exit_status_1(tmp_path, cache):
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(PROSE, encoding="utf-8")
    os.mkfifo(folder / "sub" / "pipe.txt")
    (folder / "gone.md").symlink_to(tmp_path / "nowhere.md")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(folder), "-o", str(tmp_path / "o" / "g.ttl"), "--no-html", "--no-store"])
    assert result.exit_code == 1, result.output
    skipped = [line for line in result.output.splitlines() if line.startswith("skipped:")]
    assert len(skipped) == 3
    assert {"pipe.txt", "gone.md", "empty.txt"} == {s.split(":")[1].strip().rsplit("/", 1)[-1] for s in skipped}
    assert "documents: 1 read, 3 skipped" in result.output


# ------------------------------------------------------------------------------------ defect 8


def _outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (out, out.with_suffix(".html"), out.with_suffix(".store") / "kg-store.json")}


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".tmp" in p.name or ".old-" in p.name)


def test_build_outputs_a_failure_before_the_last_write_changes_none_of_them(tmp_path, cache, monkeypatch):
    import kg.viz
    from kg.build import build_graph, write_outputs
    from kg.errors import OutputError

    (tmp_path / "a.txt").write_text(PROSE, encoding="utf-8")
    out = tmp_path / "o" / "g.ttl"
    write_outputs(build_graph([tmp_path / "a.txt"]), out)
    before = _outputs(out)
    (tmp_path / "a.txt").write_text(PROSE.replace("Lakeside", "Riverton"), encoding="utf-8")

    def disk_full(*args, **kw):
        raise OutputError("g.html: writing failed (No space left on device)")

    monkeypatch.setattr(kg.viz, "write_html", disk_full)
    with pytest.raises(OutputError):
        write_outputs(build_graph([tmp_path / "a.txt"]), out)
    assert _outputs(out) == before and _leftovers(out.parent) == []


def test_cli_build_a_kill_mid_build_leaves_the_outputs_as_a_pair_and_no_temporary_files(tmp_path, cache):
    out = tmp_path / "o" / "g.ttl"
    cmd = [KG, "build", str(SEEDS), "-o", str(out)]
    subprocess.run(cmd, capture_output=True, timeout=300, check=True)
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "a.txt").write_text(PROSE, encoding="utf-8")
    before = _outputs(out)
    for delay in (3.0, 6.0):
        proc = subprocess.Popen(cmd[:3] + [str(tmp_path / "more")] + cmd[3:], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        time.sleep(delay)
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=120)
        now = _outputs(out)
        assert _leftovers(out.parent) == []
        if proc.returncode != 0:
            assert proc.returncode == 143 and now == before
        import hashlib
        import json

        marker = json.loads(now["kg-store.json"])  # the store is the one loaded from this very graph file
        assert marker["sha256"] == hashlib.sha256(now["g.ttl"]).hexdigest() and marker["source"] == str(out)


@pytest.mark.parametrize("output", ["a-file/g.ttl", "a-file/deeper/g.ttl"])
def test_cli_build_an_unwritable_output_is_refused_before_any_work(tmp_path, output):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "no-such-source"), "-o", str(tmp_path / output)])
    assert result.exit_code == 1 and "not a writable folder" in result.output, result.output
    assert "no-such-source" not in result.output
    assert time.monotonic() - started < 2


# ------------------------------------------------------------------------------------ defect 10


def test_export_vosviewer_clusters_stay_within_1_to_1000(tmp_path):
    from kg.export import export

    lkg = rdflib.Namespace("https://w3id.org/leadership-kg/ontology#")
    g = rdflib.Graph()
    for i in range(1_200):  # 1,200 unconnected people: 1,200 communities
        node = rdflib.URIRef(f"https://w3id.org/leadership-kg/id/person/p{i:04d}")
        g.add((node, rdflib.RDF.type, lkg.Person))
        g.add((node, rdflib.RDFS.label, rdflib.Literal(f"Person {i}")))
    export(g, "vosviewer", tmp_path / "vos")
    rows = (tmp_path / "vos" / "map.txt").read_text(encoding="utf-8").splitlines()[1:]
    clusters = {int(row.split("\t")[3]) for row in rows}
    assert len(rows) == 1_200 and min(clusters) == 1 and max(clusters) == 1000


def test_cli_validate_an_empty_graph_does_not_conform(tmp_path):
    graph = tmp_path / "empty.ttl"
    graph.write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(graph)])
    assert result.exit_code == 1 and "the graph is empty" in result.output


def test_corpus_an_encrypted_pdf_with_an_empty_user_password_is_read(tmp_path):
    from pypdf import PdfReader, PdfWriter

    from kg.corpus import read_document
    from pdfmaker import Line, Run, make_pdf

    plain = tmp_path / "plain.pdf"
    plain.write_bytes(make_pdf([[Line(72, 720, [Run("Leadership of schools in Lakeside", 12)])]]))
    writer = PdfWriter()
    for page in PdfReader(plain).pages:
        writer.add_page(page)
    writer.encrypt(user_password="", owner_password="owner-secret", algorithm="RC4-128")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as fh:
        writer.write(fh)
    assert PdfReader(locked).is_encrypted
    assert "Lakeside" in read_document(locked).text


def test_cli_build_pypdf_and_bs4_warnings_stay_off_the_terminal(tmp_path, cache):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text(PROSE, encoding="utf-8")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\nxref\n0 3\n")
    (folder / "odd.html").write_text("http://example.org/page.html", encoding="utf-8")  # bs4: 'looks like a URL'
    result = subprocess.run([KG, "build", str(folder), "-o", str(tmp_path / "o" / "g.ttl"),
                             "--no-html", "--no-store"], capture_output=True, text=True, timeout=300)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert all(line.startswith("skipped: ") for line in lines), result.stderr
    assert "Warning" not in result.stderr and "WARNING" not in result.stderr


def test_cli_build_without_a_seeds_folder_says_what_to_do(tmp_path):
    runner = CliRunner()
    with runner.isolated_filesystem(temp_dir=tmp_path):
        result = runner.invoke(cli, ["build"])
    assert result.exit_code == 2 and "no seeds/ folder here" in result.output
