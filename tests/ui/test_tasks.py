"""Background work: outcomes come back on the GUI thread, failures reach the user the right way."""

from __future__ import annotations

import logging
import threading

import pytest

from desktop.core.model import Cancelled, ReadError
from desktop.qt import QThread
from desktop.ui import tasks
from desktop.ui.tasks import TaskProgress, TaskRunner

WAIT = 10_000  # ms; generous for a slow CI machine, never reached when things work


@pytest.fixture
def runner(qtbot, prompts):
    statuses: list[str] = []
    runner = TaskRunner(prompts, statuses.append)
    runner.statuses = statuses
    yield runner
    runner.shut_down()


def test_result_arrives_on_the_gui_thread(qtbot, runner):
    results = []
    gui_thread = QThread.currentThread()
    threads = []

    def work(progress, cancel):
        threads.append(QThread.currentThread())
        return 2 + 2

    def on_success(result):
        results.append((result, QThread.currentThread() is gui_thread))

    with qtbot.waitSignal(runner.idle, timeout=WAIT):
        task = runner.run("Adding…", work, on_success=on_success)
        assert runner.busy and task in tasks.running_tasks()
    assert results == [(4, True)]
    assert threads and threads[0] is not gui_thread
    assert not runner.busy and task.done and not tasks.running_tasks()


def test_progress_reports_reach_the_progress_strip(qtbot, runner):
    strip = TaskProgress(runner)
    qtbot.addWidget(strip)
    seen = []

    def work(progress, cancel):
        for done in range(1, 4):
            progress(done, 3)

    with qtbot.waitSignal(runner.idle, timeout=WAIT):
        task = runner.run("Counting…", work, on_success=lambda result: None)
        task.progressed.connect(lambda done, total: seen.append((done, total)))
        assert strip.label.text() == "Counting…" and not strip.isHidden()
    assert seen[-1] == (3, 3)  # the last report is never dropped by the throttle
    assert strip.bar.maximum() == 3 and strip.bar.value() == 3
    assert strip.isHidden()


def test_user_facing_error_is_a_warning(qtbot, runner, prompts):
    def work(progress, cancel):
        raise ReadError("This file is not a Word document. Save it as .docx and import it again.")

    with qtbot.waitSignal(runner.idle, timeout=WAIT):
        runner.run("Importing…", work, on_success=lambda r: None, failure_title="The draft was not imported")
    assert prompts.warnings == [
        ("The draft was not imported", "This file is not a Word document. Save it as .docx and import it again.")
    ]
    assert not prompts.crashes


def test_a_bug_is_a_crash_dialog_with_the_traceback_and_is_logged(qtbot, runner, prompts, caplog):
    def work(progress, cancel):
        raise ZeroDivisionError("boom")

    with caplog.at_level(logging.ERROR, logger="counterdraft"):
        with qtbot.waitSignal(runner.idle, timeout=WAIT):
            runner.run("Importing…", work, on_success=lambda r: None)
    (summary, details), = prompts.crashes
    prompts.crashes.clear()  # seen; the window fixture is not in use here anyway
    assert "bug" in summary and "ZeroDivisionError: boom" in details and "work" in details
    assert any("boom" in str(record.exc_info[1]) for record in caplog.records if record.exc_info)


@pytest.mark.parametrize("error", [Cancelled(), ReadError("Not a draft."), ZeroDivisionError("boom")])
def test_what_the_work_made_is_freed_on_its_own_thread_when_it_fails(qtbot, runner, prompts, error):
    # A Qt object the work made and still held when it failed (an export's QTextDocument,
    # cancelled mid-layout) must not be destroyed later on the GUI thread, where Qt warns
    # "QBasicTimer::stop: Failed. Possibly trying to stop from a different thread".
    freed_on = []

    class Held:
        def __del__(self):
            freed_on.append(threading.get_ident())

    def work(progress, cancel):
        held = Held()  # noqa: F841 - a local the traceback would keep alive
        raise error

    with qtbot.waitSignal(runner.idle, timeout=WAIT):
        runner.run("Exporting…", work, on_success=lambda r: None)
    prompts.crashes.clear()
    assert freed_on and freed_on[0] != threading.get_ident()


