"""The house rules hold, and each check fails when its rule is broken.

`lint-imports` checks the layers and the import contracts in pyproject.toml, `ruff` a small
rule set, and `mypy` the layers below the window. Each is run on the real tree, and once on a
copy with one rule broken, so a check that cannot fail is caught too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TYPED = ["desktop/core", "desktop/store", "desktop/display", "desktop/export"]


def _tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        pytest.fail(f"{name} is not installed: install the test extra, pip install -e '.[test]'")
    return str(path)


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    # The copy's folder first on the path, so a check on a copy reads the copy's package.
    env = dict(os.environ, PYTHONPATH=str(cwd))
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """Return a copy of the package and its configuration, to break a rule in."""
    shutil.copytree(ROOT / "desktop", tmp_path / "desktop", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


def test_the_import_contracts_hold():
    result = _run([_tool("lint-imports")], ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(("module", "line", "contract"), [
    ("core/model.py", "import desktop.qt", "Nothing below the window reaches Qt"),
    ("core/diff.py", "import desktop.store", "Layers"),
    ("export/issues_list.py", "import desktop.ui.look", "Layers"),
    ("display/words.py", "import sqlite3", "Only desktop.store touches SQLite"),
    ("ui/look.py", "import PySide6.QtCore", "Only desktop.qt imports PySide6"),
    ("store/rows.py", "from desktop.core.alignment.state import Alignment", "used through its __init__"),
    ("ui/tour.py", "from desktop.ui.main_window import MainWindow", "Only the app and the self-check open the main window"),
])
def test_each_import_contract_fails_when_broken(copy, module, line, contract):
    _append(copy / "desktop" / module, line)
    result = _run([_tool("lint-imports")], copy)
    assert result.returncode != 0
    broken = result.stdout.split("Broken contracts")[-1]
    assert contract in broken, result.stdout


def test_ruff_passes():
    result = _run([_tool("ruff"), "check", "--no-cache", "."], ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_fails_on_an_unused_import(copy):
    _append(copy / "desktop" / "core" / "diff.py", "import json")
    result = _run([_tool("ruff"), "check", "--no-cache", "desktop"], copy)
    assert result.returncode != 0 and "F401" in result.stdout


def test_mypy_passes_below_the_window(tmp_path):
    result = _run([_tool("mypy"), "--cache-dir", str(tmp_path / "cache"), *TYPED], ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_fails_on_a_type_error(copy):
    _append(copy / "desktop" / "display" / "words.py", "NOT_A_NUMBER: int = long_date('2024-01-01')")
    result = _run([_tool("mypy"), "--cache-dir", str(copy / "cache"), *TYPED], copy)
    assert result.returncode != 0 and "words.py" in result.stdout, result.stdout


def test_the_readme_draws_the_layers_the_contract_checks():
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    layers = [layer.removeprefix("desktop.") for layer in contract["layers"]]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    picture = readme.split("The layers, each importing only those below it")[1].split("```")[1]
    drawn = [line.split()[0] for line in picture.splitlines() if line.startswith("  ") and line[2] != " "]
    assert drawn == layers
