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
from kg.extract.affiliations import FRONT_CUES, has_org_cue
from kg.extract.layout import is_furniture, layout, line_text
from kg.extract.programmes import find_programmes
from kg.model import Document, Extraction
from kg.names import is_given_name, is_name_token, split_name
from kg.text import MINOR_WORDS, PERIODICAL_WORDS, clean_label, fold, is_title_case, locate, name_key

NAME = "entities"

# words that start sentences or headings and that the model sometimes takes for names
_NOT_NAME_START = {"the", "this", "that", "these", "those", "our", "their", "its", "his", "her", "a", "an", "in",
                   "on", "at", "for", "dive", "taken", "cite", "skip", "search", "update", "expected", "paper"}
_ORG_RE = re.compile(
    r"\b((?:[A-Z][\w’'&\-]*[ \t]+(?:(?:of|for|and|the|on|in)[ \t]+)?){0,5}"
    r"(?:University|College|Council|Network|Press|Ministry|Foundation|Union|Institute|Association|Agency|"
    r"Academy|Society|Commission|Trust|Federation|Consortium|Publications|Publishing|Publishers|Centre|Center|Congress|"
    r"Organisation|Organization|Corporation|Government|Directorate|Department|Bureau)"
    r"(?:[ \t]+(?:of|for|on)(?:[ \t]+the)?[ \t]+[A-Z][\w\-]*(?:[ \t]+(?:(?:of|for|and|in)[ \t]+)?[A-Z][\w\-]*){0,4})?)"
)
_UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁІЇЄ"
_FRONT_CUE = re.compile(r"\b(?P<cue>" + "|".join(FRONT_CUES) + rf")[ \t]+(?P<name>[{_UPPER}][\w&’'+-]*(?:[ \t]+[{_UPPER}][\w&’'+-]*){{0,3}})")
#: capitalised words that are no part of a name after a cue word (articles, conjunctions, pronouns)
_NOT_NAME_WORDS = {"Die", "Der", "Das", "Den", "Dem", "Des", "Und", "La", "Le", "Les", "El", "Los", "Las", "Et", "Y", "Sie",
                   "Wir", "Ich", "Es", "The", "And", "In", "Im", "Für", "Aus", "Mit", "De", "Du"}
_CUE_AT_END = re.compile(
    r"\b(?:University|College|Council|Network|Press|Ministry|Foundation|Union|Institute|Association|Agency|Academy|Society"
    r"|Commission|Trust|Federation|Consortium|Publications|Publishing|Publishers|Centre|Center|Congress|Corporation|Department"
    r"|Directorate|Office|Board|Authority|Bureau|Fund|Forum|Group|Alliance|Partnership|Committee|Service|Services|Laboratory"
    r"|Library|Museum|School|Schule|Research|Books|Media|Company|Ltd|Inc|Bank|Organisation|Organization|Universität|Université"
    r"|Universidad|Universitat|Università|Universiteit|Universidade|Hochschule|Gymnasium|Lycée|Collège|École|Escola|Escuela"
    r"|Colegio|Liceo|Ministerio|Ministère|Uniwersytet|Government)(?:\s+(?:of|for|on|in|de|der|für)\b.*)?$")


def _in_parentheses(doc: Document, start: int) -> bool:
    before = doc.text[max(0, start - 80):start]
    return before.rfind("(") > before.rfind(")")


def _extend_org(doc: Document, name: str, start: int, end: int) -> tuple[str, int]:
    """(name, start) of an organisation the model cut after a small word ('Organisation for Economic
    Co-operation and'): the capitalised words that follow complete it."""
    start = locate(doc.text, name, start, end)[0] if name else start
    if re.search(r"(?:\b(?:and|of|for|the|on|in)| &)$", name):
        tail = re.match(r"(?:[ ][A-Z][\w’'\-]*){1,4}", doc.text[start + len(name):start + len(name) + 80])
        if tail:
            words = tail.group(0).split()
            keep = []
            for w in words:  # the name ends before a person's given name or a new 'The'
                if w == "The" or (keep and is_given_name(w)):
                    break
                keep.append(w)
            if keep:
                name = name + " " + " ".join(keep)
    return name, start


#: words that lead a person's name glued to an organisation's ('Contact Ann Lee The X Foundation')
_LEAD_WORDS = {"contact", "by", "from", "with", "ask", "email", "call", "dear"}


