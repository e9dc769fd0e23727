"""An export's records as an `Extraction`, the plain data every extractor hands to resolution: each
record a publication with its authors in order (ORCIDs kept), their affiliations and countries, its
journal, year, DOI, keywords (the scheme's concepts, else `lkg:keyword` literals) and the works it
cites. Evidence quotes the record's line for the field ("[3] AU: Bell, Ann")."""
from __future__ import annotations

import re

from kg import gazetteer
from kg.bibliographic import Export, Record
from kg.bibliographic.cited import parse_cited
from kg.bibliographic.kinds import country_aliases, institution_cues
from kg.concepts import by_label
from kg.extract import mentions as M
from kg.extract.concepts import concept_mention
from kg.extract.refparse import Reference
from kg.model import Document, Evidence, Extraction
from kg.names import normalise_given
from kg.text import fold

NAME = "exports"
CONF = 0.95


def extract(doc: Document) -> Extraction:
    """The mentions and facts of every record of an export document (`Document.export`)."""
    ex = Extraction(doc.id)
    export: Export = doc.export
    keys = {}  # what identifies a record's work inside the export -> its mention key
    for r in export.records:
        keys[f"pub:rec:{r.number}"] = _record(ex, doc, export, r)
        for ident in (r.source_id, r.doi and r.doi.lower()):
            if ident:
                keys.setdefault(ident, f"pub:rec:{r.number}")
    for r in export.records:
        _citations(ex, doc, export, r, keys)
    return ex


class _Fields:
    """Evidence for one record's fields: the span of the n-th value of a field in the document text."""

    def __init__(self, doc: Document, export: Export, r: Record):
        self.doc, self.export, self.r = doc, export, r

    def span(self, fld: str, i: int = 0) -> tuple[int, int]:
        return self.export.spans.get((self.r.number, fld, i)) or self.export.spans[(self.r.number, "title", 0)]

    def line(self, fld: str, i: int = 0) -> tuple[int, int]:
        return self.doc.line_at(*self.span(fld, i))

    def evidence(self, fld: str, i: int = 0, conf: float = CONF) -> Evidence:
        return Evidence.span(self.doc, *self.line(fld, i), NAME, conf)


def _record(ex: Extraction, doc: Document, export: Export, r: Record) -> str:
    at = _Fields(doc, export, r)
    key = f"pub:rec:{r.number}"
    label = r.title or r.doi or f"record {r.number}"
    M.mention(ex, doc, "Publication", label, *at.span("title" if r.title else "doi"), NAME, CONF, key=key,
              title=r.title, kind=r.kind, year=r.year, doi=r.doi)
    for pos, a in enumerate(r.authors, start=1):
        # one mention per name (and ORCID) in the whole export: resolution compares names, not records
        person = f"person:export:{fold(a.family)}:{fold(a.given)}:{a.orcid or ''}"
        s, e = at.span("authors", pos - 1)
        M.mention(ex, doc, "Person", f"{a.given} {a.family}".strip(), s, e, NAME, CONF, key=person,
                  family=a.family, given=normalise_given(a.given), orcid=a.orcid)
        ex.fact(key, "dcterms:creator", at.evidence("authors", pos - 1), object=person, position=pos)
        for aff in a.affiliations:
            for org in _affiliation(ex, doc, aff, at.line("author_affiliations", pos - 1)):
                ex.fact(person, "lkg:affiliation", at.evidence("author_affiliations", pos - 1, 0.9), object=org)
                ex.fact(key, "lkg:affiliation", at.evidence("author_affiliations", pos - 1, 0.9), object=org)
    for i, aff in enumerate(r.affiliations):
        for org in _affiliation(ex, doc, aff, at.line("affiliations", i)):
            ex.fact(key, "lkg:affiliation", at.evidence("affiliations", i, 0.9), object=org)
    if r.journal:
        journal = M.mention(ex, doc, "Journal", r.journal, *at.span("journal"), NAME, CONF)
        ex.fact(key, "dcterms:isPartOf", at.evidence("journal"), object=journal)
    if r.publisher:
        org = M.mention(ex, doc, "Organisation", r.publisher, *at.span("publisher"), NAME, 0.9, role="publisher")
        ex.fact(key, "dcterms:publisher", at.evidence("publisher"), object=org)
    if r.year:
        ex.fact(key, "dcterms:issued", at.evidence("year"), value=r.year, datatype="xsd:gYear")
    for fld, prop in (("doi", "bibo:doi"), ("volume", "bibo:volume"), ("issue", "bibo:issue"),
                      ("page_start", "bibo:pageStart"), ("page_end", "bibo:pageEnd"), ("isbn", "bibo:isbn")):
        value = getattr(r, fld)
        if value:
            ex.fact(key, prop, at.evidence(fld), value=re.sub(r"[^\dX]", "", value) if fld == "isbn" else value)
    labels = by_label()
    for i, kw in enumerate(r.keywords):
        cid = labels.get(fold(kw).replace("-", " "))
        if cid:
            concept = concept_mention(ex, doc, cid, *at.span("keywords", i), CONF, NAME)
            ex.fact(key, "dcterms:subject", at.evidence("keywords", i), object=concept)
        else:
            ex.fact(key, "lkg:keyword", at.evidence("keywords", i), value=kw.lower() if not kw.isupper() else kw)
    return key


