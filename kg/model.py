"""Plain data handed from one pipeline step to the next.

corpus -> `Document`; each extractor -> `Extraction` (mentions and facts, each fact with its
`Evidence`); resolve -> `Resolved` (entities with stable IRIs and facts between them); graph ->
rdflib. No step mutates another's rdflib graph.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

#: the subject key extractors use for "the work this document carries" (its foaf:primaryTopic);
#: resolution replaces it with the publication the records/structure extractors found.
WORK = "@work"
#: the subject key for the source document itself (lkg:mentions, foaf:primaryTopic)
DOCUMENT = "@document"

CLASSES = (
    "Person", "Organisation", "Country", "Place", "Programme",
    "Concept", "Publication", "Journal",
)
PUBLICATION_KINDS = (
    "JournalArticle", "BookChapter", "Book", "Thesis", "Report", "ConferencePaper", "WebPage",
)


@dataclass
class Document:
    """One input file, read and normalised. Offsets everywhere refer to `text`."""

    id: str
    path: str
    text: str
    sha256: str
    media_type: str
    #: what the file itself declares about its work (HTML meta tags, JSON-LD, PDF info and first page)
    metadata: Metadata | None = field(default=None, repr=False, compare=False)
    #: a bibliographic export's records (kg.bibliographic.Export); None for a document
    export: Any = field(default=None, repr=False, compare=False)
    #: what extractors work out once per document and share (layout, reference list, programmes)
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    #: the text encoding a text or HTML file was read in ("utf-8", "cp1252", ...); None for PDFs and exports
    encoding: str | None = field(default=None, compare=False)

    @cached_property
    def nlp(self):  # -> spacy.tokens.Doc
        """The spaCy parse of the text, made once on first use (or attached by `attach_parse`)."""
        from kg.nlp import parse

        return parse(self.text)

    def attach_parse(self, parsed) -> None:
        """Use a parse made elsewhere (the build parses all documents in one nlp.pipe stream)."""
        self.__dict__["nlp"] = parsed

    def cached(self, key: str, make):
        """`make()` once per document and key."""
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]

    def line_at(self, start: int, end: int | None = None) -> tuple[int, int]:
        """Offsets of the whole line(s) around [start, end)."""
        end = start if end is None else end
        s = self.text.rfind("\n", 0, start) + 1
        e = self.text.find("\n", end)
        return s, (len(self.text) if e == -1 else e)

    @cached_property
    def sentence_bounds(self) -> tuple[list[int], list[int]]:
        """Start and end offsets of the spaCy sentences, in order (for bisecting)."""
        sents = list(self.nlp.sents)
        return [s.start_char for s in sents], [s.end_char for s in sents]

    def sentence_at(self, start: int, end: int | None = None) -> tuple[int, int]:
        """Offsets of the spaCy sentence holding [start, end), clipped to its line."""
        end = start if end is None else end
        ls, le = self.line_at(start, end)
        starts, ends = self.sentence_bounds
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and start < ends[i]:
            return max(starts[i], ls), min(max(ends[i], end), le)
        return ls, le


@dataclass(frozen=True)
class Declared:
    """One value a file declares, and where: the tag as written and its character offset in the
    decoded source (an HTML meta tag, a JSON-LD or microdata property, a PDF info or XMP entry)."""

    value: str
    vocabulary: str  # one of kg.metadata.VOCABULARIES: "citation", "schema", "dc", "og", "pdf-info", ...
    name: str  # the source's own name for the field: "citation_author", "DC.creator", "author[1].name", "/Title"
    tag: str  # '<meta name="citation_doi" content="10.1080/...">', 'JSON-LD ScholarlyArticle.author[1].name'

    offset: int = -1  # -1 where the source has no character offsets (a PDF's info dictionary)


@dataclass
class DeclaredAuthor:
    """A declared author, in the order declared, with the affiliations declared for them."""

    name: Declared
    affiliations: list[Declared] = field(default_factory=list)
    orcid: Declared | None = None


@dataclass(frozen=True)
class PageLine:
    """A line of a PDF's first page as laid out: its text, font size and distance from the top."""

    text: str
    size: float
    top: float
    #: the text with runs set smaller than the line's own size (footnote markers) in braces: "Ann Bell{a,1}"
    marked: str = ""