def trim_org(name: str) -> str:
    """'Contact Ann Lee The Lakeside Foundation' -> 'The Lakeside Foundation' cut to 'Lakeside Foundation':
    a name glued to what stands before it ends at a capitalised article, or after a person's name."""
    small = ("of", "for", "and", "on", "in", "to", "at", "&")
    m = re.search(r"^(?:\S+ )*?(\S+) [Tt]he (?=[A-Z])", name)
    if m and m.group(1).lower() not in small:
        # 'Explore the Lakeside Corporation' (a link's verb), 'Ann Lee The Lakeside Foundation' (two names glued);
        # 'University of The West Indies', 'Save the Children Fund' keep theirs
        glued = m.group(1)[:1].isupper() and " The " in name
        if glued or m.group(1)[:1].isupper() and len(m.group(0).split()) == 2:
            name = name[m.end():]
    words = name.split()
    if len(words) >= 4 and words[0].lower() in _LEAD_WORDS and is_given_name(words[1]):
        return " ".join(words[3:])  # 'Contact Ann Lee Lakeside Trust': the person named before the organisation
    return name


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
        and not PERIODICAL_WORDS.search(name)  # a periodical's name is a journal's, never an organisation's
        and not re.search(r"\w[’']s\b|\s s\b", name)
        and bool(_CUE_AT_END.search(name))
        and not (len(words) < 3 and words[-1] in _WEAK_CUES)  # "Improvement Research": a topic, not a body
    )


#: cue words that end topics as often as names: a body named by one of them has at least three words
_WEAK_CUES = {"Research", "Group", "Media", "Forum", "Service", "Services", "Books", "Library"}


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


#: "X in Lakeview", "X aus der Schweiz", "X à Genève", "X en España": where a body is (an article may follow)
_IN_CITY = re.compile(r"\s+(?:in|aus|à|en|em)\s+(?:(?:der|dem|den|la|le|el|l['’])\s*)?"
                      r"([A-ZÀ-ÖØ-Þ][\w’'\-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w’'\-]+)?)\b")


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

    # international bodies, by any printed name or acronym (general knowledge: kg/data/organisations.json)
    body = doc.text[lay.body[0]:lay.body[1]]
    known_spans = []
    for s0, s1, known in gazetteer.known_organisations(body):
        start, end = lay.body[0] + s0, lay.body[0] + s1
        if not is_furniture(doc, start):
            M.mention(ex, doc, "Organisation", known.name, start, end, NAME, 0.85,
                      key=f"organisation:{name_key(known.name)}", aliases=[known.printed])
            known_spans.append((start, end))

    def is_known(start: int) -> bool:
        return any(ks <= start < ke for ks, ke in known_spans)

    for ent in doc.nlp.ents:
        if not lay.in_body(ent.start_char, ent.end_char) or "\n" in ent.text:
            continue
        line = line_text(doc, ent.start_char)
        if is_furniture(doc, ent.start_char) or doc.line_at(ent.start_char)[0] in field_lines:
            continue
        name = clean_label(ent.text)
        start = locate(doc.text, name, ent.start_char, ent.end_char)[0] if name else ent.start_char
        if in_programme(start) or is_known(start):
            continue  # a programme's name ("the Study of Leadership for School Renewal") is not an organisation
        org = _extend_org(doc, trim_org(name), start, ent.end_char) if ent.label_ in ("ORG", "FAC", "PERSON") else None
        if org is not None and _org_ok(org[0]):
            M.mention(ex, doc, "Organisation", org[0], org[1], org[1] + len(org[0]), NAME, 0.8,
                      aliases=_acronym_after(doc, org[1] + len(org[0])))
        elif ent.label_ == "PERSON" and person_ok(name) and not _in_parentheses(doc, ent.start_char) \
                and _first_name_signal(name) and (not _is_heading(line) or line.strip() == name):
            end = start + len(name)
            tail = re.match(r"-[^\W\d_][\w'’]*", doc.text[end:end + 40])
            if tail and is_name_token(tail.group(0)[1:]):  # "Wróblewska-Nowak", cut by the model at the hyphen
                name, end = name + tail.group(0), end + len(tail.group(0))
            given, family = split_name(name)
            M.person(ex, doc, given, family, start, end, NAME, 0.7)
    _people_in_lists(ex, doc, lay)
    _people_with_roles(ex, doc, lay, in_programme)
    # "Stiftung Lernwerk", "Fondation Éduc": a cue word before a name
    for m in _FRONT_CUE.finditer(body):
        start = lay.body[0] + m.start()
        words = m.group("name").split()
        while words and words[-1] in _NOT_NAME_WORDS:
            words.pop()
        if not words or words[0] in _NOT_NAME_WORDS or is_furniture(doc, start) or in_programme(start) or is_known(start):
            continue
        name = f"{m.group('cue')} {' '.join(words)}"
        M.mention(ex, doc, "Organisation", name, start, start + len(name), NAME, 0.75, aliases=[" ".join(words)])
    # organisation names the model missed, by their cue words
    for m in _ORG_RE.finditer(body):
        name = trim_org(clean_label(m.group(1)))
        start = locate(doc.text, name, lay.body[0] + m.start(1), lay.body[0] + m.end(1))[0]
        if doc.line_at(start)[0] in field_lines or is_furniture(doc, start):
            continue
        if _org_ok(name) and not in_programme(start) and not is_known(start) and lay.title is not None and not (lay.title.start <= start < lay.title.end):
            M.mention(ex, doc, "Organisation", name, start, start + len(name), NAME, 0.75,
                      aliases=_acronym_after(doc, start + len(name)))
    _organisations_in_places(ex, doc)  # last: every organisation mention is in by now
    return ex


