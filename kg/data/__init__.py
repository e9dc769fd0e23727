"""General knowledge kept as data (field labels, byline words, page furniture, demonyms), not code.

>>> "authors" in load_json("record_fields.json")["fields"]
True
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from kg.errors import KGError


@lru_cache(maxsize=None)
def load_json(name: str) -> Any:
    """One of the package's data files, parsed once."""
    try:
        return json.loads(resources.files(__package__).joinpath(name).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise KGError(f"kg's data file kg/data/{name} is missing or broken ({exc}); reinstall kg with `make setup`") from exc
