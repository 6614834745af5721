"""The core stays pure: no Qt, no SQLite, no network, proven by AST and by running it blocked."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "desktop" / "core"
FORBIDDEN_IN_CORE = {"PySide6", "shiboken6", "sqlite3", "sqlite_utils"}
NETWORK = {"socket", "urllib.request", "http.client", "requests", "httpx", "aiohttp", "ftplib", "smtplib"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_core_imports_neither_qt_nor_sqlite():
    offenders = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in CORE.rglob("*.py")
        for name in _imports(path)
        if name.split(".")[0] in FORBIDDEN_IN_CORE
    }
    assert not offenders


def test_no_module_of_the_app_opens_a_network_connection():
    offenders = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / "desktop").rglob("*.py")
        for name in _imports(path)
        if name in NETWORK or name.split(".")[0] in {"requests", "httpx", "aiohttp", "socket"}
    }
    assert not offenders


_BLOCKED_RUN = r"""
import importlib, importlib.abc, pkgutil, sys

class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"PySide6", "shiboken6", "sqlite3", "_sqlite3", "sqlite_utils", "socket", "_socket"}:
            raise ImportError(f"{name} is blocked for the core")
        return None

sys.meta_path.insert(0, Block())
import desktop.core
for info in pkgutil.walk_packages(desktop.core.__path__, "desktop.core."):
    importlib.import_module(info.name)
from desktop.core.pipeline import compare_drafts, load_draft
a = load_draft(sys.argv[1]); b = load_draft(sys.argv[2])
print(len(compare_drafts(a, b).pairs))
"""


def test_the_core_pipeline_runs_with_qt_and_sqlite_blocked():
    data = ROOT / "tests" / "data" / "md"
    a, b = sorted(data.glob("commonpaper-csa-*.md"))[:2]
    result = subprocess.run(
        [sys.executable, "-c", _BLOCKED_RUN, str(a), str(b)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) > 10
