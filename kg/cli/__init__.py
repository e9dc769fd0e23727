"""Command line: each command is a thin wrapper over one library function.

Commands live one module per layer and register themselves on the `cli` group.
"""
from __future__ import annotations

from kg.cli.main import cli
from kg.cli import build, query, viz, export, analyse, evaluate, validate, store  # noqa: F401,E402  (register commands)

__all__ = ["cli"]
