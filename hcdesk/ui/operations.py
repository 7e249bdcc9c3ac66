"""Where the desktop starts background work, in the way of Anki's ``aqt/operations``.

Each function starts one job on the :class:`~hcdesk.ui.tasks.TaskRunner` and returns at once:
the job opens its own session or transaction on a worker thread, asks casework (which never
commits: the transaction here does), and hands plain data back. ``on_done`` (with the result)
or ``on_failed`` (with the exception) then runs on the GUI thread, and ``on_progress`` with
``(done, total)`` where a job reports its progress. Jobs that write go to the runner's single
write worker, one after another, so the GUI thread never waits on the database.

Widgets call these instead of building jobs of their own; what they say when a job is done
or has failed stays with them. Casework is imported inside each function, so that the unlock
screen (:mod:`hcdesk.ui.shell`) starts without loading the database layer.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QProgressBar, QPushButton, QStatusBar

from hcdesk.ui.tasks import TaskHandle, TaskRunner

if TYPE_CHECKING:
    from hcdesk.casework.casefile import Changes, SaveResult
    from hcdesk.casework.figures import Figures, Scope
    from hcdesk.casework.preflight import Finding
    from hcdesk.casework.records import CaseFileView
    from hcdesk.store.store import Store

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]
Progress = Callable[[int, int], None]
StopSync = Callable[[], None]

# Why each job touched the case, as the audit trail records it.
OPENED = "opened in the case file"
EDITED = "edited in the case file"
SAVED_ON_LOCK = "saved when the store locked"
REVEALED = "sensitive details revealed"
CREATED = "new case"
VOIDED = "case voided: %1"
ACKNOWLEDGED = "pre-flight findings acknowledged before a court summary"


def _tr(text: str) -> str:
    return QCoreApplication.translate("operations", text)


class StatusProgress:
    """A long job's progress in a window's status bar: a bar, busy until the job says how far
    it has gone, and a Cancel button that asks the job to stop."""

    def __init__(self, status: QStatusBar) -> None:
        self.status = status
        self.bar = QProgressBar()
        self.bar.setAccessibleName(_tr("Progress"))
        self.bar.setMaximumWidth(200)
        self.bar.hide()
        status.addPermanentWidget(self.bar)
        self.cancel = QPushButton(_tr("Cancel"))
        self.cancel.setAccessibleName(_tr("Cancel the running task"))
        self.cancel.hide()
        status.addPermanentWidget(self.cancel)

    def start(self, message: str, handle: TaskHandle) -> None:
        self.bar.setRange(0, 0)
        self.bar.show()
        self.cancel.show()
        self.status.showMessage(message)
        self.cancel.clicked.connect(handle.cancel)

    def step(self, done: int, total: int, message: str) -> None:
        self.bar.setRange(0, total)
        self.bar.setValue(done)
        self.status.showMessage(message)

    def finish(self) -> None:
        self.bar.hide()
        self.cancel.hide()
        with contextlib.suppress(RuntimeError, TypeError):
            self.cancel.clicked.disconnect()


def warm_up(runner: TaskRunner) -> TaskHandle:
    """Import the database layer on a worker while the officer types the passphrase."""

    def job() -> None:
        import hcdesk.casework.casefile
        import hcdesk.casework.caselist
        import hcdesk.store.store  # noqa: F401

    return runner.run(job)


# -- the case file ---------------------------------------------------------------------------------
def open_case(
    runner: TaskRunner, store: Store, case_id: str, on_done: Done, on_failed: Failed
) -> TaskHandle:
    """Read a case for the case file (a consultation in the audit trail) and remember it, in
    the encrypted store, as the case to open again after the next unlock."""
    from hcdesk.casework import casefile as cf
    from hcdesk.casework import recent

    def job() -> CaseFileView:
        with store.transaction(reason=OPENED) as s:
            view = cf.read_case_file(s, case_id)
            cf.remember_open_case(s, case_id)
            recent.remember_recent(s, case_id)
            return view

    return runner.run(job, on_done, on_failed, write=True)


def open_last_case(
    runner: TaskRunner, store: Store, on_done: Done, on_failed: Failed
) -> TaskHandle:
    """The case that was open last time, if it is still in the store (``None`` if not)."""
    from hcdesk.casework import casefile as cf

    def job() -> CaseFileView | None:
        with store.transaction(reason=OPENED) as s:
            case_id = cf.last_open_case(s)
            return cf.read_case_file(s, case_id) if case_id else None

    return runner.run(job, on_done, on_failed, write=True)


def reload_case(
    runner: TaskRunner, store: Store, case_id: str, on_done: Done, on_failed: Failed
) -> TaskHandle:
    """Read the open case again (after a sync brought changes): not a new consultation."""
    from hcdesk.casework import casefile as cf

    def job() -> CaseFileView:
        with store.session() as s:
            return cf.read_case_file(s, case_id, consult=False)

    return runner.run(job, on_done, on_failed)


def linked_cases(
    runner: TaskRunner,
    store: Store,
    view: CaseFileView,
    today: dt.date,
    on_done: Done,
    on_failed: Failed,
) -> TaskHandle:
    """The other cases linked to the case shown (hcdesk.casework.repeats.linked_cases), as the
    Overview lists them (a tuple of hcdesk.casework.overview.LinkLine): the figures index is
    brought up to date first (one read when nothing changed; its writes take the write lock a
    chunk of cases at a time, like My work's), then read. Nothing is recorded: the other cases
    are named, not consulted."""
    from hcdesk.casework import overview, repeats, workindex

    def job(handle: TaskHandle, _progress: Progress) -> tuple[Any, ...]:
        workindex.catch_up(store, today, cancelled=lambda: handle.cancelled)
        with store.session() as s:
            return overview.link_lines(repeats.linked_cases(s, view))

    return runner.run(job, on_done, on_failed, with_handle=True)


def create_case(
    runner: TaskRunner,
    store: Store,
    case_id: str,
    baseline: dict[str, Any],
    changes: Changes,
    on_done: Done,
    on_failed: Failed,
) -> TaskHandle:
    """Create a new case from its draft at its first save, in one transaction (refused, and
    nothing written, without its required fields); ``on_done`` gets the SaveResult."""
    from hcdesk.casework import casefile as cf
    from hcdesk.casework import cases, recent

    def job() -> SaveResult:
        with store.transaction(reason=CREATED) as s:
            result = cases.create_case(s, case_id, baseline, changes)
            cf.remember_open_case(s, case_id)
            recent.remember_recent(s, case_id)
            return result

    return runner.run(job, on_done, on_failed, write=True)


def void_case(
    runner: TaskRunner, store: Store, case_id: str, reason: str, on_done: Done, on_failed: Failed
) -> TaskHandle:
    """Void a case opened by mistake, with the reason (audited and synced like any change);
    ``on_done`` gets the case's reference."""
    from hcdesk.casework import casefile as cf
    from hcdesk.casework import cases, recent

    officer = store.officer

    def job() -> str:
        with store.transaction(reason=VOIDED.replace("%1", reason)) as s:
            case = cases.void_case(s, case_id, reason, by=officer)
            if cf.last_open_case(s) == case_id:
                cf.remember_open_case(s, None)
            recent.forget_recent(s, case_id)
            return case.reference

    return runner.run(job, on_done, on_failed, write=True)


def recent_cases(
    runner: TaskRunner, store: Store, on_done: Done, on_failed: Failed
) -> TaskHandle:
    """The recent cases, (case id, reference) newest first, for File → Recent cases."""
    from hcdesk.casework import recent

    def job() -> list[tuple[str, str]]:
        with store.session() as s:
            return recent.recent_cases(s)

    return runner.run(job, on_done, on_failed)


def set_keyring(
    runner: TaskRunner, store: Store, enabled: bool, on_done: Done, on_failed: Failed
) -> TaskHandle:
    """Keep (or forget) the store's key in the OS keyring, which may be slow to answer."""

    def job() -> bool:
        store.set_keyring(enabled)
        return enabled

    return runner.run(job, on_done, on_failed, write=True)


def save_case(
    runner: TaskRunner,
    store: Store,
    case_id: str,
    changes: Changes,
    on_done: Done,
    on_failed: Failed,
) -> TaskHandle:
    """Save the case file's changes in one transaction, all or nothing; ``on_done`` gets the
    :class:`~hcdesk.casework.casefile.SaveResult`."""
    from hcdesk.casework import casefile as cf

    def job() -> SaveResult:
        with store.transaction(reason=EDITED) as s:
            return cf.save_case(s, case_id, changes)

    return runner.run(job, on_done, on_failed, write=True)


def reveal(
    runner: TaskRunner,
    store: Store,
    case_id: str,
    fields: list[str],
    on_done: Done,
    on_failed: Failed,
) -> TaskHandle:
    """Record in the audit trail that the victim's sensitive details are shown."""
    from hcdesk.casework import casefile as cf

    def job() -> None:
        with store.transaction(reason=REVEALED) as s:
            cf.reveal(s, case_id, fields)

    return runner.run(job, on_done, on_failed, write=True)


# -- the Victims' Code duty panel ------------------------------------------------------------------
# Each records one thing through its own transaction (hcdesk.casework.duties, refused with
# DutyRefused and nothing written when it cannot be right), as the signed-in officer, then
# reads the case again, not as a new consultation: ``on_done`` gets (what it returned, the
# case file view to show).
def _then_read(store: Store, case_id: str, result: Any) -> tuple[Any, CaseFileView]:
    from hcdesk.casework import casefile as cf

    with store.session() as s:
        return result, cf.read_case_file(s, case_id, consult=False)


def _write_then_read(
    runner: TaskRunner,
    store: Store,
    case_id: str,
    write: Callable[[str], Any],
    on_done: Done,
    on_failed: Failed,
) -> TaskHandle:
    """``write(officer)`` on the write worker (one of the duty panel's records), then the case
    read again: ``on_done`` gets what the write returned and the case file as it now stands."""
    officer = store.officer

    def job() -> tuple[Any, CaseFileView]:
        return _then_read(store, case_id, write(officer))

    return runner.run(job, on_done, on_failed, write=True)


def record_told(
    runner: TaskRunner,
    store: Store,
    case_id: str,
    key: str,
    told_on: dt.date,
    notes: str | None,
    today: dt.date,
    on_done: Done,
    on_failed: Failed,
) -> TaskHandle:
    """Record that the victim was told of duty ``key`` on ``told_on`` (a Duty, as it now
    stands, in ``on_done``)."""
    from hcdesk.casework import duties

    return _write_then_read(
        runner, store, case_id,
        lambda officer: duties.record_told(
            store, case_id, key, told_on, officer, notes, today=today
        ),
        on_done, on_failed,
    )  # fmt: skip


def record_breach(
    runner: TaskRunner,
    store: Store,
    case_id: str,
    key: str,
    reason: str,
    today: dt.date,
    on_done: Done,
    on_failed: Failed,
) -> TaskHandle:
    """Record why duty ``key``'s deadline was missed (a Duty, as it now stands)."""
    from hcdesk.casework import duties

    return _write_then_read(
        runner, store, case_id,
        lambda officer: duties.record_breach(store, case_id, key, reason, officer, today=today),
        on_done, on_failed,
    )  # fmt: skip


def add_status(
    runner: TaskRunner,
    store: Store,
    case_id: str,
    status: str,
    reason: str,
    today: dt.date,
    on_done: Done,
    on_failed: Failed,
) -> TaskHandle:
    """Give the victim an enhanced status, with the reason (the statuses now in force)."""
    from hcdesk.casework import duties

    return _write_then_read(
        runner, store, case_id,
        lambda officer: duties.add_status(store, case_id, status, reason, officer, today=today),
        on_done, on_failed,
    )  # fmt: skip


def withdraw_status(
    runner: TaskRunner,
    store: Store,
    case_id: str,
    status: str,
    reason: str,
    today: dt.date,
    on_done: Done,
    on_failed: Failed,
) -> TaskHandle:
    """Withdraw a status an officer gave, with the reason (the statuses now in force)."""
    from hcdesk.casework import duties

    return _write_then_read(
        runner, store, case_id,
        lambda officer: duties.withdraw_status(
            store, case_id, status, reason, officer, today=today
        ),
        on_done, on_failed,
    )  # fmt: skip


# -- before a court summary ------------------------------------------------------------------------
def preflight(
    runner: TaskRunner, store: Store, case_id: str, on_done: Done, on_failed: Failed
) -> TaskHandle:
    """The pre-flight findings still to deal with on the saved case (``on_done`` gets a list of
    :class:`~hcdesk.casework.preflight.Finding`). A read: the case is open already, so it is
    not a new consultation."""
    from hcdesk.casework import casefile as cf
    from hcdesk.casework import preflight as pf

    def job() -> list[Finding]:
        with store.session() as s:
            return pf.outstanding(cf.load_case(s, case_id, consult=False))

    return runner.run(job, on_done, on_failed)


def acknowledge_findings(
    runner: TaskRunner,
    store: Store,
    case_id: str,
    findings: list[Finding],
    reason: str,
    on_done: Done,
    on_failed: Failed,
) -> TaskHandle:
    """Record, in one transaction, that the signed-in officer acknowledged ``findings`` with
    ``reason`` (refused, and nothing recorded, without a reason or for a finding that must be
    fixed); ``on_done`` gets the acknowledgements' ids."""
    from hcdesk.casework import preflight as pf

    officer = store.officer

    def job() -> list[str]:
        with store.transaction(reason=ACKNOWLEDGED) as s:
            return pf.acknowledge(s, case_id, findings, by=officer, reason=reason)

    return runner.run(job, on_done, on_failed, write=True)


# -- the strategy's figures (View → Figures) ------------------------------------------------------
def figure_teams(
    runner: TaskRunner, store: Store, on_done: Done, on_failed: Failed
) -> TaskHandle:
    """The teams the figures can be counted for (those of the live cases), by name."""
    from hcdesk.casework import figure_tables

    def job() -> list[str]:
        with store.engine_or_raise().connect() as conn:
            return figure_tables.teams(conn)

    return runner.run(job, on_done, on_failed)


def count_figures(
    runner: TaskRunner,
    store: Store,
    scope: Scope,
    today: dt.date,
    on_done: Done,
    on_failed: Failed,
    on_progress: Progress | None = None,
) -> TaskHandle:
    """Bring the figures index up to date (``on_progress(done, total)`` while cases are
    indexed), then count the figures of ``scope`` on a connection of the job's own, with the
    strategy's activities of its period in ``extra`` (figure_tables.ACTIVITIES_KEY).
    ``on_done`` gets the :class:`~hcdesk.casework.figures.Figures`, or ``None`` when the job
    was cancelled (a newer count is coming)."""
    import dataclasses

    from hcdesk.casework import activities, figure_tables, figures, workindex

    def job(handle: TaskHandle, progress: Progress) -> Figures | None:
        workindex.catch_up(store, today, progress, lambda: handle.cancelled)
        if handle.cancelled:
            return None
        with store.engine_or_raise().connect() as conn:
            found = figures.figures(conn, scope, today=today)
            # The strategy's activities of the same period (force-wide: they have no team),
            # shown beside the trend.
            counted = activities.count_activities(conn, scope.first, scope.last)
        extra = {**found.extra, figure_tables.ACTIVITIES_KEY: counted}
        return dataclasses.replace(found, extra=extra)

    return runner.run(job, on_done, on_failed, on_progress, with_handle=True)


def save_figures(
    runner: TaskRunner,
    found: Figures,
    path: Path,
    author: str,
    on_done: Done,
    on_failed: Failed,
) -> TaskHandle:
    """Write the figures to ``path``, whole or not at all: a PDF for a ``.pdf`` name, else CSV.
    ``on_done`` gets the path."""
    from hcdesk.casework import figures
    from hcdesk.fileio import atomic_write

    def job() -> Path:
        if path.suffix.lower() == ".pdf":
            from hcdesk.export.figures_pdf import render_figures

            data = render_figures(found, author=author)
        else:
            data = figures.as_csv(found)
        atomic_write(path, data)
        return path

    return runner.run(job, on_done, on_failed)


# -- long work -------------------------------------------------------------------------------------
def import_file(
    runner: TaskRunner,
    store: Store,
    path: Path,
    progress: StatusProgress,
    on_done: Done,
    on_failed: Failed,
) -> TaskHandle:
    """Check and import an interchange file in one transaction, its progress shown (and its
    Cancel offered) in ``progress``. ``on_done`` gets the number of cases imported, or -1 when
    it was cancelled (nothing is imported then)."""
    from hcdesk.interchange import importer

    def job(handle: TaskHandle, progress: Progress) -> int:
        document = importer.load_file(path)

        def step(done: int, total: int) -> bool:
            progress(done, total)
            return not handle.cancelled

        try:
            with store.transaction(reason=f"import of {path.name}") as s:
                result = importer.import_document(s, document, progress=step)
        except importer.ImportCancelled:
            return -1
        return result.cases

    def step(done: int, total: int) -> None:
        message = _tr("Importing: %1 of %2 cases").replace("%1", f"{done:,}")
        progress.step(done, total, message.replace("%2", f"{total:,}"))

    def done(count: int) -> None:
        progress.finish()
        on_done(count)

    def failed(exc: BaseException) -> None:
        progress.finish()
        on_failed(exc)

    handle = runner.run(job, done, failed, step, write=True, with_handle=True)
    progress.start(_tr("Checking %1…").replace("%1", path.name), handle)
    return handle


# -- the store's life cycle ------------------------------------------------------------------------
def lock_store(
    runner: TaskRunner,
    store: Store,
    stop_sync: StopSync | None,
    pending: tuple[str, Changes, dict[str, Any] | None] | None,
    on_done: Done,
    on_failed: Failed,
) -> TaskHandle:
    """Lock the store after the queued writes: wait for the sync to stop, save the open case's
    ``pending`` changes (case id, changes, and a new case's baseline, or None for a case in
    the store) if there are any, then drop the key whatever happened. ``on_done`` gets the
    saved case to show again (``None`` if nothing was saved)."""
    from hcdesk.casework import casefile as cf
    from hcdesk.casework import cases

    def job() -> CaseFileView | None:
        view = None
        try:
            if stop_sync is not None:
                stop_sync()
            if pending is not None:
                case_id, changes, baseline = pending
                with store.transaction(reason=SAVED_ON_LOCK) as s:
                    if baseline is not None:  # a new case, complete: created now
                        view = cases.create_case(s, case_id, baseline, changes).case
                    else:
                        view = cf.save_case(s, case_id, changes).case
        finally:
            store.lock()
        return view

    return runner.run(job, on_done, on_failed, write=True)


def close_store(
    runner: TaskRunner, store: Store, stop_sync: StopSync | None, on_done: Done
) -> TaskHandle:
    """Close the store for good (the device was withdrawn) once the sync has stopped;
    ``on_done`` runs whether or not stopping went well."""

    def job() -> None:
        try:
            if stop_sync is not None:
                stop_sync()
        finally:
            store.close()

    return runner.run(job, on_done, on_done, write=True)


# -- the third-party intake queue ----------------------------------------------------------------
def intake_queue(
    runner: TaskRunner, store: Store, include_triaged: bool, on_done: Done, on_failed: Failed
) -> TaskHandle:
    """The reports of the intake queue, with what triage needs (a list of
    :class:`~hcdesk.casework.intake.QueueEntry`): those waiting, or all."""
    from hcdesk.casework import intake

    return runner.run(
        lambda: intake.queue_entries(store, include_triaged=include_triaged), on_done, on_failed
    )


def triage_report(
    runner: TaskRunner,
    store: Store,
    report_id: str,
    outcome: str,
    reason: str | None,
    case_ref: str | None,
    on_done: Done,
    on_failed: Failed,
) -> TaskHandle:
    """Record an officer's triage of a report (a :class:`~hcdesk.casework.intake.TriageResult`
    in ``on_done``; a decision that is not complete fails with its sentence)."""
    from hcdesk.casework import intake

    officer = store.officer
    return runner.run(
        lambda: intake.triage(
            store, report_id, outcome, officer, reason=reason, case_id=case_ref
        ),
        on_done, on_failed, write=True,
    )  # fmt: skip


def import_third_party(
    runner: TaskRunner, store: Store, path: Path, on_done: Done, on_failed: Failed
) -> TaskHandle:
    """Add a centre's file of reports to the queue, all of it or none of it (an
    :class:`~hcdesk.casework.intake.ImportResult` in ``on_done``)."""
    from hcdesk.casework import intake

    officer = store.officer
    return runner.run(
        lambda: intake.import_reports(store, path, officer), on_done, on_failed, write=True
    )
