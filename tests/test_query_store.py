"""How a kg store answers the named queries quickly without answering differently:

- rows put in ORDER BY order in Python (`run_query(..., sort_rows=True)`) come out in the order
  Oxigraph gives them, and when kg cannot be sure of that order Oxigraph orders them;
- the index of names (kg.views.find) finds what the queries' case-insensitive FILTERs find, and a
  named query's `# lookup:` variable is bound from it as a value, never written into the text;
- the results are the same with and without the index;
- the terms built without rdflib's checks are rdflib's terms.
"""
from __future__ import annotations

import random
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import BNode, Literal, URIRef

import kg.query as kq
from kg.errors import QueryError
from kg.query import list_named_queries, read_named_query, run_named_query, run_query
from kg.store import load_graph
from kg.triplestore import open_store
from kg.views import LOOKUP_FILE, VIEWS_DIR, document_keys, find, lower_case

MINI = Path(__file__).parent / "fixtures" / "mini.ttl"
XSD = "http://www.w3.org/2001/XMLSchema#"
LKR = "https://w3id.org/leadership-kg/id/"


@pytest.fixture(scope="module")
def mini_store(as_backend):
    return as_backend(load_graph(MINI), "store")


# ---------------------------------------------------------------------------------------- ORDER BY in Python


def _oxigraph_order(values: list[list[ox.Term | None]], order: str) -> tuple[list[tuple], list[tuple]]:
    """Rows of `values` (one list per column) as Oxigraph orders them with `order`, and unordered."""
    names = [f"c{i}" for i in range(len(values))]
    store = ox.Store()
    rows = list(zip(*values))
    for n, row in enumerate(rows):
        subject = ox.NamedNode(f"urn:row:{n}")
        for name, value in zip(names, row):
            if value is not None:
                store.add(ox.Quad(subject, ox.NamedNode(f"urn:p:{name}"), value))
    pattern = " ".join(f"OPTIONAL {{ ?row <urn:p:{name}> ?{name} }}" for name in names)
    text = f"SELECT ?row {' '.join('?' + n for n in names)} WHERE {{ ?row ?any ?thing . {pattern} }}"

    def packed(query: str) -> list[tuple]:
        return list(dict.fromkeys(tuple(kq._pack(s[v]) for v in ["row"] + names) for s in store.query(query)))

    return packed(text + f" ORDER BY {order}"), packed(text)


def _conditions(order: str) -> list[tuple[str, bool]]:
    out = []
    for part in order.split():
        descending = part.startswith("DESC(")
        out.append((part.removeprefix("DESC(").rstrip(")").lstrip("?"), descending))
    return out


def _lit(value: str, datatype: str | None = None, language: str | None = None) -> ox.Literal:
    if language:
        return ox.Literal(value, language=language)
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype)) if datatype else ox.Literal(value)


#: columns of one kind each, whose order by value kg reproduces
FAMILIES = {
    "text": lambda r: r.choice([_lit(r.choice(["b", "a", "ab", "B", "é", "z z", ""])),
                                _lit(r.choice(["b", "a", "x"]), language=r.choice(["en", "de"])),
                                _lit(r.choice(["1999", "2024", "0800"]), "gYear"),
                                _lit(r.choice(["true", "false"]), "boolean")]),
    "number": lambda r: r.choice([_lit(str(r.randint(-30, 30)), "integer"),
                                  _lit(f"{r.randint(-30, 30)}.{r.randint(1, 99)}", "decimal")]),
    "double": lambda r: _lit(r.choice(["1.5E0", "-2E1", "INF", "-INF", "3E-2", "0E0"]), "double"),
    "year": lambda r: _lit(r.choice(["-0044", "12345", "2001", "0001", "9999"]), "gYear"),
    "nodes": lambda r: r.choice([ox.NamedNode(f"urn:x:{r.randint(0, 20)}"), ox.NamedNode("http://b/"),
                                 ox.BlankNode(f"b{r.randint(0, 5)}")]),
}


@pytest.mark.parametrize("seed", range(40))
def test_query_store_python_order_is_oxigraph_order(seed):
    r = random.Random(seed)
    width = r.randint(1, 3)
    values = []
    for _ in range(width):
        family = FAMILIES[r.choice(sorted(FAMILIES))]
        values.append([None if r.random() < 0.15 else (family(r) if r.random() < 0.8 else FAMILIES["nodes"](r))
                       for _ in range(r.randint(0, 40))])
    size = min(len(v) for v in values)
    values = [v[:size] for v in values]
    columns = [f"c{i}" for i in range(width)]
    order = " ".join(f"DESC(?{c})" if r.random() < 0.3 else f"?{c}" for c in columns) + " ?row"
    expected, unordered = _oxigraph_order(values, order)
    names = ("row", *columns)
    r.shuffle(unordered)
    assert kq._sort_packed(unordered, names, _conditions(order)) == expected


