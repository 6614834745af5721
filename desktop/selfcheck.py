"""`counterdraft --self-check`: prove that a build of the app works, without a screen or the user's data.

A frozen bundle can start and still miss a module, a Qt plugin or a shipped file; this runs
each part once, in order: the shipped resources and migrations load, a .docx reads, a new
database opens, the sample deal is created, two of its rounds compare, and the main window
is built offscreen (never shown). It prints one line per check and returns 0, or 1 naming
the first check that failed (with its traceback, which is what a broken build needs).

Everything happens in a temporary folder that is deleted afterwards: the database, the
window's settings, and (on Linux) the XDG folders, so a stray default path cannot reach the
user's data. Nothing here uses the network.
"""

from __future__ import annotations

import io
import os
import platform
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from desktop import __version__
from desktop.resources import is_frozen, resource_path

if TYPE_CHECKING:
    from desktop.store import Store

EXIT_OK, EXIT_FAILED = 0, 1


class CheckFailed(Exception):
    """A check ran but found the app in a state a working build cannot be in."""


@dataclass
class Context:
    """What the checks share: the scratch folder and what earlier checks made."""

    folder: Path
    store: Store | None = None
    deal_id: int | None = None


@dataclass(frozen=True)
class Check:
    """One named step; `run` returns a short description of what it saw, or raises."""

    name: str
    run: Callable[[Context], str]


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def check_resources(ctx: Context) -> str:
    """The playbook (with its cues and model), the stylesheet and the sample drafts are shipped."""
    from desktop.core.playbook import default_playbook_path, load_playbook

    path = default_playbook_path()
    playbook = load_playbook(path)
    _require(len(playbook.positions) > 0, f"the playbook {path} has no positions")
    model = path.with_suffix(".model.json")
    _require(model.is_file(), f"the positions model {model} is missing")
    sheet = resource_path("style.qss")
    _require(sheet.is_file() and sheet.stat().st_size > 0, f"the stylesheet {sheet} is missing")
    from desktop.samples import sample_rounds

    samples = [path for path, _, _ in sample_rounds()]
    missing = [str(path) for path in samples if not path.is_file()]
    _require(not missing, f"sample drafts missing: {', '.join(missing)}")
    return (f"playbook “{playbook.name}” ({len(playbook.positions)} positions), stylesheet, "
            f"{len(samples)} sample drafts")


def check_migrations(ctx: Context) -> str:
    """The numbered SQL migrations are found and parse."""
    from desktop.store.schema import find_migrations_dir, load_migrations

    folder = find_migrations_dir()
    migrations = load_migrations(folder)
    return f"{len(migrations)} migrations, latest {migrations[-1][0]} (in {folder})"


def check_reader(ctx: Context) -> str:
    """A .docx reads and splits into clauses."""
    from desktop.core.pipeline import load_draft
    from desktop.samples import sample_rounds

    path = sample_rounds()[0][0]
    draft = load_draft(path)
    _require(len(draft.clauses) >= 10, f"{path.name} split into only {len(draft.clauses)} clauses")
    return f"{path.name}: {len(draft.clauses)} clauses"


def check_database(ctx: Context) -> str:
    """A new database opens in the scratch folder, migrated to the app's schema."""
    from desktop.store import Store

    path = ctx.folder / "counterdraft.db"
    ctx.store = Store(path)
    _require(path.is_file(), f"no database file was created at {path}")
    _require(ctx.store.deals() == [], "a new database already holds deals")
    return f"created {path.name} in a temporary folder"


def check_sample_deal(ctx: Context) -> str:
    """The sample deal is created with its four rounds, as on a first start."""
    from desktop.samples import SAMPLE_DEAL, create_sample_deal

    _require(ctx.store is not None, "no database is open")
    ctx.deal_id = create_sample_deal(ctx.store)
    rounds = ctx.store.rounds(ctx.deal_id)
    _require(len(rounds) == 4, f"the sample deal has {len(rounds)} rounds, not 4")
    return f"“{SAMPLE_DEAL['name']}”: {len(rounds)} rounds, {sum(r.clause_count for r in rounds)} clauses"


