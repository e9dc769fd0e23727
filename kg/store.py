"""Reading graph files and writing output files atomically.

Every layer that reads a graph (query, viz, stats, export) loads it here, so a bad file gives one
`GraphFormatError` that names it; every writer goes through `write_atomic`, so a failure never
leaves a half-written file behind.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import IO, Any, Callable, Iterator

import rdflib
from rdflib.util import guess_format

from kg.errors import GraphFormatError, OutputError
from kg.namespaces import PREFIXES

#: file suffix -> rdflib parser name, for the RDF formats kg reads
READ_FORMATS = {
    ".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".n3": "n3", ".trig": "trig",
    ".nq": "nquads", ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml", ".xml": "xml", ".owl": "xml",
}


#: file suffix -> the kg.export format `kg build -o FILE` writes
WRITE_FORMATS = {
    ".ttl": "ttl", ".turtle": "ttl", ".nt": "nt", ".trig": "trig", ".jsonld": "jsonld", ".json": "jsonld",
    ".rdf": "xml", ".xml": "xml", ".owl": "xml",
}


def write_format(path: str | os.PathLike) -> str:
    """The RDF format a graph file's suffix asks for; GraphFormatError for any other suffix."""
    suffix = Path(path).suffix.lower()
    if suffix not in WRITE_FORMATS:
        raise GraphFormatError(
            f"{path}: kg writes the graph as RDF; name the file .ttl (or .nt, .trig, .jsonld, .rdf), "
            "and use `kg viz` or `kg export` for HTML and other formats"
        )
    return WRITE_FORMATS[suffix]


def bind_prefixes(graph: rdflib.Graph) -> rdflib.Graph:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


#: the longest text an XML entity of a graph file may stand for (namespace abbreviations are ~50)
MAX_ENTITY_CHARS = 10_000
#: how far into an RDF/XML file its DOCTYPE (and the entities it declares) may reach
_XML_PROLOG_BYTES = 1 << 20
_JSONLD_SUFFIXES = (".jsonld", ".json")
_XML_SUFFIXES = (".rdf", ".xml", ".owl")


def check_graph_file(path: str | os.PathLike) -> None:
    """Refuse, before any parser sees it, a graph file that would make a parser fetch a URL or
    expand without bound: a JSON-LD `@context` (or `@import`) naming a remote or local document,
    an RDF/XML DTD with external or parameter entities, or entities standing for more than
    MAX_ENTITY_CHARS characters (the billion laughs). GraphFormatError names what to change."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in _JSONLD_SUFFIXES:
        _check_jsonld(p)
    elif suffix in _XML_SUFFIXES:
        _check_xml(p)


def _check_jsonld(p: Path) -> None:
    try:
        data = json.loads(p.read_bytes())
    except (ValueError, RecursionError):
        return  # not JSON: the parser says so in its own words
    except OSError as exc:
        raise GraphFormatError(f"{p}: cannot be read ({exc.strerror}); check the path and its permissions") from None
    for key, value in _json_items(data):
        if key == "@import" or (key == "@context" and any(isinstance(c, str) for c in _as_list(value))):
            named = value if isinstance(value, str) else next(c for c in _as_list(value) if isinstance(c, str))
            raise GraphFormatError(
                f"{p}: its JSON-LD {key} names the document {named!r}, and kg never fetches one "
                "(nothing is downloaded at run time); put the context itself into the file"
            )


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def _json_items(data: Any) -> Iterator[tuple[str, Any]]:
    """Every (key, value) of every object in a JSON document, without recursion."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                yield key, value
                stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)


_DOCTYPE = re.compile(rb"<!DOCTYPE\b")
_ELEMENT = re.compile(rb"<[A-Za-z_]")
_ENTITY = re.compile(r"<!ENTITY\s+(%\s+)?([^\s\"'>]+)\s+(?:\"([^\"]*)\"|'([^']*)'|(SYSTEM|PUBLIC)\b)")
_REFERENCE = re.compile(r"&([A-Za-z_][\w.:-]*);")


