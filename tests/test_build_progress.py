"""Progress of a build: on a terminal, `kg build` shows documents done, documents reused from the
cache and the rate; piped, it prints no bar; the library itself prints nothing."""
from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

from kg.build import build_graph

FIXTURES = Path(__file__).parent / "fixtures" / "corpus"
KG = [str(Path(sys.executable).with_name("kg"))]  # the console script beside this interpreter


def _build_on_a_terminal(args: list[str]) -> str:
    """Run `kg build ARGS` with its stderr on a pseudo-terminal; what the terminal showed."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([*KG, "build", *args], stdout=subprocess.DEVNULL, stderr=follower, stdin=subprocess.DEVNULL)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    assert proc.wait(timeout=300) == 0, shown.decode(errors="replace")
    os.close(leader)
    return shown.decode("utf-8", errors="replace")


def test_build_on_a_terminal_shows_documents_done_reused_and_the_rate(tmp_path):
    args = [str(FIXTURES), "-o", str(tmp_path / "g.ttl"), "--no-html", "--no-store", "--workers", "1"]
    first = _build_on_a_terminal(args)
    assert re.search(r"Extracting.*3/3.*0 reused, [\d.]+ docs/s", first), first
    again = _build_on_a_terminal(args)  # the cache beside the output now holds all three
    assert re.search(r"3/3.*3 reused, [\d.]+ docs/s", again), again


def test_build_piped_prints_no_progress_bar(tmp_path):
    out = subprocess.run([*KG, "build", str(FIXTURES), "-o", str(tmp_path / "g.ttl"), "--no-html", "--no-store"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "Extracting" not in out.stderr and "docs/s" not in out.stderr


def test_build_graph_as_a_library_prints_nothing(tmp_path, capfd):
    result = build_graph([FIXTURES], cache=tmp_path / ".kg-cache", workers=1)
    assert result.extracted == 3
    shown = capfd.readouterr()
    assert shown.out == "" and shown.err == ""
