"""Screenshot of the position matrix for the docs: `python -m tests.ui.screenshot_matrix [OUT.png]`.

Builds the matrix of the three SaaS terms in tests/data/md/pairs/saas-cloud-terms (Common
Paper CSA, Bonterms Cloud Terms, GitHub Corporate Terms) for a customer, shows it offscreen in
the app's look, and saves it (default docs/screenshot-position-matrix.png).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.core.matrix import build_matrix  # noqa: E402
from desktop.core.pipeline import load_draft  # noqa: E402
from desktop.core.topics import default_playbook  # noqa: E402
from desktop.qt import QApplication  # noqa: E402
from desktop.ui.matrix_view import MatrixView  # noqa: E402
from desktop.ui.theme import apply_look  # noqa: E402

DEFAULT_OUT = Path("docs/screenshot-position-matrix.png")
SAAS = Path(__file__).resolve().parents[1] / "data" / "md" / "pairs" / "saas-cloud-terms"
DRAFTS = (("Common Paper CSA v2", "commonpaper-csa-v2.md"),
          ("Bonterms Cloud Terms 1.0", "bonterms-cloud-terms-v1.0.md"),
          ("GitHub Corporate Terms", "github-corporate-tos-2026-03-17.md"))


def main(argv: list[str]) -> int:
    """Save the screenshot and return 0."""
    out = Path(argv[0]) if argv else DEFAULT_OUT
    app = QApplication.instance() or QApplication([])
    apply_look(app)
    matrix = build_matrix([(name, load_draft(SAAS / file).clauses) for name, file in DRAFTS],
                          default_playbook(), "customer")
    view = MatrixView(matrix)
    view.resize(1240, 860)
    view.show()
    app.processEvents()
    view.fit_rows()
    app.processEvents()
    view.grab().save(str(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
