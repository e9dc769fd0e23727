"""The general record reader: bylines in every form, fields by the label table in several languages,
the title chosen by evidence, and the record a page gives (issue 8). Fixtures are written here."""
from __future__ import annotations

import pytest

from kg.corpus import normalise
from kg.extract.bylines import parse_byline
from kg.extract.fields import field_kind, read_fields
from kg.extract.layout import layout
from kg.extract.records import extract as records_extract
from kg.extract.records import parse_source
from kg.extract.works import extract as works_extract
from kg.model import Document


def _doc(text: str, name: str = "page.txt") -> Document:
    return Document(name, name, normalise(text), "0" * 64, "text/plain")


@pytest.mark.parametrize("line, names", [
    ("Mara Quist, Owen Delacroix, Lena Park", [("Mara", "Quist"), ("Owen", "Delacroix"), ("Lena", "Park")]),
    ("Mara Quist*, Owen Delacroix and Lena Park", [("Mara", "Quist"), ("Owen", "Delacroix"), ("Lena", "Park")]),
    ("Quist, M., Delacroix, O., and Park, L.", [("M.", "Quist"), ("O.", "Delacroix"), ("L.", "Park")]),
    ("Quist, Mara; Delacroix, Owen; Park, Lena:", [("Mara", "Quist"), ("Owen", "Delacroix"), ("Lena", "Park")]),
    ("Anthony R. VELLACOTT", [("Anthony R.", "Vellacott")]),
    ("By Mara Quist & Owen Delacroix", [("Mara", "Quist"), ("Owen", "Delacroix")]),
    ("Beitrag von Mara Quist", [("Mara", "Quist")]),
    ("Автори: Mara Quist, Owen Delacroix", [("Mara", "Quist"), ("Owen", "Delacroix")]),
    ("Auteurs : Mara Quist et Owen Delacroix", [("Mara", "Quist"), ("Owen", "Delacroix")]),
    ("Mara Quist ORCID Icon, Owen Delacroix ORCID Icon", [("Mara", "Quist"), ("Owen", "Delacroix")]),
    ("Hilde Vasstrand1, Berit Olsvik2,3", [("Hilde", "Vasstrand"), ("Berit", "Olsvik")]),
])
def test_bylines_read_every_common_form(line, names):
    byline = parse_byline(line)
    assert byline is not None
    assert [(n.given, n.family) for n in byline.names] == names


@pytest.mark.parametrize("line", ["Search Tips", "Email Alerts", "Special Sessions", "Show results",
                                  "Directorate for Education", "University of Lakeside", "Back to results"])
def test_bylines_refuse_furniture_and_organisations(line):
    assert parse_byline(line) is None


def test_bylines_keep_footnote_marks_and_parenthesised_affiliations():
    byline = parse_byline("Hilde Vasstrand1, Berit Olsvik2 (Lakeside University, Norway)")
    assert byline.names[0].marks == ("1",)
    assert byline.names[1].note == "Lakeside University, Norway"


def test_bylines_know_editors_by_their_opening_words():
    assert parse_byline("Hrsg.: Mara Quist & Owen Delacroix").role == "editor"
    assert parse_byline("Edited by Mara Quist and Owen Delacroix").role == "editor"


@pytest.mark.parametrize("text, expected", [
    ("Publisher: Lakeside Press", ("publisher", "Lakeside Press")),
    ("Видавець: Lakeside Press", ("publisher", "Lakeside Press")),
    ("Verlag: Lakeside Press", ("publisher", "Lakeside Press")),
    ("Éditeur : Lakeside Press", ("publisher", "Lakeside Press")),
    ("dc.date.issued 2011 en", ("date", "2011")),
    ("dc.contributor.author Quist, Mara en", ("authors", "Quist, Mara")),
    ("Publisher\n\n:\n\nLakeside Press", ("publisher", "Lakeside Press")),
    ("Article publication date: 3 March 2015", ("date", "3 March 2015")),
    ("Schlüsselwörter: Führung, Schule", ("keywords", "Führung, Schule")),
])
def test_fields_are_read_by_the_label_table_in_several_languages(text, expected):
    fields = read_fields(text)
    assert (fields[0].name, fields[0].value) == expected


def test_fields_read_ris_tags_only_in_an_ris_record():
    ris = "TY  - JOUR\nT1  - A study of leading\nAU  - Quist, Mara\nAU  - Park, Lena\nPY  - 2015/3/1\n"
    fields = [(f.name, f.value) for f in read_fields(ris)]
    assert ("authors", "Quist, Mara") in fields and ("authors", "Park, Lena") in fields
    assert read_fields("AU  - Quist, Mara\n") == []


