"""The trained CRF, decoded with numpy: per token string, the weights its features add to each label
are summed once and kept, so labelling a reference costs a few array additions and a Viterbi pass.

The weights come from `make model` (python-crfsuite, exported by `kg.extract.refmodel.train` to
`data/refmodel.npz`); the labels are exactly those crfsuite's own tagger gives.
"""
from __future__ import annotations

import zipfile
from functools import lru_cache
from importlib import resources

import numpy as np

from kg.errors import ModelError
from kg.extract.refmodel.features import DYNAMIC_CODES, dynamic_codes, dynamic_names, far_features, near_features, own_features

MODEL_FILE = "refmodel.npz"
_CACHE_LIMIT = 200_000


class Tagger:
    """Labels token sequences with the CRF's weights (`attrs` -> row of `state`, `trans[from, to]`)."""

    def __init__(self, labels: list[str], attrs: list[str], state: np.ndarray, trans: np.ndarray):
        self.labels = labels
        self.index = {a: i for i, a in enumerate(attrs)}
        self.state = state
        self.trans = trans
        self._zero = np.zeros(len(labels), dtype=state.dtype)
        self._wide: dict[int, np.ndarray] = {}
        # per token string (and per position key) the row of a table holding what it adds to each label
        self._token_row: dict[str, int] = {}
        self._token_table = np.zeros((1024, 5, len(labels)), dtype=state.dtype)
        # what each position code (see `features.dynamic_codes`) adds to each label, all worked out here
        self._dyn_table = np.stack([self._sum(dynamic_names(code)) for code in range(DYNAMIC_CODES)])

    def _sum(self, attrs: list[str] | tuple[str, ...], prefix: str = "") -> np.ndarray:
        rows = [i for a in attrs if (i := self.index.get(prefix + a)) is not None]
        if not rows:
            return self._zero
        return self.state[rows].sum(axis=0)

    def _token_rows(self, tokens: list[str]) -> list[int]:
        """Rows of `_token_table`: what each token string adds to itself, to the next, previous,
        second-next and second-previous token (worked out once per string)."""
        if len(self._token_row) > _CACHE_LIMIT:
            self._token_row.clear()
        return self._rows(tokens, self._token_row, "_token_table", self._token_weights)

    def _token_weights(self, tok: str) -> tuple[np.ndarray, ...]:
        near, far = near_features(tok), far_features(tok)
        return (self._sum(own_features(tok)), self._sum(near, "-1:"), self._sum(near, "+1:"),
                self._sum(far, "-2:"), self._sum(far, "+2:"))

    def _rows(self, keys: list, rows: dict, table_name: str, weights) -> list[int]:
        """The table row of every key, adding (and growing the table for) keys not seen before."""
        out = [rows.get(key, -1) for key in keys]
        if -1 not in out:
            return out
        out = []
        for key in keys:
            r = rows.get(key)
            if r is None:
                r = rows[key] = len(rows) + 1  # row 0 stays zero: what no token adds
                table = getattr(self, table_name)
                if r >= len(table):
                    table = np.concatenate([table, np.zeros_like(table)])
                    setattr(self, table_name, table)
                table[r] = weights(key)
            out.append(r)
        return out

    def tag(self, tokens: list[str]) -> list[str]:
        """The most likely label of every token (Viterbi)."""
        return self.tag_many([tokens])[0] if tokens else []

    def tag_many(self, sequences: list[list[str]], batch: int = 32) -> list[list[str]]:
        """Labels of many token sequences; sequences of similar length are decoded together."""
        out: list[list[str]] = [[] for _ in sequences]
        order = sorted((i for i, s in enumerate(sequences) if s), key=lambda i: len(sequences[i]))
        labels = self.labels
        for k in range(0, len(order), batch):
            chunk = order[k:k + batch]
            for i, path in zip(chunk, self._viterbi([sequences[i] for i in chunk])):
                out[i] = [labels[j] for j in path]
        return out

    def _wide_trans(self, b: int) -> np.ndarray:
        """`trans` repeated along a last axis of `b` sequences (contiguous: numpy adds it fastest so)."""
        wide = self._wide.get(b)
        if wide is None:
            wide = self._wide[b] = np.ascontiguousarray(np.broadcast_to(self.trans[:, :, None], (*self.trans.shape, b)))
        return wide

    def _viterbi(self, sequences: list[list[str]]) -> list[list[int]]:
        """Exact Viterbi of several sequences at once (padded to the longest)."""
        lengths = np.array([len(s) for s in sequences])
        b, n, size = len(sequences), int(lengths.max()), len(self.labels)
        flat = [t for s in sequences for t in s]
        pos = np.concatenate([np.arange(m) for m in lengths])
        row = np.repeat(np.arange(b), lengths)
        # token table rows, two zero rows of padding either side of every sequence
        rows = np.zeros((b, n + 4), dtype=np.intp)
        rows[row, pos + 2] = self._token_rows(flat)  # first: it may grow the table
        dyn = np.zeros((b, n), dtype=np.intp)
        dyn[row, pos] = [k for s in sequences for k in dynamic_codes(s)]
        table = self._token_table
        # what each token adds to itself, then what its neighbours lend it (-1, +1, -2, +2), in that order
        e = table[rows[:, 2:n + 2], 0] + self._dyn_table[dyn]
        e += table[rows[:, 1:n + 1], 1]
        e += table[rows[:, 3:n + 3], 2]
        e += table[rows[:, 0:n], 3]
        e += table[rows[:, 4:n + 4], 4]
        # label-major layout, (position, label, sequence): each step's max runs over the outer axis of one
        # contiguous (from, to, sequence) block, about twice as fast in numpy as over a middle axis
        em = np.ascontiguousarray(e.transpose(1, 2, 0))
        score = np.zeros((n, size, b), dtype=em.dtype)
        score[0] = em[0]
        trans = self._wide_trans(b)
        buf = np.empty((size, size, b), dtype=em.dtype)
        for t in range(1, n):
            np.add(score[t - 1, :, None, :], trans, out=buf)
            buf.max(axis=0, out=score[t])
            score[t] += em[t]
        best = np.zeros((b, n), dtype=np.intp)
        last = lengths - 1
        seqs = np.arange(b)
        best[seqs, last] = score[last, :, seqs].argmax(axis=1)
        trans_t = self.trans.T
        for t in range(n - 1, 0, -1):
            prev = (score[t - 1].T + trans_t[best[:, t]]).argmax(axis=1)
            active = last >= t
            best[active, t - 1] = prev[active]
        return [best[i, : lengths[i]].tolist() for i in range(b)]


def load(path=None) -> Tagger:
    """The tagger from an exported model file (the packaged one by default)."""
    src = path or (resources.files("kg.extract.refmodel") / "data" / MODEL_FILE)
    try:
        with src.open("rb") as fh, np.load(fh, allow_pickle=False) as z:
            labels = str(z["labels"]).split("\n")
            attrs = str(z["attrs"]).split("\n")
            state = np.zeros((len(attrs), len(labels)), dtype=np.float32)
            state[z["state_attr"], z["state_label"]] = z["state_weight"]
            trans = z["trans"].astype(np.float32)
    except (FileNotFoundError, OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ModelError(f"reference model {src} is missing or unreadable ({exc.__class__.__name__}); "
                         "run `make model` to train it") from exc
    return Tagger(labels, attrs, state, trans)


@lru_cache(maxsize=1)
def default_tagger() -> Tagger:
    """The packaged model, loaded once."""
    return load()


def label(tokens: list[str]) -> list[str]:
    """Labels of `tokens` by the packaged model."""
    return default_tagger().tag(tokens)


def label_many(sequences: list[list[str]]) -> list[list[str]]:
    """Labels of many token sequences by the packaged model (faster than one by one)."""
    return default_tagger().tag_many(sequences)
