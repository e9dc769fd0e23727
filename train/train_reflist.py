"""Train the reference-list model (kg/models/reflist.crfsuite) on synthetic pages.

Run: .venv/bin/python train/train_reflist.py [--pages 5000] [--seed 12] (or `make model-reflist`).
Deterministic: the same seed and code give the same model.
"""
from __future__ import annotations

import argparse
import bisect
import random
import sys
import time
from pathlib import Path

import pycrfsuite

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reflist_pages import make_page, page_labels  # noqa: E402

from kg.extract.reflist import MODEL_FILE, features, units  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pages", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--out", type=Path, default=ROOT / "kg" / "models" / MODEL_FILE)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    trainer = pycrfsuite.Trainer(verbose=False)
    t0 = time.time()
    n_units = 0
    for _ in range(args.pages):
        page = make_page(rng)
        us = units(page.text)
        if not us:
            continue
        trainer.append(features(page.text, us), page_labels(page, us))
        n_units += len(us)
    print(f"{args.pages} pages, {n_units} units, features in {time.time() - t0:.1f} s")
    trainer.set_params({"c1": 0.05, "c2": 0.01, "max_iterations": args.iterations,
                        "feature.possible_transitions": True, "feature.minfreq": 2})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    t1 = time.time()
    trainer.train(str(args.out))
    print(f"trained in {time.time() - t1:.1f} s -> {args.out} ({args.out.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
