"""A minimal PDF writer for the tests: pages of text lines in Helvetica at given sizes and
positions, superscript runs (footnote markers), an information dictionary and XMP. No dependency.

>>> data = make_pdf([[Line(72, 720, [Run("Hello", 12)])]])
>>> data[:8]
b'%PDF-1.4'
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Run:
    text: str
    size: float
    rise: float = 0.0  # points above the baseline: a superscript marker


@dataclass
class Line:
    x: float
    y: float  # points from the bottom of an A4 page (842 high)
    runs: list[Run] = field(default_factory=list)


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _content(lines: list[Line]) -> bytes:
    out = [b"BT"]
    for line in lines:
        out.append(b"1 0 0 1 %.2f %.2f Tm" % (line.x, line.y))
        for run in line.runs:
            out.append(b"/F1 %.2f Tf %.2f Ts (%s) Tj" % (run.size, run.rise, _escape(run.text)))
        out.append(b"0 Ts")
    out.append(b"ET")
    return b"\n".join(out)


def _pdf_string(text: str) -> bytes:
    return b"(" + _escape(text) + b")"


def make_pdf(pages: list[list[Line]], info: dict[str, str] | None = None, xmp: str | None = None) -> bytes:
    """The bytes of a PDF with those pages, /Info entries ("Title": ...) and XMP packet."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below
    pages_obj = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for lines in pages:
        stream = _content(lines)
        content = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                        b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_obj, content, font)))
    objects[pages_obj - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    extra = b""
    if xmp is not None:
        packet = xmp.encode("utf-8")
        meta = add(b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n%s\nendstream" % (len(packet), packet))
        extra = b" /Metadata %d 0 R" % meta
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R%s >>" % (pages_obj, extra)
    info_ref = None
    if info:
        info_ref = add(b"<< " + b" ".join(b"/%s %s" % (k.encode(), _pdf_string(v)) for k, v in info.items()) + b" >>")
    body = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (i, obj)
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        body += b"%010d 00000 n \n" % off
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objects) + 1, catalog)
    if info_ref:
        trailer += b" /Info %d 0 R" % info_ref
    body += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(body)
