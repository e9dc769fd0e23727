"""The HTML reader: block elements on lines of their own, in time linear in the page's size."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from kg.corpus import _read_html


def _by_inserting_newlines(html: str) -> str:
    """What the reader gives, the slow way: a newline node before and after each block element."""
    from bs4 import BeautifulSoup

    from kg.corpus import _HTML_BLOCKS

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(_HTML_BLOCKS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    return (soup.body or soup).get_text()


@pytest.mark.parametrize("html", [
    "<html><body><h1>Title</h1><p>One <b>two</b><br>three</p><ul><li>a</li><li>b</li></ul></body></html>",
    "<title>T</title><p>a<li>b</li></p>text <![CDATA[x]]> <!-- a comment --> <ruby>k<rt>r</rt></ruby>",
    "<body><table><tr><th>Journal</th><td>Brave Schools</td></tr></table><div><div>deep</div></div></body>",
])
def test_corpus_html_block_text_matches_newlines_around_blocks(html):
    from bs4 import BeautifulSoup

    from kg.corpus import _block_text

    soup = BeautifulSoup(html, "html.parser")
    assert _block_text(soup.body or soup) == _by_inserting_newlines(html)


@pytest.mark.parametrize("paragraphs", [6000])
def test_corpus_html_large_page_reads_quickly(paragraphs):
    body = "".join(f"<div><p>Paragraph {i} on <a href='#'>leadership</a>.</p></div>\n" for i in range(paragraphs))
    html = f"<html><body>{body}</body></html>".encode()
    t0 = time.perf_counter()
    text, _ = _read_html(Path("big.html"), html.decode())
    assert time.perf_counter() - t0 < 5  # inserting newline nodes took tens of seconds here
    assert text.count("\n") >= paragraphs
