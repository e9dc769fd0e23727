"""Real pages of the field (`../shared/corpora/real-dev/`, stored copies with a blind annotation), built
and scored by the shared scorer: the figures issues 8 and 12 promise, asserted. Skipped where the
shared folder is not beside the clone."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from kg.build import build_graph, write_turtle

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpora" / "real-dev"
SCORER = SHARED / "tools" / "score.py"

pytestmark = pytest.mark.skipif(not (CORPUS / "gold.json").exists() or not SCORER.exists(),
                                reason="../shared/corpora/real-dev is not beside the clone")


def _scorer():
    spec = importlib.util.spec_from_file_location("shared_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("real-dev") / "g.ttl"
    result = build_graph([CORPUS / "docs"])
    write_turtle(result.graph, out)
    scorer = _scorer()
    return scorer.score(str(out), scorer.load_gold(str(CORPUS / "gold.json")))


def _ratio(text: str) -> float:
    found, total = text.split("/")
    return int(found) / int(total)


def test_real_dev_figures_of_issue_8(report):
    """Entity recall >= 0.85, named precision >= 0.9, fact recall >= 0.75, author order all right, <= 2 traps."""
    s = report["summary"]
    assert s["entity_recall"] >= 0.85, report["classes"]
    assert s["entity_precision_named"] >= 0.9
    assert s["fact_recall"] >= 0.75, report["facts"]
    assert _ratio(s["author_order"]) == 1.0
    assert s["traps"] <= 2, (report["not_entities_present"], report["wrong_class_present"])


@pytest.mark.parametrize("cls", ["Person", "Journal", "Publication"])
def test_real_dev_scholarly_classes_of_issue_12(report, cls):
    """Publication, Person and Journal: recall >= 0.85 and precision >= 0.9."""
    c = report["classes"][cls]
    assert c["recall"] >= 0.85 and c["precision"] >= 0.9, c


@pytest.mark.parametrize("prop", ["dcterms:creator", "dcterms:issued", "dcterms:isPartOf", "bibo:doi"])
def test_real_dev_bibliographic_facts_of_issue_12(report, prop):
    """dcterms:creator, dcterms:issued, dcterms:isPartOf and bibo:doi: each >= 0.8."""
    assert _ratio(report["facts"][prop]) >= 0.8, [m for m in report["facts_missed"] if prop in m]


def test_real_dev_does_not_fall_below_what_it_reached(report):
    """A floor a little under the figures of 2026-12-02 (0.979 / 0.986 / 0.925, no trap), so a change that
    costs real pages quality fails here, not only at the issues' lower targets."""
    s = report["summary"]
    assert s["entity_recall"] >= 0.96 and s["entity_precision_named"] >= 0.96, report["classes"]
    assert s["fact_recall"] >= 0.9, report["facts_missed"]
    assert s["traps"] == 0, (report["not_entities_present"], report["wrong_class_present"])
