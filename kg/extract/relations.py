"""Relations stated in sentences: a programme organised or funded by an organisation, who took part
in it, where it ran, and the countries a work studies (dcterms:spatial).

Dependency rules read the arcs of the sentences that hold a trigger verb ("organised by X" as a
passive agent, "X funded the programme" as subject and object, "X took part in ..."); lexical
patterns cover what the arcs miss ("invited by X"). The subject of "organised by X" is the
programme the sentence names, else the one a sentence refers back to ("the programme was funded
by ..."), else the programme the document's title names (a page about a placement says "the visit
was organised by X").
"""
from __future__ import annotations

import re
from functools import lru_cache
from collections import Counter
from dataclasses import dataclass

from kg import gazetteer
from kg.extract import mentions as M
from kg.extract.affiliations import has_org_cue
from kg.extract.entities import person_ok
from kg.extract.layout import layout
from kg.extract.places import country_spans, dominant_country
from kg.extract.programmes import HEADS, Found, find_programmes, programme_key
from kg.model import WORK, Document, Evidence, Extraction
from kg.names import split_name
from kg.nlp import parse_with_dependencies
from kg.text import clean_label, locate

NAME = "relations"
MAX_COREFERENCE_SPAN = 1200  # characters from a programme's name to a sentence that refers back to it

PATTERNS = (
    ("lkg:organisedBy", re.compile(r"\b(?:organi[sz]ed|run|coordinated|administered|delivered|managed|led|convened)\s+by\s+", re.I), 0.85),
    ("lkg:organisedBy", re.compile(r"\binvited\s+by\s+", re.I), 0.7),
    ("lkg:fundedBy", re.compile(r"\b(?:funded|financed|sponsored|paid for|commissioned)\s+by\s+|\bwith funding from\s+|\bgrant from\s+", re.I), 0.85),
)
# weaker cues, taken only where what follows names an organisation ("support from the Ministry of ...")
ORGANISATION_PATTERNS = (
    ("lkg:fundedBy", re.compile(r"\b(?:(?:financial|generous)\s+)?support\s+(?:from|of)\s+|\b(?:supported|backed)\s+by\s+"
                                r"|\bfunding\s+(?:from|by)\s+", re.I), 0.7),
)
# verbs whose agent (passive "organised by X") or subject (active "X organised the programme") is who runs or pays
VERB_PROPS = {
    "organise": "lkg:organisedBy", "organize": "lkg:organisedBy", "run": "lkg:organisedBy",
    "coordinate": "lkg:organisedBy", "administer": "lkg:organisedBy", "deliver": "lkg:organisedBy",
    "manage": "lkg:organisedBy", "lead": "lkg:organisedBy", "convene": "lkg:organisedBy", "host": "lkg:organisedBy",
    "fund": "lkg:fundedBy", "finance": "lkg:fundedBy", "sponsor": "lkg:fundedBy", "commission": "lkg:fundedBy",
}
_TRIGGER = re.compile(r"\b(?:organi[sz](?:e|es|ed|ing)|runs?|ran|coordinat(?:e|es|ed|ing)|administer(?:s|ed)?"
                      r"|deliver(?:s|ed)?|manag(?:e|es|ed)|leads?|led|conven(?:e|es|ed)|host(?:s|ed)?|fund(?:s|ed|ing)?"
                      r"|financ(?:e|es|ed)|sponsor(?:s|ed)?|commission(?:s|ed)?|particip\w*|t(?:ook|ake|aking) part)\b", re.I)
_AGENT = re.compile(r"(?:the\s+)?((?:[A-Z][\w’'&\-]*)(?:\s+(?:(?:of|for|and|on|in|the)\s+)?[A-Z][\w’'&\-]*){0,7})")
_AFFILIATED = re.compile(r"\s*,?\s*(?:(?:a|an|the)\s+)?(?:[a-z]+\s+){0,3}?(?:at|of|from)\s+(?:the\s+)?"
                         r"([A-Z][\w’'&\-]*(?:\s+(?:(?:of|for|and|on|in|the)\s+)?[A-Z][\w’'&\-]*){0,7})")
