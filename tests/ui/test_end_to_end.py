"""An officer's first session, end to end: create the store, open a case, record everything a
first visit produces, save, lock, unlock, and find it all on disk afterwards."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from testvalues import PASSPHRASE
from uikit import WAIT_MS, save_and_wait, show_section

from hcdesk.casework import casefile as cf
from hcdesk.casework.overdue import is_overdue
from hcdesk.models.case import CaseFile, ContactLog, HostilityEvidence, SupportAction, VictimWish
from hcdesk.models.enums import (
    ActionStatus,
    ContactChannel,
    ContactDirection,
    MonitoredStrand,
    RecordType,
)
from hcdesk.models.labels import label
from hcdesk.store.store import Store
from hcdesk.ui.casefile_sections import RecordSection
from hcdesk.ui.forms import FieldForm

WORDS = (
    "Wracaj do Polski, ty brudny Polaku! Żółć, gęślą jaźń.\n"
    "ارجع إلى بلدك يا قذر\n"
    "— shouted twice, then «go home»"
)
WISH_1 = "I want them charged. Nie chcę, żeby to się powtórzyło."
WISH_2 = "أريد أن أعرف متى ستكون المحكمة — I'd now rather not go to court."


def type_into(qtbot: Any, editor: QWidget, text: str) -> None:
    """Type as a person would, one key event per character. QTest.keyClicks only knows Latin-1
    (it aborts on "Ż"), so each character goes as the key event a Polish or Arabic keyboard
    layout produces: the key's text, with no Latin key code."""
    assert isinstance(editor, QLineEdit | QPlainTextEdit), editor
    editor.clear()
    editor.setFocus()
    for ch in text:
        if ch == "\n":
            qtbot.keyClick(editor, Qt.Key.Key_Return)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(editor, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def choose(form: FieldForm, key: str, value: str) -> None:
    combo = form.editors[key]
    assert isinstance(combo, QComboBox)
    index = combo.findData(value)
    assert index >= 0, (key, value)
    combo.setCurrentIndex(index)


def tick(qtbot: Any, box: QCheckBox) -> None:
    box.ensurePolished()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.rect().center())
    if not box.isChecked():  # a style whose hit area is the indicator only
        box.click()
    assert box.isChecked()


def add(qtbot: Any, section: RecordSection) -> None:
    before = len(section.pending_new)
    assert section.add_button.isVisible()
    qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    assert len(section.pending_new) == before + 1, (
        section.hint.text()
        + " "
        + repr({k: lbl.text() for k, lbl in section.form.errors.items() if lbl.text()})
    )


