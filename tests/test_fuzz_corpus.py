"""A fuzz build (issue 13): a few hundred generated and mutated files beside the seed documents.

Truncated PDFs, random bytes, deep nesting, huge lines, mixed encodings, odd names, control
characters and byte-flipped copies of good documents, all from one fixed seed. The build must end
on its own, with every seed document in the graph, one `skipped:` line per file it could not read
and nothing else on stderr (no traceback, no warning).
"""
from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import rdflib

from pdfmaker import Line, Run, make_pdf

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
KG = str(Path(sys.executable).parent / "kg")
SUFFIXES = (".txt", ".md", ".html", ".pdf")
WORDS = ("school", "leadership", "teacher", "principal", "study", "network", "learning", "district", "policy")


def _sentence(rng: random.Random, n: int = 12) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def _mutate(rng: random.Random, data: bytes, flips: int) -> bytes:
    out = bytearray(data)
    for _ in range(flips):
        at = rng.randrange(len(out))
        choice = rng.random()
        if choice < 0.5:
            out[at] = rng.randrange(256)
        elif choice < 0.8:
            del out[at:at + rng.randrange(1, 40)]
        else:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 20)))
    return bytes(out)


def hostile_files(rng: random.Random) -> list[tuple[bytes, bytes]]:
    """(file name as bytes, content) of every generated file."""
    good = [p.read_bytes() for p in sorted(SEEDS.iterdir()) if p.is_file()]
    pdf = make_pdf([[Line(72, 720, [Run(_sentence(rng), 14)]), Line(72, 690, [Run(_sentence(rng), 10)])]])
    files: list[tuple[bytes, bytes]] = []

    def add(kind: str, suffix: str, data: bytes, name: bytes | None = None) -> None:
        files.append((name or f"{kind}-{len(files):03d}{suffix}".encode(), data))

    for _ in range(30):  # truncated PDFs
        add("truncated", ".pdf", pdf[: rng.randrange(8, len(pdf) - 1)])
    for _ in range(40):  # random bytes under every suffix
        add("random", rng.choice(SUFFIXES), bytes(rng.randrange(256) for _ in range(rng.randrange(0, 3000))))
    for _ in range(10):  # deep nesting
        depth = rng.randrange(2_000, 60_000)
        tag = rng.choice([b"div", b"span", b"b", b"section"])
        add("deep", ".html", b"<html><body>" + (b"<" + tag + b">") * depth + _sentence(rng).encode()
            + (b"</" + tag + b">") * rng.choice([depth, 0]))
    for _ in range(10):  # huge lines
        unit = rng.choice([b"*a ", b"_", b"[x](", b"<", b"&amp;", b"-- ", b"| "])
        add("long-line", rng.choice((".md", ".txt", ".html")), unit * rng.randrange(20_000, 60_000) + b"\n")
    for _ in range(25):  # mixed and wrong encodings
        text = _sentence(rng) + " Kraków naïve café Управление " + _sentence(rng)
        encoding = rng.choice(["utf-16-le", "utf-16-be", "utf-32-le", "latin-1", "cp1251", "utf-8"])
        data = text.encode(encoding, errors="replace")
        if rng.random() < 0.5:
            data = text.encode("utf-8") + data  # two encodings in one file
        add("encoding", rng.choice((".txt", ".md", ".html")), data)
    for i in range(20):  # odd names
        stem = rng.choice([b"caf\xe9", b"-rf", b" spaces  here ", b"new\nline", b"tab\there", b"\xff\xfe",
                           b"x" * 200, b"dots...", b"\xd0\x9f\xd1\x80\xd0\xb8", b"%2e%2e"])
        add("name", "", (_sentence(rng) + "\n").encode(), name=stem + b"-" + str(i).encode() + rng.choice(SUFFIXES[:3]).encode())
    for _ in range(20):  # control characters
        text = "".join(rng.choice([_sentence(rng, 4), chr(rng.randrange(0, 32)), "\x7f", "\ufffe", "\x1b[31m"])
                       for _ in range(60))
        add("control", rng.choice((".txt", ".md", ".html")), text.encode("utf-8", errors="surrogatepass"))
    for _ in range(45):  # good documents with bytes flipped, cut and inserted
        source = rng.choice(good)
        add("mutated", rng.choice(SUFFIXES[:3]), _mutate(rng, source[: rng.randrange(200, 4000)], rng.randrange(1, 30)))
    for _ in range(5):  # nothing to read
        add("empty", rng.choice(SUFFIXES), rng.choice([b"", b"\n\n", b"   ", b"\x00" * 10, b"<html></html>"]))
    return files


@pytest.mark.skipif(sys.platform == "win32", reason="file names as bytes")
def test_fuzz_a_corpus_of_hostile_files_builds_every_good_document(tmp_path):
    rng = random.Random(13)
    corpus = tmp_path / "corpus"
    (corpus / "seeds").mkdir(parents=True)
    for seed in sorted(SEEDS.iterdir()):
        (corpus / "seeds" / seed.name).write_bytes(seed.read_bytes())
    files = hostile_files(rng)
    assert len(files) >= 200
    (corpus / "bad").mkdir()
    for name, data in files:
        with open(os.path.join(os.fsencode(corpus / "bad"), name), "wb") as fh:
            fh.write(data)
    out = tmp_path / "out" / "g.ttl"
    started = time.monotonic()
    result = subprocess.run([KG, "build", str(corpus), "-o", str(out), "--no-html", "--no-store", "--time-limit", "20"],
                            capture_output=True, text=True, timeout=240)
    seconds = time.monotonic() - started
    assert seconds < 120, f"the fuzz build took {seconds:.0f} s"
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    lines = result.stderr.splitlines()
    assert all(line.startswith("skipped: ") for line in lines), "\n".join(l for l in lines if not l.startswith("skipped: "))
    summary = re.search(r"documents: (\d+) read, (\d+) skipped", result.stdout)
    assert summary, result.stdout + result.stderr
    read, skipped = int(summary.group(1)), int(summary.group(2))
    assert skipped == len(lines) and read + skipped == len(files) + len(list(SEEDS.iterdir()))
    assert result.returncode == (1 if skipped else 0)
    paths = {str(o) for o in rdflib.Graph().parse(out).objects(
        None, rdflib.URIRef("https://w3id.org/leadership-kg/ontology#path"))}
    assert {f"corpus/seeds/{p.name}" for p in SEEDS.iterdir()} <= paths
