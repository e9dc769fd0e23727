"""The analyses VOSviewer, CiteSpace and bibliometrix users expect, read from the graph through
named queries (kg/queries/*.rq): co-citation, bibliographic coupling, keyword co-occurrence,
country and institution collaboration networks; publications and citations per year; most-cited
works and authors. Networks count pairs in one table of links each (works citing works, works
and their keywords, countries or institutions) and carry VOSviewer's association strength.

>>> net = network(graph, "cocitation")               # doctest: +SKIP
>>> files = vosviewer_files(net)                    # doctest: +SKIP  {"map.txt": ..., "network.txt": ...}
"""
from __future__ import annotations

import csv
import io
import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import networkx as nx

from kg.errors import QueryError

#: network name -> (what it says, named query, the column grouping links, the column of the items, label column, item year column)
NETWORKS: dict[str, tuple[str, str, str, str, str | None, str]] = {
    "cocitation": ("works cited together by one work; link = works citing both", "citation-links",
                   "citing", "cited", None, "cited_year"),
    "coupling": ("works citing the same works; link = references they share", "citation-links",
                 "cited", "citing", None, "citing_year"),
    "keywords": ("keywords of one publication; link = publications with both", "publication-keywords",
                 "publication", "keyword", "keyword", "year"),
    "countries": ("countries of one publication's affiliations; link = publications co-authored", "publication-countries",
                  "publication", "country", "country_label", "year"),
    "institutions": ("institutions of one publication's authors; link = publications co-authored",
                     "publication-institutions", "publication", "institution", "institution_label", "year"),
}
#: table name -> (what it says, named query)
TABLES: dict[str, tuple[str, str]] = {
    "per-year": ("publications and the citations they received, per year of publication", "citations-per-year"),
    "most-cited": ("works by the number of works that cite them", "most-cited"),
    "most-cited-authors": ("authors by the number of works citing their works", "most-cited-authors"),
}
#: the VOSviewer map file's columns for a bibliometric network (manual, "Map file"); the score column
#: colours VOSviewer's overlay visualisation by year
MAP_COLUMNS = ("id", "label", "cluster", "weight<Links>", "weight<Total link strength>", "weight<Occurrences>",
               "score<Avg. pub. year>")


@dataclass(frozen=True)
class Item:
    id: str
    label: str
    #: how many groups hold it: citations a work received, references a work makes, publications of a keyword
    occurrences: int
    #: the mean year of publication of its publications (its own year for a work); None when unknown
    year: float | None = None


@dataclass(frozen=True)
class Link:
    source: str
    target: str
    #: co-occurrences: groups holding both
    weight: int
    #: VOSviewer's association strength, 2m c_ij / (c_i c_j): c_i the total link strength of i, m of the network
    association: float


@dataclass
class BibliometricNetwork:
    name: str
    items: list[Item] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)

    def graph(self) -> nx.Graph:
        net = nx.Graph()
        for item in self.items:
            net.add_node(item.id, label=item.label, occurrences=item.occurrences)
        for link in self.links:
            net.add_edge(link.source, link.target, weight=link.weight, association=link.association)
        return net


def _check(name: str, table: dict) -> None:
    if name not in table:
        raise QueryError(f"unknown analysis '{name}'; available: {', '.join([*NETWORKS, *TABLES])}")


def network(graph, name: str) -> BibliometricNetwork:
    """One of NETWORKS, from the graph (an rdflib graph or a kg store)."""
    from kg.query import run_named_query

    _check(name, NETWORKS)
    _, query, group_col, item_col, label_col, year_col = NETWORKS[name]
    rows = run_named_query(graph, query, timeout=300.0).dicts()
    labels = _labels(graph) if label_col is None else {}
    groups: dict[str, set[str]] = defaultdict(set)
    years: dict[str, dict[str, int]] = defaultdict(dict)  # item -> group -> year of the publication that makes it count
    for row in rows:
        group, item = str(row[group_col]), str(row[item_col])
        groups[group].add(item)
        if label_col is not None:
            labels.setdefault(item, str(row.get(label_col) or item))
        year = row.get(year_col)
        if year is not None and str(year).isdigit():
            years[item][item if label_col is None else group] = int(str(year))
    return _co_occurrence(name, groups, labels, years)


def co_occurrence(name: str, groups: dict[str, set[str]], labels: dict[str, str] | None = None) -> BibliometricNetwork:
    """The network of items that share groups: `groups` maps each group (a citing work, a publication)
    to its items (cited works, keywords). Occurrences count groups; link weights count shared groups."""
    return _co_occurrence(name, groups, labels or {}, {})


