# SPDX-License-Identifier: LGPL-2.1-or-later
"""The dialog shown when FreeCAD's Python lacks Projem's packages: it says which, and its
Install buttons run pip (from the package registry, or from a folder of wheels) in a separate
process, showing pip's output while FreeCAD stays responsive, then import the packages and
start Projem without a restart.

What to run and how to read a failure is decided by :mod:`projem_workbench.deps`; this module
only shows it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from projem_workbench.deps import installer, locations
from projem_workbench.deps.pip_commands import Failure, explain_failure
from projem_workbench.gui.dependencies import install_instructions
from projem_workbench.gui.i18n import translate
from projem_workbench.gui.qt import QtCore, QtWidgets, run_modal


class DependencyDialog(QtWidgets.QDialog):
    def __init__(self, parent: Any, missing: list[str], on_installed: Callable[[], None]) -> None:
        super().__init__(parent)
        self.setObjectName("ProjemDependencies")
        self.setWindowTitle(translate("Projem", "Projem needs Python packages"))
        self.resize(720, 460)
        self._on_installed = on_installed
        self._plan: installer.InstallPlan | None = None
        self._stage = ""
        self._output: list[str] = []
        self.succeeded = False

        self.message = QtWidgets.QLabel(install_instructions(missing))
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QtWidgets.QLabel("")
        self.status.setObjectName("ProjemDependencyStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QtWidgets.QProgressBar()
        self.progress.setRange(0, 0)  # pip says nothing of its progress: busy
        self.progress.hide()
        self.log = QtWidgets.QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.hide()
        self.install_button = QtWidgets.QPushButton(translate("Projem", "Install"))
        self.folder_button = QtWidgets.QPushButton(translate("Projem", "Install from folder…"))
        self.close_button = QtWidgets.QPushButton(translate("Projem", "Close"))
        self.install_button.clicked.connect(lambda: self.install())
        self.folder_button.clicked.connect(self.choose_folder)
        self.close_button.clicked.connect(self.reject)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.install_button, self.folder_button, self.close_button):
            buttons.addWidget(button)
        layout = QtWidgets.QVBoxLayout(self)
        for widget in (self.message, self.status, self.progress, self.log):
            layout.addWidget(widget)
        layout.addLayout(buttons)

        self.process = QtCore.QProcess(self)
        self.process.setProcessChannelMode(QtCore.QProcess.ProcessChannelMode.MergedChannels)
        self.process.readyReadStandardOutput.connect(self._read_output)
        self.process.finished.connect(self._process_finished)
        self.process.errorOccurred.connect(self._process_error)

    @property
    def running(self) -> bool:
        return self.process.state() != QtCore.QProcess.ProcessState.NotRunning

    def choose_folder(self) -> None:
        chooser = QtWidgets.QFileDialog(
            self, translate("Projem", "Folder of wheels for Projem's packages")
        )
        chooser.setObjectName("ProjemWheelFolder")
        chooser.setFileMode(QtWidgets.QFileDialog.FileMode.Directory)
        chooser.setOption(QtWidgets.QFileDialog.Option.ShowDirsOnly, True)
        chooser.setOption(QtWidgets.QFileDialog.Option.DontUseNativeDialog, True)
        if run_modal(chooser) and chooser.selectedFiles():
            self.install(Path(chooser.selectedFiles()[0]))

    def install(self, wheels: Path | None = None) -> None:
        """Start installing what is missing (from ``wheels`` when given); returns at once."""
        if self.running:
            return
        try:
            self._plan = installer.plan(wheels=wheels)
        except locations.LocationError as exc:
            self._fail(Failure(str(exc), ""))
            return
        if self._plan is None:
            self._activate()
            return
        self._plan.target.mkdir(parents=True, exist_ok=True)
        self._output = []
        self.log.clear()
        self.log.show()
        self.progress.show()
        self.install_button.setEnabled(False)
        self.folder_button.setEnabled(False)
        self.status.setText(
            translate("Projem", "Installing into {folder} …").format(folder=self._plan.target)
        )
        self._start("pip", self._plan.command)

    def _start(self, stage: str, command: list[str]) -> None:
        self._stage = stage
        self.log.appendPlainText("$ " + " ".join(command))
        self.process.start(command[0], command[1:])

    def _read_output(self) -> None:
        text = bytes(self.process.readAllStandardOutput()).decode("utf-8", "replace")
        self._output.append(text)
        self.log.appendPlainText(text.rstrip("\n"))

    def _process_error(self, error: Any) -> None:
        if error == QtCore.QProcess.ProcessError.FailedToStart:
            self._fail(
                Failure(
                    translate("Projem", "The Python executable could not be started."),
                    translate(
                        "Projem",
                        "Set the Python executable in FreeCAD's preferences (General > "
                        "Python console), then press Install again.",
                    ),
                )
            )

    def _process_finished(self, code: int, _status: Any) -> None:
        assert self._plan is not None
        output = "".join(self._output)
        if code != 0:
            if self._stage == "pip":
                self._fail(explain_failure(output, code))
            else:
                reason = (output.strip().splitlines() or ["?"])[-1]
                self._fail(
                    Failure(
                        translate("Projem", "pip finished, but the packages do not import: ")
                        + reason,
                        translate(
                            "Projem", "Remove the folder {folder} and press Install again."
                        ).format(folder=self._plan.target),
                    )
                )
            return
        if self._stage == "pip":
            self._output = []
            self._start("verify", self._plan.verify_command)
            return
        self._activate()

    def _activate(self) -> None:
        """Use the new packages in this FreeCAD: on sys.path, imported, Projem started."""
        locations.add_to_sys_path()
        importlib.invalidate_caches()
        modules = [r.module for r in self._plan.requirements] if self._plan else []
        try:
            for module in modules:
                importlib.import_module(module)
        except ImportError as exc:
            self._fail(
                Failure(
                    translate(
                        "Projem",
                        "The packages are installed, but this FreeCAD loaded "
                        "an older copy before: {reason}",
                    ).format(reason=exc),
                    translate("Projem", "Restart FreeCAD to use them."),
                )
            )
            return
        self.progress.hide()
        self.succeeded = True
        self.status.setText(translate("Projem", "Installed. Projem is starting."))
        self.install_button.hide()
        self.folder_button.hide()
        self.close_button.setText(translate("Projem", "Close"))
        self._on_installed()

    def _fail(self, failure: Failure) -> None:
        self.progress.hide()
        self.install_button.setEnabled(True)
        self.folder_button.setEnabled(True)
        self.status.setText(failure.text())

    def reject(self) -> None:
        if self.running:  # closing stops pip; nothing half-installed is used
            self.process.kill()
            self.process.waitForFinished(5000)
        super().reject()