def test_first_session_end_to_end(qtbot: Any, shells: Any, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    today = dt.date.today()
    yesterday = today - dt.timedelta(days=1)
    shell = shells(profile)
    shell.start()
    unlock = shell.unlock_widget
    qtbot.waitExposed(unlock)

    # -- first run: create the store ---------------------------------------------------------
    assert unlock.creating and unlock.confirm.isVisible()
    assert unlock.button.text().replace("&", "") == "Create"
    qtbot.keyClicks(unlock.passphrase, PASSPHRASE)
    qtbot.keyClicks(unlock.confirm, PASSPHRASE)
    qtbot.mouseClick(unlock.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.window is not None and shell.window.isVisible(), timeout=WAIT_MS)
    window = shell.window
    assert window is not None and shell.store is not None
    assert not unlock.isVisible()
    assert unlock.passphrase.text() == "" and unlock.confirm.text() == ""
    qtbot.waitUntil(lambda: window.list_panel.count.text() != "", timeout=WAIT_MS)

    # -- Ctrl+N starts a new case: stored only when first saved with its required fields ------
    assert window.new_action.shortcut() == QKeySequence("Ctrl+N")
    window.new_action.trigger()
    qtbot.waitUntil(lambda: window.case_id is not None, timeout=WAIT_MS)
    case_id = window.case_id
    casefile = window.casefile
    assert casefile.isVisible() and casefile.isEnabled() and not window.placeholder.isVisible()
    assert window.is_draft() and window.model.total == 0
    show_section(casefile, casefile.victim_form)
    type_into(qtbot, casefile.victim_form.form.editors["name"], "Ewa Kowalska")

    # -- incident: record type and a monitored strand -----------------------------------------
    show_section(casefile, casefile.case_form)
    choose(casefile.case_form.form, "record_type", RecordType.NON_CRIME_HATE_INCIDENT.value)
    strands = casefile.case_form.form.editors["monitored_strands"]
    tick(qtbot, strands.boxes[MonitoredStrand.RACE.value])  # type: ignore[attr-defined]
    assert window.save_action.isEnabled()

    # -- hostility evidence, verbatim in Polish and Arabic ------------------------------------
    ev = casefile.evidence.form
    choose(ev, "strand", "RACE")
    choose(ev, "limb", "DEMONSTRATED")
    choose(ev, "timing", "DURING")
    choose(ev, "source", "BWV")
    type_into(qtbot, ev.editors["words_or_conduct"], WORDS)
    assert ev.editors["words_or_conduct"].toPlainText() == WORDS  # type: ignore[attr-defined]
    type_into(qtbot, ev.editors["language"], "Polish, Arabic")
    add(qtbot, casefile.evidence)
    assert casefile.evidence.list.rowCount() == 1
    assert WORDS.split("\n")[0] in casefile.evidence.list.item(0, 0).text()

    # -- two wishes, newest first --------------------------------------------------------------
    show_section(casefile, casefile.wishes)
    wf = casefile.wishes.form
    type_into(qtbot, wf.editors["victim_words"], WISH_1)
    add(qtbot, casefile.wishes)
    type_into(qtbot, wf.editors["victim_words"], WISH_2)
    tick(qtbot, wf.editors["confirmed_with_victim"])  # type: ignore[arg-type]
    add(qtbot, casefile.wishes)
    shown = [casefile.wish_list.item(i).text() for i in range(casefile.wish_list.count())]
    assert len(shown) == 2
    assert WISH_2 in shown[0] and WISH_1 in shown[1], shown

    # -- a support action that was due yesterday ----------------------------------------------
    show_section(casefile, casefile.support_actions)
    af = casefile.support_actions.form
    choose(af, "need_area", "SAFETY_SECURITY")
    type_into(qtbot, af.editors["action"], "Fit a door camera; chase the housing officer.")
    type_into(qtbot, af.editors["owner"], "PC Kowalska")
    type_into(qtbot, af.editors["due_date"], yesterday.strftime("%d/%m/%Y"))
    add(qtbot, casefile.support_actions)

    # -- a contact ------------------------------------------------------------------------------
    show_section(casefile, casefile.contacts)
    cfm = casefile.contacts.form
    assert cfm.editors["occurred_at"].text()  # type: ignore[attr-defined]  (defaults to now)
    choose(cfm, "channel", "PHONE")
    choose(cfm, "direction", "TO_VICTIM")
    type_into(qtbot, cfm.editors["summary"], "Rang the victim; an interpreter booked for Friday.")
    add(qtbot, casefile.contacts)

    # -- Save: one background transaction -------------------------------------------------------
    save_and_wait(qtbot, window)
    assert not window.save_action.isEnabled()
    assert not casefile.has_changes()
    assert "Saved" in window.statusBar().currentMessage()
    snap = casefile.snapshot
    assert snap is not None and snap.case_id == case_id and not window.is_draft()
    reference = snap.reference
    assert reference and reference in casefile.header.text()
    qtbot.waitUntil(lambda: window.model.total == 1, timeout=WAIT_MS)
    assert snap.case["record_type"] == RecordType.NON_CRIME_HATE_INCIDENT
    assert snap.case["monitored_strands"] == [MonitoredStrand.RACE]
    assert [r["words_or_conduct"] for r in snap.records["hostility_evidence"]] == [WORDS]
    assert casefile.support_actions.list.rowCount() == 1
    due_item = casefile.support_actions.list.item(0, 2)
    assert "OVERDUE" in due_item.text() and yesterday.strftime("%d/%m/%Y") in due_item.text()
    shown = [casefile.wish_list.item(i).text() for i in range(casefile.wish_list.count())]
    assert len(shown) == 2 and WISH_2 in shown[0] and WISH_1 in shown[1], shown
    assert all("not yet saved" not in t for t in shown)
    assert casefile.contacts.list.rowCount() == 1
    qtbot.waitUntil(
        lambda: window.model.data(window.model.index(0, 2))
        == label(RecordType.NON_CRIME_HATE_INCIDENT),
        timeout=WAIT_MS,
    )

    # -- Lock, then unlock: the same case is still on screen -----------------------------------
    store_before = shell.store
    with qtbot.waitSignal(shell.locked, timeout=WAIT_MS):
        window.lock_action.trigger()
    assert shell.store is None and store_before.locked  # type: ignore[union-attr]
    assert unlock.isVisible() and not window.isVisible()
    assert not unlock.creating and unlock.button.text().replace("&", "") == "Unlock"
    assert not unlock.confirm.isVisible()

    qtbot.keyClicks(unlock.passphrase, PASSPHRASE)
    qtbot.keyClick(unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shell.store is not None and window.isVisible(), timeout=WAIT_MS)
    assert shell.window is window and window.case_id == case_id
    assert reference in casefile.header.text()
    assert casefile.evidence.list.rowCount() == 1 and casefile.wish_list.count() == 2
    assert "OVERDUE" in casefile.support_actions.list.item(0, 2).text()
    qtbot.waitUntil(lambda: window.model.total == 1, timeout=WAIT_MS)

    # -- from disk, through the ORM ---------------------------------------------------------------
    with qtbot.waitSignal(shell.locked, timeout=WAIT_MS):
        shell.lock()
    with Store.open(profile, PASSPHRASE) as store, store.session() as s:
        case = s.get(CaseFile, case_id)
        assert case is not None and case.reference == reference
        assert case.record_type == RecordType.NON_CRIME_HATE_INCIDENT
        assert case.monitored_strands == [MonitoredStrand.RACE]
        evidence = s.scalars(
            sa.select(HostilityEvidence).where(HostilityEvidence.case_id == case_id)
        )
        (item,) = evidence.all()
        assert item.words_or_conduct == WORDS
        assert item.language == "Polish, Arabic"
        wishes = s.scalars(
            sa.select(VictimWish)
            .where(VictimWish.case_id == case_id)
            .order_by(VictimWish.recorded_at)
        ).all()
        assert [w.victim_words for w in wishes] == [WISH_1, WISH_2]
        assert [w.confirmed_with_victim for w in wishes] == [False, True]
        assert all(w.recorded_by == store.officer and w.recorded_at for w in wishes)
        (action,) = s.scalars(
            sa.select(SupportAction).where(SupportAction.case_id == case_id)
        ).all()
        assert action.due_date == yesterday and action.status == ActionStatus.OPEN
        assert action.owner == "PC Kowalska"
        assert is_overdue(action, today)
        (contact,) = s.scalars(sa.select(ContactLog).where(ContactLog.case_id == case_id)).all()
        assert contact.channel == ContactChannel.PHONE
        assert contact.direction == ContactDirection.TO_VICTIM
        assert contact.recorded_by == store.officer
        s.rollback()
    with Store.open(profile, PASSPHRASE) as store, store.transaction() as s:
        snap = cf.load_case(s, case_id)
        assert [r["words_or_conduct"] for r in snap.records["hostility_evidence"]] == [WORDS]
        assert len(snap.records["victim_wish"]) == 2
        assert len(snap.records["contact_log"]) == 1
        assert snap.records["support_action"][0]["due_date"] == yesterday