def _co_occurrence(name: str, groups: dict[str, set[str]], labels: dict[str, str],
                   years: dict[str, dict[str, int]]) -> BibliometricNetwork:
    occurrences: Counter = Counter()
    pairs: Counter = Counter()
    for members in groups.values():
        occurrences.update(members)
        pairs.update(itertools.combinations(sorted(members), 2))
    strength: Counter = Counter()
    for (a, b), c in pairs.items():
        strength[a] += c
        strength[b] += c
    total = sum(pairs.values())
    items = []
    for item in sorted(occurrences):
        ys = list(years.get(item, {}).values())
        items.append(Item(item, labels.get(item, item), occurrences[item], round(sum(ys) / len(ys), 2) if ys else None))
    links = [Link(a, b, c, round(2 * total * c / (strength[a] * strength[b]), 4)) for (a, b), c in sorted(pairs.items())]
    return BibliometricNetwork(name, items, links)


def _labels(graph) -> dict[str, str]:
    """Every entity's label (works are items of the citation networks)."""
    from kg.query import run_query

    result = run_query(graph, "SELECT ?e ?label WHERE { ?e a lkg:Publication ; rdfs:label ?label }", timeout=300.0)
    return {str(e): str(label) for e, label in result.rows}


def table(graph, name: str) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """One of TABLES: its header and rows, as strings (an empty cell for an unbound value)."""
    from kg.query import run_named_query

    _check(name, TABLES)
    result = run_named_query(graph, TABLES[name][1], timeout=300.0)
    return result.vars, [tuple("" if v is None else str(v) for v in row) for row in result.rows]


# ------------------------------------------------------------------------------------------ output

#: the class each network's items are drawn as, and what its links say
_DRAWN = {"cocitation": ("Publication", "works cite both"), "coupling": ("Publication", "references shared"),
          "keywords": ("Concept", "publications with both"), "countries": ("Country", "publications co-authored"),
          "institutions": ("Organisation", "publications co-authored")}
ANALYSIS = "https://w3id.org/leadership-kg/analysis#"


def network_view(net: BibliometricNetwork):
    """The network as a `kg.viz.View` (one node per item, one edge per link, the count in its tooltip) and
    the year of each item (its mean year of publication, rounded) for colouring by year."""
    from kg.viz import Quote, View, VizEdge, VizNode

    cls, says = _DRAWN[net.name]
    nodes = {i.id: VizNode(i.id, i.label, cls) for i in net.items}
    edges = [VizEdge(l.source, l.target, ANALYSIS + net.name,
                     (Quote(f"{l.weight} {says}; association strength {l.association:g}", f"kg analyse {net.name}", "", ""),))
             for l in net.links]
    years = {i.id: round(i.year) for i in net.items if i.year is not None}
    return View(nodes, edges), years


def table_csv(header, rows) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def network_csv(net: BibliometricNetwork) -> str:
    """One row per link: both items with their labels, the co-occurrences and the association strength."""
    label = {i.id: i.label for i in net.items}
    rows = [(l.source, label[l.source], l.target, label[l.target], l.weight, f"{l.association:g}")
            for l in sorted(net.links, key=lambda l: (-l.weight, l.source, l.target))]
    return table_csv(("source", "source_label", "target", "target_label", "weight", "association_strength"), rows)


def vosviewer_files(net: BibliometricNetwork) -> dict[str, str]:
    """VOSviewer's map and network files (File > Create > "based on network data"): items numbered in id
    order, clustered by Louvain communities on the co-occurrence weights; network.txt `id id weight`."""
    from kg.analysis import communities

    ids = {item.id: n for n, item in enumerate(net.items, 1)}
    cluster = {node: c for c, members in enumerate(communities(net.graph()), 1) for node in members}
    links: Counter = Counter()
    strength: Counter = Counter()
    for l in net.links:
        links[l.source] += 1
        links[l.target] += 1
        strength[l.source] += l.weight
        strength[l.target] += l.weight
    rows = ["\t".join(MAP_COLUMNS)]
    for item in net.items:
        cells = (ids[item.id], " ".join(item.label.split()), cluster.get(item.id, 1), links[item.id], strength[item.id],
                 item.occurrences, "" if item.year is None else f"{item.year:g}")
        rows.append("\t".join(str(c) for c in cells))
    pairs = sorted((min(ids[l.source], ids[l.target]), max(ids[l.source], ids[l.target]), l.weight) for l in net.links)
    return {"map.txt": "\n".join(rows) + "\n", "network.txt": "".join(f"{a}\t{b}\t{w}\n" for a, b, w in pairs)}
