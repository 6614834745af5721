"""Two vendors' papers in the Compare window as a lawyer reads them (issue 21, part 3).

Each side's own numbers in the topic list, a filter for the topics only one side covers (in the
list and in the export), headings as headings and bullets as list items in the panes.
"""

from __future__ import annotations

from pathlib import Path

from desktop.core.model import Clause
from desktop.core.playbook import default_playbook_path, load_playbook
from desktop.export.comparison import comparison_report
from desktop.qt import QFont, Qt, QTextCursor
from desktop.ui.compare_paint import row_document
from desktop.ui.models import ClauseEntry
from desktop.ui.redline import clause_title
from tests.ui.conftest import compared

SAAS = Path(__file__).parents[1] / "data" / "md" / "pairs" / "saas-cloud-terms"
CSA, GITHUB = SAAS / "commonpaper-csa-v2.md", SAAS / "github-corporate-tos-2026-03-17.md"
CSA_V1 = Path(__file__).parents[1] / "data" / "md" / "commonpaper-csa-v1.0-final-2022-02-03.md"
PLAYBOOK = load_playbook(default_playbook_path())


def listed(view) -> list[tuple[str, str, str]]:
    model = view.changes_model
    return [tuple(model.index(r, c).data() for c in range(3)) for r in range(model.rowCount())]


def test_the_topic_list_labels_each_sides_numbers_and_filters_one_sided_topics(qtbot, compare_window, tmp_path):
    view = compared(qtbot, compare_window, CSA, GITHUB).view
    assert view.prepared.by_topic and view.one_side_only.isVisible() and not view.one_side_only.isChecked()
    everything = listed(view)
    numbers = [number for number, _, _ in everything if number]
    assert numbers and all(n.startswith(("A: ", "B: ")) for n in numbers)
    both = [n for n, _, words in everything if words in ("Same topic", "Partial") and " · B: " in n]
    assert both, "a topic both sides number names A's number and B's"
    assert all("Paragraph without a number" not in heading for _, heading, _ in everything)
    assert all(heading.strip() not in ("•", "-", "*") for _, heading, _ in everything)

    qtbot.mouseClick(view.one_side_only, Qt.MouseButton.LeftButton)
    assert view.one_side_only.isChecked()
    shown = listed(view)
    assert shown and {words for _, _, words in shown} <= {"Only in A", "Only in B"}
    assert len(shown) == sum(1 for _, _, words in everything if words.startswith("Only in"))
    assert view.changes_heading.text() == f"Topics ({len(shown)})"
    # F8 walks only those rows.
    assert view.go_to_change(forward=True)
    current = view.rows_model.rows[view.rows_model.current]
    assert not (current.left and current.right)
    # The export follows the filter.
    report = comparison_report(view.prepared, one_side_only=view.one_side_only.isChecked())
    assert report.topics and all(t.a is None or t.b is None for t in report.topics)
    assert report.title.startswith("Topics only one side covers")
    view.grab().save(str(tmp_path / "one-side.png"))

    qtbot.mouseClick(view.one_side_only, Qt.MouseButton.LeftButton)
    assert listed(view) == everything


def test_the_filter_is_hidden_for_two_rounds_of_one_draft(qtbot, compare_window):
    view = compared(qtbot, compare_window, CSA_V1, CSA).view
    assert not view.prepared.by_topic and not view.one_side_only.isVisible()
    assert all(not n.startswith(("A: ", "B: ")) for n, _, _ in listed(view))


def _blocks_of_document(document) -> list[tuple[str, bool, float]]:
    """Return (text, first run bold, left margin) of each paragraph of a row's document."""
    out = []
    block = document.begin()
    while block.isValid():
        cursor = QTextCursor(block)
        cursor.movePosition(QTextCursor.MoveOperation.NextCharacter)
        out.append((block.text(), cursor.charFormat().fontWeight() >= QFont.Weight.Bold,
                    block.blockFormat().leftMargin()))
        block = block.next()
    return out


