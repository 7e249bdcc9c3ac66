"""What an officer records about a case's duties to the victim: statuses added with a reason
(a few withdrawn later), what was done about the updates the duty rules call for (told, or why
the deadline was missed) and the contacts planned with the victim.

Built last, from what the case already holds, so it draws its random numbers after everything
else. The duties it records are those :mod:`hcdesk.casework.duties` finds in a generated case
(``tests/unit/test_demo.py`` checks that every record names one): the key events of the log
told late or not at all, the hearings and changes to bail no log entry stands for, and the
review of the needs assessment after a change in circumstances.
"""

from __future__ import annotations

import datetime
from typing import Any

from hcdesk.demo.base import CaseBase
from hcdesk.demo.kit import ISO, fill, pick, rint, short_date, utc_stamps, working_days_after
from hcdesk.demo.tables import (
    BREACH_REASONS,
    CONTACT_PURPOSES,
    OVERRIDE_REASONS,
    REVIEW_NOTES,
    STATUS_REASONS,
    TOLD_NOTES,
    UNREACHABLE_REASONS,
    WITHDRAW_REASONS,
)

# The log's key events (a duty to tell the victim), and those after which the needs assessment
# is reviewed (hcdesk.casework.duties.REASSESS_AFTER).
KEY_EVENTS = frozenset({
    "SUSPECT_ARRESTED", "SUSPECT_INTERVIEWED", "SUSPECT_BAILED",
    "SUSPECT_RELEASED_UNDER_INVESTIGATION", "SUSPECT_CHARGED", "NO_FURTHER_ACTION",
    "COURT_DATE_SET", "COURT_OUTCOME", "BAIL_CONDITIONS_CHANGED", "APPEAL",
})
CHANGES = frozenset({
    "SUSPECT_CHARGED", "NO_FURTHER_ACTION", "COURT_OUTCOME", "BAIL_CONDITIONS_CHANGED", "APPEAL",
})
_WORKING_HOURS = (8 * 60, 18 * 60)
_BAIL = frozenset({"SUSPECT_BAILED", "BAIL_CONDITIONS_CHANGED"})
_RUI = frozenset({"SUSPECT_RELEASED_UNDER_INVESTIGATION"})


def _day(iso: str) -> int:
    return datetime.date.fromisoformat(iso).toordinal()


