"""How long each named query takes, on a real graph file and on a synthetic graph of N triples.

    .venv/bin/python bench/bench_query.py                          # graphs/leadership.ttl (or the fixture) + 1M triples
    .venv/bin/python bench/bench_query.py my.ttl --synthetic 50000 # any file, a quick synthetic size
    .venv/bin/python bench/bench_query.py --synthetic 0 --runs 9   # the file only, more runs

Each named query runs --runs times on the kg store (Oxigraph; `kg store` loads the file into a
temporary store, a fresh process opens it) and on the rdflib graph, side by side with the ratio; the
median is shown. The queries with a parameter run twice: with the values pick_params chooses (the
busiest author, the most-cited work: the worst case) and with typical ones (typical_params: the
99th percentile).
For each graph it also times `kg query FILE --name journals` twice with an empty store cache: the
first loads the file into the store, the second reads the cached store.
The synthetic graph follows CONTRACT.md: publications with creators (and an author list), cites,
subjects, places, journals, documents with mentions, and an evidence node for every relation. It
is generated in-process with a fixed seed, so two runs measure the same graph.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import rdflib
from rdflib import Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg import query as kq  # noqa: E402
from kg.errors import QueryError  # noqa: E402
from kg.namespaces import BIBO, CITO, LKG, LKR  # noqa: E402
from kg.store import bind_prefixes, load_graph  # noqa: E402
from kg.triplestore import open_graph  # noqa: E402


# ---------------------------------------------------------------------------------------- synthetic graph


def synthetic_graph(triples: int, seed: int = 7) -> rdflib.Graph:
    """A contract-shaped graph of at least `triples` triples (about 130 per publication)."""
    rng = random.Random(seed)
    pubs_estimate = max(10, triples // 130)
    g = bind_prefixes(rdflib.Graph())
    add = g.add

    def pool(kind: str, size: int, cls: URIRef) -> list[URIRef]:
        iris = [LKR[f"{kind}/{kind}-{i:06d}"] for i in range(max(2, size))]
        for i, iri in enumerate(iris):
            add((iri, RDF.type, cls))
            add((iri, RDFS.label, Literal(f"{kind.title()} {i}")))
        return iris

    countries = pool("country", 40, LKG.Country)
    places = pool("place", pubs_estimate // 50, LKG.Place)
    for place in places:
        add((place, LKG.locatedIn, rng.choice(countries)))
    organisations = pool("organisation", pubs_estimate // 20, LKG.Organisation)
    for org in organisations:
        add((org, LKG.locatedIn, rng.choice(places)))
    programmes = pool("programme", pubs_estimate // 100, LKG.Programme)
    for programme in programmes:
        add((programme, LKG.locatedIn, rng.choice(countries + places)))
        add((programme, LKG.organisedBy, rng.choice(organisations)))
    concepts = pool("concept", 300, LKG.Concept)
    for i, concept in enumerate(concepts[1:], 1):
        add((concept, SKOS.broader, concepts[rng.randrange(i)]))
    journals = pool("journal", pubs_estimate // 60, LKG.Journal)
    people = pool("person", int(pubs_estimate * 0.7), LKG.Person)
    for i, person in enumerate(people):
        add((person, FOAF.familyName, Literal(f"Family{i}")))
        add((person, SKOS.altLabel, Literal(f"P. {i}")))
        if rng.random() < 0.3:
            add((person, LKG.affiliation, rng.choice(organisations)))
    publications: list[URIRef] = []

    def evidence(s: URIRef, p: URIRef, o: URIRef, doc: URIRef, at: int) -> None:
        ev = LKR["evidence/" + hashlib.sha256(f"{s} {p} {o}".encode()).hexdigest()[:20]]
        for pred, obj in ((RDF.type, LKG.Evidence), (RDF.subject, s), (RDF.predicate, p), (RDF.object, o),
                          (LKG.source, doc), (LKG.start, Literal(at)), (LKG.end, Literal(at + 40)),
                          (LKG.quote, Literal(f"{s.rsplit('/', 1)[-1]} {p.rsplit('/', 1)[-1]} {o.rsplit('/', 1)[-1]}")),
                          (LKG.extractor, Literal("synthetic")), (LKG.confidence, Literal(0.9))):
            add((ev, pred, obj))

    def relate(s: URIRef, p: URIRef, o: URIRef, doc: URIRef, at: int) -> None:
        add((s, p, o))
        evidence(s, p, o, doc, at)

    i = 0
    while len(g) < triples:
        pub = LKR[f"publication/publication-{i:06d}"]
        doc = LKR[f"document/doc-{i:06d}"]
        add((doc, RDF.type, LKG.SourceDocument))
        add((doc, RDFS.label, Literal(f"doc-{i:06d}.txt")))
        add((doc, LKG.path, Literal(f"corpus/doc-{i:06d}.txt")))
        add((doc, FOAF.primaryTopic, pub))
        add((pub, RDF.type, LKG.Publication))
        add((pub, RDF.type, LKG.JournalArticle))
        add((pub, RDFS.label, Literal(f"Publication {i}")))
        add((pub, DCTERMS.title, Literal(f"Publication {i}")))
        add((pub, DCTERMS.issued, Literal(str(1990 + rng.randrange(35)), datatype=XSD.gYear)))
        add((pub, PROV.wasDerivedFrom, doc))
        authors = rng.sample(people, rng.randint(1, 4))
        Collection(g, LKR[f"publication/publication-{i:06d}/authors"], authors)
        add((pub, BIBO.authorList, LKR[f"publication/publication-{i:06d}/authors"]))
        at = 0
        for person in authors:
            relate(pub, DCTERMS.creator, person, doc, at)
            add((doc, LKG.mentions, person))
            add((person, PROV.wasDerivedFrom, doc))
            at += 50
        relate(pub, DCTERMS.isPartOf, rng.choice(journals), doc, at)
        for concept in rng.sample(concepts, 2):
            relate(pub, DCTERMS.subject, concept, doc, at + 100)
            add((doc, LKG.mentions, concept))
        relate(pub, DCTERMS.spatial, rng.choice(countries + places), doc, at + 200)
        if publications:  # cite earlier works, the recent ones and a few classics more often
            for cited in {publications[min(len(publications) - 1, int(rng.paretovariate(1.2)) - 1)],
                          rng.choice(publications), rng.choice(publications)}:
                relate(pub, CITO.cites, cited, doc, at + 300)
        publications.append(pub)
        i += 1
    return g


# ---------------------------------------------------------------------------------------- parameters


def pick_params(graph: rdflib.Graph) -> dict[str, str]:
    """Realistic parameter values from the graph: the busiest author, the most-cited work, ..."""
    def label(node: URIRef) -> str:
        return str(graph.value(node, RDFS.label) or graph.value(node, DCTERMS.title) or node)

    def busiest(pairs: Counter) -> URIRef | None:
        return min(pairs, key=lambda k: (-pairs[k], str(k))) if pairs else None

    authors = Counter(o for o in graph.objects(None, DCTERMS.creator))
    cited = Counter(o for o in graph.objects(None, CITO.cites))
    citing = Counter(s for s in graph.subjects(CITO.cites, None))
    spatial = Counter(o for o in graph.objects(None, DCTERMS.spatial) if (o, RDF.type, LKG.Country) in graph)
    docs = sorted(graph.subjects(RDF.type, LKG.SourceDocument))
    person = busiest(authors)
    params = {
        "person": label(person) if person else "nobody",
        "publication": label(busiest(cited) or busiest(citing) or URIRef("none")),
        "country": label(busiest(spatial) or next(iter(sorted(graph.subjects(RDF.type, LKG.Country))), URIRef("none"))),
        "document": str(graph.value(docs[0], RDFS.label) or docs[0]) if docs else "none",
        "subject": label(person) if person else "nobody",
    }
    return params


def typical_params(graph: rdflib.Graph, percentile: float = 0.99) -> dict[str, str]:
    """Parameter values at the given percentile instead of the extreme: the work cited more often
    than 99 % of the cited works (pick_params takes the most cited, which the synthetic graph's
    citation model makes a hub cited by 57 % of all works), the author of more works than 99 % of
    the authors, the country of that percentile, a document from the middle of the list."""
    def label(node: URIRef) -> str:
        return str(graph.value(node, RDFS.label) or graph.value(node, DCTERMS.title) or node)

    def at(counts: Counter) -> URIRef | None:
        if not counts:
            return None
        ranked = sorted(counts, key=lambda k: (counts[k], str(k)))
        return ranked[int(percentile * (len(ranked) - 1))]

    authors = Counter(o for o in graph.objects(None, DCTERMS.creator))
    cited = Counter(o for o in graph.objects(None, CITO.cites))
    spatial = Counter(o for o in graph.objects(None, DCTERMS.spatial) if (o, RDF.type, LKG.Country) in graph)
    docs = sorted(graph.subjects(RDF.type, LKG.SourceDocument))
    person, work, country = at(authors), at(cited), at(spatial)
    return {
        "person": label(person) if person else "nobody",
        "publication": label(work) if work else "none",
        "country": label(country) if country else "none",
        "document": str(graph.value(docs[len(docs) // 2], RDFS.label) or docs[len(docs) // 2]) if docs else "none",
        "subject": label(person) if person else "nobody",
        "_counts": json.dumps({"publication cited by": cited.get(work, 0), "person wrote": authors.get(person, 0),
                               "most cited": max(cited.values(), default=0), "works": len(docs)}),
    }


def params_for(named: kq.NamedQuery, values: dict[str, str]) -> dict[str, str]:
    return {p.name: values[p.name] for p in named.params if not p.optional}


# ---------------------------------------------------------------------------------------- timing


def bench(graph, runs: int, timeout: float, values: dict[str, str], only: set[str] | None = None,
          quiet: bool = False, skip: dict[str, str] | None = None, with_params: bool = False) -> dict[str, dict]:
    """Each named query `runs` times on `graph` (an rdflib graph or a kg store): rows and timings.
    `skip` names queries not to run, with the reason; `with_params` runs only those that take one."""
    out: dict[str, dict] = {}
    for named in kq.list_named_queries():
        if only and named.name not in only or with_params and not named.params:
            continue
        if skip and named.name in skip:
            out[named.name] = {"rows": 0, "parse_ms": 0.0, "times": [], "note": skip[named.name]}
            continue
        kq._prepare_query.cache_clear()
        started = time.perf_counter()
        kq._prepare_query(named.text, named.path.name)
        parse_ms = 1000 * (time.perf_counter() - started)
        times, rows, note = [], 0, ""
        for _ in range(runs):
            started = time.perf_counter()
            try:
                result = kq.run_named_query(graph, named.name, params_for(named, values), timeout=timeout)
            except QueryError as exc:
                note = str(exc)
                break
            times.append(1000 * (time.perf_counter() - started))
            rows = len(result)
        out[named.name] = {"rows": rows, "parse_ms": parse_ms, "times": times, "note": note}
        if not quiet:
            print(f"    {named.name:26} {rows:7d} {statistics.median(times) if times else float('nan'):10.1f} ms", flush=True)
    return out


def side_by_side(store: dict[str, dict], rdf: dict[str, dict]) -> None:
    """One line per named query: rows, the store's median (min-max), rdflib's median, the ratio;
    then what failed, and why."""
    print(f"  {'query':26} {'rows':>7} {'store ms':>9} {'(min-max)':>15} {'rdflib ms':>10} {'rdflib/store':>13}")
    for name in store:
        a, b = store[name], rdf.get(name, {"times": [], "rows": None, "note": ""})
        sa = statistics.median(a["times"]) if a["times"] else float("nan")
        sb = statistics.median(b["times"]) if b["times"] else float("nan")
        span = f"({min(a['times']):.1f}-{max(a['times']):.1f})" if a["times"] else "failed"
        same = "" if not (a["times"] and b["times"]) or a["rows"] == b["rows"] else f"  rows differ: rdflib {b['rows']}"
        print(f"  {name:26} {a['rows']:7d} {sa:9.1f} {span:>15} {sb:10.1f} {sb / sa if sa else float('nan'):12.1f}x{same}",
              flush=True)
    medians = [statistics.median(a["times"]) for a in store.values() if a["times"]]
    failed = [name for name, a in store.items() if not a["times"]]
    if medians:
        print(f"  slowest store median: {max(medians):.1f} ms; every query answered within 200 ms: "
              f"{max(medians) <= 200 and not failed}")
    for name, a in store.items():
        if not a["times"]:
            print(f"  {name} on the store: {a['note']}")
    for name, b in rdf.items():
        if not b["times"]:
            print(f"  {name} on rdflib: {b['note']}")


def store_bench(path: Path, runs: int, timeout: float, values: list[dict[str, str]], only: set[str] | None) -> list[dict]:
    """The store side: `kg store` loads the file into a temporary store, then a fresh process opens
    it and runs the queries, as the second and later `kg query` on a file and `kg serve` do. Its
    memory holds no rdflib graph and no leftovers of loading a million triples (half a GB, which
    would make the fork each store query runs in cost three times as much). One result per set of
    values (the second and later: the queries with a parameter only)."""
    kg = Path(sys.executable).with_name("kg")
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "bench.store"
        subprocess.run([str(kg), "store", str(path), "-o", str(store)], check=True, stdout=subprocess.DEVNULL)
        command = [sys.executable, __file__, str(store), "--store-only", "--runs", str(runs), "--timeout", str(timeout),
                   "--values", json.dumps(values)] + (["--only", ",".join(sorted(only))] if only else [])
        done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def too_big_for_rdflib(store: dict[str, dict], triples: int) -> dict[str, str]:
    """The queries rdflib is not run on: those whose answer did not fit the store's memory cap, and,
    above 100,000 triples, the pair networks whose store view kg counts itself (kg.views.PAIR_VIEWS):
    rdflib evaluates them as written, every pair before the LIMIT, in this process without a cap
    (bibliographic coupling at a million triples: 10.7 million pairs; Oxigraph itself took 29 min)."""
    from kg.views import PAIR_VIEWS

    skipped = {name: "skipped: the store's answer needs over 2 GiB" for name, r in store.items()
               if "memory" in r.get("note", "")}
    if triples > 100_000:
        skipped.update({name: "skipped: rdflib pairs every work before the LIMIT" for name in PAIR_VIEWS if name in store})
    return skipped


def first_and_second_query(path: Path) -> tuple[float, float]:
    """Wall time of `kg query FILE --name journals` with an empty store cache, then again."""
    kg = Path(sys.executable).with_name("kg")
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "KG_CACHE_DIR": cache}
        times = []
        for _ in range(2):
            started = time.perf_counter()
            subprocess.run([str(kg), "query", str(path), "--name", "journals", "--format", "csv"], env=env,
                           check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - started)
    return times[0], times[1]


def compare(label: str, path: Path, graph: rdflib.Graph, args, only: set[str] | None) -> None:
    values, typical = pick_params(graph), typical_params(graph)
    counts = typical.pop("_counts")
    print(f"  parameters: {values}")
    print(f"  typical parameters (99th percentile): {typical} {counts}")
    if args.cli:
        first, second = first_and_second_query(path)
        print(f"  kg query {path.name} --name journals: first {first:.2f} s (loads the store), second {second:.2f} s")
    store, store_typical = store_bench(path, args.runs, args.timeout, [values, typical], only)
    print(f"  rdflib, {args.runs} runs per query:")
    rdf = bench(graph, args.runs, args.timeout, values, only, skip=too_big_for_rdflib(store, len(graph)))
    rdf_typical = bench(graph, args.runs, args.timeout, typical, only, with_params=True)
    print(f"\n  {label}: store (Oxigraph) beside rdflib, median of {args.runs} runs")
    side_by_side(store, rdf)
    print(f"\n  {label}, the queries with a parameter, typical values (99th percentile): median of {args.runs} runs")
    side_by_side(store_typical, rdf_typical)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default = ROOT / "graphs" / "leadership.ttl"
    parser.add_argument("graph", nargs="?", type=Path,
                        default=default if default.is_file() else ROOT / "tests" / "fixtures" / "mini.ttl",
                        help="a graph file (default graphs/leadership.ttl, else the test fixture)")
    parser.add_argument("--synthetic", type=int, default=1_000_000, metavar="N",
                        help="also bench a synthetic graph of N triples (default 1000000; 0 skips it)")
    parser.add_argument("--runs", type=int, default=3, help="runs per query; the median is shown (default 3)")
    parser.add_argument("--only", help="bench only these named queries, comma-separated (e.g. coauthors,journals)")
    parser.add_argument("--skip-file", action="store_true", help="bench only the synthetic graph")
    parser.add_argument("--no-cli", dest="cli", action="store_false", help="skip timing the first and second kg query")
    parser.add_argument("--reuse-file", action="store_true",
                        help="use bench/out/synthetic-N.ttl if an earlier run wrote it (rdflib takes minutes to write it)")
    parser.add_argument("--timeout", type=float, default=600.0, help="give up on a query after this many seconds")
    parser.add_argument("--store-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--values", help=argparse.SUPPRESS)
    args = parser.parse_args()
    only = set(args.only.split(",")) if args.only else None

    if args.store_only:  # the child of store_bench: JSON on stdout
        with tempfile.TemporaryDirectory() as cache:
            os.environ["KG_CACHE_DIR"] = cache
            graph = open_graph(args.graph)
            print(json.dumps([bench(graph, args.runs, args.timeout, values, only, quiet=True, with_params=i > 0)
                              for i, values in enumerate(json.loads(args.values))]))
        return

    if not args.skip_file:
        started = time.perf_counter()
        graph = load_graph(args.graph)
        print(f"{args.graph}: {len(graph)} triples, parsed by rdflib in {time.perf_counter() - started:.2f} s")
        compare(str(args.graph), args.graph, graph, args, only)

    if args.synthetic > 0:
        started = time.perf_counter()
        synthetic = synthetic_graph(args.synthetic)
        print(f"\nsynthetic graph: {len(synthetic)} triples, generated in {time.perf_counter() - started:.1f} s")
        out = ROOT / "bench" / "out"
        out.mkdir(parents=True, exist_ok=True)
        path = out / f"synthetic-{args.synthetic}.ttl"
        started = time.perf_counter()
        if args.reuse_file and path.is_file():  # written by this generator with its fixed seed before
            print(f"  reusing {path.relative_to(ROOT)} ({path.stat().st_size / 1e6:.0f} MB)")
        else:
            synthetic.serialize(path, format="turtle", encoding="utf-8")
            print(f"  written to {path.relative_to(ROOT)} ({path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        load_graph(path)
        print(f"  rdflib parses it (what every kg query did before the store) in {time.perf_counter() - started:.1f} s")
        compare(f"synthetic {len(synthetic)} triples", path, synthetic, args, only)


if __name__ == "__main__":
    main()
