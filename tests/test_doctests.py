"""The runnable examples in the library's docstrings stay true."""
from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["kg.text", "kg.names", "kg.corpus", "kg.extract", "kg.extract.refparse", "kg.metadata", "kg.extract.metadata",
           "kg.extract.reflist", "kg.extract.bylines", "kg.extract.fields", "kg.data", "kg.extract.refmodel.tokens",
           "kg.extract.refmodel.features"]


@pytest.mark.parametrize("name", MODULES)
def test_doctests_pass(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0
