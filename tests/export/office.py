"""Read Word files back as LibreOffice lays them out, after its own Accept All or Reject All.

`office_read(paths, "accept")` starts one headless soffice (a private profile in a temp
folder), has tests/export/office_probe.py — run by a Python that can `import uno` — load each
file hidden, dispatch ".uno:AcceptAllTrackedChanges" (or Reject, or nothing for "as_is") and
write each file's stories as JSON lines to a temp file (not stdout: soffice's chatter cannot
mix in). soffice is killed at the end, on a timeout, and after a crash; the rest, the file it
died on included once more, are then read by a fresh soffice. It reads copies of the files,
without their comments' anchors (see _copy_without_comments).

This is an independent reader of the redline: it trusts LibreOffice's layout (list labels,
headers, footers, notes, text boxes), not our own OOXML reading.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
import zipfile
from dataclasses import dataclass, fields
from pathlib import Path

PROBE = Path(__file__).with_name("office_probe.py")
MODES = ("accept", "reject", "as_is")
COMMENT_ANCHOR = re.compile(rb"<w:comment(?:RangeStart|RangeEnd|Reference)\b[^>]*/>")
PYTHONS = ("/usr/bin/python3", "python3", "/usr/local/bin/python3", "python3.11", "python3.12")


@dataclass(frozen=True)
class Stories:
    """One file's text as LibreOffice lays it out, story by story (whitespace runs made one space)."""

    body: tuple[str, ...] = ()  # "LABEL\tTEXT" per non-empty paragraph, table cells included
    headers: tuple[str, ...] = ()  # each distinct header text of the page styles in use
    footers: tuple[str, ...] = ()
    footnotes: tuple[str, ...] = ()  # each note's paragraphs joined by "\n"
    endnotes: tuple[str, ...] = ()
    frames: tuple[str, ...] = ()  # text boxes and frames, in the draw page's order
    redlines_left: int = 0  # tracked changes still there after Accept/Reject All
    error: str | None = None

    @classmethod
    def from_json(cls, data: dict) -> Stories:
        """Return the stories of one probe result line."""
        if "error" in data:
            return cls(error=data["error"])
        lists = {name: tuple(data.get(name, ())) for name in STORY_NAMES}
        return cls(**lists, redlines_left=int(data.get("redlines_left", 0)))

    def differing(self, other: Stories) -> list[str]:
        """Return the names of the stories that differ from `other`'s."""
        return [name for name in STORY_NAMES if getattr(self, name) != getattr(other, name)]


STORY_NAMES = tuple(f.name for f in fields(Stories) if f.name not in ("redlines_left", "error"))


def first_difference(story: str, got: tuple[str, ...], want: tuple[str, ...]) -> str:
    """Return where one story's lines first differ, shortly (`got` is the redline's side)."""
    for k, (x, y) in enumerate(zip(got, want)):
        if x != y:
            return f"{story}[{k}]: {x[:70]!r} ≠ {y[:70]!r}"
    k = min(len(got), len(want))
    extra, where = (got[k], "in redline") if len(got) > k else (want[k], "wanted")
    return f"{story}: {len(got)} ≠ {len(want)} lines, first extra {where}: {extra[:70]!r}"


def office_python() -> str | None:
    """Return a Python that can `import uno` when `soffice` is on PATH too, else None."""
    if shutil.which("soffice") is None:
        return None
    for candidate in PYTHONS:
        exe = shutil.which(candidate)
        if exe is None:
            continue
        probe = subprocess.run([exe, "-c", "import uno"], capture_output=True, timeout=30)
        if probe.returncode == 0:
            return exe
    return None


