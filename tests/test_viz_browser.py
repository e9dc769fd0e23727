"""The page `kg viz` writes, driven in headless Chromium: it draws, filters, searches, explains,
asks no other host for anything, and runs no script that came with the data."""
from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib import Literal
from rdflib.namespace import DCTERMS, RDF, RDFS

from browser import chromium, page_probe, wait_until  # noqa: F401  (pytest fixtures)
from kg.namespaces import LKG, LKR
from kg.store import load_graph
from kg.viz import write_html
from test_viz import CLOSER, PAYLOAD, evil_graph

pytestmark = pytest.mark.browser

MINI = Path(__file__).parent / "fixtures" / "mini.ttl"
ADA = "lkr:person/ada-lovelace"
MINI_CLASSES = ["Person", "Organisation", "Country", "Place", "Programme", "Concept", "Publication", "Journal"]


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    """The pages under test, written once for the module."""
    folder = tmp_path_factory.mktemp("viz")
    big = rdflib.Graph()
    for i in range(340):
        big.add((LKR[f"person/p{i}"], RDF.type, LKG.Person))
        big.add((LKR[f"person/p{i}"], RDFS.label, Literal(f"Person {i}")))
        big.add((LKR[f"publication/w{i}"], RDF.type, LKG.Publication))
        big.add((LKR[f"publication/w{i}"], DCTERMS.creator, LKR[f"person/p{i}"]))
    return {
        "mini": write_html(load_graph(MINI), folder / "mini.html").path,
        "evil": write_html(evil_graph(), folder / "evil.html", title=f"Title {PAYLOAD}").path,
        "big": write_html(big, folder / "big.html").path,
    }


def visible(page, dimmed: bool | None = None) -> set[str]:
    """Ids of the nodes not hidden (and, if asked, dimmed or not)."""
    return set(page.evaluate(
        "(dimmed) => window.kgNodes.get({filter: n => !n.hidden && (dimmed === null || !!n.dimmed === dimmed)})"
        ".map(n => n.id)", dimmed))


def node_point(page, node_id: str) -> tuple[float, float]:
    """Where a node is on the screen."""
    return tuple(page.evaluate("""(id) => {
        const p = window.kgNetwork.canvasToDOM(window.kgNetwork.getPositions([id])[id]);
        const r = document.querySelector('#kg-network canvas').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y];
    }""", node_id))


def edge_point(page, edge_id: str) -> tuple[float, float]:
    """The middle of an edge on the screen."""
    return tuple(page.evaluate("""(id) => {
        const edge = window.kgNetwork.body.edges[id];
        const p = window.kgNetwork.canvasToDOM(edge.edgeType.getPoint(0.5));
        const r = document.querySelector('#kg-network canvas').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y];
    }""", edge_id))


def tooltip(page, x: float, y: float) -> dict:
    """Hover at (x, y) and read the tooltip vis-network shows."""
    page.mouse.move(x - 40, y - 40)
    page.mouse.move(x, y, steps=4)
    wait_until(page, "() => { const t = document.querySelector('div.vis-tooltip');"
                     " return !!t && getComputedStyle(t).visibility === 'visible' && t.textContent.length > 0; }", 5)
    return page.evaluate("""() => {
        const t = document.querySelector('div.vis-tooltip');
        return {text: t.textContent, tags: Array.from(t.querySelectorAll('*')).map(e => e.tagName)};
    }""")


def test_viz_browser_draws_every_node_and_edge(page_probe, pages):
    page_probe.open(pages["mini"])
    page = page_probe.page
    assert page.locator("#kg-network canvas").count() == 1
    assert page.evaluate("window.kgNodes.length") == 12
    assert page.evaluate("window.kgEdges.length") == 15
    assert page.evaluate("Object.keys(window.kgNetwork.getPositions()).length") == 12
    assert page_probe.problems() == {}


def test_viz_browser_legend_shows_every_class_present(page_probe, pages):
    page_probe.open(pages["mini"])
    assert page_probe.page.eval_on_selector_all("#kg-legend .kg-class", "els => els.map(e => e.dataset.class)") == MINI_CLASSES
    assert page_probe.page.locator("#kg-legend .kg-swatch").count() == len(MINI_CLASSES)


