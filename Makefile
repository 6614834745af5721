# The two commands of the README, plus a few conveniences.
# Only Python >= 3.11 is needed: everything else goes into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test bench clean

$(BIN)/counterdraft: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

run: $(BIN)/counterdraft          ## set up and open the window on the sample deal
	$(BIN)/counterdraft

test: $(BIN)/counterdraft         ## set up and run every test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: $(BIN)/counterdraft        ## the benchmark and evaluation scripts (read ../shared/corpus)
	$(BIN)/python -m tests.benchmarks

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
