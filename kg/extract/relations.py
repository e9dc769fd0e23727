"""Relations stated in sentences: a programme organised or funded by an organisation, a programme
located in a country or place, and the countries a work studies (dcterms:spatial).

The subject of "organised by X" is the programme the sentence names, or else the programme the
document's title names (a page about a placement says "the visit was organised by X").
"""
from __future__ import annotations

import re
from collections import Counter

from kg import gazetteer
from kg.extract import mentions as M
from kg.extract.layout import layout
from kg.extract.places import country_spans
from kg.extract.programmes import HEADS, Found, find_programmes, programme_key
from kg.model import WORK, Document, Evidence, Extraction
from kg.text import clean_label

NAME = "relations"
MAX_COREFERENCE_SPAN = 1200  # characters from a programme's name to a sentence that refers back to it

PATTERNS = (
    ("lkg:organisedBy", re.compile(r"\b(?:organi[sz]ed|run|coordinated|administered|delivered|managed|led|convened)\s+by\s+", re.I), 0.85),
    ("lkg:organisedBy", re.compile(r"\binvited\s+by\s+", re.I), 0.7),
    ("lkg:fundedBy", re.compile(r"\b(?:funded|financed|sponsored|paid for|commissioned)\s+by\s+|\bwith funding from\s+|\bgrant from\s+", re.I), 0.85),
)
_AGENT = re.compile(r"(?:the\s+)?((?:[A-Z][\w’'&\-]*)(?:\s+(?:(?:of|for|and|on|in|the)\s+)?[A-Z][\w’'&\-]*){0,7})")
_ANAPHOR = re.compile(r"\b(?:the|this|that)\s+(?:" + "|".join(HEADS) + r")\b", re.I)
_IN_PLACE = re.compile(r"^\s*(?:\w+\s+){0,3}?(?:in|across|throughout)\s+(?:the\s+)?([A-Z][\w\-]+(?:\s+[A-Z][\w\-]+){0,2})")


def _title_programme(doc: Document) -> Found | None:
    return next((f for f in find_programmes(doc) if f.from_title), None)


def _agent(doc: Document, pos: int) -> tuple[str, int, int] | None:
    m = _AGENT.match(doc.text, pos)
    if not m:
        return None
    name = clean_label(m.group(1))
    if not name or len(name) < 3 or gazetteer.country_by_name(name):
        return None
    start = doc.text.find(name, m.start())
    return name, start, start + len(name)


def extract(doc: Document) -> Extraction:
    ex = Extraction(doc.id)
    lay = layout(doc)
    programmes = find_programmes(doc)
    title_prog = _title_programme(doc)
    body = doc.text[lay.body[0]:lay.body[1]]
    for prop, pattern, conf in PATTERNS:
        for m in pattern.finditer(body):
            pos = lay.body[0] + m.end()
            agent = _agent(doc, pos)
            if agent is None:
                continue
            name, a0, a1 = agent
            s, e = doc.sentence_at(lay.body[0] + m.start(), a1)
            in_sentence = [f for f in programmes if s <= f.start < e and f.end <= lay.body[0] + m.start()]
            subject = in_sentence[-1] if in_sentence else None
            if subject is None and _ANAPHOR.search(doc.text, s, lay.body[0] + m.start()):
                # "The programme was funded by ...": the programme named last before this sentence
                earlier = [f for f in programmes if f.end <= s and not f.from_title]
                subject = earlier[-1] if earlier else None
            subject = subject or title_prog
            if subject is None:
                continue
            if subject.start < s and s - subject.start <= MAX_COREFERENCE_SPAN:
                # the quote runs from where the programme is named to the sentence that says it
                s = subject.start
            pk = programme_key(ex, doc, subject, NAME)
            ok = M.mention(ex, doc, "Organisation", name, a0, a1, NAME, conf)
            M.relate(ex, doc, pk, prop, ok, s, e, NAME, conf if in_sentence else conf - 0.1)
    # "the X programme in Utopia"
    for f in programmes:
        m = _IN_PLACE.match(doc.text, f.end)
        if not m:
            continue
        where = m.group(1)
        country = gazetteer.country_by_name(where)
        s, e = doc.sentence_at(f.start, f.end + m.end())
        pk = programme_key(ex, doc, f, NAME)
        if country:
            ck = M.country(ex, doc, country.code, f.end + m.start(1), f.end + m.end(1), NAME, 0.8, printed=where)
            M.located_in(ex, doc, pk, ck, s, e, NAME, 0.75)
    # the countries the work studies
    spans = [(c, s, e) for c, s, e in country_spans(doc) if lay.in_body(s, e)]
    counts = Counter(c for c, _, _ in spans)
    in_title = {c for c, s, _ in spans if lay.title is not None and lay.title.start <= s < lay.title.end}
    top = max(counts.values(), default=0)
    for code in sorted(counts):
        n = counts[code]
        if code in in_title or (n >= 2 and n > 0.5 * top):
            s0, e0 = next((s, e) for c, s, e in spans if c == code and (code not in in_title or lay.title.start <= s < lay.title.end))
            ss, se = doc.sentence_at(s0, e0)
            ck = M.country(ex, doc, code, s0, e0, NAME, 0.85, printed=doc.text[s0:e0])
            ex.fact(WORK, "dcterms:spatial", Evidence.span(doc, ss, se, NAME, 0.9 if code in in_title else 0.75), object=ck)
    return ex
