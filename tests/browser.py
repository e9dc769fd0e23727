"""Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by playwright.

Test modules import the fixtures they use:

    from browser import chromium, page_probe  # noqa: F401  (pytest fixtures)

`chromium` is one browser context per test module; `page_probe` is a fresh page per test that
records console errors, page errors, dialogs (alert, confirm, prompt) and every request that
leaves the page for anything but file:, data:, about: or blob:. Without Debian's chromium the
tests skip with the command that installs it.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pytest

SKIP_MESSAGE = "browser tests need Debian's chromium: apt-get install chromium (the CI script .ci/run installs it)"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")


def wait_until(page, expression: str, timeout: float = 20.0, arg=None) -> None:
    """Poll a JS expression (or `arg => ...` function with `arg`) until it is truthy.

    playwright's wait_for_function polls through eval inside the page, which the page's
    Content-Security-Policy refuses; page.evaluate goes through the debugger and is allowed.
    """
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression, arg):
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout:.0f} s for: {expression}")
        time.sleep(0.05)


def chromium_path() -> str | None:
    """/usr/bin/chromium, else `chromium` on PATH, else None."""
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


@dataclass
class PageProbe:
    """A page with everything it did that a test may want to forbid."""

    page: object  # playwright.sync_api.Page
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def open(self, path: str | os.PathLike, ready: str = "window.kgReady === true && window.kgStable === true") -> None:
        """Load a local file and wait until `ready` (a JS expression) holds."""
        self.page.goto(Path(path).resolve().as_uri())
        wait_until(self.page, ready)

    def problems(self) -> dict[str, list[str]]:
        """Whatever went wrong so far; {} for a clean page."""
        found = {
            "console errors": self.console_errors, "page errors": self.page_errors,
            "dialogs": self.dialogs, "requests to other hosts": self.requests,
        }
        return {k: v for k, v in found.items() if v}


def _watch(page) -> PageProbe:
    probe = PageProbe(page)
    page.on("console", lambda msg: probe.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: probe.page_errors.append(str(exc)))

    def on_dialog(dialog) -> None:
        probe.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("request", lambda req: probe.requests.append(req.url) if not req.url.startswith(LOCAL_SCHEMES) else None)
    return probe


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    """One headless Chromium (a persistent context on a fresh profile) for the whole test module."""
    executable = chromium_path()
    if executable is None:
        pytest.skip(SKIP_MESSAGE)
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    try:
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                profile, executable_path=executable, headless=True, args=CHROMIUM_ARGS,
                viewport={"width": 1400, "height": 900},
            )
            try:
                yield context
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page_probe(chromium) -> Iterator[PageProbe]:
    """A new page in the module's browser, watched for errors, dialogs and outside requests."""
    page = chromium.new_page()
    try:
        yield _watch(page)
    finally:
        page.close()