def test_viz_browser_search_dims_everything_but_the_matches(page_probe, pages):
    page_probe.open(pages["mini"])
    page = page_probe.page
    page.fill("#kg-search", "lovelace")
    assert visible(page, dimmed=False) == {ADA}
    assert len(visible(page, dimmed=True)) == 11
    assert page.text_content("#kg-status").startswith("1 match")
    page.press("#kg-search", "Enter")
    assert page.evaluate("window.kgNetwork.getSelectedNodes()") == [ADA]
    assert page.text_content("#kg-details .kg-detail-title") == "Ada Lovelace"
    page.fill("#kg-search", "")
    page.press("#kg-search", "Escape")
    page.mouse.click(*node_point(page, ADA))
    page.fill("#kg-search", "utp")
    assert visible(page, dimmed=False) == {"lkr:programme/utopia-teachers"}, "aliases match; search ends a selection"
    assert page.evaluate("window.kgNetwork.getSelectedNodes()") == []
    assert page_probe.problems() == {}


def test_viz_browser_unticking_a_class_hides_its_nodes(page_probe, pages):
    page_probe.open(pages["mini"])
    page = page_probe.page
    page.uncheck('#kg-legend input[value="Person"]')
    shown = visible(page)
    assert len(shown) == 9 and not any(i.startswith("lkr:person/") for i in shown)
    hidden_edges = page.evaluate("window.kgEdges.get({filter: e => e.hidden}).map(e => e.label)")
    assert sorted(hidden_edges) == ["creator", "creator", "creator", "creator"]
    page.check('#kg-legend input[value="Person"]')
    assert len(visible(page)) == 12
    assert page_probe.problems() == {}


def test_viz_browser_clicking_a_node_highlights_its_neighbourhood(page_probe, pages):
    page_probe.open(pages["mini"])
    page = page_probe.page
    page.mouse.click(*node_point(page, ADA))
    assert visible(page, dimmed=False) == {
        ADA, "lkr:publication/leading-schools-in-utopia", "lkr:publication/school-report"}
    neighbours = page.eval_on_selector_all("#kg-details li button", "els => els.map(e => e.textContent)")
    assert neighbours == ['A <b>bold</b> "report"', "Leading Schools in Utopia"]
    page.click("#kg-reset")
    assert len(visible(page, dimmed=False)) == 12
    assert page_probe.problems() == {}


def test_viz_browser_tooltips_show_the_evidence(page_probe, pages):
    page_probe.open(pages["mini"])
    page = page_probe.page
    node_tip = tooltip(page, *node_point(page, ADA))
    assert "Ada Lovelace" in node_tip["text"] and "doc-a.txt, doc-b.txt" in node_tip["text"]
    organised = page.evaluate("window.kgEdges.get({filter: e => e.label === 'organised by'})[0].id")
    page.mouse.move(5, 5)
    edge_tip = tooltip(page, *edge_point(page, organised))
    assert "The Utopia Teachers Programme was organised by the Open Council in Utopia." in edge_tip["text"]
    assert set(edge_tip["tags"]) <= {"DIV"}
    assert page_probe.problems() == {}


def test_viz_browser_large_graph_opens_with_fixed_positions(page_probe, pages):
    page_probe.open(pages["big"])
    page = page_probe.page
    assert page.evaluate("window.kgNodes.length") == 680
    assert page.evaluate("window.kgNetwork.physics.physicsEnabled") is False
    first = page.evaluate("window.kgNodes.get()[0]")
    assert page.evaluate(f"window.kgNetwork.getPositions(['{first['id']}'])['{first['id']}']") == {
        "x": first["x"], "y": first["y"]}
    assert page_probe.problems() == {}


def test_viz_browser_runs_no_script_from_the_data(page_probe, pages):
    page_probe.open(pages["evil"])
    page = page_probe.page
    person = "lkr:person/evil"
    assert page.title() == f"Title {PAYLOAD}"
    node_tip = tooltip(page, *node_point(page, person))
    assert PAYLOAD in node_tip["text"] and CLOSER in node_tip["text"]
    assert set(node_tip["tags"]) <= {"DIV"}
    page.mouse.move(5, 5)
    edge_tip = tooltip(page, *edge_point(page, "e0"))
    assert f"{PAYLOAD} wrote it {CLOSER}" in edge_tip["text"]
    assert set(edge_tip["tags"]) <= {"DIV"}
    page.mouse.click(*node_point(page, person))
    assert page.text_content("#kg-details .kg-detail-title") == PAYLOAD
    page.mouse.click(*edge_point(page, "e0"))
    assert PAYLOAD in page.text_content("#kg-details")
    page.fill("#kg-search", "<img")
    page.press("#kg-search", "Enter")
    page.wait_for_timeout(200)
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert page.evaluate("window.__pwned") is None
    assert page_probe.problems() == {}