def _first_name_signal(name: str) -> bool:
    """A person named in running text needs a second signal: a first name the lexicon knows, or an initial."""
    from kg.extract.bylines import given_name_signal

    return given_name_signal(name.replace(".", ". ").split()[0])


# a list line about a person: '• Discussant: Ann Lee (UK)', 'Ann Lee, Lakeside University', 'Ann Lee (Norway): Talk'
_LIST_LINE = re.compile(
    r"^[ \t]*+(?:[•·*\-–][ \t]*+)?(?:[A-Z][a-z]++(?:[ \t][a-z]++)?[ \t]*+:[ \t]*+)?"
    r"(?P<name>[^(),:;\d \t][^(),:;\d]{3,59}?)[ \t]*+(?:\((?P<paren>[^()]{2,80})\)|,[ \t]*+(?P<aff>[^:;()]{3,120}?))?"
    r"(?::[ \t]*+(?P<talk>.+))?$")


_CONTACT = re.compile(r"^\s*(?:(?:Tel|Phone|Telefon|Tél)\.?:?\s*)?(?:\+?\(?\d[\d\s().-]{6,}\d|[\w.+-]+@[\w-]+\.[\w.]+)\s*$", re.I)


def _people_in_lists(ex: Extraction, doc: Document, lay) -> None:
    """People a page lists with their affiliation or country (programmes, panels, speakers, boards).

    The list is the second signal: a line holds one name and then its affiliation ('Ann Lee,
    Lakeside University'), its country in parentheses, or a talk title; at least two such lines, or a
    bulleted one."""
    from kg.extract.bylines import parse_byline
    from kg.extract.affiliations import parse_affiliation

    found = []
    for line in lay.lines:
        if not line.text.strip() or not lay.in_body(line.start, line.end) or len(line.text.split()) > 30:
            continue
        m = _LIST_LINE.match(line.text.rstrip()) if len(line.text) <= 300 else None
        if not m or not (m.group("paren") or m.group("aff") or m.group("talk")):
            continue
        b = parse_byline(m.group("name").strip())
        if b is None or len(b.names) != 1 or b.labelled or not person_ok(m.group("name").strip()):
            continue  # 'Victoria Park (London)': a place, however name-like
        found.append((line, m, b.names[0]))
    # a contact block: a name on its own line, a telephone number or e-mail address under it
    content = [l for l in lay.lines if l.text.strip()]
    for line, nxt in zip(content, content[1:]):
        if _CONTACT.match(nxt.text) and (b := parse_byline(line.text.strip())) is not None and len(b.names) == 1:
            n = b.names[0]
            off = line.start + line.text.find(line.text.strip())
            M.person(ex, doc, n.given, n.family, off + n.start, off + n.end, NAME, 0.75)
    bulleted = [f for f in found if f[0].text.lstrip().startswith(("•", "·", "*", "-", "–"))]
    if len(found) < 2 and not bulleted:
        return
    for line, m, n in found:
        ns = line.start + m.start("name") + (len(m.group("name")) - len(m.group("name").lstrip()))
        pk = M.person(ex, doc, n.given, n.family, ns + n.start, ns + n.end, NAME, 0.8)
        where = m.group("aff") or m.group("paren")
        if not where:
            continue
        w0 = line.start + (m.start("aff") if m.group("aff") else m.start("paren"))
        aff = parse_affiliation(where, offset=w0)
        pieces = [p.strip() for p in where.split(",")]
        if aff is None and m.group("aff") and 1 <= len(pieces) <= 2 and is_title_case(pieces[0]) \
                and not gazetteer.country_by_name(pieces[0]) and not parse_byline(pieces[0]):
            # 'Ann Lee, Lakeside Educa, Chile': the slot after the name is the affiliation, cue or not
            org = M.mention(ex, doc, "Organisation", pieces[0], w0, w0 + len(pieces[0]), NAME, 0.75)
            M.relate(ex, doc, pk, "lkg:affiliation", org, line.start, line.end, NAME, 0.75)
            if len(pieces) == 2 and gazetteer.country_by_name(pieces[1]):
                c0 = w0 + where.find(pieces[1])
                ck = M.country(ex, doc, gazetteer.country_by_name(pieces[1]).code, c0, c0 + len(pieces[1]), NAME, 0.8,
                               printed=pieces[1])
                M.located_in(ex, doc, org, ck, line.start, line.end, NAME, 0.75)
            continue
        if aff is None:
            continue
        keys = []
        for part in aff.parts:
            if part.kind == "Organisation":
                keys.append(M.mention(ex, doc, "Organisation", part.name, part.start, part.end, NAME, 0.8))
            elif part.kind == "Country":
                keys.append(M.country(ex, doc, part.code, part.start, part.end, NAME, 0.8, printed=part.name))
            else:
                keys.append(None)
        for i in aff.organisations()[:1]:
            M.relate(ex, doc, pk, "lkg:affiliation", keys[i], line.start, line.end, NAME, 0.8)
            nxt = next((k for j, k in enumerate(keys) if j > i and k and k.startswith("country:")), None)
            if nxt:
                M.located_in(ex, doc, keys[i], nxt, line.start, line.end, NAME, 0.75)


