"""Contact safety (hcdesk.casework.contact_safety): one test per rule, named after it, and the
save that refuses a contact against the victim's wishes without a reason."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from hcdesk.casework import casefile as cf
from hcdesk.casework import contact_safety as cs
from hcdesk.casework.cases import new_case
from hcdesk.models.case import ContactLog, Person, PlannedContact
from hcdesk.models.enums import ContactChannel, ContactDirection, PersonRole, RecordType
from hcdesk.store.store import Store

UK = ZoneInfo("Europe/London")
TEXT, PHONE, EMAIL = ContactChannel.TEXT_MESSAGE, ContactChannel.PHONE, ContactChannel.EMAIL


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> dt.datetime:
    """A time in March 2026, UK time: 9 March is a Monday, 14 March a Saturday."""
    return dt.datetime(2026, month, day, hour, minute, tzinfo=UK)


MONDAY, SATURDAY, SUNDAY = 9, 14, 15


def victim(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "name": "Leyla Demir",
        "safe_channels": [],
        "safe_times": None,
        "no_voicemail": False,
        "interpreter_needed": False,
        "language": None,
        "nominated_spokesperson": None,
        "contact_notes": None,
        "access_needs": None,
    }
    base.update(kw)
    return base


def rules(concerns: list[cs.Concern]) -> list[str]:
    return [c.rule for c in concerns]


# -- channel_not_among_safe_channels --------------------------------------------------------
def test_channel_not_among_safe_channels() -> None:
    v = victim(safe_channels=[TEXT, PHONE])
    (concern,) = cs.check_contact(v, EMAIL, None)
    assert concern.rule == cs.CHANNEL
    assert concern.message == (
        "Leyla Demir asked to be contacted only by text message or phone; this contact is by email."
    )
    assert cs.check_contact(v, TEXT, None) == []
    assert cs.check_contact(v, "PHONE", None) == []  # as a form gives it


def test_channel_not_among_safe_channels_is_no_concern_without_safe_channels() -> None:
    assert cs.check_contact(victim(), ContactChannel.LETTER, at(MONDAY, 3)) == []


def test_channel_not_among_safe_channels_reads_in_person_as_words() -> None:
    v = victim(safe_channels=[PHONE, ContactChannel.IN_PERSON])
    (concern,) = cs.check_contact(v, ContactChannel.LETTER, None, planned=True)
    assert "only by phone or in person; this planned contact is by letter." in concern.message


def test_a_contact_the_victim_made_is_not_judged_on_channel_or_time() -> None:
    v = victim(safe_channels=[TEXT], safe_times="Weekdays after 18:00")
    when = at(SATURDAY, 10)
    assert rules(cs.check_contact(v, PHONE, when)) == [cs.CHANNEL, cs.TIME]
    assert cs.check_contact(v, PHONE, when, direction=ContactDirection.FROM_VICTIM) == []


# -- time_outside_safe_times --------------------------------------------------------------------
def test_time_outside_safe_times() -> None:
    v = victim(safe_times="Weekdays after 18:00; not during shop hours")
    (concern,) = cs.check_contact(v, PHONE, at(SATURDAY, 10))
    assert concern.rule == cs.TIME
    assert concern.message == (
        "Leyla Demir asked to be contacted only on weekdays after 18:00 (“Weekdays after "
        "18:00; not during shop hours”); this contact is on Saturday 14/03/2026 at 10:00."
    )
    assert rules(cs.check_contact(v, PHONE, at(MONDAY, 17, 59))) == [cs.TIME]
    assert cs.check_contact(v, PHONE, at(MONDAY, 18)) == []
    assert cs.check_contact(v, PHONE, at(MONDAY, 23, 30)) == []


def test_time_outside_safe_times_is_judged_in_uk_time() -> None:
    v = victim(safe_times="after 6pm")
    # 17:30 UTC in July is 18:30 in London: inside; in March it is 17:30: outside.
    july = dt.datetime(2026, 7, 6, 17, 30, tzinfo=dt.UTC)
    march = dt.datetime(2026, 3, 9, 17, 30, tzinfo=dt.UTC)
    assert cs.check_contact(v, PHONE, july) == []
    assert rules(cs.check_contact(v, PHONE, march)) == [cs.TIME]


def test_time_outside_safe_times_names_the_time_to_avoid() -> None:
    v = victim(safe_times="Any day, but not on Sundays")
    (concern,) = cs.check_contact(v, PHONE, at(SUNDAY, 12))
    assert "asked not to be contacted on Sundays" in concern.message
    assert cs.check_contact(v, PHONE, at(SATURDAY, 12)) == []


@pytest.mark.parametrize(
    ("text", "read_as", "notes"),
    [
        ("Weekdays after 18:00; not during shop hours", "on weekdays after 18:00",
         ("not during shop hours",)),
        ("Weekday evenings after 6pm", "on weekdays between 18:00 and 22:00", ()),
        ("Weekdays 9am to 3pm (school hours)", "on weekdays between 09:00 and 15:00",
         ("school hours",)),
        ("Mornings before 11am only", "between 06:00 and 11:00", ()),
        ("After 7pm, when the family is home", "after 19:00", ("when the family is home",)),
        ("Lunchtimes, 12 to 2pm (works shifts)", "between 12:00 and 14:00", ("works shifts",)),
        ("Mon-Fri 9-5", "on weekdays between 09:00 and 17:00", ()),
        ("09:00-17:00", "between 09:00 and 17:00", ()),
        ("before 9am", "before 09:00", ()),
        ("Saturdays and Sundays, 10:00-12:00", "at weekends between 10:00 and 12:00", ()),
        ("Mondays and Wednesdays 10:00-12:00",
         "on Mondays and Wednesdays between 10:00 and 12:00", ()),
        ("Not before 9am or after 8pm", "not before 09:00; not after 20:00", ()),
        ("Weekdays except Fridays", "on weekdays; not on Fridays", ()),
        ("Saturday mornings or weekday evenings",
         "on Saturdays between 06:00 and 12:00 or on weekdays between 18:00 and 22:00", ()),
        ("10pm to 2am", "between 22:00 and 02:00", ()),
        ("no later than 8pm", "before 20:00", ()),
    ],
)  # fmt: skip
def test_safe_times_are_read_where_they_can_be(
    text: str, read_as: str, notes: tuple[str, ...]
) -> None:
    times = cs.parse_safe_times(text)
    assert times.describe() == read_as
    assert times.notes == notes


def test_safe_times_are_read_where_they_can_be_as_windows() -> None:
    times = cs.parse_safe_times("Weekdays after 18:00; not on Sundays")
    assert times.windows == (cs.Window(cs.WEEKDAYS, dt.time(18), None),)
    assert times.avoid == (cs.Window(frozenset({6}), None, None),)


def test_safe_times_over_midnight_belong_to_the_evening_they_start() -> None:
    times = cs.parse_safe_times("Fridays 10pm to 2am")
    assert times.allows(at(13, 23))  # Friday 23:00
    assert times.allows(at(SATURDAY, 1))  # the small hours of that Friday night
    assert not times.allows(at(MONDAY, 1))  # Monday 01:00 is Sunday night
    assert not times.allows(at(13, 21))


# -- unparseable safe times ------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Not during shop hours",
        "2-3 times a week",  # numbers, but no time of day
        "Sundays are not good",  # a "not" after the day: which way round is unclear
        "after 6pm if not at work",
        "when her husband is at work",
    ],
)
def test_unparseable_safe_times_are_not_pretended_to_be_checked(text: str) -> None:
    times = cs.parse_safe_times(text)
    assert not times.checks
    assert times.notes == (text,)
    v = victim(safe_times=text)
    for hour in (0, 3, 9, 13, 18, 23):
        assert cs.check_contact(v, PHONE, at(SATURDAY, hour)) == []
    (reminder,) = [r for r in cs.contact_reminders(v) if r.kind == "unread_times"]
    assert f"“{text}”" in reminder.message and "check the time yourself" in reminder.message


def test_any_time_is_no_restriction() -> None:
    assert not cs.parse_safe_times("any time").checks
    assert not cs.parse_safe_times("").checks
    assert not cs.parse_safe_times(None).checks


# -- voicemail_when_no_voicemail ------------------------------------------------------------------
def test_voicemail_when_no_voicemail() -> None:
    v = victim(no_voicemail=True)
    (concern,) = cs.check_contact(v, PHONE, at(MONDAY, 19), voicemail=True)
    assert concern.rule == cs.VOICEMAIL
    assert concern.message == (
        "Leyla Demir asked for no voicemail messages; this contact left one."
    )
    assert cs.check_contact(v, PHONE, at(MONDAY, 19), voicemail=False) == []
    assert cs.check_contact(victim(), PHONE, at(MONDAY, 19), voicemail=True) == []
    (planned,) = cs.check_contact(v, PHONE, at(MONDAY, 19), True, planned=True)
    assert planned.message.endswith("this planned contact may leave one.")


def test_one_concern_per_problem() -> None:
    v = victim(safe_channels=[TEXT], safe_times="Weekdays after 18:00", no_voicemail=True)
    concerns = cs.check_contact(v, PHONE, at(SATURDAY, 10), voicemail=True)
    assert rules(concerns) == [cs.CHANNEL, cs.TIME, cs.VOICEMAIL]


# -- reminders -----------------------------------------------------------------------------------
def test_reminders_name_the_interpreter_and_language() -> None:
    (r,) = cs.contact_reminders(victim(interpreter_needed=True, language="Polish"))
    assert (r.kind, r.message) == (
        "interpreter",
        "Needs an interpreter (Polish): arrange one first.",
    )
    (r,) = cs.contact_reminders(victim(interpreter_needed=True))
    assert "the language is not recorded" in r.message


def test_reminders_name_the_spokesperson_and_the_notes() -> None:
    reminders = cs.contact_reminders(
        victim(nominated_spokesperson="Her brother, Emre", contact_notes="Husband does not know")
    )
    assert [(r.kind, r.message) for r in reminders] == [
        ("spokesperson", "Nominated spokesperson or guardian: Her brother, Emre."),
        ("contact_notes", "Contact notes: Husband does not know"),
    ]


def test_reminders_say_how_to_contact_and_what_the_latest_wishes_say() -> None:
    v = victim(safe_channels=[TEXT, PHONE], safe_times="after 6pm", no_voicemail=True)
    wish = {"contact_channel": TEXT, "contact_frequency": "weekly", "recorded_at": at(2, 12)}
    got = {r.kind: r.message for r in cs.contact_reminders(v, wish)}
    assert got == {
        "safe_channels": "Contact only by text message or phone.",
        "safe_times": "Safe times: after 18:00 (“after 6pm”).",
        "no_voicemail": "Do not leave a voicemail.",
        "wishes": "Latest wishes (02/03/2026): prefers contact by text message; how often: weekly.",
    }
    assert cs.contact_reminders(victim()) == []


# -- going_ahead_needs_a_reason ----------------------------------------------------------------
def test_going_ahead_needs_a_reason() -> None:
    assert cs.override_problem(None) is not None
    assert cs.override_problem("   ") is not None
    assert cs.override_problem("ok") is not None  # too short to say why
    assert cs.override_problem("She phoned and asked for a call back") is None


# -- a_contact_against_the_victims_wishes_needs_a_reason (the save) -----------------------------
def _case(store: Store, **victim_fields: Any) -> str:
    with store.transaction(reason="test set-up") as s:
        case = new_case(s, RecordType.HATE_CRIME, place="Rugby")
        s.flush()
        s.add(Person(case_id=case.id, role=PersonRole.VICTIM, name="Leyla Demir", **victim_fields))
        s.flush()
        return case.id


def _save(store: Store, case_id: str, changes: cf.Changes) -> cf.SaveResult:
    with store.transaction(reason="edited in the case file") as s:
        return cf.save_case(s, case_id, changes)


def _contact(**kw: Any) -> dict[str, Any]:
    return {
        "occurred_at": at(SATURDAY, 10),
        "channel": PHONE,
        "direction": ContactDirection.TO_VICTIM,
        "summary": "Called about the court date",
        **kw,
    }


def _plan(**kw: Any) -> dict[str, Any]:
    return {"planned_for": at(SATURDAY, 10), "channel": PHONE, "owner": "PC Test", **kw}


def _count(store: Store, model: Any) -> int:
    with store.session() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def test_a_contact_against_the_victims_wishes_needs_a_reason(store: Store) -> None:
    case_id = _case(store, safe_channels=[TEXT], no_voicemail=True)
    with pytest.raises(cs.ContactAgainstWishes) as info:
        _save(store, case_id, cf.Changes(new=[("contact_log", _contact(left_voicemail=True))]))
    assert rules(info.value.concerns) == [cs.CHANNEL, cs.VOICEMAIL]
    assert info.value.rows == (cs.FlaggedRow("contact_log", tuple(info.value.concerns), index=0),)
    assert str(info.value).startswith("Not saved: Leyla Demir asked to be contacted only by")
    assert _count(store, ContactLog) == 0  # nothing of the save was written
    reason = "She rang from a friend's phone and asked for a call back"
    result = _save(
        store,
        case_id,
        cf.Changes(
            new=[("contact_log", _contact(left_voicemail=True, safety_override_reason=reason))]
        ),
    )
    (saved,) = result.case.contacts
    assert saved.safety_override_reason == reason and saved.left_voicemail


def test_a_contact_against_the_victims_wishes_needs_more_than_a_word(store: Store) -> None:
    case_id = _case(store, safe_channels=[TEXT])
    with pytest.raises(cs.ContactAgainstWishes):
        _save(
            store, case_id, cf.Changes(new=[("contact_log", _contact(safety_override_reason="ok"))])
        )


def test_a_contact_that_follows_the_wishes_needs_no_reason(store: Store) -> None:
    case_id = _case(store, safe_channels=[TEXT], safe_times="Weekdays after 18:00")
    _save(store, case_id, cf.Changes(new=[("contact_log", _contact(
        channel=TEXT, occurred_at=at(MONDAY, 19)))]))  # fmt: skip
    _save(store, case_id, cf.Changes(new=[("contact_log", _contact(
        direction=ContactDirection.FROM_VICTIM))]))  # fmt: skip  # she called, on a Saturday
    assert _count(store, ContactLog) == 2


def test_an_old_contact_is_never_judged_again(store: Store) -> None:
    case_id = _case(store)
    _save(store, case_id, cf.Changes(new=[("contact_log", _contact())]))
    with store.session() as s:
        victim_id = s.scalars(sa.select(Person.id)).one()
    # She now asks for texts only: the phone call already logged stays as it is, and other
    # edits of the case still save.
    _save(
        store,
        case_id,
        cf.Changes(
            case={"place": "Coventry"},
            updates=[("person", victim_id, {"safe_channels": [TEXT]})],
        ),
    )
    assert _count(store, ContactLog) == 1


def test_every_flagged_row_of_a_save_is_named(store: Store) -> None:
    case_id = _case(store, safe_channels=[TEXT])
    changes = cf.Changes(
        new=[
            ("contact_log", _contact(channel=TEXT)),
            ("contact_log", _contact(channel=EMAIL)),
            ("planned_contact", _plan()),
        ]
    )
    with pytest.raises(cs.ContactAgainstWishes) as info:
        _save(store, case_id, changes)
    assert [(r.table, r.index) for r in info.value.rows] == [
        ("contact_log", 1),
        ("planned_contact", 0),
    ]
    assert "(1 more.)" in str(info.value)


def test_a_planned_contact_changed_against_the_wishes_needs_a_reason(store: Store) -> None:
    case_id = _case(store, safe_channels=[TEXT, PHONE], safe_times="Weekdays after 18:00")
    result = _save(
        store, case_id, cf.Changes(new=[("planned_contact", _plan(planned_for=at(MONDAY, 19)))])
    )
    (plan,) = result.case.planned_contacts
    # Marking it made is not judged; nor is the purpose.
    _save(store, case_id, cf.Changes(updates=[("planned_contact", plan.id, {"done": True})]))
    # Moving it to a Saturday morning is.
    move = {"planned_for": at(SATURDAY, 10)}
    with pytest.raises(cs.ContactAgainstWishes) as info:
        _save(store, case_id, cf.Changes(updates=[("planned_contact", plan.id, move)]))
    assert info.value.rows == (
        cs.FlaggedRow("planned_contact", tuple(info.value.concerns), record_id=plan.id),
    )
    reason = "Only Saturday works for the interpreter this week"
    _save(
        store,
        case_id,
        cf.Changes(
            updates=[("planned_contact", plan.id, {**move, "safety_override_reason": reason})]
        ),
    )
    # The same problem later (another Saturday) keeps its reason; a new one (email) needs one.
    later = {"planned_for": at(21, 11)}
    _save(store, case_id, cf.Changes(updates=[("planned_contact", plan.id, later)]))
    with pytest.raises(cs.ContactAgainstWishes) as info:
        _save(
            store, case_id, cf.Changes(updates=[("planned_contact", plan.id, {"channel": EMAIL})])
        )
    assert rules(info.value.concerns) == [cs.CHANNEL]
    with store.session() as s:
        row = s.get(PlannedContact, plan.id)
        assert row is not None and row.channel == PHONE and row.safety_override_reason == reason
