"""The Playbook dialog: the user's own positions go to the store; the shipped playbook file is never written."""

from __future__ import annotations

import pytest

from desktop.core.playbook import default_playbook_path, load_playbook
from desktop.samples import create_sample_deal
from desktop.ui.playbook_dialog import PlaybookDialog, cue_list, key_for


@pytest.fixture
def dialog(qtbot, ui_store):
    dialog = PlaybookDialog(ui_store, load_playbook(default_playbook_path()))
    qtbot.addWidget(dialog)
    return dialog


def fill(dialog, title="Model weights escrow", headings="escrow, continuity", terms="weights escrow"):
    dialog.start_new()
    dialog.title.setText(title)
    dialog._on_title_edited(title)  # what typing the title does
    dialog.group.setCurrentText("Termination")
    dialog.explanation.setPlainText("Whether the weights are held in escrow for us.")
    dialog.headings.setText(headings)
    dialog.terms.setText(terms)
    dialog.stances[("customer", "ask")].setText("Weights in escrow, released on insolvency")
    dialog.stances[("vendor", "walk_away")].setText("No escrow")


def test_a_new_position_is_saved_in_the_store_and_the_shipped_file_is_untouched(dialog, ui_store):
    shipped = default_playbook_path().read_bytes()
    fill(dialog)
    assert dialog.key.text() == "model_weights_escrow"
    assert dialog.save_current()
    (saved,) = ui_store.user_positions()
    assert saved["key"] == "model_weights_escrow" and saved["group"] == "Termination"
    assert saved["cues"] == {"headings": ["escrow", "continuity"], "terms": ["weights escrow"]}
    assert saved["customer"]["ask"] == "Weights in escrow, released on insolvency"
    assert saved["vendor"]["walk_away"] == "No escrow"
    assert dialog.changed and dialog.positions.count() == 1 and dialog.key.isReadOnly()
    assert default_playbook_path().read_bytes() == shipped
    position = ui_store.playbook(load_playbook(default_playbook_path())).get("model_weights_escrow")
    assert position is not None and position.user_defined and position.cues.headings == ("escrow", "continuity")


def test_a_saved_position_can_be_edited_and_deleted(dialog, ui_store):
    fill(dialog)
    dialog.save_current()
    dialog.positions.setCurrentRow(0)
    assert dialog.title.text() == "Model weights escrow"
    dialog.title.setText("Escrow of model weights")
    dialog._on_title_edited("Escrow of model weights")
    assert dialog.key.text() == "model_weights_escrow", "a saved position keeps its key"
    assert dialog.save_current()
    assert [raw["title"] for raw in ui_store.user_positions()] == ["Escrow of model weights"]
    dialog.positions.setCurrentRow(0)
    dialog.delete_current()
    assert ui_store.user_positions() == [] and dialog.positions.count() == 0


@pytest.mark.parametrize(
    ("title", "key", "headings", "problem"),
    [
        ("", "", "escrow", "Give the position a title."),
        ("Liability cap", "liability_cap", "cap", "The shipped playbook already has a position with this key"),
        ("Escrow", "Escrow!", "escrow", "The key is lower-case letters"),
        ("Weights escrow", "weights_escrow", "", "Give at least one heading or term cue"),
    ],
)
def test_a_position_that_cannot_be_saved_says_why(dialog, ui_store, title, key, headings, problem):
    fill(dialog, title=title, headings=headings, terms="")
    dialog.key.setText(key)
    assert not dialog.save_current()
    assert dialog.problem.text().startswith(problem)
    assert ui_store.user_positions() == []


def test_keys_and_cues_read_as_the_user_typed_them():
    assert key_for("Model weights — escrow (EU)") == "model_weights_escrow_eu"
    assert cue_list("escrow, continuity; release\n  ") == ["escrow", "continuity", "release"]


def test_the_window_shows_a_new_position_as_a_row_of_the_deal(window, prompts, ui_store):
    deal_id = create_sample_deal(ui_store)
    window.refresh_deals(select_deal=deal_id)
    window.positions_tab_action.trigger()
    before = window.positions_view.model.rowCount()

    def edit_playbook(store, shipped):
        store.save_user_position({"key": "weights_escrow", "title": "Weights escrow", "group": "Termination",
                                  "cues": {"headings": ["escrow"]}, "customer": {"ask": "Escrow"},
                                  "user_defined": True})
        return True

    prompts.edit_playbook = edit_playbook
    window.playbook_action.trigger()
    model = window.positions_view.model
    assert model.rowCount() == before + 1
    row = model.position(model.find("weights_escrow"))
    assert (row.title, row.group, row.ask) == ("Weights escrow", "Termination", "Escrow")


def test_prompts_open_the_dialog_and_report_whether_anything_changed(qtbot, monkeypatch, ui_store):
    from desktop.ui.dialogs import Prompts

    monkeypatch.setattr(PlaybookDialog, "exec", lambda self: 0)
    assert Prompts(None).edit_playbook(ui_store, load_playbook(default_playbook_path())) is False
