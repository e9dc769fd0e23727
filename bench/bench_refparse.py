"""Per-field precision/recall/F1 of kg.extract.refparse over tests/data/references.jsonl, and throughput.

Run: .venv/bin/python bench/bench_refparse.py [--seconds 2]
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from kg.extract.refparse import (
    OPTIONAL_FIELDS,
    SCORED_FIELDS,
    find_citations,
    parse_reference,
    score_fields,
    split_references,
)

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "references.jsonl"


def _rate(work, items: int, seconds: float) -> float:
    """Items per second of `work()` (which handles `items` items), run repeatedly for about `seconds`."""
    done, start = 0, time.perf_counter()
    while True:
        work()
        done += items
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return done / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="time spent on each throughput measure, e.g. --seconds 5")
    args = parser.parse_args()

    cases = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [case["text"] for case in cases]
    scores = score_fields((case["expect"], parse_reference(case["text"])) for case in cases)

    print(f"{len(cases)} references from {DATA.relative_to(DATA.parents[2])}\n")
    print(f"{'field':<12} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>4} {'fn':>4}")
    for name in SCORED_FIELDS + OPTIONAL_FIELDS:
        if name in scores:
            s = scores[name]
            mark = "" if name in SCORED_FIELDS else "  (optional)"
            print(f"{name:<12} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:5d} {s.fp:4d} {s.fn:4d}{mark}")

    block = " ".join(texts)
    body = " ".join(f"Heads matter (Okafor et al., 2013; Lind & Ng, 2019), as Marchetti (2020) shows in {i} cases."
                    for i in range(200))
    print()
    print(f"parse_reference:  {_rate(lambda: [parse_reference(t) for t in texts], len(texts), args.seconds):9.0f} references/s")
    print(f"split_references: {_rate(lambda: split_references(block), len(texts), args.seconds):9.0f} references/s"
          f" (one {len(block)}-character run-together block)")
    print(f"find_citations:   {_rate(lambda: find_citations(body), 600, args.seconds):9.0f} citations/s")


if __name__ == "__main__":
    main()
