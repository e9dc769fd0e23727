"""Works sharing a title are joined by their keys (first author, year): the same sets as comparing
every two works, without comparing every two (a title every document cites is a large group)."""
import random

from kg.model import Mention
from kg.resolve import Local, UnionFind, _compatible_keys, _join_compatible


def _works(rng: random.Random, n: int) -> list[Local]:
    return [Local(f"d{i:03d}", "p1", "Publication", [Mention("p1", "Publication", "t", f"d{i:03d}")]) for i in range(n)]


def _pairwise(members, key, fits) -> list[list]:
    uf = UnionFind()
    for i, p in enumerate(members):
        uf.find(p.uid)
        for q in members[i + 1:]:
            if fits(key(p), key(q)):
                uf.union(p.uid, q.uid)
    return uf.groups([p.uid for p in members])


def test_joining_by_keys_gives_the_sets_of_comparing_every_two_works():
    rng = random.Random(3)
    authors = [None, ("d1", "a"), ("d2", "b"), ("d3", "c")]
    years = [None, "1999", "2000", "2001", "2003"]
    for _ in range(60):
        members = _works(rng, rng.randint(1, 40))
        keys = {p.uid: (rng.choice(authors), rng.choice(years), rng.random() < 0.4) for p in members}
        key = lambda p: keys[p.uid]  # noqa: E731

        def whole_fits(a, b):
            return (a[2] or b[2]) and bool(a[0]) and a[0] == b[0] and _compatible_keys(a, b)

        for fits in (_compatible_keys, whole_fits):
            uf = UnionFind()
            for p in members:
                uf.find(p.uid)
            _join_compatible(members, key, fits, uf)
            assert uf.groups([p.uid for p in members]) == _pairwise(members, key, fits)
