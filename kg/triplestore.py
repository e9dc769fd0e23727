"""The graph's working copy: an on-disk Oxigraph store (RocksDB), one named graph per source document.

    store_info = create_store("graphs/leadership.ttl", "graphs/leadership.store")
    graph = open_graph("graphs/leadership.store")      # or any RDF file: loaded once, then cached
    print(len(graph), graph.graph_names()[:3])

A kg store is a directory Oxigraph writes, plus `kg-store.json` (what it was loaded from, its sha256,
its triple count). Every triple of the graph sits in exactly one named graph: the graph of the
source document that alone states it (named by the document's IRI: its description, the evidence
it is the source of, the entities and relations only it backs), or `DERIVED_GRAPH` for everything
else (the concept scheme, facts several documents back, triples of a file with no documents). So a
document's contribution can be replaced or dropped, and the union of the graphs, which queries read
as their default graph, is the graph itself with no triple twice. `kg build` writes its store
from the resolved corpus (`write_build_store` over `kg.graph.quads`), with a digest of each named
graph in `kg-graphs.json`, so the next build replaces only the graphs that changed.

`open_graph(path)` takes a store directory or an RDF file. A file is loaded once into a store kept
under the cache folder (`cache_dir()`: `$KG_CACHE_DIR`, else `$XDG_CACHE_HOME/kg`, else
`~/.cache/kg`), keyed by the sha256 of its bytes, so the second query on the same file does not
parse it again; a store directory beside the file (`leadership.ttl` -> `leadership.store`, as
`kg build` writes it) is used instead when it was loaded from those same bytes.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import pyoxigraph as ox
import rdflib

from kg.errors import GraphFormatError, OutputError
from kg.namespaces import LKG, LKR

log = logging.getLogger(__name__)

#: the named graph of every triple no single source document states alone
DERIVED_GRAPH = str(LKR["graph/derived"])
#: the file that makes a directory a kg store
MARKER = "kg-store.json"
#: bump when the layout of a store changes, so old cached stores are rebuilt
STORE_VERSION = 1
#: quads handed to Oxigraph's bulk loader at a time: it holds a whole call in memory, which for a
#: corpus's graph is as much again as the in-memory copy being partitioned
BULK_BATCH = 100_000
#: environment variable that moves the cache of stores loaded from files
CACHE_ENV = "KG_CACHE_DIR"

#: file suffix -> Oxigraph's parser, for the RDF formats kg reads
OX_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE, ".turtle": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES,
    ".n3": ox.RdfFormat.N3, ".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD, ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML, ".xml": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML,
}

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = _RDF + "langString"
_TYPE = ox.NamedNode(_RDF + "type")
_SOURCE_DOCUMENT = ox.NamedNode(str(LKG.SourceDocument))
_EVIDENCE = ox.NamedNode(str(LKG.Evidence))
_SOURCE = ox.NamedNode(str(LKG.source))
_DERIVED_FROM = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
_DERIVED = ox.NamedNode(DERIVED_GRAPH)


# ---------------------------------------------------------------------------------------- terms


def to_rdflib(term: Any) -> rdflib.term.Identifier | None:
    """An Oxigraph term as the rdflib term kg's formats and analyses use (xsd:string -> plain literal)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(datatype))
    raise GraphFormatError(f"kg does not handle RDF-star terms such as {term}; remove quoted triples from the graph")


def to_oxigraph(term: Any) -> Any:
    """An rdflib term (or a plain string, read as a literal) as an Oxigraph term."""
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    return ox.Literal(str(term))


# ---------------------------------------------------------------------------------------- the store


@dataclass(frozen=True)
class StoreInfo:
    """What `kg-store.json` records about a store."""

    path: Path
    source: str
    sha256: str
    triples: int
    graphs: int