_NATIONAL = re.compile(r"\b(national|nationwide|country-wide|countrywide|state-wide|statewide)\b", re.I)
_INDEFINITE = re.compile(r"\b(?:a|an)\s+(?:[\w-]+\s+){0,4}?(?:" + "|".join(HEADS) + r")\b", re.I)
_ANAPHOR = re.compile(r"\b(?:the|this|that)\s+(?:" + "|".join(HEADS) + r")\b", re.I)
_IN_PLACE = re.compile(r"\s*(?:\w+\s+){0,3}?(?:in|across|throughout)\s+(?:the\s+)?([A-Z][\w\-]+(?:\s+[A-Z][\w\-]+){0,2})")


def _looks_like_person(name: str) -> bool:
    parts = name.split()
    return 2 <= len(parts) <= 4 and all(p[0].isupper() for p in parts) and not gazetteer.country_by_name(name)


def _title_programme(doc: Document) -> Found | None:
    return next((f for f in find_programmes(doc) if f.from_title), None)


def _agent(doc: Document, pos: int) -> tuple[str, int, int] | None:
    m = _AGENT.match(doc.text, pos)
    if not m:
        return None
    name = clean_label(m.group(1))
    if not name or len(name) < 3 or gazetteer.country_by_name(name):
        return None
    start, end = locate(doc.text, name, m.start(), m.end())
    return name, start, end


@dataclass
class Candidate:
    """A relation a sentence states between a programme (found later) and an agent it names."""

    prop: str
    name: str
    start: int  # the agent's offsets
    end: int
    trigger: int  # where the verb is: the programme must be named before it, or be the sentence's topic
    confidence: float
    programme_at: tuple[int, int] | None = None  # the object of "X organised the Y programme"


def _np(token) -> tuple[int, int] | None:
    """Offsets (in the parsed sentence) of the name a token heads: its compounds and an 'of' phrase."""
    keep = {token.i}
    stack = [token]
    while stack:
        t = stack.pop()
        for child in t.children:
            if child.dep_ in ("conj", "cc", "punct", "appos", "relcl", "acl", "advcl", "det", "predet", "nummod"):
                continue
            if child.dep_ == "prep" and not (child.lower_ in ("of", "for") and token.text[:1].isupper()
                                             and any(g.text[:1].isupper() for g in child.children)):
                continue  # "Council for School Leadership", "Ministry of Education"; not "by them in 2019"
            keep.add(child.i)
            stack.append(child)
    tokens = sorted(keep)
    first, last = token.doc[tokens[0]], token.doc[tokens[-1]]
    return first.idx, last.idx + len(last.text)


def _dependency_candidates(doc: Document, lay) -> list[Candidate]:
    """Relations read from dependency arcs of the sentences that hold a trigger verb."""
    sents = [s for s in doc.nlp.sents if lay.in_body(s.start_char, s.end_char) and _TRIGGER.search(s.text)]
    out: list[Candidate] = []
    for sent, parsed in zip(sents, parse_with_dependencies(s.text for s in sents)):
        base = sent.start_char

        def add(prop: str, head, verb, conf: float, programme_tok=None) -> None:
            for tok in (head, *head.conjuncts):
                span = _np(tok)
                if span is None:
                    continue
                name = clean_label(parsed.text[span[0]:span[1]])
                if not name or not name[0].isupper() or tok.pos_ == "PRON" or gazetteer.country_by_name(name):
                    continue
                s0, e0 = locate(doc.text, name, base + span[0], base + span[1])
                prog = None
                if programme_tok:
                    spans = [_np(p) for p in programme_tok]
                    prog = (base + min(a for a, _ in spans), base + max(b for _, b in spans))
                out.append(Candidate(prop, name, s0, e0, base + verb.idx, conf, prog))

        for tok in parsed:
            prop = VERB_PROPS.get(tok.lemma_.lower())
            if tok.dep_ == "agent" and VERB_PROPS.get(tok.head.lemma_.lower()):
                for pobj in (c for c in tok.children if c.dep_ == "pobj"):
                    add(VERB_PROPS[tok.head.lemma_.lower()], pobj, tok.head, 0.85)
            elif prop and tok.pos_ == "VERB":
                subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
                objs = [c for c in tok.children if c.dep_ == "dobj"]
                if subj is not None and any(o.lemma_.lower() in HEADS for o in objs):
                    add(prop, subj, tok, 0.85, programme_tok=objs)
            elif tok.lemma_.lower() in ("participate", "take") and tok.pos_ == "VERB":
                if tok.lemma_.lower() == "take" and not any(c.lower_ == "part" for c in tok.children):
                    continue
                subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
                if subj is None:
                    continue
                heads = [subj] + [p for c in subj.children if c.dep_ == "prep" and c.lower_ in ("including", "from")
                                  for p in c.children if p.dep_ == "pobj"]
                for h in heads:
                    add("lkg:participant", h, tok, 0.75)
    return out


