"""Every control a screen-reader user can reach has a name: walk every window and dialog of the
application (unlock in each mode, the main window, every tab of a case file, the unsaved-changes
question) and list each input widget without an accessible name (or, for buttons and check
boxes, visible text)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QToolButton,
    QWidget,
)
from uikit import WAIT_MS, open_main, show_section

from hcdesk.casework.cases import new_case
from hcdesk.models.enums import RecordType
from hcdesk.store.store import Store
from hcdesk.ui.mainwindow import MainWindow, UnlockWidget

# The real static dialog, taken before the autouse fixture replaces it for every other test.
REAL_QUESTION = QMessageBox.__dict__["question"]

INPUTS = (
    QLineEdit,
    QPlainTextEdit,
    QComboBox,
    QCheckBox,
    QPushButton,
    QToolButton,
    QTableView,  # and QTableWidget
    QListWidget,
    QTabWidget,
)


def describe(w: QWidget) -> str:
    path = []
    p: QWidget | None = w
    while p is not None and len(path) < 4:
        path.append(p.objectName() or type(p).__name__)
        p = p.parentWidget()
    return f"{type(w).__name__} {' < '.join(path)} tooltip={w.toolTip()!r}"


def unnamed(root: QWidget) -> list[str]:
    """Input widgets under ``root`` (shown or not) that a screen reader cannot name."""
    bad = []
    for w in [root, *root.findChildren(QWidget)]:
        if not isinstance(w, INPUTS):
            continue
        if isinstance(w, QToolButton) and (
            w.objectName().startswith("qt_") or isinstance(w.parentWidget(), QLineEdit)
        ):
            continue  # Qt's own: toolbar extension, tab scroll arrows, a line edit's clear icon
        if w.accessibleName().strip():
            continue
        if isinstance(w, QAbstractButton) and w.text().replace("&", "").strip():
            continue
        bad.append(describe(w))
    return bad


def test_the_walk_finds_unnamed_controls(qtbot: Any) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    QLineEdit(root).setObjectName("anonymous")
    QPushButton("&Named by its text", root)
    QCheckBox(root).setAccessibleName("Named")
    QCheckBox(root).setObjectName("blank_box")
    assert [f.split()[1] for f in unnamed(root)] == ["anonymous", "blank_box"]


def test_unlock_screen_create_mode(qtbot: Any, tmp_path: Path, runner: Any) -> None:
    unlock = UnlockWidget(tmp_path / "new-profile", runner)
    qtbot.addWidget(unlock)
    unlock.show()
    assert unlock.creating and unlock.confirm.isVisible() and unlock.remember.isVisible()
    assert unnamed(unlock) == []


def test_unlock_screen_unlock_modes(
    qtbot: Any, make_store: Any, tmp_path: Path, runner: Any
) -> None:
    store = make_store("profile")
    unlock = UnlockWidget(tmp_path / "profile", runner)
    qtbot.addWidget(unlock)
    unlock.show()
    assert not unlock.creating and not unlock.keyring_button.isVisible()
    assert unnamed(unlock) == []
    store.set_keyring(True)  # the "Unlock with computer login" button appears
    unlock.refresh_mode()
    assert unlock.keyring_button.isVisible()
    assert unnamed(unlock) == []


@pytest.fixture
def full_case(store: Store) -> str:
    """A case with something in every list, so every form and list has been filled once."""
    import datetime as dt

    from hcdesk.casework.cases import log_contact, record_wish
    from hcdesk.models.case import (
        Charge,
        HostilityEvidence,
        NeedsAssessment,
        Person,
        Referral,
        SupportAction,
        SupportPlan,
        VictimsCodeEvent,
    )

    with store.transaction(reason="test set-up") as s:
        case = new_case(s, RecordType.HATE_CRIME, place="Warwick")
        s.flush()
        cid = case.id
        s.add(Person(case_id=cid, role="VICTIM", name="Amira Haddad", language="Arabic"))
        s.add(
            HostilityEvidence(
                case_id=cid,
                limb="DEMONSTRATED",
                timing="DURING",
                words_or_conduct="…",
                source="BWV",
            )
        )
        record_wish(s, case, "I want to be kept informed", recorded_by="PC Test")
        a = NeedsAssessment(case_id=cid, assessed_on=dt.date(2026, 1, 2), assessor="PC Test")
        s.add(a)
        s.flush()
        p = SupportPlan(case_id=cid, assessment_id=a.id)
        s.add(p)
        s.flush()
        s.add(SupportAction(case_id=cid, plan_id=p.id, need_area="HOUSING", action="x", owner="y"))
        s.add(Referral(case_id=cid, agency="TELL_MAMA", referred_on=dt.date(2026, 1, 3)))
        log_contact(
            s,
            case,
            occurred_at=dt.datetime.now(dt.UTC),
            channel="PHONE",
            direction="TO_VICTIM",
            summary="Called",
            recorded_by="PC Test",
        )
        s.add(
            VictimsCodeEvent(
                case_id=cid, right_number=1, event="OTHER", event_date=dt.date(2026, 1, 4)
            )
        )
        s.add(Charge(case_id=cid, offence="s.4A Public Order Act 1986"))
    return cid


def test_main_window_and_every_case_tab(
    qtbot: Any, store: Store, runner: Any, full_case: str
) -> None:
    window = open_main(qtbot, store, runner)
    failures = unnamed(window)
    window.request_open(full_case)
    qtbot.waitUntil(lambda: window.case_id == full_case, timeout=WAIT_MS)
    casefile = window.casefile
    for i in range(casefile.tabs.count()):
        casefile.tabs.setCurrentIndex(i)
        qtbot.waitUntil(lambda i=i: casefile.tabs.currentWidget().isVisible())
        failures += [
            f"[tab {casefile.tabs.tabText(i)}] {f}" for f in unnamed(casefile.tabs.widget(i))
        ]
    failures += unnamed(window)
    # Each section's list and buttons are named after the section, so they can be told apart.
    names = [w.accessibleName() for w in window.findChildren(QWidget) if isinstance(w, QPushButton)]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    assert sorted(set(failures)) == [], "\n".join(sorted(set(failures)))
    assert duplicates == []


def test_unsaved_changes_question(
    qtbot: Any, store: Store, runner: Any, full_case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real modal question, walked while it is open, then answered "Discard"."""
    monkeypatch.setattr(QMessageBox, "question", REAL_QUESTION)
    window: MainWindow = open_main(qtbot, store, runner)
    window.request_open(full_case)
    qtbot.waitUntil(lambda: window.case_id == full_case, timeout=WAIT_MS)
    show_section(window.casefile, window.casefile.case_form)
    window.casefile.case_form.form.editors["place"].setText("Kenilworth")  # type: ignore[attr-defined]
    assert window.casefile.has_changes()

    seen: dict[str, Any] = {}

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen["text"] = box.text()
        seen["unnamed"] = unnamed(box)
        box.button(QMessageBox.StandardButton.Discard).click()

    QTimer.singleShot(0, answer)
    assert window.confirm_discard() is True
    assert "not saved" in seen["text"]
    assert seen["unnamed"] == []