class GraphStore:
    """A kg store opened read-only: SPARQL runs on `store` (pyoxigraph), the union of its graphs
    being the default graph. `kg.query.run_query` and the analyses accept one in place of an
    rdflib graph."""

    def __init__(self, path: Path, store: ox.Store, info: StoreInfo):
        self.path = path
        self.store = store
        self.info = info
        #: kg.query.StoreWorkers evaluating this store's queries (kg serve), or None: a fork per query
        self.workers: Any = None

    def __len__(self) -> int:
        return self.info.triples

    def __repr__(self) -> str:
        return f"GraphStore({str(self.path)!r}, triples={self.info.triples})"

    def graph_names(self) -> list[str]:
        """The IRIs of the named graphs, sorted (documents, then DERIVED_GRAPH, by IRI)."""
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def quads(self) -> Iterator[tuple[rdflib.term.Identifier, ...]]:
        """Every (subject, predicate, object, graph IRI) as rdflib terms."""
        for q in self.store.quads_for_pattern(None, None, None, None):
            yield to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), to_rdflib(q.graph_name)

    def graph_triples(self, name: str) -> bytes:
        """One named graph as N-Triples (what `kg push` sends)."""
        return self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))

    def to_graph(self) -> rdflib.Graph:
        """The whole graph as an rdflib graph (for the few readers that need every triple in Python)."""
        from kg.store import bind_prefixes

        graph = bind_prefixes(rdflib.Graph())
        for s, p, o, _ in self.quads():
            graph.add((s, p, o))
        return graph


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _read_marker(path: Path) -> StoreInfo | None:
    try:
        data = json.loads((path / MARKER).read_text(encoding="utf-8"))
        if data.get("version") != STORE_VERSION:
            return None
        return StoreInfo(path, data["source"], data["sha256"], int(data["triples"]), int(data["graphs"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def is_store(path: str | os.PathLike) -> bool:
    """True when `path` is a directory holding a kg store of this version."""
    p = Path(path)
    return p.is_dir() and _read_marker(p) is not None


def _load_into_memory(path: Path) -> ox.Store:
    """Parse an RDF file with Oxigraph into an in-memory store, every triple in its default graph."""
    fmt = OX_FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(OX_FORMATS))
        raise GraphFormatError(f"{path}: unknown RDF format '{path.suffix}'; name the file with one of: {known}")
    from kg.store import check_graph_file

    check_graph_file(path)
    memory = ox.Store()
    try:
        memory.bulk_load(path=str(path), format=fmt, base_iri=path.resolve().as_uri())
    except (SyntaxError, ValueError, OSError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise GraphFormatError(
            f"{path}: cannot parse as {fmt.name} ({reason[:200]}); pass a Turtle, TriG, N-Triples, RDF/XML or JSON-LD file"
        ) from None
    if any(True for _ in memory.named_graphs()):  # TriG / N-Quads: merge, as load_graph does
        memory.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } } ; DROP NAMED")
    return memory


def partition(memory: ox.Store) -> Iterator[ox.Quad]:
    """The default graph of `memory` as quads, each triple in the one named graph it belongs to
    (see the module docstring). Blank-node structures (RDF lists) follow the triple pointing at them."""
    default = ox.DefaultGraph()
    docs = {q.subject for q in memory.quads_for_pattern(None, _TYPE, _SOURCE_DOCUMENT, default)}
    evidence_sources: dict[Any, set] = defaultdict(set)
    for q in memory.quads_for_pattern(None, _TYPE, _EVIDENCE, default):
        evidence_sources[q.subject]
    for q in memory.quads_for_pattern(None, _SOURCE, None, default):
        if q.subject in evidence_sources:
            evidence_sources[q.subject].add(q.object)
    stated_in: dict[tuple, set] = defaultdict(set)
    for row in memory.query(
        "SELECT ?s ?p ?o ?d WHERE { ?ev a <%s> ; <%s> ?d ; <%ssubject> ?s ; <%spredicate> ?p ; <%sobject> ?o }"
        % (_EVIDENCE.value, _SOURCE.value, _RDF, _RDF, _RDF)
    ):
        stated_in[(row["s"], row["p"], row["o"])].add(row["d"])
    derived: dict[Any, set] = defaultdict(set)
    for q in memory.quads_for_pattern(None, _DERIVED_FROM, None, default):
        derived[q.subject].add(q.object)

    def one(names: set) -> Any:
        return next(iter(names)) if len(names) == 1 and next(iter(names)) in docs else _DERIVED

    by_blank: dict[Any, list] = defaultdict(list)
    blank_graph: dict[Any, Any] = {}
    for q in memory.quads_for_pattern(None, None, None, default):
        s, p, o = q.subject, q.predicate, q.object
        if isinstance(s, ox.BlankNode):
            by_blank[s].append(q)
            continue
        if s in evidence_sources:
            graph = one(evidence_sources[s])
        elif s in docs:
            graph = s
        elif p == _DERIVED_FROM:
            graph = one({o})
        elif (s, p, o) in stated_in:
            graph = one(stated_in[(s, p, o)])
        else:
            graph = one(derived.get(s, set()))
        if isinstance(o, ox.BlankNode):
            blank_graph.setdefault(o, graph)
        yield ox.Quad(s, p, o, graph)
    pending = list(blank_graph.items())
    while pending:
        node, graph = pending.pop()
        for q in by_blank.pop(node, ()):
            if isinstance(q.object, ox.BlankNode) and q.object not in blank_graph:
                blank_graph[q.object] = graph
                pending.append((q.object, graph))
            yield ox.Quad(q.subject, q.predicate, q.object, graph)
    for rows in by_blank.values():  # blank nodes nothing points at
        for q in rows:
            yield ox.Quad(q.subject, q.predicate, q.object, _DERIVED)


def create_store(source: str | os.PathLike, output: str | os.PathLike, *, sha256: str | None = None,
                 source_name: str | None = None) -> StoreInfo:
    """Load the RDF file `source` into a new kg store at `output` (bulk load), replacing a kg store
    already there. Written beside `output` first and renamed, so a failure leaves no half store.
    `source_name` is the file the store records as its source (default `source`)."""
    src, out = Path(source), Path(output)
    if not src.is_file():
        raise GraphFormatError(f"{src}: no such graph file; build one with `kg build` or check the path")
    if out.exists() and not is_store(out) and (not out.is_dir() or any(out.iterdir())):
        raise OutputError(f"{out}: exists and is not a kg store; choose a new folder for -o")
    digest = sha256 or file_sha256(src)
    memory = _load_into_memory(src)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    except OSError as exc:
        raise OutputError(f"{out}: cannot write there ({exc.strerror}); choose another output folder") from None
    try:
        disk = ox.Store(str(tmp / "oxigraph"))
        quads = partition(memory)
        while batch := list(islice(quads, BULK_BATCH)):
            disk.bulk_extend(batch)
        disk.flush()
        triples = len(disk)
        graphs = sum(1 for _ in disk.named_graphs())
        del disk
        info = {"version": STORE_VERSION, "source": source_name or str(src), "sha256": digest, "triples": triples,
                "graphs": graphs}
        (tmp / MARKER).write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
        from kg.views import write_views  # the answers of the parameterless named queries (kg.views)

        write_views(open_store(tmp))
        if out.exists():
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            os.replace(out, old)
            os.replace(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, out)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, OSError):
            raise OutputError(f"{out}: writing the store failed ({exc.strerror or exc}); check the disk and the folder") from None
        raise
    log.info("loaded %s into %s: %d triples in %d graphs", src, out, triples, graphs)
    return StoreInfo(out, source_name or str(src), digest, triples, graphs)


