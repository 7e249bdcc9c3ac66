"""Facts about a case at court, worked out from its records: who each charge is against, who is
charged, whether a defendant is a youth, and which hearing is next.

Plain functions over records read by name (the dicts of
:func:`hcdesk.casework.casefile.load_case`, or the typed records of
:mod:`hcdesk.casework.records`, which are mappings too). Qt-free and store-free.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from hcdesk.models.enums import PersonRole

Row = Mapping[str, Any]

YOUTH_AGE = 18  # under 18 at the offence date: a youth (Crime and Disorder Act 1998 s.117)


def suspects(people: Iterable[Row]) -> list[Row]:
    """The suspects (defendants once charged) among a case's people, in order."""
    return [p for p in people if str(p.get("role")) == PersonRole.SUSPECT.value]


def person_for(person_id: str | None, people: Iterable[Row]) -> Row | None:
    """The suspect a record about "the suspect" names: the one named by ``person_id``; with no
    id, the case's only suspect (None when there are several, or none)."""
    them = suspects(people)
    if person_id:
        return next((p for p in them if p.get("id") == person_id), None)
    return them[0] if len(them) == 1 else None


def charge_defendant(charge: Row, people: Iterable[Row]) -> str | None:
    """The id of the defendant a charge is against: its ``defendant_id``; a charge with none on
    a case with one suspect is that suspect's; otherwise None (not known)."""
    person = person_for(charge.get("defendant_id"), people)
    return None if person is None else str(person["id"])


def charged_ids(people: Sequence[Row], charges: Iterable[Row]) -> set[str]:
    """The ids of the suspects at least one charge is against."""
    return {d for ch in charges if (d := charge_defendant(ch, people)) is not None}


def charges_of(person_id: str, people: Sequence[Row], charges: Iterable[Row]) -> list[Row]:
    """The charges against one defendant, in order."""
    return [ch for ch in charges if charge_defendant(ch, people) == person_id]


def offence_date(
    person_id: str, people: Sequence[Row], charges: Iterable[Row], case: Row
) -> dt.date | None:
    """The date a defendant's age is taken at: the earliest offence date of their charges, else
    the case's incident date."""
    dates = [
        ch["offence_date"]
        for ch in charges_of(person_id, people, charges)
        if ch.get("offence_date")
    ]
    return min(dates) if dates else case.get("incident_date")


def age_on(born: dt.date, on: dt.date) -> int:
    """Age in whole years on a date."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def is_youth(person: Row, people: Sequence[Row], charges: Iterable[Row], case: Row) -> bool | None:
    """Whether a defendant was under 18 at the offence date; None when the date of birth or the
    offence date is not recorded. (The date of birth is police/CPS only; the flag is not.)"""
    born = person.get("date_of_birth")
    on = offence_date(str(person["id"]), people, charges, case)
    if born is None or on is None:
        return None
    return age_on(born, on) < YOUTH_AGE


def next_listing(listings: Iterable[Row], today: dt.date) -> tuple[Row, bool] | None:
    """The hearing to show as "next": the earliest listing on or after ``today`` (True), else
    the latest listing before it (False: the case was last listed then). None: no listing."""
    rows = sorted(listings, key=lambda r: (r["listed_for"], str(r.get("time") or "")))
    ahead = [r for r in rows if r["listed_for"] >= today]
    if ahead:
        return ahead[0], True
    return (rows[-1], False) if rows else None
