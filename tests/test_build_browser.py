"""The HTML that `kg build` writes, in headless Chromium: the committed seed page renders with no
console error and no request to any other host, and a document that carries markup in a name
yields a page that runs no script of its own."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib.namespace import RDFS

from browser import chromium, page_probe  # noqa: F401  (pytest fixtures)
from kg.build import build_graph
from kg.viz import write_html

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
PAYLOAD = "<img src=x onerror=alert(1)>"

EVIL_RECORD = f"""Quiet leadership in Arcadia

Ada Quill, Bruno Vesk

Research output: Contribution to journalArticle

Abstract

The Brave Schools in Peru programme was organised by the Lake Council and {PAYLOAD} in Lima, Peru.
Original languageEnglish
JournalJournal of Brave Schools
Publication statusPublished - 2020

Keywords

  • {PAYLOAD}
  • distributed leadership
"""


@pytest.mark.parametrize("page", ["committed", "fresh"])
def test_build_browser_seed_page_renders_offline_without_errors(page, page_probe, seed_graph, tmp_path):
    path = ROOT / "graphs" / "leadership.html" if page == "committed" else write_html(seed_graph, tmp_path / "s.html").path
    page_probe.open(path)
    drawn = page_probe.page.evaluate("window.kgNodes.length")
    assert drawn >= 100  # the seed graph has some 120 entities
    assert page_probe.page.evaluate("document.querySelectorAll('#kg-network canvas').length") == 1
    assert page_probe.problems() == {}


def test_build_browser_markup_in_a_document_runs_no_script(page_probe, tmp_path):
    doc = tmp_path / "evil.txt"
    doc.write_text(EVIL_RECORD, encoding="utf-8")
    result = build_graph([doc])
    labels = {str(o) for o in result.graph.objects(None, RDFS.label)}
    assert PAYLOAD in labels  # the keyword became a concept named by the payload
    html = write_html(result.graph, tmp_path / "evil.html").path
    assert PAYLOAD not in html.read_text(encoding="utf-8")  # never raw in the page
    page_probe.open(html)
    page = page_probe.page
    names = page.evaluate("window.kgNodes.get().map(n => n.label)")
    assert PAYLOAD in names  # shown as text
    page.fill("#kg-search", "img")
    page.press("#kg-search", "Enter")
    page.wait_for_timeout(300)
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert page_probe.dialogs == [] and page_probe.page_errors == []
    assert page_probe.problems() == {}