#: every lexical pattern, with whether what follows it must name an organisation
_ALL_PATTERNS = tuple((*p, False) for p in PATTERNS) + tuple((*p, True) for p in ORGANISATION_PATTERNS)


def _pattern_candidates(doc: Document, lay, taken: set[int]) -> list[Candidate]:
    """The same relations from lexical patterns, where the arcs gave nothing."""
    out = []
    body = doc.text[lay.body[0]:lay.body[1]]
    for prop, pattern, conf, organisations_only in _ALL_PATTERNS:
        for m in pattern.finditer(body):
            agent = _agent(doc, lay.body[0] + m.end())
            if agent is None or agent[1] in taken:
                continue
            name, a0, a1 = agent
            if organisations_only and not (has_org_cue(name) or gazetteer.known_organisation(name)):
                continue
            out.append(Candidate(prop, name, a0, a1, lay.body[0] + m.start(), conf))
    return out


_INTRODUCED = re.compile(r"\b(?:introduced|implemented|launched|piloted|established|adopted|rolled\s+out|conducted|carried\s+out"
                         r"|run|offered|used|eingeführt|durchgeführt|lancé|mis\s+en\s+place|implantado|introducido)\b", re.I)
_IN_COUNTRY = re.compile(r"\b(?:in|across|throughout)\s+(?:the\s+)?([A-Z][\w\-]+(?:\s+[A-Z][\w\-]+){0,2})")


def _introduced_in(ex: Extraction, doc: Document, programmes) -> None:
    """'X has been introduced in Germany in 2019, in Switzerland in 2021 and in Austria': every country
    the sentence names after the verb is where the programme runs."""
    for f in programmes:
        if f.from_title:
            continue
        s, e = doc.sentence_at(f.start, f.end)
        verb = _INTRODUCED.search(doc.text, f.end, e)
        if not verb or verb.start() - f.end > 120:
            continue
        pk = None
        for m in _IN_COUNTRY.finditer(doc.text, verb.end(), e):
            country = gazetteer.country_by_name(m.group(1))
            if not country:
                continue
            pk = pk or programme_key(ex, doc, f, NAME)
            ck = M.country(ex, doc, country.code, m.start(1), m.end(1), NAME, 0.8, printed=m.group(1))
            M.located_in(ex, doc, pk, ck, s, e, NAME, 0.75)


@lru_cache(maxsize=1)
def _demonym_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    from kg.data import load_json

    data = load_json("demonyms.json")
    names = sorted(data["demonyms"], key=len, reverse=True)
    nouns = sorted(data["education_nouns"], key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")\s+(?:[\w-]+\s+){0,2}?(?:"
                         + "|".join(re.escape(n) for n in nouns) + r")\b")
    return pattern, data["demonyms"]


