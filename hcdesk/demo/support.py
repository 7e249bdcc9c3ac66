"""The victim's side of a case: needs, support plans, referrals, personal statements, contacts
and wishes."""

from __future__ import annotations

import datetime
from operator import itemgetter
from typing import Any

from hcdesk.demo.base import CaseBase, Court
from hcdesk.demo.kit import ISO, fill, pick, rint, short_date, some, utc_stamps, wishes_at
from hcdesk.demo.tables import (
    CALLS_FROM_VICTIM,
    CLOSURE_REASONS,
    CONSENT_HOW,
    CONSENT_HOW_WITH_INTERPRETER,
    COURT_CLOSURE,
    EXTRA_NEEDS,
    FIRST_WISHES,
    FREQUENCIES,
    IMPACTS,
    LATER_WISHES,
    NEED_ACTIONS,
    NEED_AREAS,
    NEED_NOTES,
    PLAN_RATIONALES,
    PROTECTION_NEEDS,
    REASSESSMENT_TRIGGERS,
    REFERRAL_NOTES,
    TOLD_ABOUT,
    VPS_NOTES,
    Flavour,
    Town,
)


class Support(CaseBase):
    """Needs, plans, referrals, statements, contacts and wishes (a part of
    :class:`hcdesk.demo.case.Case`)."""

    __slots__ = ()

    def assessment(
        self,
        day: int,
        vlo: str,
        interpreter: bool,
        language: str | None,
        access: str | None,
        online: bool,
        harm: str,
        minor: bool,
        trigger: str | None = None,
    ) -> dict[str, Any]:
        r = self.r
        wanted = {"EMOTIONAL", "SAFETY_SECURITY", *some(r, EXTRA_NEEDS, rint(r, 1, 3))}
        if interpreter or access:
            wanted.add("COMMUNICATION_ACCESS")
        if online:
            wanted.add("ONLINE_HARM")
        if harm in ("I", "A"):
            wanted.add("HEALTH")
        if harm == "D":
            wanted.add("FINANCIAL_COMPENSATION")
        if minor:
            wanted.add("FAMILY")
        areas: list[dict[str, str]] = []
        for area in NEED_AREAS:
            if area not in wanted:
                continue
            if area in ("EMOTIONAL", "SAFETY_SECURITY", "COMMUNICATION_ACCESS"):
                level = pick(r, ("LOW", "MEDIUM", "MEDIUM", "HIGH"))
            else:
                level = pick(r, ("NONE", "LOW", "LOW", "MEDIUM", "HIGH"))
            if area == "COMMUNICATION_ACCESS" and (interpreter or access):
                note = f"Needs a {language} interpreter." if interpreter else f"{access}."
                areas.append({"area": area, "level": level, "notes": note})
            elif level == "NONE":
                areas.append({"area": area, "level": level})
            else:
                areas.append({"area": area, "level": level, "notes": pick(r, NEED_NOTES[area])})
        risk = pick(r, ("LOW", "MEDIUM", "MEDIUM", "HIGH"))
        return {
            "id": self.uid(day),
            "assessed_on": ISO[day],
            "assessor": vlo,
            "areas": areas,
            "repeat_risk": risk,
            "protection_needs": pick(r, PROTECTION_NEEDS),
            "special_measures_indicated": minor or risk == "HIGH" or r() < 0.15,
            "reassessment_trigger": trigger or pick(r, REASSESSMENT_TRIGGERS),
        }

    def plan(self, assessment: dict[str, Any], vlo: str, oic: str, town: Town, court_name: str,
             court: Court) -> dict[str, Any]:
        r = self.r
        today = self.today
        assessed = datetime.date.fromisoformat(assessment["assessed_on"]).toordinal()
        needs = [a["area"] for a in assessment["areas"] if a["level"] in ("MEDIUM", "HIGH")]
        needs = needs or [assessment["areas"][0]["area"]]
        closed = court.status == "CLOSED"
        names = {"oic": oic, "vlo": vlo, "team": town.team, "council": town.council,
                 "court": court_name}
        actions = []
        for k, area in enumerate(needs[: rint(r, 1, 5)]):
            text, owner = pick(r, NEED_ACTIONS[area])
            due = assessed + rint(r, 3, 60)
            if due < today:
                roll = r()
                status = "DONE" if roll < 0.6 else "OPEN" if roll < 0.88 else "DECLINED"
            else:
                status = "DONE" if r() < 0.2 else "OPEN"
            if closed and status == "OPEN":
                status = "DONE" if r() < 0.8 else "DECLINED"
            actions.append({
                "id": self.uid(assessed),
                "need_area": area,
                "action": fill(text, names),
                "owner": fill(owner, names),
                "due_date": ISO[due],
                "status": status,
                "review_date": ISO[due + 14] if status == "OPEN" and r() < 0.5 else None,
                "victim_agreed": r() < 0.85,
                "order_key": "dhmqu"[k],
            })
        return {
            "id": self.uid(assessed),
            "assessment_id": assessment["id"],
            "rationale": fill(pick(r, PLAN_RATIONALES), {"assessed": short_date(assessed)}),
            "review_date": None if closed else ISO[assessed + pick(r, (28, 28, 42, 56))],
            "closure_reason": None if not closed else (
                COURT_CLOSURE if court.outcome else pick(r, CLOSURE_REASONS)),
            "actions": actions,
        }

    def referral(self, day: int, agency: str, flav: Flavour, enhanced: bool,
                 interpreter: bool) -> dict[str, Any]:
        r = self.r
        if self.today - day < 7:
            outcome = "PENDING"
        else:
            roll = r()
            outcome = "ACCEPTED" if roll < 0.7 else "DECLINED" if roll < 0.85 else "NO_CONTACT"
        consent = r() < 0.95
        return {
            "id": self.uid(day),
            "agency": agency,
            "agency_other": pick(r, flav.others) if agency == "OTHER" else None,
            "referred_on": ISO[day],
            "consent_obtained": consent,
            "consent_how": (CONSENT_HOW_WITH_INTERPRETER if interpreter else pick(r, CONSENT_HOW))
            if consent else None,
            "enhanced_rights": enhanced,
            "outcome": outcome,
            "contact_attempts": rint(r, 3, 5) if outcome == "NO_CONTACT" else rint(r, 0, 2),
            "notes": pick(r, REFERRAL_NOTES),
        }

    def vps(self, reported: int, charged: bool, outcome: str | None, end: int) -> dict[str, Any]:
        r = self.r
        if charged:
            status = pick(r, ("MADE", "MADE", "UPDATED", "DECLINED") if outcome else
                           ("MADE", "MADE", "OFFERED", "DECLINED"))
        else:
            status = pick(r, ("OFFERED", "OFFERED", "NOT_YET_OFFERED", "MADE"))
        made = status in ("MADE", "UPDATED")
        return {
            "id": self.uid(reported),
            "status": status,
            "taken_on": ISO[min(reported + rint(r, 1, 40), end - 1)] if made else None,
            "updated_before_sentence": status == "UPDATED",
            "read_preference": pick(r, ("READ_BY_VICTIM", "READ_BY_PROSECUTOR",
                                         "NOT_READ_COURT_CONSIDERS_ONLY")) if made else None,
            "impacts": some(r, IMPACTS, rint(r, 2, 4)) if made else [],
            "notes": pick(r, VPS_NOTES) if made else ("Victim will decide after the first hearing."
                             if status == "OFFERED" else None),
        }

    def contacts(
        self,
        reported: int,
        end: int,
        closed_on: int | None,
        told: list[tuple[int, str, str | None]],
        vlo: str,
        oic: str,
        window: tuple[int, int],
        channels: list[str],
        no_voicemail: bool,
        spokesperson: str | None,
        interpreter: bool,
        language: str | None,
        suspect: str,
        after: tuple[int, int],
        routine: bool = True,
    ) -> list[dict[str, Any]]:
        """The contact log: the first contact, each update the victim was told, and (with
        ``routine``) a few calls, texts and attempts between."""
        r = self.r
        stop = min(end, (closed_on or end) + 14)
        first_channel = "IN_PERSON" if r() < 0.5 else "PHONE"
        items: list[tuple[int, str, str, str]] = [(
            reported, first_channel, "TO_VICTIM",
            "Initial contact. Explained the Victims' Code and gave written confirmation of the "
            "report (right 3).")]
        if interpreter and language:
            items.append((reported + rint(r, 1, 5), "IN_PERSON", "TO_VICTIM",
                          f"Home visit with a {language} interpreter; needs assessment "
                          "completed."))
        seen: set[tuple[int, str]] = set()
        for day, kind, note in told:
            if (day, kind) in seen:
                continue
            seen.add((day, kind))
            if kind == "COURT_DATE_SET":
                text = f"Gave the victim the date: {note}." if note else "Gave the court date."
            elif kind == "SUSPECT_ARRESTED" and suspect and r() < 0.5:
                text = f"Told the victim that {suspect.split(' (')[0]} has been arrested."
            else:
                text = TOLD_ABOUT.get(kind, "Gave the victim an update.")
            items.append((day, pick(r, channels) if channels else "PHONE", "TO_VICTIM", text))
        for _ in range(max(0, min(rint(r, 1, 5), 10 - len(items))) if routine else 0):
            if stop - reported <= 1:
                break
            day = reported + rint(r, 1, stop - reported - 1)
            roll = r()
            if roll < 0.3:
                items.append((day, "PHONE", "ATTEMPTED",
                              "Attempted call, no answer. No voicemail left (contact plan)."
                              if no_voicemail else "Attempted call, no answer; voicemail left "
                              "asking the victim to call back."))
            elif roll < 0.55:
                items.append((day, "PHONE", "FROM_VICTIM", pick(r, CALLS_FROM_VICTIM)))
            elif roll < 0.75:
                items.append((day, "TEXT_MESSAGE", "TO_VICTIM",
                              "Text sent confirming the next review date."))
            elif spokesperson and roll < 0.9:
                items.append((day, "PHONE", "TO_VICTIM",
                              "Update given to the nominated spokesperson."))
            else:
                items.append((day, pick(r, channels) if channels else "PHONE", "TO_VICTIM",
                              "Routine welfare call; victim coping, no new concerns."))
        items = sorted((i for i in items if i[0] < end), key=itemgetter(0))
        while len(items) < 3:
            day = min(end - 1, items[-1][0] + rint(r, 3, 14))
            items.append((day, "TEXT_MESSAGE", "TO_VICTIM",
                          "Text sent confirming the next review date."))
        items = items[:10]
        lo, hi = window
        stamps = utc_stamps(r, [(i[0], lo + int(r() * (hi - lo))) for i in items], after)
        out: list[dict[str, Any]] = []
        for (day, channel, direction, summary), stamp in zip(items, stamps, strict=True):
            if direction == "ATTEMPTED":
                with_whom = None
            elif "spokesperson" in summary and spokesperson:
                with_whom = spokesperson
            else:
                with_whom = "Victim"
            out.append({
                "id": self.uid(day), "supersedes_id": None, "occurred_at": stamp,
                "channel": channel, "direction": direction, "with_whom": with_whom,
                "summary": summary, "recorded_by": vlo if r() < 0.85 else oic,
                "left_voicemail": False, "safety_override_reason": None,
            })
        return out

    def wishes(
        self,
        reported: int,
        end: int,
        closed_on: int | None,
        vlo: str,
        share_consent: str | None,
        town: Town,
        window: tuple[int, int],
        channels: list[str],
        subs: dict[str, str],
        after: tuple[int, int],
        place_type: str,
    ) -> list[dict[str, Any]]:
        r = self.r
        stop = min(end, (closed_on or end) + 1)
        days = [min(reported + rint(r, 0, 2), end - 1)]
        for _ in range(pick(r, (0, 0, 1, 1, 1, 2, 3))):
            if stop - days[-1] <= 2:
                break
            days.append(days[-1] + rint(r, 1, min(60, stop - days[-1] - 1)))
        channel = pick(r, channels) if channels else None
        frequency = pick(r, FREQUENCIES)
        share = share_consent == "YES" or (share_consent is None and r() < 0.2)
        partners = [town.hipp] if share else []
        lo, hi = window
        stamps = utc_stamps(r, [(d, lo + int(r() * (hi - lo))) for d in days], after)
        out: list[dict[str, Any]] = []
        for k, (day, stamp) in enumerate(zip(days, stamps, strict=True)):
            words, wants, evidence, views, special = pick(
                r, wishes_at(FIRST_WISHES if k == 0 else LATER_WISHES, place_type))
            out.append({
                "id": self.uid(day),
                "supersedes_id": None,
                "recorded_at": stamp,
                "recorded_by": vlo,
                "victim_words": fill(words, subs),
                "confirmed_with_victim": r() < 0.88,
                "wants_prosecution": wants,
                "out_of_court_views": views,
                "willing_to_give_evidence": evidence,
                "special_measures": special,
                "vps_read_preference": pick(r, (None, "READ_BY_VICTIM", "READ_BY_PROSECUTOR",
                                                 "NOT_READ_COURT_CONSIDERS_ONLY")),
                "contact_frequency": frequency,
                "contact_channel": channel,
                "share_with_hip": share,
                "partner_consents": partners,
                "compensation_sought": r() < 0.25,
            })
        return out