def office_read(paths: list[Path], mode: str, timeout: float = 300.0) -> dict[Path, Stories]:
    """Return each file's stories after LibreOffice's Accept All, Reject All, or as it is.

    One soffice for the whole call (another only after a crash, the file it died on tried once
    more). A file that could not be read maps to Stories(error=...). Raises RuntimeError when
    LibreOffice or a Python that can import uno is missing.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    python = office_python()
    if python is None:
        raise RuntimeError("LibreOffice (soffice) or a Python that can import uno is missing")
    results: dict[str, Stories] = {}
    deadline = time.monotonic() + timeout
    problem = f"not read within {timeout:.0f} s"
    with tempfile.TemporaryDirectory(prefix="office-read-") as folder:
        by_name = _copies(paths, Path(folder) / "files")
        remaining, crashed_once = list(by_name), set()
        while remaining and time.monotonic() < deadline:
            read, crashed, stderr = _session(python, remaining, mode, Path(folder), deadline)
            results.update(read)
            if crashed is None:
                problem = stderr or problem
                break
            # soffice sometimes dies on a file it reads the next time: a second crash is the file's.
            if crashed in crashed_once:
                results[crashed] = Stories(error="LibreOffice stopped (or timed out) twice reading this file")
            crashed_once.add(crashed)
            remaining = [p for p in remaining if p not in results]
    missing = Stories(error=problem)
    return {path: results.get(name, missing) for name, path in by_name.items()}


def _copies(paths: list[Path], folder: Path) -> dict[str, Path]:
    """Copy each file into `folder`, its comments' anchors taken out; return {copy: original}.

    LibreOffice opens for editing (Accept All edits) and leaves a .~lock file beside a file
    that crashed it, which then refuses to open: only our copies get either.
    """
    folder.mkdir()
    copies = {}
    for k, path in enumerate(dict.fromkeys(Path(p) for p in paths)):
        copy = folder / f"{k:04d}{path.suffix}"
        _copy_without_comments(path, copy)
        copies[str(copy)] = path
    return copies


def _copy_without_comments(path: Path, copy: Path) -> None:
    """Copy a .docx without its comments' anchors (comments are no story we compare).

    Debian's libreoffice-*-nogui ships no .ui files, and a comment's margin window needs one:
    soffice aborts (NoSuchElementException in CreateInterimBuilder) on any file with comments.
    """
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("word/") and info.filename.endswith(".xml") and b"<w:comment" in data:
                data = COMMENT_ANCHOR.sub(b"", data)
            target.writestr(info, data)


def _session(python: str, paths: list[str], mode: str, folder: Path,
             deadline: float) -> tuple[dict[str, Stories], str | None, str]:
    """Read `paths` with one soffice; return what was read, the file it stopped on, the probe's stderr."""
    tag = uuid.uuid4().hex[:12]
    output, job = folder / f"{tag}.jsonl", folder / f"{tag}.json"
    pipe = f"counterdraft-office-{os.getpid()}-{tag}"
    job.write_text(json.dumps({"pipe": pipe, "mode": mode, "output": str(output), "paths": paths}), encoding="utf-8")
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
         f"-env:UserInstallation={(folder / 'profile').as_uri()}", f"--accept=pipe,name={pipe};urp;"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, so soffice.bin dies with the wrapper
    )
    stderr = ""
    try:
        probe = subprocess.run([python, str(PROBE), str(job)], stdin=subprocess.DEVNULL, capture_output=True,
                               text=True, timeout=max(1.0, deadline - time.monotonic()))
        stderr = probe.stderr.strip()[-300:]
    except subprocess.TimeoutExpired:
        pass
    finally:
        _stop(office)
    return (*_results(output), stderr)


def _stop(office: subprocess.Popen) -> None:
    """Give soffice a moment to exit after the probe's terminate, then kill its process group."""
    try:
        office.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(office.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    office.wait()


def _results(output: Path) -> tuple[dict[str, Stories], str | None]:
    """Return the stories written to `output` and the path started but never finished, if any."""
    read: dict[str, Stories] = {}
    started = None
    lines = output.read_text(encoding="utf-8").splitlines() if output.exists() else []
    for line in lines:
        data = json.loads(line)
        if "start" in data:
            started = data["start"]
            continue
        read[data["path"]] = Stories.from_json(data)
        started = None
    return read, started