@dataclass
class Metadata:
    """The record a file declares for the work it carries, one vocabulary's value per field.

    Fields: title, kind, date, journal, volume, issue, first_page, last_page, doi, isbn, issn,
    publisher, host_title, conference, institution, keywords (several), language, site_name,
    pdf_url, abstract (kg.metadata maps each vocabulary's names onto these).
    """

    fields: dict[str, list[Declared]] = field(default_factory=dict)
    authors: list[DeclaredAuthor] = field(default_factory=list)
    #: a PDF's first page with its font sizes, for the title and bylines it prints
    first_page: list[PageLine] = field(default_factory=list)

    def first(self, name: str) -> Declared | None:
        values = self.fields.get(name)
        return values[0] if values else None

    def __bool__(self) -> bool:
        return bool(self.fields or self.authors or self.first_page)


@dataclass(frozen=True)
class Evidence:
    """Where a fact is stated: a quote of the document with its offsets."""

    doc_id: str
    start: int
    end: int
    quote: str
    extractor: str
    confidence: float

    @classmethod
    def span(cls, doc: Document, start: int, end: int, extractor: str, confidence: float) -> "Evidence":
        start, end = max(0, start), min(len(doc.text), end)
        if not doc.text[start:end].strip():  # a span that lost its text: quote the line instead
            start, end = doc.line_at(start, max(start, end))
        text = doc.text[start:end]
        lead = len(text) - len(text.lstrip())
        trail = len(text.rstrip())
        return cls(doc.id, start + lead, start + trail, text.strip(), extractor, round(confidence, 2))


@dataclass
class Mention:
    """An entity as one extractor saw it in one document.

    `key` is unique within the document's extraction and lets facts refer to the mention;
    `attrs` carries class-specific detail (a person's `family`/`given`, a publication's `title`,
    `year`, `doi`, `kind`, a country's `code`, a concept's `concept` id, ...).
    """

    key: str
    cls: str
    label: str
    doc_id: str
    evidence: list[Evidence] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass
class Fact:
    """subject -predicate-> object (a mention key) or value (a literal), with its evidence."""

    subject: str
    predicate: str
    evidence: Evidence
    object: str | None = None
    value: str | None = None
    datatype: str | None = None
    position: int | None = None


@dataclass
class Extraction:
    """What one extractor found in one document."""

    doc_id: str
    mentions: list[Mention] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    index: dict[str, Mention] = field(default_factory=dict, repr=False, compare=False)
    #: mention key -> (evidence count, the (start, end) of its evidence), for kg.extract.mentions
    spans: dict[str, tuple[int, set[tuple[int, int]]]] = field(default_factory=dict, repr=False, compare=False)

    def add(self, mention: Mention) -> Mention:
        self.mentions.append(mention)
        self.index[mention.key] = mention
        return mention

    def fact(self, subject: str, predicate: str, evidence: Evidence, **kw: Any) -> Fact:
        f = Fact(subject, predicate, evidence, **kw)
        self.facts.append(f)
        return f


@dataclass
class Entity:
    """One real thing after resolution, with its stable IRI path (e.g. 'person/alma-harris')."""

    id: str
    cls: str
    label: str
    aliases: list[str]
    attrs: dict[str, Any]
    doc_ids: list[str]
    first_evidence: dict[str, Evidence] = field(default_factory=dict)


@dataclass
class ResolvedFact:
    subject: str
    predicate: str
    evidence: list[Evidence]
    object: str | None = None
    value: str | None = None
    datatype: str | None = None
    position: int | None = None


@dataclass
class Resolved:
    """The corpus after resolution: what kg.graph writes as RDF."""

    documents: list[Document]
    entities: list[Entity]
    facts: list[ResolvedFact]
    primary_topics: dict[str, str] = field(default_factory=dict)
