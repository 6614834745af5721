"""Settings: the dialog stores on OK only, and the preferences and the window's layout survive a restart."""

from __future__ import annotations

import pytest

from desktop.qt import QDialogButtonBox, QSettings
from desktop.store import Store
from desktop.ui import look, search_actions
from desktop.ui import settings as prefs
from desktop.ui.export_redline_dialog import RedlineExportDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.settings_folder import COPY, FRESH, OPEN
from tests.ui.search_helpers import add_two_deals


@pytest.fixture
def restore_look(qapp):
    """Put the application's look back after a test that applies a theme."""
    style, palette, font, sheet = qapp.style().name(), qapp.palette(), qapp.font(), qapp.styleSheet()
    theme = look.current_theme()
    yield qapp
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)
    qapp.setStyle(style)
    qapp.setProperty("counterdraftThemeMode", None)
    look.set_current_theme(theme)


@pytest.fixture
def start(qtbot, prompts, ui_settings):
    """Return a function that opens a main window on a store with the given QSettings (closed after)."""
    opened: list[MainWindow] = []

    def open_window(store: Store) -> MainWindow:
        window = MainWindow(store, prompts=prompts, settings=ui_settings)
        qtbot.addWidget(window)
        window.show()
        opened.append(window)
        return window

    yield open_window
    for window in opened:
        window.tasks.shut_down()
    assert not prompts.crashes


def _settings_dialog(window):
    dialog = search_actions.open_settings(window)
    assert dialog.isVisible()
    return dialog


def _press(dialog, button) -> None:
    dialog.buttons.button(button).click()