def _check_xml(p: Path) -> None:
    try:
        with p.open("rb") as fh:
            head = fh.read(_XML_PROLOG_BYTES)
    except OSError as exc:
        raise GraphFormatError(f"{p}: cannot be read ({exc.strerror}); check the path and its permissions") from None
    doctype, root = _DOCTYPE.search(head), _ELEMENT.search(head)
    if doctype is None or (root is not None and root.start() < doctype.start()):
        return
    prolog = head[doctype.start():root.start() if root else len(head)].decode("utf-8", "replace")
    if root is None and len(head) == _XML_PROLOG_BYTES:
        raise GraphFormatError(f"{p}: its DOCTYPE runs past the first MiB; kg reads RDF/XML with a short DTD at most")
    if re.match(r"<!DOCTYPE\s+\S+\s+(SYSTEM|PUBLIC)\b", prolog):
        raise GraphFormatError(f"{p}: its DOCTYPE names an external DTD, which kg never fetches; remove it from the file")
    values: dict[str, str] = {}
    for match in _ENTITY.finditer(prolog):
        name = match.group(2)
        if match.group(1) or match.group(5):
            what = "a parameter entity" if match.group(1) else "an external entity"
            raise GraphFormatError(f"{p}: the DTD declares {what} ({name}), which kg does not expand or fetch; "
                                   "write the value into the file instead")
        values.setdefault(name, match.group(3) if match.group(3) is not None else match.group(4))
    sizes: dict[str, int] = {}

    def size(name: str, seen: tuple[str, ...] = ()) -> int:
        if name in sizes:
            return sizes[name]
        if name in seen:
            raise GraphFormatError(f"{p}: the XML entity {name} refers to itself; fix the DTD")
        value = values[name]
        total = len(_REFERENCE.sub("", value))
        for ref in _REFERENCE.findall(value):
            total += size(ref, seen + (name,)) if ref in values else 1
            if total > MAX_ENTITY_CHARS:
                break
        sizes[name] = total
        return total

    for name in values:
        try:
            too_long = size(name) > MAX_ENTITY_CHARS
        except RecursionError:
            raise GraphFormatError(f"{p}: the XML entities refer to each other too deeply; simplify the DTD") from None
        if too_long:
            raise GraphFormatError(
                f"{p}: the XML entity {name} expands to more than {MAX_ENTITY_CHARS:,} characters (an entity "
                "expansion attack, or a DTD kg will not expand); write the values into the file instead")


def load_graph(path: str | os.PathLike) -> rdflib.Graph:
    """Parse an RDF file kg wrote (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML) into one graph.

    Named graphs of TriG/N-Quads are merged into the default graph.
    """
    p = Path(path)
    if not p.is_file():
        raise GraphFormatError(f"{p}: no such graph file; build one with `kg build` or check the path")
    check_graph_file(p)
    fmt = READ_FORMATS.get(p.suffix.lower()) or guess_format(str(p)) or "turtle"
    try:
        if fmt in ("trig", "nquads"):
            ds = rdflib.Dataset()
            ds.parse(p, format=fmt)
            graph = rdflib.Graph()
            for s, pr, o, _ in ds.quads():
                graph.add((s, pr, o))
        else:
            graph = rdflib.Graph()
            graph.parse(p, format=fmt)
    except Exception as exc:  # rdflib raises many types; the user needs one message
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise GraphFormatError(
            f"{p}: cannot parse as {fmt} ({reason[:200]}); pass a Turtle, TriG, N-Triples or JSON-LD file written by kg"
        ) from None
    return bind_prefixes(graph)


def write_atomic(path: str | os.PathLike, data: str | bytes | Callable[[IO[str]], object]) -> Path:
    """Write `data` to `path` through a temporary file in the same folder and a rename; `data` may
    also be a function that writes text to the open file (for output written as it is made)."""
    p = Path(path)
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    except OSError as exc:
        raise OutputError(f"{p}: cannot write there ({exc.strerror}); choose another output path") from None
    mode = "wb" if isinstance(data, bytes) else "w"
    try:
        with os.fdopen(fd, mode, **({} if mode == "wb" else {"encoding": "utf-8", "newline": "\n"})) as fh:
            data(fh) if callable(data) else fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, p)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"{p}: writing failed ({exc.strerror or exc}); the previous file, if any, is unchanged") from None
        raise
    return p