@pytest.mark.parametrize("column", [
    [_lit("10", "integer"), _lit("9", "integer"), _lit("95")],  # numbers and strings: Oxigraph mixes two orders
    [_lit("2024-01-02", "date"), _lit("2023-05-06", "date")],  # a type kg does not model
    [_lit("NaN", "double"), _lit("1E0", "double")],
    [_lit("123456789012345678901234", "integer"), _lit("1", "integer")],  # past Oxigraph's i64
])
def test_query_store_python_order_declines_what_it_cannot_reproduce(column):
    _, unordered = _oxigraph_order([column], "?c0 ?row")
    assert kq._sort_packed(unordered, ("row", "c0"), [("c0", False), ("row", False)]) is None


def test_query_store_python_order_declines_ties_between_different_rows():
    rows = [((0, "urn:a"), (2, "1", XSD + "integer")), ((0, "urn:a"), (2, "1.0", XSD + "decimal"))]
    assert kq._sort_packed(rows, ("a", "b"), [("a", False), ("b", False)]) is None
    assert kq._sort_packed(rows[:1] * 2, ("a", "b"), [("a", False), ("b", False)]) == rows[:1] * 2


@pytest.mark.parametrize("text, takes", [
    ("SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o DESC(?s)", [("o", False), ("s", True)]),
    ("SELECT DISTINCT ?s WHERE { ?s ?p ?o } ORDER BY ?s", [("s", False)]),
    ("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 3", None),  # cut off: the order decides which rows
    ("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?o", None),  # not projected
    ("SELECT ?s WHERE { ?s ?p ?o } ORDER BY STR(?s)", None),  # an expression
    ("SELECT REDUCED ?s WHERE { ?s ?p ?o } ORDER BY ?s", None),
    ("SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 1 } }", None),  # no top-level ORDER BY
    ("ASK { ?s ?p ?o }", None),
])
def test_query_store_python_order_takes_a_final_order_of_projected_variables(text, takes):
    found = kq._python_order(text, kq._prepare_query(text, "t"))
    assert (found and found[1]) == takes
    if found:
        assert "ORDER" not in found[0].upper() and found[0].strip().endswith("}")


def test_query_store_sort_rows_gives_the_rows_oxigraph_gives(mini_store):
    queries = ["SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?o ?p DESC(?s)",
               "SELECT ?s ?o WHERE { ?s lkg:charCount|rdfs:label ?o } ORDER BY ?o ?s",  # numbers and text: Oxigraph's order
               "SELECT ?s WHERE { ?s a lkg:Person } ORDER BY DESC(?s)"]
    for text in queries:
        assert run_query(mini_store, text, sort_rows=True) == run_query(mini_store, text)


# ---------------------------------------------------------------------------------------- the index of names


def test_query_store_find_names_ignores_case_like_the_queries(mini_store):
    assert find(mini_store, "name", "ADA LOVELACE") == [Literal("Ada Lovelace")]
    assert find(mini_store, "name", "lovelace") == [Literal("Lovelace")]  # skos:altLabel
    assert find(mini_store, "name", "leading schools in utopia") == [Literal("Leading Schools in Utopia")]
    assert find(mini_store, "name", "no such thing") == []
    assert lower_case("ÀDA İ ΣΑΣ") == "àda i̇ σας"  # Oxigraph's LCASE, final sigma and all


def test_query_store_find_documents_by_what_concepts_of_document_accepts(mini_store):
    doc_a = URIRef(LKR + "document/doc-a")
    for value in ["doc-a.txt", "DOC-A", "corpus/doc-a.txt", "Corpus/Doc-A.txt", "doc-a", "document/doc-a"]:
        assert find(mini_store, "document", value) == [doc_a], value
    assert find(mini_store, "document", "txt") == []
    assert find(mini_store, "document", "corpus") == []


def test_query_store_document_keys_spell_out_the_filter():
    keys = document_keys("https://x.org/id/document/d-1", "d-1.tar.gz", "in/sub/d-1.tar.gz")
    assert keys >= {"d-1.tar.gz", "d-1", "d-1.tar", "document/d-1", "id/document/d-1", "in/sub/d-1.tar.gz",
                    "sub/d-1.tar.gz"}
    assert "tar.gz" not in keys and "gz" not in keys and "d" not in keys
    assert document_keys(None, None, None) == set()


def test_query_store_every_lookup_line_names_a_parameter_and_a_variable_of_its_query():
    looked_up = [q for q in list_named_queries() if q.lookups]
    assert {q.name for q in looked_up} >= {"cited-by", "cites", "coauthors", "person-publications", "authors-of",
                                           "evidence-for", "concepts-of-document"}
    for named in looked_up:
        prepared = kq._prepare_query(named.text, named.name)
        for lookup in named.lookups:
            assert lookup.param in {p.name for p in named.params}
            assert lookup.variable in prepared.variables, (named.name, lookup.variable)


@pytest.mark.parametrize("header", ["# lookup: person -> ?match (nickname)", "# lookup: nobody -> ?match (name)",
                                    "# lookup: person ?match"])
