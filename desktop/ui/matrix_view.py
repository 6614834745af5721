"""The position matrix in the window: which vendor gives what, and how to send it to the client.

`MatrixView` shows a PositionMatrix (positions as rows, 2–5 drafts as columns; each cell the
value and the clauses it comes from; the best value for our side starred, bold and shaded)
with "Copy as table" (HTML and tab-separated text on the clipboard, so it pastes as a table
into Word, Outlook or Excel) and "Export…" (.docx, .html, .md). `PickDraftsDialog` is where
the lawyer chooses the drafts: stored rounds of any deal, or files from disk.
`open_position_matrix(window)` runs the whole thing, the reading and matching on a worker.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.matrix import (
    BEST_MARK,
    MAX_DRAFTS,
    MIN_DRAFTS,
    NO_VALUE,
    PositionMatrix,
    legend,
    matrix_html,
    matrix_tsv,
    where_text,
)
from desktop.core.model import Clause
from desktop.export.files import refuse_overwriting
from desktop.qt import (
    QAbstractItemView,
    QAbstractTableModel,
    QBrush,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMimeData,
    QModelIndex,
    QPushButton,
    QRect,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from desktop.ui.dialogs import DRAFT_FILTER
from desktop.ui.exporting import stored_drafts
from desktop.ui.look import themed

if TYPE_CHECKING:
    from desktop.ui.window_context import WindowContext

_BEST_FILL = themed("best_fill")  # recoloured in place with the theme (look.py)
_MISSING = themed("grey")


class MatrixModel(QAbstractTableModel):
    """A PositionMatrix as a read-only table model: rows are positions, columns drafts."""

    def __init__(self, matrix: PositionMatrix, parent=None) -> None:
        super().__init__(parent)
        self.matrix = matrix
        # The view's own font in bold: a bare QFont() may differ in size from the styled view,
        # and rows sized for one font would cut off the other's last line.
        self.bold_font = QFont()
        self.bold_font.setBold(True)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.matrix.keys)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.matrix.drafts)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.matrix.drafts[section]
        return self.matrix.titles[section]

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        cell = self.matrix.cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if not cell.found:
                return "not found"
            summary = cell.summary or NO_VALUE
            where = where_text(cell.numbers)
            text = f"{BEST_MARK} {summary}" if cell.better else summary
            return f"{text}\n{where}" if where else text
        if role == Qt.ItemDataRole.FontRole and cell.better:
            return self.bold_font
        if role == Qt.ItemDataRole.BackgroundRole and cell.better:
            return QBrush(_BEST_FILL)
        if role == Qt.ItemDataRole.ForegroundRole and not cell.found:
            return QBrush(_MISSING)
        if role == Qt.ItemDataRole.ToolTipRole:
            best = "Best for us among these drafts. " if cell.better else ""
            return best + (f"From {where_text(cell.numbers)}" if cell.found else "Not found in this draft.")
        return None


class MatrixView(QWidget):
    """The matrix table with its legend, Copy as table and Export… buttons."""

    def __init__(self, matrix: PositionMatrix, runner=None, parent: QWidget | None = None, *,
                 guard: Callable[[Path], None] | None = None) -> None:
        super().__init__(parent)
        self.matrix = matrix
        self.runner = runner  # a TaskRunner for Export…; None in tests that export directly
        # Raises ExportError for a file Export… must not write over: a draft of the matrix, the database.
        self.guard = guard
        self.model = MatrixModel(matrix, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.ensurePolished()
        self.model.bold_font = QFont(self.table.font())
        self.model.bold_font.setBold(True)
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # Rows are sized by fit_rows: ResizeToContents would measure bold cells in the plain font.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.fit_rows()
        self.legend = QLabel(legend(matrix))
        self.legend.setWordWrap(True)
        self.copy_button = QPushButton("Copy as table")
        self.copy_button.setToolTip("Put the matrix on the clipboard; it pastes as a table into Word, Outlook or Excel")
        self.copy_button.clicked.connect(self.copy_table)
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip("Save the matrix as Word (.docx), HTML or Markdown")
        self.export_button.clicked.connect(self.export)
        buttons = QHBoxLayout()
        buttons.addWidget(self.legend, 1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Fit the rows to their wrapped text again once the columns have their new width."""
        super().resizeEvent(event)
        self.fit_rows()

    def fit_rows(self) -> None:
        """Size each row to its wrapped text, measuring bold cells in bold (Qt measures them plain)."""
        self.table.resizeRowsToContents()
        metrics = QFontMetrics(self.model.bold_font)
        flags = int(Qt.TextFlag.TextWordWrap)
        for row, cells in enumerate(self.matrix.cells):
            needed = self.table.rowHeight(row)
            for column, cell in enumerate(cells):
                if cell.better:
                    width = self.table.columnWidth(column) - 10
                    text = self.model.data(self.model.index(row, column))
                    measured = metrics.boundingRect(QRect(0, 0, width, 10000), flags, text).height()
                    needed = max(needed, measured + 10)
            self.table.setRowHeight(row, needed)

    def copy_table(self) -> None:
        """Put the matrix on the clipboard as HTML (a real table) and tab-separated text."""
        mime = QMimeData()
        mime.setHtml(matrix_html(self.matrix))
        mime.setText(matrix_tsv(self.matrix))
        QGuiApplication.clipboard().setMimeData(mime)

    def export(self) -> None:
        """Ask where to save, then write the file on a worker."""
        path, _ = QFileDialog.getSaveFileName(self, "Export position matrix", "position-matrix.docx",
                                              "Word document (*.docx);;Web page (*.html);;Markdown (*.md)")
        if path:
            self.export_to(Path(path))

    def export_to(self, out: Path) -> None:
        """Write the matrix to `out` (.docx, .html or .md) through the task runner when there is one."""
        from desktop.export.matrix import export_matrix

        matrix, guard = self.matrix, self.guard

        def work(progress, cancel) -> Path:
            if guard is not None:
                guard(out)  # a refusal is the runner's warning, like any other failure to write
            return export_matrix(matrix, out)

        if self.runner is None:
            work(None, None)
            return
        self.runner.run("Exporting the position matrix…", work, on_success=lambda written: None,
                        failure_title="Export position matrix")


