"""kg.views: the answers of the parameterless named queries, worked out when a store is created,
are the answers the queries give live; a changed query or a damaged view file runs live instead."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.errors import ResultTooLarge
from kg.query import list_named_queries, run_named_query, run_query
from kg.triplestore import create_store, open_store
from kg.views import PAIR_VIEWS, VIEWS_DIR, pair_view, read_view

ROOT = Path(__file__).resolve().parents[1]
SEEDS_GRAPH = ROOT / "graphs" / "leadership.ttl"
PARAMETERLESS = [q for q in list_named_queries() if not q.params]


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory):
    return open_store(create_store(SEEDS_GRAPH, tmp_path_factory.mktemp("views") / "seeds.store").path)


def test_views_are_written_for_every_parameterless_named_query(seeds_store):
    files = sorted((seeds_store.path / VIEWS_DIR).glob("*.json"))
    assert len(PARAMETERLESS) >= 10 and len(files) == len(PARAMETERLESS)


@pytest.mark.parametrize("named", PARAMETERLESS, ids=[q.name for q in PARAMETERLESS])
def test_views_answer_what_the_query_answers_live(seeds_store, named):
    view = read_view(seeds_store, named.text)
    assert view is not None and view == run_query(seeds_store, named.text, source=named.path.name)
    assert run_named_query(seeds_store, named.name) == view


def test_views_a_changed_query_has_no_view(seeds_store):
    named = PARAMETERLESS[0]
    assert read_view(seeds_store, named.text + "\n# changed\n") is None


def test_views_keep_the_row_cap(seeds_store):
    with pytest.raises(ResultTooLarge, match="more than 2 rows"):
        run_named_query(seeds_store, "publications", max_results=2)


def test_views_a_damaged_view_runs_the_query_live(seeds_store, tmp_path):
    copy = tmp_path / "copy.store"
    shutil.copytree(seeds_store.path, copy)
    for view in (copy / VIEWS_DIR).glob("*.json"):
        view.write_text('{"version": 1, "kind": "SELECT", "vars": ["x"], "terms": [], "rows": [[7]]}')
    damaged = open_store(copy)
    assert read_view(damaged, PARAMETERLESS[0].text) is None
    for named in PARAMETERLESS:
        assert run_named_query(damaged, named.name) == run_named_query(seeds_store, named.name), named.name


# ------------------------------------------------------------------ pair networks counted by kg

class _Store:
    """What pair_view reads of a kg store: its Oxigraph store."""

    def __init__(self, store):
        self.store = store


def _citation_store(seed: int):
    """A random citation graph over named graphs: a hub cited by most works, titles shared by
    several works, works with no title or two, a title stated in two graphs."""
    import random

    import pyoxigraph as ox

    rng = random.Random(seed)
    cites = ox.NamedNode("http://purl.org/spar/cito/cites")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    works = [ox.NamedNode(f"https://example.org/w/{rng.randrange(10**6):06d}-{i}") for i in range(rng.randrange(2, 40))]
    graphs = [ox.NamedNode(f"https://example.org/g/{i}") for i in range(3)]
    titles = ["Leading schools", "Leading Schools", "Ärzte und Schulen", "zebra", "Zebra", "a", ""]
    store = ox.Store()
    hub = works[0]
    for work in works:
        for _ in range(rng.choice([0, 1, 1, 2])):
            store.add(ox.Quad(work, label, ox.Literal(rng.choice(titles)), rng.choice(graphs)))
        if rng.random() < 0.2:  # the same title stated in two graphs
            title = ox.Literal(rng.choice(titles))
            store.add(ox.Quad(work, label, title, graphs[0]))
            store.add(ox.Quad(work, label, title, graphs[1]))
        if rng.random() < 0.7:
            store.add(ox.Quad(work, cites, hub, rng.choice(graphs)))
        for cited in rng.sample(works, rng.randrange(0, min(6, len(works)))):
            store.add(ox.Quad(work, cites, cited, rng.choice(graphs)))
    return store


def _oxigraph_rows(store, text: str) -> list[tuple]:
    from kg.query import _OX_PREFIXES, _pack

    result = store.query(text, prefixes=_OX_PREFIXES, use_default_graph_as_union=True)
    return [tuple(_pack(term) for term in solution) for solution in result]


@pytest.mark.parametrize("name", sorted(PAIR_VIEWS))
@pytest.mark.parametrize("seed", range(12))
def test_views_pair_networks_counted_by_kg_are_the_rows_oxigraph_gives(name, seed):
    text = next(q.text for q in list_named_queries() if q.name == name)
    assert text.rstrip().endswith("LIMIT 1000")
    store = _citation_store(seed)
    for limit in ("LIMIT 1000", "LIMIT 1", "LIMIT 7", "LIMIT 30", ""):
        variant = text.rstrip()[: -len("LIMIT 1000")] + limit
        assert pair_view(_Store(store), name, variant) == _oxigraph_rows(store, variant), limit


def test_views_pair_networks_decline_links_they_do_not_model():
    import pyoxigraph as ox

    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("https://example.org/a"), ox.NamedNode("http://purl.org/spar/cito/cites"),
                      ox.Literal("a reference printed as text")))
    assert pair_view(_Store(store), "cocitation", "LIMIT 5") is None


def test_views_a_pair_network_keeps_the_strongest_pairs(seeds_store):
    coupled = run_named_query(seeds_store, "cocitation")
    shared = [int(row[-1]) for row in coupled.rows]
    assert shared == sorted(shared, reverse=True) and 0 < len(shared) <= 1000
