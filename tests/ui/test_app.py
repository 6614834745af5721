"""Starting the app: the first start opens the sample deal; a database it cannot open is exit code 2."""

from __future__ import annotations

from desktop.qt import QApplication, QMessageBox
from desktop.store import Store, StoreError
from desktop.ui import app as app_module


def test_a_database_that_cannot_be_opened_is_a_message_and_exit_2(quiet_app, monkeypatch):
    shown = []

    def refuse(path, **options):
        raise StoreError("This database was made by a newer Counterdraft. Update the app to open it.")

    monkeypatch.setattr(app_module, "Store", refuse)
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    assert app_module.run(quiet_app / "deals.db") == 2
    assert shown == ["This database was made by a newer Counterdraft. Update the app to open it."]


def test_first_start_creates_the_sample_deal_on_a_worker(first_start, prompts):
    code, windows, db = first_start()
    assert code == 0
    assert QApplication.applicationName() == "Counterdraft"
    (window,) = windows
    assert window.windowTitle() == "Counterdraft" and not prompts.warnings and not prompts.crashes
    with Store(db) as store:
        (deal,) = store.deals()
        assert deal.name.startswith("Sample") and deal.round_count == 4
    window.deleteLater()
