"""CLI commands of this layer; see kg.cli."""
from __future__ import annotations

from kg.cli.main import cli, user_errors  # noqa: F401
