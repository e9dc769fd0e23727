"""kg: a knowledge-graph builder for research on school and teacher leadership.

The pipeline, one module a step: read documents (`kg.corpus`), extract mentions, facts and
evidence (`kg.extract`), merge what names the same thing (`kg.resolve`), write RDF under the
leadership ontology (`kg.graph`); then query (`kg.query`), analyse (`kg.analysis`), draw
(`kg.viz`) and export (`kg.export`).
"""
from __future__ import annotations

__version__ = "0.1.0"
