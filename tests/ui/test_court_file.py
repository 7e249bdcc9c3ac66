"""The prosecutor's file on the case-file screen: suspects and witnesses, the charges with their
defendant, plea and elements, hearings, bail and remand, MG13 applications, MG15 interviews, and
the append-only sign-offs and consents; every field naming a suspect is a drop-down of the case's
suspects by name, those added but not yet saved included. Real widgets, real store."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTabWidget,
    QWidget,
)
from uikit import WAIT_MS, new_case_opened, open_case, open_main, save_and_wait, show_section

from hcdesk.casework import preflight
from hcdesk.casework.casefile import load_case
from hcdesk.casework.cases import new_case
from hcdesk.export.service import export_summary
from hcdesk.models.case import (
    BailRecord,
    Charge,
    CourtApplication,
    CourtListing,
    DisclosureConsent,
    InterviewAccount,
    Person,
    SummarySignOff,
)
from hcdesk.models.enums import MonitoredStrand, PersonRole, RecordType, WishItem
from hcdesk.store.store import Store
from hcdesk.ui.casefile_sections import RecordSection, bring_into_view
from hcdesk.ui.forms import ElementsEditor, MultiChoice, PersonChoice
from hcdesk.ui.mainwindow import MainWindow
from hcdesk.ui.tasks import TaskRunner


def type_into(qtbot: Any, editor: QWidget, text: str) -> None:
    assert isinstance(editor, QLineEdit | QPlainTextEdit), editor
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClicks(editor, text)


def choose(editor: QWidget, value: str) -> None:
    assert isinstance(editor, QComboBox), editor
    index = editor.findData(value)
    assert index >= 0, f"{value} is not offered"
    editor.setCurrentIndex(index)


def names_offered(editor: QWidget) -> list[str]:
    assert isinstance(editor, PersonChoice), f"{editor} is not a choice of people"
    return [editor.itemText(i) for i in range(1, editor.count())]


def choose_person(editor: QWidget, name: str) -> None:
    assert isinstance(editor, PersonChoice)
    index = editor.findText(name)
    assert index > 0, f"{name} is not offered: {names_offered(editor)}"
    editor.setCurrentIndex(index)


def add(qtbot: Any, section: RecordSection) -> None:
    qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    assert section.hint.text() == "Added; press Save to keep it.", section.hint.text()


def rows(store: Store, model: Any, case_id: str) -> list[Any]:
    with store.session() as s:
        found = list(s.scalars(sa.select(model).where(model.case_id == case_id)))
        for row in found:
            s.expunge(row)
        return found


def victim_case(store: Store, exports: int = 0) -> str:
    with store.transaction(reason="test set-up") as s:
        case = new_case(s, RecordType.HATE_CRIME, place="Nuneaton", summary="Shouted at")
        s.flush()
        s.add(Person(case_id=case.id, role=PersonRole.VICTIM, name="Ravi Patel"))
        s.add(Person(case_id=case.id, role=PersonRole.SUSPECT, name="Kyle Ross"))
        case_id, reference = case.id, case.reference
    if exports:
        with store.transaction(reason="test set-up") as s:
            found = preflight.outstanding(load_case(s, case_id, consult=False))
            if found:  # the export refuses while any is outstanding
                preflight.acknowledge(s, case_id, found, by="PC Test", reason="test set-up")
    for _ in range(exports):
        export_summary(store, reference, "cps", recipient="CPS West Midlands", reason="review")
    return case_id


PERSON_FIELDS = [
    ("charges", "defendant_id"),
    ("bail", "person_id"),
    ("applications", "person_id"),
    ("interviews", "person_id"),
]


def test_a_suspect_added_but_not_yet_saved_is_chosen_by_name_on_every_court_page(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    window = open_main(qtbot, store, runner)
    case_id = new_case_opened(qtbot, window)
    casefile = window.casefile
    court = casefile.court
    for attr, key in PERSON_FIELDS:
        assert names_offered(getattr(court, attr).form.editors[key]) == [], attr

    suspects = casefile.suspects
    show_section(casefile, suspects)
    type_into(qtbot, suspects.form.editors["name"], "Dean Shaw")
    add(qtbot, suspects)
    for attr, key in PERSON_FIELDS:
        editor = getattr(court, attr).form.editors[key]
        assert names_offered(editor) == ["Dean Shaw (not yet saved)"], attr
        assert not isinstance(editor, QLineEdit)

    # The charge: its defendant, plea, basis of plea and two elements with their evidence.
    charges = casefile.charges
    show_section(casefile, charges)
    form = charges.form
    choose_person(form.editors["defendant_id"], "Dean Shaw (not yet saved)")
    type_into(qtbot, form.editors["offence"], "Racially aggravated s.4A Public Order Act 1986")
    choose(form.editors["plea"], "GUILTY")
    type_into(qtbot, form.editors["plea_basis"], "Admits the words; denies following her")
    elements = form.editors["elements"]
    assert isinstance(elements, ElementsEditor)
    for _ in range(3):
        qtbot.mouseClick(elements.add_button, Qt.MouseButton.LeftButton)
    typed = [
        ("Threatening words", "V's MG11 p2; BWV 14:32"),
        ("Typed in the wrong row", "To be removed"),
        ("Racial hostility", "The words used (exhibit JB/1)"),
    ]
    for row, (element, evidence) in zip(elements.rows, typed, strict=True):
        type_into(qtbot, row["element"], element)
        type_into(qtbot, row["evidence"], evidence)
    qtbot.mouseClick(elements.removers[1], Qt.MouseButton.LeftButton)
    assert [r["element"].text() for r in elements.rows] == ["Threatening words", "Racial hostility"]
    add(qtbot, charges)

    bail = court.bail
    show_section(casefile, bail)
    choose_person(bail.form.editors["person_id"], "Dean Shaw (not yet saved)")
    choose(bail.form.editors["status"], "REMANDED_IN_CUSTODY")
    type_into(qtbot, bail.form.editors["grounds"], "Likely to contact the victim")
    add(qtbot, bail)

    save_and_wait(qtbot, window)

    (suspect,) = [p for p in rows(store, Person, case_id) if p.role != PersonRole.VICTIM]
    assert (suspect.name, suspect.role) == ("Dean Shaw", PersonRole.SUSPECT)
    (charge,) = rows(store, Charge, case_id)
    assert charge.defendant_id == suspect.id
    assert str(charge.plea) == "GUILTY"
    assert charge.plea_basis == "Admits the words; denies following her"
    assert charge.elements == [
        {"element": "Threatening words", "evidence": "V's MG11 p2; BWV 14:32"},
        {"element": "Racial hostility", "evidence": "The words used (exhibit JB/1)"},
    ]
    (remand,) = rows(store, BailRecord, case_id)
    assert remand.person_id == suspect.id and str(remand.status) == "REMANDED_IN_CUSTODY"

    # Saved, the suspect is offered (and listed) by name alone.
    for attr, key in PERSON_FIELDS:
        assert names_offered(getattr(court, attr).form.editors[key]) == ["Dean Shaw"], attr
    assert charges.list.item(0, 0).text() == "Dean Shaw"
    assert bail.list.item(0, 0).text() == "Dean Shaw"
    shown = charges.form.editors["elements"]
    assert isinstance(shown, ElementsEditor)
    assert [r["element"].text() for r in shown.rows] == ["Threatening words", "Racial hostility"]


def test_a_suspect_taken_off_the_screen_before_the_save_refuses_the_charge_naming_them(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    """The charge keeps its edits and says why it could not be saved."""
    window = open_main(qtbot, store, runner)
    case_id = new_case_opened(qtbot, window)
    casefile = window.casefile
    suspects, charges = casefile.suspects, casefile.charges
    show_section(casefile, suspects)
    type_into(qtbot, suspects.form.editors["name"], "Dean Shaw")
    add(qtbot, suspects)
    show_section(casefile, charges)
    choose_person(charges.form.editors["defendant_id"], "Dean Shaw (not yet saved)")
    type_into(qtbot, charges.form.editors["offence"], "Criminal damage")
    add(qtbot, charges)
    show_section(casefile, suspects)
    suspects.list.selectRow(0)
    qtbot.mouseClick(suspects.delete_button, Qt.MouseButton.LeftButton)
    assert names_offered(charges.form.editors["defendant_id"]) == []
    assert charges.list.item(0, 0).text() == "(not yet saved) (no longer in this case)"

    window.save_action.trigger()
    qtbot.waitUntil(lambda: not window.saving, timeout=WAIT_MS)
    message = window.statusBar().currentMessage()
    assert message.startswith("Not saved: The defendant chosen is not a suspect in this case")
    assert rows(store, Charge, case_id) == [] and rows(store, Person, case_id) == []
    assert casefile.has_changes() and len(charges.pending_new) == 1


def test_witness_statement_date_and_summary_are_recorded_on_witnesses_only(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    window = open_main(qtbot, store, runner)
    case_id = new_case_opened(qtbot, window)
    casefile = window.casefile
    witnesses = casefile.witnesses
    show_section(casefile, witnesses)
    form = witnesses.form
    type_into(qtbot, form.editors["name"], "Ann Lee (bus driver)")
    type_into(qtbot, form.editors["statement_ref"], "MG11-W1")
    type_into(qtbot, form.editors["statement_date"], "03/02/2026")
    type_into(qtbot, form.editors["statement_summary"], "Heard the words; saw him follow her off")
    add(qtbot, witnesses)
    save_and_wait(qtbot, window)
    (witness,) = [p for p in rows(store, Person, case_id) if p.role != PersonRole.VICTIM]
    assert witness.role == PersonRole.WITNESS
    assert witness.statement_date == dt.date(2026, 2, 3)
    assert witness.statement_summary == "Heard the words; saw him follow her off"
    assert witnesses.list.item(0, 2).text() == "03/02/2026"
    # Neither the witness's nor the suspect's fields are on the victim's form.
    victim_fields = set(casefile.victim_form.form.editors)
    assert not victim_fields & {"statement_summary", "statement_date", "intelligence", "role"}
    assert "statement_summary" not in casefile.suspects.form.editors


def test_a_hearing_is_recorded_with_its_court_date_and_time(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    window = open_main(qtbot, store, runner, today=lambda: dt.date(2026, 3, 2))
    case_id = new_case_opened(qtbot, window)
    listings = window.casefile.court.listings
    show_section(window.casefile, listings)
    form = listings.form
    assert form.editors["listed_for"].text() == "02/03/2026"  # type: ignore[attr-defined]
    type_into(qtbot, form.editors["court"], "Nuneaton Magistrates' Court")
    type_into(qtbot, form.editors["listed_for"], "16/03/2026")
    choose(form.editors["hearing_type"], "TRIAL")
    type_into(qtbot, form.editors["time"], "25:00")
    qtbot.mouseClick(listings.add_button, Qt.MouseButton.LeftButton)
    assert form.errors["time"].isVisible()
    assert form.errors["time"].text() == "Type a time as hours:minutes, for example 14:30."
    assert listings.pending_new == []
    type_into(qtbot, form.editors["time"], "9.30")
    add(qtbot, listings)
    save_and_wait(qtbot, window)
    (hearing,) = rows(store, CourtListing, case_id)
    assert (hearing.court, hearing.listed_for, hearing.time, str(hearing.hearing_type)) == (
        "Nuneaton Magistrates' Court",
        dt.date(2026, 3, 16),
        "09:30",
        "TRIAL",
    )


def test_an_mg13_application_and_an_mg15_interview_name_the_saved_suspect(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    case_id = victim_case(store)
    window = open_case(qtbot, store, runner, case_id)
    court = window.casefile.court
    show_section(window.casefile, court.applications)
    form = court.applications.form
    choose_person(form.editors["person_id"], "Kyle Ross")
    choose(form.editors["kind"], "RESTRAINING_ORDER")
    type_into(qtbot, form.editors["terms"], "Not to contact Ravi Patel directly or indirectly")
    add(qtbot, court.applications)
    show_section(window.casefile, court.interviews)
    form = court.interviews.form
    choose_person(form.editors["person_id"], "Kyle Ross")
    choose(form.editors["account"], "NO_COMMENT")
    type_into(qtbot, form.editors["interviewed_on"], "14/01/2026")
    add(qtbot, court.interviews)
    save_and_wait(qtbot, window)
    (kyle,) = [p for p in rows(store, Person, case_id) if p.role == PersonRole.SUSPECT]
    (application,) = rows(store, CourtApplication, case_id)
    (interview,) = rows(store, InterviewAccount, case_id)
    assert application.person_id == kyle.id and str(application.kind) == "RESTRAINING_ORDER"
    assert interview.person_id == kyle.id and interview.interviewed_on == dt.date(2026, 1, 14)


def test_evidence_without_its_element_is_not_added(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    case_id = victim_case(store)
    window = open_case(qtbot, store, runner, case_id)
    charges = window.casefile.charges
    show_section(window.casefile, charges)
    type_into(qtbot, charges.form.editors["offence"], "Common assault")
    elements = charges.form.editors["elements"]
    assert isinstance(elements, ElementsEditor)
    qtbot.mouseClick(elements.add_button, Qt.MouseButton.LeftButton)
    type_into(qtbot, elements.rows[0]["evidence"], "CCTV exhibit JB/1")
    qtbot.mouseClick(charges.add_button, Qt.MouseButton.LeftButton)
    assert charges.form.errors["elements"].isVisible()
    assert charges.form.errors["elements"].text() == (
        "Fill in the element of each row, or remove the row."
    )
    assert charges.pending_new == []
    window.save_action.trigger()  # the draft is refused by Save too
    assert not window.saving and "need attention" in window.statusBar().currentMessage()
    assert rows(store, Charge, case_id) == []


def test_a_sign_off_is_by_the_signed_in_officer_now_for_the_summary_exported_next(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    case_id = victim_case(store, exports=1)
    window = open_case(qtbot, store, runner, case_id)
    signoffs = window.casefile.court.signoffs
    show_section(window.casefile, signoffs)
    assert signoffs.list.rowCount() == 0
    form = signoffs.form
    before = dt.datetime.now().astimezone().replace(second=0, microsecond=0)
    assert form.editors["signed_by"].text() == store.officer  # type: ignore[attr-defined]
    assert form.editors["document_version"].text() == "2"  # type: ignore[attr-defined]
    values, errors = form.values(show=False)
    assert before <= values["signed_at"] <= dt.datetime.now().astimezone()
    assert errors == {"role": "Choose the signing role."}
    choose(form.editors["role"], "OIC")
    add(qtbot, signoffs)
    save_and_wait(qtbot, window)
    (signoff,) = rows(store, SummarySignOff, case_id)
    assert (str(signoff.role), signoff.signed_by, signoff.document_version) == (
        "OIC",
        store.officer,
        2,
    )
    # An entry of the log: listed, never changed, never deleted.
    assert signoffs.list.rowCount() == 1
    assert signoffs.list.item(0, 1).text() == "Officer in the case"
    signoffs.list.selectRow(0)
    assert not form.isEnabled()
    assert signoffs.hint.text() == "Entries cannot be changed; add a new one."
    assert not hasattr(signoffs, "delete_button")


def test_the_victims_consent_to_disclose_their_wishes_is_stamped_by_the_save(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    case_id = victim_case(store)
    window = open_case(qtbot, store, runner, case_id)
    consents = window.casefile.court.consents
    show_section(window.casefile, consents)
    form = consents.form
    assert "recorded_by" not in form.editors and "recorded_at" not in form.editors
    assert form.editors["given_by"].text() == "Ravi Patel"  # type: ignore[attr-defined]
    items = form.editors["wish_items"]
    assert isinstance(items, MultiChoice)
    assert [b.text() for b in items.boxes.values()] == [
        "Views on prosecution",
        "Views on out-of-court disposal and restorative justice",
        "Compensation",
    ]
    items.boxes[WishItem.VIEWS_ON_PROSECUTION].setChecked(True)
    items.boxes[WishItem.COMPENSATION].setChecked(True)
    oic = form.editors["oic_agreed"]
    assert isinstance(oic, QCheckBox)
    oic.setChecked(True)
    add(qtbot, consents)
    save_and_wait(qtbot, window)
    (consent,) = rows(store, DisclosureConsent, case_id)
    assert consent.wish_items == [WishItem.VIEWS_ON_PROSECUTION, WishItem.COMPENSATION]
    assert consent.oic_agreed and consent.given_by == "Ravi Patel"
    assert consent.recorded_by == store.officer
    assert consent.recorded_at is not None
    assert consents.list.rowCount() == 1


def _pages(tabs: QTabWidget) -> list[tuple[QTabWidget, int]]:
    out: list[tuple[QTabWidget, int]] = []
    for i in range(tabs.count()):
        page = tabs.widget(i)
        if isinstance(page, QTabWidget):
            out += _pages(page)
        else:
            out.append((tabs, i))
    return out


@pytest.mark.parametrize("size", [(1366, 768)])
def test_no_page_of_the_case_file_scrolls_sideways_on_a_small_laptop_screen(
    qtbot: Any, store: Store, runner: TaskRunner, size: tuple[int, int]
) -> None:
    case_id = victim_case(store)
    window: MainWindow = open_case(qtbot, store, runner, case_id)
    window.resize(*size)
    assert window.casefile.width() >= 560, window.casefile.width()  # what the forms get
    sideways = []
    pages = _pages(window.casefile.tabs)
    assert len(pages) >= 15  # every top-level tab, and each court page
    for tabs, i in pages:
        page = tabs.widget(i)
        bring_into_view(page)
        tabs.setCurrentIndex(i)
        qtbot.waitUntil(page.isVisible, timeout=WAIT_MS)
        QApplication.processEvents()
        area = page if isinstance(page, QScrollArea) else page.findChild(QScrollArea)
        if area is not None and area.horizontalScrollBar().isVisible():
            sideways.append(tabs.tabText(i).replace("&", ""))
    assert sideways == []


def test_a_case_whose_strands_are_stored_out_of_list_order_opens_unchanged(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    """Imported and synced cases keep a multi-select's choices as given (Religion, Race); the
    boxes give them in the list's order. That is no change: nothing to save, and Ctrl+P is not
    refused with "Save this case first"."""
    with store.transaction(reason="test set-up") as s:
        case = new_case(
            s,
            RecordType.HATE_CRIME,
            place="Rugby",
            monitored_strands=[MonitoredStrand.RELIGION, MonitoredStrand.RACE],
        )
        s.flush()
        case_id = case.id
    window = open_case(qtbot, store, runner, case_id)
    assert not window.casefile.has_changes()
    changes, errors = window.casefile.collect(show_errors=False)
    assert not changes and errors == {}
    strands = window.casefile.case_form.form.editors["monitored_strands"]
    assert isinstance(strands, MultiChoice)
    strands.boxes[MonitoredStrand.RACE].setChecked(False)
    changes, _ = window.casefile.collect(show_errors=False)
    assert changes.case == {"monitored_strands": [MonitoredStrand.RELIGION]}