#: the file of a store written by `kg build` that records a digest of each named graph's triples,
#: so the next build rewrites only the graphs that changed (`write_build_store`)
MANIFEST = "kg-graphs.json"
#: bump when what a digest covers changes, so stores of older builds are written afresh
MANIFEST_VERSION = 1


class GraphDigests:
    """A digest of each named graph's triples, fed one quad (rdflib terms, the graph an IRI string)
    at a time in a deterministic order: the same build gives the same digests; two graphs with
    different triples, different digests (a triple repeated or moved changes one, which only means
    a graph is written again)."""

    def __init__(self) -> None:
        self._hashes: dict[str, Any] = {}

    def add(self, s, p, o, g: str) -> None:
        h = self._hashes.get(g)
        if h is None:
            h = self._hashes[g] = hashlib.sha256()
        if isinstance(o, rdflib.Literal):
            text = str(o)
            h.update(f"{s}\x00{p}\x00L{len(text)}:{text}\x00{o.datatype or ''}\x00{o.language or ''}\n".encode())
        else:
            h.update(f"{s}\x00{p}\x00{'B' if isinstance(o, rdflib.BNode) else 'I'}{o}\n".encode())

    def clear(self) -> None:
        self._hashes.clear()

    def result(self) -> dict[str, str]:
        return {g: h.hexdigest() for g, h in sorted(self._hashes.items())}


