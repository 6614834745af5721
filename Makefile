# The two commands of the README, plus a few conveniences.
# Only Python >= 3.11 is needed: everything else goes into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The frozen app `make package` builds (and self-checks): a .app on macOS, a folder elsewhere.
FROZEN := $(if $(filter Darwin,$(shell uname -s)),dist/Counterdraft.app/Contents/MacOS/Counterdraft,dist/Counterdraft/counterdraft)

.PHONY: run test bench package icons clean

$(BIN)/counterdraft: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

run: $(BIN)/counterdraft          ## set up and open the window on the sample deal
	$(BIN)/counterdraft

test: $(BIN)/counterdraft         ## set up and run every test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: $(BIN)/counterdraft        ## issue 8's speed suite: table, build/bench/results.json, docs/bench-scale.png
	$(BIN)/python -m pip install --quiet -e ".[bench]" || echo "the bench extra (Docxodus, redlines, matplotlib) did not install: the suite runs without them"
	$(BIN)/python -m tests.benchmarks

$(BIN)/pyinstaller: pyproject.toml $(BIN)/counterdraft
	$(BIN)/python -m pip install --quiet -e ".[test,package]"
	touch $@

package: $(BIN)/pyinstaller       ## build the one-folder app in dist/Counterdraft (a .app on macOS)
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
		packaging/counterdraft.spec
	QT_QPA_PLATFORM=offscreen $(FROZEN) --self-check

icons: $(BIN)/counterdraft        ## re-render the PNG/ICO/ICNS icons after editing packaging/icons/counterdraft.svg
	QT_QPA_PLATFORM=offscreen $(BIN)/python packaging/render_icons.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis
