"""kg.graph and the build: the contract's graph, deterministic, every relation with its evidence."""
from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import FOAF, RDF, RDFS, SKOS

from kg.build import build_graph
from kg.graph import serialize_turtle
from kg.namespaces import LKG, expand
from kg.namespaces import RELATIONS as RELATION_CURIES
from kg.text import name_key

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "corpus.ttl"
RELATIONS = [str(expand(curie)) for curie in RELATION_CURIES]
# evidence from knowledge rather than the sentence: GeoNames' country of a city, the scheme's hierarchy
# or the country a document is about (a place GeoNames does not list)
KNOWLEDGE_EXTRACTORS = {"gazetteer", "concept-scheme", "programme-list", "context"}


def _names(g: Graph, node) -> set[str]:
    out = {str(o) for o in g.objects(node, RDFS.label)} | {str(o) for o in g.objects(node, SKOS.altLabel)}
    out |= {str(o) for o in g.objects(node, LKG.citedAs)}
    out |= {str(o) for o in g.objects(node, FOAF.familyName)}
    return {n for n in out if n}


def _titled(g: Graph, document, node) -> bool:
    """The document's first line (its title) names the node."""
    text = str(g.value(document, LKG.text) or "")
    return _mentions(text.strip().split("\n", 1)[0], _names(g, node))


def _mentions(quote: str, names: set[str]) -> bool:
    q = name_key(quote)
    return any(name_key(n) and name_key(n) in q for n in names)


def test_graph_turtle_is_byte_identical_across_builds_and_document_orders(tmp_path):
    corpus = ROOT / "tests" / "fixtures" / "corpus"
    files = sorted(corpus.iterdir())
    a = serialize_turtle(build_graph(files).graph)
    b = serialize_turtle(build_graph(list(reversed(files))).graph)
    assert a == b


def test_graph_golden_turtle(corpus_build):
    """The fixture corpus gives exactly the committed Turtle (UPDATE_GOLDEN=1 rewrites it)."""
    text = serialize_turtle(corpus_build.graph)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True), "golden", "built", n=1))
    assert not diff, diff[:5000] + "\n(run UPDATE_GOLDEN=1 pytest tests/test_graph.py after checking the change)"
    assert isomorphic(Graph().parse(data=expected, format="turtle"), corpus_build.graph)


@pytest.mark.parametrize("which", ["seed_graph", "corpus_graph"])
def test_graph_every_relation_has_evidence_quoting_both_ends(which, request):
    g = request.getfixturevalue("seed_graph") if which == "seed_graph" else request.getfixturevalue("corpus_build").graph
    texts = {d: str(t) for d, t in g.subject_objects(LKG.text)}
    evidence = {}
    for ev in g.subjects(RDF.type, LKG.Evidence):
        key = (g.value(ev, RDF.subject), g.value(ev, RDF.predicate), g.value(ev, RDF.object))
        evidence.setdefault(key, []).append(ev)
        # offsets point into the document's normalised text
        src, start, end = g.value(ev, LKG.source), int(g.value(ev, LKG.start)), int(g.value(ev, LKG.end))
        assert texts[src][start:end] == str(g.value(ev, LKG.quote))
    problems = []
    for p in RELATIONS:
        for s, o in g.subject_objects(URIRef(p)):
            evs = evidence.get((s, URIRef(p), o))
            assert evs, f"no evidence for {s} {p} {o}"
            ok = False
            for ev in evs:
                quote = str(g.value(ev, LKG.quote))
                if str(g.value(ev, LKG.extractor)) in KNOWLEDGE_EXTRACTORS:
                    ok = ok or _mentions(quote, _names(g, s)) or _mentions(quote, _names(g, o))
                elif (g.value(ev, LKG.source), FOAF.primaryTopic, s) in g or _titled(g, g.value(ev, LKG.source), s):
                    # the work a document carries, or the programme its title names, is named by the
                    # document itself; the sentence refers to it ("the visit was organised by ...")
                    ok = ok or _mentions(quote, _names(g, o))
                else:
                    ok = ok or (_mentions(quote, _names(g, s)) and _mentions(quote, _names(g, o)))
            if not ok:
                problems.append((str(s).rsplit("/", 1)[-1], p.rsplit("/", 1)[-1].rsplit("#", 1)[-1],
                                 str(o).rsplit("/", 1)[-1], str(g.value(evs[0], LKG.quote))[:100]))
    assert not problems, "\n".join(map(str, problems))


def test_graph_labels_are_names_alone(seed_graph):
    for s, label in seed_graph.subject_objects(RDFS.label):
        text = str(label)
        if (s, RDF.type, LKG.Publication) in seed_graph:
            continue  # a work's title may begin with an article
        assert text == text.strip() and not re.match(r"^(the|The)\s", text), text
        assert not re.match(r"^(Publisher|Editors|Journal|Original language)\S", text), text


def test_graph_each_entity_has_one_label_and_one_class(seed_graph):
    classes = [LKG[c] for c in ("Person", "Organisation", "Country", "Place", "Programme", "Concept", "Publication", "Journal")]
    for cls in classes:
        for node in seed_graph.subjects(RDF.type, cls):
            assert len(list(seed_graph.objects(node, RDFS.label))) == 1, node
            assert sum((node, RDF.type, c) in seed_graph for c in classes) == 1, node


def test_graph_outputs_are_byte_identical_across_processes_and_hash_seeds(tmp_path):
    """Turtle and HTML do not depend on Python's per-process hash seed (set and dict orders)."""
    import subprocess
    import sys

    kg = Path(sys.executable).with_name("kg")
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed / "g.ttl"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([str(kg), "build", "tests/fixtures/corpus", "-o", str(out)], cwd=ROOT, env=env,
                       check=True, capture_output=True)
        outputs.append((out.read_bytes(), out.with_suffix(".html").read_bytes()))
    assert outputs[0][0] == outputs[1][0]
    assert outputs[0][1] == outputs[1][1]
