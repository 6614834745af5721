"""Where the shipped files live, from a checkout, an installed wheel or a PyInstaller bundle.

Two folders ship with the app: `resources/` (samples, playbook, stylesheet) and
`db/migrations/` (the numbered SQL migrations). Each is found in the same three places:

- a PyInstaller bundle unpacks them under `sys._MEIPASS` with the checkout's layout
  (`resources/`, `db/migrations/`; see packaging/counterdraft.spec);
- `pip install .` ships them inside the package as `desktop/_resources` and
  `desktop/_migrations` (see pyproject.toml);
- a source checkout or an editable install keeps them beside the `desktop` package.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def is_frozen() -> bool:
    """Return True when running from a PyInstaller bundle rather than from Python sources."""
    return getattr(sys, "_MEIPASS", None) is not None


def _shipped(checkout_parts: tuple[str, ...], packaged: str) -> Path:
    """Return the folder shipped as `checkout_parts` in a bundle or checkout, or `packaged` in a wheel."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle).joinpath(*checkout_parts)
    # The package's own copy first: a stray resources/ folder in site-packages is not ours.
    inside = _PACKAGE / packaged
    return inside if inside.is_dir() else _PACKAGE.parent.joinpath(*checkout_parts)


def resource_path(*parts: str) -> Path:
    """Return the path of a file or folder under resources/."""
    return _shipped(("resources",), "_resources").joinpath(*parts)


def migrations_path() -> Path:
    """Return the folder of numbered .sql migrations (db/migrations in the source tree)."""
    return _shipped(("db", "migrations"), "_migrations")
