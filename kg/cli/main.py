"""The `kg` command group and the one place KGError becomes a one-line CLI error."""
from __future__ import annotations

import contextlib
import logging
import signal
from typing import Iterator

import click

from kg import __version__
from kg.errors import KGError


class KGGroup(click.Group):
    """The command group; an unexpected failure becomes one line that says what to do (with -v, the traceback)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:  # a bug, not the user's input: say so in one line
            if ctx.params.get("verbose"):
                raise
            raise click.ClickException(
                f"internal error ({type(exc).__name__}: {exc}); run again with -v for the traceback and report it"
            ) from None


@click.group(cls=KGGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="kg")
@click.option("-v", "--verbose", count=True, help="Log more (-v info, -vv debug) to stderr.")
def cli(verbose: int) -> None:
    """Build and explore a knowledge graph of research on school and teacher leadership.

    \b
    Typical session:
      kg build                                  # seeds/ -> graphs/leadership.ttl + .html
      kg query graphs/leadership.ttl --list     # the named queries that ship with kg
      kg query graphs/leadership.ttl --name coauthors --param person="Maria Lind"
      kg viz graphs/leadership.ttl -o graph.html
      kg explain graphs/leadership.ttl "Northgate Trust"
      kg export graphs/leadership.ttl --format graphml -o leadership.graphml
    """
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(level=max(level, logging.DEBUG), format="%(levelname)s %(name)s: %(message)s")
    # pypdf logs every odd byte of a damaged PDF as a warning; kg reports the file in one line instead
    logging.getLogger("pypdf").setLevel(logging.ERROR if verbose < 2 else logging.DEBUG)


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn the library's own errors into one-line `Error: ...` messages with exit status 1."""
    try:
        yield
    except KGError as exc:
        raise click.ClickException(str(exc)) from None


@contextlib.contextmanager
def terminated_as_interrupt() -> Iterator[None]:
    """Inside the `with`, SIGTERM (a `kill`) stops the work as Ctrl-C does, so every temporary file
    is removed on the way out; the exit status is 143 after SIGTERM, 130 after Ctrl-C."""
    received: list[int] = []

    def stop(signum, frame):
        received.append(signum)
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: leave the signal alone
        yield
        return
    try:
        yield
    except KeyboardInterrupt:
        click.echo("kg: stopped; the outputs were left as they were", err=True)
        raise SystemExit(143 if received else 130) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