# -- sync windows ---------------------------------------------------------------------------------
@pytest.fixture
def central(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A real central store (its own process), with cheap password hashing for accounts."""
    import serverkit

    monkeypatch.setattr(serverkit.auth, "PASSWORD_HASHER", serverkit.FAST_HASHER)
    store = serverkit.CentralStore(tmp_path / "central")
    store.start()
    yield store
    store.close()


def test_sync_windows(
    qtbot: Any, make_store: Any, runner: Any, central: Any, tmp_path: Path
) -> None:
    """The Sync panel, sign-in, the conflict list, the Resolve dialog for each kind of conflict
    (and its combined-text editor), the refused-changes list and the withdrawn-device notice,
    over real conflicts made by two laptops through a real central store."""
    import datetime as dt

    import serverkit

    from hcdesk.casework import casefile as cf
    from hcdesk.models.case import Referral
    from hcdesk.sync.client import SyncClient
    from hcdesk.ui.sync import SyncController
    from hcdesk.ui.sync_dialogs.revoked import revoked_box

    central.add_user("sgt", "supervisor")
    central.add_user("pc", "caseworker")
    laptops = []
    for name, user in (("laptop-a", "sgt"), ("laptop-b", "pc")):
        store = make_store(name, officer=user)
        client = SyncClient(store)
        client.login(central.url, user, serverkit.USER_PASSWORD, name)
        laptops.append((store, client))
    (store_a, client_a), (store_b, client_b) = laptops
    with store_a.transaction(reason="test set-up") as s:
        case = new_case(s, RecordType.HATE_CRIME, place="Warwick", summary="Abuse at a bus stop")
        s.flush()
        case_id = case.id
        referral = Referral(case_id=case_id, agency="TELL_MAMA", referred_on=dt.date(2026, 1, 3))
        s.add(referral)
        s.flush()
        referral_id = referral.id
    client_a.sync()
    client_b.sync()
    # The other laptop changes the place, the summary and the referral first...
    with store_b.transaction(reason="test: concurrent edits") as s:
        cf.save_changes(
            s,
            case_id,
            cf.Changes(
                case={"place": "Leamington Spa", "summary": "Abuse at the bus stop by the park"},
                updates=[("referral", referral_id, {"outcome": "ACCEPTED"})],
            ),
        )
    client_b.sync()
    # ...and this one, not having seen that, changes the same and deletes the referral.
    with store_a.transaction(reason="test: concurrent edits") as s:
        cf.save_changes(
            s,
            case_id,
            cf.Changes(
                case={"place": "Kenilworth", "summary": "Verbal abuse at a bus stop"},
                deletes=[("referral", referral_id)],
            ),
        )
    client_a.sync()
    assert {c.policy for c in client_a.conflicts()} == {"scalar", "narrative", "delete"}

    window = open_main(qtbot, store_a, runner)
    controller = SyncController(store_a)
    try:
        window.attach_sync(controller)
        with qtbot.waitSignal(controller.finished, timeout=WAIT_MS):
            controller.start()
        failures: list[str] = []

        def walk(where: str, root: QWidget) -> None:
            failures.extend(f"[{where}] {f}" for f in unnamed(root))

        window.request_open(case_id)
        qtbot.waitUntil(lambda: window.casefile.conflict_banner.isVisible(), timeout=WAIT_MS)
        walk("main window", window)
        walk("sync panel", window.open_sync_panel())
        walk("sign-in", window.open_sign_in())
        dialog = window.open_conflicts(case_id)
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 3, timeout=WAIT_MS)
        walk("conflicts", dialog)
        for row in range(3):
            resolve = dialog.review(dialog.model.index(row, 0))
            policy = dialog.model.rows[row].policy
            walk(f"resolve {policy}", resolve)
            if policy == "narrative":
                resolve.combine()
                walk("combined text", resolve.combine_dialog)
                resolve.combine_dialog.reject()
            resolve.reject()
        quarantine = window.open_quarantine()
        walk("refused changes", quarantine)
        box = revoked_box(type("Report", (), {"pending_changes": 2, "cases": {"L-1": 2}})())
        qtbot.addWidget(box)
        walk("withdrawn notice", box)
        assert sorted(set(failures)) == [], "\n".join(sorted(set(failures)))
    finally:
        controller.stop()()
