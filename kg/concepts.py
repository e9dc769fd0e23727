"""The SKOS concept scheme of leadership and education concepts (kg/ontology/concepts.ttl), loaded once."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ONTOLOGY_DIR = Path(__file__).parent / "ontology"
SCHEME_FILE = ONTOLOGY_DIR / "concepts.ttl"
CONCEPT_NS = "https://w3id.org/leadership-kg/id/concept/"


@dataclass
class SchemeConcept:
    id: str  # the slug after .../concept/
    label: str
    alt_labels: list[str] = field(default_factory=list)
    definition: str | None = None
    broader: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    top: bool = False


@lru_cache(maxsize=1)
def scheme() -> dict[str, SchemeConcept]:
    """Concept id -> concept, read from kg/ontology/concepts.ttl."""
    import rdflib
    from rdflib.namespace import SKOS

    g = rdflib.Graph()
    g.parse(SCHEME_FILE, format="turtle")
    out: dict[str, SchemeConcept] = {}
    for c in sorted(set(g.subjects(SKOS.inScheme, None))):
        cid = str(c)[len(CONCEPT_NS):]
        pref = next(iter(g.objects(c, SKOS.prefLabel)), None)
        if pref is None:
            continue
        out[cid] = SchemeConcept(
            id=cid,
            label=str(pref),
            alt_labels=sorted(str(a) for a in g.objects(c, SKOS.altLabel)),
            definition=next((str(d) for d in g.objects(c, SKOS.definition)), None),
            broader=sorted(str(b)[len(CONCEPT_NS):] for b in g.objects(c, SKOS.broader)),
            related=sorted(str(r)[len(CONCEPT_NS):] for r in g.objects(c, SKOS.related)),
            top=(c, SKOS.topConceptOf, None) in g,
        )
    return out


@lru_cache(maxsize=1)
def by_label() -> dict[str, str]:
    """Every label and alternative label, case-folded with hyphens as spaces -> concept id."""
    from kg.text import fold

    out: dict[str, str] = {}
    for c in scheme().values():
        for label in (c.label, *c.alt_labels):
            out.setdefault(fold(label).replace("-", " "), c.id)
    return out
