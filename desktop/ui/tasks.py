"""Background work for the window: a pure function runs on a worker, its outcome arrives on the GUI thread.

Modelled on Anki's `aqt.operations` (`Op(parent, fn).success(cb).run_in_background()`):

    runner.run("Importing round 3…", work, on_success=write_round)

`work(progress, cancel)` runs on a worker thread. It must not touch widgets, models or the
store: it gets immutable inputs (paths, clause tuples) and returns frozen dataclasses. It may
call `progress(done, total)` as often as it likes and should stop with `model.Cancelled`
when `cancel` is set. `on_success(result)` then runs on the GUI thread, which is the only
thread that writes to SQLite.

Outcomes travel back through queued signals; nothing here pumps the event loop by hand.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
import traceback
from collections.abc import Callable, Generator, Sequence
from typing import Any, Protocol

from desktop.core.model import Cancelled, UserFacingError
from desktop.core.work import Progress, check_cancel
from desktop.qt import (
    QHBoxLayout,
    QLabel,
    QObject,
    QProgressBar,
    QPushButton,
    Qt,
    QThreadPool,
    QTimer,
    QWidget,
    Signal,
    Slot,
)

log = logging.getLogger("counterdraft.ui")

Work = Callable[[Progress, threading.Event], Any]

# Progress reports closer together than this are dropped: the aligner may report thousands of
# steps, and each report is an event the GUI thread has to handle.
_PROGRESS_INTERVAL = 0.05
# Milliseconds between the steps of a task run in turns (TaskRunner.run_in_turns): enough for
# a timer to wait its turn behind input and the timers already due.
_TURN_MS = 1

# Every task from the moment it starts until its outcome has been delivered on the GUI thread.
# Holding them here also keeps each Task alive while its worker runs.
_RUNNING: set[Task] = set()
_POOL: QThreadPool | None = None


class Messages(Protocol):
    """What the task runner needs to tell the user about a failure (dialogs.Prompts has it)."""

    def warn(self, title: str, text: str) -> None: ...

    def crash(self, summary: str, details: str) -> None: ...


def running_tasks() -> tuple[Task, ...]:
    """Return the tasks whose outcome has not yet been delivered on the GUI thread."""
    return tuple(_RUNNING)


def stop_all() -> None:
    """Cancel every running task, wait for the workers, and drop their outcomes undelivered."""
    running = running_tasks()
    for task in running:
        task.cancel()
    if _POOL is not None:
        _POOL.waitForDone()
    for task in running:
        task._deliver(discard=True)


def worker_pool() -> QThreadPool:
    """Return the thread pool that runs the window's background work."""
    global _POOL
    if _POOL is None:
        # Our own pool rather than the global one, so waiting for "our" work never waits for
        # something a Qt internal has queued.
        _POOL = QThreadPool()
        _POOL.setMaxThreadCount(2)
    return _POOL


def report_failure(
    exc: BaseException, messages: Messages, status: Callable[[str], None], *, title: str, doing: str
) -> None:
    """Tell the user about `exc`: nothing for Cancel, a warning for their trouble, a crash dialog for our bug."""
    if isinstance(exc, Cancelled):
        status(f"Cancelled: {doing}")
        return
    if isinstance(exc, UserFacingError):
        status(str(exc).split("\n", 1)[0])
        messages.warn(title, str(exc))
        return
    log.error("Unexpected error while %s", doing, exc_info=(type(exc), exc, exc.__traceback__))
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    messages.crash(f"Sorry — Counterdraft hit a bug it did not expect while {doing}.", details)


