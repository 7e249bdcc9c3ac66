"""``hcdesk contact`` and ``hcdesk plan-contact`` (checked against the victim's contact safety),
and ``hcdesk conflicts`` / ``hcdesk resolve`` for supervisors, run as real processes; the
conflicts are real, made by two laptops syncing with a real central store."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import serverkit
import sqlalchemy as sa
from clikit import hcdesk, one_clear_line
from synckit import Fleet, Ledger, edit, open_case
from testvalues import PASSPHRASE

from hcdesk.casework.cases import new_case
from hcdesk.cli import CONTACT_REFUSED
from hcdesk.models import CaseFile, ContactLog, Person
from hcdesk.models.case import PlannedContact
from hcdesk.models.enums import ContactChannel, PersonRole, RecordType
from hcdesk.models.sync import Conflict, Outbox
from hcdesk.server.db import Record, ServerConflict
from hcdesk.store.store import Store

REF = "L-TEST-000001"
SATURDAY_MORNING = "14/03/2026 10:00"  # a Saturday
MONDAY_EVENING = "09/03/2026 19:00"
REASON = "She phoned from a friend's number and asked for a call back"


@pytest.fixture
def profile(make_store: Callable[..., Store]) -> Path:
    """A profile with one case whose victim asked for text messages only, on weekday
    evenings, with no voicemail, and needs an interpreter."""
    store = make_store("profile")
    with store.transaction(reason="test set-up") as s:
        case = new_case(s, RecordType.HATE_CRIME, place="Rugby")
        case.local_ref = REF
        s.flush()
        s.add(
            Person(
                case_id=case.id,
                role=PersonRole.VICTIM,
                name="Leyla Demir",
                safe_channels=[ContactChannel.TEXT_MESSAGE],
                safe_times="Weekdays after 18:00; not during shop hours",
                no_voicemail=True,
                interpreter_needed=True,
                language="Turkish",
            )
        )
    root = store.paths.root
    store.close()
    return root


def _rows(profile: Path, model: Any) -> list[Any]:
    with Store.open(profile, PASSPHRASE) as store, store.session() as s:
        rows = list(s.scalars(sa.select(model)))
        s.expunge_all()
        return rows


def test_a_contact_against_the_victims_wishes_is_refused_without_a_reason(profile: Path) -> None:
    ran = hcdesk(
        "contact", REF, "--profile", profile, "--channel", "phone",
        "--when", SATURDAY_MORNING, "--summary", "Called about the court date", "--voicemail",
    )  # fmt: skip
    assert ran.returncode == CONTACT_REFUSED == 7, ran.stderr
    assert "Traceback" not in ran.stderr
    lines = ran.stderr.splitlines()
    assert lines[0] == "hcdesk: Not recorded: this contact goes against what the victim asked:"
    assert lines[1:4] == [
        "  - Leyla Demir asked to be contacted only by text message; this contact is by phone.",
        "  - Leyla Demir asked to be contacted only on weekdays after 18:00 (“Weekdays after "
        "18:00; not during shop hours”); this contact is on Saturday 14/03/2026 at 10:00.",
        "  - Leyla Demir asked for no voicemail messages; this contact left one.",
    ]
    assert "--override-reason" in lines[4] and "Nothing was recorded" in lines[4]
    assert _rows(profile, ContactLog) == []


def test_a_contact_against_the_victims_wishes_is_recorded_with_the_reason(profile: Path) -> None:
    ran = hcdesk(
        "contact", REF, "--profile", profile, "--channel", "phone",
        "--when", SATURDAY_MORNING, "--summary", "Called about the court date",
        "--override-reason", REASON,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert f"Recorded the contact on {REF}, with your reason for going ahead." in ran.stderr
    assert "Needs an interpreter (Turkish): arrange one first." in ran.stderr
    assert "“not during shop hours”: hcdesk cannot check this" in ran.stderr
    (row,) = _rows(profile, ContactLog)
    assert (row.channel, row.safety_override_reason) == (ContactChannel.PHONE, REASON)
    assert row.recorded_by == "PC Test"
    # The reason travels with the contact to the central store.
    (entry,) = [o for o in _rows(profile, Outbox) if o.entity == "contact_log"]
    assert entry.entity_id == row.id


def test_a_contact_as_the_victim_asked_needs_no_reason(profile: Path) -> None:
    ran = hcdesk(
        "contact", REF, "--profile", profile, "--channel", "text-message",
        "--when", MONDAY_EVENING, "--summary", "Texted the court date",
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    (row,) = _rows(profile, ContactLog)
    assert row.safety_override_reason is None


def test_an_override_reason_of_a_word_is_refused(profile: Path) -> None:
    ran = hcdesk(
        "contact", REF, "--profile", profile, "--channel", "phone", "--when", SATURDAY_MORNING,
        "--summary", "Called", "--override-reason", "urgent",
    )  # fmt: skip
    one_clear_line(ran, "--override-reason", "at least 10 characters", "Nothing was recorded")
    assert ran.returncode == 2
    assert _rows(profile, ContactLog) == []


def test_a_planned_contact_is_checked_the_same_way(profile: Path) -> None:
    args = (
        "plan-contact", REF, "--profile", profile, "--channel", "email",
        "--when", MONDAY_EVENING, "--purpose", "Tell her the trial date",
    )  # fmt: skip
    refused = hcdesk(*args)
    assert refused.returncode == CONTACT_REFUSED, refused.stderr
    assert "this planned contact is by email" in refused.stderr
    assert _rows(profile, PlannedContact) == []
    ran = hcdesk(*args, "--override-reason", "Her solicitor asked us to email the date")
    assert ran.returncode == 0, ran.stderr
    (plan,) = _rows(profile, PlannedContact)
    assert (plan.owner, plan.channel, plan.done) == ("PC Test", ContactChannel.EMAIL, False)
    assert plan.safety_override_reason == "Her solicitor asked us to email the date"


def test_a_bad_channel_or_time_is_told_before_anything_is_opened(profile: Path) -> None:
    ran = hcdesk(
        "contact", REF, "--profile", profile, "--channel", "fax", "--when", MONDAY_EVENING,
        "--summary", "x",
    )  # fmt: skip
    assert ran.returncode == 2 and "choose one of: phone, text-message" in ran.stderr
    ran = hcdesk(
        "contact", REF, "--profile", profile, "--channel", "phone", "--when", "31/02/2026 10:00",
        "--summary", "x",
    )  # fmt: skip
    assert ran.returncode == 2 and "type day/month/year hours:minutes" in ran.stderr


# -- conflicts and resolve ----------------------------------------------------------------------
@pytest.fixture
def fleet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Fleet]:
    monkeypatch.setattr(serverkit.auth, "PASSWORD_HASHER", serverkit.FAST_HASHER)
    central = serverkit.CentralStore(tmp_path / "central")
    url = central.start()
    fleet = Fleet(url, central.db, tmp_path)
    yield fleet
    fleet.close()
    central.close()


def _conflicts_json(profile: Path) -> list[dict[str, Any]]:
    ran = hcdesk("conflicts", "--profile", profile, "--json")
    assert ran.returncode == 0, ran.stderr
    found: list[dict[str, Any]] = json.loads(ran.stdout)
    return found


def test_a_supervisor_lists_and_resolves_a_real_conflict(fleet: Fleet) -> None:
    team = fleet.team()
    fleet.account("amber", teams=[team])
    fleet.account("blake", teams=[team])
    fleet.account("carter", role="supervisor", teams=[team])
    amber, blake = fleet.laptop("amber"), fleet.laptop("blake")
    ledger = Ledger()
    case_id, _ = open_case(amber, ledger, team)
    amber.sync()
    blake.sync()
    edit(amber, ledger, CaseFile, case_id, summary="Amber's account")
    edit(blake, ledger, CaseFile, case_id, summary="Blake's account")
    amber.sync()
    blake.sync()  # later: Blake's text is shown, Amber's is kept in the conflict
    carter = fleet.laptop("carter")
    carter.sync()
    carter.close()  # the command opens the profile itself

    (c,) = _conflicts_json(carter.root)
    assert {k: c[k] for k in ("record", "record_id", "field", "kind", "status")} == {
        "record": "case_file",
        "record_id": case_id,
        "field": "summary",
        "kind": "narrative",
        "status": "open",
    }
    assert c["case"].startswith("L-") and c["case_id"] == case_id
    assert c["shown"]["value"] == "Blake's account" and c["shown"]["author"] == "blake"
    assert c["other"]["value"] == "Amber's account" and c["other"]["author"] == "amber"
    assert not c["shown"]["this_device"] and not c["other"]["this_device"]
    assert c["decision_waiting"] is False

    listed = hcdesk("conflicts", "--profile", carter.root)
    assert listed.returncode == 0, listed.stderr
    assert c["id"] in listed.stdout and "Amber's account" in listed.stdout
    assert "needs review: the text was changed in two places" in listed.stdout

    # Neither version was written on the supervisor's laptop: there is no "mine".
    mine = hcdesk("resolve", "--profile", carter.root, c["id"], "--keep-mine")
    one_clear_line(mine, "Neither version", "--keep-shown", "--keep-other")
    # An officer who is no supervisor may look, but not decide.
    amber.sync()
    amber.close()
    (seen,) = _conflicts_json(amber.root)
    assert seen["id"] == c["id"] and seen["other"]["this_device"] is True
    refused = hcdesk("resolve", "--profile", amber.root, c["id"], "--keep-mine")
    one_clear_line(refused, "Only a supervisor can resolve")

    combined = "Both accounts, agreed with the victim"
    ran = hcdesk(
        "resolve", "--profile", carter.root, c["id"][:13], "--value", combined,
        "--reason", "Spoke to both officers",
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert "saved: keep the value you gave" in ran.stderr and "next sync" in ran.stderr
    (waiting,) = _conflicts_json(carter.root)
    assert waiting["decision_waiting"] is True
    again = hcdesk("resolve", "--profile", carter.root, c["id"], "--keep-shown")
    one_clear_line(again, "already waiting to be sent")

    # The next sync sends the decision: the central store and the laptops take it.
    carter.store = Store.open(carter.root, PASSPHRASE)
    carter.client = type(carter.client)(carter.store)
    carter.sync()
    blake.sync()
    (after,) = carter.client.conflicts(include_resolved=True)
    assert after.status == "resolved"
    with fleet.db.session() as s:
        (row,) = s.scalars(sa.select(ServerConflict).where(ServerConflict.case_id == case_id))
        assert row.status == "resolved"
        record = s.scalars(sa.select(Record).where(Record.entity_id == case_id)).one()
        assert record.fields["summary"]["value"] == combined
    with blake.store.session() as s:
        assert s.get(CaseFile, case_id).summary == combined  # type: ignore[union-attr]
        assert s.scalars(sa.select(Conflict.status)).all() == ["resolved"]


def test_a_contact_recorded_with_a_reason_reaches_the_central_store(fleet: Fleet) -> None:
    team = fleet.team()
    fleet.account("amber", teams=[team])
    amber = fleet.laptop("amber")
    case_id, person_id = open_case(amber, Ledger(), team)
    edit(amber, Ledger(), Person, person_id, safe_channels=[ContactChannel.TEXT_MESSAGE])
    with amber.store.session() as s:
        ref = s.get(CaseFile, case_id).local_ref  # type: ignore[union-attr]
    amber.close()
    ran = hcdesk(
        "contact", ref, "--profile", amber.root, "--channel", "phone", "--when", MONDAY_EVENING,
        "--summary", "Called back", "--override-reason", REASON,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    synced = hcdesk("sync", "--profile", amber.root)
    assert synced.returncode == 0, synced.stderr
    with fleet.db.session() as s:
        (contact,) = s.scalars(
            sa.select(Record).where(Record.case_id == case_id, Record.entity == "contact_log")
        )
        assert contact.fields["safety_override_reason"]["value"] == REASON
        assert contact.fields["channel"]["value"] == "PHONE"


def test_a_contact_logged_offline_before_the_wishes_changed_is_kept_everywhere(
    fleet: Fleet,
) -> None:
    # The central store does not judge a contact again: it was judged on the laptop, against
    # the wishes that laptop knew, and a contact made is a fact. Refusing it would keep it off
    # the central store (a refused change is quarantined, not retried), and lose it for the
    # team. Here Blake narrows the victim's channels while Amber, offline, logs a phone call
    # her copy allows; Amber's contact reaches the central store and Blake's laptop as made.
    team = fleet.team()
    fleet.account("amber", teams=[team])
    fleet.account("blake", teams=[team])
    amber, blake = fleet.laptop("amber"), fleet.laptop("blake")
    ledger = Ledger()
    case_id, person_id = open_case(amber, ledger, team)
    amber.sync()
    blake.sync()
    edit(blake, ledger, Person, person_id, safe_channels=[ContactChannel.TEXT_MESSAGE])
    blake.sync()
    with amber.store.session() as s:
        ref = s.get(CaseFile, case_id).local_ref  # type: ignore[union-attr]
    amber.close()
    ran = hcdesk(
        "contact", ref, "--profile", amber.root, "--channel", "phone", "--when", MONDAY_EVENING,
        "--summary", "Called about the hearing",
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr  # Amber's copy: any channel
    synced = hcdesk("sync", "--profile", amber.root)
    assert synced.returncode == 0, synced.stderr
    assert "refused" not in synced.stdout.lower(), synced.stdout
    with Store.open(amber.root, PASSPHRASE) as store, store.session() as s:
        assert set(s.scalars(sa.select(Outbox.state))) == {"acked"}  # none refused
        # Amber now holds the narrowed wishes too, and her contact stays as it was made.
        victim = s.get(Person, person_id)
        assert victim is not None and victim.safe_channels == [ContactChannel.TEXT_MESSAGE]
        (mine,) = s.scalars(sa.select(ContactLog))
        assert mine.channel == ContactChannel.PHONE and mine.safety_override_reason is None
    with fleet.db.session() as s:
        (contact,) = s.scalars(
            sa.select(Record).where(Record.case_id == case_id, Record.entity == "contact_log")
        )
        assert contact.fields["channel"]["value"] == "PHONE"
    blake.sync()
    with blake.store.session() as s:
        (theirs,) = s.scalars(sa.select(ContactLog))
        assert theirs.summary == "Called about the hearing"
