"""Careless and hostile input (issue 13, the parts built): other encodings, control characters,
pipes, unreadable folders, and a GeoNames country code that ISO 3166 does not list."""
from __future__ import annotations

import os
import threading

import pytest

from kg.corpus import read_corpus, read_document
from kg.errors import SourceError


@pytest.mark.parametrize("encoding, data", [
    ("utf-16 with BOM", "Leading schools in Kraków\n".encode("utf-16")),
    ("utf-8 with BOM", "\ufeffLeading schools in Kraków\n".encode("utf-8")),
    ("windows-1252", "Leading schools in Kraków’s district\n".replace("ó", "o").encode("cp1252")),
    ("utf-8 with a stray byte", "Leading schools in Kraków – naïve\n".encode("utf-8") + b"\x96\n"),
])
def test_corpus_text_files_in_other_encodings_are_read(tmp_path, encoding, data):
    path = tmp_path / "page.txt"
    path.write_bytes(data)
    assert read_document(path).text.startswith("Leading schools in Krak")


def test_corpus_control_characters_never_reach_the_text(tmp_path):
    path = tmp_path / "page.txt"
    path.write_bytes(b"Leading\x00 schools\x1b[0m\x0cin Lakeside\x07\n")
    text = read_document(path).text
    assert not any(ord(c) < 32 and c != "\n" for c in text)
    assert "Leading schools" in text and "\nin Lakeside" in text


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_corpus_a_pipe_named_as_a_source_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result: list = []
    worker = threading.Thread(target=lambda: result.append(read_corpus([fifo])), daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert result, "reading a pipe hung"
    docs, errors = result[0]
    assert not docs and "not a regular file" in str(errors[0])


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root reads every folder")
def test_corpus_an_unreadable_sub_folder_is_reported_and_the_rest_is_read(tmp_path):
    (tmp_path / "good.txt").write_text("Leading schools in Lakeside\n", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "hidden.txt").write_text("x\n", encoding="utf-8")
    locked.chmod(0)
    try:
        docs, errors = read_corpus([tmp_path])
    finally:
        locked.chmod(0o755)
    assert [d.path.rsplit("/", 1)[-1] for d in docs] == ["good.txt"]
    assert len(errors) == 1 and "permission denied" in str(errors[0])


def test_places_a_city_whose_country_code_iso_does_not_list_costs_nothing():
    from kg.corpus import normalise
    from kg.extract.places import extract
    from kg.model import Document

    doc = Document("p", "p.txt", normalise("Principals of schools in Pristina were interviewed.\n"), "0" * 64, "text/plain")
    ex = extract(doc)  # GeoNames puts Pristina in 'XK': no country, and no error
    assert [(m.cls, m.label) for m in ex.mentions] == [("Place", "Pristina")]


def test_corpus_cyrillic_saved_as_windows_1251_is_read_as_cyrillic(tmp_path):
    path = tmp_path / "page.txt"
    path.write_bytes("Управление школой и лидерство\n".encode("cp1251"))
    assert read_document(path).text.startswith("Управление школой")