def test_fields_skip_empty_placeholders_and_links():
    assert read_fields("ISBN: N/A\nPublished by: http://example.org\n") == []


@pytest.mark.parametrize("value, kind", [("Journal Articles; Reports", "JournalArticle"), ("JOUR", "JournalArticle"),
                                         ("Thesis (EdD)", "Thesis"), ("Beitrag in Sammelband; Kapitel", "BookChapter"),
                                         ("Book chapter", "BookChapter")])
def test_fields_printed_types_give_publication_kinds(value, kind):
    assert field_kind(value) == kind


@pytest.mark.parametrize("value, expected", [
    ("Lakeside Journal of Leading, v12 n3 p45-67 2009", {"container": "Lakeside Journal of Leading", "volume": "12",
                                                        "issue": "3", "pages": "45-67", "year": "2009"}),
    ("Lakeside Journal of Leading, 12 (2009) 3 , 45-67", {"container": "Lakeside Journal of Leading", "volume": "12",
                                                         "issue": "3", "pages": "45-67", "year": "2009"}),
    ("2009 12: 45 Lakeside Journal of Leading", {"container": "Lakeside Journal of Leading", "volume": "12",
                                                "pages": "45", "year": "2009"}),
])
def test_records_source_lines_give_container_volume_issue_pages(value, expected):
    assert parse_source(value) == expected