def _read_manifest(path: Path) -> dict[str, str] | None:
    """The graph digests of a store `write_build_store` wrote, None for any other store."""
    try:
        data = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        if data.get("version") != MANIFEST_VERSION or _read_marker(path) is None:
            return None
        return {str(g): str(d) for g, d in data["graphs"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _ox_quads(quads: Iterable[tuple], graphs: set[str] | None) -> Iterator[ox.Quad]:
    """rdflib quads as Oxigraph's, only those of `graphs` (None: all)."""
    names: dict[str, ox.NamedNode] = {}
    for s, p, o, g in quads:
        if graphs is not None and g not in graphs:
            continue
        graph = names.get(g)
        if graph is None:
            graph = names[g] = ox.NamedNode(g)
        predicate = names.get(p)
        if predicate is None:
            predicate = names[p] = ox.NamedNode(str(p))
        yield ox.Quad(to_oxigraph(s), predicate, to_oxigraph(o), graph)


def write_build_store(quads: Callable[[], Iterable[tuple]], output: str | os.PathLike, *, source: str, sha256: str,
                      digests: dict[str, str] | None = None, previous: str | os.PathLike | None = None) -> StoreInfo:
    """Write the kg store of a build into the empty folder `output`: `quads()` gives every triple
    with its named graph (`kg.graph.quads`), `digests` their `GraphDigests` when already worked out.
    When `previous` is a store an earlier build wrote (it has a MANIFEST), it is copied (a RocksDB
    checkpoint: hard links, no data copied) and only the named graphs whose digest differs are
    replaced, those no longer there dropped: the same quads as a fresh store, at the cost of what
    changed. Then the views are worked out again (kg.views). `source`/`sha256`: the graph file."""
    out = Path(output)
    before = _read_manifest(Path(previous)) if previous is not None and Path(previous).is_dir() else None
    if digests is None and before is None:  # a fresh store: digests made on the way
        counter = GraphDigests()

        def counted():
            for q in quads():
                counter.add(*q)
                yield q

        _fill(out, _ox_quads(counted(), None), None)
        digests = counter.result()
    else:
        if digests is None:
            counter = GraphDigests()
            for q in quads():
                counter.add(*q)
            digests = counter.result()
        if before is None:
            _fill(out, _ox_quads(quads(), None), None)
        else:
            changed = {g for g, d in digests.items() if before.get(g) != d}
            gone = {g for g in before if g not in digests}
            try:
                ox.Store.read_only(str(Path(previous) / "oxigraph")).backup(str(out / "oxigraph"))
            except OSError as exc:
                log.warning("%s: cannot be copied (%s); writing the store afresh", previous, exc)
                shutil.rmtree(out / "oxigraph", ignore_errors=True)
                changed, gone = set(digests), set()
            _fill(out, _ox_quads(quads(), changed) if changed else iter(()), changed | gone)
            log.info("store: %d of %d named graphs rewritten, %d dropped", len(changed), len(digests), len(gone))
    disk = ox.Store.read_only(str(out / "oxigraph"))
    triples = len(disk)
    graphs = sum(1 for _ in disk.named_graphs())
    del disk
    (out / MANIFEST).write_text(json.dumps({"version": MANIFEST_VERSION, "graphs": digests}, indent=0) + "\n",
                                encoding="utf-8")
    info = {"version": STORE_VERSION, "source": source, "sha256": sha256, "triples": triples, "graphs": graphs}
    (out / MARKER).write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    from kg.views import write_views  # the answers of the parameterless named queries (kg.views)

    write_views(open_store(out))
    return StoreInfo(out, source, sha256, triples, graphs)


def _fill(out: Path, quads: Iterator[ox.Quad], drop: set[str] | None) -> None:
    """Drop the named graphs `drop` from the Oxigraph database in `out` (new when None), then add `quads`."""
    try:
        disk = ox.Store(str(out / "oxigraph"))
        for name in sorted(drop or ()):
            disk.remove_graph(ox.NamedNode(name))
        while batch := list(islice(quads, BULK_BATCH)):
            disk.bulk_extend(batch) if drop is None else disk.extend(batch)
        disk.flush()
        del disk
    except OSError as exc:
        raise OutputError(f"{out}: writing the store failed ({exc.strerror or exc}); check the disk and the folder") from None


def open_store(path: str | os.PathLike) -> GraphStore:
    """Open a kg store directory read-only (several readers may share it)."""
    p = Path(path)
    info = _read_marker(p)
    if info is None:
        raise GraphFormatError(f"{p}: not a kg store (no readable {MARKER}); create one with `kg store FILE -o {p}`")
    try:
        store = ox.Store.read_only(str(p / "oxigraph"))
    except OSError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise GraphFormatError(f"{p}: the store cannot be opened ({reason[:200]}); it may be damaged: "
                               f"delete it and run `kg store {info.source} -o {p}` again") from None
    return GraphStore(p, store, info)


def cache_dir() -> Path:
    """Where stores loaded from files are kept: $KG_CACHE_DIR, else $XDG_CACHE_HOME/kg, else ~/.cache/kg."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kg"


def beside(path: str | os.PathLike) -> Path:
    """The store directory `kg build` writes beside a graph file: leadership.ttl -> leadership.store."""
    return Path(path).with_suffix(".store")


def store_for_file(path: str | os.PathLike) -> Path:
    """The store holding the RDF file `path`: the one beside it if loaded from the same bytes, else
    the cached one for its sha256, loaded now if there is none yet."""
    p = Path(path)
    if not p.is_file():
        raise GraphFormatError(f"{p}: no such graph file or kg store; build one with `kg build` or check the path")
    digest = file_sha256(p)
    near = _read_marker(beside(p)) if beside(p).is_dir() else None
    if near is not None and near.sha256 == digest:
        return near.path
    cached = cache_dir() / "stores" / digest[:32]
    info = _read_marker(cached) if cached.is_dir() else None
    if info is None or info.sha256 != digest:
        log.info("loading %s into the cached store %s", p, cached)
        create_store(p, cached, sha256=digest)
    return cached


def open_graph(path: str | os.PathLike) -> GraphStore:
    """GRAPH as every command takes it: a kg store directory, or an RDF file (through its cached store)."""
    p = Path(path)
    if p.is_dir():
        return open_store(p)
    return open_store(store_for_file(p))


def load_rdflib(path: str | os.PathLike) -> rdflib.Graph:
    """GRAPH (a store directory or an RDF file) as an rdflib graph, for readers that need one."""
    from kg.store import load_graph

    p = Path(path)
    return open_store(p).to_graph() if p.is_dir() else load_graph(p)

