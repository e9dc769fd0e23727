"""kg.resolve: one node per real thing, never two things merged for sharing a word."""
from __future__ import annotations

import pytest

from kg.model import Evidence, Extraction, Mention
from kg.resolve import org_key, programme_key, resolve


def _ev(doc="d1", start=0, end=1, extractor="records", confidence=0.9):
    return Evidence(doc, start, end, "q", extractor, confidence)


def _person(doc, key, family, given="", other=(), extractor="references"):
    attrs = {"family": family, "given": given}
    if other:
        attrs["other_families"] = tuple(other)
    return Mention(key, "Person", f"{given} {family}".strip(), doc, [_ev(doc, extractor=extractor)], [], attrs)


def _people(*mentions):
    by_doc: dict[str, Extraction] = {}
    for m in mentions:
        by_doc.setdefault(m.doc_id, Extraction(m.doc_id)).mentions.append(m)
    resolved = resolve([], list(by_doc.values()))
    return sorted((e.label, tuple(sorted(e.aliases))) for e in resolved.entities)


def test_resolve_initials_fit_full_names():
    out = _people(_person("d1", "p1", "Okafor", "Michelle"), _person("d1", "p2", "Okafor", "Michelle S."),
                  _person("d2", "p3", "Okafor", "M."))
    assert len(out) == 1 and out[0][0] == "Michelle S. Okafor"
    assert "M. Okafor" in out[0][1] and "Michelle Okafor" in out[0][1]


def test_resolve_conflicting_initials_stay_two_people():
    out = _people(_person("d1", "p1", "Lind", "A."), _person("d1", "p2", "Lind", "D."))
    assert [label for label, _ in out] == ["A. Lind", "D. Lind"]


def test_resolve_bare_family_name_joins_the_only_person_of_that_name():
    out = _people(_person("d1", "p1", "Lind", "Alma"), _person("d1", "p2", "Lind"))
    assert len(out) == 1 and "Lind" in out[0][1]


def test_resolve_bare_family_name_with_two_candidates_stays_apart():
    out = _people(_person("d1", "p1", "Lind", "A."), _person("d2", "p2", "Lind", "D."), _person("d3", "p3", "Lind"))
    assert len(out) == 3


def test_resolve_a_person_with_two_family_names_is_one_node():
    out = _people(_person("d1", "p1", "Borisova", "G.", other=("Qyzyl",)), _person("d1", "p2", "Qyzyl", "G."),
                  _person("d2", "p3", "Qyzyl", "G."), _person("d3", "p5", "Qyzyl", "G."), _person("d1", "p4", "Borisova"))
    assert len(out) == 1
    label, aliases = out[0]
    assert label == "G. Qyzyl"  # the family name printed most often
    assert {"Borisova", "G. Borisova", "Borisova (Qyzyl)"} <= set(aliases)


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("Lake University", "University of Lake", True),
        ("the Lake Council", "Lake Council", True),
        ("Lake College", "Lake University", False),
    ],
)
def test_resolve_organisation_keys(a, b, same):
    assert (org_key(a) == org_key(b)) is same


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("Leaders in Utopia initiative", "Leaders in Utopia project", True),
        ("Leaders in Utopia", "Leaders in Utopia programme", True),
        ("Leaders in Utopia", "Leaders in Arcadia", False),
    ],
)
def test_resolve_programme_variants(a, b, same):
    assert (programme_key(a) == programme_key(b)) is same


def _pub(doc, key, title=None, year=None, doi=None, **extra):
    attrs = {"title": title, "year": year, "doi": doi, "kind": "JournalArticle", **extra}
    return Mention(key, "Publication", title or key, doc, [_ev(doc)], [], {k: v for k, v in attrs.items() if v})


def test_resolve_publications_merge_on_doi_and_on_title():
    d1, d2, d3 = Extraction("d1"), Extraction("d2"), Extraction("d3")
    d1.mentions.append(_pub("d1", "a", "Quiet leaders in Utopia", "2020", "10.1/x"))
    d2.mentions.append(_pub("d2", "b", "Quiet Leaders in Utopia.", "2020"))
    d3.mentions.append(_pub("d3", "c", "Another title altogether", "2019", "10.1/X"))
    d3.mentions.append(_pub("d3", "d", "Loud leaders in Utopia", "2020"))
    out = resolve([], [d1, d2, d3])
    labels = sorted(e.label for e in out.entities)
    assert len(labels) == 2
    assert "Loud leaders in Utopia" in labels


def test_resolve_citation_only_work_joins_the_full_record():
    from kg.model import Fact

    d1, d2 = Extraction("d1"), Extraction("d2")
    d1.mentions += [_pub("d1", "stub", None, "2013", cited_as="Lind et al., 2013", untitled=True),
                    _person("d1", "lind", "Lind", "", extractor="citations")]
    d1.facts.append(Fact("stub", "dcterms:creator", _ev("d1"), object="lind", position=1))
    d2.mentions += [_pub("d2", "full", "Schools that learn", "2013"), _person("d2", "alma", "Lind", "Alma")]
    d2.facts.append(Fact("full", "dcterms:creator", _ev("d2"), object="alma", position=1))
    out = resolve([], [d1, d2])
    pubs = [e for e in out.entities if e.cls == "Publication"]
    assert [p.label for p in pubs] == ["Schools that learn"]
    assert sorted(pubs[0].doc_ids) == ["d1", "d2"]


def test_resolve_fullest_given_name_wins_within_one_document():
    out = _people(_person("d1", "p1", "Virta", "A.", extractor="references"),
                  _person("d1", "p1", "Virta", "Anna", extractor="entities"))
    assert out[0][0] == "Anna Virta"


def test_resolve_a_generic_unit_is_one_per_university(make_doc):
    from kg.extract import extract_document

    docs = [make_doc("Quiet leaders\n\nAda Quill, Bruno Vesk\n\n  • Faculty of Education, University of Glasgow, Glasgow, UK\n\n"
                     "Research output: Contribution to journal › Article\nJournal: Journal of Things\n", "a"),
            make_doc("Loud leaders\n\nCora Lind, Dora Fenn\n\n  • Faculty of Education, University of Aberdeen, Aberdeen, UK\n\n"
                     "Research output: Contribution to journal › Article\nJournal: Journal of Things\n", "b")]
    out = resolve(docs, [x for d in docs for x in extract_document(d)])
    units = sorted(e.id for e in out.entities if e.label == "Faculty of Education")
    assert units == ["organisation/faculty-of-education-university-of-aberdeen",
                     "organisation/faculty-of-education-university-of-glasgow"]