def _affiliation(ex: Extraction, doc: Document, text: str, line: tuple[int, int]) -> list[str]:
    """The institution of an affiliation string (the comma part with a university's cue, else the
    first part) located in its country (the last part, as exports abbreviate it or as an ISO code)."""
    s0 = doc.text.find(text, *line)
    s0 = s0 if s0 >= 0 else line[0]
    parts = [(m.group(0).strip(), s0 + m.start() + len(m.group(0)) - len(m.group(0).lstrip()))
             for m in re.finditer(r"[^,]+", text) if m.group(0).strip()]
    if not parts:
        return []
    cues = re.compile(r"\b(?:" + "|".join(map(re.escape, institution_cues())) + r")\b")
    name, start = next(((p, s) for p, s in parts if cues.search(p)), parts[0])
    org = M.mention(ex, doc, "Organisation", name.rstrip("."), start, start + len(name), NAME, 0.9)
    last, ls = parts[-1]
    code = _country_code(last.rstrip(".")) if len(parts) > 1 else None
    if code:
        country = M.country(ex, doc, code, ls, ls + len(last.rstrip(".")), NAME, 0.9, printed=last.rstrip("."))
        M.located_in(ex, doc, org, country, *line, NAME, 0.85)
    return [org]


def _country_code(name: str) -> str | None:
    words = name.split()
    if words and words[-1] in ("USA", "U.S.A."):  # 'NY 10027 USA'
        return "US"
    if name in country_aliases():
        return country_aliases()[name]
    country = gazetteer.country_by_name(name)
    if country is None and re.fullmatch(r"[A-Z]{2}", name):
        country = gazetteer.country_by_code(name)
    return country.code if country else None


def _citations(ex: Extraction, doc: Document, export: Export, r: Record, keys: dict[str, str]) -> None:
    """The works a record cites: works of the same export by id or DOI, the rest as parsed references."""
    at = _Fields(doc, export, r)
    citing = f"pub:rec:{r.number}"
    for i, ident in enumerate(r.cited_ids):
        target = keys.get(ident) or keys.get(ident.lower())
        if target is None and ident.startswith("10."):
            target = M.mention(ex, doc, "Publication", ident, *at.span("cited_ids", i), NAME, 0.9,
                               key=f"pub:doi:{ident.lower()}", doi=ident, kind="Publication")
            ex.fact(target, "bibo:doi", at.evidence("cited_ids", i, 0.9), value=ident)
        if target is not None and target != citing:
            ex.fact(citing, "cito:cites", at.evidence("cited_ids", i, 0.9), object=target)
    spans = [at.span("references", i) for i in range(len(r.references))]
    refs = parse_cited([doc.text[s:e] for s, e in spans], [s for s, _ in spans])
    for i, ref in enumerate(refs):
        target = _cited_work(ex, doc, ref, f"pub:rec:{r.number}:ref:{i + 1}", at.line("references", i))
        if target is not None:
            ex.fact(citing, "cito:cites", at.evidence("references", i, 0.9), object=target)


def _cited_work(ex: Extraction, doc: Document, ref: Reference, key: str, line: tuple[int, int]) -> str | None:
    """A cited reference as a publication with its authors in order; untitled (a WoS short reference)
    it is known by how it is cited, and resolution joins it to the titled work of its first author and year."""
    if not (ref.authors or ref.title or ref.doi):
        return None
    first = ref.authors[0].family if ref.authors else None
    cited_as = None if ref.title else ", ".join(x for x in (first, ref.year) if x)
    label = ref.title or ref.doi or f"{first} ({ref.year or 'n.d.'})"
    M.mention(ex, doc, "Publication", label, ref.start, ref.end, NAME, 0.9, key=key, title=ref.title,
              kind=ref.kind, year=ref.year, doi=ref.doi, cited_as=cited_as, untitled=True if not ref.title else None)

    def ev():
        return Evidence.span(doc, *line, NAME, 0.9)

    for pos, a in enumerate(ref.authors, start=1):
        s, e = _find(doc, a.family, ref)
        person = M.person(ex, doc, a.given, a.family, s, e, NAME, 0.9)
        ex.fact(key, "dcterms:creator", ev(), object=person, position=pos)
    if ref.year:
        ex.fact(key, "dcterms:issued", ev(), value=ref.year, datatype="xsd:gYear")
    if ref.doi:
        ex.fact(key, "bibo:doi", ev(), value=ref.doi)
    if ref.title and ref.container and ref.kind == "JournalArticle":
        journal = M.mention(ex, doc, "Journal", ref.container, *_find(doc, ref.container, ref), NAME, 0.9)
        ex.fact(key, "dcterms:isPartOf", ev(), object=journal)
    return key


def _find(doc: Document, value: str, ref: Reference) -> tuple[int, int]:
    i = doc.text.find(value, ref.start, ref.end)
    return (i, i + len(value)) if i >= 0 else (ref.start, ref.end)
