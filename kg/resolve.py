"""Resolution: the same person, organisation, place, programme, journal or publication named in
several places or documents becomes one entity with one stable id; its other names become
aliases. Then facts are rewritten onto those entities and their evidence pooled.

Rules, by class (never merge two things because they merely share a word):
- Country: the ISO code. Concept: the scheme id. Journal: the name key ("&" read as "and").
- Place, Organisation: the name key or an alias ("Lake University" = "University of Lake").
- Programme: the name key without a trailing "initiative", "project", "programme", ...
- Person: one family name (or any of a person's family names) and given names that do not
  conflict ("M." fits "Michelle S."; "A." does not fit "D."); a bare family name joins the one
  person of that name when there is exactly one. An ORCID decides: one ORCID is one person,
  two ORCIDs are two people.
- Publication: the DOI; else the title key with compatible first author or year; a work known
  only from a citation joins the titled work with the same first author and year.
- The work a file declares in its metadata (kg.extract.metadata) is the document's work: the
  text extractors' work of that document joins it, and its title, authors and identifiers win.
"""
from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from kg import gazetteer
from kg.model import DOCUMENT, WORK, Document, Entity, Evidence, Extraction, Mention, Resolved, ResolvedFact
from kg.names import compatible_given, richness
from kg.text import fold, is_title_case, name_key, slug

MAX_EVIDENCE = 5
PROGRAMME_HEADS = re.compile(r"\s+(initiative|project|programme|program|scheme|pilot|intervention)s?$")
EXTRACTOR_PRIORITY = {"metadata": -1, "exports": 0, "records": 0, "references": 1, "works": 2, "programmes": 3, "places": 4,
                      "concepts": 5, "relations": 6, "entities": 7, "citations": 8, "gazetteer": 9, "context": 9,
                      "concept-scheme": 9}


@dataclass
class Local:
    """All mentions of one key in one document, across extractors."""

    doc_id: str
    key: str
    cls: str
    mentions: list[Mention] = field(default_factory=list)
    #: the mentions by extractor priority, sorted once (mentions are only ever appended)
    _ordered: list[Mention] = field(default_factory=list, repr=False, compare=False)

    @property
    def uid(self) -> tuple[str, str]:
        return (self.doc_id, self.key)

    @property
    def labels(self) -> list[str]:
        out = []
        for m in self.mentions:
            out.append(m.label)
            out.extend(m.aliases)
        return out

    def attr(self, name: str, default=None):
        if len(self._ordered) != len(self.mentions):
            self._ordered = sorted(self.mentions, key=lambda m: _priority(m))
        for m in self._ordered:
            if m.attrs.get(name) not in (None, "", ()):
                return m.attrs[name]
        return default


def _priority(m: Mention) -> int:
    return min((EXTRACTOR_PRIORITY.get(e.extractor, 5) for e in m.evidence), default=5)


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # the smaller id roots the set, so the result does not depend on the order of calls
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra

    def groups(self, items) -> list[list]:
        out: dict = defaultdict(list)
        for x in items:
            out[self.find(x)].append(x)
        return [sorted(v) for _, v in sorted(out.items())]


# ---------------------------------------------------------------- keys per class


def org_key(name: str) -> str:
    known = gazetteer.known_organisation(name)  # "OECD", "OECD Publishing", the full name: one body
    if known:
        return name_key(known)
    k = name_key(name)
    m = re.match(r"^(.+?) university$", k)
    if m and " of " not in k:
        k = f"university of {m.group(1)}"
    return k


def programme_key(name: str) -> str:
    return PROGRAMME_HEADS.sub("", name_key(name)) or name_key(name)


def title_key(title: str) -> str:
    return name_key(title).replace(" ", "")


def _keys(local: Local) -> set[str]:
    cls = local.cls
    if cls == "Country":
        return {f"code:{local.attr('code')}"}
    if cls == "Concept":
        return {f"concept:{local.attr('concept')}"}
    names = [n for n in local.labels if n]
    if cls == "Organisation":
        return {org_key(n) for n in names}
    if cls == "Programme":
        return {programme_key(n) for n in names}
    if cls in ("Place", "Journal"):
        return {name_key(n) for n in names}
    return set()


# ---------------------------------------------------------------- persons


