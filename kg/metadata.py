"""What a file declares about the work it carries, read from its own structured metadata.

HTML: Highwire Press `citation_*` meta tags (what Pure, DSpace, EPrints, OJS and publishers emit
for Google Scholar), PRISM, schema.org JSON-LD (`@graph` arrays and `@id` references included)
and microdata, Dublin Core (`DC.*`, `dc.*`, `dcterms.*` in meta and link tags, OJS's qualified
elements), EPrints' own tags, OpenGraph. PDF: the document information dictionary and XMP, with
junk values ("Microsoft Word - draft3.docx", "untitled") ignored, and the first page's lines with
their font sizes. Each value keeps the tag it came from and that tag's character offset in the
decoded source. Per field, the most trusted vocabulary that gives a value wins (`VOCABULARIES`,
in that order); authors all come from one vocabulary, never a mix.

Parsed with BeautifulSoup's html.parser (already a dependency: it gives every tag's source line
and column, which `extruct` does not) and `json`. A JSON-LD `@context` is never fetched: the
properties are read by their schema.org names.

>>> md = html_metadata('<meta name="citation_title" content="On leading">'
...                    '<meta name="citation_author" content="Lind, Maria">')
>>> md.first("title").value, md.authors[0].name.value
('On leading', 'Lind, Maria')
"""
from __future__ import annotations

import json
import logging
import re
from typing import Any, Iterable

from kg.model import Declared, DeclaredAuthor, Metadata, PageLine

log = logging.getLogger(__name__)

#: vocabularies in the order their values win
VOCABULARIES = ("citation", "prism", "schema", "dc", "eprints", "og", "schema-page", "xmp", "pdf-info")

#: citation_* name -> record field
CITATION_FIELDS = {
    "citation_title": "title", "citation_publication_date": "date", "citation_date": "date",
    "citation_online_date": "date", "citation_cover_date": "date", "citation_year": "date",
    "citation_journal_title": "journal", "citation_journal_abbrev": "journal_abbrev",
    "citation_volume": "volume", "citation_issue": "issue", "citation_firstpage": "first_page",
    "citation_lastpage": "last_page", "citation_doi": "doi", "citation_isbn": "isbn", "citation_issn": "issn",
    "citation_eissn": "issn", "citation_publisher": "publisher", "citation_inbook_title": "host_title",
    "citation_book_title": "host_title", "citation_conference_title": "conference",
    "citation_conference": "conference", "citation_dissertation_institution": "institution",
    "citation_technical_report_institution": "institution", "citation_keywords": "keywords",
    "citation_keyword": "keywords", "citation_language": "language", "citation_pdf_url": "pdf_url",
    "citation_abstract": "abstract", "citation_type": "kind",
    "citation_dissertation_name": "kind_thesis", "citation_technical_report_number": "report_number",
}
PRISM_FIELDS = {
    "prism.publicationname": "journal", "prism.volume": "volume", "prism.number": "issue",
    "prism.issueidentifier": "issue", "prism.startingpage": "first_page", "prism.endingpage": "last_page",
    "prism.doi": "doi", "prism.issn": "issn", "prism.eissn": "issn", "prism.isbn": "isbn",
    "prism.publicationdate": "date", "prism.coverdate": "date", "prism.keyword": "keywords",
}
#: Dublin Core element (after the prefix) -> record field; creator handled as authors
DC_FIELDS = {
    "title": "title", "date": "date", "issued": "date", "created": "date", "available": "date",
    "datesubmitted": "date", "publisher": "publisher", "subject": "keywords", "type": "kind",
    "language": "language", "identifier": "identifier", "source": "journal", "ispartof": "journal",
    "bibliographiccitation": "citation", "citation.jtitle": "journal", "citation.volume": "volume",
    "citation.issue": "issue", "citation.spage": "first_page", "citation.epage": "last_page",
    "abstract": "abstract", "description": "abstract",
    # OJS and DSpace qualify elements: DC.Date.issued, DC.Identifier.DOI, DC.Source.Volume, ...
    "date.issued": "date", "date.created": "date", "identifier.doi": "doi", "identifier.pagenumber": "pages",
    "source.issn": "issn", "source.issue": "issue", "source.volume": "volume", "identifier.isbn": "isbn",
}
#: EPrints' own meta tags (it also emits citation_* and DC)
EPRINTS_FIELDS = {
    "eprints.title": "title", "eprints.date": "date", "eprints.publication": "journal", "eprints.volume": "volume",
    "eprints.number": "issue", "eprints.pagerange": "pages", "eprints.id_number": "identifier",
    "eprints.isbn": "isbn", "eprints.issn": "issn", "eprints.publisher": "publisher",
    "eprints.book_title": "host_title", "eprints.event_title": "conference", "eprints.institution": "institution",
    "eprints.keywords": "keywords", "eprints.type": "kind",
}
_DC_PREFIX = re.compile(r"^(?:dc|dcterms|dct)[.:]", re.I)
OG_FIELDS = {
    "og:title": "title", "og:type": "kind", "og:site_name": "site_name", "article:published_time": "date",
    "book:release_date": "date", "book:isbn": "isbn", "article:tag": "keywords", "book:tag": "keywords",
    "og:locale": "language",
}
OG_AUTHORS = ("article:author", "book:author")

