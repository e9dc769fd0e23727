"""Benchmark the build at scale (issue 10), all figures side by side in one run.

On synthetic corpora (bench/synth_corpus.py: sentences of seeds/ recombined, fixed seed):
- throughput of the whole build (worker processes, fresh cache) beside a single-process spaCy
  `nlp.pipe` over the same texts with the same pipeline, and their ratio;
- the share of the build spent writing the graph (Turtle; the store separately);
- a rebuild after changing one document, as a share of the full build;
- peak memory (max RSS) of the build process and of its largest worker, at each size.

Run: .venv/bin/python bench/bench_scale.py [--sizes 1000,5000] [--workers N]   (or `make bench-scale`)
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))


def child_build(corpus: str, output: str, workers: int | None) -> None:
    """One build in a fresh process; prints its figures as JSON (wall seconds, and CPU seconds of
    this process and of its worker processes)."""
    import resource

    from kg.build import build_graph, write_outputs, write_turtle

    def cpu() -> tuple[float, float]:
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.process_time(), children.ru_utime + children.ru_stime

    def peak(who) -> float:
        return resource.getrusage(who).ru_maxrss / 1024

    t0, c0 = time.perf_counter(), cpu()
    result = build_graph([corpus], cache=Path(output).parent / ".kg-cache", workers=workers)
    t1, c1 = time.perf_counter(), cpu()
    peak_worker = peak(resource.RUSAGE_CHILDREN)  # before the store's views fork this process
    write_turtle(result, output)
    t2, c2 = time.perf_counter(), cpu()
    peak_build = peak(resource.RUSAGE_SELF)
    write_outputs(result, output, html=False, store=True)  # the store (and the Turtle again)
    t3, c3 = time.perf_counter(), cpu()
    print(json.dumps({
        "extract_resolve": t1 - t0, "turtle": t2 - t1, "store": (t3 - t2) - (t2 - t1),
        "build": (t1 - t0) + (t2 - t1),
        "cpu_extract_resolve": c1[0] - c0[0], "cpu_workers": c1[1] - c0[1], "cpu_turtle": c2[0] - c1[0],
        "cpu_store": (c3[0] - c2[0]) - (c2[0] - c1[0]),
        "reused": result.reused, "extracted": result.extracted, "triples": result.triples,
        "peak_parent_mib": peak_build, "peak_with_store_mib": peak(resource.RUSAGE_SELF),
        "peak_worker_mib": peak_worker,
    }))


def child_pipe(corpus: str) -> None:
    """Single-process nlp.pipe over the corpus's texts (pipeline loading not counted)."""
    from kg.corpus import read_corpus
    from kg.nlp import load_pipeline

    docs, _ = read_corpus([corpus])
    texts = [d.text for d in docs]
    nlp = load_pipeline()
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=8):
        pass
    print(json.dumps({"seconds": time.perf_counter() - t0, "words": sum(len(t.split()) for t in texts),
                      "documents": len(texts)}))


def _run(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,5000", help="corpus sizes, comma-separated (the first is the main one)")
    ap.add_argument("--workers", default="", help="worker processes (default: kg's own choice, one per core)")
    ap.add_argument("--child", nargs="*", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        kind, *rest = a.child
        if kind == "build":
            child_build(rest[0], rest[1], int(rest[2]) if len(rest) > 2 and rest[2] else None)
        else:
            child_pipe(rest[0])
        return
    from synth_corpus import make_corpus

    sizes = [int(s) for s in a.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            corpus = make_corpus(Path(tmp) / f"c{n}", n)
            out = Path(tmp) / f"out{n}" / "g.ttl"
            full = _run("--child", "build", str(corpus), str(out), a.workers)
            row = {"n": n, "full": full}
            if n == sizes[0]:
                row["pipe"] = _run("--child", "pipe", str(corpus))
                first = corpus / "doc00000.txt"
                first.write_text(first.read_text(encoding="utf-8") + "\nA sentence added in Lisbon.\n", encoding="utf-8")
                row["changed"] = _run("--child", "build", str(corpus), str(out), a.workers)
            rows.append(row)
    main_row = rows[0]
    pipe, full, changed = main_row["pipe"], main_row["full"], main_row["changed"]
    build_wps = pipe["words"] / full["build"]
    pipe_wps = pipe["words"] / pipe["seconds"]
    print(f"synthetic corpus of {pipe['documents']} documents, {pipe['words']:,} words; "
          f"triples {full['triples']:,}")
    print("| measure | value | ratio |")
    print("|---|---|---|")
    print(f"| single-process `nlp.pipe`, same texts and pipeline | {pipe_wps:,.0f} words/s ({pipe['seconds']:.1f} s) | 1.00 |")
    print(f"| `build_graph` + Turtle, fresh cache (extract, resolve, write) | {build_wps:,.0f} words/s ({full['build']:.1f} s) "
          f"| {build_wps / pipe_wps:.2f} x nlp.pipe |")
    print(f"| of which writing the Turtle | {full['turtle']:.2f} s | {full['turtle'] / full['build']:.1%} of the build |")
    print(f"| the store beside it (kg.triplestore.write_build_store, views included) | {full['store']:.2f} s "
          f"| {full['store'] / full['build']:.1%} of the build |")
    whole, again = full["build"] + full["store"], changed["build"] + changed["store"]
    print(f"| rebuild after changing one document ({changed['reused']} reused, {changed['extracted']} extracted): "
          f"extract, resolve, Turtle | {changed['build']:.1f} s "
          f"(resolve etc. {changed['extract_resolve']:.1f} s, Turtle {changed['turtle']:.1f} s) "
          f"| {changed['build'] / full['build']:.1%} of the full build |")
    print(f"| the same with the store (only changed named graphs rewritten, views again) | {again:.1f} s "
          f"(store {changed['store']:.1f} s) | {again / whole:.1%} of the full build with its store |")
    cpu_full = full["cpu_extract_resolve"] + full["cpu_workers"] + full["cpu_turtle"] + full["cpu_store"]
    cpu_again = changed["cpu_extract_resolve"] + changed["cpu_workers"] + changed["cpu_turtle"] + changed["cpu_store"]
    print(f"| CPU seconds, all processes: full build with store / rebuild with store | {cpu_full:.1f} s / {cpu_again:.1f} s "
          f"| {cpu_again / cpu_full:.1%} |")
    base = rows[0]["full"]
    for row in rows:
        f = row["full"]
        print(f"| peak memory at {row['n']:,} documents: build process (extract, resolve, Turtle) / with the store / "
              f"largest worker | {f['peak_parent_mib']:.0f} / {f['peak_with_store_mib']:.0f} / {f['peak_worker_mib']:.0f} MiB "
              f"| {f['peak_parent_mib'] / base['peak_parent_mib']:.2f} / {f['peak_with_store_mib'] / base['peak_with_store_mib']:.2f} "
              f"/ {f['peak_worker_mib'] / base['peak_worker_mib']:.2f} x {rows[0]['n']:,} ({f['build']:.0f} s) |")

if __name__ == "__main__":
    main()