def check_compare(ctx: Context) -> str:
    """Rounds 2 and 3 of the sample deal (two versions of the agreement) compare with changes found."""
    from desktop.core.pipeline import compare_named

    _require(ctx.store is not None and ctx.deal_id is not None, "the sample deal was not created")
    _, second, third, _ = ctx.store.rounds(ctx.deal_id)
    comparison = compare_named(second.file_name, ctx.store.clauses(second.id),
                               third.file_name, ctx.store.clauses(third.id))
    counts = comparison.counts()
    changed = counts["substantive"] + counts["cosmetic"]
    _require(changed > 0, "rounds 2 and 3 differ, but the compare found no change")
    return (f"round 2 → 3: {len(comparison.pairs)} pairs, {counts['substantive']} substantive, "
            f"{counts['cosmetic']} cosmetic changes")


def check_window(ctx: Context) -> str:
    """The main window is built offscreen over the database, with the sample deal selected."""
    from desktop.qt import QApplication, QSettings
    from desktop.ui.main_window import MainWindow
    from desktop.ui.theme import apply_look

    _require(ctx.store is not None and ctx.deal_id is not None, "the sample deal was not created")
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "counterdraft"])
    apply_look(app)
    settings = QSettings(str(ctx.folder / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(ctx.store, settings=settings)
    try:
        window.refresh_deals(select_deal=ctx.deal_id)  # selects the deal before it returns
        deal = window.current_deal
        _require(deal is not None and deal.id == ctx.deal_id, "the window did not select the sample deal")
        return f"main window built on the {app.platformName()} platform, sample deal selected"
    finally:
        window.tasks.shut_down()
        window.close()


CHECKS: tuple[Check, ...] = (
    Check("resources", check_resources),
    Check("migrations", check_migrations),
    Check("reader", check_reader),
    Check("database", check_database),
    Check("sample deal", check_sample_deal),
    Check("compare", check_compare),
    Check("window", check_window),
)


def run_checks(checks: Sequence[Check], ctx: Context, out: TextIO) -> int:
    """Run `checks` in order, one line each; return 0, or 1 after the first failure (named)."""
    width = max(len(check.name) for check in checks)
    for check in checks:
        started = time.perf_counter()
        try:
            seen = check.run(ctx)
        except Exception as error:  # noqa: BLE001 - any failure is the answer the user asked for
            out.write(f"FAIL  {check.name:<{width}}  {type(error).__name__}: {error}\n")
            if not isinstance(error, CheckFailed):
                out.write("".join(traceback.format_exception(error)))
            out.write(f"self-check failed: {check.name}\n")
            return EXIT_FAILED
        out.write(f"ok    {check.name:<{width}}  {seen}  ({time.perf_counter() - started:.2f} s)\n")
    out.write(f"self-check passed: {len(checks)} checks\n")
    return EXIT_OK


@contextmanager
def _scratch_environment(folder: Path) -> Iterator[None]:
    """Point Qt at the offscreen platform and the XDG folders into `folder`, restoring them after."""
    names = {"QT_QPA_PLATFORM": "offscreen"}
    for xdg in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        names[xdg] = str(folder / xdg.lower())
    saved = {name: os.environ.get(name) for name in names}
    os.environ.update(names)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run(out: TextIO | None = None) -> int:
    """Run every check in a temporary folder and return the process exit code."""
    # A windowed Windows bundle has no stdout; the exit code still tells the result.
    stream = out if out is not None else (sys.stdout if sys.stdout is not None else io.StringIO())
    kind = "frozen bundle" if is_frozen() else "from source"
    stream.write(f"Counterdraft {__version__} self-check ({kind}, Python {platform.python_version()}, "
                 f"{platform.system()} {platform.machine()})\n")
    with tempfile.TemporaryDirectory(prefix="counterdraft-selfcheck-") as tmp, _scratch_environment(Path(tmp)):
        ctx = Context(Path(tmp))
        try:
            return run_checks(CHECKS, ctx, stream)
        finally:
            if ctx.store is not None:
                ctx.store.close()
            stream.flush()
