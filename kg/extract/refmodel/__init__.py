"""A trained token labeller for reference strings: tokens, features, the CRF decoder, and (for
training only) synthetic records rendered through CSL styles.

Runtime: `tokens.tokenize` cuts a reference into tokens, `features` describes each token, and
`tagger.label` gives every token one of `LABELS` with the linear-chain CRF trained by
`make model` (`kg.extract.refmodel.train`, data from `kg.extract.refmodel.synth`).
`kg.extract.refparse` turns the labels into a `Reference`.
"""
from __future__ import annotations

#: person parts: author/editor (A/E) x family/given/particle (F/G/P); B- starts a person, I- continues it
PERSON_LABELS = tuple(f"{bi}-{role}{part}" for role in "AE" for part in "FGP" for bi in "BI")
FIELD_LABELS = (
    "year", "title", "journal", "booktitle", "event", "volume", "issue", "pages", "edition", "publisher",
    "place", "institution", "doi", "url", "accessed", "series", "number", "genre", "note",
)
#: every label the tagger gives; "O" is punctuation and other words ("pp.", "In", "(Eds.)", "and")
LABELS = ("O", *PERSON_LABELS, *FIELD_LABELS)
