"""kg.viz and `kg viz`: what the page draws, how it escapes, and that it opens offline."""
from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from rdflib import Literal
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kg.cli import cli
from kg.errors import EntityNotFound, KGError, QueryError
from kg.namespaces import LKG, LKR
from kg.store import load_graph
from kg.viz import (
    CLASS_STYLES, PHYSICS_MAX_NODES, entity_view, property_label, render_html, script_json, write_html,
)

MINI = Path(__file__).parent / "fixtures" / "mini.ttl"
PAYLOAD = '<img src=x onerror="window.__pwned=1">'
CLOSER = '</script><script>window.__pwned=2</script>'


@pytest.fixture(scope="module")
def mini() -> rdflib.Graph:
    return load_graph(MINI)


@pytest.fixture(scope="module")
def mini_page(mini) -> dict:
    return page_data(render_html(mini))


def page_data(page: str) -> dict:
    """The JSON the page draws from."""
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert match, "the page has no kg-data script"
    return json.loads(match.group(1))


def nodes_by_label(data: dict) -> dict[str, dict]:
    return {n["label"]: n for n in data["nodes"]}


def legend(page: str) -> dict[str, int]:
    return {cls: int(count) for cls, count in re.findall(
        r'<li class="kg-class" data-class="([^"]+)">.*?<span class="kg-count">(\d+)</span>', page)}


def evil_graph() -> rdflib.Graph:
    """A small graph whose labels, aliases, file names and quotes are all attacks on the page."""
    g = rdflib.Graph()
    person, work, doc = LKR["person/evil"], LKR["publication/evil-work"], LKR["document/evil"]
    g.add((doc, RDF.type, LKG.SourceDocument))
    g.add((doc, LKG.path, Literal('corpus/<svg onload="window.__pwned=4">.txt')))
    g.add((person, RDF.type, LKG.Person))
    g.add((person, RDFS.label, Literal(PAYLOAD)))
    g.add((person, SKOS.altLabel, Literal(CLOSER)))
    g.add((person, PROV.wasDerivedFrom, doc))
    g.add((work, RDF.type, LKG.Publication))
    g.add((work, RDFS.label, Literal('A "quoted" & <b>bold</b> title \u2028 with a line separator')))
    g.add((work, DCTERMS.creator, person))
    ev = LKR["evidence/evil"]
    g.add((ev, RDF.type, LKG.Evidence))
    g.add((ev, RDF.subject, work))
    g.add((ev, RDF.predicate, DCTERMS.creator))
    g.add((ev, RDF.object, person))
    g.add((ev, LKG.source, doc))
    g.add((ev, LKG.quote, Literal(f"{PAYLOAD} wrote it {CLOSER}")))
    g.add((ev, LKG.extractor, Literal("byline")))
    return g


def synthetic(n_people: int, n_works: int) -> rdflib.Graph:
    """People and works, each work by three people: contract-shaped and as large as asked."""
    g = rdflib.Graph()
    for i in range(n_people):
        g.add((LKR[f"person/p{i}"], RDF.type, LKG.Person))
        g.add((LKR[f"person/p{i}"], RDFS.label, Literal(f"Person {i}")))
    for j in range(n_works):
        work = LKR[f"publication/w{j}"]
        g.add((work, RDF.type, LKG.Publication))
        g.add((work, RDFS.label, Literal(f"Work {j}")))
        for k in range(3):
            g.add((work, DCTERMS.creator, LKR[f"person/p{(j * 7 + k * 13) % n_people}"]))
    return g


# ---------------------------------------------------------------- what is drawn

def test_viz_draws_one_node_per_entity_and_no_documents_or_evidence(mini_page):
    ids = {n["id"] for n in mini_page["nodes"]}
    assert len(ids) == 12
    assert "lkr:person/ada-lovelace" in ids
    assert not any("/document/" in i or "/evidence/" in i for i in ids)
    assert len(mini_page["edges"]) == 15


@pytest.mark.parametrize("label, cls", [
    ("Ada Lovelace", "Person"), ("Open Council", "Organisation"), ("Utopia", "Country"),
    ("Harbour Town", "Place"), ("Utopia Teachers Programme", "Programme"), ("leadership", "Concept"),
    ("Leading Schools in Utopia", "Publication"), ('A <b>bold</b> "report"', "Publication"),
    ("Journal of Things", "Journal"),
])
def test_viz_node_colour_and_shape_follow_its_class(mini_page, label, cls):
    node = nodes_by_label(mini_page)[label]
    assert node["cls"] == cls
    assert node["shape"] == CLASS_STYLES[cls].shape
    assert node["color"]["background"] == CLASS_STYLES[cls].color


def test_viz_legend_lists_every_class_present_with_counts(mini):
    page = render_html(mini)
    assert legend(page) == {
        "Person": 3, "Organisation": 1, "Country": 1, "Place": 1, "Programme": 1,
        "Concept": 2, "Publication": 2, "Journal": 1,
    }


def test_viz_legend_leaves_out_absent_classes(mini):
    assert legend(render_html(mini, classes=["Person", "Publication"])) == {"Person": 3, "Publication": 2}


def test_viz_node_size_grows_with_degree(mini_page):
    nodes = nodes_by_label(mini_page)
    assert nodes["Leading Schools in Utopia"]["size"] > nodes["Ada Lovelace"]["size"] > nodes["Grace Hopper"]["size"]


@pytest.mark.parametrize("source, target, label", [
    ("Leading Schools in Utopia", "Utopia", "spatial coverage"),
    ("Utopia Teachers Programme", "Open Council", "organised by"),
    ("Leading Schools in Utopia", "Journal of Things", "is part of"),
    ("teacher leadership", "leadership", "broader"),
])
def test_viz_edge_label_comes_from_the_ontology(mini_page, source, target, label):
    nodes = nodes_by_label(mini_page)
    edge = next(e for e in mini_page["edges"] if e["from"] == nodes[source]["id"] and e["to"] == nodes[target]["id"])
    assert edge["label"] == label
    assert edge["arrows"] == "to"


@pytest.mark.parametrize("iri, label", [
    ("https://example.org/vocab#coauthorOf", "coauthorOf"),
    ("http://purl.org/dc/terms/creator", "creator"),
])
def test_viz_property_label_falls_back_to_the_local_name(iri, label):
    assert property_label(iri) == label


def test_viz_edge_tooltip_carries_the_evidence_quote_and_file(mini_page):
    nodes = nodes_by_label(mini_page)
    edge = next(e for e in mini_page["edges"]
                if e["from"] == nodes["Utopia Teachers Programme"]["id"] and e["to"] == nodes["Open Council"]["id"])
    assert "The Utopia Teachers Programme was organised by the Open Council in Utopia." in edge["title"]
    assert "doc-a.txt" in edge["title"]
    assert edge["title"].startswith("Utopia Teachers Programme → Open Council")


def test_viz_edge_tooltip_says_when_no_evidence_is_recorded(mini_page):
    nodes = nodes_by_label(mini_page)
    edge = next(e for e in mini_page["edges"] if e["from"] == nodes["Harbour Town"]["id"])
    assert "no evidence recorded" in edge["title"]


def test_viz_node_tooltip_shows_class_aliases_and_documents(mini_page):
    nodes = nodes_by_label(mini_page)
    ada = nodes["Ada Lovelace"]["title"].splitlines()
    assert ada[0] == "Ada Lovelace"
    assert ada[1] == "Person"
    assert "Also called: A. Lovelace; Lovelace" in ada
    assert "Documents: doc-a.txt, doc-b.txt" in ada
    assert nodes["Leading Schools in Utopia"]["title"].splitlines()[1] == "Publication (Journal article)"


# ---------------------------------------------------------------- focus, classes, query

@pytest.mark.parametrize("name, depth, expected", [
    ("Ada Lovelace", 0, {"Ada Lovelace"}),
    ("ada lovelace", 1, {"Ada Lovelace", "Leading Schools in Utopia", 'A <b>bold</b> "report"'}),
    ("UTP", 1, {"Utopia Teachers Programme", "Open Council", "Utopia", "Leading Schools in Utopia"}),
    ("Grace Hopper", 2, {"Grace Hopper", 'A <b>bold</b> "report"', "Ada Lovelace", "Leading Schools in Utopia",
                         "teacher leadership"}),
])
def test_viz_focus_keeps_the_neighbourhood_within_depth(mini, name, depth, expected):
    data = page_data(render_html(mini, focus=name, depth=depth))
    assert set(nodes_by_label(data)) == expected
    assert [n["label"] for n in data["nodes"] if n.get("focus")] == [next(
        n for n in data["nodes"] if n.get("focus"))["label"]]


@pytest.mark.parametrize("name, hint", [("Ada Lovelac", "Ada Lovelace"), ("Open Counsil", "Open Council")])
def test_viz_focus_on_an_unknown_name_suggests_close_ones(mini, name, hint):
    with pytest.raises(EntityNotFound, match=re.escape(hint)):
        render_html(mini, focus=name)


def test_viz_focus_on_a_class_left_out_says_which_class_to_add(mini):
    with pytest.raises(EntityNotFound, match="is a Publication, which --classes leaves out"):
        render_html(mini, classes=["Person"], focus="Leading Schools in Utopia")


@pytest.mark.parametrize("classes, expected", [
    (["Person", "Publication"], {"Person", "Publication"}),
    (["programme", " organisation "], {"Programme", "Organisation"}),
    (["Country"], {"Country"}),
])
def test_viz_classes_keep_only_those_classes_and_their_edges(mini, classes, expected):
    data = page_data(render_html(mini, classes=classes))
    assert {n["cls"] for n in data["nodes"]} == expected
    kept = {n["id"] for n in data["nodes"]}
    assert all(e["from"] in kept and e["to"] in kept for e in data["edges"])


def test_viz_classes_projection_keeps_relations_between_kept_classes(mini):
    data = page_data(render_html(mini, classes=["Programme", "Organisation"]))
    assert [e["label"] for e in data["edges"]] == ["organised by"]


@pytest.mark.parametrize("classes", [["Persons"], ["Person", "Evidence"], [""]])
def test_viz_unknown_class_lists_the_valid_ones(mini, classes):
    with pytest.raises(KGError, match="Person, Organisation, Country, Place, Programme, Concept, Publication, Journal"):
        render_html(mini, classes=classes)


def test_viz_query_draws_what_a_construct_returns(mini):
    query = "CONSTRUCT { ?work dcterms:creator ?person } WHERE { ?work dcterms:creator ?person }"
    data = page_data(render_html(mini, query=query))
    assert {n["cls"] for n in data["nodes"]} == {"Person", "Publication"}
    assert len(data["nodes"]) == 5
    assert {e["label"] for e in data["edges"]} == {"creator"}
    ada = nodes_by_label(data)["Ada Lovelace"]
    assert "doc-a.txt" in ada["title"], "labels and documents come from the loaded graph"


def test_viz_query_may_mint_its_own_relations(mini):
    query = """CONSTRUCT { ?a <https://example.org/vocab#coauthorOf> ?b }
               WHERE { ?w dcterms:creator ?a, ?b . FILTER(STR(?a) < STR(?b)) }"""
    data = page_data(render_html(mini, query=query))
    assert {e["label"] for e in data["edges"]} == {"coauthorOf"}
    assert set(nodes_by_label(data)) == {"Ada Lovelace", "Brian Kernighan", "Grace Hopper"}


@pytest.mark.parametrize("query, message", [
    ("SELECT ?s WHERE { ?s ?p ?o }", "the query is SELECT, not CONSTRUCT"),
    ("ASK { ?s ?p ?o }", "the query is ASK, not CONSTRUCT"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("CONSTRUCT { ?s ?p ?o } FROM <http://example.org/g> WHERE { ?s ?p ?o }", "FROM"),
    ("DESCRIBE <https://w3id.org/leadership-kg/id/person/ada-lovelace>", "the query is DESCRIBE, not CONSTRUCT"),
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "read-only"),
    ("CONSTRUCT { ?s ?p ?o WHERE", "line 1, column"),
])
def test_viz_query_refuses_anything_but_a_local_construct(mini, query, message):
    with pytest.raises(QueryError, match=re.escape(message)):
        render_html(mini, query=query)


# ---------------------------------------------------------------- safety

def test_viz_markup_from_the_data_never_reaches_the_html_raw():
    page = render_html(evil_graph(), title=f"Title {PAYLOAD}")
    assert "<img" not in page
    assert "<svg onload" not in page
    assert "onerror=\"window" not in page
    assert page.count("</script>") == 3, "no script element was closed early"
    data_script = re.search(r'id="kg-data">(.*?)</script>', page, re.S).group(1)
    assert "<" not in data_script and ">" not in data_script
    assert "\u2028" not in page
    assert "<title>Title &lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;</title>" in page


def test_viz_data_survives_the_escaping_intact():
    data = page_data(render_html(evil_graph()))
    person = next(n for n in data["nodes"] if n["cls"] == "Person")
    assert person["label"] == PAYLOAD
    assert person["aliases"] == [CLOSER]
    edge = data["edges"][0]
    assert PAYLOAD in edge["title"] and CLOSER in edge["title"]
    assert '<svg onload="window.__pwned=4">.txt' in edge["title"]


@pytest.mark.parametrize("text", ["</script><script>alert(1)</script>", "a & b > c", "line\u2028sep\u2029x", "<!--"])
def test_viz_script_json_round_trips_without_raw_html_characters(text):
    encoded = script_json({"t": text})
    assert not set("<>&\u2028\u2029") & set(encoded)
    assert json.loads(encoded) == {"t": text}


def test_viz_page_references_no_other_host(mini):
    page = render_html(mini)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page, re.I)
    assert not re.search(r"@import|url\(\s*['\"]?(?:https?:)?//", page, re.I)
    assert "<link" not in page
    assert "sourceMappingURL" not in page


def test_viz_content_security_policy_allows_exactly_the_inline_scripts(mini):
    page = render_html(mini)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 2
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp


# ---------------------------------------------------------------- layout and determinism