def _families(local: Local) -> set[str]:
    fam = local.attr("family") or (local.mentions[0].label.split() or ["?"])[-1]
    return {fold(fam)} | {fold(f) for f in local.attr("other_families", ())}


def _resolve_people(locals_: list[Local], uf: UnionFind) -> None:
    groups = UnionFind()
    by_family: dict[str, list[Local]] = defaultdict(list)
    for loc in locals_:
        for f in _families(loc):
            by_family[f].append(loc)
    for members in by_family.values():
        for other in members[1:]:
            groups.union(members[0].uid, other.uid)
    index = {loc.uid: loc for loc in locals_}
    # worked out once per person and per pair of given-name forms: a common family name makes a
    # large group, and every person in it is compared with every cluster
    given = {loc.uid: loc.attr("given") for loc in locals_}
    families = {loc.uid: _families(loc) for loc in locals_}
    fit: dict[tuple[str, str], bool] = {}

    def compatible(a: str, b: str) -> bool:
        if (a, b) not in fit:
            fit[(a, b)] = compatible_given(a, b)
        return fit[(a, b)]

    for group in groups.groups([loc.uid for loc in locals_]):
        people = [index[u] for u in group]
        named = sorted((p for p in people if given[p.uid]), key=lambda p: (-richness(given[p.uid])[0], -richness(given[p.uid])[1], p.uid))
        bare = sorted((p for p in people if not given[p.uid]), key=lambda p: p.uid)
        clusters: list[list[Local]] = []
        # per cluster, what the tests below read of its members: their family names (union),
        # distinct given names, ORCIDs and documents (a cluster of one much-cited person is large,
        # and was scanned member by member for every person of the group)
        cluster_families: list[set[str]] = []
        cluster_givens: list[set[str]] = []
        cluster_orcids: list[set[str]] = []
        cluster_docs: list[set[str]] = []
        orcid = {p.uid: p.attr("orcid") for p in people}

        def join(p: Local, fits: list[int]) -> None:
            if len(fits) == 1:
                i = fits[0]
                clusters[i].append(p)
                cluster_families[i] |= families[p.uid]
            else:
                i = len(clusters)
                clusters.append([p])
                cluster_families.append(set(families[p.uid]))
                cluster_givens.append(set())
                cluster_orcids.append(set())
                cluster_docs.append(set())
            if given[p.uid]:
                cluster_givens[i].add(given[p.uid])
            if orcid[p.uid]:
                cluster_orcids[i].add(orcid[p.uid])
            cluster_docs[i].add(p.doc_id)

        def orcids_agree(p: Local, i: int) -> bool:  # no two ORCIDs in one person
            mine = orcid[p.uid]
            return not mine or cluster_orcids[i] <= {mine}

        for p in named:
            fits = [i for i in range(len(clusters))
                    if all(compatible(given[p.uid], g) for g in cluster_givens[i])
                    and families[p.uid] & cluster_families[i] and orcids_agree(p, i)]
            same_orcid = [i for i in fits if orcid[p.uid] and orcid[p.uid] in cluster_orcids[i]]
            fits = same_orcid or fits
            if len(fits) > 1:
                same_doc = [i for i in fits if p.doc_id in cluster_docs[i]]
                fits = same_doc if len(same_doc) == 1 else fits
            join(p, fits)
        for p in bare:
            fits = [i for i in range(len(clusters)) if families[p.uid] & cluster_families[i] and orcids_agree(p, i)]
            if len(fits) > 1:
                fits = [i for i in fits if p.doc_id in cluster_docs[i]]
            join(p, fits)
        for c in clusters:
            for q in c[1:]:
                uf.union(c[0].uid, q.uid)
    by_orcid: dict[str, list[Local]] = defaultdict(list)  # one ORCID, one person, whatever the names
    for loc in locals_:
        if loc.attr("orcid"):
            by_orcid[loc.attr("orcid")].append(loc)
    for members in by_orcid.values():
        for q in members[1:]:
            uf.union(members[0].uid, q.uid)


# ---------------------------------------------------------------- publications


def _first_author(pub: Local, creators: dict, person_root) -> str | None:
    ordered = sorted(creators.get(pub.uid, []))
    return person_root(ordered[0][1]) if ordered else None


