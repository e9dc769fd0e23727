"""kg.bibliometrics and `kg analyse`: co-citation, coupling, keyword co-occurrence (association strength),
collaboration, per-year and most-cited tables, checked against counts worked out by hand, and the
VOSviewer files each network writes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.bibliometrics import NETWORKS, TABLES, co_occurrence, network, network_csv, table, vosviewer_files
from kg.build import build_graph
from kg.cli import cli
from kg.errors import QueryError
from kg.query import run_named_query

EXPORTS = Path(__file__).parent / "fixtures" / "exports"

#: the fixture's ten works (tests/fixtures/exports/make_exports.py): who cites whom
CITES = {2: [1], 3: [1, 2], 4: [1, 3], 5: [2, 3], 6: [1, 2, 4], 7: [3, 5], 8: [1, 4, 6], 9: [6, 7], 10: [2, 8, 9]}
SLUG = {1: "shared-instructional-leadership-in-small-rural-schools", 2: "principal-succession-and-the-memory-of-a-school",
        3: "teacher-leadership-networks-across-district-borders", 4: "middle-leaders-as-brokers-of-professional-learning",
        5: "distributed-leadership-under-accountability-pressure", 6: "coaching-novice-principals-in-remote-districts",
        7: "the-ethics-of-data-use-by-school-leaders", 8: "collaborative-inquiry-and-teacher-agency-in-small-schools",
        9: "leading-schools-through-prolonged-closure", 10: "a-decade-of-rural-school-leadership-research-a-review"}
#: co-citation by hand: pairs of works cited together, and by how many citing works
COCITED = {(1, 2): 2, (1, 3): 1, (2, 3): 1, (1, 4): 2, (2, 4): 1, (3, 5): 1, (1, 6): 1, (4, 6): 1, (6, 7): 1,
           (2, 8): 1, (2, 9): 1, (8, 9): 1}
#: coupling by hand: pairs of citing works and the references they share
COUPLED = {(3, 4): 1, (3, 5): 1, (3, 6): 2, (3, 8): 1, (3, 10): 1, (2, 3): 1, (2, 4): 1, (2, 6): 1, (2, 8): 1,
           (4, 5): 1, (4, 6): 1, (4, 7): 1, (4, 8): 1, (5, 6): 1, (5, 7): 1, (5, 10): 1, (6, 8): 2, (6, 10): 1,
           (8, 9): 1}

COUNTRIES = {("CA", "GB"): 1, ("GB", "NO"): 2, ("GB", "PL"): 1, ("KE", "NO"): 1, ("KE", "PL"): 2}


@pytest.fixture(scope="module")
def works():
    return build_graph([EXPORTS / "savedrecs.txt"]).graph


def _iri(n: int) -> str:
    return f"https://w3id.org/leadership-kg/id/publication/{SLUG[n]}"


def _pairs(net) -> dict[tuple[str, str], int]:
    return {(l.source, l.target): l.weight for l in net.links}


def _expected(by_hand: dict[tuple[int, int], int]) -> dict[tuple[str, str], int]:
    return {tuple(sorted((_iri(a), _iri(b)))): w for (a, b), w in by_hand.items()}


def test_bibliometrics_hand_counts_are_consistent():
    """The coupling table above is worked out from CITES by hand; check the arithmetic once."""
    shared = {}
    for a in CITES:
        for b in CITES:
            if a < b and set(CITES[a]) & set(CITES[b]):
                shared[(a, b)] = len(set(CITES[a]) & set(CITES[b]))
    assert shared == COUPLED


@pytest.mark.parametrize("name, by_hand", [("cocitation", COCITED), ("coupling", COUPLED)])
def test_bibliometrics_citation_networks_agree_with_hand_counts(works, name, by_hand):
    assert _pairs(network(works, name)) == _expected(by_hand)


@pytest.mark.parametrize("name, query, column", [("cocitation", "cocitation", "citing_works"),
                                                 ("coupling", "bibliographic-coupling", "shared_references")])
def test_bibliometrics_named_query_agrees_with_the_network(works, name, query, column):
    rows = run_named_query(works, query).dicts()
    assert {(str(r["work_a"]), str(r["work_b"])): int(r[column]) for r in rows} == _pairs(network(works, name))


def test_bibliometrics_cocitation_occurrences_are_citations_received(works):
    items = {i.id: i for i in network(works, "cocitation").items}
    assert items[_iri(1)].occurrences == 5 and items[_iri(1)].year == 2012


def test_bibliometrics_country_collaboration_agrees_with_hand_counts(works):
    net = network(works, "countries")
    code = {i.id: i.id.rsplit("/", 1)[-1] for i in net.items}
    assert {(code[a], code[b]): w for (a, b), w in _pairs(net).items()} == COUNTRIES
    assert {code[i.id]: i.occurrences for i in net.items} == {"GB": 4, "PL": 3, "KE": 5, "NO": 3, "CA": 2}


# keyword co-occurrence on four invented works whose keywords the concept scheme lacks
KEYWORDED = [["quiet rooms", "bell schedules"], ["quiet rooms", "bell schedules", "open doors"],
             ["quiet rooms", "open doors"], ["corridor talk"]]


@pytest.fixture(scope="module")
def keyworded(tmp_path_factory):
    path = tmp_path_factory.mktemp("kw") / "items.json"
    items = [{"id": f"w{i}", "type": "article-journal", "title": f"Small school study number {i}",
              "author": [{"family": "Lune", "given": "Mira"}], "issued": {"date-parts": [[2010 + i]]},
              "keyword": ", ".join(kws)} for i, kws in enumerate(KEYWORDED)]
    path.write_text(json.dumps(items), encoding="utf-8")
    return build_graph([path]).graph


def test_bibliometrics_keyword_cooccurrence_and_association_strength_by_hand(keyworded):
    net = network(keyworded, "keywords")
    assert {i.id: i.occurrences for i in net.items} == {"quiet rooms": 3, "bell schedules": 2, "open doors": 2,
                                                       "corridor talk": 1}
    links = {(l.source, l.target): (l.weight, l.association) for l in net.links}
    # c(bell, quiet) = 2, c(bell, open) = 1, c(open, quiet) = 2; total link strength: bell 3, open 3, quiet 4; m = 5
    assert links == {("bell schedules", "quiet rooms"): (2, round(2 * 5 * 2 / (3 * 4), 4)),
                     ("bell schedules", "open doors"): (1, round(2 * 5 * 1 / (3 * 3), 4)),
                     ("open doors", "quiet rooms"): (2, round(2 * 5 * 2 / (3 * 4), 4))}
    # the mean year of the works a keyword is in: quiet rooms in 2010, 2011 and 2012
    assert {i.id: i.year for i in net.items}["quiet rooms"] == 2011


def test_bibliometrics_co_occurrence_of_plain_groups():
    net = co_occurrence("demo", {"p1": {"a", "b"}, "p2": {"a", "b", "c"}})
    assert [(l.source, l.target, l.weight) for l in net.links] == [("a", "b", 2), ("a", "c", 1), ("b", "c", 1)]


@pytest.mark.parametrize("name", list(NETWORKS))
def test_bibliometrics_vosviewer_files_are_vosviewer_map_and_network_files(works, name):
    net = network(works, name)
    files = vosviewer_files(net)
    header, *rows = files["map.txt"].rstrip("\n").split("\n")
    assert header.split("\t") == ["id", "label", "cluster", "weight<Links>", "weight<Total link strength>",
                                  "weight<Occurrences>", "score<Avg. pub. year>"]
    cells = [r.split("\t") for r in rows]
    assert all(len(c) == 7 for c in cells) and [int(c[0]) for c in cells] == list(range(1, len(net.items) + 1))
    assert all(int(c[2]) >= 1 and int(c[5]) >= 1 and c[1] == c[1].strip() and c[1] for c in cells)
    links = [tuple(map(int, line.split("\t"))) for line in files["network.txt"].splitlines()]
    assert len(links) == len(net.links) and all(1 <= a < b <= len(rows) and w >= 1 for a, b, w in links)
    strength = {int(c[0]): int(c[4]) for c in cells}
    for i in strength:  # Total link strength is the sum of the item's link weights
        assert strength[i] == sum(w for a, b, w in links if i in (a, b))


@pytest.mark.parametrize("name, first", [
    ("per-year", ("2012", "1", "5")),
    ("most-cited", (_iri(1), "Shared instructional leadership in small rural schools", "5")),
    ("most-cited-authors", ("https://w3id.org/leadership-kg/id/person/ilse-varnham", "Ilse Varnham", "8", "3")),
])
def test_bibliometrics_tables(works, name, first):
    header, rows = table(works, name)
    assert rows[0] == first and len(header) == len(first)


def test_bibliometrics_unknown_analysis_lists_the_available_ones(works):
    with pytest.raises(QueryError, match="unknown analysis 'cocite'; available: cocitation, coupling, keywords"):
        network(works, "cocite")


def test_bibliometrics_network_csv_rows(works):
    text = network_csv(network(works, "cocitation"))
    lines = text.splitlines()
    assert lines[0] == "source,source_label,target,target_label,weight,association_strength"
    assert len(lines) == 1 + len(COCITED)
    assert lines[1].split(",")[-2:] == ["2", "2.3333"]  # the strongest pair first: (1, 4), 2m c / (c_1 c_4) = 2*14*2/(6*4)


@pytest.mark.parametrize("name", [*NETWORKS, *TABLES])
def test_cli_analyse_subcommand_writes_csv(tmp_path, name):
    graph = tmp_path / "g.ttl"
    assert CliRunner().invoke(cli, ["build", str(EXPORTS / "works.ris"), "-o", str(graph), "--no-html"]).exit_code == 0
    args = ["analyse", name, str(graph), "-o", str(tmp_path / "out.csv")]
    if name in NETWORKS:
        args += ["--vosviewer", str(tmp_path / "vos")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").count("\n") >= 2
    if name in NETWORKS:
        assert (tmp_path / "vos" / "map.txt").exists() and (tmp_path / "vos" / "network.txt").exists()


def test_cli_analyse_missing_graph_is_one_line(tmp_path):
    result = CliRunner().invoke(cli, ["analyse", "cocitation", str(tmp_path / "nothing.ttl")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip().startswith("Error: ") and len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("name, cls", [("cocitation", "Publication"), ("keywords", "Concept"), ("countries", "Country")])
def test_bibliometrics_network_view_draws_items_and_links_with_their_years(works, name, cls):
    from kg.bibliometrics import network_view

    net = network(works, name)
    view, years = network_view(net)
    assert set(view.nodes) == {i.id for i in net.items} and {n.cls for n in view.nodes.values()} == {cls}
    assert len(view.edges) == len(net.links)
    assert all(str(l.weight) in e.evidence[0].text for l, e in zip(net.links, view.edges))
    assert years == {i.id: round(i.year) for i in net.items if i.year is not None}


def test_cli_analyse_html_view_is_coloured_by_year(tmp_path):
    graph = tmp_path / "g.ttl"
    assert CliRunner().invoke(cli, ["build", str(EXPORTS / "scopus.csv"), "-o", str(graph), "--no-html"]).exit_code == 0
    page = tmp_path / "co.html"
    result = CliRunner().invoke(cli, ["analyse", "cocitation", str(graph), "-o", str(tmp_path / "co.csv"), "--html", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "Cocitation network" in html and 'class="kg-year"' in html and "2 works cite both" in html
