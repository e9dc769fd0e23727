"""Affiliation lines such as "Faculty of Education and Wolf College, Lake University, Lakeside, UK":
split into organisations, places and countries, with the links the order implies.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg import gazetteer

ORG_CUES = (
    "University", "Universität", "Université", "Universidad", "College", "Council", "Network", "Press", "Ministry",
    "Foundation", "Union", "Institute", "Institution", "Association", "Agency", "Department", "Faculty", "School",
    "Centre", "Center", "Trust", "Academy", "Society", "Publications", "Publishing", "Publishers", "Bank",
    "Organisation", "Organization", "Commission", "Office", "Board", "Authority", "Consortium", "Partnership",
    "Federation", "Committee", "Service", "Services", "Company", "Ltd", "Inc", "Corporation", "Laboratory", "Library",
    "Museum", "Bureau", "Directorate", "Congress", "Alliance", "Fund", "Forum", "Group", "Books", "Media", "Research",
    "Collège", "Lycée", "École", "Escola", "Escuela", "Colegio", "Liceo", "Gymnasium", "Hochschule", "Schule",
    "Universitat", "Università", "Universiteit", "Uniwersytet", "Universidade", "Ministerio", "Ministère",
)
SUB_UNIT_CUES = ("College", "Faculty", "School", "Department", "Institute", "Centre", "Center", "Laboratory", "Unit", "Division")
PARENT_CUES = ("University", "Universität", "Université", "Universidad", "Academy", "Institute", "Ministry")

_ORG_CUE_RE = re.compile(r"\b(" + "|".join(ORG_CUES) + r")\b")
#: words that name a body when a name follows them with no "of": "Stiftung Lernwerk", "Fondation Éduc",
#: "Fundación Aprender" (German, French, Spanish, Portuguese, Italian, Polish, Dutch, Russian conventions)
FRONT_CUES = ("Stiftung", "Fondation", "Fundación", "Fundação", "Fondazione", "Fundacja", "Stichting", "Verein",
              "Verband", "Bundesverband", "Asociación", "Associação", "Associazione", "Фонд", "Фонда")


def has_org_cue(name: str) -> bool:
    return bool(_ORG_CUE_RE.search(name))


def is_sub_unit(name: str) -> bool:
    return bool(re.search(r"\b(" + "|".join(SUB_UNIT_CUES) + r")\b", name)) and not re.search(r"\bUniversity\b", name)


def is_parent_org(name: str) -> bool:
    return bool(re.search(r"\b(" + "|".join(PARENT_CUES) + r")\b", name))


@dataclass
class Part:
    kind: str  # "Organisation", "Place", "Country"
    name: str
    start: int
    end: int
    code: str | None = None  # country code for countries and located places


@dataclass
class Affiliation:
    parts: list[Part]
    part_of: list[tuple[int, int]]  # (child index, parent index)
    located_in: list[tuple[int, int]]
    #: a parent named inside its unit's name ('Institute for X of the University of Y'): (unit, parent)
    embedded: list[tuple[int, int]] = field(default_factory=list)

    def organisations(self) -> list[int]:
        return [i for i, p in enumerate(self.parts) if p.kind == "Organisation"]


_EMBEDDED_PARENT = re.compile(r"\b(?:Institute|College|School|Faculty|Department|Centre|Center|Academy)\b.*?\s(?:of|at)\s+the\s+"
                              r"(?P<parent>(?:University|Universit\w+)\s+of\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})$")


def parse_affiliation(text: str, offset: int = 0) -> Affiliation | None:
    """Split an affiliation string; None when it holds no organisation."""
    parts: list[Part] = []
    inside: list[tuple[int, Part]] = []
    for m in re.finditer(r"[^,;]+", text):
        seg, s0 = m.group(0), m.start()
        # joint affiliations: "A Network and B College"
        pieces = [(seg, s0)]
        if " and " in seg and sum(1 for x in seg.split(" and ") if has_org_cue(x)) >= 2:
            pieces, pos = [], s0
            for piece in seg.split(" and "):
                pieces.append((piece, pos))
                pos += len(piece) + len(" and ")
        for piece, p0 in pieces:
            name = piece.strip()
            if not name:
                continue
            start = offset + p0 + (len(piece) - len(piece.lstrip()))
            end = start + len(name)
            country = gazetteer.country_by_name(name)
            if country:
                parts.append(Part("Country", name, start, end, country.code))
            elif has_org_cue(name):
                parts.append(Part("Organisation", name, start, end))
                inner = _EMBEDDED_PARENT.search(name)
                if inner and is_parent_org(inner.group("parent")):
                    ps = start + inner.start("parent")
                    inside.append((len(parts) - 1, Part("Organisation", inner.group("parent"), ps, ps + len(inner.group("parent")))))
            elif re.fullmatch(r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2}(?: [A-Z]{2})?", name):
                parts.append(Part("Place", name, start, end))
            else:
                return None
    if not any(p.kind == "Organisation" for p in parts):
        return None
    part_of, located_in = [], []
    for i in range(len(parts) - 1):
        a, b = parts[i], parts[i + 1]
        if a.kind == "Organisation" and b.kind == "Organisation" and is_sub_unit(a.name) and is_parent_org(b.name):
            part_of.append((i, i + 1))
    # each organisation that is not a sub-unit of the next is located in the first place after it;
    # a place is located in the country after it
    for i, p in enumerate(parts):
        if p.kind == "Organisation" and not any(c == i for c, _ in part_of):
            nxt = next((j for j in range(i + 1, len(parts)) if parts[j].kind in ("Place", "Country")), None)
            if nxt is not None and all(parts[k].kind == "Organisation" for k in range(i + 1, nxt)) and nxt == i + 1:
                located_in.append((i, nxt))
        if p.kind == "Place" and i + 1 < len(parts) and parts[i + 1].kind == "Country":
            located_in.append((i, i + 1))
        elif p.kind == "Place" and i + 1 < len(parts) and parts[i + 1].kind == "Place" \
                and gazetteer.region_by_name(parts[i + 1].name) is not None:
            located_in.append((i, i + 1))  # 'Toronto, Ontario, Canada': the city in its province
    # parents named inside a unit's name come last, so the order-based links above never see them
    embedded = []
    for unit, parent in inside:
        parts.append(parent)
        embedded.append((unit, len(parts) - 1))
    return Affiliation(parts, part_of, located_in, embedded)