def test_the_panes_show_headings_as_headings_and_bullets_as_list_items(qtbot, compare_window, tmp_path):
    view = compared(qtbot, compare_window, CSA, GITHUB).view
    rows = view.rows_model.rows
    bulleted = next(row for row in rows if row.right and any(c.label == "•" for c in row.right)
                    and not any(op != "=" for op, _ in row.combined))
    paragraphs = _blocks_of_document(row_document(bulleted, "b"))
    items = [(text, margin) for text, _, margin in paragraphs if text.startswith("•\u2002")]
    assert items and all(margin > 0 for _, margin in items), paragraphs
    assert not any("Paragraph without a number" in text for text, _, _ in paragraphs)
    headed = next(row for row in rows if row.right and row.right[0].heading and not row.right[0].text
                  and not row.left)
    paragraphs = _blocks_of_document(row_document(headed, "b"))
    heading = " ".join(p for p in (headed.right[0].number, headed.right[0].heading) if p)
    assert (heading, True) in [(text, bold) for text, bold, _ in paragraphs]
    view.grab().save(str(tmp_path / "side-by-side.png"))


def test_a_clause_title_is_its_first_words_before_any_placeholder():
    bare = Clause(id="c1", label="•", number="", heading="", level=2, parent=None,
                  text="GitHub Enterprise Cloud users may have access to the following Additional Products.")
    assert clause_title(ClauseEntry(bare, None)).startswith("GitHub Enterprise Cloud users")
    assert clause_title(ClauseEntry(bare, None, within="4 Actions")) == "Paragraph in 4 Actions"
    numbered = Clause(id="c2", label="a.", number="4(a)", heading="Fees", level=2, parent=None, text="…")
    assert clause_title(ClauseEntry(numbered, None)) == "4(a) Fees"


def test_the_topics_can_follow_as_order_or_the_playbooks_and_the_export_follows(qtbot, compare_window):
    view = compared(qtbot, compare_window, CSA, GITHUB).view
    assert view.row_order.isVisible() and view.row_order.currentData() == "b"
    in_b = view.rows_model.rows
    a_at = {c.id: i for i, c in enumerate(view.prepared.comparison.clauses_a)}

    view.row_order.setCurrentIndex(view.row_order.findData("a"))
    in_a = view.rows_model.rows
    assert sorted(map(id, in_a)) == sorted(map(id, in_b)) and in_a != in_b
    firsts = [min(a_at[c.id] for c in row.left) for row in in_a if row.left]
    assert firsts == sorted(firsts)
    assert view.changes_model.rowCount() == sum(1 for row in in_a if row.changed)
    report = comparison_report(view.prepared, order="a")
    assert [t.numbers for t in report.topics] == [row.number for row in in_a]

    view.row_order.setCurrentIndex(view.row_order.findData("playbook"))
    rows = view.rows_model.rows
    positions = view.prepared.positions
    ranks = [next((i for i, p in enumerate(positions) if p.touches(row)), len(positions)) for row in rows]
    assert ranks == sorted(ranks) and ranks[0] == 0
    # A new comparison starts in B's order again.
    compared(qtbot, compare_window, CSA, GITHUB)
    assert view.row_order.currentData() == "b"


def _document_text(row, positions, us: str) -> str:
    return row_document(row, "b", positions, us).toPlainText()


def test_a_topic_with_a_key_position_shows_both_sides_values_starred_for_our_side(qtbot, compare_window):
    view = compared(qtbot, compare_window, CSA, SAAS / "bonterms-cloud-terms-v1.0.md").view
    assert view.our_side.isVisible() and view.our_side.currentData() == "customer"
    shown = view.sizes.positions
    assert shown, "the topic rows holding key positions show their values"
    starred = next(((number, p) for number, ps in shown.items() for p in ps if p.better("customer")), None)
    assert starred is not None
    number, position = starred
    row = view.rows_model.rows[number]
    text = _document_text(row, shown[number], "customer")
    assert position.values_text("customer") in text and "★" in text
    # Each position is shown once.
    keys = [p.key for ps in shown.values() for p in ps]
    assert len(keys) == len(set(keys))
    view.our_side.setCurrentIndex(view.our_side.findData("vendor"))
    assert view.sizes.us == "vendor"
    document = view.sizes.document(number, view.rows_model.rows[number], "b")
    assert position.values_text("vendor") in document.toPlainText()
    report = comparison_report(view.prepared, our_side="vendor")
    assert any(position.values_text("vendor") in t.values for t in report.topics)
    assert "better for the vendor" in report.note