PAGES = {
    "furniture above, byline below": (
        "Skip to main content\nYou are here\n8,179\n\nLeading schools through change: a review\n\n"
        "Mara Quist*, Owen Delacroix\n\nAbstract\nThis review reads the field.\n",
        "Leading schools through change: a review"),
    "title over two lines above a byline": (
        "C O R P O R A T I O N\n\nLeading Schools for\n\nDeeper Learning\n\nBy Mara Quist and Owen Delacroix\n\nKey points\n",
        "Leading Schools for Deeper Learning"),
    "byline above, subtitle under": (
        "Portal of publications\n\nQuist, Mara; Delacroix, Owen:\n\nDistributed leadership in Norway\nA historical view\n\n"
        "In: Lakeside Journal of Leading, 12 (2009) 3 , 45-67\n",
        "Distributed leadership in Norway: A historical view"),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_layout_chooses_the_title_by_evidence(name):
    text, title = PAGES[name]
    assert layout(_doc(text)).title_text == title


def _record(doc: Document):
    """What the two work extractors (records, works) say of the document's own work, merged."""
    ex = records_extract(doc)
    other = works_extract(doc)
    for m in other.mentions:
        ex.add(m)
    ex.facts.extend(other.facts)
    return _work(ex)


def _work(ex):
    pubs = [m for m in ex.mentions if m.key in ("pub:record", "pub:work")]
    assert len(pubs) == 1
    key = pubs[0].key
    creators = sorted((f.position, ex.index[f.object].label) for f in ex.facts
                      if f.subject == key and f.predicate == "dcterms:creator")
    values = {f.predicate: f.value for f in ex.facts if f.subject == key and f.value}
    objects = {f.predicate: ex.index[f.object].label for f in ex.facts if f.subject == key and f.object}
    return pubs[0], [c for _, c in creators], values, objects


def test_records_a_repository_record_with_a_citation_line_gives_the_whole_record():
    text = ("Leading schools through change: a review\n\n"
            "Quist, M. and Delacroix, O. (2015) Leading schools through change: a review. Lakeside Journal of "
            "Leading, 12(3), pp. 45-67. (doi: 10.1234/ljl.2015.12)\n\nItem Type:Articles\nStatus:Published\n")
    pub, creators, values, objects = _record(_doc(text))
    assert creators == ["M. Quist", "O. Delacroix"]
    assert values["dcterms:issued"] == "2015" and values["bibo:doi"] == "10.1234/ljl.2015.12"
    assert objects["dcterms:isPartOf"] == "Lakeside Journal of Leading"


def test_records_a_record_in_ukrainian_gives_host_publisher_and_author():
    text = ("Leading schools through change\n\nhttps://doi.org/10.1234/abc-5_17\n\n"
            "Видання: Handbook of Leading, 2018, с. 325-345\n\nВидавець: Lakeside Press\n\nАвтор: Mara Quist\n")
    pub, creators, values, objects = _record(_doc(text))
    assert creators == ["Mara Quist"]
    assert values["bibo:doi"] == "10.1234/abc-5_17"
    assert objects["dcterms:isPartOf"] == "Handbook of Leading"
    assert objects["dcterms:publisher"] == "Lakeside Press"


def test_records_bylines_with_parenthesised_affiliations_give_each_author_theirs():
    text = ("Members only\n\nLeading schools through change\n\n"
            "Mara Quist (School of Education, Lakeside University, Lakeside, UK)\n"
            "Owen Delacroix (Department of Policy, Hillview University, Hillview, Canada)\n\n"
            "Journal of Leading\n\nArticle publication date: 3 March 2015\n\nPublisher\n\n:\n\nLakeside Press\n")
    ex = records_extract(_doc(text))
    pub, creators, values, objects = _record(_doc(text))
    assert creators == ["Mara Quist", "Owen Delacroix"]
    assert values["dcterms:issued"] == "2015"
    affiliations = sorted((ex.index[f.subject].label, ex.index[f.object].label) for f in ex.facts
                          if f.predicate == "lkg:affiliation" and ex.index[f.subject].cls == "Person")
    assert affiliations == [("Mara Quist", "Lakeside University"), ("Owen Delacroix", "Hillview University")]


def test_records_footnote_markers_tie_authors_to_numbered_affiliations():
    text = ("Leading schools through change\n\nHilde Vasstrand1, Berit Olsvik2\n"
            "1Lakeside University, Lakeside, Norway\n2Hillview College, Hillview, Denmark\n\nAbstract\n")
    ex = works_extract(_doc(text))
    affiliations = sorted((ex.index[f.subject].label, ex.index[f.object].label) for f in ex.facts
                          if f.predicate == "lkg:affiliation" and ex.index[f.subject].cls == "Person")
    assert affiliations == [("Berit Olsvik", "Hillview College"), ("Hilde Vasstrand", "Lakeside University")]


def test_records_a_report_page_byline_does_not_take_the_next_heading_as_an_author():
    text = "Report series\n\nLeading Schools for Deeper Learning\n\nBy Mara Quist and Owen Delacroix\n\nKey Findings\n"
    pub, creators, values, objects = _record(_doc(text))
    assert creators == ["Mara Quist", "Owen Delacroix"]


def _people(ex):
    return sorted(m.label for m in ex.mentions if m.cls == "Person")


def _affiliations(ex):
    return sorted((ex.index[f.subject].label, ex.index[f.object].label) for f in ex.facts
                  if f.predicate == "lkg:affiliation" and ex.index[f.subject].cls == "Person")


def test_entities_people_listed_with_affiliations_and_countries_are_people_with_those_affiliations():
    from kg.extract.entities import extract as entities_extract

    text = ("Panel on school improvement\n\n  • Discussant: Mara Quist (Norway)\n"
            "  • Owen Delacroix, Hillview College\n  • Lena Park, Acme Educar, Chile\n")
    ex = entities_extract(_doc(text))
    assert {"Mara Quist", "Owen Delacroix", "Lena Park"} <= set(_people(ex))
    assert ("Owen Delacroix", "Hillview College") in _affiliations(ex)
    assert ("Lena Park", "Acme Educar") in _affiliations(ex)


def test_entities_a_contact_block_names_a_person():
    from kg.extract.entities import extract as entities_extract

    ex = entities_extract(_doc("News release\n\nMara Quist\n(917) 555-0100\n\nOwen Delacroix\nowen@example.org\n"))
    assert {"Mara Quist", "Owen Delacroix"} <= set(_people(ex))


def test_entities_a_role_at_an_organisation_gives_the_affiliation():
    from kg.extract.entities import extract as entities_extract

    text = ("Schools can now apply.\n\n\u201cWe will help,\u201d said Mara Quist, chief executive of Lakeside Trust. "
            "Owen Delacroix, school partnerships manager for the Bright Start programme at Lakeside Trust, agreed.\n")
    ex = entities_extract(_doc(text))
    assert ("Mara Quist", "Lakeside Trust") in _affiliations(ex)
    assert ("Owen Delacroix", "Lakeside Trust") in _affiliations(ex)


@pytest.mark.parametrize("word", ["Verteilte Führung", "Strukturelle Anpassungen", "Email Alerts"])
def test_entities_a_person_in_running_text_needs_a_first_name(word):
    from kg.extract.entities import _first_name_signal

    assert not _first_name_signal(word)


@pytest.mark.parametrize("text, name", [
    ("The so-called \u201cLeitungsbarometer\u201d (School Leader Barometer) has been introduced in Norway.", "Leitungsbarometer"),
    ("Für den Kick-Off des Projekts \u201eLEAD4Schools\u201c traf sich die Steuergruppe.", "LEAD4Schools"),
    ("Wir freuen uns über die Förderung durch das Lingua+-Programm der Union.", "Lingua+"),
    ("Le projet \u00abÉcoles en réseau\u00bb réunit douze écoles.", "Écoles en réseau"),
])
def test_programmes_quoted_or_hyphenated_names_beside_a_programme_word_in_several_languages(text, name):
    from kg.extract.programmes import find_programmes

    assert name in [f.name for f in find_programmes(_doc(text))]


def test_relations_every_country_a_programme_is_introduced_in():
    from kg.extract.relations import extract as relations_extract

    text = ("The so-called \u201cLeitungsbarometer\u201d has been introduced in Norway in 2019, in Denmark in 2021 "
            "and more recently in Finland in 2022.\n")
    ex = relations_extract(_doc(text))
    located = sorted(ex.index[f.object].label for f in ex.facts if f.predicate == "lkg:locatedIn")
    assert located == ["Denmark", "Finland", "Norway"]


def test_relations_an_unnamed_programme_run_by_an_organisation_is_the_one_the_page_names():
    from kg.extract.relations import extract as relations_extract

    text = ("Schools can now apply for a leadership development programme run by Lakeside Trust.\n"
            "The minister announced the launch of the Bright Start programme today.\n")
    ex = relations_extract(_doc(text))
    runs = [(ex.index[f.subject].label, ex.index[f.object].label) for f in ex.facts if f.predicate == "lkg:organisedBy"]
    assert runs == [("Bright Start", "Lakeside Trust")]


@pytest.mark.parametrize("name, ok", [
    ("Lakeside University", True), ("Institute of Education", True), ("International Congress of School Leaders", True),
    ("Journal of Leading Studies", False), ("Lakeside Educational Review", False), ("Lakeside Research Register", False),
    ("Wallace’s University Programme", False),
])
def test_entities_an_organisation_in_prose_ends_with_its_cue_and_is_never_a_journal(name, ok):
    from kg.extract.entities import _org_ok

    assert _org_ok(name) is ok


def test_records_a_publisher_address_line_gives_the_publisher_and_where_it_is():
    text = ("Record Type: Journal\nPublication Date: 2011\nLeading schools through change\nQuist, Mara\n"
            "Lakeside Journal of Leading, v12 n3 p45-67 2011\n"
            "Hillview Publications. 12 Harbour Road, Springfield, IL 62701. Tel: 555-0100\n")
    ex = records_extract(_doc(text))
    pub, creators, values, objects = _work(ex)
    assert objects["dcterms:publisher"] == "Hillview Publications"
    located = sorted((ex.index[f.subject].label, ex.index[f.object].label) for f in ex.facts if f.predicate == "lkg:locatedIn")
    assert ("Hillview Publications", "Springfield") in located and ("Springfield", "Illinois") in located


def test_works_a_page_about_a_new_report_names_it_with_its_publisher_and_date():
    text = ("New report on leading schools\nMarch 3, 2021\n\nLakeside \u2013 Schools do better, according to a report "
            "released today by the Hillview Institute.\n\nThe report, Leading Schools for Deeper Learning: Lessons from "
            "Nine Districts, draws on earlier research.\n")
    ex = works_extract(_doc(text))
    reported = ex.index["pub:reported"]
    assert reported.label == "Leading Schools for Deeper Learning: Lessons from Nine Districts"
    facts = {(f.predicate, f.value or ex.index[f.object].label) for f in ex.facts if f.subject == "pub:reported"}
    assert ("dcterms:publisher", "Hillview Institute") in facts and ("dcterms:issued", "2021") in facts


def test_works_a_report_series_names_the_reports_publisher():
    text = ("Leading Schools for Deeper Learning\n\nBy Mara Quist and Owen Delacroix\n\n"
            "This report is part of the Hillview Institute research report series.\n")
    ex = works_extract(_doc(text))
    pub, creators, values, objects = _work(ex)
    assert pub.attrs["kind"] == "Report" and objects["dcterms:publisher"] == "Hillview Institute"


def test_places_states_listed_together_are_states_not_countries_or_towns_abroad():
    from kg.extract.places import extract as places_extract

    text = ("Seven states took part.\n\nThe states\u2014California, Connecticut, Florida, Georgia, Kentucky, "
            "North Carolina and Virginia\u2014are all partners of the network.\n")
    ex = places_extract(_doc(text))
    assert not [m.label for m in ex.mentions if m.cls == "Country" and m.label != "United States"]
    assert {"Georgia", "Virginia", "Florida"} <= {m.label for m in ex.mentions if m.cls == "Place"}


@pytest.mark.parametrize("text, country", [
    ("This chapter looks at leadership with special focus on the Norwegian educational scenario.", "Norway"),
    ("Principals of Irish schools were interviewed.", "Ireland"),
])
def test_relations_a_country_adjective_before_an_education_noun_says_where_the_work_is_set(text, country):
    from kg.extract.relations import extract as relations_extract

    ex = relations_extract(_doc("A study of leading schools\n\n" + text + "\n"))
    assert [ex.index[f.object].label for f in ex.facts if f.predicate == "dcterms:spatial"] == [country]


def test_relations_a_language_is_not_a_country():
    from kg.extract.relations import extract as relations_extract

    ex = relations_extract(_doc("A study of leading schools\n\nFrench teachers in Lakeside schools were asked.\n"))
    assert not [f for f in ex.facts if f.predicate == "dcterms:spatial"]


def test_affiliations_a_parent_named_inside_a_units_name_is_its_own_organisation():
    from kg.extract.affiliations import parse_affiliation

    aff = parse_affiliation("Lakeside Institute for Studies in Education of the University of Hillview, Toronto, Ontario, Canada")
    names = [p.name for p in aff.parts]
    assert "University of Hillview" in names
    unit, parent = aff.embedded[0]
    assert (aff.parts[unit].name, aff.parts[parent].name) == (
        "Lakeside Institute for Studies in Education of the University of Hillview", "University of Hillview")
    located = {(aff.parts[a].name, aff.parts[b].name) for a, b in aff.located_in}
    assert ("Toronto", "Ontario") in located


def test_resolve_a_cut_organisation_name_inside_a_whole_one_is_not_another_organisation():
    from kg.extract.records import extract as records_extract
    from kg.extract.entities import extract as entities_extract
    from kg.resolve import resolve

    doc = _doc("Leading schools through change\n\nMara Quist\n"
               "Lakeside Institute for Studies in Education of the University of Hillview, Hillview, Canada\n\nAbstract\n")
    resolved = resolve([doc], [records_extract(doc), works_extract(doc), entities_extract(doc)])
    orgs = sorted(e.label for e in resolved.entities if e.cls == "Organisation")
    assert orgs == ["Lakeside Institute for Studies in Education of the University of Hillview", "University of Hillview"]


def test_records_a_page_of_two_volumes_gives_the_second_with_its_editors_and_year():
    text = ("Lakeside Reports\n\nISBN Number: 978-1-23-456789-7\nPublication Date: 3 March 2015\n\n"
            "Leading Schools\n\nVolume 1: Policy\n\nDirectorate for Learning\n\nBy Mara Quist and Owen Delacroix\n\n"
            "A first volume on policy.\n\nPublication date: 3 March 2015\n\n"
            "Leading Schools\n\nVolume 2: Case Studies\n\nDirectorate for Learning\n\nEdited by Mara Quist and Lena Park\n")
    ex = records_extract(_doc(text))
    other = ex.index["pub:other:1"]
    assert other.label == "Leading Schools: Volume 2: Case Studies"
    editors = sorted(ex.index[f.object].label for f in ex.facts if f.subject == other.key and f.predicate == "bibo:editor")
    assert editors == ["Lena Park", "Mara Quist"]
    assert {f.value for f in ex.facts if f.subject == other.key and f.predicate == "dcterms:issued"} == {"2015"}


def test_records_the_second_volume_of_a_page_is_about_what_its_title_names():
    text = ("Lakeside Reports\n\nISBN Number: 978-1-23-456789-7\nPublication Date: 3 March 2015\n\n"
            "Leading Schools\n\nVolume 1: Policy\n\nDirectorate for Learning\n\nBy Mara Quist and Owen Delacroix\n\n"
            "A first volume on policy.\n\nPublication date: 3 March 2015\n\n"
            "Leading Schools\n\nVolume 2: Case Studies on Distributed Leadership in Utopia\n\nDirectorate for Learning\n\n"
            "Edited by Mara Quist and Lena Park\n")
    ex = records_extract(_doc(text))
    facts = {(f.predicate, ex.index[f.object].label) for f in ex.facts if f.subject == "pub:other:1" and f.object}
    assert ("dcterms:subject", "distributed leadership") in facts
    assert ("dcterms:spatial", "Utopia") not in facts  # no country of that name: only real countries count


def test_records_an_issue_page_masthead_puts_the_article_and_the_issue_in_the_journal():
    text = ("Lakeside Review 41 - Dezember 2021\n\nFührung beruflicher Schulen\n\n"
            "Hrsg.: Mara Quist & Owen Delacroix\n\nVerteilte Führung in Schulen\n\nBeitrag von Lena Park\n")
    ex = works_extract(_doc(text))
    parts = {(ex.index[f.subject].label, ex.index[f.object].label) for f in ex.facts if f.predicate == "dcterms:isPartOf"}
    assert parts == {("Verteilte Führung in Schulen", "Lakeside Review"), ("Führung beruflicher Schulen", "Lakeside Review")}
    issue = next(m for m in ex.mentions if m.label == "Führung beruflicher Schulen")
    editors = sorted(ex.index[f.object].label for f in ex.facts if f.subject == issue.key and f.predicate == "bibo:editor")
    assert editors == ["Mara Quist", "Owen Delacroix"]


def test_records_a_journal_article_page_gives_journal_volume_issue_and_online_date():
    text = ("Skip to Main Content\nJournal of Leading Schools\nVolume 12, 2024 - Issue 3\n1,204\nViews\nResearch Article\n"
            "Leading schools through change: a review\nMara Quist ORCID Icon, Owen Delacroix & Lena Park\n"
            "Pages 45-67 | Received 12 Jan 2024, Accepted 03 May 2024, Published online: 06 Jun 2024\n"
            "https://doi.org/10.1080/12345678.2024.1234567\nAbstract\nThis review reads the field.\n")
    pub, creators, values, objects = _record(_doc(text))
    assert pub.attrs["kind"] == "JournalArticle"
    assert creators == ["Mara Quist", "Owen Delacroix", "Lena Park"]
    assert objects["dcterms:isPartOf"] == "Journal of Leading Schools"
    assert (values["bibo:volume"], values["bibo:issue"], values["dcterms:issued"]) == ("12", "3", "2024")
    assert values["bibo:doi"] == "10.1080/12345678.2024.1234567"


def test_records_a_date_label_needs_no_colon_and_capitals_surnames_are_names():
    text = ("Research article\nFirst published online March 3, 2021\nDistributed leadership in small rural schools\n"
            "Anthony R. VELLACOTT and Brigid O'HARA\nVolume 49, Issue 2\n")
    pub, creators, values, objects = _record(_doc(text))
    assert creators == ["Anthony R. Vellacott", "Brigid O'Hara"]
    assert values["dcterms:issued"] == "2021" and "dcterms:isPartOf" not in objects


def test_records_published_with_a_name_and_a_year_names_the_publisher():
    text = "Leadership for learning in rural districts\nPublished: Lakeside 2019\nISBN: 978-1-23-456789-7\n"
    pub, creators, values, objects = _record(_doc(text))
    assert objects["dcterms:publisher"] == "Lakeside" and values["dcterms:issued"] == "2019"
    assert pub.attrs["kind"] == "Book"


@pytest.mark.parametrize("glued, name", [
    ("Contact Ann Bradley The Lakeside Foundation", "Lakeside Foundation"),
    ("Explore the Hillview Corporation", "Hillview Corporation"),
    ("Ministry of the Interior", "Ministry of the Interior"),
])
def test_entities_an_organisation_glued_to_what_precedes_it_is_cut_to_its_name(glued, name):
    from kg.extract.entities import trim_org

    assert trim_org(glued).removeprefix("The ") == name


def test_entities_and_programmes_in_a_news_page():
    from kg.extract import extract_document
    from kg.resolve import resolve

    text = ("New leadership programme for headteachers\n12 March 2021\n\n"
            "The Lakeside Attainment Challenge, launched by the Lakeside Government in 2015, funds schools in Glasgow. "
            "Into Headship, a qualification for aspiring headteachers run by Education Lakeside, has 300 participants.\n\n"
            "The Organisation for Economic Co-operation and Development (OECD) published a review.\n\n"
            "\u201cThis matters,\u201d said Ann Bradley, a Performance Coach at the Lakeside Trust.\n")
    doc = _doc(text)
    resolved = resolve([doc], extract_document(doc))
    by_class = {}
    for e in resolved.entities:
        by_class.setdefault(e.cls, set()).add(e.label)
    assert {"Lakeside Attainment Challenge", "Into Headship"} <= by_class["Programme"]
    assert "Organisation for Economic Co-operation and Development" in by_class["Organisation"]
    assert "Performance Coach" not in by_class.get("Person", set())
    labels = {e.id: e.label for e in resolved.entities}
    facts = {(labels.get(f.subject), f.predicate, labels.get(f.object)) for f in resolved.facts}
    assert ("Into Headship", "lkg:organisedBy", "Education Lakeside") in facts
    assert ("Ann Bradley", "lkg:affiliation", "Lakeside Trust") in facts


def test_records_a_publishers_book_page_with_labels_and_no_colons():
    text = ("Book\nLeading Learning in Lakeside Schools\nEdited By Mara Quist, Owen Delacroix\nEdition 1st Edition\n"
            "First Published 2019\nPub. Location London\nImprint Hillview\nDOI https://doi.org/10.4324/9781351234567\n"
            "eBook ISBN 9781351234567\n")
    ex = records_extract(_doc(text))
    pub, creators, values, objects = _record(_doc(text))
    assert pub.attrs["kind"] == "Book"
    assert values["dcterms:issued"] == "2019" and values["bibo:doi"] == "10.4324/9781351234567"
    assert values["bibo:isbn"] == "9781351234567" and objects["dcterms:publisher"] == "Hillview"
    editors = sorted(ex.index[f.object].label for f in ex.facts if f.subject == pub.key and f.predicate == "bibo:editor")
    assert editors == ["Mara Quist", "Owen Delacroix"]
    assert ("Hillview", "London") in {(ex.index[f.subject].label, ex.index[f.object].label)
                                      for f in ex.facts if f.predicate == "lkg:locatedIn"}


def test_records_a_journal_line_with_month_and_pages():
    text = ("Journal Article\nPrincipals as Instructional Leaders\nOwen Delacroix and Lena Park\nLakeside Journal of Education\n"
            "Vol. 45, No. 3 (Aug., 2009), pp. 123-145 (23 pages)\nPublished By: Hillview Press\n")
    pub, creators, values, objects = _record(_doc(text))
    assert objects["dcterms:isPartOf"] == "Lakeside Journal of Education"
    assert (values["bibo:volume"], values["bibo:issue"], values["bibo:pageStart"], values["bibo:pageEnd"],
            values["dcterms:issued"]) == ("45", "3", "123", "145", "2009")


def test_records_a_thesis_record_names_its_awarding_body():
    text = ("Leading change in small primary schools\nAuthor: Lena Park\nAwarding Body: University of Lakeside\n"
            "Date of Award: 2012\nQualification Level: Doctoral\n")
    ex = records_extract(_doc(text))
    pub, creators, values, objects = _record(_doc(text))
    assert pub.attrs["kind"] == "Thesis" and creators == ["Lena Park"]
    assert [ex.index[f.object].label for f in ex.facts if f.predicate == "lkg:affiliation"] == ["University of Lakeside"]


def test_records_a_record_in_russian_and_one_in_spanish():
    ru = ("Лидерство директора школы\nАвторы: Иванов И.И., Петрова А.С.\nЖурнал: Вестник Лейксайдского университета\n"
          "Год: 2018\nТом: 4\n")
    pub, creators, values, objects = _record(_doc(ru))
    assert creators == ["И. И. Иванов", "А. С. Петрова"]
    assert (values["dcterms:issued"], values["bibo:volume"]) == ("2018", "4")
    es = ("Liderazgo distribuido en escuelas rurales\nAutores: María José Pérez, Juan Carlos Soto\n"
          "Revista: Revista de Educación de Lakeside\nAño: 2019\nVolumen: 12\nNúmero: 3\n")
    pub, creators, values, objects = _record(_doc(es))
    assert creators == ["María José Pérez", "Juan Carlos Soto"]
    assert objects["dcterms:isPartOf"] == "Revista de Educación de Lakeside"
    assert (values["bibo:volume"], values["bibo:issue"]) == ("12", "3")


def test_layout_and_concepts_the_abstract_names_the_works_subjects():
    from kg.extract.concepts import extract as concepts_extract

    text = ("Leading schools through change\n\nAbstract\n\nThis chapter traces how transformational leadership and "
            "shared leadership came to the fore in the research on schools over two decades.\n\nIntroduction\n\n"
            "Schools changed.\n")
    doc = _doc(text)
    lay = layout(doc)
    assert doc.text[lay.abstract[0]:lay.abstract[1]].startswith("This chapter traces")
    ex = concepts_extract(doc)
    subjects = {ex.index[f.object].label for f in ex.facts if f.predicate == "dcterms:subject"}
    assert {"transformational leadership", "shared leadership"} <= subjects


def test_records_an_article_first_page_that_names_this_issue_of_its_journal():
    text = ("Understanding principal leadership: progress on a broken front\nMara Quist\n"
            "Lakeside Institute of Education, Lakeside, Canada\n\nIntroduction This issue of the Journal of Leading "
            "Studies (JLS) summarises case studies of principals.\n")
    pub, creators, values, objects = _record(_doc(text))
    assert objects["dcterms:isPartOf"] == "Journal of Leading Studies" and pub.attrs["kind"] == "JournalArticle"


def test_layout_a_chunk_that_opens_in_running_text_has_no_title_from_a_later_heading():
    prose = "Schools across the region met to plan the next steps of the work, and the group agreed on aims for the year. " * 2
    text = prose + "\n" + prose + "\n\nThe project in brief\n\nWhat? A network of schools.\n"
    assert layout(_doc(text)).title_text is None


def test_records_authors_numbered_under_their_label_are_the_creators_in_order_and_no_reference_list():
    text = ("Quiet Leadership in Small Rural Schools: A Synthesis of Case Studies\n\n"
            "https://doi.org/10.5555/qls.2024.9 ·\n\nJournal: Lakeside Education Studies, 2024, № 9, p. 929\n\n"
            "Publisher: Quillmark AG\n\nAuthors:\n\n  1. Ana Okafor\n  2. Ben Lind\n  3. Cleo Marchetti\n\n"
            "Abstract\n\nThis synthesis reads twenty years of case studies of small rural schools and their heads.\n")
    doc = _doc(text)
    assert layout(doc).reference_lists == []
    ex = records_extract(doc)
    creators = sorted((f.position, ex.index[f.object].label) for f in ex.facts if f.predicate == "dcterms:creator")
    assert creators == [(1, "Ana Okafor"), (2, "Ben Lind"), (3, "Cleo Marchetti")]
    assert [m.label for m in ex.mentions if m.cls == "Journal"] == ["Lakeside Education Studies"]  # not its issue


def test_records_a_journals_running_head_is_not_the_title():
    text = ("Lakeside Review of Education 27 (2019) 110–125\n\n"
            "A review of leadership development in small schools\n\n"
            "Ana Okafor, Ben Lind\n\nAbstract\n\nHeads of small schools learn to lead in many ways; we review them.\n")
    assert layout(_doc(text)).title.stripped == "A review of leadership development in small schools"


def test_records_a_periodicals_name_in_a_publication_field_is_the_journal_even_in_another_language():
    text = ("Führung in kleinen Schulen\n\nhttps://doi.org/10.5555/zfi.2019.1 · Повний текст\n\n"
            "Видання: Zeitschrift für Imaginäre Bildung, 2019, № 1, с. 5-15\n\nВидавець: Quillmark\n\n"
            "Автори: Ana Okafor, Ben Lind\n")
    ex = records_extract(_doc(text))
    assert [m.label for m in ex.mentions if m.cls == "Journal"] == ["Zeitschrift für Imaginäre Bildung"]


def test_records_one_author_a_line_goes_on_past_each_authors_orcid_line():
    text = ("Revista Imaginaria de Educación\n\nARTÍCULO ORIGINAL\n\nLiderazgo: Una Oportunidad de Gestión Educativa\n\n"
            "Ana Lucía Okafor de Lind1\nhttp://orcid.org/0000-0001-2345-6789\n\nBenito Marchetti Ruiz2\n"
            "https://orcid.org/0000-0002-3456-7890\n\n1Universidad Imaginaria de Utopía\n\n2Universidad de Ruritania\n\n"
            "RESUMEN\n\nEl presente artículo tuvo como objetivo reflexionar sobre el liderazgo en la gestión educativa.\n")
    ex = works_extract(_doc(text))
    ex2 = records_extract(_doc(text))
    creators = sorted({(f.position, (ex.index.get(f.object) or ex2.index[f.object]).attrs.get("family"))
                       for e in (ex, ex2) for f in e.facts if f.predicate == "dcterms:creator"})
    assert [family for _, family in creators] == ["de Lind", "Ruiz"]