def test_the_layout_and_the_last_deal_survive_a_restart(start, ui_store, qtbot, tmp_path):
    ids = add_two_deals(ui_store)
    first = start(ui_store)
    first.refresh_deals(select_deal=ids["acme"])
    first.deal_view.show_cosmetic.setChecked(True)
    first.resize(790, 690)  # within the offscreen screen (800 × 800), which restoreGeometry keeps to
    first.main_splitter.setSizes([0, 790])  # the deal list as narrow as it goes
    first.deal_view.round_splitter.setSizes([400, 100])
    first.deal_view.deal_splitter.setSizes([300, 300])
    qtbot.wait(10)
    size = (first.width(), first.height())
    splitters = [s.sizes() for s in (first.main_splitter, first.deal_view.round_splitter,
                                     first.deal_view.deal_splitter)]
    first.close()

    second = start(ui_store)
    assert (second.width(), second.height()) == size
    assert [s.sizes() for s in (second.main_splitter, second.deal_view.round_splitter,
                                second.deal_view.deal_splitter)] == splitters
    assert second.current_deal.id == ids["acme"]
    assert second.deal_view.show_cosmetic.isChecked()
    # A window on new settings lays itself out otherwise: the test above can fail.
    fresh = MainWindow(ui_store, settings=QSettings(str(tmp_path / "new.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(fresh)
    fresh.resize(*size)
    fresh.show()
    assert [s.sizes() for s in (fresh.main_splitter, fresh.deal_view.round_splitter,
                                fresh.deal_view.deal_splitter)] != splitters
    assert fresh.current_deal.id == ids["acme"]  # the first deal by name…
    fresh.refresh_deals(select_deal=ids["beta"])
    fresh.close()
    assert start(ui_store).current_deal.id == ids["acme"]  # …but it did not touch these settings


def test_the_preferences_survive_a_restart(start, ui_store, restore_look):
    ids = add_two_deals(ui_store)
    first = start(ui_store)
    dialog = _settings_dialog(first)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.font_points.setCurrentIndex(dialog.font_points.findData(12))
    dialog.author.setText("Jane Smith (Smith LLP)")
    dialog.side.setCurrentIndex(dialog.side.findData("vendor"))
    dialog.schedule.setCurrentIndex(dialog.schedule.findData("weekly"))
    dialog.cosmetic.setChecked(True)
    _press(dialog, QDialogButtonBox.StandardButton.Ok)
    assert qapp_theme(restore_look) == ("dark", 12) and look.current_theme() == "dark"
    assert first.deal_view.show_cosmetic.isChecked()
    first.close()
    restore_look.setProperty("counterdraftThemeMode", None)

    second = start(ui_store)
    stored = prefs.read_preferences(second.settings)
    assert (stored.theme, stored.font_points, stored.default_side, stored.backup_schedule) == (
        "dark", 12, "vendor", "weekly")
    assert second.deal_view.show_cosmetic.isChecked()
    prefs.apply_saved_look(restore_look, second.settings)  # what app.run does at start
    assert qapp_theme(restore_look) == ("dark", 12)
    reopened = _settings_dialog(second)
    assert reopened.preferences() == stored and reopened.theme.currentData() == "dark"
    reopened.reject()

    # Acme's round 2 is our draft: the redline's author defaults to the name in Settings.
    rounds = ui_store.rounds(ids["acme"])
    second.refresh_deals(select_deal=ids["acme"], select_draft=rounds[1].id)
    second.export_redline_action.trigger()
    redline = second.findChild(RedlineExportDialog)
    assert redline is not None and redline.author.text() == "Jane Smith (Smith LLP)"
    redline.round_b.setCurrentIndex(2)  # their round 3: the counterparty's changes
    assert redline.author.text() == "Acme AI, Inc."
    redline.close()


def test_the_summary_names_the_client_and_author_from_settings(start, ui_store):
    from desktop.ui.export_summary_dialog import SummaryExportDialog

    ids = add_two_deals(ui_store)
    window = start(ui_store)
    window.refresh_deals(select_deal=ids["acme"])
    dialog = _settings_dialog(window)
    assert dialog.client.text() == ""
    dialog.client.setText("  Northwind Health, Inc. ")
    dialog.author.setText("Jane Smith")
    _press(dialog, QDialogButtonBox.StandardButton.Ok)
    assert prefs.client_name(window.settings) == "Northwind Health, Inc."
    window.export_summary_action.trigger()
    summary = window.findChild(SummaryExportDialog)
    assert summary is not None
    assert (summary.data.client, summary.data.author) == ("Northwind Health, Inc.", "Jane Smith")
    assert "Between Northwind Health, Inc. (customer / licensee) and Acme AI, Inc." in summary.preview.toPlainText()
    summary.close()


def qapp_theme(app) -> tuple[str, int]:
    """Return the theme mode and font size applied to the application."""
    return app.property("counterdraftThemeMode"), app.font().pointSize()


def test_the_last_deal_is_forgotten_when_it_is_deleted(start, ui_store, ui_settings):
    ids = add_two_deals(ui_store)
    first = start(ui_store)
    first.refresh_deals(select_deal=ids["beta"])
    first.close()
    assert prefs.last_deal(ui_settings) == ids["beta"]
    ui_store.delete_deal(ids["beta"])
    second = start(ui_store)
    assert second.current_deal.id == ids["acme"]


def test_cancel_changes_nothing(start, ui_store, ui_settings, restore_look):
    window = start(ui_store)
    window.save_layout()
    before = {key: ui_settings.value(key) for key in ui_settings.allKeys()}
    theme_before = qapp_theme(restore_look)
    dialog = _settings_dialog(window)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.font_points.setCurrentIndex(dialog.font_points.findData(16))
    dialog.author.setText("Someone")
    dialog.folder.setText("/nowhere/else")
    dialog.cosmetic.setChecked(True)
    dialog.side.setCurrentIndex(dialog.side.findData("vendor"))
    dialog.schedule.setCurrentIndex(dialog.schedule.findData("off"))
    _press(dialog, QDialogButtonBox.StandardButton.Cancel)
    assert not dialog.isVisible()
    assert {key: ui_settings.value(key) for key in ui_settings.allKeys()} == before
    assert qapp_theme(restore_look) == theme_before
    assert not window.deal_view.show_cosmetic.isChecked()
    assert prefs.read_preferences(window.settings) == prefs.Preferences()


def test_unreadable_values_take_their_defaults(ui_settings):
    for key, value in ((prefs.THEME_KEY, "purple"), (prefs.FONT_POINTS_KEY, "huge"),
                       (prefs.DEFAULT_SIDE_KEY, "3"), (prefs.BACKUP_SCHEDULE_KEY, "hourly")):
        ui_settings.setValue(key, value)
    assert prefs.read_preferences(ui_settings) == prefs.Preferences()
    ui_settings.setValue(prefs.FONT_POINTS_KEY, "14")
    ui_settings.setValue(prefs.BACKUP_SCHEDULE_KEY, "off")
    assert prefs.read_preferences(ui_settings).font_points == 14
    assert prefs.backup_schedule(ui_settings) == "off"


def test_the_database_lives_in_the_chosen_folder_else_the_default(ui_settings, tmp_path, monkeypatch):
    monkeypatch.setattr(prefs, "default_data_folder", lambda: tmp_path / "default")
    assert prefs.database_path(ui_settings) == tmp_path / "default" / "counterdraft.db"
    ui_settings.setValue(prefs.DATA_FOLDER_KEY, str(tmp_path / "deals"))
    assert prefs.database_path(ui_settings) == tmp_path / "deals" / "counterdraft.db"
    assert (tmp_path / "deals").is_dir()
    (tmp_path / "a file").write_text("not a folder")
    ui_settings.setValue(prefs.DATA_FOLDER_KEY, str(tmp_path / "a file" / "below"))
    assert prefs.database_path(ui_settings) == tmp_path / "default" / "counterdraft.db"


def test_ok_applies_the_cosmetic_toggle_at_once(start, ui_store):
    ids = add_two_deals(ui_store)
    window = start(ui_store)
    window.refresh_deals(select_deal=ids["acme"])
    dialog = _settings_dialog(window)
    dialog.cosmetic.setChecked(True)
    _press(dialog, QDialogButtonBox.StandardButton.Ok)
    assert window.deal_view.show_cosmetic.isChecked()
    assert window.settings.value(prefs.COSMETIC_KEY, type=bool) is True


@pytest.mark.parametrize("answer", [COPY, FRESH, None])
def test_a_new_data_folder_copies_the_database_or_starts_empty(
        start, tmp_path, prompts, monkeypatch, qtbot, answer):
    asked = []
    monkeypatch.setattr(prefs, "default_data_folder", lambda: tmp_path / "default")
    monkeypatch.setattr(search_actions, "ask_folder", lambda parent, question: asked.append(question) or answer)
    (tmp_path / "old").mkdir()
    store = Store(tmp_path / "old" / "counterdraft.db")
    add_two_deals(store)
    window = start(store)
    dialog = _settings_dialog(window)
    dialog.folder.setText(str(tmp_path / "new"))
    _press(dialog, QDialogButtonBox.StandardButton.Ok)
    qtbot.waitUntil(lambda: not window.tasks.busy)
    (question,) = asked
    assert [value for value, _ in question.choices] == [COPY, FRESH]
    moved = prefs.database_path(window.settings)
    copy = tmp_path / "new" / "counterdraft.db"
    if answer is None:
        assert moved == tmp_path / "default" / "counterdraft.db" and not copy.exists()
    else:
        assert moved == copy
        assert copy.exists() == (answer == COPY)
    if answer == COPY:
        with Store(copy) as copied:
            assert [d.name for d in copied.deals()] == ["Acme AI", "beta labs"]
        assert prompts.warnings and "copied" in prompts.warnings[-1][1]
    assert (tmp_path / "old" / "counterdraft.db").exists()  # the original is never touched
    window.close()
    store.close()


def test_a_folder_holding_a_database_offers_to_open_it(start, tmp_path, monkeypatch, qtbot):
    there = tmp_path / "shared"
    there.mkdir()
    Store(there / "counterdraft.db").close()
    asked = []
    monkeypatch.setattr(search_actions, "ask_folder", lambda parent, question: asked.append(question) or OPEN)
    store = Store(None)
    window = start(store)
    dialog = _settings_dialog(window)
    dialog.folder.setText(str(there))
    _press(dialog, QDialogButtonBox.StandardButton.Ok)
    assert [value for value, _ in asked[0].choices] == [OPEN]
    assert prefs.database_path(window.settings) == there / "counterdraft.db"
    window.close()
    store.close()