def test_an_error_in_on_success_is_reported_too(qtbot, runner, prompts):
    def on_success(result):
        raise ReadError("The database is locked by another program.")

    with qtbot.waitSignal(runner.idle, timeout=WAIT):
        runner.run("Saving…", lambda progress, cancel: None, on_success=on_success)
    assert prompts.warnings[0][1] == "The database is locked by another program."


def test_cancel_button_stops_the_work_silently(qtbot, runner, prompts):
    strip = TaskProgress(runner)
    qtbot.addWidget(strip)
    started = threading.Event()
    succeeded = []

    def work(progress, cancel):
        started.set()
        cancel.wait(WAIT / 1000)  # blocks until Cancel is pressed
        progress(1, 2)  # raises Cancelled once the event is set
        return "finished anyway"

    with qtbot.waitSignal(runner.idle, timeout=WAIT):
        runner.run("Importing big.docx…", work, on_success=succeeded.append)
        assert started.wait(WAIT / 1000)
        strip.cancel_button.click()
    assert succeeded == [] and prompts.warnings == [] and prompts.crashes == []
    assert runner.statuses == ["Cancelled: importing big.docx"]


def test_cancelled_raised_by_the_work_is_silent(qtbot, runner, prompts):
    def work(progress, cancel):
        raise Cancelled()

    with qtbot.waitSignal(runner.idle, timeout=WAIT):
        runner.run("Comparing…", work, on_success=lambda r: None)
    assert not prompts.warnings and not prompts.crashes


def test_shut_down_cancels_waits_and_drops_the_outcome(qtbot, runner):
    started = threading.Event()
    succeeded = []

    def work(progress, cancel):
        started.set()
        cancel.wait(WAIT / 1000)
        return "late"

    runner.run("Importing…", work, on_success=succeeded.append)
    assert started.wait(WAIT / 1000)
    with qtbot.waitSignal(runner.idle, timeout=WAIT):
        runner.shut_down()
    assert succeeded == [] and not runner.busy and not tasks.running_tasks()
    assert tasks.worker_pool().activeThreadCount() == 0


def test_stop_all_clears_work_left_behind(qtbot, runner):
    started = threading.Event()
    runner.run("Stray…", lambda progress, cancel: started.set() or cancel.wait(WAIT / 1000), on_success=print)
    assert started.wait(WAIT / 1000)
    assert [task.title for task in tasks.running_tasks()] == ["Stray…"]
    tasks.stop_all()
    assert not tasks.running_tasks() and not runner.busy


def test_steps_run_in_turns_on_the_gui_thread_with_the_loop_running_between(qtbot, runner):
    from desktop.qt import QTimer

    gui_thread = QThread.currentThread()
    log: list[str] = []
    ticker = QTimer()
    ticker.setInterval(0)
    ticker.timeout.connect(lambda: log.append("tick") if log and log[-1] != "tick" else None)

    def step(name):
        def run():
            assert QThread.currentThread() is gui_thread
            log.append(name)
            return name
        return run

    results = []
    ticker.start()
    with qtbot.waitSignal(runner.idle, timeout=WAIT):
        runner.run_in_turns("Showing…", [step("store"), step("show")], on_success=results.append)
        assert runner.busy and log == []  # nothing runs inside the call
    ticker.stop()
    steps = [entry for entry in log if entry != "tick"]
    assert steps == ["store", "show"] and results == ["show"]
    # The event loop ran a timer between the two steps: they were not one slot.
    assert log.index("tick", log.index("store")) < log.index("show")


def test_a_failing_step_stops_the_rest_and_is_reported(qtbot, runner, prompts):
    ran = []

    def broken():
        raise ReadError("The round could not be read back.")

    with qtbot.waitSignal(runner.idle, timeout=WAIT):
        runner.run_in_turns("Showing…", [broken, lambda: ran.append("after")],
                            failure_title="The new round could not be shown")
    assert ran == []
    assert prompts.warnings == [("The new round could not be shown", "The round could not be read back.")]