class Task(QObject):
    """One function running on a worker thread; `finished` fires on the GUI thread when it is over."""

    progressed = Signal(int, int)
    finished = Signal()
    # Emitted on the worker thread; delivered on the GUI thread because the Task lives there.
    _reported = Signal(int, int)
    _ended = Signal()

    def __init__(self, title: str, work: Work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.cancel_event = threading.Event()
        self._work = work
        self._outcome: tuple[Any, BaseException | None] | None = None
        self._delivered = False
        self._last_report = 0.0
        self._on_outcome: Callable[[Task, Any, BaseException | None], None] | None = None
        self._reported.connect(self._relay_progress, Qt.ConnectionType.QueuedConnection)
        self._ended.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def cancel(self) -> None:
        """Ask the worker to stop; it raises Cancelled at its next check."""
        self.cancel_event.set()

    @property
    def done(self) -> bool:
        """Return True once the outcome has been delivered on the GUI thread."""
        return self._delivered

    def start(self, on_outcome: Callable[[Task, Any, BaseException | None], None]) -> None:
        """Start the work on a worker thread; `on_outcome(task, result, error)` runs on the GUI thread."""
        self._on_outcome = on_outcome
        _RUNNING.add(self)
        worker_pool().start(self._run_on_worker)

    def _run_on_worker(self) -> None:
        try:
            self._outcome = (self._work(self._progress, self.cancel_event), None)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI thread
            # The work's frames would keep its locals alive until the GUI thread drops the error:
            # a Qt object made here (an export's QTextDocument, cancelled mid-layout) would then be
            # destroyed on the wrong thread ("QBasicTimer::stop: Failed ... different thread").
            # Freed here; the traceback keeps its lines for the log.
            traceback.clear_frames(exc.__traceback__)
            self._outcome = (None, exc)
        self._ended.emit()

    def _progress(self, done: int, total: int) -> None:
        # Runs on the worker. Raising here makes Cancel take effect at the next report even
        # when the function between reports does not check the event itself.
        check_cancel(self.cancel_event)
        now = time.monotonic()
        if done < total and now - self._last_report < _PROGRESS_INTERVAL:
            return
        self._last_report = now
        self._reported.emit(done, total)

    @Slot(int, int)
    def _relay_progress(self, done: int, total: int) -> None:
        if not self._delivered:
            self.progressed.emit(done, total)

    @Slot()
    def _deliver(self, *, discard: bool = False) -> None:
        if self._delivered or (self._outcome is None and not discard):
            return
        self._delivered = True
        _RUNNING.discard(self)
        result, error = self._outcome or (None, Cancelled())
        try:
            if not discard and self._on_outcome is not None:
                self._on_outcome(self, result, error)
        finally:
            self.finished.emit()


class _Turns(Task):
    """GUI-thread steps, each in its own turn of the event loop, run as one task.

    Work that must run on the GUI thread (storing a round, then showing it) but would freeze
    the window if done in one slot is cut into steps. Each step runs from a timer, so input,
    painting and other timers are handled between steps; the runner stays busy until the
    last one is done, as for work on a worker.
    """

    def __init__(self, title: str, steps: Sequence[Callable[[], Any]], parent: QObject | None = None) -> None:
        super().__init__(title, lambda progress, cancel: None, parent)
        self._steps = list(steps)

    def start(self, on_outcome: Callable[[Task, Any, BaseException | None], None]) -> None:
        self._on_outcome = on_outcome
        _RUNNING.add(self)
        self._next_turn()

    def _next_turn(self) -> None:
        # A timer, not a queued call: queued calls posted during a pass of the event loop run
        # in that same pass, back to back, before timers and input get their turn.
        QTimer.singleShot(_TURN_MS, self._step)

    @Slot()
    def _step(self) -> None:
        if self._delivered:
            return
        result: Any = None
        try:
            check_cancel(self.cancel_event)
            result = self._steps.pop(0)()
        except BaseException as exc:  # noqa: BLE001 - every failure goes to the runner
            self._outcome = (None, exc)
            self._deliver()
            return
        if self._steps:
            self._next_turn()
        else:
            self._outcome = (result, None)
            self._deliver()


class _Steps(_Turns):
    """A generator run on the GUI thread one next() per turn of the event loop, as one task.

    The generator's value is the task's result. However the task ends before the generator
    does (Cancel, a failing step, the window closing and dropping it), the generator is
    closed at once, so that what it holds (Store.add_round_steps: a write transaction) is let go.
    """

    def __init__(self, title: str, steps: Generator[Any, None, Any], parent: QObject | None = None) -> None:
        super().__init__(title, (), parent)
        self._generator = steps

    @Slot()
    def _step(self) -> None:
        if self._delivered:
            return
        try:
            check_cancel(self.cancel_event)
            next(self._generator)
        except StopIteration as stop:
            self._outcome = (stop.value, None)
            self._deliver()
            return
        except BaseException as exc:  # noqa: BLE001 - every failure goes to the runner
            self._outcome = (None, exc)
            self._deliver()
            return
        self._next_turn()

    @Slot()
    def _deliver(self, *, discard: bool = False) -> None:
        if not self._delivered and (discard or self._outcome is not None):
            self._generator.close()  # rolls back what it left unfinished, before anyone reads
        super()._deliver(discard=discard)


class TaskRunner(QObject):
    """Starts tasks, reports their failures, and waits for them when the window closes."""

    started = Signal(object)  # the Task
    idle = Signal()  # the last running task has delivered its outcome

    def __init__(self, messages: Messages, status: Callable[[str], None], parent: QObject | None = None):
        super().__init__(parent)
        self._messages = messages
        self._status = status
        self._tasks: list[Task] = []

    @property
    def busy(self) -> bool:
        """Return True while any task of this runner has not delivered its outcome."""
        return bool(self._tasks)

    def run(
        self,
        title: str,
        work: Work,
        *,
        on_success: Callable[[Any], None],
        failure_title: str = "Counterdraft",
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> Task:
        """Return the started Task running `work` on a worker; `on_success(result)` runs on the GUI thread.

        Failures (including ones raised by `on_success`) go to `on_failure` when given, else to
        the user: Cancel is silent, a UserFacingError is a warning, anything else a crash dialog.
        """
        return self._start(Task(title, work, parent=self), title, on_success, failure_title, on_failure)

    def _start(self, task: Task, title: str, on_success: Callable[[Any], None], failure_title: str,
               on_failure: Callable[[BaseException], None] | None) -> Task:
        doing = title.rstrip("…. ").lower()

        def fail(exc: BaseException) -> None:
            if on_failure is not None:
                on_failure(exc)
            else:
                report_failure(exc, self._messages, self._status, title=failure_title, doing=doing)

        def on_outcome(task: Task, result: Any, error: BaseException | None) -> None:
            self._forget(task)
            if error is not None:
                fail(error)
                return
            try:
                on_success(result)
            except Exception as exc:  # noqa: BLE001 - shown to the user, never swallowed
                fail(exc)

        self._tasks.append(task)
        task.finished.connect(functools.partial(self._after_task, task))
        task.start(on_outcome)
        self.started.emit(task)
        return task

    def run_in_turns(
        self,
        title: str,
        steps: Sequence[Callable[[], Any]],
        *,
        on_success: Callable[[Any], None] = lambda result: None,
        failure_title: str = "Counterdraft",
    ) -> Task:
        """Return the started task running `steps` on the GUI thread, one per turn of the event loop.

        The last step's result goes to `on_success`; a failing step stops the rest and is
        reported as `run` reports a failure.
        """
        return self._start(_Turns(title, steps, parent=self), title, on_success, failure_title, None)

    def run_steps(
        self,
        title: str,
        steps: Generator[Any, None, Any],
        *,
        on_success: Callable[[Any], None] = lambda result: None,
        failure_title: str = "Counterdraft",
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> Task:
        """Return the started task running generator `steps` on the GUI thread, one next() per turn.

        Its value goes to `on_success`; an error, Cancel or the window closing closes the
        generator (before `on_failure`, or the report as `run` makes it).
        """
        return self._start(_Steps(title, steps, parent=self), title, on_success, failure_title, on_failure)

    def report(self, exc: BaseException, *, title: str, doing: str) -> None:
        """Tell the user about a failure as a task's failure is told (report_failure)."""
        report_failure(exc, self._messages, self._status, title=title, doing=doing)

    def cancel_all(self) -> None:
        """Ask every running task to stop."""
        for task in self._tasks:
            task.cancel()

    def shut_down(self) -> None:
        """Cancel every task, wait for the workers, and drop their outcomes (the window is closing)."""
        self.cancel_all()
        worker_pool().waitForDone()
        for task in list(self._tasks):
            task._deliver(discard=True)

    def _forget(self, task: Task) -> None:
        if task in self._tasks:
            self._tasks.remove(task)

    def _after_task(self, task: Task) -> None:
        self._forget(task)
        if not self._tasks:
            self.idle.emit()


class TaskProgress(QWidget):
    """The status-bar strip that shows what the workers are doing, with a Cancel button."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # a title may carry a file name
        self.bar = QProgressBar()
        self.bar.setFixedWidth(180)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(runner.cancel_all)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.hide()
        runner.started.connect(self._on_started)
        runner.idle.connect(self.hide)

    @Slot(object)
    def _on_started(self, task: Task) -> None:
        self.label.setText(task.title)
        self.bar.setRange(0, 0)  # a busy bar until the first report says how much there is
        task.progressed.connect(self._on_progress)
        self.show()

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        if total <= 0:
            self.bar.setRange(0, 0)
            return
        self.bar.setRange(0, total)
        self.bar.setValue(min(done, total))
