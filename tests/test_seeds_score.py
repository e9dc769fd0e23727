"""The seed graph against the reference annotation (tests/gold_seeds.json): the figures the issues
promise, asserted. The one trap present, 'Professional Learning', normalises to the very name of
the annotation's own required concept 'professional learning', so no graph with that concept can
avoid it; every other trap must be absent."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

from kg.evaluate import evaluate, load_gold
from kg.namespaces import CITO, LKG

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold_seeds.json"
RENAMES = [ROOT / "tests" / "data" / "rename_seeds.json", ROOT / "tests" / "data" / "rename_seeds_invented_places.json"]
UNAVOIDABLE_TRAPS = {"Professional Learning"}  # the required concept's own name, see the module docstring


@pytest.fixture(scope="module")
def report(seed_graph):
    return evaluate(seed_graph, load_gold(GOLD))


def test_seeds_foundation_figures(report):
    """Issue 2: entity recall >= 0.75, named precision >= 0.85, fact recall >= 0.6, no trap label."""
    s = report.summary
    assert s.entity_recall >= 0.75 and s.entity_precision_named >= 0.85 and s.fact_recall >= 0.6
    assert set(report.not_entities_present) <= UNAVOIDABLE_TRAPS
    assert not report.wrong_class_present


@pytest.mark.parametrize("cls", ["Publication", "Person", "Journal"])
def test_seeds_scholarly_record_is_complete(report, cls):
    """Issue 3: every publication, person and journal found; none split, none merged."""
    c = report.classes[cls]
    assert c.recall == 1.0, c.missing
    assert not c.split and not c.merged


@pytest.mark.parametrize("prop", ["dcterms:creator", "author order", "bibo:editor", "dcterms:isPartOf",
                                  "dcterms:issued", "bibo:doi", "dcterms:publisher", "cito:cites"])
def test_seeds_scholarly_facts_all_present(report, prop):
    f = report.facts[prop] if prop != "author order" else report.author_order
    assert f.found == f.total, [m for m in report.facts_missed if prop in m]


def test_seeds_all_in_text_citations_resolve(seed_graph):
    """Issue 3: each of the annotation's twelve in-text citations is evidence for a cito:cites edge."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    quotes = [str(seed_graph.value(ev, LKG.quote)) for ev in seed_graph.subjects(RDF.predicate, CITO.cites)]
    citations = gold["in_text_citations"]
    assert len(citations) == 12
    for c in citations:
        core = c["text"].strip("()")
        assert any(core in q for q in quotes), c["text"]


@pytest.mark.parametrize("cls", ["Country", "Place", "Organisation", "Programme"])
def test_seeds_named_entities_recall_and_precision(report, cls):
    """Issue 4: recall 1.0 for countries, places, organisations and programmes; precision >= 0.95."""
    c = report.classes[cls]
    assert c.recall == 1.0, c.missing
    assert c.precision >= 0.95, c.extra


def test_seeds_concept_recall_and_named_precision(report):
    assert report.classes["Concept"].recall >= 0.95, report.classes["Concept"].missing
    for cls in ("Person", "Country", "Place", "Organisation", "Journal", "Programme", "Publication"):
        assert report.classes[cls].precision >= 0.95, (cls, report.classes[cls].extra)


@pytest.mark.parametrize("prop", ["lkg:locatedIn", "lkg:organisedBy", "lkg:partOf", "lkg:affiliation",
                                  "dcterms:spatial", "dcterms:subject", "skos:broader"])
def test_seeds_relation_facts(report, prop):
    f = report.facts[prop]
    assert f.found / f.total >= 0.95, [m for m in report.facts_missed if prop in m]


@pytest.mark.parametrize("rename", RENAMES, ids=lambda p: p.stem)
def test_seeds_renamed_corpus_scores_within_a_few_points(report, tmp_path, rename):
    """Issue 4: people, places, organisations, journals and programmes renamed (the cities to real
    ones, then to invented ones); the figures hold."""
    from kg.build import build_graph
    from kg.corpus import normalise

    pairs = sorted(json.loads(rename.read_text(encoding="utf-8"))["pairs"], key=lambda p: -len(p[0]))
    for src in sorted((ROOT / "seeds").iterdir()):
        text = normalise(src.read_text(encoding="utf-8"))
        for a, b in pairs:
            text = re.sub(r"(?<!\w)" + re.escape(a) + r"(?!\w)", b, text)
        (tmp_path / src.name).write_text(text, encoding="utf-8")
    renamed = evaluate(build_graph([tmp_path]).graph, load_gold(GOLD, rename=rename))
    a, b = report.summary, renamed.summary
    assert b.entity_recall >= a.entity_recall - 0.03
    assert b.entity_precision_named >= a.entity_precision_named - 0.03
    assert b.fact_recall >= a.fact_recall - 0.03


UNSEEN = ROOT / "tests" / "fixtures" / "unseen"


def test_unseen_corpus_scores_hold(tmp_path):
    """Six documents of the seeds' kinds with other people, places, organisations, journals and
    programmes (written without looking at the extractors), against their own annotation."""
    import contextlib

    from kg.build import build_graph

    with contextlib.chdir(ROOT / "tests" / "fixtures"):
        graph = build_graph(["unseen"]).graph
    s = evaluate(graph, load_gold(ROOT / "tests" / "fixtures" / "unseen_gold.json")).summary
    assert s.entity_recall >= 0.95 and s.entity_precision_named >= 0.95 and s.fact_recall >= 0.9
    assert s.split == 0 and s.merged == 0
