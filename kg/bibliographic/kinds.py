"""The formats' own names for work types and countries, read once from kg/data/export_fields.json."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def _table() -> dict:
    return json.loads(resources.files("kg.data").joinpath("export_fields.json").read_text(encoding="utf-8"))


def kind(fmt: str, code: str | None, default: str = "JournalArticle") -> str:
    """The lkg:Publication kind of a format's type code ('JOUR', 'article', 'Book Chapter')."""
    table = _table()["kinds"][fmt]
    return table.get((code or "").strip(), table.get((code or "").strip().lower(), default))


def country_aliases() -> dict[str, str]:
    """Country names as exports abbreviate them ('Peoples R China', 'England') -> ISO code."""
    return _table()["countries"]


def institution_cues() -> tuple[str, ...]:
    return tuple(_table()["institution_cues"])


def wos_abbreviations() -> dict[str, str]:
    """Words Web of Science shortens in addresses ('Univ') -> the word in full ('University')."""
    return _table()["wos_abbreviations"]
