"""Screenshot a page `kg viz` wrote, as a person first sees it (1400x900, headless Chromium).

    .venv/bin/python bench/screenshot.py graphs/leadership.html docs/screenshot.png

Uses Debian's chromium (/usr/bin/chromium, or `chromium` on PATH) through playwright.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def screenshot(page_html: Path, out_png: Path, width: int = 1400, height: int = 900) -> None:
    """Open `page_html`, wait for the network to settle, save a PNG of the viewport."""
    from playwright.sync_api import sync_playwright

    executable = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else shutil.which("chromium")
    if executable is None:
        sys.exit("screenshot needs Debian's chromium: apt-get install chromium")
    out_png.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kg-shot-") as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=executable, headless=True, args=ARGS,
            viewport={"width": width, "height": height},
        )
        try:
            page = context.new_page()
            page.goto(page_html.resolve().as_uri())
            # poll from here: wait_for_function evaluates strings in the page, which its CSP refuses
            deadline = time.monotonic() + 120
            while not page.evaluate("window.kgReady === true && window.kgStable === true"):
                if time.monotonic() > deadline:
                    sys.exit(f"{page_html}: the network did not settle within 120 s")
                time.sleep(0.1)
            page.wait_for_timeout(300)
            page.screenshot(path=str(out_png))
        finally:
            context.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path, help="an HTML file written by `kg viz` or `kg build`")
    parser.add_argument("out", type=Path, help="the PNG to write, e.g. docs/screenshot.png")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args(argv)
    if not args.page.is_file():
        sys.exit(f"{args.page}: no such file; write one with `kg viz GRAPH -o {args.page}`")
    screenshot(args.page, args.out, args.width, args.height)
    print(args.out)


if __name__ == "__main__":
    main()
