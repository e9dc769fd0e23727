"""kg.corpus: reading files and folders, and the text normalisation offsets refer to."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.corpus import normalise, read_corpus, read_document
from kg.errors import SourceError


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("\u041caria Lind", "Maria Lind"),  # Cyrillic capital EM inside a Latin word
        ("Мосва", "Мосва"),  # a Cyrillic word stays Cyrillic
        ("teachers’ pro- fessional learning", "teachers’ professional learning"),
        ("educa-\ntion", "education"),
        ("pre- and post-test", "pre- and post-test"),
        ("peer-review and three-year", "peer-review and three-year"),
        ("PublisherLakeside Press", "Publisher: Lakeside Press"),
        ("ISBN (Print)978-1-23", "ISBN (Print): 978-1-23"),
        ("Journal of Things is a journal", "Journal of Things is a journal"),
        ("ﬁeld work", "field work"),  # NFKC folds the ligature
    ],
)
def test_corpus_normalise(raw, expected):
    assert normalise(raw).strip() == expected


def test_corpus_reads_text_markdown_and_html(tmp_path):
    (tmp_path / "a.txt").write_text("Plain text about distributed leadership.", encoding="utf-8")
    (tmp_path / "b.md").write_text("# Title\n\nSee [the report](http://x.org) on **coaching**.", encoding="utf-8")
    (tmp_path / "c.html").write_text(
        "<html><head><style>p{}</style><script>var x=1;</script></head><body><nav>Home | About</nav>"
        "<h1>A page</h1><p>Leaders in <b>Utopia</b>.</p></body></html>", encoding="utf-8")
    docs, errors = read_corpus([tmp_path])
    assert not errors
    texts = {d.id: d.text for d in docs}
    assert [d.id for d in docs] == ["a", "b", "c"]
    assert texts["b"].strip() == "Title\n\nSee the report on coaching."
    assert "var x" not in texts["c"] and "Home" not in texts["c"]
    assert "A page" in texts["c"] and "Leaders in Utopia." in texts["c"]
    assert {d.media_type for d in docs} == {"text/plain", "text/markdown", "text/html"}
    assert all(len(d.sha256) == 64 for d in docs)


def _tiny_pdf(text: str) -> bytes:
    """A one-page PDF whose content stream shows `text` (enough for pypdf's text extraction)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_corpus_reads_pdf(tmp_path):
    path = tmp_path / "paper.pdf"
    path.write_bytes(_tiny_pdf("Instructional leadership in Utopia"))
    doc = read_document(path)
    assert doc.media_type == "application/pdf"
    assert "Instructional leadership in Utopia" in doc.text


def test_corpus_folder_is_read_recursively_in_sorted_order(tmp_path):
    for rel in ["b/2.txt", "a/1.txt", "a/sub/0.txt", ".hidden/x.txt", "c.txt"]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(f"text of {rel}", encoding="utf-8")
    docs, _ = read_corpus([tmp_path])
    root = tmp_path.name  # the graph records FOLDER/relative/path, wherever the folder is
    assert [d.path for d in docs] == [f"{root}/a/1.txt", f"{root}/a/sub/0.txt", f"{root}/b/2.txt", f"{root}/c.txt"]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("notes.docx", b"PK\x03\x04", "unsupported file type '.docx'"),
        # bytes neither UTF-8 nor Windows-1252 (which kg reads as well) can read
        ("binary.txt", b"caf\x81\x8d\x90", "not UTF-8 text"),
        ("empty.txt", b"   \n", "no text to read"),
        ("broken.pdf", b"%PDF-1.4 this is not a pdf", "not a readable PDF"),
    ],
)
def test_corpus_bad_input_is_one_line_error_naming_file_and_fix(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SourceError) as info:
        read_document(path)
    text = str(info.value)
    assert message in text and name in text and "\n" not in text


def test_corpus_missing_file_is_an_error(tmp_path):
    with pytest.raises(SourceError, match="no such file"):
        read_document(tmp_path / "nope.txt")


def test_corpus_bad_file_does_not_stop_the_rest(tmp_path):
    (tmp_path / "good.txt").write_text("Distributed leadership in Utopia.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\xfa")
    docs, errors = read_corpus([tmp_path])
    assert [d.id for d in docs] == ["good"]
    assert len(errors) == 1 and "bad.txt" in str(errors[0])


def test_corpus_paths_do_not_depend_on_where_the_build_runs(tmp_path, monkeypatch):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("Distributed leadership.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert read_document(tmp_path / "docs" / "a.txt").path == "docs/a.txt"
    assert read_document("docs/a.txt").path == "docs/a.txt"
    for where in (tmp_path, tmp_path / "docs", Path("/")):
        monkeypatch.chdir(where)
        docs, _ = read_corpus([tmp_path / "docs"])
        assert [d.path for d in docs] == ["docs/a.txt"]


def test_corpus_files_sharing_a_stem_get_ids_that_do_not_depend_on_order(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(f"Text {folder}.", encoding="utf-8")
    one, _ = read_corpus([tmp_path / "a", tmp_path / "b"])
    two, _ = read_corpus([tmp_path / "b", tmp_path / "a"])
    assert {d.path: d.id for d in one} == {d.path: d.id for d in two}
    assert len({d.id for d in one}) == 2 and all(d.id.startswith("x-") for d in one)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Publisher\nLakeside Press\n", "Publisher: Lakeside Press"),
        ("Journal\n\nJournal of Things\n", "Journal: Journal of Things"),
        ("DOIs\nPublication status: Published - 2020\n", "DOIs\nPublication status: Published - 2020"),
        ("Keywords\n  • coaching\n", "Keywords\n  • coaching"),
    ],
)
def test_corpus_field_on_its_own_line_meets_its_value(raw, expected):
    assert normalise(raw).strip() == expected


def test_corpus_html_keeps_an_articles_header_and_drops_the_pages(tmp_path):
    (tmp_path / "p.html").write_text(
        "<html><body><header>Site banner</header><article><header><h1>Quiet leaders</h1><p>By Ada Quill</p></header>"
        "<p>Body text.</p></article><footer>Copyright</footer></body></html>", encoding="utf-8")
    text = read_document(tmp_path / "p.html").text
    assert "Quiet leaders" in text and "By Ada Quill" in text and "Body text." in text
    assert "Site banner" not in text and "Copyright" not in text
