"""Reference parsing: per-field precision/recall/F1 of kg.extract.refparse over tests/data/references.jsonl,
mean field accuracy over tests/data/real_references.jsonl (real works, per style), the style-held-out
evaluation (records and CSL styles never used in training; needs the `train` extra), and throughput.

Run: .venv/bin/python bench/bench_refparse.py [--seconds 2] [--held-out 200]
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from kg.extract.refparse import (
    OPTIONAL_FIELDS,
    SCORED_FIELDS,
    field_accuracy,
    find_citations,
    parse_reference,
    parse_references,
    score_fields,
    split_references,
)

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def _rate(work, items: int, seconds: float) -> float:
    """Items per CPU-second of `work()` (which handles `items` items), run repeatedly for about `seconds`
    of this process's CPU time: one core's throughput, whatever else the machine is running."""
    done, start = 0, time.process_time()
    while True:
        work()
        done += items
        elapsed = time.process_time() - start
        if elapsed >= seconds:
            return done / elapsed


def _cases(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def _print_scores(scores) -> None:
    print(f"{'field':<12} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>4} {'fn':>4}")
    for name in SCORED_FIELDS + OPTIONAL_FIELDS:
        if name in scores:
            s = scores[name]
            mark = "" if name in SCORED_FIELDS else "  (optional)"
            print(f"{name:<12} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:5d} {s.fp:4d} {s.fn:4d}{mark}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="time spent on each throughput measure, e.g. --seconds 5")
    parser.add_argument("--held-out", type=int, default=200, help="records per held-out style (0 skips), e.g. --held-out 500")
    args = parser.parse_args()

    t0 = time.perf_counter()
    parse_reference("Okafor, T. (2018). Quiet leaders. London: Sage.")
    load = time.perf_counter() - t0

    cases = _cases("references.jsonl")
    texts = [case["text"] for case in cases]
    print(f"{len(cases)} references from tests/data/references.jsonl\n")
    _print_scores(score_fields((case["expect"], parse_reference(case["text"])) for case in cases))

    real = _cases("real_references.jsonl")
    pairs = [(case["expect"], parse_reference(case["text"])) for case in real]
    mean, per_field = field_accuracy(pairs)
    print(f"\n{len(real)} references of real works from tests/data/real_references.jsonl: mean field accuracy {mean:.3f}")
    print("  per field: " + ", ".join(f"{k} {v:.2f}" for k, v in per_field.items()))
    styles = sorted({case["style"].split("-quirks")[0] for case in real})
    print("  per style: " + ", ".join(
        f"{s} {field_accuracy([p for c, p in zip(real, pairs) if c['style'].split('-quirks')[0] == s])[0]:.2f}" for s in styles))

    if args.held_out:
        try:
            from kg.extract.refmodel.evaluate import FIELDS, held_out_cases, score_held_out
        except ImportError as exc:
            print(f"\nstyle-held-out evaluation skipped ({exc}); install the train extra: pip install -e '.[train]'")
        else:
            for noise in (False, True):
                scores = score_held_out(held_out_cases(args.held_out, noise=noise))
                print(f"\nstyle-held-out, {args.held_out} unseen records per unseen style{', with noise' if noise else ''}: field F1")
                print(f"{'style':<36}" + "".join(f"{f:>11}" for f in FIELDS))
                for style, sc in scores.items():
                    # a style that prints no DOI at all has nothing to find: "-"
                    print(f"{style:<36}" + "".join(f"{sc[f].f1:11.3f}" if sc[f].tp + sc[f].fn else f"{'-':>11}"
                                                   for f in FIELDS))

    block = " ".join(texts)
    body = " ".join(f"Heads matter (Okafor et al., 2013; Lind & Ng, 2019), as Marchetti (2020) shows in {i} cases."
                    for i in range(200))
    print()
    print(f"model load + first parse: {load * 1000:7.0f} ms")
    print(f"parse_reference:  {_rate(lambda: [parse_reference(t) for t in texts], len(texts), args.seconds):9.0f} references/s")
    print(f"parse_references: {_rate(lambda: parse_references(texts), len(texts), args.seconds):9.0f} references/s"
          " (the whole list in one call)")
    print(f"split_references: {_rate(lambda: split_references(block), len(texts), args.seconds):9.0f} references/s"
          f" (one {len(block)}-character run-together block)")
    print(f"find_citations:   {_rate(lambda: find_citations(body), 600, args.seconds):9.0f} citations/s")


if __name__ == "__main__":
    main()
