"""How long `kg viz` takes to draw large graphs, and how big the page gets.

    .venv/bin/python bench/bench_viz.py            # 500 and 5,000 nodes
    .venv/bin/python bench/bench_viz.py 300 20000  # any sizes
    .venv/bin/python bench/bench_viz.py --keep bench/out   # also keep the pages to open them

The graphs are synthetic but shaped like the contract: people write publications (with evidence
for every authorship), publications appear in journals, are about concepts, are set in countries
and cite each other; people are affiliated to organisations located in places in countries;
programmes are organised by organisations and have participants.
"""
from __future__ import annotations

import argparse
import hashlib
import random
import time
from pathlib import Path

import rdflib
from rdflib import Literal
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kg.namespaces import CITO, LKG, LKR
from kg.viz import render_html

#: share of the nodes each class gets
MIX = {
    "person": 0.45, "publication": 0.30, "organisation": 0.08, "concept": 0.05, "place": 0.04,
    "programme": 0.03, "journal": 0.03, "country": 0.02,
}
CLASS_OF = {
    "person": LKG.Person, "publication": LKG.JournalArticle, "organisation": LKG.Organisation,
    "concept": LKG.Concept, "place": LKG.Place, "programme": LKG.Programme, "journal": LKG.Journal,
    "country": LKG.Country,
}


def synthetic_graph(nodes: int, seed: int = 1) -> rdflib.Graph:
    """A contract-shaped graph of about `nodes` entities, the same for the same arguments."""
    rng = random.Random(seed)
    g = rdflib.Graph()
    docs = [LKR[f"document/doc-{i:04d}"] for i in range(max(1, nodes // 50))]
    for i, doc in enumerate(docs):
        g.add((doc, RDF.type, LKG.SourceDocument))
        g.add((doc, LKG.path, Literal(f"corpus/doc-{i:04d}.txt")))
    ids: dict[str, list[rdflib.URIRef]] = {}
    for kind, share in MIX.items():
        ids[kind] = [LKR[f"{kind}/{kind}-{i:05d}"] for i in range(max(1, round(nodes * share)))]
        for i, iri in enumerate(ids[kind]):
            g.add((iri, RDF.type, CLASS_OF[kind]))
            if kind == "publication":
                g.add((iri, RDF.type, LKG.Publication))
            g.add((iri, RDFS.label, Literal(f"{kind.title()} {i}")))
            g.add((iri, PROV.wasDerivedFrom, rng.choice(docs)))

    def relate(s, p, o, quote: str) -> None:
        g.add((s, p, o))
        ev = LKR["evidence/" + hashlib.sha256(f"{s} {p} {o}".encode()).hexdigest()[:16]]
        g.add((ev, RDF.type, LKG.Evidence))
        g.add((ev, RDF.subject, s))
        g.add((ev, RDF.predicate, p))
        g.add((ev, RDF.object, o))
        g.add((ev, LKG.source, rng.choice(docs)))
        g.add((ev, LKG.quote, Literal(quote)))
        g.add((ev, LKG.extractor, Literal("synthetic")))

    people, pubs = ids["person"], ids["publication"]
    weights = [1.0] * len(people)
    position = {person: i for i, person in enumerate(people)}
    for n, pub in enumerate(pubs):
        for person in set(rng.choices(people, weights=weights, k=rng.randint(1, 4))):
            relate(pub, DCTERMS.creator, person, f"Publication {n} was written by {g.value(person, RDFS.label)}.")
            weights[position[person]] += 1.0
        relate(pub, DCTERMS.isPartOf, rng.choice(ids["journal"]), f"Publication {n} appeared in a journal.")
        relate(pub, DCTERMS.subject, rng.choice(ids["concept"]), f"Publication {n} is about a concept.")
        if rng.random() < 0.5:
            relate(pub, DCTERMS.spatial, rng.choice(ids["country"]), f"Publication {n} is set in a country.")
        for cited in rng.sample(pubs[:n], k=min(n, rng.randint(0, 3))):
            relate(pub, CITO.cites, cited, f"Publication {n} cites an earlier work.")
    for person in people:
        if rng.random() < 0.6:
            relate(person, LKG.affiliation, rng.choice(ids["organisation"]), "An affiliation line.")
    for org in ids["organisation"]:
        relate(org, LKG.locatedIn, rng.choice(ids["place"] + ids["country"]), "An address line.")
    for place in ids["place"]:
        relate(place, LKG.locatedIn, rng.choice(ids["country"]), "A place in a country.")
    for programme in ids["programme"]:
        relate(programme, LKG.organisedBy, rng.choice(ids["organisation"]), "Who runs the programme.")
        for person in rng.sample(people, k=min(len(people), 3)):
            relate(programme, LKG.participant, person, "A participant of the programme.")
    for concept in ids["concept"][1:]:
        g.add((concept, SKOS.broader, ids["concept"][0]))
    return g


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Time kg.viz.render_html on synthetic contract-shaped graphs.")
    parser.add_argument("sizes", nargs="*", type=int, default=[500, 5000], help="node counts (default: 500 5000)")
    parser.add_argument("--keep", type=Path, help="folder to write the pages to, e.g. bench/out")
    args = parser.parse_args(argv)
    print(f"{'nodes':>7} {'triples':>9} {'render s':>9} {'HTML kB':>9}")
    for size in args.sizes:
        graph = synthetic_graph(size)
        start = time.perf_counter()
        page = render_html(graph, title=f"Synthetic graph of {size} nodes")
        elapsed = time.perf_counter() - start
        print(f"{size:>7} {len(graph):>9} {elapsed:>9.2f} {len(page.encode('utf-8')) / 1000:>9.0f}")
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            (args.keep / f"synthetic-{size}.html").write_text(page, encoding="utf-8")


if __name__ == "__main__":
    main()