#: schema.org types of the work a page carries, in the order one is chosen as the main one
SCHEMA_WORKS = (
    "ScholarlyArticle", "MedicalScholarlyArticle", "Chapter", "Thesis", "Report", "Book", "Article",
    "NewsArticle", "BlogPosting", "TechArticle", "Dataset", "CreativeWork", "WebPage",
)

#: a PDF title or author that names the file or the tool, not the work
JUNK_VALUE = re.compile(
    r"^\s*(?:microsoft\s+(?:word|powerpoint)\s*-.*|untitled.*|title|document\d*|draft.*|unknown|anonymous|user|"
    r"admin(?:istrator)?|owner|author|none|n/?a|\S+\.(?:docx?|pdf|tex|dvi|rtf|odt|indd|qxd|ps)|"
    r"layout\s*\d*|slide\s*\d*|pii:.*|doi:.*|10\.\d{4,9}/\S+|[\w-]*\d[\w-]*_[\w-]+|"
    r".*\b(?:acrobat|distiller|pdflatex|latex|ghostscript|pdfmaker|quartz)\b.*|\d+|[\W_]*)\s*$",
    re.I,
)


def is_junk(value: str) -> bool:
    """A value a tool, not an author, put there ("Microsoft Word - draft3.docx", "untitled")."""
    return bool(JUNK_VALUE.match(value or "")) or len((value or "").strip()) < 3


#: fields whose value is a name, never a link
NAMED_FIELDS = ("title", "journal", "publisher", "host_title", "conference", "institution", "site_name")


class _Collector:
    """Values per vocabulary, in document order, merged into one `Metadata` at the end."""

    def __init__(self) -> None:
        self.fields: dict[str, dict[str, list[Declared]]] = {}
        self.authors: dict[str, list[DeclaredAuthor]] = {}

    def add(self, field: str, d: Declared) -> None:
        value = _clean(d.value)
        if not value or (field in NAMED_FIELDS and re.match(r"^\w+:/", value)):
            return  # a DC.source that is a link names no journal
        d = Declared(value, d.vocabulary, d.name, d.tag, d.offset)
        values = self.fields.setdefault(d.vocabulary, {}).setdefault(field, [])
        if all(v.value != value for v in values):
            values.append(d)

    def author(self, d: Declared) -> DeclaredAuthor | None:
        """One author per name the value holds ("Ivo Marsh, Hana Orlov" is two); the last one made."""
        value = _clean(d.value)
        if not value or re.match(r"^https?://", value):
            return None
        a = None
        for name in split_people(value):
            a = DeclaredAuthor(Declared(name, d.vocabulary, d.name, d.tag, d.offset))
            self.authors.setdefault(d.vocabulary, []).append(a)
        return a

    def metadata(self) -> Metadata:
        md = Metadata()
        for vocab in VOCABULARIES:
            for name, values in self.fields.get(vocab, {}).items():
                if name not in md.fields:
                    md.fields[name] = values
            if not md.authors and self.authors.get(vocab):
                md.authors = self.authors[vocab]
        return md


