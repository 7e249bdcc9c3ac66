"""Two officers edit one case offline, then sync: the real client, the real server over HTTP
(uvicorn), on SQLite and on PostgreSQL.

After every scenario the laptops and the central store converge (same rows, same conflicts,
empty outboxes) and every value either officer saved is current, in the central store's
history, or in a conflict.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from synckit import (
    Fleet,
    Ledger,
    Officer,
    assert_converged,
    edit,
    log_contact,
    open_case,
)

from hcdesk.models import CaseFile, ContactLog, Person
from hcdesk.sync.client import SyncClient

DAY_MS = 24 * 3600 * 1000


class Team:
    def __init__(self, fleet: Fleet) -> None:
        self.fleet = fleet
        self.name = fleet.team()
        fleet.account("amber", teams=[self.name])
        fleet.account("blake", teams=[self.name])
        fleet.account("carter", role="supervisor", teams=[self.name])
        self.amber = fleet.laptop("amber")
        self.blake = fleet.laptop("blake")
        self.ledger = Ledger()
        self.cases: list[str] = []

    def open_case(self) -> tuple[str, str]:
        case_id, person_id = open_case(self.amber, self.ledger, self.name)
        self.cases.append(case_id)
        self.amber.sync()
        self.blake.sync()
        return case_id, person_id

    def edit(self, who: Officer, model: Any, ident: str, **values: Any) -> None:
        edit(who, self.ledger, model, ident, **values)

    def settle(self, *officers: Officer) -> None:
        officers = officers or (self.amber, self.blake)
        for _ in range(2):
            for o in officers:
                o.sync()
        assert_converged(self.fleet.db, officers, self.cases)
        assert self.ledger.lost(self.fleet.db) == []


@pytest.fixture
def team(live_server: Any, server_db_url: str, tmp_path: Path) -> Iterator[Team]:
    base = live_server(server_db_url)
    fleet = Fleet(base, live_server.db(base), tmp_path)
    yield Team(fleet)
    fleet.close()


def conflicts(o: Officer) -> list[Any]:
    return o.client.conflicts()


def test_same_scalar_edited_on_both_laptops(team: Team) -> None:
    case_id, _ = team.open_case()
    team.edit(team.amber, CaseFile, case_id, place="Warwick")
    team.edit(team.blake, CaseFile, case_id, place="Rugby")  # later: the newer version
    team.amber.sync()
    team.blake.sync()
    team.settle()
    (c,) = conflicts(team.amber)
    assert c.policy == "scalar" and c.status == "open"
    assert (c.winner.value, c.winner.author) == ("Rugby", "blake")
    assert (c.loser.value, c.loser.author) == ("Warwick", "amber")
    assert [v.id for v in conflicts(team.blake)] == [c.id]


def test_same_narrative_edited_on_both_laptops_is_never_merged(team: Team) -> None:
    case_id, _ = team.open_case()
    team.edit(team.amber, CaseFile, case_id, summary="Amber's account of the incident")
    team.edit(team.blake, CaseFile, case_id, summary="Blake's account of the incident")
    team.blake.sync()
    team.amber.sync()
    team.settle()
    (c,) = conflicts(team.blake)
    assert c.policy == "narrative"
    texts = {c.winner.value, c.loser.value}
    assert texts == {"Amber's account of the incident", "Blake's account of the incident"}
    with team.amber.store.session() as s:
        assert s.get(CaseFile, case_id).summary in texts  # type: ignore[union-attr]


def test_different_fields_both_arrive_without_conflict(team: Team) -> None:
    case_id, person_id = team.open_case()
    team.edit(team.amber, CaseFile, case_id, place="Warwick")
    team.edit(team.blake, Person, person_id, phone="07700 900999")
    team.edit(team.blake, CaseFile, case_id, status="AWAITING_CPS")
    team.amber.sync()
    team.blake.sync()
    team.settle()
    assert conflicts(team.amber) == [] and conflicts(team.blake) == []
    for o in (team.amber, team.blake):
        with o.store.session() as s:
            case = s.get(CaseFile, case_id)
            assert case is not None and (case.place, case.status) == ("Warwick", "AWAITING_CPS")
            assert s.get(Person, person_id).phone == "07700 900999"  # type: ignore[union-attr]


def test_appends_on_both_laptops_all_arrive(team: Team) -> None:
    case_id, _ = team.open_case()
    mine = [log_contact(team.amber, team.ledger, case_id, f"Amber called ({i})") for i in range(3)]
    theirs = [
        log_contact(team.blake, team.ledger, case_id, f"Blake visited ({i})") for i in range(2)
    ]
    team.blake.sync()
    team.amber.sync()
    team.settle()
    for o in (team.amber, team.blake):
        with o.store.session() as s:
            ids = {c.id for c in s.query(ContactLog).filter(ContactLog.case_id == case_id)}
        assert ids == set(mine + theirs)
    assert conflicts(team.amber) == []


def test_delete_against_edit_keeps_both_and_asks(team: Team) -> None:
    _case_id, person_id = team.open_case()
    team.edit(team.amber, Person, person_id, deleted=True)
    team.edit(team.blake, Person, person_id, phone="07700 900555")
    team.amber.sync()
    team.blake.sync()
    team.settle()
    (c,) = conflicts(team.amber)
    assert c.policy == "delete"
    assert c.loser.edits == {"phone": "07700 900555"}
    with team.blake.store.session() as s:
        person = s.get(Person, person_id)
        assert person is not None and person.deleted and person.phone == "07700 900555"


def test_edit_against_delete_the_other_way_round(team: Team) -> None:
    _case_id, person_id = team.open_case()
    team.edit(team.blake, Person, person_id, phone="07700 900555")
    team.edit(team.amber, Person, person_id, deleted=True)
    team.blake.sync()  # the edit arrives first; the delete overtakes it unseen
    team.amber.sync()
    team.settle()
    (c,) = conflicts(team.blake)
    assert c.policy == "delete" and c.loser.edits == {"phone": "07700 900555"}


def test_several_offline_edits_of_one_field_all_reach_the_history(team: Team) -> None:
    case_id, _ = team.open_case()
    for place in ("Kenilworth", "Coventry", "Nuneaton"):
        team.edit(team.amber, CaseFile, case_id, place=place)
    team.amber.sync()
    team.settle()
    assert conflicts(team.amber) == []


def test_a_new_case_edited_before_its_first_sync(team: Team) -> None:
    case_id, person_id = open_case(team.amber, team.ledger, team.name)
    team.cases.append(case_id)
    team.edit(team.amber, CaseFile, case_id, summary="Corrected before sending")
    team.edit(team.amber, Person, person_id, phone="07700 900777")
    team.settle()
    assert conflicts(team.amber) == []


def test_supervisor_resolution_reaches_both_laptops(team: Team) -> None:
    case_id, _ = team.open_case()
    team.edit(team.amber, CaseFile, case_id, summary="Amber's account")
    team.edit(team.blake, CaseFile, case_id, summary="Blake's account")
    team.amber.sync()
    team.blake.sync()
    carter = team.fleet.laptop("carter")
    carter.sync()
    (c,) = carter.client.conflicts()
    carter.client.resolve(c.id, "value", "Both accounts, agreed with the victim")
    carter.sync()
    team.settle(team.amber, team.blake, carter)
    for o in (team.amber, team.blake, carter):
        (after,) = o.client.conflicts(include_resolved=True)
        assert after.status == "resolved"
        with o.store.session() as s:
            summary = s.get(CaseFile, case_id).summary  # type: ignore[union-attr]
        assert summary == "Both accounts, agreed with the victim"


@pytest.mark.parametrize("days", [-7, 7])
def test_clocks_a_week_off_keep_causal_order(team: Team, days: int) -> None:
    """An edit made after pulling another edit wins over it, whatever the laptops' clocks."""
    case_id, _ = team.open_case()
    team.blake.skew(days * DAY_MS)
    team.amber.skew(-days * DAY_MS)
    team.edit(team.amber, CaseFile, case_id, place="Warwick")
    team.amber.sync()
    team.blake.sync()  # Blake sees Amber's edit...
    team.edit(team.blake, CaseFile, case_id, place="Rugby")  # ...and changes it
    team.blake.sync()
    team.amber.sync()
    team.edit(team.amber, CaseFile, case_id, place="Leamington Spa")  # Amber answers
    team.settle()
    assert conflicts(team.amber) == []
    with team.blake.store.session() as s:
        assert s.get(CaseFile, case_id).place == "Leamington Spa"  # type: ignore[union-attr]


def test_a_third_laptop_bootstraps_everything(team: Team, tmp_path: Path) -> None:
    case_id, _person_id = team.open_case()
    team.edit(team.amber, CaseFile, case_id, place="Warwick")
    team.edit(team.blake, CaseFile, case_id, place="Rugby")
    log_contact(team.blake, team.ledger, case_id, "Home visit")
    team.settle()
    third = team.fleet.laptop("blake")  # Blake's second laptop
    third.sync()
    team.settle(team.amber, team.blake, third)
    assert isinstance(third.client, SyncClient)
