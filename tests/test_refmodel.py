"""Specification of kg.extract.refmodel: tokens, features, the decoder of the trained CRF, the
synthetic training data, and the style-held-out evaluation.

Every name below is invented.
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from kg.extract.refmodel import LABELS, features, synth, tagger
from kg.extract.refmodel.tokens import normalise, tokenize


# --- tokens and features ----------------------------------------------------------------------

@pytest.mark.parametrize("text, tokens", [
    ("Okafor-Lind, T. (2018a).", ["Okafor-Lind", ",", "T", ".", "(", "2018a", ")", "."]),
    ("pp. 45–63.https://doi.org/10.1/x.y", ["pp", ".", "45", "–", "63", ".", "https://doi.org/10.1/x.y"]),
    ("Heads. doi:10.1080/1360.2019.15", ["Heads", ".", "doi:10.1080/1360.2019.15"]),
    ("O’Neill & d’Arcy, 3(2):", ["O’Neill", "&", "d’Arcy", ",", "3", "(", "2", ")", ":"]),
])
def test_refmodel_tokenize_keeps_words_and_links_whole(text, tokens):
    assert [t for t, _, _ in tokenize(text)] == tokens
    assert all(text[s:e] == t for t, s, e in tokenize(text))


@pytest.mark.parametrize("raw, flat", [
    ("Quiet lead-\nership  in\nschools", "Quiet leadership in schools"),
    ("Okafor-\nLind, T.", "Okafor-\nLind, T.".replace("\n", " ")),  # a capital after the break: a real hyphen
    ("  one\ttwo  ", "one two"),
])
def test_refmodel_normalise_joins_hyphenated_line_breaks(raw, flat):
    assert normalise(raw) == flat


@pytest.mark.parametrize("token, wanted", [
    ("Okafor", {"sh=Xx", "cap"}), ("OECD", {"sh=X+", "allcap"}), ("2018", {"year", "digit", "sh=d4"}),
    ("2nd", {"ordinal"}), ("Routledge", {"L:publisher_words"}), ("Journal", {"L:journal_words"}),
    ("London", {"L:place"}), ("van", {"L:particles"}), ("https://x.org/a", {"url"}), ("10.1/x", {"doi"}),
])
def test_refmodel_features_describe_shape_and_lexicons(token, wanted):
    assert wanted <= set(features.own_features(token))


def test_refmodel_features_are_memoised_per_token_string():
    assert features.own_features("Quarrington") is features.own_features("Quarrington")


# --- the decoder ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    """A small CRF trained here with crfsuite and exported as the package exports its model."""
    pycrfsuite = pytest.importorskip("pycrfsuite")
    pytest.importorskip("citeproc")
    from kg.extract.refmodel.train import export

    data = synth.dataset(120, ("apa", "ieee", "harvard-cite-them-right"), seed=7)
    trainer = pycrfsuite.Trainer(verbose=False)
    for _, tokens, labels, _ in data:
        trainer.append(features.sequence_features(tokens), labels)
    trainer.set_params({"c1": 0.05, "c2": 0.01, "max_iterations": 15, "feature.possible_transitions": True})
    folder = tmp_path_factory.mktemp("model")
    trainer.train(str(folder / "m.crfsuite"))
    export(str(folder / "m.crfsuite"), folder / "m.npz")
    return folder, data


def test_refmodel_numpy_decoder_gives_crfsuites_labels(tiny_model):
    import pycrfsuite

    folder, data = tiny_model
    ours = tagger.load(folder / "m.npz")
    theirs = pycrfsuite.Tagger()
    theirs.open(str(folder / "m.crfsuite"))
    sequences = [tokens for _, tokens, _, _ in data[:60]]
    assert ours.tag_many(sequences) == [theirs.tag(features.sequence_features(s)) for s in sequences]
    assert ours.tag(sequences[0]) == theirs.tag(features.sequence_features(sequences[0]))


@pytest.mark.parametrize("content", [None, b"not a model"])
def test_refmodel_missing_or_corrupt_model_says_run_make_model(tmp_path, content):
    path = tmp_path / "refmodel.npz"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(tagger.ModelError, match="make model"):
        tagger.load(path)


def test_refmodel_packaged_model_loads_in_well_under_a_second():
    start = time.perf_counter()
    model = tagger.load()
    assert time.perf_counter() - start < 0.5
    assert model.labels == list(LABELS)
    size = (Path(tagger.__file__).parent / "data" / tagger.MODEL_FILE).stat().st_size
    assert size < 3_000_000


def test_refmodel_labels_are_deterministic():
    tokens = [t for t, _, _ in tokenize("Quarrington, P., & Vell, A. (2011). Leading quietly. Heads, 2(1), 1-9.")]
    assert tagger.label(tokens) == tagger.label(list(tokens)) == tagger.default_tagger().tag_many([tokens])[0]


# --- synthetic training data ------------------------------------------------------------------

@pytest.fixture(scope="module")
def citeproc():
    return pytest.importorskip("citeproc")


def test_refmodel_synthetic_tokens_carry_the_field_that_printed_them(citeproc):
    item = {"type": "article-journal", "title": "Quiet heads in loud schools", "issued": 2018, "journal": "Journal of Heads",
            "volume": "7", "issue": "2", "pages": "11–19", "doi": "10.1234/jh.2018.7"}
    authors = [synth.Person("Quarrington", "Tomas Neil"), synth.Person("Meulen", "Berit", "van der")]
    text, tokens, labels = synth.labelled(item, authors, [], "apa")
    assert text.startswith("Quarrington, T. N., & van der Meulen, B. (2018). Quiet heads in loud schools.")
    got = list(zip(tokens, labels))
    assert got[:8] == [("Quarrington", "B-AF"), (",", "O"), ("T", "I-AG"), (".", "I-AG"), ("N", "I-AG"), (".", "I-AG"),
                       (",", "O"), ("&", "O")]
    assert ("van", "B-AP") in got and ("Meulen", "I-AF") in got and ("2018", "year") in got
    assert [t for t, lab in got if lab == "journal"] == ["Journal", "of", "Heads"]
    assert ("7", "volume") in got and ("2", "issue") in got and ("11", "pages") in got
    assert any(lab == "doi" and "10.1234/jh.2018.7" in t for t, lab in got)


@pytest.mark.parametrize("style", synth.TRAIN_STYLES + synth.HELD_OUT_STYLES)
def test_refmodel_every_style_renders_labelled_records(citeproc, style):
    try:
        synth._style(style)
    except synth.TrainingDataError as exc:
        pytest.skip(str(exc))
    data = synth.dataset(8, (style,), seed=3)
    assert len(data) >= 6
    for text, tokens, labels, _ in data:
        assert len(tokens) == len(labels) and set(labels) <= set(LABELS)
        assert "title" in labels and any(lab.startswith("B-") for lab in labels), text


def test_refmodel_noise_numbers_breaks_and_roughens_entries(citeproc):
    texts = [synth.dataset(1, ("apa",), seed=s)[0][0] for s in range(60)]
    assert any(t[:1] in "[•·*-" or t[:2].rstrip(".)").isdigit() for t in texts)  # numbering and bullets
    assert any(".." in t or ",," in t or " ." in t or " ," in t for t in texts)  # doubled or spaced punctuation
    assert len(set(texts)) == len(texts)


def test_refmodel_synthetic_data_is_reproducible(citeproc):
    assert synth.dataset(12, ("apa", "ieee"), seed=4) == synth.dataset(12, ("apa", "ieee"), seed=4)


def test_refmodel_training_never_sees_the_held_out_styles():
    assert not set(synth.TRAIN_STYLES) & set(synth.HELD_OUT_STYLES)
    assert len(synth.HELD_OUT_STYLES) >= 3


# --- the style-held-out evaluation ------------------------------------------------------------

@pytest.fixture(scope="module")
def held_out(citeproc):
    from kg.extract.refmodel.evaluate import held_out_cases, score_held_out

    return score_held_out(held_out_cases(200))  # the same sample as bench/bench_refparse.py


@pytest.mark.parametrize("field", ["authors", "year", "title", "container", "doi"])
def test_refmodel_held_out_styles_field_f1_is_at_least_095(held_out, field):
    score = held_out["all"][field]
    assert score.f1 >= 0.95, f"{field}: {score} " + ", ".join(f"{s} {sc[field].f1:.3f}" for s, sc in held_out.items())


def test_refmodel_build_without_the_model_stops_with_a_one_line_hint(monkeypatch, tmp_path):
    from click.testing import CliRunner

    from kg.cli import cli

    doc = tmp_path / "a.txt"
    doc.write_text("Body text.\nReferences\nQuarry, D. (2003). Twinning schools. London: Sage.\n", encoding="utf-8")
    monkeypatch.setattr(tagger, "MODEL_FILE", "no-such-model.npz")
    tagger.default_tagger.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["build", str(doc), "-o", str(tmp_path / "g.ttl"), "--no-html"])
    finally:
        tagger.default_tagger.cache_clear()
    assert result.exit_code != 0
    assert "make model" in result.output and "Traceback" not in result.output
