# SPDX-License-Identifier: LGPL-2.1-or-later
"""Long work off the GUI thread: a function runs on a QThread and its result (or exception)
comes back to the GUI thread, where the callbacks run.

The callbacks are slots of a relay object living in the GUI thread, so the worker's signals
cross threads as queued calls (a plain Python callable connected to a signal would run in the
worker's thread on some PySide versions).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from projem_workbench.gui.qt import QtCore, Signal, Slot

_running: set[Any] = set()  # threads, workers and relays alive until their thread ends


class Worker(QtCore.QObject):
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, function: Callable[[], Any]) -> None:
        super().__init__()
        self._function = function

    def run(self) -> None:
        try:
            result = self._function()
        except BaseException as exc:  # everything goes back to the GUI thread to be shown
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)
        finally:
            self.finished.emit()


class _Relay(QtCore.QObject):
    def __init__(
        self, on_success: Callable[[Any], None], on_failure: Callable[[BaseException], None]
    ) -> None:
        super().__init__()
        self._on_success = on_success
        self._on_failure = on_failure
        self.keep: tuple[Any, ...] = ()

    @Slot(object)
    def succeeded(self, result: Any) -> None:
        self._on_success(result)

    @Slot(object)
    def failed(self, exc: Any) -> None:
        self._on_failure(exc)

    @Slot()
    def done(self) -> None:
        """In the GUI thread once the thread has ended: let go of it (never from inside it)."""
        thread = self.keep[0]
        thread.wait()
        _running.discard(self.keep)
        self.keep = ()


def run_in_thread(
    function: Callable[[], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[BaseException], None],
) -> QtCore.QThread:
    """Start ``function`` on a new thread; the callbacks run later in the GUI thread."""
    thread = QtCore.QThread()
    worker = Worker(function)
    relay = _Relay(on_success, on_failure)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    worker.succeeded.connect(relay.succeeded)
    worker.failed.connect(relay.failed)
    worker.finished.connect(thread.quit)
    relay.keep = (thread, worker, relay)
    _running.add(relay.keep)
    thread.finished.connect(relay.done)
    thread.start()
    return thread


def busy() -> int:
    """How many background jobs are still running (the tests wait for none)."""
    return len(_running)


def run_with_progress(
    parent: Any,
    label: str,
    function: Callable[[], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[BaseException], None],
    *,
    on_thread: bool,
) -> None:
    """Run ``function`` behind a busy progress dialog: on a thread when ``on_thread``, else on
    the GUI thread (FreeCAD's own CAM work must stay there; the window waits meanwhile). The
    callbacks run on the GUI thread once the dialog is gone."""
    from projem_workbench.gui.qt import Qt, QtWidgets

    dialog = QtWidgets.QProgressDialog(label, "", 0, 0, parent)
    dialog.setObjectName("ProjemProgress")
    dialog.setCancelButton(None)  # FreeCAD's CAM work cannot be interrupted
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.show()
    for _ in range(5):  # let the dialog paint before the GUI thread gets busy
        QtWidgets.QApplication.processEvents()

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        dialog.close()
        dialog.deleteLater()
        callback(value)

    if on_thread:
        run_in_thread(
            function,
            lambda result: finish(on_success, result),
            lambda exc: finish(on_failure, exc),
        )
        return
    try:
        result = function()
    except Exception as exc:  # shown by the caller, as on a thread
        finish(on_failure, exc)
    else:
        finish(on_success, result)
