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
from kg.extract.refmodel.features import dynamic_keys, dynamic_names, far_features, near_features, own_features

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
        self._tokens: dict[str, np.ndarray] = {}
        self._dynamic: dict[tuple, np.ndarray] = {}

    def _sum(self, attrs: list[str] | tuple[str, ...], prefix: str = "") -> np.ndarray:
        rows = [i for a in attrs if (i := self.index.get(prefix + a)) is not None]
        if not rows:
            return self._zero
        return self.state[rows].sum(axis=0)

    def _token(self, tok: str) -> np.ndarray:
        """What a token string adds: to itself, to the next, previous, second-next and second-previous token."""
        vec = self._tokens.get(tok)
        if vec is None:
            if len(self._tokens) > _CACHE_LIMIT:
                self._tokens.clear()
            near, far = near_features(tok), far_features(tok)
            vec = self._tokens[tok] = np.stack([
                self._sum(own_features(tok)), self._sum(near, "-1:"), self._sum(near, "+1:"),
                self._sum(far, "-2:"), self._sum(far, "+2:"),
            ])
        return vec

    def _dyn(self, key: tuple) -> np.ndarray:
        vec = self._dynamic.get(key)
        if vec is None:
            vec = self._dynamic[key] = self._sum(dynamic_names(key))
        return vec

    def tag(self, tokens: list[str]) -> list[str]:
        """The most likely label of every token (Viterbi)."""
        return self.tag_many([tokens])[0] if tokens else []

    def tag_many(self, sequences: list[list[str]], batch: int = 64) -> list[list[str]]:
        """Labels of many token sequences; sequences of similar length are decoded together."""
        out: list[list[str]] = [[] for _ in sequences]
        order = sorted((i for i, s in enumerate(sequences) if s), key=lambda i: len(sequences[i]))
        labels = self.labels
        for k in range(0, len(order), batch):
            chunk = order[k:k + batch]
            for i, path in zip(chunk, self._viterbi([sequences[i] for i in chunk])):
                out[i] = [labels[j] for j in path]
        return out

    def _viterbi(self, sequences: list[list[str]]) -> list[list[int]]:
        """Exact Viterbi of several sequences at once (padded to the longest)."""
        lengths = np.array([len(s) for s in sequences])
        b, n, size = len(sequences), int(lengths.max()), len(self.labels)
        flat = [t for s in sequences for t in s]
        pos = np.concatenate([np.arange(m) for m in lengths])
        row = np.repeat(np.arange(b), lengths)
        c = np.stack([self._token(t) for t in flat])  # (N, 5, L)
        e = c[:, 0] + np.stack([self._dyn(k) for s in sequences for k in dynamic_keys(s)])
        rest = (lengths - 1)[row] - pos  # tokens after this one in its sequence
        e[1:] += c[:-1, 1] * (pos[1:] >= 1)[:, None]
        e[:-1] += c[1:, 2] * (rest[:-1] >= 1)[:, None]
        e[2:] += c[:-2, 3] * (pos[2:] >= 2)[:, None]
        e[:-2] += c[2:, 4] * (rest[:-2] >= 2)[:, None]
        em = np.zeros((b, n, size), dtype=e.dtype)
        em[row, pos] = e
        score = np.empty((b, n, size), dtype=e.dtype)
        score[:, 0] = em[:, 0]
        trans = self.trans[None]
        for t in range(1, n):
            np.add((score[:, t - 1, :, None] + trans).max(axis=1), em[:, t], out=score[:, t])
        best = np.zeros((b, n), dtype=np.intp)
        last = lengths - 1
        best[np.arange(b), last] = score[np.arange(b), last].argmax(axis=1)
        trans_t = self.trans.T
        for t in range(n - 1, 0, -1):
            prev = (score[:, t - 1] + trans_t[best[:, t]]).argmax(axis=1)
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
