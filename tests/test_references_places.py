"""Places of publication in references: several cities, two-letter country codes and US states."""
from __future__ import annotations

import pytest

from kg.corpus import normalise
from kg.extract.references import extract
from kg.model import Document


def _located(text: str) -> set[tuple[str, str]]:
    doc = Document("refs.txt", "refs.txt", normalise(text), "0" * 64, "text/plain")
    ex = extract(doc)
    return {(ex.index[f.subject].label, ex.index[f.object].label) for f in ex.facts if f.predicate == "lkg:locatedIn"}


@pytest.mark.parametrize("place, expected", [
    ("Dordrecht, NL", {("Dordrecht", "Netherlands")}),
    ("Thousand Oaks, CA", {("Lakeside Press", "Thousand Oaks")}),
    ("Heidelberg, London, New York", {("Lakeside Press", "Heidelberg"), ("Lakeside Press", "London"),
                                      ("Lakeside Press", "New York")}),
])
def test_references_places_of_publication_each_with_its_country(place, expected):
    text = ("References\n\nQuist, M. (2011). Leading schools. " + place + ": Lakeside Press.\n"
            "Park, L. (2012). Leading districts. " + place + ": Lakeside Press.\n")
    assert expected <= _located(text)
