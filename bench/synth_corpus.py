"""A synthetic corpus of any size for the scale benchmark: documents recombined from the sentences
of the project's own seeds/ (a title, a byline of made-up names, an abstract, a body and a few
references), with a fixed seed, so the same command makes the same corpus.

Run: .venv/bin/python bench/synth_corpus.py OUT_FOLDER 1000
"""
from __future__ import annotations

import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SYLLABLES = ["ka", "lo", "mi", "re", "sa", "tu", "ven", "dor", "ha", "li", "no", "par", "quin", "ro", "sel", "ta"]


def _sentences(seeds: Path) -> tuple[list[str], list[str]]:
    prose, references = [], []
    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        head, _, refs = text.partition("\nReferences\n")
        for line in refs.splitlines():  # one reference a line, or a list run together on one line
            references += [r.strip() for r in re.split(r"(?<=[.\d])\s+(?=[A-Z][\w()' -]+,\s+[A-Z]\.)", line)
                           if re.search(r"\(\d{4}\)", r)]
        for paragraph in head.split("\n\n"):
            if len(paragraph) > 200 and "\n" not in paragraph.strip():  # prose, not a record's lines
                prose += [s.strip() for s in re.split(r"(?<=[.!?])\s+", paragraph) if len(s.split()) > 6]
    return prose, references


def _name(rng: random.Random) -> str:
    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    return f"{word()} {word()}"


def make_corpus(folder: str | Path, documents: int, *, seed: int = 7, sentences: int = 8) -> Path:
    """Write `documents` .txt files into `folder` (made if needed); returns the folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    prose, references = _sentences(ROOT / "seeds")
    rng = random.Random(seed)
    for i in range(documents):
        title = " ".join(rng.choice(prose).split()[: rng.randint(5, 10)]).rstrip(",.;:")
        byline = ", ".join(_name(rng) for _ in range(rng.randint(1, 4)))
        body = rng.sample(prose, min(len(prose), rng.randint(sentences // 2, sentences * 3 // 2)))
        refs = rng.sample(references, min(len(references), rng.randint(1, 4))) if references else []
        text = (f"{title}\n\n{byline}\n\nAbstract\n\n{' '.join(body[:3])}\n\n{' '.join(body[3:])}\n"
                + ("\nReferences\n\n" + "\n".join(refs) + "\n" if refs else ""))
        (folder / f"doc{i:05d}.txt").write_text(text, encoding="utf-8")
    return folder


if __name__ == "__main__":
    out = make_corpus(sys.argv[1], int(sys.argv[2]))
    print(f"wrote {sys.argv[2]} documents to {out}")
