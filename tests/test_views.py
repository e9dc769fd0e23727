"""kg.views: the answers of the parameterless named queries, worked out when a store is created,
are the answers the queries give live; a changed query or a damaged view file runs live instead."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.errors import ResultTooLarge
from kg.query import list_named_queries, run_named_query, run_query
from kg.triplestore import create_store, open_store
from kg.views import VIEWS_DIR, read_view

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
