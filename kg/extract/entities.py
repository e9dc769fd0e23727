"""spaCy's named entities, kept only where a second signal agrees.

The statistical model alone calls people organisations and publishers people; here an
organisation must carry an organisation cue ("University", "Council", "Press", ...) and read as a
name (Title Case, no line break), and a person must be a full name (two to four capitalised
words, no cue of an organisation or place) in running text. Bylines, references and places are
read from structure by the other extractors; this one adds what running text names.
"""
from __future__ import annotations

import re

from kg import gazetteer
from kg.concepts import by_label
from kg.extract import mentions as M
from kg.extract.affiliations import has_org_cue
from kg.extract.layout import is_furniture, layout, line_text
from kg.extract.programmes import find_programmes
from kg.model import Document, Extraction
from kg.names import is_name_token, split_name
from kg.text import MINOR_WORDS, clean_label, fold, is_title_case, locate

NAME = "entities"

# words that start sentences or headings and that the model sometimes takes for names
_NOT_NAME_START = {"the", "this", "that", "these", "those", "our", "their", "its", "his", "her", "a", "an", "in",
                   "on", "at", "for", "dive", "taken", "cite", "skip", "search", "update", "expected", "paper"}
_ORG_RE = re.compile(
    r"\b((?:[A-Z][\w’'&\-]*\s+(?:(?:of|for|and|the|on|in)\s+)?){0,5}"
    r"(?:University|College|Council|Network|Press|Ministry|Foundation|Union|Institute|Association|Agency|"
    r"Academy|Society|Commission|Trust|Federation|Consortium|Publications|Publishing|Publishers|Centre|Center)"
    r"(?:\s+(?:of|for|on)(?:\s+the)?\s+[A-Z][\w\-]*(?:\s+(?:(?:of|for|and|in)\s+)?[A-Z][\w\-]*){0,4})?)"
)


def _in_parentheses(doc: Document, start: int) -> bool:
    before = doc.text[max(0, start - 80):start]
    return before.rfind("(") > before.rfind(")")


def _org_ok(name: str) -> bool:
    words = name.split()
    return (
        1 < len(words) <= 10
        and is_title_case(name)
        and has_org_cue(name)
        and not re.search(r"\d|\n|:|,|;", name)
        and words[0].lower() not in _NOT_NAME_START
        and fold(name) not in by_label()
        and not (" and " in name and all(has_org_cue(part) for part in name.split(" and ")))
    )


def person_ok(name: str) -> bool:
    tokens = name.replace(".", ". ").split()
    return (
        2 <= len(tokens) <= 4
        and all(is_name_token(t) for t in tokens)
        and tokens[0].lower() not in _NOT_NAME_START
        and not has_org_cue(name)
        and not gazetteer.country_by_name(name)
        and not gazetteer.city_candidates(name)
        and not any(t.lower() in MINOR_WORDS for t in tokens)
        and len(tokens[-1].rstrip(".")) > 1
    )


def _acronym_after(doc: Document, end: int) -> list[str]:
    """'the Ministry of Education (Mineduc)': the short name the text gives in parentheses."""
    m = re.match(r"\s*\(([A-Z][A-Za-z&]{1,11})\)", doc.text[end:end + 16])
    return [m.group(1)] if m else []


def _is_heading(line: str) -> bool:
    """A short line in Title Case with no sentence end: a heading, whose words are not a person."""
    words = line.split()
    return 0 < len(words) <= 12 and is_title_case(line.strip()) and not line.rstrip().endswith((".", "?", "!", ":"))


_IN_CITY = re.compile(r"\s+in\s+([A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)?)\b")


def _organisations_in_places(ex: Extraction, doc: Document) -> None:
    """'the Hellenic Institute for School Leadership in Thessaloniki': where the organisation is."""
    for m in [m for m in ex.mentions if m.cls == "Organisation"]:
        for ev in m.evidence:
            hit = _IN_CITY.match(doc.text, ev.end)
            if not hit:
                continue
            name = hit.group(1)
            if gazetteer.country_by_name(name):
                ck = M.country(ex, doc, gazetteer.country_by_name(name).code, hit.start(1), hit.end(1), NAME, 0.75,
                               printed=name)
                M.located_in(ex, doc, m.key, ck, ev.start, hit.end(1), NAME, 0.7)
            elif gazetteer.best_city(name) or gazetteer.region_by_name(name):
                pk = M.place_with_country(ex, doc, name, hit.start(1), hit.end(1), NAME, 0.75)
                if pk:
                    M.located_in(ex, doc, m.key, pk, ev.start, hit.end(1), NAME, 0.7)


def extract(doc: Document) -> Extraction:
    ex = Extraction(doc.id)
    lay = layout(doc)
    field_lines = {f.line.start for f in lay.fields.values()}
    programmes = [(f.start, f.end) for f in find_programmes(doc)]

    def in_programme(start: int) -> bool:
        return any(ps <= start < pe for ps, pe in programmes)

    for ent in doc.nlp.ents:
        if not lay.in_body(ent.start_char, ent.end_char) or "\n" in ent.text:
            continue
        line = line_text(doc, ent.start_char)
        if is_furniture(doc, ent.start_char) or doc.line_at(ent.start_char)[0] in field_lines:
            continue
        name = clean_label(ent.text)
        start = locate(doc.text, name, ent.start_char, ent.end_char)[0] if name else ent.start_char
        if in_programme(start):
            continue  # a programme's name ("the Study of Leadership for School Renewal") is not an organisation
        if ent.label_ in ("ORG", "FAC", "PERSON") and _org_ok(name):
            M.mention(ex, doc, "Organisation", name, start, start + len(name), NAME, 0.8,
                      aliases=_acronym_after(doc, start + len(name)))
        elif ent.label_ == "PERSON" and person_ok(name) and not _in_parentheses(doc, ent.start_char) \
                and not _is_heading(line):
            end = start + len(name)
            tail = re.match(r"-[^\W\d_][\w'’]*", doc.text[end:end + 40])
            if tail and is_name_token(tail.group(0)[1:]):  # "Wróblewska-Nowak", cut by the model at the hyphen
                name, end = name + tail.group(0), end + len(tail.group(0))
            given, family = split_name(name)
            M.person(ex, doc, given, family, start, end, NAME, 0.7)
    _organisations_in_places(ex, doc)
    # organisation names the model missed, by their cue words
    body = doc.text[lay.body[0]:lay.body[1]]
    for m in _ORG_RE.finditer(body):
        name = clean_label(m.group(1))
        start = locate(doc.text, name, lay.body[0] + m.start(1), lay.body[0] + m.end(1))[0]
        if doc.line_at(start)[0] in field_lines or is_furniture(doc, start):
            continue
        if _org_ok(name) and not in_programme(start) and lay.title is not None and not (lay.title.start <= start < lay.title.end):
            M.mention(ex, doc, "Organisation", name, start, start + len(name), NAME, 0.75,
                      aliases=_acronym_after(doc, start + len(name)))
    return ex