def _clean(value: Any) -> str:
    if not isinstance(value, str):
        value = "" if value is None else str(value)
    return re.sub(r"\s+", " ", value).strip()


# ---------------------------------------------------------------- HTML


def _offsets(source: str) -> list[int]:
    starts, pos = [0], 0
    for line in source.split("\n"):
        pos += len(line) + 1
        starts.append(pos)
    return starts


def html_metadata(source: str, soup=None) -> Metadata:
    """Every vocabulary the page declares, merged into one record."""
    from bs4 import BeautifulSoup

    soup = soup if soup is not None else BeautifulSoup(source, "html.parser")
    starts = _offsets(source)

    def where(tag) -> int:
        line, col = getattr(tag, "sourceline", None), getattr(tag, "sourcepos", None)
        if line is None or col is None or line - 1 >= len(starts):
            return -1
        return starts[line - 1] + col

    def written(tag, offset: int) -> str:
        if offset < 0:
            return str(tag)[:200]
        end = source.find(">", offset)
        return source[offset: end + 1 if end != -1 else offset + 200][:300]

    out = _Collector()
    last_author: DeclaredAuthor | None = None
    for tag in soup.find_all(["meta", "link"]):
        key = tag.get("name") or tag.get("property") or (tag.get("rel") and " ".join(tag.get("rel")))
        if not key:
            continue
        value = tag.get("content") if tag.name == "meta" else tag.get("href")
        if value is None:
            continue
        lower = key.strip().lower()
        offset = where(tag)

        def declared(vocab: str) -> Declared:
            return Declared(value, vocab, key.strip(), written(tag, offset), offset)

        if lower.startswith("citation_"):
            if lower == "citation_author":
                last_author = out.author(declared("citation"))
            elif lower in ("citation_author_institution", "citation_author_affiliation") and last_author is not None:
                last_author.affiliations.append(declared("citation"))
            elif lower == "citation_author_orcid" and last_author is not None:
                last_author.orcid = declared("citation")
            elif lower in CITATION_FIELDS:
                out.add(CITATION_FIELDS[lower], declared("citation"))
        elif lower in PRISM_FIELDS:
            out.add(PRISM_FIELDS[lower], declared("prism"))
        elif _DC_PREFIX.match(lower):
            element = _DC_PREFIX.sub("", lower)
            if element in ("creator", "creator.personalname"):
                out.author(declared("dc"))
            elif element in DC_FIELDS:
                out.add(DC_FIELDS[element], declared("dc"))
        elif lower in EPRINTS_FIELDS:
            out.add(EPRINTS_FIELDS[lower], declared("eprints"))
        elif lower == "eprints.creators_name":
            out.author(declared("eprints"))
        elif lower in OG_FIELDS:
            out.add(OG_FIELDS[lower], declared("og"))
        elif lower in OG_AUTHORS:
            out.author(declared("og"))
    nodes: list[dict] = []  # every JSON-LD script's nodes, each knowing its script's offset
    for tag in soup.find_all("script", attrs={"type": re.compile(r"^application/ld\+json", re.I)}):
        offset = where(tag)
        try:
            data = json.loads(_json_text(tag.string or tag.get_text() or ""))
        except ValueError:
            log.debug("JSON-LD at offset %d is not valid JSON; skipped", offset)
            continue
        for node in _jsonld_nodes(data):
            node.setdefault("@offset", offset)
            nodes.append(node)
    _schema(out, nodes, "JSON-LD", -1, "schema")
    items = [_microdata_item(el, where) for el in soup.find_all(attrs={"itemscope": True})
             if not el.has_attr("itemprop") or not el.find_parent(attrs={"itemscope": True})]
    _schema(out, items, "microdata", -1, "schema")
    md = out.metadata()
    _derive(md)
    return md


