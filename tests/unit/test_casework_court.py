"""hcdesk.casework.court and hcdesk.casework.legal: the court facts a summary is built on."""

from __future__ import annotations

import datetime as dt

from hcdesk.casework import court
from hcdesk.casework.legal import prosecution_summary_allowed
from hcdesk.models.enums import RecordType

D = dt.date


def _suspect(pid: str, born: D | None = None) -> dict[str, object]:
    return {"id": pid, "role": "SUSPECT", "date_of_birth": born}


def test_a_charge_with_no_defendant_on_a_one_suspect_case_is_that_suspects() -> None:
    one = [_suspect("a"), {"id": "v", "role": "VICTIM"}]
    assert court.charge_defendant({"defendant_id": None}, one) == "a"
    assert court.charged_ids(one, [{"defendant_id": None}]) == {"a"}
    two = [_suspect("a"), _suspect("b")]
    assert court.charge_defendant({"defendant_id": None}, two) is None
    assert court.charged_ids(two, [{"defendant_id": "b"}]) == {"b"}
    assert court.charged_ids(two, []) == set()
    # a defendant id that names nobody on the case is nobody's
    assert court.charge_defendant({"defendant_id": "gone"}, two) is None


def test_is_youth_under_18_at_the_offence_date() -> None:
    people = [_suspect("a", D(2008, 3, 4))]
    case = {"incident_date": D(2026, 3, 4)}
    # on the 18th birthday: not a youth; the day before: a youth
    assert court.is_youth(people[0], people, [], case) is False
    assert court.is_youth(people[0], people, [], {"incident_date": D(2026, 3, 3)}) is True
    # the charge's offence date (the earliest) comes before the case's incident date
    charges = [
        {"defendant_id": "a", "offence_date": D(2026, 5, 1)},
        {"defendant_id": "a", "offence_date": D(2025, 12, 1)},
    ]
    assert court.offence_date("a", people, charges, case) == D(2025, 12, 1)
    assert court.is_youth(people[0], people, charges, case) is True
    # unknown without a date of birth or any offence date
    assert court.is_youth(_suspect("a"), [_suspect("a")], [], case) is None
    assert court.is_youth(people[0], people, [], {}) is None
    assert court.age_on(D(2000, 2, 29), D(2018, 2, 28)) == 17
    assert court.age_on(D(2000, 2, 29), D(2018, 3, 1)) == 18


def test_next_listing_is_on_or_after_the_date_else_the_last() -> None:
    first = {"listed_for": D(2026, 1, 5), "time": "10:00"}
    trial = {"listed_for": D(2026, 4, 14), "time": "10:00"}
    later_same_day = {"listed_for": D(2026, 4, 14), "time": "14:00"}
    rows = [trial, later_same_day, first]
    assert court.next_listing(rows, D(2026, 3, 1)) == (trial, True)
    assert court.next_listing(rows, D(2026, 4, 14)) == (trial, True)  # today counts as next
    assert court.next_listing(rows, D(2026, 4, 15)) == (later_same_day, False)
    assert court.next_listing([], D(2026, 3, 1)) is None


def test_prosecution_summary_allowed_only_for_a_hate_crime() -> None:
    assert prosecution_summary_allowed(RecordType.HATE_CRIME)
    assert prosecution_summary_allowed("HATE_CRIME")
    assert not prosecution_summary_allowed(RecordType.NON_CRIME_HATE_INCIDENT)
    assert not prosecution_summary_allowed(RecordType.HATE_INCIDENT_UNCLASSIFIED)
    assert not prosecution_summary_allowed(None)
