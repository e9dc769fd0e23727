"""Command line: each command is a thin wrapper over one library function.

Commands live one module per layer and register themselves on the `cli` group; `main` is the `kg`
program itself.
"""
from __future__ import annotations

import signal

from kg.cli.main import cli
from kg.cli import build, query, viz, export, analyse, evaluate, validate, store  # noqa: F401,E402  (register commands)

__all__ = ["cli", "main"]


def main() -> None:
    """The `kg` program: the CLI, after which the process only shuts down (spaCy and the store take a
    moment to unload). A SIGTERM in that moment no longer turns a finished run, its outputs written,
    into a killed one; during the work it stops the work cleanly (`kg.cli.main.terminated_as_interrupt`)."""
    try:
        cli()
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