def check_output(path: str | os.PathLike, *, folders: tuple[str, ...] = ()) -> None:
    """Refuse, before any work, an output that cannot be written: `path` a folder, or its folder
    (or the nearest one that exists, when it is still to be made) not writable; `folders` are the
    suffixes of folders written beside it (".store"), which must be new or kg stores."""
    p = Path(path)
    if p.is_dir():
        raise OutputError(f"{p}: is a folder; give a file name such as {p / 'graph.ttl'}")
    existing = p.parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"{p}: cannot write there ({existing} is not a writable folder); choose another output path")
    for suffix in folders:
        beside = p.with_suffix(suffix)
        if beside.exists() and not (beside / "kg-store.json").is_file() and (not beside.is_dir() or any(beside.iterdir())):
            raise OutputError(f"{beside}: exists and is not a kg store; move it away or choose another output path")


class OutputSet:
    """Files and folders that are replaced together: each written to a temporary beside its target,
    then all renamed into place at once (`commit`); on any failure, or an interrupt, before the
    last rename, the temporaries are removed and every target is as it was.

        with OutputSet() as out:
            write_atomic(out.temporary("g.ttl"), data)
            write_atomic(out.temporary("g.html"), page)
            out.commit()
    """

    def __init__(self) -> None:
        self._pending: list[tuple[Path, Path]] = []  # (temporary, target)

    def temporary(self, target: str | os.PathLike, *, folder: bool = False) -> Path:
        """A new temporary path beside `target` (an empty folder when `folder`), renamed onto it at `commit`."""
        p = Path(target)
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
            # hidden, and ending as the target does (.ttl), so readers that go by the suffix read it
            if folder:
                tmp = Path(tempfile.mkdtemp(prefix=f".{p.stem}.", suffix=f".tmp{p.suffix}", dir=p.parent))
            else:
                fd, name = tempfile.mkstemp(prefix=f".{p.stem}.", suffix=f".tmp{p.suffix}", dir=p.parent)
                os.close(fd)
                tmp = Path(name)
        except OSError as exc:
            raise OutputError(f"{p}: cannot write there ({exc.strerror}); choose another output path") from None
        self._pending.append((tmp, p))
        return tmp

    def commit(self) -> list[Path]:
        """Put every temporary in place of its target; the targets, in the order asked for."""
        moved: list[tuple[Path, Path, Path | None]] = []  # (target, temporary, the old target moved aside)
        try:
            for tmp, target in self._pending:
                old = None
                if target.exists() or target.is_symlink():
                    old = target.with_name(f".{target.name}.old-{os.getpid()}")
                    _remove(old)
                    os.replace(target, old)
                moved.append((target, tmp, old))
                os.replace(tmp, target)
        except BaseException as exc:
            for target, tmp, old in reversed(moved):  # put back what was there
                if not tmp.exists() and target.exists():
                    os.replace(target, tmp)
                if old is not None:
                    os.replace(old, target)
            if isinstance(exc, OSError):
                where = moved[-1][0] if moved else self._pending[0][1]
                raise OutputError(f"{where}: writing the outputs failed ({exc.strerror or exc}); "
                                  "the previous files, if any, are unchanged") from None
            raise
        for _, _, old in moved:
            if old is not None:
                _remove(old)
        targets = [target for _, target in self._pending]
        self._pending = []
        return targets

    def discard(self) -> None:
        """Remove every temporary not yet committed."""
        for tmp, _ in self._pending:
            _remove(tmp)
        self._pending = []

    def __enter__(self) -> "OutputSet":
        return self

    def __exit__(self, *exc: object) -> bool:
        self.discard()
        return False


def _remove(path: Path) -> None:
    import shutil

    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            path.unlink()
        except FileNotFoundError:
            pass