class VictimDuties(CaseBase):
    """The victim's duties of a case (a part of :class:`hcdesk.demo.case.Case`)."""

    __slots__ = ()

    def victim_duties(self, case: dict[str, Any], window: tuple[int, int]) -> None:
        victim = case["victim"]
        if victim is None:
            return
        if case["record_type"] == "HATE_CRIME":
            self._claims(case)
            self._records(case)
        self._planned(case, window)
        # In the order the store lists them (and an export gives them back).
        case["status_claims"].sort(key=lambda c: c["recorded_at"])
        case["duty_records"].sort(key=lambda d: d["recorded_at"])
        case["planned_contacts"].sort(key=lambda p: p["planned_for"])

    def _stamp(self, day: int) -> str:
        lo, hi = _WORKING_HOURS
        return utc_stamps(self.r, [(day, lo + int(self.r() * (hi - lo)))], (day - 1, 0))[0]

    # -- statuses an officer added ------------------------------------------------------------
    def _claims(self, case: dict[str, Any]) -> None:
        r = self.r
        end = self.today
        victim = case["victim"]
        held = set(victim["victims_code_statuses"])
        reported = _day(case["reported_date"])
        pattern = bool(case["incident_end_date"]) or any(
            s["previous_incidents"] for s in case["suspects"]) or any(
            "PATTERN" in e["aggravation_factors"] for e in case["hostility_evidence"])
        wanted: list[str] = []
        if pattern and "ENHANCED_PERSISTENTLY_TARGETED" not in held and r() < 0.6:
            wanted.append("ENHANCED_PERSISTENTLY_TARGETED")
        if "ENHANCED_VULNERABLE_OR_INTIMIDATED" not in held and (
                (victim["access_needs"] and r() < 0.5) or r() < 0.05):
            wanted.append("ENHANCED_VULNERABLE_OR_INTIMIDATED")
        for status in wanted:
            day = reported + rint(r, 0, 10)
            if day >= end:
                continue
            by = case["liaison_officer"] if r() < 0.8 else case["oic"]
            reason = fill(pick(r, STATUS_REASONS[status]),
                          {"date": short_date(_day(case["incident_date"]) - rint(r, 20, 200))})
            case["status_claims"].append(self._claim(day, status, reason, False, by))
            later = day + rint(r, 120, 240)
            if status == "ENHANCED_PERSISTENTLY_TARGETED" and later < end and r() < 0.2:
                case["status_claims"].append(
                    self._claim(later, status, pick(r, WITHDRAW_REASONS), True, by))

    def _claim(self, day: int, status: str, reason: str, withdrawn: bool,
               by: str) -> dict[str, Any]:
        return {"id": self.uid(day), "supersedes_id": None, "status": status, "reason": reason,
                "withdrawn": withdrawn, "recorded_by": by, "recorded_at": self._stamp(day)}

    def _record(self, day: int, key: str, told: int | None, breach: str | None,
                notes: str | None, by: str) -> dict[str, Any]:
        return {"id": self.uid(day), "supersedes_id": None, "duty_key": key,
                "victim_told_on": None if told is None else ISO[told], "breach_reason": breach,
                "notes": notes, "recorded_by": by, "recorded_at": self._stamp(day)}

    # -- what was done about each duty ---------------------------------------------------------
    def _records(self, case: dict[str, Any]) -> None:
        r = self.r
        end = self.today
        vlo = case["liaison_officer"]
        out = case["duty_records"]
        # A hate crime's victim has enhanced rights: 1 working day.
        events = [e for e in case["victims_code_events"] if e["event"] in KEY_EVENTS]
        for e in events:
            day = _day(e["event_date"])
            due = working_days_after(day, 1)
            told = e["victim_told_on"]
            if told is not None and _day(told) > due and r() < 0.7:
                out.append(self._record(_day(told), f"victims_code_event:{e['id']}", _day(told),
                                        pick(r, BREACH_REASONS), None, vlo))
            elif told is None and due < end - 1 and r() < 0.3:
                out.append(self._record(due + 1, f"victims_code_event:{e['id']}", None,
                                        pick(r, UNREACHABLE_REASONS), None, vlo))
        # Hearings that no "court date set" entry names, told when the date was set.
        named = " ".join(e["notes"] or "" for e in events if e["event"] == "COURT_DATE_SET")
        listings = sorted(case["court_listings"], key=lambda x: x["listed_for"])
        for k, listing in enumerate(listings):
            hearing = _day(listing["listed_for"])
            if short_date(hearing) in named or k == 0:
                continue
            set_on = _day(listings[k - 1]["listed_for"])  # fixed at the hearing before
            self._told(out, f"court_listing:{listing['id']}", set_on, end, vlo)
        # Bail decisions no log entry stands for (one of the kind within 2 days): a voluntary
        # interview's court bail, each change to bail after the first decision.
        seen: set[str | None] = set()
        changes: list[int] = []
        for bail in sorted(case["bail_records"], key=lambda b: b["from_date"] or ""):
            if bail["proposed"] or bail["from_date"] is None:
                continue
            day = _day(bail["from_date"])
            rui = bail["status"] == "RELEASED_UNDER_INVESTIGATION" and bail["person_id"] not in seen
            if bail["person_id"] in seen:
                changes.append(day)
            seen.add(bail["person_id"])
            kinds = _RUI if rui else _BAIL
            if not any(e["event"] in kinds and abs(_day(e["event_date"]) - day) <= 2
                       for e in events):
                self._told(out, f"bail_record:{bail['id']}", day, end, vlo)
        # The needs assessment, reviewed after the first change in circumstances since it.
        assessments = case["needs_assessments"]
        if assessments:
            latest = max(assessments, key=lambda a: a["assessed_on"])
            assessed = _day(latest["assessed_on"])
            after = [_day(e["event_date"]) for e in events if e["event"] in CHANGES]
            first = min((d for d in after + changes if d > assessed), default=None)
            if first is not None and r() < 0.8:
                done = first + rint(r, 0, 6)
                if done < end:
                    out.append(self._record(done, f"needs_assessment:{latest['id']}", done,
                                            None, pick(r, REVIEW_NOTES), vlo))

    def _told(self, out: list[dict[str, Any]], key: str, day: int, end: int, by: str) -> None:
        """Most updates told on time; some late with the reason; a few not yet recorded."""
        r = self.r
        roll = r()
        if roll < 0.85:
            told = day + pick(r, (0, 0, 1))
            if told < end:
                out.append(self._record(told, key, told, None, pick(r, TOLD_NOTES), by))
        elif roll < 0.95:
            told = working_days_after(day, 1) + rint(r, 1, 6)
            if told < end:
                out.append(self._record(told, key, told, pick(r, BREACH_REASONS), None, by))

    # -- contacts planned ----------------------------------------------------------------------
    def _planned(self, case: dict[str, Any], window: tuple[int, int]) -> None:
        r = self.r
        end = self.today
        if case["status"] == "CLOSED":
            return
        victim = case["victim"]
        channels = victim["safe_channels"] or ["PHONE"]
        reported = _day(case["reported_date"])
        lo, hi = window
        for _ in range(pick(r, (0, 1, 1, 2, 2, 3))):
            day = max(reported + 1, end + rint(r, -6, 14))
            minute = (lo + int(r() * (hi - lo))) // 15 * 15
            channel = pick(r, channels)
            override = None
            if r() < 0.05:
                unsafe = [c for c in ("PHONE", "EMAIL", "TEXT_MESSAGE") if c not in channels]
                if unsafe:
                    channel, override = unsafe[0], pick(r, OVERRIDE_REASONS)
            voicemail = channel == "PHONE" and not victim["no_voicemail"] and r() < 0.5
            case["planned_contacts"].append({
                "id": self.uid(day),
                "planned_for": utc_stamps(r, [(day, minute)], (day - 1, 0))[0],
                "channel": channel,
                "purpose": pick(r, CONTACT_PURPOSES),
                "owner": case["liaison_officer"] if r() < 0.8 else case["oic"],
                "may_leave_voicemail": voicemail,
                "done": day < end and r() < 0.6,
                "safety_override_reason": override,
            })