def _json_text(text: str) -> str:
    text = text.strip()
    text = re.sub(r"^<!--|-->$", "", text).strip()
    return re.sub(r"^//\s*<!\[CDATA\[|//\s*\]\]>$", "", text).strip()


def _jsonld_nodes(data: Any) -> list[dict]:
    """The top-level nodes of a JSON-LD document (lists and @graph flattened)."""
    if isinstance(data, list):
        return [n for d in data for n in _jsonld_nodes(d)]
    if isinstance(data, dict):
        if "@graph" in data and isinstance(data["@graph"], list):
            return [n for n in data["@graph"] if isinstance(n, dict)]
        return [data]
    return []


def _types(node: Any) -> list[str]:
    if not isinstance(node, dict):
        return []
    t = node.get("@type") or node.get("type") or []
    ts = t if isinstance(t, list) else [t]
    return [str(x).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for x in ts if x]


def _many(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _microdata_item(el, where) -> dict:
    """A microdata item as a JSON-LD-like dict: {"@type": ..., prop: [values]}, nested items as dicts."""
    item: dict[str, Any] = {"@type": [t.rsplit("/", 1)[-1] for t in (el.get("itemtype") or "").split()],
                            "@offset": where(el)}

    def walk(node) -> None:
        for child in node.find_all(True, recursive=False):
            props = (child.get("itemprop") or "").split()
            if child.has_attr("itemscope"):
                value: Any = _microdata_item(child, where)
            elif props:
                value = _microdata_value(child)
            else:
                value = None
            for p in props:
                item.setdefault(p, []).append(value)
                if not isinstance(value, dict):
                    item.setdefault("@offsets", {}).setdefault(p, []).append(where(child))
            if not child.has_attr("itemscope"):
                walk(child)

    walk(el)
    return item


def _microdata_value(el) -> str:
    if el.name == "meta":
        return el.get("content", "")
    if el.name in ("a", "link", "area") and el.get("href"):
        return el.get("href")
    if el.name in ("img", "audio", "video", "source", "embed", "iframe") and el.get("src"):
        return el.get("src")
    if el.name in ("time",) and el.get("datetime"):
        return el.get("datetime")
    if el.name in ("data", "meter") and el.get("value"):
        return el.get("value")
    return el.get("content") or el.get_text(" ", strip=True)


def _text(value: Any) -> str:
    """A property's text: a string, a number, or a node's name / @value."""
    if isinstance(value, list):
        return _text(value[0]) if value else ""
    if isinstance(value, dict):
        if "@value" in value:
            return _clean(value["@value"])
        name = value.get("name")
        if name:
            return _text(name)
        given, family = _text(value.get("givenName")), _text(value.get("familyName"))
        return f"{given} {family}".strip()
    return _clean(value)


def _schema(out: _Collector, nodes: list[dict], kind: str, offset: int, vocab: str) -> None:
    """The main work among schema.org nodes, its fields and its authors."""
    by_id = {n["@id"]: n for n in nodes if isinstance(n, dict) and isinstance(n.get("@id"), str)}

    def deref(v: Any) -> Any:
        if isinstance(v, dict) and set(v) <= {"@id"} and v.get("@id") in by_id:
            return by_id[v["@id"]]
        if isinstance(v, str) and v in by_id:
            return by_id[v]
        return v

    def flatten(ns: Iterable) -> list[dict]:  # nested works (a WebPage's mainEntity) count too
        found: list[dict] = []
        for n in ns:
            if isinstance(n, dict):
                found.append(n)
                for key in ("mainEntity", "mainEntityOfPage", "about", "hasPart"):
                    found.extend(flatten(deref(x) for x in _many(n.get(key)) if isinstance(deref(x), dict)))
        return found

    candidates = flatten(nodes)
    main = None
    for wanted in SCHEMA_WORKS:
        main = next((n for n in candidates if wanted in _types(n)), None)
        if main is not None:
            break
    if main is None:
        return
    work_type = next(t for t in _types(main) if t in SCHEMA_WORKS)
    if work_type in ("WebPage", "CreativeWork"):  # a page's own node says less than a work's or OpenGraph
        vocab = "schema-page"
    node_offset = main.get("@offset", offset) if isinstance(main.get("@offset"), int) else offset

    def declared(path: str, value: Any, at: int | None = None) -> Declared:
        tag = f"{kind} {work_type}.{path}"
        return Declared(_text(value), vocab, path, tag, node_offset if at is None else at)

    def prop_offset(node: dict, prop: str, i: int = 0) -> int | None:
        offs = node.get("@offsets", {}).get(prop) if isinstance(node.get("@offsets"), dict) else None
        return offs[i] if offs and i < len(offs) else None

    def one(node: dict, prop: str) -> Any:
        vals = _many(node.get(prop))
        return deref(vals[0]) if vals else None

    out.add("kind", declared("@type", work_type))
    for prop in ("name", "headline", "alternativeHeadline"):
        if one(main, prop):
            out.add("title", declared(prop, one(main, prop), prop_offset(main, prop)))
            break
    for prop in ("datePublished", "dateCreated", "copyrightYear", "dateModified"):
        if one(main, prop):
            out.add("date", declared(prop, one(main, prop), prop_offset(main, prop)))
            break
    for prop, field in (("pageStart", "first_page"), ("pageEnd", "last_page"), ("inLanguage", "language"),
                        ("doi", "doi"), ("volumeNumber", "volume"), ("issueNumber", "issue"), ("abstract", "abstract")):
        if one(main, prop):
            out.add(field, declared(prop, one(main, prop), prop_offset(main, prop)))
    for i, v in enumerate(_many(main.get("isbn"))):  # print and electronic
        out.add("isbn", declared("isbn", v, prop_offset(main, "isbn", i)))
    if one(main, "pagination") and "-" in _text(one(main, "pagination")):
        first, _, last = _text(one(main, "pagination")).partition("-")
        out.add("first_page", declared("pagination", first.strip()))
        out.add("last_page", declared("pagination", last.strip()))
    for prop in ("identifier", "sameAs", "url", "@id"):
        for v in _many(main.get(prop)):
            v = deref(v)
            text = _text(v.get("value") if isinstance(v, dict) and "value" in v else v)
            if re.search(r"\b10\.\d{4,9}/", text):
                out.add("doi", declared(prop, text))
    keywords = []
    for v in _many(main.get("keywords")):
        text = _text(deref(v))
        keywords += [k for k in re.split(r"\s*[;,]\s*", text) if k] if isinstance(v, str) else [text]
    for i, k in enumerate(keywords):
        out.add("keywords", declared("keywords", k, prop_offset(main, "keywords", i)))
    for prop in ("publisher", "sourceOrganization"):
        for v in _many(main.get(prop)):
            name = _text(deref(v))
            if name:
                field = "institution" if work_type in ("Thesis",) or prop == "sourceOrganization" else "publisher"
                out.add(field, declared(f"{prop}.name", name))
                if work_type == "Thesis" and prop == "publisher":
                    out.add("publisher", declared(f"{prop}.name", name))
    # the container: a periodical (through issue and volume), a book, an event
    container = one(main, "isPartOf")
    depth = 0
    while isinstance(container, dict) and depth < 4:
        types = _types(container)
        path = "isPartOf" + ".isPartOf" * depth
        if "PublicationIssue" in types and one(container, "issueNumber"):
            out.add("issue", declared(f"{path}.issueNumber", one(container, "issueNumber")))
        if "PublicationVolume" in types and one(container, "volumeNumber"):
            out.add("volume", declared(f"{path}.volumeNumber", one(container, "volumeNumber")))
        if "Periodical" in types or "Newspaper" in types or not types and work_type in ("ScholarlyArticle", "Article"):
            if _text(container):
                out.add("journal", declared(f"{path}.name", container))
            for v in _many(container.get("issn")):
                out.add("issn", declared(f"{path}.issn", v))
        elif "Book" in types:
            if _text(container):
                out.add("host_title", declared(f"{path}.name", container))
            for v in _many(container.get("isbn")):
                out.add("isbn", declared(f"{path}.isbn", v))
            for v in _many(container.get("publisher")):
                out.add("publisher", declared(f"{path}.publisher.name", deref(v)))
        container = one(container, "isPartOf")
        depth += 1
    for v in _many(main.get("recordedAt")) + _many(main.get("releasedEvent")):
        if _text(deref(v)):
            out.add("conference", declared("recordedAt.name", deref(v)))
    for prop in ("author", "creator"):
        if out.authors.get(vocab):
            break  # JSON-LD gave them; microdata repeating them adds nobody
        people = [deref(v) for v in _many(main.get(prop))]
        if isinstance(main.get(prop), dict) and "@list" in main[prop]:
            people = [deref(v) for v in _many(main[prop]["@list"])]
        if not people:
            continue
        for i, person in enumerate(people):
            name = _text(person)
            if not name or (isinstance(person, dict) and "Organization" in _types(person)):
                continue
            at = person.get("@offset") if isinstance(person, dict) and isinstance(person.get("@offset"), int) else None
            a = out.author(declared(f"{prop}[{i + 1}].name", name, at))
            if a is None or not isinstance(person, dict):
                continue
            for j, aff in enumerate(_many(person.get("affiliation"))):
                aff = deref(aff)
                if _text(aff):
                    a.affiliations.append(declared(f"{prop}[{i + 1}].affiliation[{j + 1}].name", aff))
            for ident in _many(person.get("identifier")) + _many(person.get("sameAs")) + _many(person.get("@id")):
                text = _text(ident.get("value") if isinstance(ident, dict) else ident)
                if re.search(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]", text):
                    a.orcid = declared(f"{prop}[{i + 1}].identifier", text)
        break


def _derive(md: Metadata) -> None:
    """Fields other fields imply: a DOI or ISBN given as a Dublin Core identifier, first and last
    page from a page range ("21-40")."""
    for d in md.fields.pop("pages", []):
        m = re.match(r"^\s*(\w+)\s*[-–]\s*(\w+)\s*$", d.value)
        if m and "first_page" not in md.fields:
            md.fields["first_page"] = [Declared(m.group(1), d.vocabulary, d.name, d.tag, d.offset)]
            md.fields["last_page"] = [Declared(m.group(2), d.vocabulary, d.name, d.tag, d.offset)]
    for d in md.fields.pop("identifier", []):
        v = d.value
        if re.search(r"\b10\.\d{4,9}/", v) and "doi" not in md.fields:
            md.fields["doi"] = [d]
        elif re.match(r"^(?:urn:)?isbn[: ]", v, re.I) and "isbn" not in md.fields:
            md.fields["isbn"] = [d]
        elif re.match(r"^(?:urn:)?issn[: ]", v, re.I) and "issn" not in md.fields:
            md.fields["issn"] = [d]


# ---------------------------------------------------------------- PDF


def pdf_metadata(reader) -> Metadata:
    """A PDF's information dictionary and XMP, junk values ignored (see `is_junk`)."""
    out = _Collector()
    try:
        info = reader.metadata or {}
    except Exception:  # a damaged info dictionary costs only the metadata
        info = {}
    for key, field in (("/Title", "title"), ("/Subject", "abstract"), ("/Keywords", "keywords"),
                       ("/CreationDate", "date")):
        value = _clean(info.get(key)) if info else ""
        if not value or (field == "title" and is_junk(value)):
            continue
        if field == "keywords":
            for k in re.split(r"\s*[;,]\s*", value):
                out.add(field, Declared(k, "pdf-info", key, f"{key} ({value})"[:200]))
        elif field == "date":
            m = re.match(r"^D:(\d{4})", value)
            if m:
                out.add(field, Declared(m.group(1), "pdf-info", key, f"{key} ({value})"))
        else:
            out.add(field, Declared(value, "pdf-info", key, f"{key} ({value})"[:200]))
    author = _clean(info.get("/Author")) if info else ""
    if author and not is_junk(author) and not re.fullmatch(r"[a-z0-9._-]+", author):  # not a user name
        out.author(Declared(author, "pdf-info", "/Author", f"/Author ({author})"[:200]))
    try:
        xmp = reader.xmp_metadata
    except Exception:
        xmp = None
    if xmp is not None:
        def first(values) -> str:
            if isinstance(values, dict):
                values = values.get("x-default") or next(iter(values.values()), "")
            if isinstance(values, list):
                values = values[0] if values else ""
            return _clean(values)

        for attr, field in (("dc_title", "title"), ("dc_description", "abstract"), ("dc_publisher", "publisher"),
                            ("dc_date", "date"), ("dc_identifier", "identifier"), ("pdf_keywords", "keywords")):
            try:
                value = first(getattr(xmp, attr, None))
            except Exception:
                continue
            if not value or (field == "title" and is_junk(value)):
                continue
            out.add(field, Declared(value, "xmp", attr.replace("_", ":", 1), f"xmp {attr.replace('_', ':', 1)}"))
        try:
            creators = getattr(xmp, "dc_creator", None) or []
        except Exception:
            creators = []
        for name in creators:
            if _clean(name) and not is_junk(name):
                out.author(Declared(name, "xmp", "dc:creator", "xmp dc:creator"))
    md = out.metadata()
    _derive(md)
    return md


def split_people(value: str) -> list[str]:
    """The names one field holds: 'Ann Lee; Bo Ray', 'Ann Lee, Bo Ray and Cy Dunn', but 'Lee, Ann'
    and 'Lee, A. M.' are one name (family name first).

    >>> split_people("Ivo Marsh, Hana Orlov and Lena Fox"), split_people("Lee, A. M.")
    (['Ivo Marsh', 'Hana Orlov', 'Lena Fox'], ['Lee, A. M.'])
    """
    out: list[str] = []
    for part in re.split(r"\s*;\s*|\s+and\s+|\s*&\s*", value):
        part = part.strip(" ,")
        if not part:
            continue
        pieces = [x.strip() for x in part.split(",") if x.strip()]
        listed = len(pieces) > 1 and all(  # each piece a whole "Given Family" name
            len(x.split()) >= 2 and len(x.split()[-1].strip(".")) > 1 and x[0].isupper() for x in pieces)
        out.extend(pieces if listed else [part])
    return out


def pdf_first_page(page) -> tuple[str, list[PageLine]]:
    """The page's text (as pypdf extracts it) and its lines with their font sizes, top first."""
    try:
        height = float(page.mediabox.height)
    except Exception:
        height = 842.0
    runs: list[tuple[float, float, str]] = []  # (top, size, text)

    def visit(text, cm, tm, font_dict, font_size) -> None:
        if not text or not text.strip("\n"):
            return
        scale = abs(tm[3] * cm[3]) or 1.0
        y = tm[5] * cm[3] + cm[5]
        for piece in text.split("\n"):
            if piece.strip():
                runs.append((round(height - y, 1), round(font_size * scale, 1), piece))

    text = page.extract_text(visitor_text=visit) or ""
    grouped: list[tuple[float, list[tuple[float, str]]]] = []
    for top, size, piece in runs:  # runs of one baseline (superscripts included) make one line
        if grouped and abs(grouped[-1][0] - top) <= 0.4 * max(size, max(s for s, _ in grouped[-1][1])):
            grouped[-1][1].append((size, piece))
        else:
            grouped.append((top, [(size, piece)]))
    lines = []
    for top, parts in grouped:
        wordy = [s for s, t in parts if re.search(r"[^\W\d_]{2}", t)]
        size = max(wordy or [s for s, _ in parts])
        plain = re.sub(r"\s+", " ", "".join(t for _, t in parts)).strip()
        marked = "".join("{" + t.strip() + "}" if s <= 0.8 * size and _SUPERSCRIPT.match(t) else t for s, t in parts)
        marked = re.sub(r"\s+", " ", re.sub(r"\}\s*\{", ",", marked)).strip()
        if plain:
            lines.append(PageLine(plain, size, top, marked if marked != plain else ""))
    return text, lines


#: a run set small beside its line: a footnote marker ("1", "a,b", "*", "†")
_SUPERSCRIPT = re.compile(r"^\s*[\w*†‡§¶#‖]{1,3}(?:\s*,\s*[\w*†‡§¶#‖]{1,3}){0,4}\s*,?\s*$")


# ---------------------------------------------------------------- where a value is in the text

#: fields whose values are distinctive enough to be looked for in the text; the others are always
#: quoted from the metadata block (a bare "39" or "2019" would be found anywhere)
SEARCHED = ("title", "journal", "publisher", "host_title", "conference", "institution", "doi", "isbn")
#: fields the metadata extractor reads (and so needs evidence for)
USED = SEARCHED + ("date", "volume", "issue", "first_page", "last_page", "keywords", "kind")
BLOCK_HEADINGS = {"text/html": "Page metadata", "application/pdf": "Document metadata"}
BLOCK_INTRO = "Fields the file declares, not printed on its pages:"


def locate_value(text: str, value: str, lo: int = 0, *, marked: bool = False) -> tuple[int, int] | None:
    """Where `value` stands in text[lo:], case and spacing aside, not inside a longer word; with
    `marked`, a name may carry a glued footnote letter ("Ann Bella, ..." for "Ann Bell" + "a")."""
    words = value.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    after = r"(?=[a-z]{0,2}(?:[^\w]|\d|$))" if marked else r"(?![^\W\d_])"
    m = re.compile(rf"(?<![^\W\d_]){pattern}{after}", re.I if not marked else 0).search(text, lo)
    return (m.start(), m.end()) if m else None


def person_forms(value: str) -> list[str]:
    """The ways a declared name may be printed: 'Lind, Maria' is printed 'Maria Lind'."""
    forms = [value]
    if value.count(",") == 1:
        family, given = (x.strip() for x in value.split(","))
        if family and given:
            forms.insert(0, f"{given} {family}")
    return forms


def quoted_values(md: Metadata) -> list[tuple[Declared, bool]]:
    """Every value the extractor may quote, with whether it is searched for in the text."""
    out: list[tuple[Declared, bool]] = []
    for name in USED:
        for d in md.fields.get(name, []):
            out.append((d, name in SEARCHED))
    for a in md.authors:
        out.append((a.name, True))
    return out


def affiliation_line(author: Declared, affiliation: Declared, normalise) -> str:
    """The block line that says whose an affiliation is:
    'citation_author: ...; citation_author_institution: ...'."""
    return (f"{author.name}: {normalise(author.value).strip()}; "
            f"{affiliation.name}: {normalise(affiliation.value).strip()}")


def metadata_block(text: str, md: Metadata, media_type: str, normalise) -> str:
    """The lines to append to a document's text for the declared values it does not print, so
    that evidence can quote them: a heading, then `name: value` per value, and one line per
    author and affiliation (see kg.extract.metadata)."""
    lines: list[str] = []
    authors = [a.name for a in md.authors]
    for d, searched in quoted_values(md):
        value = normalise(d.value).strip()
        if not value:
            continue
        forms = person_forms(value) if d in authors else [value]
        if searched and any(locate_value(text, f) for f in forms):
            continue
        line = f"{d.name}: {value}"
        if line not in lines:
            lines.append(line)
    for a in md.authors:
        for aff in a.affiliations:
            line = affiliation_line(a.name, aff, normalise)
            if line not in lines:
                lines.append(line)
    if not lines:
        return ""
    return "\n".join(["", BLOCK_HEADINGS.get(media_type, "Page metadata"), BLOCK_INTRO, *lines]) + "\n"
