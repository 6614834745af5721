"""The packaged app: build the one-folder bundle with PyInstaller and run its --self-check.

A build takes about a minute of both cores, so this runs only on demand:

    COUNTERDRAFT_PACKAGE_TEST=1 python -m pytest tests/packaging/test_bundle.py

`python -m tests.benchmarks.eval_package` runs the same steps and prints their timings.
"""

from __future__ import annotations

import os

import pytest

from desktop.selfcheck import CHECKS
from tests.benchmarks import eval_package

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.environ.get("COUNTERDRAFT_PACKAGE_TEST") != "1",
                       reason="builds the bundle: set COUNTERDRAFT_PACKAGE_TEST=1"),
    pytest.mark.skipif(not eval_package.pyinstaller_available(),
                       reason="PyInstaller is not installed (pip install -e '.[package]')"),
]


def test_the_frozen_app_passes_its_self_check_and_leaves_home_alone(tmp_path):
    built = eval_package.build()
    assert built.returncode == 0, built.output[-4000:]
    executable = eval_package.frozen_executable()
    assert executable.is_file()

    run = eval_package.self_check(executable, tmp_path)

    assert run.returncode == 0, run.output
    assert "(frozen bundle," in run.output
    for check in CHECKS:
        assert f"ok    {check.name}" in run.output
    assert eval_package.left_behind(tmp_path) == []


def test_the_bundle_carries_the_data_and_leaves_out_unused_qt():
    folder = eval_package.frozen_executable().parent
    internal = folder / "_internal" if (folder / "_internal").is_dir() else folder
    if not internal.is_dir():
        pytest.skip("no bundle built yet")
    assert (internal / "resources" / "playbooks" / "ai-contracts.toml").is_file()
    assert sorted(p.name for p in (internal / "db" / "migrations").glob("*.sql"))
    names = {p.name for p in internal.rglob("*")}
    for unused in ("QtNetwork.abi3.so", "QtQml.abi3.so", "QtWebEngineCore.abi3.so", "libqgtk3.so"):
        assert unused not in names
