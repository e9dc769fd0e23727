"""Benchmark `kg build` on a corpus (default: seeds/).

Prints, for BENCHMARKS.md:
- wall time and peak memory (max RSS) of the `kg build` command, pipeline loading included,
  median of --runs fresh processes;
- throughput in words per second of the whole build (warm, in process) beside the throughput of
  the spaCy pipeline's own nlp.pipe on the same texts in the same run.

Run: .venv/bin/python bench/bench_build.py [CORPUS] [--runs 3]
"""
from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def command_runs(corpus: Path, runs: int) -> tuple[list[float], float]:
    kg = Path(sys.executable).with_name("kg")
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run([str(kg), "build", str(corpus), "-o", f"{tmp}/g.ttl", "--no-cache"], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - t0)
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return times, peak_mib


def throughput(corpus: Path, repeats: int = 3) -> dict:
    from kg.build import build_graph
    from kg.corpus import read_corpus
    from kg.nlp import load_pipeline, pipeline_name

    docs, _ = read_corpus([corpus])
    texts = [d.text for d in docs]
    words = sum(len(t.split()) for t in texts)
    nlp = load_pipeline()
    build_graph([corpus])  # warm: pipeline, gazetteer, concept matchers
    pipe_times, build_times = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _doc in nlp.pipe(texts):
            pass
        pipe_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        build_graph([corpus])
        build_times.append(time.perf_counter() - t0)
    return {
        "pipeline": pipeline_name(),
        "documents": len(docs),
        "words": words,
        "nlp_pipe_wps": words / statistics.median(pipe_times),
        "build_wps": words / statistics.median(build_times),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(ROOT / "seeds"))
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    corpus = Path(a.corpus)
    times, peak = command_runs(corpus, a.runs)
    tp = throughput(corpus)
    print(f"corpus: {corpus} ({tp['documents']} documents, {tp['words']} words); pipeline {tp['pipeline']}")
    print("| measure | value |")
    print("|---|---|")
    print(f"| `kg build` wall time, median of {a.runs} fresh runs (pipeline loading included) | {statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f}) |")
    print(f"| `kg build` peak memory (max RSS) | {peak:.0f} MiB |")
    print(f"| build throughput, warm, in process | {tp['build_wps']:,.0f} words/s |")
    print(f"| spaCy `nlp.pipe` alone on the same texts | {tp['nlp_pipe_wps']:,.0f} words/s |")
    print(f"| build / nlp.pipe | {tp['build_wps'] / tp['nlp_pipe_wps']:.2f} |")


if __name__ == "__main__":
    main()
