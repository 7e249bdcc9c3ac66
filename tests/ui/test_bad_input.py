"""A wrong value in any kind of field: the message appears at that field, and Save writes
nothing at all (not even the other, good, changes on the screen)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget
from uikit import WAIT_MS, open_case, save_and_wait, show_section

from hcdesk.casework.casefile import MODELS
from hcdesk.casework.cases import new_case
from hcdesk.models.audit import AuditEvent
from hcdesk.models.case import CaseFile, Referral
from hcdesk.models.enums import RecordType, ReferralAgency
from hcdesk.models.sync import Outbox
from hcdesk.store.store import Store
from hcdesk.ui.forms import FieldForm
from hcdesk.ui.mainwindow import MainWindow


def counts(store: Store) -> dict[str, int]:
    """Rows in every case table, the sync outbox, and changes (not reads) in the audit trail."""
    with store.engine_or_raise().connect() as conn:
        out = {
            name: conn.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()
            for name, model in MODELS.items()
        }
        out["outbox"] = conn.execute(sa.select(sa.func.count()).select_from(Outbox)).scalar_one()
        out["audited changes"] = conn.execute(
            sa.select(sa.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.operation != "CONSULTATION")
        ).scalar_one()
    return out


def case_row(store: Store, case_id: str) -> dict[str, Any]:
    with store.session() as s:
        case = s.get(CaseFile, case_id)
        assert case is not None
        return {c: getattr(case, c) for c in ("place", "incident_date", "incident_time", "urn")}


def set_text(qtbot: Any, editor: QWidget, text: str) -> None:
    assert isinstance(editor, QLineEdit | QPlainTextEdit)
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClicks(editor, text)


@pytest.fixture
def seeded(store: Store) -> tuple[Store, str]:
    """A case with a referral already recorded (referrals hold the whole-number field)."""
    with store.transaction(reason="test set-up") as s:
        case = new_case(s, RecordType.HATE_CRIME, place="Rugby", team="")
        s.flush()
        s.add(
            Referral(
                case_id=case.id,
                agency=ReferralAgency.STOP_HATE_UK,
                referred_on=dt.date(2026, 1, 5),
            )
        )
        case_id = case.id
    return store, case_id


@pytest.fixture
def window(qtbot: Any, seeded: tuple[Store, str], runner: Any) -> MainWindow:
    store, case_id = seeded
    w = open_case(qtbot, store, runner, case_id)
    assert not w.casefile.has_changes(), "a freshly opened case must not count as changed"
    return w


def press_save_expect_refusal(qtbot: Any, window: MainWindow, store: Store) -> None:
    before = counts(store)
    assert window.save_action.isEnabled()
    window.save_action.trigger()
    assert not window.saving
    assert "Nothing was saved" in window.statusBar().currentMessage()
    assert window.runner.wait(WAIT_MS)
    assert counts(store) == before


def error_at(form: FieldForm, key: str) -> str:
    label = form.errors[key]
    assert label.isVisible(), f"the message for {key} is not visible"
    # Right under its own field, not somewhere else on the screen.
    editor = form.editors[key]
    assert label.parentWidget() is editor.parentWidget()
    assert label.geometry().top() >= editor.geometry().bottom()
    assert label.geometry().top() - editor.geometry().bottom() < 30
    return label.text()


def no_error_shown(form: FieldForm) -> bool:
    return not any(label.isVisible() for label in form.errors.values())


CASE_FIELD_CASES: list[tuple[str, str, str]] = [
    ("incident_date", "31/02/2026", "That date does not exist; check the day and month."),
    ("incident_date", "tomorrow", "Type a date as day/month/year, for example 25/11/2026."),
    ("reported_date", "12/13/2026", "That date does not exist; check the day and month."),
    ("next_review_date", "01/01/0026", "That year looks wrong; check the date."),
    ("incident_time", "25:99", "Type a time as hours:minutes, for example 14:30."),
    ("urn", "4" * 40, "Keep this to 32 characters or fewer."),
]


@pytest.mark.parametrize(("key", "typed", "message"), CASE_FIELD_CASES)
def test_bad_case_field_is_marked_and_nothing_is_saved(
    qtbot: Any,
    window: MainWindow,
    seeded: tuple[Store, str],
    key: str,
    typed: str,
    message: str,
) -> None:
    store, case_id = seeded
    casefile = window.casefile
    form = casefile.case_form.form
    show_section(casefile, casefile.case_form)
    original = case_row(store, case_id)
    # A good change alongside the bad one: it must not be saved on its own.
    set_text(qtbot, form.editors["place"], "Stratford-upon-Avon")
    set_text(qtbot, form.editors[key], typed)

    press_save_expect_refusal(qtbot, window, store)
    assert error_at(form, key) == message
    assert [k for k, lbl in form.errors.items() if lbl.isVisible()] == [key]
    assert case_row(store, case_id) == original
    assert window.focusWidget() is form.editors[key]

    # Corrected, it saves; the message goes away.
    set_text(qtbot, form.editors[key], "")
    save_and_wait(qtbot, window)
    assert no_error_shown(form)
    assert case_row(store, case_id)["place"] == "Stratford-upon-Avon"


def test_required_text_left_empty_on_another_tab(
    qtbot: Any, window: MainWindow, seeded: tuple[Store, str]
) -> None:
    """Victim details typed without the (required) name: Save goes to the Victim tab and says
    what is missing there, even though the officer pressed Save on another tab."""
    store, _ = seeded
    casefile = window.casefile
    show_section(casefile, casefile.victim_form)
    vform = casefile.victim_form.form
    set_text(qtbot, vform.editors["language"], "Polish")
    show_section(casefile, casefile.case_form)

    press_save_expect_refusal(qtbot, window, store)
    assert casefile.tabs.currentIndex() == 1  # Victim
    assert error_at(vform, "name") == "Enter the name."

    set_text(qtbot, vform.editors["name"], "Agnieszka Nowak")
    save_and_wait(qtbot, window)
    assert no_error_shown(vform)
    assert casefile.snapshot is not None and casefile.snapshot.victim()["language"] == "Polish"  # type: ignore[index]


def test_bad_number_in_an_existing_record(
    qtbot: Any, window: MainWindow, seeded: tuple[Store, str]
) -> None:
    store, case_id = seeded
    casefile = window.casefile
    show_section(casefile, casefile.referrals)
    section = casefile.referrals
    section.list.selectRow(0)
    assert section.current is not None and section.current.get("id")
    form = section.form
    set_text(qtbot, form.editors["contact_attempts"], "abc")
    set_text(qtbot, form.editors["agency_other"], "should not be saved")

    press_save_expect_refusal(qtbot, window, store)
    assert error_at(form, "contact_attempts") == "Enter a whole number, for example 3."
    with store.session() as s:
        (ref,) = s.scalars(sa.select(Referral).where(Referral.case_id == case_id)).all()
        assert ref.contact_attempts == 0 and ref.agency_other is None

    set_text(qtbot, form.editors["contact_attempts"], "3")
    save_and_wait(qtbot, window)
    assert no_error_shown(form)
    with store.session() as s:
        (ref,) = s.scalars(sa.select(Referral).where(Referral.case_id == case_id)).all()
        assert ref.contact_attempts == 3 and ref.agency_other == "should not be saved"


def _fill_code_event(form: FieldForm) -> None:
    combo = form.editors["event"]
    combo.setCurrentIndex(1)  # type: ignore[attr-defined]
    form.editors["event_date"].setText("05/01/2026")  # type: ignore[attr-defined]


NEW_ENTRY_CASES: list[tuple[str, str, str, Callable[[FieldForm], None]]] = [
    ("right_number", "abc", "Enter a whole number, for example 3.", _fill_code_event),
    ("right_number", "99999", "Enter a number from 1 to 12.", _fill_code_event),
    ("right_number", "0", "Enter a number from 1 to 12.", _fill_code_event),
    (
        "event_date",
        "30/02/2026",
        "That date does not exist; check the day and month.",
        lambda f: None,
    ),
]


@pytest.mark.parametrize(("key", "typed", "message", "fill"), NEW_ENTRY_CASES)
def test_bad_value_in_a_new_entry_is_not_added(
    qtbot: Any,
    window: MainWindow,
    seeded: tuple[Store, str],
    key: str,
    typed: str,
    message: str,
    fill: Callable[[FieldForm], None],
) -> None:
    store, _ = seeded
    casefile = window.casefile
    section = casefile.code_events
    show_section(casefile, section)
    fill(section.form)
    set_text(qtbot, section.form.editors[key], typed)
    before = counts(store)
    qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    assert error_at(section.form, key) == message
    assert section.pending_new == [] and section.list.rowCount() == 0
    assert "Fix the fields marked in red" in section.hint.text()
    # The typed entry is a draft that Save would keep, so Save refuses it with the same message.
    window.save_action.trigger()
    assert not window.saving
    assert "need attention" in window.statusBar().currentMessage()
    assert error_at(section.form, key) == message
    assert counts(store) == before


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("words_or_conduct", "Enter the words or conduct (verbatim)."),
        ("limb", "Choose the limb (demonstrated or motivated)."),
    ],
)
def test_required_evidence_field_left_empty(
    qtbot: Any, window: MainWindow, seeded: tuple[Store, str], key: str, message: str
) -> None:
    casefile = window.casefile
    form = casefile.evidence.form
    show_section(casefile, casefile.evidence)
    for k, v in {"limb": 1, "timing": 1, "source": 1}.items():
        if k != key:
            form.editors[k].setCurrentIndex(v)  # type: ignore[attr-defined]
    if key != "words_or_conduct":
        set_text(qtbot, form.editors["words_or_conduct"], "Go back to your own country")
    qtbot.mouseClick(casefile.evidence.add_button, Qt.MouseButton.LeftButton)
    assert error_at(form, key) == message
    assert casefile.evidence.pending_new == []


def test_a_save_refused_by_casework_says_why_in_the_status_bar_and_keeps_every_edit(
    qtbot: Any, window: MainWindow, seeded: tuple[Store, str]
) -> None:
    """A value the forms let through but the save refuses (BadField, from check_limits: an HOCR
    code longer than the field allows): the same place as any refused save (the status bar,
    "Not saved: ..." with casework's own sentence), nothing written, every edit still on the
    screen to put right and save again. A route refused at save (a UsageError from save_case)
    takes the same way."""
    store, case_id = seeded
    casefile = window.casefile
    form = casefile.case_form.form
    show_section(casefile, casefile.case_form)
    set_text(qtbot, form.editors["place"], "Stratford-upon-Avon")
    set_text(qtbot, form.editors["hocr_codes"], "8/1, 125/1234567890")
    before, original = counts(store), case_row(store, case_id)

    window.save_action.trigger()
    assert window.saving
    qtbot.waitUntil(lambda: not window.saving, timeout=WAIT_MS)
    message = window.statusBar().currentMessage()
    assert message.startswith("Not saved: HOCR codes "), message
    assert message.endswith("; nothing was saved."), message
    assert counts(store) == before and case_row(store, case_id) == original
    assert casefile.has_changes() and window.save_action.isEnabled()
    assert form.editors["place"].text() == "Stratford-upon-Avon"  # type: ignore[attr-defined]
    assert form.editors["hocr_codes"].text() == "8/1, 125/1234567890"  # type: ignore[attr-defined]

    set_text(qtbot, form.editors["hocr_codes"], "8/1, 125/12")
    save_and_wait(qtbot, window)
    assert case_row(store, case_id)["place"] == "Stratford-upon-Avon"


def test_a_legal_route_refused_at_save_shows_the_rule_once_and_keeps_the_charge(
    qtbot: Any, window: MainWindow, seeded: tuple[Store, str]
) -> None:
    """The lead's rule (legal.refuse_new_problems, a UsageError from save_case): a Crime and
    Disorder Act route on a case with no racial or religious strand. Its sentence, which says
    "Not saved" itself, is shown once in the status bar; the charge stays on the screen."""
    store, _ = seeded
    casefile = window.casefile
    charges = casefile.charges
    show_section(casefile, charges)
    form = charges.form
    set_text(qtbot, form.editors["offence"], "Racially aggravated criminal damage")
    route = form.editors["legal_route"]
    route.setCurrentIndex(route.findData("CDA_S30_CRIMINAL_DAMAGE"))  # type: ignore[attr-defined]
    qtbot.mouseClick(charges.add_button, Qt.MouseButton.LeftButton)
    assert len(charges.pending_new) == 1
    before = counts(store)

    window.save_action.trigger()
    qtbot.waitUntil(lambda: not window.saving, timeout=WAIT_MS)
    message = window.statusBar().currentMessage()
    assert message.startswith("Not saved: “Racially aggravated criminal damage”: Crime and"), (
        message
    )
    assert message.count("Not saved") == 1
    assert counts(store) == before
    assert casefile.has_changes() and len(charges.pending_new) == 1
    assert charges.list.item(0, 0).text().startswith("(not yet saved)")
    assert charges.list.item(0, 1).text() == "Racially aggravated criminal damage"
