# SPDX-License-Identifier: LGPL-2.1-or-later
"""The audit log viewer: entries filtered by entity type, action, entity id and period, the
selected entry's before/after, a Verify button that checks the whole hash chain and a Verify
rows button that compares every audited row with its newest entry, each on a worker thread."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from projem_workbench.db.enums import AuditAction
from projem_workbench.errors import ProjemError
from projem_workbench.gui import forms, worker
from projem_workbench.gui.i18n import translate
from projem_workbench.gui.qt import Qt, QtWidgets, Signal
from projem_workbench.services import audit_log

PERIODS = (None, 1, 7, 30, 365)  # days back; None is any time


class AuditLogPanel(QtWidgets.QWidget):
    verified = Signal(object)  # the VerifyResult
    rows_verified = Signal(object)  # the RowsResult

    def __init__(self, database: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.database = database
        self.entries: dict[int, Any] = {}
        self.verifying = False
        self.last_result: Any = None

        self.entity_filter = QtWidgets.QComboBox()
        self.action_filter = QtWidgets.QComboBox()
        self.action_filter.addItem(translate("Projem", "All actions"), None)
        for action in AuditAction:
            self.action_filter.addItem(action.value, action.value)
        self.entity_id_edit = QtWidgets.QLineEdit()
        self.entity_id_edit.setPlaceholderText(translate("Projem", "Entity id"))
        self.entity_id_edit.setMaximumWidth(110)
        self.period_filter = QtWidgets.QComboBox()
        labels = (
            translate("Projem", "Any time"),
            translate("Projem", "Last 24 hours"),
            translate("Projem", "Last 7 days"),
            translate("Projem", "Last 30 days"),
            translate("Projem", "Last year"),
        )
        for days, label in zip(PERIODS, labels, strict=True):
            self.period_filter.addItem(label, days)
        self.refresh_button = QtWidgets.QPushButton(translate("Projem", "Refresh"))
        self.verify_button = QtWidgets.QPushButton(translate("Projem", "Verify"))
        self.verify_button.setToolTip(
            translate(
                "Projem", "Recompute every hash of the audit chain and report the first break"
            )
        )
        self.verify_rows_button = QtWidgets.QPushButton(translate("Projem", "Verify rows"))
        self.verify_rows_button.setToolTip(
            translate(
                "Projem",
                "Compare every audited row with its newest entry in the audit trail: finds "
                "changes made beside Projem, e.g. by SQL",
            )
        )
        self.table = forms.new_table()
        self.details = QtWidgets.QPlainTextEdit()
        self.details.setReadOnly(True)
        self.summary = QtWidgets.QLabel()
        self.result = QtWidgets.QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._layout()

        self.entity_filter.currentIndexChanged.connect(self.refresh)
        self.action_filter.currentIndexChanged.connect(self.refresh)
        self.period_filter.currentIndexChanged.connect(self.refresh)
        self.entity_id_edit.editingFinished.connect(self.refresh)
        self.refresh_button.clicked.connect(self.reload)
        self.verify_button.clicked.connect(self.verify)
        self.verify_rows_button.clicked.connect(self.verify_rows)
        self.table.itemSelectionChanged.connect(self._selected)
        self.reload()

    def _layout(self) -> None:
        filters = QtWidgets.QHBoxLayout()
        for widget in (
            self.entity_filter,
            self.action_filter,
            self.entity_id_edit,
            self.period_filter,
        ):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.refresh_button)
        filters.addWidget(self.verify_button)
        filters.addWidget(self.verify_rows_button)
        splitter = QtWidgets.QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.result)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.summary)

    def reload(self) -> None:
        """Refresh the entity types offered, then the entries."""
        chosen = self.entity_filter.currentData()
        self.entity_filter.blockSignals(True)
        self.entity_filter.clear()
        self.entity_filter.addItem(translate("Projem", "All entities"), None)
        try:
            for name in audit_log.entity_types(self.database):
                self.entity_filter.addItem(name, name)
        except ProjemError as exc:
            forms.set_status(self.result, str(exc), ok=False)
        self.entity_filter.setCurrentIndex(max(self.entity_filter.findData(chosen), 0))
        self.entity_filter.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        days = self.period_filter.currentData()
        since = dt.datetime.now(dt.UTC) - dt.timedelta(days=days) if days else None
        try:
            entries = audit_log.list_entries(
                self.database,
                entity_type=self.entity_filter.currentData(),
                action=self.action_filter.currentData(),
                entity_id=self.entity_id_edit.text().strip() or None,
                since=since,
            )
            total = audit_log.entry_count(self.database)
        except ProjemError as exc:
            forms.set_status(self.result, str(exc), ok=False)
            return
        self.entries = {entry.id: entry for entry in entries}
        headers = [
            translate("Projem", "Entry"),
            translate("Projem", "Time"),
            translate("Projem", "Action"),
            translate("Projem", "Entity"),
            translate("Projem", "Entity id"),
            translate("Projem", "User"),
        ]
        rows = [
            [
                forms.cell(entry.id, entry.id),
                entry.created_at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
                entry.action.value,
                entry.entity_type,
                entry.entity_id,
                entry.user_id,
            ]
            for entry in entries
        ]
        forms.fill_table(self.table, headers, rows)
        self.details.clear()
        self.summary.setText(
            translate("Projem", "{shown} of {total} entries shown (newest first)").format(
                shown=len(entries), total=total
            )
        )

    def _selected(self) -> None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        entry = self.entries.get(forms.row_data(self.table, min(rows))) if rows else None
        if entry is None:
            self.details.clear()
            return
        text = [f"{translate('Projem', 'Hash')}: {entry.chain_hash}"]
        for title, value in (
            (translate("Projem", "Before"), entry.before),
            (translate("Projem", "After"), entry.after),
        ):
            if value is not None:
                text.append(f"{title}:\n{json.dumps(value, indent=2, ensure_ascii=False)}")
        self.details.setPlainText("\n\n".join(text))

    # -- verification -----------------------------------------------------------------------

    def verify(self) -> None:
        if self.verifying:
            return
        self._set_verifying(True)
        forms.set_status(self.result, translate("Projem", "Verifying the audit chain…"))
        database = self.database
        worker.run_in_thread(
            lambda: audit_log.verify_trail(database), self._verified, self._verify_failed
        )

    def verify_rows(self) -> None:
        if self.verifying:
            return
        self._set_verifying(True)
        forms.set_status(
            self.result, translate("Projem", "Comparing every audited row with the audit trail…")
        )
        database = self.database
        worker.run_in_thread(
            lambda: audit_log.verify_rows(database), self._rows_verified, self._verify_failed
        )

    def _set_verifying(self, verifying: bool) -> None:
        self.verifying = verifying
        self.verify_button.setEnabled(not verifying)
        self.verify_rows_button.setEnabled(not verifying)

    def _rows_verified(self, result: Any) -> None:
        self._set_verifying(False)
        self.last_result = result
        if result.ok:
            text = translate(
                "Projem", "Rows match the audit trail: {count} rows in {tables} tables compared"
            ).format(count=result.checked, tables=result.tables)
        else:
            text = translate(
                "Projem",
                "Rows DIFFER from the audit trail: {count} difference(s) in {rows} rows "
                "(listed below; recorded as a security event)",
            ).format(count=result.mismatch_count, rows=result.checked)
            self.table.clearSelection()
            self.details.setPlainText("\n".join(m.describe() for m in result.mismatches))
        forms.set_status(self.result, text, ok=result.ok)
        self.rows_verified.emit(result)

    def _verified(self, result: Any) -> None:
        self._set_verifying(False)
        self.last_result = result
        if result.ok:
            text = translate(
                "Projem", "Audit chain intact: {count} entries verified, head {head}"
            ).format(count=result.checked, head=result.head[:16] + "…")
        else:
            where = (
                translate("Projem", "entry {id}").format(id=result.broken_id)
                if result.broken_id is not None
                else translate("Projem", "the chain's end")
            )
            text = translate(
                "Projem",
                "Audit chain BROKEN at {where}: {reason} — {detail} ({count} entries verified "
                "before it; recorded as a security event)",
            ).format(where=where, reason=result.reason, detail=result.detail, count=result.checked)
        forms.set_status(self.result, text, ok=result.ok)
        self.verified.emit(result)
        if not result.ok and result.broken_id is not None:
            self.entity_filter.setCurrentIndex(0)
            self.action_filter.setCurrentIndex(0)
            self.period_filter.setCurrentIndex(0)
            forms.select_row_with(self.table, result.broken_id)

    def _verify_failed(self, exc: BaseException) -> None:
        self._set_verifying(False)
        forms.set_status(self.result, str(exc), ok=False)