def _demonym_spans(doc: Document, lay) -> list[tuple[str, int, int]]:
    """(code, start, end) of each country adjective before an education noun in the body, once per country."""
    pattern, codes = _demonym_pattern()
    out, seen = [], set()
    for m in pattern.finditer(doc.text, lay.body[0], lay.body[1]):
        code = codes[m.group(1)]
        if code not in seen and gazetteer.country_by_code(code) is not None:
            seen.add(code)
            out.append((code, m.start(1), m.end(1)))
    return out


def extract(doc: Document) -> Extraction:
    ex = Extraction(doc.id)
    lay = layout(doc)
    programmes = find_programmes(doc)
    title_prog = _title_programme(doc)
    candidates = _dependency_candidates(doc, lay)
    candidates += _pattern_candidates(doc, lay, {c.start for c in candidates})
    for c in candidates:
        s, e = doc.sentence_at(c.trigger, c.end)
        s = min(s, c.start)
        if c.programme_at:
            in_sentence = [f for f in programmes if f.start < c.programme_at[1] and c.programme_at[0] < f.end]
        elif c.prop == "lkg:participant":  # "X took part in the Y programme": the programme follows
            in_sentence = [f for f in programmes if s <= f.start < e and not (f.start <= c.start < f.end)]
        else:
            in_sentence = [f for f in programmes if s <= f.start < e and f.end <= c.trigger]
        subject = in_sentence[-1] if in_sentence else None
        if subject is None and _ANAPHOR.search(doc.text, s, max(c.trigger, c.end)):
            # "The programme was funded by ...": the programme named last before this sentence
            earlier = [f for f in programmes if f.end <= s and not f.from_title]
            subject = earlier[-1] if earlier else None
        if subject is None and _INDEFINITE.search(doc.text, s, max(c.trigger, c.end)):
            # "a leadership programme run by X": the one programme the document names
            named = {f.name for f in programmes if not f.from_title}
            if len(named) == 1:
                subject = next(f for f in programmes if not f.from_title)
        subject = subject or title_prog
        if subject is None or (subject.start <= c.start < subject.end):
            continue
        if not subject.from_title and subject.start < s and s - subject.start <= MAX_COREFERENCE_SPAN:
            # the quote runs from where the programme is named to the sentence that says it
            s = subject.start
        pk = programme_key(ex, doc, subject, NAME)
        kind = "Organisation" if c.prop != "lkg:participant" or has_org_cue(c.name) else None
        if kind is None:
            if not _looks_like_person(c.name):
                continue
            given, family = split_name(c.name)
            ok = M.person(ex, doc, given, family, c.start, c.end, NAME, c.confidence)
        else:
            ok = M.mention(ex, doc, "Organisation", c.name, c.start, c.end, NAME, c.confidence)
        M.relate(ex, doc, pk, c.prop, ok, s, e, NAME, c.confidence if in_sentence else c.confidence - 0.1)
    # "Jana Novak, a lecturer at Lake University": a person's affiliation
    for ent in doc.nlp.ents:
        if ent.label_ != "PERSON" or not lay.in_body(ent.start_char, ent.end_char) or not person_ok(ent.text):
            continue
        m = _AFFILIATED.match(doc.text, ent.end_char)
        if not m or not has_org_cue(m.group(1)):
            continue
        org = clean_label(m.group(1))
        o0, o1 = locate(doc.text, org, m.start(1), m.end(1))
        given, family = split_name(ent.text)
        pk = M.person(ex, doc, given, family, ent.start_char, ent.end_char, NAME, 0.7)
        ok = M.mention(ex, doc, "Organisation", org, o0, o1, NAME, 0.75)
        s, e = doc.sentence_at(ent.start_char, o1)
        M.relate(ex, doc, pk, "lkg:affiliation", ok, s, e, NAME, 0.7)
    # "the X programme in Utopia"
    spans = [(c, s, e) for c, s, e in country_spans(doc) if lay.in_body(s, e)]
    counts = Counter(c for c, _, _ in spans)
    in_context = set(counts)
    dominant = dominant_country(counts)
    _introduced_in(ex, doc, programmes)
    for f in programmes:
        m = _IN_PLACE.match(doc.text, f.end)
        if not m:
            continue
        where = m.group(1)
        w0, w1 = f.end + m.start(1), f.end + m.end(1)
        country = gazetteer.country_by_name(where)
        s, e = doc.sentence_at(f.start, w1)
        pk = programme_key(ex, doc, f, NAME)
        if country:
            ck = M.country(ex, doc, country.code, w0, w1, NAME, 0.8, printed=where)
            M.located_in(ex, doc, pk, ck, s, e, NAME, 0.75)
        elif region := gazetteer.region_by_name(where, in_context):
            # "the X initiative in Gauteng": a region, in its country
            rk = M.place(ex, doc, where, w0, w1, NAME, 0.8, country_code=region.country)
            M.located_in(ex, doc, pk, rk, s, e, NAME, 0.75)
            M.located_in(ex, doc, rk, M.country(ex, doc, region.country, w0, w1, "gazetteer", 0.8), w0, w1, "gazetteer", 0.8)
        elif gazetteer.best_city(where, countries_in_context=in_context):
            pl = M.place_with_country(ex, doc, where, w0, w1, NAME, 0.75, context_countries=in_context)
            if pl:
                M.located_in(ex, doc, pk, pl, s, e, NAME, 0.7)
    # "a national programme": the country the document is about
    if dominant:
        for f in programmes:
            s, e = doc.sentence_at(f.start, f.end)
            if _NATIONAL.search(doc.text, s, e) and not f.country:
                pk = programme_key(ex, doc, f, NAME)
                ck = M.country(ex, doc, dominant, f.start, f.end, "context", 0.6)
                M.located_in(ex, doc, pk, ck, s, e, "context", 0.6)
    # the countries the work studies
    in_title = {c for c, s, _ in spans if lay.title is not None and lay.title.start <= s < lay.title.end}
    top = max(counts.values(), default=0)
    for code in sorted(counts):
        n = counts[code]
        if code in in_title or (n >= 2 and n > 0.5 * top):
            s0, e0 = next((s, e) for c, s, e in spans if c == code and (code not in in_title or lay.title.start <= s < lay.title.end))
            ss, se = doc.sentence_at(s0, e0)
            ck = M.country(ex, doc, code, s0, e0, NAME, 0.85, printed=doc.text[s0:e0])
            ex.fact(WORK, "dcterms:spatial", Evidence.span(doc, ss, se, NAME, 0.9 if code in in_title else 0.75), object=ck)
    # 'Irish schools', 'the Indian educational scenario': a country's adjective before an education noun
    for code, d0, d1 in _demonym_spans(doc, lay):
        if code in counts:
            continue  # the country itself is named: the counts above decide
        ss, se = doc.sentence_at(d0, d1)
        ck = M.country(ex, doc, code, d0, d1, NAME, 0.75, printed=doc.text[d0:d1])
        ex.fact(WORK, "dcterms:spatial", Evidence.span(doc, ss, se, NAME, 0.7), object=ck)
        counts[code] = counts.get(code, 0)
    # a region the title names ("School Improvement in Scotland") is where the work is set
    if lay.title is not None:
        for m in re.finditer(r"\b(?:in|of|across)\s+(?:the\s+)?([A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)?)", lay.title.text):
            region = gazetteer.region_by_name(m.group(1), set(counts))
            if region is None or gazetteer.country_by_name(m.group(1)):
                continue
            r0, r1 = lay.title.start + m.start(1), lay.title.start + m.end(1)
            rk = M.place(ex, doc, m.group(1), r0, r1, NAME, 0.85, country_code=region.country)
            ex.fact(WORK, "dcterms:spatial", Evidence.span(doc, lay.title.start, lay.title.end, NAME, 0.85), object=rk)
    return ex