def _resolve_publications(locals_: list[Local], uf: UnionFind, creators: dict, person_root) -> None:
    # persons are resolved already, so a work's first author is worked out once (works of a much
    # cited title are compared pairwise)
    firsts: dict[tuple[str, str], str | None] = {}

    def first_author(pub: Local) -> str | None:
        if pub.uid not in firsts:
            firsts[pub.uid] = _first_author(pub, creators, person_root)
        return firsts[pub.uid]

    by_doi: dict[str, list[Local]] = defaultdict(list)
    by_title: dict[str, list[Local]] = defaultdict(list)
    for p in locals_:
        doi = p.attr("doi")
        if doi:
            by_doi[doi.lower()].append(p)
        for t in {p.attr("title"), *[a for m in p.mentions for a in m.aliases]}:
            if t and len(title_key(t)) >= 12:
                by_title[title_key(t)].append(p)
    for members in by_doi.values():
        for q in members[1:]:
            uf.union(members[0].uid, q.uid)
    for members in by_title.values():
        _join_compatible(members, lambda p: (first_author(p), p.attr("year")), _compatible_keys, uf)
    # one page prints the title without its subtitle: the main title and one first author make one work
    by_main: dict[str, list[Local]] = defaultdict(list)
    whole: set[tuple[str, str]] = set()  # works printed with no subtitle
    for p in locals_:
        t = p.attr("title")
        if t:
            main = re.split(r"\s*[:?]\s+|\s+[-–]\s+", t, maxsplit=1)[0]
            if len(main.split()) >= 5:
                by_main[title_key(main)].append(p)
                if title_key(main) == title_key(t):
                    whole.add(p.uid)

    def main_fits(a: tuple, b: tuple) -> bool:
        # two subtitles of one main title are two works; a whole title and one first author are one
        return (a[2] or b[2]) and bool(a[0]) and a[0] == b[0] and _compatible_keys(a, b)

    for members in by_main.values():
        _join_compatible(members, lambda p: (first_author(p), p.attr("year"), p.uid in whole), main_fits, uf)
    # works known only from citations: join the titled work with the same first author and year
    titled: dict[tuple, list[Local]] = defaultdict(list)  # by (year, first author): one look-up per stub
    for t in locals_:
        if t.attr("title"):
            titled[(t.attr("year"), first_author(t))].append(t)
    for stub in (p for p in locals_ if p.attr("untitled") and p.attr("cited_as")):
        fa = first_author(stub)
        year = stub.attr("year")
        if fa is None or year is None:
            continue
        fits = titled.get((year, fa), [])
        roots = sorted({uf.find(t.uid) for t in fits})
        if len(roots) == 1:
            uf.union(roots[0], stub.uid)
    # two citation-only works with one first author and year are one work
    stubs = defaultdict(list)
    for p in locals_:
        if p.attr("untitled") and p.attr("cited_as"):
            stubs[(first_author(p), p.attr("year") or p.attr("cited_as").split(",")[-1].strip())].append(p)
    for (fa, _), members in stubs.items():
        if fa is None:
            continue
        for q in members[1:]:
            uf.union(members[0].uid, q.uid)


def _compatible_keys(a: tuple, b: tuple) -> bool:
    """Two works' (first author, year, ...) allow one work: years at most one apart, and no two
    different first authors (either may be unknown)."""
    (fp, yp), (fq, yq) = a[:2], b[:2]
    if yp and yq and abs(int(yp) - int(yq)) > 1:
        return False
    if fp and fq and fp != fq:
        return False
    return True


def _join_compatible(members: list[Local], key, fits, uf: UnionFind) -> None:
    """Union every two members whose keys fit. Whether two members fit depends on their keys only,
    so members are grouped by key and the keys compared pairwise: a title every document cites
    makes a large group of few keys, and comparing its members pairwise was quadratic."""
    by_key: dict[tuple, list[Local]] = {}
    for p in members:
        by_key.setdefault(key(p), []).append(p)
    joined: set[tuple] = set()  # keys whose members are all in one set already

    def join_all(k: tuple) -> None:
        if k not in joined:
            joined.add(k)
            for q in by_key[k][1:]:
                uf.union(by_key[k][0].uid, q.uid)

    keys = list(by_key)
    for i, a in enumerate(keys):
        if fits(a, a):
            join_all(a)
        for b in keys[i + 1:]:
            if fits(a, b):  # every member of one fits every member of the other
                join_all(a)
                join_all(b)
                uf.union(by_key[a][0].uid, by_key[b][0].uid)


