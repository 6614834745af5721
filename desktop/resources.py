"""Where the shipped resources (samples, stylesheet, icons) live, from a checkout or a bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """Return the path of a file or folder under resources/."""
    # PyInstaller unpacks data next to the executable (sys._MEIPASS); a source checkout or an
    # editable install keeps resources/ beside the package; `pip install .` ships it inside
    # the package as desktop/_resources (see pyproject.toml).
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle).joinpath("resources", *parts)
    checkout = Path(__file__).resolve().parent.parent / "resources"
    root = checkout if checkout.is_dir() else Path(__file__).resolve().parent / "_resources"
    return root.joinpath(*parts)
