"""How well kg.extract.reflist finds reference lists and their entries, and how fast.

Run: .venv/bin/python bench/bench_reflist.py [--pages 500]

- held-out synthetic pages (a seed the model was not trained on): entry starts found (precision,
  recall), pages with a list where none is found, pages without one where one is found;
- tests/data/references.jsonl (written for the string parser, never used in training): entries
  one per line, and all run together on one line;
- tests/data/reference_blocks.json: the number of entries per block;
- speed: characters per second through find_reference_lists.
"""
from __future__ import annotations

import argparse
import json
from itertools import accumulate
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "train"))

from reflist_pages import make_page  # noqa: E402

from kg.extract.reflist import find_reference_lists, split_references  # noqa: E402

HELD_OUT_SEED = 20260101


def _starts(text: str, spans) -> set[int]:
    out = set()
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        out.add(s)
    return out


def _strip_marker_starts(text: str, starts: set[int]) -> set[int]:
    """Gold entries include their numbering or bullet; found ones do not: compare past the marker."""
    import re

    mark = re.compile(r"(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,4}[.)]|[•·▪◦‣*–—-])\s+")
    out = set()
    for s in starts:
        m = mark.match(text, s)
        out.add(m.end() if m else s)
    return out


def synthetic(pages: int) -> dict[str, float]:
    rng = random.Random(HELD_OUT_SEED)
    tp = fp = fn = 0
    missed_pages = false_pages = with_list = without_list = 0
    for _ in range(pages):
        page = make_page(rng)
        gold = _strip_marker_starts(page.text, _starts(page.text, page.entries))
        found_lists = find_reference_lists(page.text)
        found = {s for lst in found_lists for s, _ in lst.entries}
        tp += len(gold & found)
        fp += len(found - gold)
        fn += len(gold - found)
        if page.entries:
            with_list += 1
            missed_pages += not found_lists
        else:
            without_list += 1
            false_pages += bool(found_lists)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"entry_precision": p, "entry_recall": r, "entry_f1": 2 * p * r / (p + r) if p + r else 0.0,
            "pages_with_list_missed": missed_pages / max(1, with_list),
            "pages_without_list_given_one": false_pages / max(1, without_list)}


def data_set() -> dict[str, float]:
    texts = [json.loads(ln)["text"] for ln in (ROOT / "tests" / "data" / "references.jsonl").read_text().splitlines() if ln.strip()]
    joined = "\n".join(texts)
    per_line = [joined[s:e] for s, e in split_references(joined)]
    line_ok = sum(1 for t in texts if t in per_line) / len(texts)
    run = " ".join(texts)
    truth = set(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
    found = {s for s, _ in split_references(run)}
    p = len(found & truth) / len(found) if found else 0.0
    r = len(found & truth) / len(truth)
    blocks = json.loads((ROOT / "tests" / "data" / "reference_blocks.json").read_text())
    block_ok = sum(1 for b in blocks if len(split_references(b["text"])) == b["count"]) / len(blocks)
    return {"one_per_line_exact": line_ok, "run_together_precision": p, "run_together_recall": r,
            "blocks_count_exact": block_ok}


def speed(seconds: float) -> float:
    rng = random.Random(7)
    text = "\n\n".join(make_page(rng).text for _ in range(40))
    find_reference_lists(text)
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        find_reference_lists(text)
        n += 1
    return n * len(text) / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pages", type=int, default=500)
    ap.add_argument("--seconds", type=float, default=2.0)
    args = ap.parse_args()
    for name, value in {**synthetic(args.pages), **data_set()}.items():
        print(f"{name:32s} {value:.3f}")
    print(f"{'speed':32s} {speed(args.seconds):,.0f} characters/s")


if __name__ == "__main__":
    main()
