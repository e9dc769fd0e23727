"""Concepts of the SKOS scheme, matched on lower-case forms and on lemmas (so "professional learning
communities" finds professional learning community), the longest match winning; plus a record's
keywords, which become concepts of the graph even when the scheme lacks them (marked as found).

The work a document carries gets `dcterms:subject` for its main concepts, weighted by frequency
and position (title and keywords count most), so a concept named once in passing does not
outrank the work's topic.
"""
from __future__ import annotations

import bisect

import re
from functools import lru_cache

from kg.concepts import by_label, scheme
from kg import gazetteer
from kg.extract import mentions as M
from kg.extract.layout import Line, is_furniture, layout
from kg.model import WORK, Document, Evidence, Extraction
from kg.text import clean_label, fold, slug

NAME = "concepts"
MAX_SUBJECTS = 8


def _with_article(label: str) -> str:
    """'leadership for learning' -> 'leadership for the learning': text often puts an article
    after a label's preposition."""
    return re.sub(r"\b(for|of|in|on|to)\s+(?!the\b)", r"\1 the ", label)


def _singular(word: str) -> str:
    """A plain singular for label tokens, enough to meet spaCy's noun lemmas ("communities")."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=1)
def _matchers():
    """Two phrase matchers over every label variant: on lower-case text and on lemmas."""
    from spacy.matcher import PhraseMatcher

    from kg.nlp import load_pipeline

    nlp = load_pipeline()
    lower = PhraseMatcher(nlp.vocab, attr="LOWER")
    lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
    for c in scheme().values():
        variants = set()
        for label in (c.label, *c.alt_labels):
            for form in (label, _with_article(label)):
                variants |= {form, form.lower(), form.replace("-", " "), form.lower().replace("-", " ")}
        docs = [nlp.make_doc(v) for v in sorted(variants)]
        lower.add(c.id, docs)
        lemma_docs = []
        for d in docs:
            if not d.text.islower():
                continue
            for token in d:
                token.lemma_ = _singular(token.lower_)
            lemma_docs.append(d)
        if lemma_docs:
            lemma.add(c.id, lemma_docs)
    return lower, lemma


def _all_matches(doc: Document) -> list[tuple[str, int, int]]:
    """Every match of both matchers in the whole document, sorted by start, longest first (made once:
    the reference extractor asks for the concepts of each of hundreds of titles)."""
    sdoc = doc.nlp
    lower, lemma = _matchers()
    vocab = sdoc.vocab.strings
    spans = []
    for matcher in (lower, lemma):
        for mid, s, e in matcher(sdoc):
            span = sdoc[s:e]
            spans.append((vocab[mid], span.start_char, span.end_char))
    spans.sort(key=lambda x: (x[1], -(x[2] - x[1]), x[0]))
    return spans


def match_concepts(doc: Document, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
    """(concept id, start, end) of every concept named in doc.text[start:end], longest match first."""
    end = len(doc.text) if end is None else end
    every = doc.cached("concept_matches", lambda: _all_matches(doc))
    starts = doc.cached("concept_match_starts", lambda: [m[1] for m in every])
    first, last = bisect.bisect_left(starts, start), bisect.bisect_right(starts, end)  # not a scan per title
    spans = [m for m in every[first:last] if m[2] <= end]
    kept: list[tuple[str, int, int]] = []
    reach = -1  # spans come by start, longest first: one overlaps a kept span if it starts before this
    for cid, s, e in spans:
        if s < reach:
            continue
        kept.append((cid, s, e))
        reach = e
    return kept


def concept_mention(ex: Extraction, doc: Document, cid: str, s: int, e: int, confidence: float = 0.85,
                    extractor: str = NAME) -> str:
    c = scheme()[cid]
    printed = doc.text[s:e]
    aliases = [printed] if fold(printed).replace("-", " ") != fold(c.label).replace("-", " ") else []
    return M.mention(ex, doc, "Concept", c.label, s, e, extractor, confidence, key=f"concept:{cid}",
                     aliases=aliases, concept=cid, origin="curated")


def title_subjects(ex: Extraction, doc: Document, pub: str, start: int, end: int, quote: tuple[int, int],
                   extractor: str, confidence: float = 0.8) -> None:
    """What a work's printed title (doc.text[start:end]) says it is about, and where: a dcterms:subject for
    each concept it names and a dcterms:spatial for each country, quoted by `quote` (start, end)."""
    for cid, s, e in match_concepts(doc, start, end):
        M.relate(ex, doc, pub, "dcterms:subject", concept_mention(ex, doc, cid, s, e, 0.85, extractor), *quote,
                 extractor, confidence)
    for m in gazetteer.country_pattern().finditer(doc.text, start, end):
        code = gazetteer.country_names()[m.group(1)]
        M.relate(ex, doc, pub, "dcterms:spatial", M.country(ex, doc, code, m.start(), m.end(), extractor, 0.85,
                                                            printed=m.group(1)), *quote, extractor, 0.85)


def keyword_concept(ex: Extraction, doc: Document, keyword: str, s: int, e: int) -> str:
    """A record's keyword: the scheme's concept when it has one, else a new concept marked as found."""
    cid = by_label().get(fold(keyword).replace("-", " "))
    if cid:
        return concept_mention(ex, doc, cid, s, e, 0.95)
    label = clean_label(keyword).lower() if not keyword.isupper() else clean_label(keyword)
    return M.mention(ex, doc, "Concept", label, s, e, NAME, 0.9, key=f"concept:{slug(label)}",
                     concept=slug(label), origin="found")


def extract(doc: Document) -> Extraction:
    ex = Extraction(doc.id)
    lay = layout(doc)
    body_start, body_end = lay.body
    scores: dict[str, float] = {}
    first: dict[str, tuple[int, int]] = {}
    title = lay.title
    keyword_lines = {(l.start, l.end) for l in lay.keywords}
    for cid, s, e in match_concepts(doc, body_start, body_end):
        if is_furniture(doc, s) or any(ks <= s < ke for ks, ke in keyword_lines):
            continue
        if any(f.line.start <= s < f.line.end for f in lay.fields.values()) and not (title and title.start <= s < title.end):
            continue
        if any(f.name == "keywords" and f.line_start <= s < f.line_end for f in lay.record_fields):
            continue  # a keyword field's concepts are the work's subjects, read below
        concept_mention(ex, doc, cid, s, e)
        weight = 1.0
        if title is not None and title.start <= s < title.end:
            weight = 4.0
        elif lay.abstract is not None and lay.abstract[0] <= s < lay.abstract[1]:
            weight = 3.0  # the abstract says what the work is about
        elif s < body_start + 0.25 * (body_end - body_start):
            weight = 1.5
        scores[cid] = scores.get(cid, 0.0) + weight
        if weight >= 4 or cid not in first:  # the title's mention is the best evidence
            first[cid] = (s, e)
    # keywords a record lists: subjects of the record's work, whatever their frequency
    listed = [(line.stripped, line.start + line.text.find(line.stripped), line) for line in lay.keywords if line.stripped]
    if not listed:  # 'Keywords: a, b; c', 'Schlüsselwörter: ...', 'KW  - a' (the label table's keyword fields)
        for fld in lay.field_values("keywords"):
            if ">" in fld.value:
                continue  # a classification path ('L Education > L Education (General)'), not keywords
            for km in re.finditer(r"[^,;]+", fld.value):
                kw = km.group(0).strip(" .")
                if kw and len(kw.split()) <= 6 and not re.search(r"\d", kw):
                    s0 = fld.start + km.start() + (len(km.group(0)) - len(km.group(0).lstrip()))
                    listed.append((kw, s0, Line(fld.line_start, fld.line_end, doc.text[fld.line_start:fld.line_end])))
    keyword_lines |= {(line.start, line.end) for _, _, line in listed}
    for kw, s, line in listed:
        country = gazetteer.country_by_name(kw)
        region = None if country else gazetteer.region_by_name(kw)
        if country or region:
            # a keyword that names a country or region says where the work is set, not what it is about
            code = country.code if country else region.country
            key = (M.country(ex, doc, code, s, s + len(kw), NAME, 0.9, printed=kw) if country
                   else M.place(ex, doc, kw, s, s + len(kw), NAME, 0.9, country_code=code))
            ex.fact(WORK, "dcterms:spatial", Evidence.span(doc, line.start, line.end, NAME, 0.9), object=key)
            continue
        key = keyword_concept(ex, doc, kw, s, s + len(kw))
        ex.fact(WORK, "dcterms:subject", Evidence.span(doc, line.start, line.end, NAME, 0.95), object=key)
    # the work's main concepts
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    for cid, score in ranked[:MAX_SUBJECTS]:
        if score < 3.0:
            break
        s, e = first[cid]
        ss, se = doc.sentence_at(s, e)
        ex.fact(WORK, "dcterms:subject", Evidence.span(doc, ss, se, NAME, min(0.95, 0.5 + score / 20)),
                object=f"concept:{cid}")
    # the scheme's hierarchy between concepts this document names
    named = {m.attrs["concept"]: m for m in ex.mentions if m.cls == "Concept" and m.attrs.get("origin") == "curated"}
    for cid, m in sorted(named.items()):
        c = scheme()[cid]
        for prop, targets in (("skos:broader", c.broader), ("skos:related", c.related)):
            for target in targets:
                if target in named and (prop == "skos:broader" or cid < target):
                    ev = m.evidence[0]
                    ss, se = doc.sentence_at(ev.start, ev.end)
                    ex.fact(m.key, prop, Evidence.span(doc, ss, se, "concept-scheme", 1.0), object=f"concept:{target}")
    return ex
