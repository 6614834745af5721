# The two commands of the README, plus a few conveniences.
# Only Python >= 3.11 is needed: everything else goes into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The frozen app `make package` builds (and self-checks): a .app on macOS, a folder elsewhere.
FROZEN := $(if $(filter Darwin,$(shell uname -s)),dist/Counterdraft.app/Contents/MacOS/Counterdraft,dist/Counterdraft/counterdraft)

.PHONY: run test test-core bench package icons clean

$(BIN)/counterdraft: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

run: $(BIN)/counterdraft          ## set up and open the window on the sample deal
	$(BIN)/counterdraft

test: $(BIN)/counterdraft         ## set up and run every test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

# The core tests on a venv without PySide6 (STYLE.md, habit 1): the core must not need Qt.
# The dependencies come from pyproject.toml, less PySide6; CI runs this after `make test`.
CORE_VENV := .venv-core
test-core:                        ## set up a venv without PySide6 and run the core tests in it
	$(PYTHON) -m venv $(CORE_VENV)
	$(CORE_VENV)/bin/python -m pip install --quiet $$($(PYTHON) -c "import tomllib; print(' '.join(d for d in tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies'] if not d.startswith('PySide6')))") pytest hypothesis
	$(CORE_VENV)/bin/python -m pip install --quiet --no-deps -e .
	$(CORE_VENV)/bin/python -c "import importlib.util, sys; sys.exit('PySide6 is installed in $(CORE_VENV)' if importlib.util.find_spec('PySide6') else 0)"
	$(CORE_VENV)/bin/python -m pytest -q -p no:cacheprovider tests/core

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
	rm -rf $(VENV) $(CORE_VENV) build dist *.egg-info .pytest_cache .hypothesis
