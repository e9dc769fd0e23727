"""Specification of kg.extract.reflist: reference lists are found by what their lines look like
(with or without a heading, in any language, numbered, bulleted, wrapped or run together), cut into
entries, and in-text citations are kept to running text. The pages below are small and invented."""
from __future__ import annotations

import json
from itertools import accumulate
import time
from pathlib import Path

import pytest

from kg.errors import ModelError
from kg.extract import reflist
from kg.extract.reflist import (
    find_reference_lists,
    find_reference_section,
    split_references,
    units,
)
from kg.extract.citations import in_running_text, running_text_citations
from kg.extract.refparse import find_citations, parse_reference

ROOT = Path(__file__).resolve().parents[1]
REAL_DEV = ROOT.parent / "shared" / "corpora" / "real-dev" / "docs"

APA = [
    "Okonkwo, T. N., & Lindqvist, B. (2018). Quiet leaders in loud schools. Journal of School Life, 7(2), 11-19.",
    "Marchetti, L. (2020). Teacher agency and school reform. Rome: Laterza Nuova.",
    "Ptashkin, O. V. (2016). Middle leaders in rural schools. Leadership Review, 12, 201–219. https://doi.org/10.1234/lr.2016.12",
]
ENTRY_BODIES = [a.split(",")[0] for a in APA]
PROSE = ("This article examines how principals share leadership with teachers in rural schools. Drawing on "
         "interviews with 40 heads, it argues that trust matters more than structure (Okonkwo, 2018; "
         "Marchetti & Ptashkin, 2020). As Lindqvist (2019) shows, the reforms of the last decade changed little.")


def firsts(text: str, found) -> list[str]:
    return [text[s:e].split(",")[0].split()[0] if text[s:e] else "" for s, e in found]


def entries_of(text: str) -> list[str]:
    return [text[s:e] for lst in find_reference_lists(text) for s, e in lst.entries]


# --- finding lists ----------------------------------------------------------------------------

@pytest.mark.parametrize("heading", [
    "References", "REFERENCES", "5. Bibliography", "Literaturverzeichnis", "Bibliographie", "Références",
    "Referencias", "Список літератури", "Список литературы", "Riferimenti bibliografici", "Referências:",
])
def test_reflist_finds_a_list_under_a_heading_in_any_language(heading):
    text = f"Schools and trust\n\n{PROSE}\n\n{heading}\n\n" + "\n".join(APA) + "\n"
    lists = find_reference_lists(text)
    assert len(lists) == 1
    assert [text[s:e] for s, e in lists[0].entries] == APA
    assert lists[0].heading is not None and text[slice(*lists[0].heading)].strip() == heading


@pytest.mark.parametrize("separator", ["\n", "\n\n"])
def test_reflist_finds_a_list_with_no_heading_on_a_page_that_is_only_a_bibliography(separator):
    text = separator.join(APA)
    assert entries_of(text) == APA


def test_reflist_finds_a_list_below_page_furniture_and_a_title_block():
    text = ("Skip to main content\nHome > Library > Reading lists\nLog in\n\n"
            "Reading list: distributed leadership\n\nCompiled by Ines Albrecht\n\n"
            + "\n\n".join(APA) + "\n\nShare\nPrivacy policy\n")
    assert entries_of(text) == APA


def test_reflist_leaves_prose_below_the_list_out():
    text = "References\n" + "\n".join(APA) + "\n\nAbout the authors\n" + PROSE + "\n"
    lists = find_reference_lists(text)
    assert len(lists) == 1 and text[lists[0].start:lists[0].end].endswith("lr.2016.12")


@pytest.mark.parametrize("marker", ["[{n}]", "{n}.", "  {n}.", "({n})"])
def test_reflist_finds_numbered_lists(marker):
    vancouver = [
        "Okonkwo TN, Lindqvist B. Quiet leaders in loud schools. J Sch Life. 2018;7(2):11-9.",
        "Marchetti L. Teacher agency and school reform. Rome: Laterza Nuova; 2020.",
        "Ptashkin OV, Aldana R, Brum K. Middle leaders in rural schools. Leadersh Rev. 2016;12:201-19.",
    ]
    text = "Notes and sources\n\n" + "\n".join(f"{marker.format(n=i)} {v}" for i, v in enumerate(vancouver, 1)) + "\n"
    assert entries_of(text) == vancouver


@pytest.mark.parametrize("bullet", ["•", "-", "*"])
def test_reflist_finds_bulleted_lists_with_given_names_first(bullet):
    french = [
        "Hélène Castagnet, 1931, « Le chef d'établissement et ses maîtres », Revue de pédagogie, Vol 12, n°3, Mar., pp41-58",
        "Jorge P. Almada, Rita Valcárcel, 1954, « School leaders in small towns », Journal of Rural Schools, Vol 8, n°1, pp3-17",
        "K. T. Brisbane, 1962, « A study of student leadership », The School Quarterly, 21, pp149-160",
    ]
    text = "Bibliographie sur la direction d'école de 1930 à 1969\n\n" + "\n".join(f"  {bullet} {f}" for f in french) + "\n"
    assert entries_of(text) == french


def test_reflist_joins_entries_wrapped_across_lines():
    text = ("References\n"
            "Okonkwo, T. N., & Lindqvist, B. (2018). Quiet leaders in loud schools: distributed\n"
            "    leadership in practice. Journal of School Life, 7(2), 11-19.\n"
            "Marchetti, L. (2020). Teacher agency and school reform. Rome: Laterza\n"
            "    Nuova.\n"
            "Ptashkin, O. V. (2016). Middle leaders in rural schools. Leadership Review, 12, 201–219.\n"
            "    https://doi.org/10.1234/lr.2016.12\n")
    found = entries_of(text)
    assert [f.split(",")[0] for f in found] == ENTRY_BODIES
    assert found[0].endswith("11-19.") and found[2].endswith("lr.2016.12")
    assert parse_reference(found[2]).doi == "10.1234/lr.2016.12"


def test_reflist_runs_on_across_link_lines_and_page_breaks():
    publisher_page = ("Cite this article\n\nReferences\n\n" + APA[0] + "\n\nArticle\n\nGoogle Scholar\n\n" + APA[1]
                      + "\n\nGoogle Scholar\n\n" + APA[2] + "\n\nArticle\n\nCrossref\n\nGoogle Scholar\n\n"
                      + "Brum, K. (2017). Schools as learning organisations. Leeds: Harbour.\n\nDownload references\n")
    assert entries_of(publisher_page) == [*APA, "Brum, K. (2017). Schools as learning organisations. Leeds: Harbour."]
    pdf_page = ("References\n" + APA[0] + "\n" + APA[1] + "\n26 Journal of School Life (2021) 22:145–167\n"
                + APA[2] + "\nBrum, K. (2017). Schools as learning organisations. Leeds: Harbour.\n"
                "Publisher's Note Harbour Books remains neutral with regard to jurisdictional claims in published maps\n"
                "and institutional affiliations.\n")
    found = entries_of(pdf_page)
    assert len(found) == 4 and not any("22:145" in f or "neutral" in f for f in found)


def test_reflist_finds_a_reading_list_in_notes_bibliography_style():
    chicago = [
        "Brum, Kofi. Schools as Learning Organisations. Leeds: Harbour Books, 2017.",
        'Castagnet, Hélène, and Rita Valcárcel. "Trust and Principal Turnover." Educational Policy Review 44, no. 5 (2019): 671–702.',
        "Dunmore, Petra. \"Middle Leaders.\" In Handbook of School Leadership, edited by Karl Lind and Ruth Osei, 45–62. Lagos: Harbour Books, 2011.",
    ]
    text = "Further reading on school leadership\n\nA short list compiled for new heads.\n\n" + "\n".join(chicago) + "\n\nLast updated 12 March 2022\n"
    assert entries_of(text) == chicago


NATIONAL_STYLES = {
    "gost under 'Література'": (
        "Головна > Статті\n\nМодель управління закладом освіти\n\nАнотація. У статті розглянуто підходи до управління "
        "закладом освіти в умовах реформи.\n\nЛітература\n{}\n\nНадійшла до редакції 12.03.2021\n",
        ["1. Коваленко О. В. Лідерство в освіті: навч. посіб. – Київ : Освіта, 2019. – 212 с.",
         "2. Петрук Н. М. Розподілене лідерство у школі // Педагогіка і психологія. – 2020. – № 3. – С. 45–52.",
         "3. Okonkwo T. Distributed leadership matters. – Port Ellis : Harbour, 2014. – 184 p."]),
    "german under 'Literatur'": (
        "Schulleitung im Wandel\n\nLiteratur\n\n{}\n\nZurück zur Übersicht\n",
        ["Albrecht, Tanja; Brum, Kai (2018): Schulleitung und Unterrichtsentwicklung. In: Zeitschrift für "
         "Bildungsforschung, 8 (2), S. 101–119.",
         "Castagnet, Hélène (2016): Führung in kleinen Schulen. Weinheim: Beltz.",
         "Dunmore, Petra/Osei, Ruth (Hrsg.) (2020): Handbuch Schulleitung. Münster: Waxmann."]),
    "mla with hanging indentation": (
        "Works Cited\n{}\n",
        ["Brum, Kofi. Schools as Learning Organisations. Harbour Books,\n     2017.",
         'Castagnet, Hélène, and Rita Valcárcel. "Trust and Principal Turnover."\n     Educational Policy Review, vol. 44, '
         "no. 5, 2019, pp. 671-702.",
         "Ministry of Education. School Leadership Standards. Ministry of\n     Education, 2021, www.education.example/standards."]),
}