class PickDraftsDialog(QDialog):
    """Choose 2–5 drafts for the matrix: stored rounds of any deal, or files from disk."""

    def __init__(self, rounds: Sequence[tuple[str, int]], our_side: str = "customer",
                 parent: QWidget | None = None) -> None:
        """`rounds` lists (label, draft id) of every stored round, newest deal first."""
        super().__init__(parent)
        self.setWindowTitle("Position matrix")
        self.list = QListWidget()
        for label, draft_id in rounds:
            self._add(label, ("round", draft_id), checked=False)
        add_files = QPushButton("Add files…")
        add_files.clicked.connect(self._pick_files)
        self.side = QComboBox()
        self.side.setAccessibleName("We are the")
        self.side.addItems(["customer", "vendor"])
        self.side.setCurrentText("vendor" if our_side == "vendor" else "customer")
        self.note = QLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Build matrix")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.itemChanged.connect(lambda item: self._update())
        self.list.setAccessibleName("Drafts to set side by side")
        row = QHBoxLayout()
        row.addWidget(add_files)
        row.addStretch(1)
        row.addWidget(QLabel("We are the"))
        row.addWidget(self.side)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Tick {MIN_DRAFTS} to {MAX_DRAFTS} drafts to set side by side:"))
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.resize(560, 420)
        self._update()

    def _add(self, label: str, source: tuple[str, object], checked: bool) -> None:
        item = QListWidgetItem(label)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        item.setData(Qt.ItemDataRole.UserRole, source)
        self.list.addItem(item)

    def add_files(self, paths: Sequence[str | Path]) -> None:
        """Add files from disk to the list, ticked."""
        for path in paths:
            self._add(f"{Path(path).name} (file)", ("file", str(path)), checked=True)
        self._update()

    def _pick_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Add drafts", "", DRAFT_FILTER)
        self.add_files(paths)

    def chosen(self) -> list[tuple[str, tuple[str, object]]]:
        """Return (label, source) of the ticked drafts; source is ("round", id) or ("file", path)."""
        items = (self.list.item(k) for k in range(self.list.count()))
        return [(item.text(), item.data(Qt.ItemDataRole.UserRole)) for item in items
                if item.checkState() == Qt.CheckState.Checked]

    def _update(self) -> None:
        count = len(self.chosen())
        ok = MIN_DRAFTS <= count <= MAX_DRAFTS
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        self.note.setText(f"{count} ticked." if ok else f"{count} ticked: tick {MIN_DRAFTS} to {MAX_DRAFTS}.")