# ---------------------------------------------------------------- labels and ids


def _choose_label(cls: str, members: list[Local]) -> tuple[str, list[str], dict]:
    """The display label, the other names and the merged attributes of one entity."""
    names = Counter()
    for loc in members:
        for m in loc.mentions:
            names[m.label] += len(m.evidence) or 1
    attrs: dict = {}
    for loc in sorted(members, key=lambda l: (min(_priority(m) for m in l.mentions), l.uid)):
        for m in sorted(loc.mentions, key=_priority):
            for k, v in m.attrs.items():
                if v not in (None, "", ()) and k not in attrs:
                    attrs[k] = v
    aliases = {a for loc in members for a in loc.labels}
    if cls == "Person":
        fam_counts = Counter()
        for loc in members:
            for m in loc.mentions:
                if m.attrs.get("family"):
                    fam_counts[m.attrs["family"]] += len(m.evidence) or 1
        family = sorted(fam_counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if fam_counts else members[0].mentions[0].label
        givens = [m.attrs["given"] for loc in members for m in loc.mentions if m.attrs.get("given")]
        given = sorted(givens, key=lambda g: (-richness(g)[0], -richness(g)[1], g))[0] if givens else ""
        label = f"{given} {family}".strip()
        families = {loc.attr("family") for loc in members if loc.attr("family")} | {
            f for loc in members for f in loc.attr("other_families", ())}
        # the other names are the forms the corpus prints (mention labels, bare family names in
        # citations) and "Other (Family)" for a person printed with two family names
        others = sorted(families - {family})
        attrs.update(family=family, given=given, other_families=tuple(others))
        for other in others:
            aliases.add(f"{other} ({family})")
    elif cls == "Publication":
        titles = [loc.attr("title") for loc in members if loc.attr("title")]
        if titles:
            declared = [loc.attr("title") for loc in members if loc.attr("title") and any(
                e.extractor == "metadata" for m in loc.mentions for e in m.evidence)]
            recorded = [loc.attr("title") for loc in members if loc.attr("title") and any(
                e.extractor in ("records", "exports") for m in loc.mentions for e in m.evidence)]
            label = (declared or recorded or sorted(titles, key=lambda t: (-len(t), t)))[0]
            attrs["title"] = label
            attrs.pop("untitled", None)
            attrs.pop("cited_as", None)  # a titled work is cited by its title, not as "Lind et al."
        else:
            label = sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        kinds = [loc.attr("kind") for loc in sorted(members, key=lambda l: (min(_priority(m) for m in l.mentions), l.uid))
                 if loc.attr("kind") not in (None, "Publication")]
        attrs["kind"] = kinds[0] if kinds else "Publication"
        years = Counter(loc.attr("year") for loc in members if loc.attr("year"))
        if years:
            attrs["year"] = sorted(years.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    elif cls == "Programme":
        label = sorted(names, key=lambda n: (not is_title_case(n), -names[n], -len(n), n))[0]
    elif cls == "Country":
        from kg.gazetteer import country_by_code

        label = country_by_code(attrs["code"]).name
    elif cls == "Concept":
        label = sorted(names.items(), key=lambda kv: (kv[0] != kv[0].lower(), -kv[1], kv[0]))[0][0]
        from kg.concepts import scheme

        c = scheme().get(attrs.get("concept", ""))
        if c is not None:
            label = c.label
    else:
        label = sorted(names.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]
    aliases.discard(label)
    aliases = {a for a in aliases if a and name_key(a) and a != label}
    return label, sorted(aliases), attrs


def _implied_only(group: list[tuple[str, str]], locals_: dict) -> bool:
    members = [locals_[u] for u in group]
    return members[0].cls == "Country" and all(
        ev.extractor in ("gazetteer", "context") for loc in members for m in loc.mentions for ev in m.evidence)


GENERIC_UNIT = re.compile(r"^(?:Faculty|School|Department|Institute|College|Centre|Center|Division|Unit|"
                          r"Graduate School|Research Centre)\s+(?:of|for)\b")


def _entity_id(cls: str, label: str, attrs: dict) -> str:
    if cls == "Country":
        return f"country/{attrs['code']}"
    if cls == "Concept":
        return f"concept/{attrs.get('concept') or slug(label)}"
    if cls == "Organisation" and attrs.get("within"):
        return f"organisation/{slug(label + ' ' + attrs['within'])}"
    if cls == "Publication" and not attrs.get("title") and attrs.get("doi"):
        return "publication/doi-" + hashlib.sha1(attrs["doi"].lower().encode()).hexdigest()[:12]
    return f"{cls.lower()}/{slug(label)}"


# ---------------------------------------------------------------- metadata first

#: what a file's metadata states about its work replaces what text heuristics read for it
DECLARED_OVERRIDES = {"dcterms:creator", "dcterms:issued", "bibo:doi", "dcterms:isPartOf", "dcterms:publisher",
                      "bibo:volume", "bibo:issue", "bibo:pageStart", "bibo:pageEnd", "bibo:isbn"}


def _metadata_first(extractions: list[Extraction]) -> list[Extraction]:
    """Where a document's metadata declares its work, the work the text extractors found in it is
    that work: their mentions and facts move onto it, without their title, and the facts the
    metadata states for it (authors, date, identifiers, container, publisher) are the metadata's.
    A host book both read is one book, under the declared title."""

    def hosts(ex: Extraction, works: set[str]) -> set[str]:
        return {f.object for f in ex.facts if f.subject in works and f.predicate == "dcterms:isPartOf"
                and f.object in ex.index and ex.index[f.object].cls == "Publication"}

    declared: dict[str, tuple[Extraction, str, str, set[str], str | None]] = {}
    for ex in extractions:
        for f in ex.facts:
            if f.subject == DOCUMENT and f.predicate == "foaf:primaryTopic" and f.evidence.extractor == "metadata":
                stated = {g.predicate for g in ex.facts if g.subject == f.object}
                host = sorted(hosts(ex, {f.object}))
                declared[ex.doc_id] = (ex, f.object, ex.index[f.object].label, stated, host[0] if host else None)
    if not declared:
        return extractions
    out = []
    for ex in extractions:
        if ex.doc_id not in declared or declared[ex.doc_id][0] is ex:
            out.append(ex)
            continue
        _, work, title, stated, host = declared[ex.doc_id]
        moved = {f.object for f in ex.facts if f.subject == DOCUMENT and f.predicate == "foaf:primaryTopic"}
        if not moved:
            out.append(ex)
            continue
        rename = {k: work for k in moved}
        if host is not None:
            rename.update({k: host for k in hosts(ex, moved)})
        new = Extraction(ex.doc_id)
        for m in ex.mentions:
            if m.key in moved:
                attrs = {k: v for k, v in m.attrs.items() if k not in ("title", "untitled")}
                # the text's title line is no evidence for the declared work: only its other facts move
                m = replace(m, key=work, label=title, aliases=[], attrs=attrs, evidence=[])
            elif m.key in rename:
                m = replace(m, key=rename[m.key])
            new.add(m)
        for f in ex.facts:
            s = rename.get(f.subject, f.subject)
            o = rename.get(f.object, f.object) if f.object else f.object
            if s == work and f.predicate in stated and f.predicate in DECLARED_OVERRIDES:
                continue
            new.facts.append(replace(f, subject=s, object=o))
        out.append(new)
    return out


# ---------------------------------------------------------------- the whole corpus


def _nested_names(extractions: list[Extraction]) -> set[tuple[str, str]]:
    """Organisation mentions read from prose whose every span lies inside a longer organisation name
    another mention of the same document gives ('Lakeside Institute for Studies' inside the whole
    name an affiliation line prints): a cut name, not another organisation."""
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for ex in extractions:
        for m in ex.mentions:
            if m.cls == "Organisation":
                spans[ex.doc_id].extend((ev.start, ev.end) for ev in m.evidence)
    # per document: spans by start, the furthest end of the spans that start before each, the furthest
    # end of those that start at each offset (so containment is a bisection, not a scan)
    index = {}
    for doc_id, items in spans.items():
        items.sort()
        starts = [a for a, _ in items]
        furthest, best = [], -1
        for _, b in items:
            best = max(best, b)
            furthest.append(best)
        at: dict[int, int] = {}
        for a, b in items:
            at[a] = max(at.get(a, -1), b)
        index[doc_id] = (starts, furthest, at)

    def inside(doc_id: str, a: int, b: int) -> bool:
        starts, furthest, at = index[doc_id]
        i = bisect.bisect_left(starts, a)
        return (i > 0 and furthest[i - 1] >= b) or at.get(a, -1) > b

    out = set()
    for ex in extractions:
        for m in ex.mentions:
            if m.cls == "Organisation" and m.evidence and all(inside(ex.doc_id, ev.start, ev.end) for ev in m.evidence):
                out.add((ex.doc_id, m.key))
    return out


def resolve(documents: list[Document], extractions: list[Extraction]) -> Resolved:
    """Merge the mentions of all documents into entities and rewrite facts onto them."""
    docs = sorted(documents, key=lambda d: d.id)
    extractions = _metadata_first(extractions)
    locals_: dict[tuple[str, str], Local] = {}
    nested = _nested_names(extractions)
    for ex in sorted(extractions, key=lambda e: e.doc_id):
        for m in ex.mentions:
            if (ex.doc_id, m.key) in nested and all(ev.extractor == "entities" for ev in m.evidence):
                continue
            loc = locals_.setdefault((ex.doc_id, m.key), Local(ex.doc_id, m.key, m.cls))
            loc.mentions.append(m)
    facts = [(ex.doc_id, f) for ex in extractions for f in ex.facts]

    uf = UnionFind()
    for uid in locals_:
        uf.find(uid)
    by_class: dict[str, list[Local]] = defaultdict(list)
    for loc in sorted(locals_.values(), key=lambda l: l.uid):
        by_class[loc.cls].append(loc)
    # name-keyed classes
    # a generic unit ("Faculty of Education") is a different unit in each university it is part of
    parent_of = {(doc_id, f.subject): (doc_id, f.object) for doc_id, f in facts
                 if f.predicate == "lkg:partOf" and f.object and (doc_id, f.object) in locals_}
    for uid, parent in parent_of.items():
        loc = locals_.get(uid)
        if loc is not None and GENERIC_UNIT.match(loc.mentions[0].label):
            for m in loc.mentions:
                m.attrs.setdefault("within", locals_[parent].mentions[0].label)
    for cls in ("Country", "Concept", "Organisation", "Programme", "Place", "Journal"):
        seen: dict[str, tuple[str, str]] = {}
        for loc in by_class.get(cls, []):
            within = loc.attr("within")
            for k in sorted(_keys(loc)):
                k = f"{k}@{org_key(within)}" if within else k
                if k in seen:
                    uf.union(seen[k], loc.uid)
                else:
                    seen[k] = loc.uid
    _resolve_people(by_class.get("Person", []), uf)
    creators: dict[tuple[str, str], list[tuple[int, tuple[str, str]]]] = defaultdict(list)
    for doc_id, f in facts:
        if f.predicate == "dcterms:creator" and f.object:
            creators[(doc_id, f.subject)].append((f.position or 99, (doc_id, f.object)))
    _resolve_publications(by_class.get("Publication", []), uf, creators, uf.find)

    # entities; a country only a gazetteer implied (a city's country the text never names) stays out
    groups = [g for g in uf.groups(list(locals_)) if not _implied_only(g, locals_)]
    entity_of: dict[tuple[str, str], str] = {}
    entities: list[Entity] = []
    used: Counter = Counter()
    pending = []
    for group in groups:
        members = [locals_[u] for u in group]
        cls = members[0].cls
        label, aliases, attrs = _choose_label(cls, members)
        pending.append((cls, label, aliases, attrs, members))
    pending.sort(key=lambda p: (_entity_id(p[0], p[1], p[3]), p[4][0].uid))
    for cls, label, aliases, attrs, members in pending:
        eid = _entity_id(cls, label, attrs)
        used[eid] += 1
        if used[eid] > 1:
            eid = f"{eid}-{used[eid]}"
        first: dict[str, Evidence] = {}
        for loc in members:
            for m in loc.mentions:
                for ev in m.evidence:
                    if ev.extractor in ("gazetteer", "context"):
                        continue
                    cur = first.get(loc.doc_id)
                    if cur is None or (ev.start, ev.end) < (cur.start, cur.end):
                        first[loc.doc_id] = ev
        doc_ids = sorted({loc.doc_id for loc in members})
        entities.append(Entity(eid, cls, label, aliases, attrs, doc_ids, first))
        for loc in members:
            entity_of[loc.uid] = eid

    # the work each document carries
    primary: dict[str, str] = {}
    for doc_id, f in sorted(facts, key=lambda x: (x[0], EXTRACTOR_PRIORITY.get(x[1].evidence.extractor, 5))):
        if f.subject == DOCUMENT and f.predicate == "foaf:primaryTopic" and f.object and doc_id not in primary:
            primary[doc_id] = entity_of[(doc_id, f.object)]

    def ref(doc_id: str, key: str) -> str | None:
        if key == WORK:
            return primary.get(doc_id)
        if key == DOCUMENT:
            return f"document/{doc_id}"
        return entity_of.get((doc_id, key))

    merged: dict[tuple, ResolvedFact] = {}
    single_valued = {"dcterms:issued", "bibo:doi", "bibo:pageStart", "bibo:pageEnd", "bibo:volume", "bibo:issue"}
    values: dict[tuple[str, str], list[tuple[float, str, ResolvedFact]]] = defaultdict(list)
    author_lists: dict[str, dict[tuple[str, str], list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))
    held: dict[tuple, set[Evidence]] = {}
    for doc_id, f in facts:
        s = ref(doc_id, f.subject)
        o = ref(doc_id, f.object) if f.object else None
        if s is None or (f.object and o is None) or s == o:
            continue
        if f.predicate == "foaf:primaryTopic" and o != primary.get(doc_id):
            continue
        if f.predicate == "dcterms:creator":
            author_lists[s][(doc_id, f.subject)].append((f.position or 99, o))
        key = (s, f.predicate, o, f.value, f.datatype)
        rf = merged.get(key)
        if rf is None:
            rf = merged[key] = ResolvedFact(s, f.predicate, [], object=o, value=f.value, datatype=f.datatype)
            held[key] = set()
        if f.evidence not in held[key]:  # a set beside the list: a fact stated in every document
            held[key].add(f.evidence)
            rf.evidence.append(f.evidence)
    del held
    # single-valued literals: keep the best-supported value
    for key, rf in list(merged.items()):
        if rf.predicate in single_valued:
            best = max(e.confidence for e in rf.evidence)
            values[(rf.subject, rf.predicate)].append((best, rf.value or "", rf))
    for (s, p), options in values.items():
        if len(options) > 1:
            options.sort(key=lambda o: (-o[0], -len(o[2].evidence), o[1]))
            for _, _, rf in options[1:]:
                merged.pop((rf.subject, rf.predicate, rf.object, rf.value, rf.datatype), None)
    # author order: from the source that lists the most authors
    for pub, sources in author_lists.items():
        best = sorted(sources.items(), key=lambda kv: (-len(kv[1]), kv[0]))[0][1]
        order = [o for _, o in sorted(best)]
        for pos, person in enumerate(order, start=1):
            rf = merged.get((pub, "dcterms:creator", person, None, None))
            if rf is not None and rf.position is None:
                rf.position = pos
    # every document mentions what was found in it
    for ent in entities:
        for doc_id, ev in sorted(ent.first_evidence.items()):
            merged[(f"document/{doc_id}", "lkg:mentions", ent.id, None, None)] = ResolvedFact(
                f"document/{doc_id}", "lkg:mentions", [ev], object=ent.id)
    out_facts = []
    for rf in merged.values():
        rf.evidence = sorted(rf.evidence, key=lambda e: (e.doc_id, e.start, e.end, e.extractor, -e.confidence))[:MAX_EVIDENCE]
        out_facts.append(rf)
    out_facts.sort(key=lambda f: (f.subject, f.predicate, f.object or "", f.value or ""))
    entities.sort(key=lambda e: e.id)
    return Resolved(documents=docs, entities=entities, facts=out_facts, primary_topics=primary)