@pytest.mark.parametrize("page, lines", NATIONAL_STYLES.values(), ids=NATIONAL_STYLES.keys())
def test_reflist_finds_lists_in_national_styles(page, lines):
    text = page.format("\n".join(lines))
    assert entries_of(text) == [reflist._LEAD_MARK.sub("", ln, count=1) if ln[0].isdigit() else ln for ln in lines]


def test_reflist_splits_a_list_run_together_on_one_line():
    text = "Intro text.\nReferences\n" + " ".join(APA) + "\nShare this page\n"
    assert entries_of(text) == APA


@pytest.mark.parametrize("name, text", [
    ("abstract with citations", f"Abstract\n\n{PROSE}\n\n{PROSE}\n"),
    ("portal record with field lines",
     "Research output: Contribution to journal\nJournal: Journal of School Life\nVolume: 7\nIssue: 2\n"
     "Pages (from-to): 11-19\nPublication date: 2018\nOriginal languageEnglish\nDOI: 10.1234/jsl.2018.7\n\n"
     + PROSE + "\n\nCite this\n"),
    ("conference programme with bulleted names",
     "Invited symposium\n  • Chair: Ines Albrecht (Chile)\n  • Papers: Tomás Brum (Norway): Leading rural schools\n"
     "  • Rita Valcárcel, University of Lagos\n  • Discussant: Kofi Mensah\n\n" + PROSE + "\n"),
    ("publisher's contact line",
     "Harbour Books. 2455 Lantern Road, Port Ellis, CA 91320. Tel: 800-818-7243; e-mail: info@harbour.example; "
     "Web site: http://harbour.example\n" + PROSE + " (Contains 2 notes.)\n"),
])
def test_reflist_takes_no_prose_or_record_for_a_list(name, text):
    assert find_reference_lists(text) == []
    assert find_reference_section(text) is None


@pytest.mark.parametrize("heading", ["How to cite this article", "Citation", "Cite this", "Suggested citation"])
def test_reflist_a_record_citing_itself_is_no_reference_list(heading):
    text = (f"Quiet leaders in loud schools\n\nAbstract\nThis article examines trust.\n\n{heading}\n\n{APA[0]}\n\n"
            "Related articles\n")
    assert find_reference_lists(text) == []


def test_reflist_section_runs_from_the_first_list_to_the_last():
    text = "Works before 1950\n" + "\n".join(APA) + "\nWorks after 1950\n" + "\n".join(APA) + "\n"
    span = find_reference_section(text)
    assert span is not None and text[span[0]:].startswith("Okonkwo") and text[:span[1]].endswith("lr.2016.12")


# --- splitting a known list -------------------------------------------------------------------

