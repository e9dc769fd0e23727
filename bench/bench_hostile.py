"""Time `kg build` on hostile documents (issue 13): a 60 KB line of `*a `, HTML nested 100,000 deep,
reference lists of growing length (is the work linear?) and, with --long, a 5,000,000-character text.

    .venv/bin/python bench/bench_hostile.py                 # the small files and 500..4,000-line lists
    .venv/bin/python bench/bench_hostile.py --lines 8000    # longer lists as well
    .venv/bin/python bench/bench_hostile.py --long          # and the 5M-character text (minutes)

Each case is one fresh `kg build --no-html --no-store` process: wall time and peak memory (max RSS,
by /usr/bin/time).
The names in the generated references are invented.
"""
from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KG = str(Path(sys.executable).parent / "kg")
FAMILIES = ["Okafor", "Lindqvist", "Marsh", "Petrov", "Tanaka", "Moreau", "Kowalski", "Haddad", "Brennan", "Silva"]


def reference(rng: random.Random, i: int) -> str:
    a, b = rng.choice(FAMILIES), rng.choice(FAMILIES)
    return (f"{a}, {chr(65 + i % 26)}., & {b}, {chr(66 + i % 25)}. ({1990 + i % 30}). Study number {i} of distributed "
            f"leadership in rural schools. Journal of School Studies, {i % 40 + 1}({i % 4 + 1}), {i % 200 + 1}-{i % 200 + 15}.")


def cases(lines: list[int], long: bool) -> dict[str, tuple[str, bytes]]:
    rng = random.Random(13)
    prose = ("Principals of schools took part in the Rural Leadership Initiative. The study of distributed "
             "leadership was funded by the Northern Education Trust.\n\n")
    found = {
        "60 KB line of '*a '": ("stars.md", ("*a " * 20_000 + "\n").encode()),
        "HTML nested 100,000 deep (1.1 MB)": ("deep.html", b"<html><body>" + b"<div>" * 100_000 + prose.encode()
                                             + b"</div>" * 100_000 + b"</body></html>"),
    }
    for n in lines:
        text = "A study of rural schools\n\n" + prose + "References\n\n" + "\n".join(reference(rng, i) for i in range(n))
        found[f"reference list, {n:,} lines"] = (f"refs{n}.txt", (text + "\n").encode())
    if long:
        text = (prose * (5_000_000 // len(prose) + 1))[:5_000_000]
        found["5,000,000-character text"] = ("long.txt", text.encode())
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, nargs="*", default=[500, 1000, 2000, 4000])
    parser.add_argument("--long", action="store_true", help="also the 5,000,000-character text")
    args = parser.parse_args()
    print("| case | wall time | peak memory |\n|---|---|---|")
    for label, (name, data) in cases(args.lines, args.long).items():
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / name
            source.write_bytes(data)
            measure = Path(tmp) / "rss"
            started = time.monotonic()
            done = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", str(measure), KG, "build", str(source),
                                   "-o", str(Path(tmp) / "g.ttl"), "--no-html", "--no-store"], capture_output=True, text=True)
            seconds = time.monotonic() - started
            note = "" if done.returncode == 0 else f" (exit {done.returncode}: {done.stderr.strip()[:80]})"
            memory = f"{int(measure.read_text().split()[-1]) / 1024:,.0f} MiB" if measure.is_file() else "?"
            print(f"| {label}{note} | {seconds:.1f} s | {memory} |", flush=True)


if __name__ == "__main__":
    main()