def test_query_store_a_bad_lookup_line_is_refused(tmp_path, header):
    path = tmp_path / "q.rq"
    path.write_text(f"# title: T\n# param: person = a name\n{header}\nSELECT ?x WHERE {{ ?x ?p ?person_name }}\n")
    with pytest.raises(QueryError, match="lookup"):
        read_named_query(path)


def _captured_bindings(monkeypatch, graph, name, params):
    seen = {}
    real = kq.run_query

    def spy(graph_, text, **kwargs):
        seen.update(kwargs)
        seen["text"] = text
        return real(graph_, text, **kwargs)

    monkeypatch.setattr(kq, "run_query", spy)
    result = run_named_query(graph, name, params)
    return seen, result


def test_query_store_a_name_found_is_bound_as_a_value_not_written_into_the_query(monkeypatch, mini_store):
    seen, result = _captured_bindings(monkeypatch, mini_store, "coauthors", {"person": "ada LOVELACE"})
    assert seen["bindings"] == {"person_name": "ada LOVELACE", "match": Literal("Ada Lovelace")}
    assert seen["text"] == kq.load_named_query("coauthors").text and seen["sort_rows"] is True
    assert len(result) > 0
    seen, _ = _captured_bindings(monkeypatch, mini_store, "concepts-of-document", {"document": "doc-a"})
    assert seen["bindings"]["document"] == URIRef(LKR + "document/doc-a")


def test_query_store_a_name_not_found_binds_the_value_itself(monkeypatch, mini_store):
    seen, result = _captured_bindings(monkeypatch, mini_store, "cited-by", {"publication": "No Such Work"})
    assert seen["bindings"]["match"] == Literal("No Such Work") and len(result) == 0


def test_query_store_two_spellings_of_a_name_bind_nothing(monkeypatch, as_backend):
    graph = load_graph(MINI)
    graph.add((URIRef(LKR + "person/ada-2"), rdflib.RDFS.label, Literal("ADA LOVELACE")))
    graph.add((URIRef(LKR + "person/ada-2"), rdflib.RDF.type, URIRef("https://w3id.org/leadership-kg/ontology#Person")))
    store = as_backend(graph, "store")
    assert len(find(store, "name", "Ada Lovelace")) == 2
    seen, result = _captured_bindings(monkeypatch, store, "person-publications", {"person": "ada lovelace"})
    assert "match" not in seen["bindings"]
    assert result == run_query(store, kq.load_named_query("person-publications").text,
                               bindings={"person_name": "ada lovelace"})


def _every_run(graph):
    """Each named query with a parameter, with every name of the fixture graph (and upper case)."""
    names = [str(o) for o in load_graph(MINI).objects() if isinstance(o, Literal)]
    names += ["doc-a", "corpus/doc-b.txt", "UT", "no such thing"]
    for named in list_named_queries():
        required = [p.name for p in named.params if not p.optional]
        for value in (names + [n.upper() for n in names[:5]]) if required else []:
            yield named.name, {required[0]: value}


def test_query_store_results_are_the_same_without_the_index_and_as_oxigraph_orders_them(mini_store, tmp_path):
    copy = tmp_path / "copy.store"
    shutil.copytree(mini_store.path, copy)
    (copy / VIEWS_DIR / LOOKUP_FILE).unlink()
    without = open_store(copy)
    assert find(without, "name", "Ada Lovelace") is None
    runs = 0
    for name, params in _every_run(mini_store):
        named = kq.load_named_query(name)
        fast = run_named_query(mini_store, name, params)
        assert fast == run_named_query(without, name, params), (name, params)
        plain = run_query(mini_store, named.text, bindings={f"{k}_name": v for k, v in params.items()})
        assert fast == plain, (name, params)  # Oxigraph's own ORDER BY, no lookup
        runs += len(fast)
    assert runs > 50


# ---------------------------------------------------------------------------------------- terms


@pytest.mark.parametrize("value", ["https://w3id.org/leadership-kg/id/person/x", "urn:a", "http://x.org/é?q=1#f"])
def test_query_store_fast_iris_are_rdflib_iris(value):
    made = kq.uri(value)
    assert type(made) is URIRef and made == URIRef(value) and hash(made) == hash(URIRef(value))
    assert made.n3() == URIRef(value).n3()


@pytest.mark.parametrize("value", ["plain", "", "with \"quotes\"\nand lines", "42", "ünïcode"])
def test_query_store_fast_plain_literals_are_rdflib_literals(value):
    made, expected = kq.plain_literal(value), Literal(value)
    assert type(made) is Literal and made == expected and hash(made) == hash(expected)
    assert (made.value, made.language, made.datatype, made.ill_typed) == (expected.value, None, None, expected.ill_typed)
    assert made.n3() == expected.n3() and made.eq(expected) and not made.eq(Literal(value, lang="en"))
    graph = rdflib.Graph()
    graph.add((BNode(), rdflib.RDFS.label, made))
    assert (None, None, expected) in graph
