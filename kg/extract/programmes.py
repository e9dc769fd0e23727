"""Named programmes, initiatives, projects, studies and placements, found from how text introduces
them: "a national programme known as the X project", "the X initiative", "the Study of X", a title
line naming a placement, acronyms before "programmes" ("the ABC/DEF programmes"), and acronyms a
well-known list expands.
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field

from kg import gazetteer
from kg.extract import mentions as M
from kg.extract.layout import is_furniture, layout
from kg.model import WORK, Document, Evidence, Extraction
from kg.text import MINOR_WORDS, clean_label, locate, name_key

NAME = "programmes"

HEADS = ("initiative", "project", "programme", "program", "scheme", "study", "placement", "fellowship",
         "exchange", "pilot", "intervention", "course", "qualification", "visit", "tour")
_HEAD_RE = "|".join(HEADS)
_HEADS_PLURAL = "|".join(h + "s" for h in HEADS) + "|studies"

# Well-known programmes of school leadership, by acronym: general knowledge of the field.
WELL_KNOWN = {
    "NPQH": ("National Professional Qualification for Headship", "GB"),
    "NPQSL": ("National Professional Qualification for Senior Leadership", "GB"),
    "NPQML": ("National Professional Qualification for Middle Leadership", "GB"),
    "NPQEL": ("National Professional Qualification for Executive Leadership", "GB"),
    "NPQLT": ("National Professional Qualification for Leading Teaching", "GB"),
    "NPQLTD": ("National Professional Qualification for Leading Teacher Development", "GB"),
    "LPSH": ("Leadership Programme for Serving Headteachers", "GB"),
    "HEADLAMP": ("Headteachers' Leadership and Management Programme", "GB"),
    "SQH": ("Scottish Qualification for Headship", "GB"),
    "PQH": ("Professional Qualification for Headship", "GB"),
    "TALIS": ("Teaching and Learning International Survey", None),
    "PISA": ("Programme for International Student Assessment", None),
}

_WORD = r"[A-Z][\w’'\-]*"
_ANY = r"[\w’'\-]+"


@dataclass
class Found:
    name: str  # canonical display name
    start: int
    end: int
    aliases: list[str] = field(default_factory=list)
    country: str | None = None
    from_title: bool = False
    confidence: float = 0.8


def _distinctive(words: list[str], doc: Document, start: int) -> bool:
    """A lower-case run names a programme only when it holds a proper name (a country, a capitalised word)."""
    content = [w for w in words if w.lower() not in MINOR_WORDS]
    if len(content) < 2:
        return False
    if all(w[0].isupper() for w in content):
        return True
    # a lower-case run names a programme only around a proper name ("teacher leadership in Utopia"):
    # a country, or a capitalised plain word after the first (not an acronym such as "PhD")
    return any(gazetteer.country_by_name(w) or (i > 0 and w[0].isupper() and w[1:].islower() and w.isalpha())
               for i, w in enumerate(words))


def _head_phrase(doc: Document) -> list[Found]:
    """'(the|a) X initiative' where X is Title Case or holds a proper name."""
    out = []
    pattern = re.compile(
        # words on one line ("[ \t]"): a run across a line break is no name, and must not hide the one after it
        r"(?:\b(?:the|a|an|The|A|An)[ \t]+|^)((?:" + _ANY + r"[ \t]+){1,7}?)(" + _HEAD_RE + r")\b(?!\s+of\b)(?!\s+[A-Z])",
        re.MULTILINE,
    )
    for m in pattern.finditer(doc.text):
        words = m.group(1).split()
        # the name starts after the last article: "Our evaluation of the Bright Futures initiative"
        last_article = max((i for i, w in enumerate(words) if w.lower() in ("the", "a", "an")), default=-1)
        words = words[last_article + 1:]
        # drop leading lower-case words before the first capitalised one
        first_cap = next((i for i, w in enumerate(words) if w[0].isupper()), None)
        if first_cap and all(w[0].isupper() or w.lower() in MINOR_WORDS for w in words[first_cap:]) \
                and len(words) - first_cap >= 2:
            words = words[first_cap:]  # "the three-year Utopia Teachers initiative"
        if not words or not _distinctive(words, doc, m.start(1)):
            continue
        if words[-1].lower() in MINOR_WORDS or words[0].lower() in MINOR_WORDS:
            continue
        phrase = " ".join(words)
        if "\n" in doc.text[m.start(1):m.end(1)]:
            continue
        start, end = locate(doc.text, phrase, m.start(1), m.end(1))
        head = m.group(2)
        base = doc.text[start:end] if end - start == len(phrase) else phrase
        country = next((gazetteer.country_names()[w] for w in words if gazetteer.country_by_name(w)), None)
        out.append(Found(base, start, end, aliases=[f"{phrase} {head}"], country=country))
    return out


def _capitalised_head(doc: Document) -> list[Found]:
    """'the Study of Leadership for Learning' or 'the Utopia Teachers Programme': the head is part of the name."""
    out = []
    lead = re.compile(r"\b(?:the\s+)?((?:Study|Project|Programme|Program|Initiative|Survey)\s+(?:of|for|on)\s+" + _WORD +
                      r"(?:\s+(?:(?:of|for|and|in|on|the)\s+)?" + _WORD + r"){0,6})")
    for m in lead.finditer(doc.text):
        out.append(Found(m.group(1), m.start(1), m.end(1), confidence=0.8))
    trail = re.compile(r"\bthe\s+((?:" + _WORD + r"\s+(?:(?:of|for|and|in)\s+)?){1,5}(?:" +
                       "|".join(h.capitalize() for h in HEADS) + r")"
                       # "the Rhône Exchange for School Leaders": a capitalised for/of phrase is part of the name
                       r"(?:\s+(?:for|of)\s+(?:the\s+)?" + _WORD + r"(?:\s+(?:(?:and|in)\s+)?" + _WORD + r"){0,3})?)\b")
    for m in trail.finditer(doc.text):
        if "\n" in m.group(1):
            continue
        out.append(Found(m.group(1), m.start(1), m.end(1), confidence=0.75))
    return out


def _introduced(doc: Document) -> list[Found]:
    """'a programme known as the X project', 'an initiative called X'."""
    out = []
    pattern = re.compile(r"\b(?:" + _HEAD_RE + "|" + _HEADS_PLURAL + r")\s+(?:known as|called|named|entitled)\s+(?:the\s+)?("
                         + _WORD + r"(?:\s+(?:(?:of|for|and|in|on|the)\s+)?" + _WORD + r"){0,6})(?:\s+(" + _HEAD_RE + r"))?")
    for m in pattern.finditer(doc.text):
        name = m.group(1)
        aliases = [f"{name} {m.group(2)}"] if m.group(2) else []
        country = next((gazetteer.country_names()[w] for w in name.split() if gazetteer.country_by_name(w)), None)
        out.append(Found(name, m.start(1), m.end(1), aliases=aliases, country=country, confidence=0.9))
    return out


_APPOSITION = re.compile(
    r"\b((?:[^\W\d_][\w’'\-]*\s+){0,6}[^\W\d_][\w’'\-]*),\s+(?:a|an|the)\s+(?:[\w\-]+\s+){0,3}?(?:"
    + "|".join(h for h in HEADS if h not in ("course", "qualification", "visit", "tour")) + r")\b"
)


def _apposition(doc: Document) -> list[Found]:
    """'the Aigaio Schools Network, a programme organised by ...': the text itself calls the name a programme."""
    out = []
    for m in _APPOSITION.finditer(doc.text):
        words = m.group(1).split()
        # the name is the run of capitalised words (small words inside) before the comma
        i = len(words)
        while i > 0 and (words[i - 1][0].isupper() or (words[i - 1].lower() in MINOR_WORDS and i < len(words))):
            i -= 1
        while i < len(words) and words[i].lower() in MINOR_WORDS:
            i += 1
        name_words = words[i:]
        if len(name_words) < 2 or not name_words[0][0].isupper() or "\n" in m.group(1):
            continue
        name = " ".join(name_words)
        start, end = locate(doc.text, name, m.start(1), m.end(1))
        out.append(Found(name, start, end, confidence=0.85))
    return out


def _acronyms(doc: Document) -> list[Found]:
    """'the ABC/DEF programmes', 'the ABC programme', and well-known acronyms."""
    out = []
    pattern = re.compile(r"\b([A-Z]{3,8}(?:\s*/\s*[A-Z]{3,8})*)\s+(?:" + _HEAD_RE + "|" + _HEADS_PLURAL + r")\b")
    for m in pattern.finditer(doc.text):
        for am in re.finditer(r"[A-Z]{3,8}", m.group(1)):
            acr = am.group(0)
            expansion, country = WELL_KNOWN.get(acr, (None, None))
            out.append(Found(acr, m.start(1) + am.start(), m.start(1) + am.end(), aliases=[expansion] if expansion else [],
                             country=country, confidence=0.85))
    for acr, (expansion, country) in WELL_KNOWN.items():
        for m in re.finditer(r"\b" + acr + r"\b", doc.text):
            out.append(Found(acr, m.start(), m.end(), aliases=[expansion], country=country, confidence=0.85))
    # "Long Name of Programme (LNP)"
    for m in re.finditer(r"\b(" + _WORD + r"(?:\s+(?:(?:of|for|and|in|on)\s+)?" + _WORD + r"){1,8})\s+\(([A-Z]{2,8})\)", doc.text):
        name, acr = m.group(1), m.group(2)
        initials = "".join(w[0] for w in name.split() if w[0].isupper())
        if initials.endswith(acr) and re.search(r"\b(" + "|".join(h.capitalize() for h in HEADS) + r")\b", name):
            out.append(Found(acr, m.start(2), m.end(2), aliases=[name], confidence=0.9))
    return out


def _title_line(doc: Document) -> list[Found]:
    """A title line that names a programme: 'Teachers Exchange Placement', with its place on the next line."""
    lay = layout(doc)
    if lay.is_record or lay.title is None:
        return []
    t = lay.title.stripped
    if not re.search(r"\b(" + "|".join(h.capitalize() for h in HEADS) + r")$", t) or len(t.split()) > 8:
        return []
    if not all(w[0].isupper() or w.lower() in MINOR_WORDS for w in t.split()):
        return []
    start = lay.title.start + lay.title.text.find(t)
    return [Found(t, start, start + len(t), from_title=True, confidence=0.85)]


def find_programmes(doc: Document) -> list[Found]:
    """Every programme mention in the body of a document, longest first where two overlap (worked out once)."""
    return doc.cached("programmes", lambda: _find_programmes(doc))


_QUOTED = r"[„“”\"«‹‚‘]\s?(?P<name>[^„“”\"«»‹›‚‘’\n]{3,80}?)\s?[“”\"»›‘’]"


@lru_cache(maxsize=1)
def _quoted_cues() -> tuple[re.Pattern[str], re.Pattern[str]]:
    from kg.data import load_json

    data = load_json("programme_cues.json")
    heads = "|".join(sorted({re.escape(h) for h in data["heads"]}, key=len, reverse=True))
    called = "|".join(sorted({re.escape(c) for c in data["so_called"]}, key=len, reverse=True))
    # 'the so-called “X”', 'des Erasmus+-Projekts „X“', 'the “X” programme'
    before = re.compile(rf"\b(?:{called}|{heads})\s*[:,]?\s*{_QUOTED}", re.I)
    after = re.compile(rf"{_QUOTED}\s*(?:-\s*)?(?:{heads})\b", re.I)
    return before, after


def _quoted(doc: Document) -> list[Found]:
    """A quoted name beside a programme word or announced as 'so-called', in several languages."""
    out = []
    for pattern in _quoted_cues():
        for m in pattern.finditer(doc.text):
            name = m.group("name").strip()
            if not name[:1].isupper() or len(name.split()) > 8 or name.endswith((".", ",", "!", "?")):
                continue
            start = m.start("name") + len(m.group("name")) - len(m.group("name").lstrip())
            out.append(Found(name, start, start + len(name), confidence=0.8))
    # a name joined to its head by a hyphen, as German writes it: 'des Erasmus+-Programms', 'das Comenius-Projekt'
    # a proper name, not a noun ('das Pilot-Projekt'): a '+', a digit, or a capital inside the word
    for m in re.finditer(r"(?<![\w+-])(?P<name>[A-Z](?:\w*\+|\w*\d\w*|[a-z]+[A-Z]\w*|[A-Z0-9]{2,}\w*))-"
                         r"(?:Programm|Projekt|Initiative|Netzwerk)\w*", doc.text):
        if m.group("name") in ("EU", "UN", "EU+"):
            continue
        out.append(Found(m.group("name"), m.start("name"), m.end("name"), confidence=0.75))
    return out


_NAME_RUN = r"(?P<name>(?:[A-Z][\w’'+-]*)(?:[ ](?:(?:of|for|and|in|the|to|on)[ ])?[A-Z][\w’'+-]*){1,6})"
# 'the Lakeside Challenge, launched by the Government', 'Into Headship, run by Education Lakeside'
_NAMED_THEN_VERB = re.compile(_NAME_RUN + r",[ ](?:(?:a|an)[ ][^,.;]{3,80}?[ ])?(?:launched|run|led|funded|delivered|organi[sz]ed"
                              r"|managed|coordinated|established|introduced|set[ ]up|developed|designed|offered|piloted)[ ]by[ ]")
# 'the Trust launched the Lakeside Challenge in 2015', 'Teach Lakeside runs Leading Together'
_VERB_THEN_NAMED = re.compile(r"\b(?:launched|launches|piloted|pilots|rolled[ ]out)[ ](?:the[ ]|a[ ]new[ ]|its[ ]|their[ ])?"
                              + _NAME_RUN
                              + r"(?=[,.;:]|[ ](?:in|for|to|with|across|at|on|last|this|next)\b|$)")


def _introduced_by_verbs(doc: Document) -> list[Found]:
    """Programmes a sentence introduces by what is done to them: launched, run, funded, piloted."""
    from kg.extract.affiliations import has_org_cue
    from kg.extract.bylines import parse_byline

    out = []
    for pattern in (_NAMED_THEN_VERB, _VERB_THEN_NAMED):
        for m in pattern.finditer(doc.text):
            name = re.sub(r"^The[ ]", "", m.group("name"))
            words = name.split()
            if len(words) < 2 or has_org_cue(name) or gazetteer.country_by_name(name) or gazetteer.city_candidates(name):
                continue
            if parse_byline(name) is not None or all(w.lower() in MINOR_WORDS for w in words[1:]):
                continue  # a person ('Ann Lee, appointed by ...'), not a programme
            start = m.start("name") + m.group("name").find(name)
            out.append(Found(name, start, start + len(name), confidence=0.75))
    return out


def _find_programmes(doc: Document) -> list[Found]:
    lay = layout(doc)
    found = (_title_line(doc) + _introduced(doc) + _apposition(doc) + _head_phrase(doc) + _capitalised_head(doc)
             + _acronyms(doc) + _quoted(doc) + _introduced_by_verbs(doc))
    kept: list[Found] = []
    for f in sorted(found, key=lambda f: (f.start, -(f.end - f.start), -f.confidence)):
        if not lay.in_body(f.start, f.end):
            continue
        if is_furniture(doc, f.start) and not f.from_title:
            continue
        f.name = clean_label(f.name)
        if gazetteer.known_organisation(f.name):
            continue  # "an OECD study": a study by the organisation, not a programme named after it
        if not f.name or any(k.start <= f.start < k.end for k in kept):
            continue
        kept.append(f)
    return kept


def programme_key(ex: Extraction, doc: Document, f: Found, extractor: str = NAME) -> str:
    return M.mention(ex, doc, "Programme", f.name, f.start, f.end, extractor, f.confidence, aliases=f.aliases,
                     from_title=f.from_title or None)


def extract(doc: Document) -> Extraction:
    ex = Extraction(doc.id)
    lay = layout(doc)
    found = find_programmes(doc)
    counts: dict[str, int] = {}
    for f in found:
        counts[name_key(f.name)] = counts.get(name_key(f.name), 0) + 1
    subjects: set[str] = set()
    for f in found:
        key = programme_key(ex, doc, f)
        # what the work is about: every programme it names, weighted by position and frequency
        if key not in subjects:
            subjects.add(key)
            in_title = lay.title is not None and lay.title.start <= f.start < lay.title.end
            conf = 0.9 if in_title or f.from_title else (0.8 if counts[name_key(f.name)] > 1 else 0.6)
            s, e = doc.sentence_at(f.start, f.end)
            ex.fact(WORK, "dcterms:subject", Evidence.span(doc, s, e, NAME, conf), object=key)
        if f.country:
            ck = M.country(ex, doc, f.country, f.start, f.end, NAME, 0.8)
            s, e = doc.sentence_at(f.start, f.end)
            M.located_in(ex, doc, key, ck, s, e, NAME if gazetteer.country_by_name(
                doc.text[f.start:f.end].split()[-1]) or any(
                gazetteer.country_by_name(w) for w in f.name.split()) else "programme-list", 0.8)
        if f.from_title and lay.title is not None:
            # the lines under a title: "Lakeside, Utopia" then a date
            nxt = [l for l in lay.lines if l.start > lay.title.start and l.text.strip()][:2]
            for line in nxt:
                m = re.match(r"^\s*([A-Z][\w'’\-]+(?: [A-Z][\w'’\-]+){0,2}),\s*([A-Z][\w .]+?)\s*$", line.text)
                if m and gazetteer.country_by_name(m.group(2)):
                    code = gazetteer.country_by_name(m.group(2)).code
                    pk = M.place_with_country(ex, doc, m.group(1), line.start + m.start(1), line.start + m.end(1), NAME, 0.85,
                                              country_code=code, country_span=(line.start + m.start(2), line.start + m.end(2)))
                    if pk:
                        M.located_in(ex, doc, key, pk, lay.title.start, line.end, NAME, 0.85)
                    break
    return ex