def test_viz_small_graph_lays_out_in_the_browser(mini_page):
    assert mini_page["physics"] is True
    assert not any("x" in n for n in mini_page["nodes"])


@pytest.mark.parametrize("people, works", [(PHYSICS_MAX_NODES, 40), (500, 200)])
def test_viz_large_graph_comes_with_positions_and_physics_off(people, works):
    data = page_data(render_html(synthetic(people, works)))
    assert len(data["nodes"]) > PHYSICS_MAX_NODES
    assert data["physics"] is False
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in data["nodes"])
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) > 0.95 * len(data["nodes"]), "nodes are spread out"


def test_viz_same_graph_gives_the_same_bytes(mini):
    shuffled = rdflib.Graph()
    for triple in sorted(mini, reverse=True):
        shuffled.add(triple)
    assert render_html(mini) == render_html(shuffled)
    big = synthetic(PHYSICS_MAX_NODES, 40)
    assert render_html(big) == render_html(big)


def test_viz_entity_view_edges_are_sorted_and_unique(mini):
    view = entity_view(mini)
    keys = [(e.source, e.target, e.predicate) for e in view.edges]
    assert len(keys) == len(set(keys)) == 15
    assert list(view.nodes) == sorted(view.nodes)


def test_viz_write_html_writes_what_render_html_returns(mini, tmp_path):
    out = write_html(mini, tmp_path / "sub" / "page.html", title="Mini")
    assert out.path == tmp_path / "sub" / "page.html"
    assert (out.nodes, out.edges) == (12, 15)
    assert out.path.read_text(encoding="utf-8") == render_html(mini, title="Mini")
    assert out.size == out.path.stat().st_size
    assert not [p for p in out.path.parent.iterdir() if p.name.endswith(".tmp")]


# ---------------------------------------------------------------- the command

@pytest.fixture
def graph_file(tmp_path) -> Path:
    return Path(shutil.copy(MINI, tmp_path / "mini.ttl"))


def test_viz_cli_writes_next_to_the_graph_by_default(graph_file):
    result = CliRunner().invoke(cli, ["viz", str(graph_file)])
    assert result.exit_code == 0, result.output
    assert graph_file.with_suffix(".html").is_file()
    assert f"wrote {graph_file.with_suffix('.html')} (12 nodes, 15 edges)" in result.output


@pytest.mark.parametrize("args, nodes", [
    (["--focus", "Ada Lovelace", "--depth", "1"], 3),
    (["--classes", "Person,Programme"], 4),
    (["--title", "Mini graph"], 12),
])
def test_viz_cli_options_shape_the_page(graph_file, tmp_path, args, nodes):
    out = tmp_path / "out.html"
    result = CliRunner().invoke(cli, ["viz", str(graph_file), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    assert f"({nodes} nodes," in result.output
    assert len(page_data(out.read_text(encoding="utf-8"))["nodes"]) == nodes


def test_viz_cli_query_file(graph_file, tmp_path):
    query = tmp_path / "creators.rq"
    query.write_text("CONSTRUCT { ?w dcterms:creator ?p } WHERE { ?w dcterms:creator ?p }", encoding="utf-8")
    result = CliRunner().invoke(cli, ["viz", str(graph_file), "--query", str(query), "-o", str(tmp_path / "q.html")])
    assert result.exit_code == 0, result.output
    assert "(5 nodes, 4 edges)" in result.output


def test_viz_cli_query_errors_name_the_file(graph_file, tmp_path):
    query = tmp_path / "people.rq"
    query.write_text("SELECT ?p WHERE { ?p a lkg:Person }", encoding="utf-8")
    result = CliRunner().invoke(cli, ["viz", str(graph_file), "--query", str(query)])
    assert result.exit_code == 1
    assert f"Error: {query}: the query is SELECT, not CONSTRUCT" in result.output


@pytest.mark.parametrize("args, message", [
    (["--focus", "Ada Lovelac"], "did you mean 'Ada Lovelace'"),
    (["--classes", "Person,Wizard"], "unknown class 'Wizard'; valid classes: Person"),
    (["--depth", "-1", "--focus", "Ada Lovelace"], "-1 is not in the range x>=0"),
])
def test_viz_cli_reports_bad_options_in_one_line(graph_file, args, message):
    result = CliRunner().invoke(cli, ["viz", str(graph_file), *args])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_viz_cli_reports_a_missing_graph(tmp_path):
    result = CliRunner().invoke(cli, ["viz", str(tmp_path / "nope.ttl")])
    assert result.exit_code == 1
    assert "no such graph file" in result.output


def test_viz_cli_help_teaches_with_examples():
    result = CliRunner().invoke(cli, ["viz", "--help"])
    assert result.exit_code == 0
    for text in ("--focus", "--depth", "--classes", "--query", "--title", "kg viz graphs/leadership.ttl --focus"):
        assert text in result.output
