"""Build the one-folder app with PyInstaller and run the frozen `counterdraft --self-check`.

    python -m tests.benchmarks.eval_package [--clean]

Builds dist/Counterdraft from packaging/counterdraft.spec (build/pyinstaller is kept between
runs, so a second build only redoes what changed; --clean starts from nothing), then runs the
frozen binary's --self-check offscreen with HOME and the XDG folders in a temporary folder,
and prints a table: build time, bundle size and file count, self-check time and exit code,
and the self-check's own lines. Says so and exits 0 when PyInstaller is not installed
(`pip install -e ".[package]"`). Exits 1 when the build or the self-check fails.

tests/packaging/test_bundle.py runs the same steps as a test when COUNTERDRAFT_PACKAGE_TEST=1.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "counterdraft.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"


@dataclass(frozen=True)
class Run:
    """How a command went: its exit code, output and wall-clock seconds."""

    returncode: int
    output: str
    seconds: float


def pyinstaller_available() -> bool:
    """Return True when PyInstaller is importable by this Python."""
    return importlib.util.find_spec("PyInstaller") is not None


def frozen_executable(dist: Path = DIST) -> Path:
    """Return the path of the frozen app's command-line executable for this platform."""
    if sys.platform == "darwin":
        return dist / "Counterdraft.app" / "Contents" / "MacOS" / "Counterdraft"
    if sys.platform == "win32":
        return dist / "Counterdraft" / "counterdraft-cli.exe"
    return dist / "Counterdraft" / "counterdraft"


def build(clean: bool = False, dist: Path = DIST, work: Path = WORK) -> Run:
    """Build the bundle into `dist` with PyInstaller and return how the build went."""
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--distpath", str(dist), "--workpath", str(work), str(SPEC)]
    if clean:
        command.insert(3, "--clean")
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    return Run(done.returncode, done.stdout + done.stderr, time.perf_counter() - started)


def self_check(executable: Path, home: Path) -> Run:
    """Run `executable --self-check` offscreen with HOME and the XDG folders inside `home`."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("XDG_")}
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen", TMPDIR=str(home / "tmp"))
    (home / "tmp").mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    done = subprocess.run([str(executable), "--self-check"], cwd=home, env=env,
                          capture_output=True, text=True, timeout=300)
    return Run(done.returncode, done.stdout + done.stderr, time.perf_counter() - started)


def left_behind(home: Path) -> list[str]:
    """Return what a run left in `home` (files and folders), apart from the empty tmp/ it was given."""
    return sorted(str(p.relative_to(home)) for p in home.rglob("*") if p != home / "tmp")


def bundle_size(folder: Path) -> tuple[int, int]:
    """Return (bytes, files) of everything under `folder`, symbolic links not followed."""
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def main(argv: list[str] | None = None) -> int:
    """Build, self-check and print the table; return 1 if either failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clean", action="store_true", help="rebuild from nothing (no PyInstaller cache)")
    args = parser.parse_args(argv)
    if not pyinstaller_available():
        print("PyInstaller is not installed: pip install -e '.[package]' (skipped)")
        return 0
    built = build(clean=args.clean)
    if built.returncode != 0:
        print(built.output[-4000:])
        print(f"build failed (exit {built.returncode}) after {built.seconds:.0f} s")
        return 1
    executable = frozen_executable()
    folder = DIST / ("Counterdraft.app" if sys.platform == "darwin" else "Counterdraft")
    size, files = bundle_size(folder)
    with tempfile.TemporaryDirectory(prefix="counterdraft-home-") as tmp:
        first = self_check(executable, Path(tmp))
        second = self_check(executable, Path(tmp))
        leftovers = left_behind(Path(tmp))
    rows = [
        ("build (PyInstaller)", f"{built.seconds:.1f} s", "clean" if args.clean else "incremental cache"),
        ("bundle size", f"{size / 1e6:.1f} MB", f"{files} files in {folder.relative_to(ROOT)}"),
        ("self-check, first run", f"{first.seconds:.2f} s", f"exit {first.returncode}"),
        ("self-check, second run", f"{second.seconds:.2f} s", f"exit {second.returncode}"),
        ("paths left in HOME", str(len(leftovers)), ", ".join(leftovers[:5])),
    ]
    width = max(len(name) for name, _, _ in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>10}  {note}")
    print()
    print(first.output.rstrip())
    return 0 if first.returncode == second.returncode == 0 and not leftovers else 1


if __name__ == "__main__":
    sys.exit(main())
