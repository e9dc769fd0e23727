"""The small shared modules: gazetteer, text keys, graph files and the spaCy pipeline."""
from __future__ import annotations

import os

import pytest
import rdflib

from kg import gazetteer
from kg.errors import GraphFormatError
from kg.nlp import dependency_parser, load_pipeline
from kg.store import load_graph, write_atomic
from kg.text import clean_label, is_title_case, name_key, slug


@pytest.mark.parametrize("name, code", [("UK", "GB"), ("Britain", "GB"), ("Russian Federation", "RU"), ("Russia", "RU"),
                                        ("USA", "US"), ("Kazakhstan", "KZ"), ("Viet Nam", "VN")])
def test_gazetteer_country_names(name, code):
    assert gazetteer.country_by_name(name).code == code


def test_gazetteer_country_labels_are_everyday_short_names():
    assert gazetteer.country_by_code("RU").name == "Russia"
    assert gazetteer.country_by_code("GB").name == "United Kingdom"
    assert "," not in gazetteer.country_by_code("KR").name


@pytest.mark.parametrize(
    "name, context, state, country",
    [
        ("Yekaterinburg", set(), None, "RU"),
        ("Ekaterinburg", set(), None, "RU"),  # another name GeoNames knows for a large city
        ("Cambridge", {"GB"}, None, "GB"),
        ("Cambridge", {"US"}, None, "US"),
        ("Boston", set(), "MA", "US"),
        ("Taraz", set(), None, "KZ"),
    ],
)
def test_gazetteer_best_city_uses_context(name, context, state, country):
    assert gazetteer.best_city(name, countries_in_context=context, state=state).country == country


def test_gazetteer_small_unknown_town_gets_no_guessed_country():
    assert gazetteer.best_city("Buckingham") is None


@pytest.mark.parametrize(
    "a, b",
    [("The Educational Management, Administration & Leadership", "educational management administration and leadership"),
     ("Ṡchool  Leadership!", "school leadership")],
)
def test_text_name_key(a, b):
    assert name_key(a) == b


def test_text_slug_and_clean_label():
    assert slug("Marina Pinskaya's Study: 2013") == "marina-pinskaya-s-study-2013"
    assert clean_label("  the British Council, ") == "British Council"
    assert is_title_case("Study of Leadership for Learning Improvement")
    assert not is_title_case("study of leadership")


def test_store_write_atomic_leaves_no_temporary_file(tmp_path):
    path = write_atomic(tmp_path / "sub" / "out.ttl", "x")
    assert path.read_text() == "x"
    assert [p.name for p in (tmp_path / "sub").iterdir()] == ["out.ttl"]
    assert oct(os.stat(path).st_mode & 0o777) != "0o600"  # readable like any file the user writes


def test_store_write_atomic_keeps_the_old_file_when_writing_fails(tmp_path):
    path = tmp_path / "out.ttl"
    path.write_text("old")

    with pytest.raises(TypeError):
        write_atomic(path, 12345)  # not text nor bytes: the write fails midway
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


@pytest.mark.parametrize("suffix, data, fmt", [(".ttl", "<a:b> <a:c> <a:d> .", "turtle"),
                                               (".nt", "<http://a/b> <http://a/c> <http://a/d> .\n", "nt")])
def test_store_load_graph_by_suffix(tmp_path, suffix, data, fmt):
    path = tmp_path / f"g{suffix}"
    path.write_text(data)
    assert len(load_graph(path)) == 1


def test_store_load_graph_errors_name_the_file(tmp_path):
    with pytest.raises(GraphFormatError, match="no such graph file"):
        load_graph(tmp_path / "missing.ttl")
    bad = tmp_path / "bad.ttl"
    bad.write_text("not turtle at all")
    with pytest.raises(GraphFormatError, match="bad.ttl: cannot parse as turtle"):
        load_graph(bad)


def test_nlp_pipeline_uses_the_sentence_recogniser_and_parses_on_demand():
    nlp = load_pipeline()
    assert "parser" in nlp.disabled and "senter" in nlp.pipe_names
    with dependency_parser() as with_parser:
        doc = with_parser("The programme was funded by the Lake Foundation.")
        assert any(t.dep_ == "agent" for t in doc)
    assert "parser" in nlp.disabled


def test_gazetteer_a_towns_own_name_beats_another_citys_other_name():
    assert all(c.name == "Cham" for c in gazetteer.city_candidates("Cham"))  # not Damascus
    assert gazetteer.best_city("Cham") is None  # two small towns: no country without context
