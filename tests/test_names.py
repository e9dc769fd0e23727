"""kg.names: people's names split, compared and formatted."""
from __future__ import annotations

import pytest

from kg.names import compatible_given, normalise_given, split_name


@pytest.mark.parametrize(
    "printed, given, family",
    [
        ("Alma Lind", "Alma", "Lind"),
        ("Michelle S. Okafor", "Michelle S.", "Okafor"),
        ("D.H. Brandt", "D. H.", "Brandt"),
        ("Brandt, D.H.", "D. H.", "Brandt"),
        ("Ludwig van der Berg", "Ludwig", "van der Berg"),
        ("Prof. Jana Nováková", "Jana", "Nováková"),
    ],
)
def test_names_split(printed, given, family):
    assert split_name(printed) == (given, family)


@pytest.mark.parametrize("raw, expected", [("D.H.", "D. H."), ("A", "A."), ("Alma", "Alma"), ("JK", "J. K."),
                                           ("J.-P.", "J.-P."), ("Jean-Paul", "Jean-Paul")])
def test_names_normalise_given(raw, expected):
    assert normalise_given(raw) == expected


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("M.", "Michelle S.", True),
        ("Michelle", "Michelle S.", True),
        ("", "Alma", True),
        ("A.", "D.", False),
        ("Michelle", "Mark", False),
        ("M. S.", "M. T.", False),
        ("D. H.", "D.", True),
        ("H.-M.", "Hanna-Maija", True),
    ],
)
def test_names_compatible_given(a, b, same):
    assert compatible_given(a, b) is same
    assert compatible_given(b, a) is same


@pytest.mark.parametrize("token, ok", [("Łukasz", True), ("Müller-Schmidt", True), ("O'Neill", True), ("McAllister", True),
                                       ("D.", True), ("D.H.", True), ("PhD", False), ("UK", False), ("the", False)])
def test_names_name_tokens_in_any_script(token, ok):
    from kg.names import is_name_token

    assert is_name_token(token) is ok