def column_name(label: str) -> str:
    """Return a column heading for a picked draft: "Acme — round 2" or the file's name."""
    return label.rsplit(" (", 1)[0]


def matrix_work(drafts: Sequence[tuple[str, Sequence[Clause] | str]], playbook, our_side: str):
    """Return the worker function that reads files (given by path) and builds the matrix."""
    def work(progress, cancel: threading.Event) -> PositionMatrix:
        from desktop.core.matrix import build_matrix
        from desktop.core.pipeline import load_draft

        named = []
        for done, (name, source) in enumerate(drafts):
            progress(done, len(drafts) + 1)
            clauses = load_draft(source, cancel=cancel).clauses if isinstance(source, str) else source
            named.append((name, tuple(clauses)))
        return build_matrix(named, playbook, our_side)

    return work


def show_matrix(window: WindowContext, matrix: PositionMatrix, *,
                guard: Callable[[Path], None] | None = None) -> QDialog:
    """Open the matrix in a window of its own (non-modal, so the lawyer can keep working).

    `guard(out)` raises ExportError for a file its Export… must not write over.
    """
    dialog = QDialog(window.widget)
    dialog.setWindowTitle("Position matrix")
    layout = QVBoxLayout(dialog)
    layout.addWidget(MatrixView(matrix, window.tasks, dialog, guard=guard))
    dialog.resize(1100, 640)
    dialog.show()
    return dialog


def open_position_matrix(window: WindowContext) -> None:
    """Tools ▸ Position matrix…: pick drafts, build the matrix on a worker, show it."""
    store = window.store
    rounds = []
    for deal in store.deals():
        for row in store.rounds(deal.id):
            rounds.append((f"{deal.name} — round {row.round_no} ({row.file_name}, {row.date})", row.id))
    deal = window.current_deal
    picker = PickDraftsDialog(rounds, deal.our_side if deal is not None else "customer", window.widget)
    if picker.exec() != QDialog.DialogCode.Accepted:
        return
    drafts: list[tuple[str, Sequence[Clause] | str]] = []
    for label, (kind, source) in picker.chosen():
        # Stored clauses are read here, on the GUI thread that owns the store.
        drafts.append((column_name(label), store.clauses(source) if kind == "round" else str(source)))
    work = matrix_work(drafts, window.playbook(), picker.side.currentText())
    guard = export_guard(store.path, [Path(source) for _, source in drafts if isinstance(source, str)],
                         stored_drafts(store))
    window.tasks.run("Building the position matrix…", work,
                     on_success=lambda m: show_matrix(window, m, guard=guard))


def export_guard(database: Path | None, files: Sequence[Path], originals: dict[str, str]) -> Callable[[Path], None]:
    """Return the check that the matrix is not exported over the database, a picked file or a stored draft.

    It touches only files (the stored drafts are known by their sha256), so it runs on a worker.
    """
    def guard(out: Path) -> None:
        refuse_overwriting(out, files, database=database, originals=originals)

    return guard
