"""`kg viz --by-year` and `--years`: entities coloured by the year they first appear, and time slices."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build import build_graph
from kg.cli import cli
from kg.viz import NO_YEAR, YEAR_COLOURS, entity_view, first_years, render_html, year_slices

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
LKR = "https://w3id.org/leadership-kg/id/"


@pytest.fixture(scope="module")
def works():
    return build_graph([EXPORTS / "works.ris"]).graph


def _nodes(html: str) -> list[dict]:
    data = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    assert data, "the page carries its data"
    return json.loads(data.group(1))["nodes"]


@pytest.mark.parametrize("years, spans", [
    ([], []),
    ([2012], [(2012, 2012)]),
    ([2012, 2013, 2015], [(2012, 2012), (2013, 2013), (2014, 2014), (2015, 2015)]),
    (list(range(2000, 2012)), [(2000, 2001), (2002, 2003), (2004, 2005), (2006, 2007), (2008, 2009), (2010, 2011)]),
])
def test_viz_year_slices_cover_the_years_in_equal_spans(years, spans):
    slices = year_slices(years)
    assert [(a, b) for a, b, _ in slices] == spans
    if len(slices) > 1:  # the earliest and the latest slice take the ends of the scale
        assert slices[0][2] == YEAR_COLOURS[0] and slices[-1][2] == YEAR_COLOURS[-1]


@pytest.mark.parametrize("entity, year", [
    ("publication/teacher-leadership-networks-across-district-borders", 2014),
    ("person/ilse-varnham", 2012),  # her first work
    ("person/olena-kovalyk", 2016),
    ("journal/leadership-in-learning-review", 2013),
])
def test_viz_first_years(works, entity, year):
    assert first_years(works, entity_view(works))[LKR + entity] == year


def test_viz_by_year_colours_nodes_by_slice_and_lists_the_slices(works):
    html = render_html(works, by_year=True)
    colours = {n["label"]: n["color"]["background"] for n in _nodes(html)}
    assert colours["Shared instructional leadership in small rural schools"] == YEAR_COLOURS[0]
    assert colours["A decade of rural school leadership research: a review"] == YEAR_COLOURS[-1]
    assert colours["Kenya"] == NO_YEAR  # a country is linked to organisations, not to works
    assert html.count('class="kg-year"') == 5 and "2012–2013" in html


def test_viz_years_draws_a_time_slice(works):
    labels = {n["label"] for n in _nodes(render_html(works, years=(2012, 2013)))}
    assert {"Shared instructional leadership in small rural schools", "Ilse Varnham", "Amara Mirewa"} <= labels
    assert "Middle leaders as brokers of professional learning" not in labels and "Olena Kovalyk" not in labels


@pytest.mark.parametrize("value", ["2015", "2020-2015", "last year"])
def test_viz_cli_years_needs_a_span(tmp_path, value):
    graph = tmp_path / "g.ttl"
    CliRunner().invoke(cli, ["build", str(EXPORTS / "works.ris"), "-o", str(graph), "--no-html"])
    result = CliRunner().invoke(cli, ["viz", str(graph), "--years", value])
    assert result.exit_code == 2 and "give two years, the earlier first" in result.output


def test_viz_cli_by_year_writes_the_page(tmp_path):
    graph = tmp_path / "g.ttl"
    CliRunner().invoke(cli, ["build", str(EXPORTS / "works.ris"), "-o", str(graph), "--no-html"])
    result = CliRunner().invoke(cli, ["viz", str(graph), "--by-year", "--years", "2012-2016", "-o", str(tmp_path / "v.html")])
    assert result.exit_code == 0, result.output
    assert 'class="kg-year"' in (tmp_path / "v.html").read_text(encoding="utf-8")
