"""Once the window is up, the first import's detector is prepared and start-up's objects are set aside."""

from __future__ import annotations

import gc

from desktop.core import positions
from desktop.ui.warm_up import WarmUp


def test_the_detector_is_compiled_for_the_playbook_imports_will_use(qtbot, window):
    playbook = window.playbook()
    before = dict(positions._DETECTORS)
    warm_up = WarmUp(playbook)
    try:
        with qtbot.waitSignal(warm_up.done, timeout=30_000):
            warm_up.start()
        assert gc.get_freeze_count() > 0
        # The import asks the window for its playbook again: the same object, so the same detector.
        assert window.playbook() is playbook
        made = positions._DETECTORS.get(id(playbook))
        assert made is not None and made.playbook is playbook
        assert before.get(id(playbook)) is None or before[id(playbook)].playbook is not playbook
        assert positions.detector_for(window.playbook()) is made
    finally:
        warm_up.wait()
        gc.unfreeze()