BLOCKS = json.loads((ROOT / "tests" / "data" / "reference_blocks.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("block", BLOCKS, ids=[b["name"] for b in BLOCKS])
def test_reflist_split_block_into_references(block):
    text = block["text"]
    spans = split_references(text)
    assert len(spans) == block["count"]
    for (start, end), family in zip(spans, block["first_authors"]):
        assert text[start:end].startswith(family) and text[start:end] == text[start:end].strip()


@pytest.mark.parametrize("separator", ["\n", "\n\n"])
def test_reflist_split_one_reference_per_line(separator):
    texts = [json.loads(ln)["text"] for ln in (ROOT / "tests" / "data" / "references.jsonl").read_text().splitlines() if ln.strip()]
    joined = separator.join(texts)
    assert [joined[s:e] for s, e in split_references(joined)] == texts


def test_reflist_split_the_data_set_run_together_on_one_line():
    """On one line, nearly every entry start is found, and nearly nothing else (bench/bench_reflist.py prints the figures)."""
    texts = [json.loads(ln)["text"] for ln in (ROOT / "tests" / "data" / "references.jsonl").read_text().splitlines() if ln.strip()]
    run = " ".join(texts)
    truth = set(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
    found = {s for s, _ in split_references(run)}
    assert len(found & truth) / len(truth) >= 0.95
    assert len(found & truth) / len(found) >= 0.95


@pytest.mark.parametrize("text, pieces", [
    ("Okonkwo, T. N. (2018). Quiet leaders. London: Sage. Lind, B. (2019). Heads.",
     ["Okonkwo, T. N. (2018).", "Quiet leaders.", "London: Sage.", "Lind, B. (2019).", "Heads."]),
    ("1. Okonkwo, T. (2018). Quiet.", ["1. Okonkwo, T. (2018).", "Quiet."]),
    ("In K. Lind & M. A. Brum (Eds.), Handbook. Belfast, UK. van der Berg, J. (2013).",
     ["In K. Lind & M. A. Brum (Eds.), Handbook.", "Belfast, UK.", "van der Berg, J. (2013)."]),
])
def test_reflist_units_cut_where_a_reference_could_begin_but_not_after_initials(text, pieces):
    assert [text[u.start:u.end] for u in units(text)] == pieces


# --- in-text citations ------------------------------------------------------------------------

@pytest.mark.parametrize("text, kept", [
    ("Heads trust teachers (Okonkwo, 2018).", ["(Okonkwo, 2018)"]),
    ("As Lindqvist (2019) shows, reform is slow.", ["Lindqvist (2019)"]),
    ("The working paper EDU/WKP(2019)19 reviews this.", []),
    ("It was printed (London: Routledge, 2018) in one volume.", []),
])
def test_citations_only_in_running_text(text, kept):
    found = find_citations(text)
    assert [c.text for c in found if in_running_text(text, c.start, c.end, c.authors)] == kept


def test_citations_none_inside_a_reference_entry():
    text = PROSE + "\n\nReferences\n" + "\n".join(APA) + "\nBrum, K. (2017). Schools. London: Routledge, 2018.\n"
    lists = find_reference_lists(text)
    kept = running_text_citations(text, find_citations(text), lists)
    assert kept and all(c.end <= lists[0].start for c in kept)
    assert not any("Routledge" in c.authors for c in kept)


# --- the model --------------------------------------------------------------------------------

def test_reflist_model_loads_fast_and_is_deterministic():
    reflist._tagger.cache_clear()
    t0 = time.perf_counter()
    reflist._tagger()
    assert time.perf_counter() - t0 < 1.0
    text = "\n".join(APA)
    assert find_reference_lists(text) == find_reference_lists(text)


def test_reflist_missing_model_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(reflist, "MODEL_FILE", "no-such-model.crfsuite")
    reflist._tagger.cache_clear()
    try:
        with pytest.raises(ModelError, match="make model-reflist"):
            find_reference_lists("\n".join(APA))
    finally:
        monkeypatch.undo()
        reflist._tagger.cache_clear()


def test_reflist_headings_are_data_in_many_languages():
    heads = reflist.headings()
    assert {"references", "literaturverzeichnis", "bibliographie", "список литературы"} <= heads
    assert len(heads) >= 40


# --- real pages (read from ../shared when it is there) ------------------------------------------

@pytest.mark.skipif(not REAL_DEV.is_dir(), reason="../shared/corpora/real-dev is not beside this checkout")
@pytest.mark.parametrize("pattern, entries", [
    ("d13_*", 9),   # Harvard-like, no heading, at the top of the page
    ("d18_*", 8),   # numbered APA under a Ukrainian heading, DOIs on their own lines
    ("d19_*", 11),  # APA with no heading below a title block
    ("d20_*", 9),   # a French bibliography with bullets, under sub-headings
])
def test_reflist_finds_the_lists_of_real_pages(pattern, entries):
    path = next(REAL_DEV.glob(pattern))
    found = entries_of(path.read_text(encoding="utf-8"))
    assert entries <= len(found) <= entries + 1


@pytest.mark.skipif(not REAL_DEV.is_dir(), reason="../shared/corpora/real-dev is not beside this checkout")
def test_reflist_finds_no_list_on_real_pages_without_one():
    others = [p for p in sorted(REAL_DEV.glob("d*.txt")) if not p.name.startswith(("d13_", "d18_", "d19_", "d20_"))]
    assert [p.name for p in others if find_reference_lists(p.read_text(encoding="utf-8"))] == []


# --- the extractors that use it -----------------------------------------------------------------

@pytest.mark.parametrize("heading", ["", "Список літератури\n"])
def test_reflist_references_extractor_parses_every_entry_and_the_body_ends_at_the_list(make_doc, heading):
    from kg.extract.layout import layout
    from kg.extract.references import references_of

    doc = make_doc(f"Schools and trust\n\n{PROSE}\n\n{heading}" + "\n".join(APA) + "\n")
    refs = references_of(doc)
    assert [r.authors[0].family for r in refs] == ENTRY_BODIES
    assert [doc.text[r.start:r.end] for r in refs] == APA  # the evidence quote is the reference string
    lay = layout(doc)
    assert lay.references == (refs[0].start, refs[-1].end)
    assert lay.body[1] <= refs[0].start and doc.text[lay.body[0]:lay.body[1]].rstrip().endswith("changed little.")