# 'Ann Lee, director of learning at the Acme Foundation', 'Bo Chan, chief executive of Acme'
_ROLE_AT = re.compile(
    r"(?P<name>[A-Z][\w'’.-]+(?:[ ][A-Z][\w'’.-]+){1,3}),[ ](?:the[ ]|a[ ]|an[ ])?(?P<role>(?:[A-Za-z][\w-]*[ ]){0,6}?"
    r"(?i:director|head|chief[ ]executive|executive|president|chair|manager|officer|minister|secretary|dean|professor"
    r"|lecturer|researcher|fellow|principal|headteacher|coordinator|founder|leader|lead|adviser|advisor|consultant"
    r"|spokesperson|spokesman|spokeswoman|coach|trustee|inspector|deputy)(?:[ ][a-z][\w-]*){0,6}?)[ ](?:at|of|for|with)[ ](?:the[ ])?"
    r"(?P<org>[A-Z][\w'’&-]*(?:[ ](?:(?:of|for|and|the|on|in)[ ])?[A-Z][\w'’&-]*){0,7})")


def _people_with_roles(ex: Extraction, doc: Document, lay, in_programme) -> None:
    """A person named with a role at an organisation: the person, the organisation and the affiliation.
    The role is the second signal for both names."""
    from kg.extract.bylines import parse_byline

    for m in _ROLE_AT.finditer(doc.text):
        if not lay.in_body(m.start(), m.end()):
            continue
        b = parse_byline(m.group("name"))
        if b is None or len(b.names) != 1:
            continue
        org_end = m.end("org")
        at = re.match(r"(?:[ ][a-z]+){0,2}[ ]at[ ](?:the[ ])?([A-Z][\w'’&-]*(?:[ ](?:(?:of|for|and|the|on|in)[ ])?[A-Z][\w'’&-]*){0,7})",
                      doc.text[org_end:org_end + 120])
        org, o_from = (at.group(1), org_end) if at else (m.group("org"), m.start("org"))  # '... for X at Acme': Acme
        org = clean_label(org)
        if not org or gazetteer.country_by_name(org) or len(org.split()) > 8 or in_programme(o_from):
            continue
        # '... manager for the Bright Start programme at Lakeside Trust': the organisation after 'at'
        n = b.names[0]
        pk = M.person(ex, doc, n.given, n.family, m.start("name") + n.start, m.start("name") + n.end, NAME, 0.8)
        o0 = locate(doc.text, org, o_from, o_from + 200)[0]
        ok = M.mention(ex, doc, "Organisation", org, o0, o0 + len(org), NAME, 0.75)
        M.relate(ex, doc, pk, "lkg:affiliation", ok, *doc.sentence_at(m.start(), m.end()), NAME, 0.75)
