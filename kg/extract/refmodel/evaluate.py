"""The style-held-out evaluation: records never used in training (another seed), rendered in CSL
styles never used in training (`synth.HELD_OUT_STYLES`), parsed, and scored field by field.
Needs the `train` extra (citeproc-py renders the records).

Authors count as right when the whole printed list is right, in order: family names (with their
particles) and initials; a style that prints "et al." after some names expects those names.
"""
from __future__ import annotations

import random
import re
from typing import Any

from kg.extract.refmodel.synth import HELD_OUT_STYLES, labelled, make_record
from kg.extract.refparse import FieldScore, parse_references, score_fields

EVALUATION_SEED = 4242
FIELDS = ("authors", "year", "title", "container", "doi")


def _initials(given: str) -> str:
    return " ".join(w[0] + "." for w in re.split(r"[\s.\-‐]+", given) if w)


def _bare_doi(url: str | None, text: str) -> str | None:
    """A record's link that is a bare DOI (the records put some there), when the style prints it."""
    return url if url and url.startswith("10.") and url in text else None


def held_out_cases(n: int, styles: tuple[str, ...] = HELD_OUT_STYLES, seed: int = EVALUATION_SEED,
                   noise: bool = False) -> list[tuple[str, str, dict[str, Any]]]:
    """(style, reference string, expected fields) for `n` records in each style."""
    rng = random.Random(seed)
    cases = []
    for _ in range(n):
        item, authors, editors, _ = make_record(rng)
        for style in styles:
            got = labelled(item, authors, editors, style, rng if noise else None)
            if got is None:
                continue
            text, _, labels = got
            printed = len({i for i, lab in enumerate(labels) if lab.startswith("B-A")})
            expect = {
                "authors": [[(p.particle + " " if p.particle else "") + p.family.split(" (")[0], "" if p.literal else _initials(p.given)]
                            for p in authors[:printed]],
                "year": str(item["issued"]) if "year" in labels else None,
                "title": item["title"],
                # a style that prints no host (some print no conference) expects none
                "container": None if not {"journal", "booktitle", "event"} & set(labels)
                else (item.get("booktitle") or item.get("event")) if item["type"] == "paper-conference"
                else item.get("journal") or item.get("booktitle"),
                # a DOI is expected wherever one is printed, also a bare DOI in the link slot ("Available at: 10.1177/...")
                "doi": item.get("doi") if "doi" in labels else _bare_doi(item.get("url"), text),
            }
            cases.append((style, text, expect))
    return cases


def score_held_out(cases: list[tuple[str, str, dict[str, Any]]]) -> dict[str, dict[str, FieldScore]]:
    """Per style (and "all"): field scores of the parser on the cases; authors compared by initials."""
    refs = parse_references([text for _, text, _ in cases])
    by_style: dict[str, list] = {}
    for (style, _, expect), ref in zip(cases, refs):
        ref.authors = [type(a)(a.family, _initials(a.given), a.other_families) for a in ref.authors]
        pair = ({k: expect[k] for k in FIELDS} | {"kind": ref.kind}, ref)
        by_style.setdefault(style, []).append(pair)
        by_style.setdefault("all", []).append(pair)
    return {style: {f: s for f, s in score_fields(pairs).items() if f in FIELDS} for style, pairs in by_style.items()}
