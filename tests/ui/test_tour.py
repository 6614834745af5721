"""The first-run tour: shown with the sample deal, walks the four views, remembered once dismissed."""

from __future__ import annotations

from desktop.qt import Qt
from desktop.samples import create_sample_deal
from desktop.ui import tour


def test_the_sample_deal_opens_with_the_tour_and_it_walks_the_four_views(window, qtbot, ui_settings):
    window.open_sample_deal()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=60_000)
    card = tour.shown_tour(window)
    assert card is not None and card.isVisible()
    assert card.title.text() == "Clauses and redline" and card.counter.text() == "1 of 4"
    assert not card.back_button.isEnabled()
    view = window.deal_view
    seen = []
    for _ in range(3):
        card.next_button.click()
        seen.append((card.title.text(), view.tabs.currentIndex(), view.left_tabs.currentWidget(),
                     view.right_tabs.currentWidget()))
    assert seen[0] == ("Round overview and history", 0, view.overview, view.history)
    assert seen[1][:2] == ("Positions", 1)
    assert seen[2][:2] == ("Compare and export", 0)
    assert card.next_button.text() == "Done" and not card.skip_button.isVisible()
    card.back_button.click()
    assert card.title.text() == "Positions"
    card.go(3)
    card.next_button.click()
    assert tour.shown_tour(window) is None and not card.isVisible()
    assert ui_settings.value(tour.DISMISSED_KEY, False, type=bool)


def test_a_dismissed_tour_stays_closed_until_help_opens_it(window, ui_store, qtbot):
    window.refresh_deals(select_deal=create_sample_deal(ui_store))
    card = tour.start_tour(window)
    assert card is not None
    card.skip_button.click()
    assert tour.start_tour(window) is None
    window.deal_view.tabs.setCurrentIndex(1)
    window.tour_action.trigger()
    again = tour.shown_tour(window)
    assert again is not None and again.isVisible() and again.step == 0
    assert window.deal_view.tabs.currentIndex() == 0  # reopened at its first view
    qtbot.keyClick(again, Qt.Key.Key_Escape)
    assert tour.shown_tour(window) is None


def test_the_tour_needs_a_deal(window):
    window.tour_action.trigger()
    assert tour.shown_tour(window) is None
    assert "Open a deal first" in window.statusBar().currentMessage()


def test_the_card_stays_inside_the_window_when_it_is_resized(window, ui_store):
    window.refresh_deals(select_deal=create_sample_deal(ui_store))
    card = tour.start_tour(window)
    window.resize(900, 640)
    assert window.rect().contains(card.geometry())
    window.resize(1400, 900)
    assert window.rect().contains(card.geometry())
