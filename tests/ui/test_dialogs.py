"""The window's questions: the forms check their input, and Prompts really uses Qt's dialogs."""

from __future__ import annotations

import datetime

from desktop.display.words import side_words
from desktop.qt import QDialogButtonBox, QMessageBox, Qt
from desktop.ui.dialogs import DealDialog, DealForm, Prompts, RenameDialog, RoundDetails, RoundDialog

OK = QDialogButtonBox.StandardButton.Ok


def test_new_deal_form_needs_a_fresh_name_and_returns_what_was_typed(qtbot):
    dialog = DealDialog({"Acme API"})
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(OK)
    assert not ok.isEnabled()
    dialog.name.setText("acme api")
    assert not ok.isEnabled() and "already exists" in dialog.problem.text()
    dialog.name.setText("  Beta weights licence ")
    dialog.counterparty.setText("Beta Labs")
    dialog.our_side.setCurrentIndex(1)
    dialog.deal_type.setCurrentText("Model licence with weights")
    dialog.jurisdictions.setText("England and Wales")
    assert ok.isEnabled() and dialog.problem.text() == ""
    assert dialog.form() == DealForm(
        "Beta weights licence", "Beta Labs", "vendor", "Model licence with weights", "England and Wales"
    )


def test_rename_refuses_another_deals_name_but_not_its_own(qtbot):
    dialog = RenameDialog("Acme API", {"Acme API", "Beta"})
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(OK)
    assert ok.isEnabled()
    dialog.name.setText("beta")
    assert not ok.isEnabled()
    dialog.name.setText("")
    assert not ok.isEnabled()


def test_round_dialog_defaults_and_answers(qtbot):
    dialog = RoundDialog("v2.docx", 2, "us", datetime.date(2024, 2, 2))
    qtbot.addWidget(dialog)
    assert dialog.details() == RoundDetails("us", "2024-02-02")
    dialog.them.setChecked(True)
    assert dialog.details().sender == "them"


def test_side_words():
    assert side_words("customer") == "Customer / licensee"
    assert side_words("data_provider") == "Data provider"
    assert side_words("something_else") == "Something else"


def test_prompts_warn_uses_a_plain_text_warning_box(qtbot, monkeypatch):
    shown = []

    def exec_(box):
        qtbot.addWidget(box)
        shown.append((box.icon(), box.windowTitle(), box.text(), box.textFormat()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    Prompts().warn("The draft was not imported", "This file is not a Word document.")
    assert shown == [(QMessageBox.Icon.Warning, "The draft was not imported",
                      "This file is not a Word document.", Qt.TextFormat.PlainText)]


def test_new_deal_opens_on_the_side_the_lawyer_chose_in_settings(qtbot):
    dialog = DealDialog(set(), our_side="vendor")
    qtbot.addWidget(dialog)
    assert dialog.form().our_side == "vendor"
    dialog = DealDialog(set())
    qtbot.addWidget(dialog)
    assert dialog.form().our_side == "customer"


def test_prompts_confirm_is_true_only_for_the_named_action(qtbot, monkeypatch):
    def press(label):
        def exec_(box):
            qtbot.addWidget(box)
            next(button for button in box.buttons() if label in button.text()).click()
            return 0

        return exec_

    monkeypatch.setattr(QMessageBox, "exec", press("Delete deal"))
    assert Prompts().confirm("Delete deal", "Delete the deal “Acme”?", "Delete deal") is True
    monkeypatch.setattr(QMessageBox, "exec", press("Cancel"))
    assert Prompts().confirm("Delete deal", "Delete the deal “Acme”?", "Delete deal") is False


def test_crash_dialog_shows_the_traceback_and_the_log_path(qtbot, monkeypatch, tmp_path):
    boxes = []

    def exec_(box):
        qtbot.addWidget(box)
        boxes.append(box)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    Prompts(log_path=tmp_path / "counterdraft.log").crash("Counterdraft hit a bug.", "Traceback: boom")
    (box,) = boxes
    assert box.detailedText() == "Traceback: boom"
    assert str(tmp_path / "counterdraft.log") in box.informativeText()
