"""The prosecutor's file of a case: statements, interview accounts (MG15), bail and remand
(MG7), hearings, the defendant, plea and elements of each charge, applications to the court
(MG13), sign-offs of the court summary, the victim's consent to disclose their wishes and
pre-flight acknowledgements.

It is built after the rest of the case, from what the case already holds, and draws its random
numbers after everything else: so adding it changed nothing else a seed gives. The record
makers (:meth:`CourtFile.listing` and the rest) are shared with the crafted cases of
:mod:`hcdesk.demo.variants`.

Intelligence, previous incidents and group association stay police/CPS only here (``relied_on``
false): only a crafted case shows an officer relying on a previous incident as evidence.
"""

from __future__ import annotations

import datetime
from typing import Any

from hcdesk.demo.base import CaseBase, Court
from hcdesk.demo.kit import (
    ISO,
    fill,
    pick,
    quoted,
    rint,
    short_date,
    utc_stamps,
    working_days_after,
)
from hcdesk.demo.tables import AGGRAVATION_ELEMENTS, COURT, ELEMENTS, Flavour, Offence, Town

_STAMP = "%Y-%m-%dT%H:%M:%S.%fZ"
_EXHIBITED = {
    "CCTV": "CCTV",
    "BWV": "body-worn video",
    "SOCIAL_MEDIA": "screenshots",
    "GRAFFITI_DAMAGE": "photographs of the graffiti",
}
_HEARING_TIMES = ("09:30", "10:00", "10:00", "14:00")
KEY_DECISIONS = frozenset({
    "SUSPECT_ARRESTED", "SUSPECT_INTERVIEWED", "SUSPECT_BAILED",
    "SUSPECT_RELEASED_UNDER_INVESTIGATION", "SUSPECT_CHARGED", "NO_FURTHER_ACTION",
    "COURT_DATE_SET", "COURT_OUTCOME",
})


def _day(iso: str) -> int:
    return datetime.date.fromisoformat(iso).toordinal()


def _stamp_after(stamp: str, minutes: int) -> str:
    when = datetime.datetime.strptime(stamp, _STAMP) + datetime.timedelta(minutes=minutes)
    return when.strftime(_STAMP)


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class CourtFile(CaseBase):
    """The court file (a part of :class:`hcdesk.demo.case.Case`)."""

    __slots__ = ()

    # -- record makers (in the interchange format's field order) --------------------------------
    def listing(self, day: int, court: str, time: str | None, kind: str,
                notes: str | None = None) -> dict[str, Any]:
        return {"id": self.uid(day), "court": court, "listed_for": ISO[day], "time": time,
                "hearing_type": kind, "notes": notes}

    def bail(self, person: dict[str, Any], status: str, day: int, until: int | None,
             conditions: str | None = None, grounds: str | None = None,
             proposed: bool = False) -> dict[str, Any]:
        return {"id": self.uid(day), "person_id": person["id"], "status": status,
                "proposed": proposed, "conditions": conditions, "grounds": grounds,
                "from_date": ISO[day], "until_date": None if until is None else ISO[until]}

    def application(self, day: int, person: dict[str, Any], kind: str, terms: str,
                    grounds: str, consulted: bool, outcome: str | None) -> dict[str, Any]:
        return {"id": self.uid(day), "person_id": person["id"], "kind": kind, "terms": terms,
                "grounds": grounds, "victim_consulted": consulted, "outcome": outcome}

    def interview(self, day: int, person: dict[str, Any], account: str, summary: str | None,
                  response: str | None, ref: str | None) -> dict[str, Any]:
        return {"id": self.uid(day), "person_id": person["id"], "interviewed_on": ISO[day],
                "account": account, "summary": summary, "hostility_response": response,
                "record_ref": ref}

    def signoff(self, day: int, stamp: str, role: str, by: str, version: int,
                notes: str | None) -> dict[str, Any]:
        return {"id": self.uid(day), "supersedes_id": None, "role": role, "signed_by": by,
                "signed_at": stamp, "document_version": version, "notes": notes}

    def consent(self, day: int, stamp: str, by: str, given_by: str, oic_agreed: bool,
                items: list[str], notes: str | None) -> dict[str, Any]:
        return {"id": self.uid(day), "supersedes_id": None, "recorded_at": stamp,
                "recorded_by": by, "given_by": given_by, "oic_agreed": oic_agreed,
                "wish_items": items, "notes": notes}

    def acknowledgement(self, day: int, stamp: str, check: str, finding: str, by: str,
                        reason: str) -> dict[str, Any]:
        return {"id": self.uid(day), "supersedes_id": None, "check": check,
                "finding": finding, "acknowledged_by": by, "acknowledged_at": stamp,
                "reason": reason}

    def stamp(self, day: int, minute: int) -> str:
        """A UTC time-stamp at ``minute`` past midnight (UK time) on ``day``."""
        return utc_stamps(self.r, [(day, minute)], (day - 1, 0))[0]

    # -- the elements of an offence -------------------------------------------------------------
    @staticmethod
    def elements(underlying: str, evidence: dict[str, str], aggravation: tuple[str, str] | None,
                 adjective: str | None = None, group: str | None = None) -> list[dict[str, str]]:
        """Each element of the basic offence with the evidence for its kind (``act``,
        ``intent``, ``result``, ``defence``), then, for an aggravated offence, the aggravation
        ``(limb, evidence)`` with the CDA 1998 s.28 wording."""
        out = [{"element": element, "evidence": evidence[kind]}
               for element, kind in ELEMENTS[underlying]]
        if aggravation is not None:
            limb, proof = aggravation
            text = AGGRAVATION_ELEMENTS[limb].format(adjective=adjective, group=group)
            out.append({"element": text, "evidence": proof})
        return out

    # -- the court file of a generated case -----------------------------------------------------
    def court_file(
        self,
        case: dict[str, Any],
        court: Court,
        *,
        flav: Flavour,
        offence: Offence,
        harm: str,
        town: Town,
        street: str,
        street_town: str,
        words: str,
        act: str,
        subs: dict[str, str],
        pattern: bool,
        online: bool,
    ) -> None:
        """Fill in the court file of ``case`` (a generated case), as far as today."""
        r = self.r
        end = self.today
        victim = case["victim"]
        suspects = case["suspects"]
        witnesses = case["witnesses"]
        reported = _day(case["reported_date"])
        words_q = quoted(words)
        texts = dict(subs, words=words_q, act=act, group=flav.group,
                     characteristic=flav.characteristic, street=street, town=street_town,
                     victim=victim["name"].split(" (")[0] if victim else "the victim")
        texts["V_they"] = texts["v_they"].capitalize()

        # Statements (MG11), and intelligence on known suspects (never disclosed).
        if case["record_type"] == "HATE_CRIME" and victim is not None:
            victim["statement_date"] = ISO[min(reported + rint(r, 0, 2), end - 1)]
            table = COURT["victim_statement_online" if online else "victim_statement"]
            victim["statement_summary"] = fill(pick(r, table), texts)
        for w in witnesses:
            w["statement_date"] = ISO[min(reported + rint(r, 0, 10), end - 1)]
            w["statement_summary"] = fill(pick(r, COURT["witness_statement"]), texts)
        for s in suspects:
            if s["date_of_birth"] is not None and r() < 0.12:
                s["intelligence"] = pick(r, COURT["intelligence"])

        self._consent(case)
        arrested = court.arrested_on
        if arrested is None or not suspects or victim is None:
            return
        suspect = suspects[0]
        texts["suspect"] = suspect["name"].split(" (")[0]

        # The interview (MG15).
        admitted = any(e["source"] == "INTERVIEW_ADMISSION_MG15"
                       for e in case["hostility_evidence"])
        if admitted:
            account = "FULL_ADMISSION" if court.plea == "GUILTY" else "PARTIAL_ADMISSION"
        elif court.plea == "GUILTY":
            account = pick(r, ("FULL_ADMISSION", "FULL_ADMISSION", "PARTIAL_ADMISSION"))
        elif court.plea == "NOT_GUILTY":
            account = pick(r, ("DENIAL", "DENIAL", "NO_COMMENT", "PREPARED_STATEMENT"))
        else:
            account = pick(r, ("DENIAL", "NO_COMMENT", "PARTIAL_ADMISSION"))
        response = (fill(COURT["admission_response"], texts) if admitted
                    else fill(pick(r, COURT["hostility_response"][account]), texts))
        mg15 = "MG15-S1"
        case["interview_accounts"].append(self.interview(
            arrested, suspect, account, fill(pick(r, COURT["interview"][account]), texts),
            response, mg15))

        # Bail or remand (MG7): before charge, then at court.
        conditions = fill(COURT["bail_conditions"], texts)
        grounds = pick(r, COURT["bail_grounds"])
        bail = case["bail_records"]
        if not court.voluntary:
            if court.bailed:
                until = court.charged_on or court.closed_on or arrested + 90
                bail.append(self.bail(suspect, "POLICE_BAIL", arrested, until, conditions,
                                      grounds))
            else:
                bail.append(self.bail(suspect, "RELEASED_UNDER_INVESTIGATION", arrested, None))
        charges = case["charges"]
        first = court.first_hearing
        if not charges or first is None:
            return
        plea = court.plea if first < end else None
        sentence_day = court.sentence_day
        if first >= end:
            bail.append(self.bail(suspect, "COURT_BAIL", first, None, conditions, grounds,
                                  proposed=True))
        elif plea == "NOT_GUILTY" or (sentence_day is not None and sentence_day > first):
            to = court.trial if plea == "NOT_GUILTY" else sentence_day
            if harm == "I" and pattern and r() < 0.5:
                bail.append(self.bail(suspect, "REMANDED_IN_CUSTODY", first, to, None,
                                      fill(COURT["remand_grounds"], texts)))
            else:
                bail.append(self.bail(suspect, "COURT_BAIL", first, to, conditions, grounds))

        # Each charge: its defendant, the plea, the basis of a guilty plea, the elements.
        evidence = self._evidence_for(case, harm, mg15, account)
        for ch in charges:
            ch["defendant_id"] = suspect["id"]
            ch["plea"] = plea
            if plea == "GUILTY" and r() < 0.25:
                kind = ("CDA" if ch["aggravated_form_charged"] else
                        "S66" if ch["legal_route"] == "SA2020_S66_UPLIFT" else "NONE")
                ch["plea_basis"] = fill(pick(r, COURT["plea_bases"][kind]), texts)
            underlying = ch["cda_underlying"] or offence.cda_underlying
            if ch["hocr_code"] in ("58J", "58A"):
                underlying = "CDA1971_S1_1"
            aggravation = None
            adjective = group = None
            if ch["aggravated_form_charged"]:
                adjective = ch["offence"].split(" aggravated ")[0]
                group = {"Racially": "racial", "Religiously": "religious"}.get(
                    adjective, "racial or religious")
                aggravation = self._hostility(case)
            ch["elements"] = self.elements(underlying, evidence, aggravation, adjective, group)

        # Hearings, past and next.
        court_name, crown = town.courts
        notes = COURT["hearing_notes"]
        listings = case["court_listings"]
        if plea == "GUILTY":
            same_day = sentence_day == first
            text = fill(notes["FIRST_HEARING_GUILTY"], {
                "sentence_note": notes["SENT_SAME_DAY"] if same_day else notes["ADJOURNED"]})
        elif plea == "NOT_GUILTY":
            text = notes["FIRST_HEARING_NOT_GUILTY"]
        else:
            text = notes["FIRST_HEARING_PENDING"]
        listings.append(self.listing(first, court_name, pick(r, _HEARING_TIMES),
                                     "FIRST_HEARING", text))
        if court.plea == "GUILTY" and sentence_day is not None and sentence_day > first:
            listings.append(self.listing(sentence_day, court_name, pick(r, _HEARING_TIMES),
                                         "SENTENCE", notes["SENTENCE_AFTER_PLEA"]))
        elif court.plea == "NOT_GUILTY" and court.trial is not None and (
                court.outcome != "DISCONTINUED"):
            trial_court = court_name
            if offence.cda_underlying == "OAPA_S20":  # sent to the Crown Court for trial
                trial_court = crown
                listings.append(self.listing(first + 28, crown, "10:00",
                                             "PLEA_AND_TRIAL_PREPARATION", notes["PTPH"]))
            listings.append(self.listing(court.trial, trial_court, "10:00", "TRIAL",
                                         notes["TRIAL"]))
            if court.outcome and court.outcome.startswith("CONVICTED") and r() < 0.5:
                listings.append(self.listing(court.trial + 28, trial_court, "14:00",
                                             "SENTENCE", notes["SENTENCE"]))

        # Applications to the court (MG13), prepared with the file.
        self._applications(case, court, suspect, harm, online, texts)

        # Sign-offs of the court summary, and an acknowledged pre-flight finding.
        self._signoffs(case, court, first, end)

    def _consent(self, case: dict[str, Any]) -> None:
        """The victim's consent to disclose parts of their wishes, when they gave it."""
        wishes = case["wishes"]
        victim = case["victim"]
        if not (case["victim_agreed_wishes_disclosed"] and wishes and victim):
            return
        r = self.r
        last = wishes[-1]
        items = ["VIEWS_ON_PROSECUTION"]
        if last["out_of_court_views"]:
            items.append("OUT_OF_COURT_AND_RJ")
        if any(w["compensation_sought"] for w in wishes):
            items.append("COMPENSATION")
        spokesperson = victim["nominated_spokesperson"]
        minor = spokesperson and spokesperson.endswith(("(mother)", "(father)"))
        given_by = f"{spokesperson}, for the victim" if minor else "The victim"
        day = _day(last["recorded_at"][:10])
        stamp = _stamp_after(last["recorded_at"], rint(r, 5, 20))
        if stamp[:10] >= ISO[self.today]:
            return
        case["disclosure_consents"].append(self.consent(
            day, stamp, last["recorded_by"],
            given_by, r() < 0.85, items,
            "Agreed when the wishes were last recorded; read back to the victim."))

    def _evidence_for(self, case: dict[str, Any], harm: str, mg15: str,
                      account: str) -> dict[str, str]:
        """The evidence for each kind of element, from the case's statements and exhibits."""
        victim = case["victim"]
        statements = [f"{victim['statement_ref']} (the victim)"] if victim.get(
            "statement_ref") else []
        statements += [f"{w['statement_ref']} ({w['name'].split(' (')[0]})"
                       for w in case["witnesses"] if w["statement_ref"]]
        exhibits = [f"{_EXHIBITED[e['source']]} {e['exhibit_ref']}"
                    for e in case["hostility_evidence"]
                    if e["exhibit_ref"] and e["source"] in _EXHIBITED
                    and e["disclosure_class"] == "DISCLOSABLE"]
        seen = "; ".join(x for x in (", ".join(statements), ", ".join(exhibits)) if x)
        seen = seen or "The victim's account"
        interview = {
            "FULL_ADMISSION": f"admitted in interview ({mg15})",
            "PARTIAL_ADMISSION": f"partly admitted in interview ({mg15})",
            "DENIAL": f"denied in interview ({mg15})",
            "NO_COMMENT": f"no comment in interview ({mg15}): an inference may be drawn",
            "PREPARED_STATEMENT": f"prepared statement in interview ({mg15})",
        }[account]
        victim_ref = statements[0] if statements else "The victim's account"
        result = {
            "I": f"Medical notes and photographs of the injuries; {victim_ref}",
            "D": f"Photographs of the damage and the repair estimate; {victim_ref}",
            "H": f"{victim_ref} describes each occasion and its effect; the log of incidents",
        }.get(harm, f"{victim_ref} describes the distress caused")
        return {
            "act": seen,
            "intent": f"Inferred from the words used and what was done ({seen}); {interview}",
            "result": result,
            "defence": f"No lawful excuse or self-defence arises on {seen}; {interview}",
        }

    @staticmethod
    def _hostility(case: dict[str, Any]) -> tuple[str, str]:
        """The limb of the aggravation and its evidence: the disclosable hostility evidence."""
        items = [e for e in case["hostility_evidence"] if e["disclosure_class"] == "DISCLOSABLE"
                 and e["strand"] in ("RACE", "RELIGION")]
        limb = "DEMONSTRATED" if any(e["limb"] == "DEMONSTRATED" for e in items) else "MOTIVATED"
        proof = "; ".join(
            _short(e["translation"] or e["words_or_conduct"])
            + f" ({e['witness_ref'] or e['exhibit_ref'] or e['source'].lower()})"
            for e in items if e["limb"] == limb)
        return limb, proof or "The words used at the time (see the hostility evidence)"

    def _applications(self, case: dict[str, Any], court: Court, suspect: dict[str, Any],
                      harm: str, online: bool, texts: dict[str, str]) -> None:
        r = self.r
        charged = court.charged_on
        assert charged is not None
        outcome, done = court.outcome, court.outcome_day
        out = case["court_applications"]
        if harm == "H" or r() < 0.35:
            years = rint(r, 1, 3)
            terms = fill(COURT["restraining_terms"], dict(texts, years=str(years)))
            grounds = COURT["restraining_grounds"]
            result = None
            basis = grounds["conviction"]
            if outcome and outcome.startswith("CONVICTED") and done is not None:
                result = (f"Made on {short_date(done)} for {years} years" if r() < 0.85 else
                          "Refused: the court found the sentence gave the victim enough "
                          "protection")
            elif outcome == "ACQUITTED" and done is not None:
                basis = grounds["acquittal"]
                result = (f"Made on acquittal on {short_date(done)} for {years} years"
                          if r() < 0.4 else "Not made: the court was not satisfied it was needed")
            elif outcome == "DISCONTINUED":
                result = "Not pursued: the case was discontinued"
            out.append(self.application(charged, suspect, "RESTRAINING_ORDER", terms,
                                        fill(basis, texts), r() < 0.85, result))
        if harm in ("D", "I") and r() < 0.7:
            amount = rint(r, 6, 90) * 10 if harm == "D" else rint(r, 15, 150) * 10
            loss = "the damage" if harm == "D" else "the injuries and the pain they caused"
            result = None
            if outcome == "CONVICTED" and done is not None:
                result = f"£{amount} ordered on {short_date(court.sentence_day or done)}"
            elif outcome in ("ACQUITTED", "DISCONTINUED"):
                result = "Not made: no conviction"
            out.append(self.application(
                charged, suspect, "COMPENSATION_ORDER",
                fill(COURT["compensation_terms"], {"amount": str(amount), "loss": loss}),
                COURT["compensation_grounds"], True, result))
        phones = [e["exhibit_ref"] for e in case["hostility_evidence"]
                  if e["source"] == "SOCIAL_MEDIA" and e["exhibit_ref"]]
        if online and phones and r() < 0.3:
            out.append(self.application(
                charged, suspect, "FORFEITURE_OR_DEPRIVATION",
                fill(COURT["deprivation_terms"], {"exhibit": phones[0]}),
                COURT["deprivation_grounds"], False,
                "Made" if outcome == "CONVICTED" else None))

    def _signoffs(self, case: dict[str, Any], court: Court, first: int, end: int) -> None:
        r = self.r
        oic, supervisor = case["oic"], case["supervisor"]
        charged = court.charged_on
        assert charged is not None
        days = [(max(charged, first - rint(r, 2, 6)), "Charge file for the first hearing")]
        if court.plea == "NOT_GUILTY" and court.trial is not None:
            days.append((court.trial - rint(r, 14, 28), "Upgraded file for trial"))
        for version, (day, note) in enumerate(days, 1):
            if day >= end:
                break
            oic_stamp = self.stamp(day, rint(r, 8 * 60, 17 * 60))
            if version == 1 and r() < 0.3:
                self._acknowledge(case, day, oic_stamp)
            case["summary_signoffs"].append(
                self.signoff(day, oic_stamp, "OIC", oic, version, note))
            if r() < 0.75 and day + 1 < end:
                case["summary_signoffs"].append(self.signoff(
                    day + 1, self.stamp(day + 1, rint(r, 8 * 60, 17 * 60)), "SUPERVISOR",
                    supervisor, version, "Reviewed; hostility evidence and MG13 checked"))

    def _acknowledge(self, case: dict[str, Any], day: int, before: str) -> None:
        """A pre-flight finding the officer acknowledged just before signing."""
        r = self.r
        checks = COURT["preflight"]
        made = any(s["status"] in ("MADE", "UPDATED") for s in case["victim_personal_statements"])
        enhanced = case["record_type"] == "HATE_CRIME" or any(
            s != "STANDARD" for s in case["victim"]["victims_code_statuses"])
        target = 1 if enhanced else 5  # working days to tell the victim of a key decision
        late = [e for e in case["victims_code_events"]
                if e["event"] in KEY_DECISIONS and e["victim_told_on"]
                and e["victim_told_on"] > ISO[working_days_after(_day(e["event_date"]), target)]]
        if not made and case["victim_personal_statements"]:
            taken = case["victim_personal_statements"][0]
            check, texts = "no_vps", {"date": short_date(day - rint(r, 3, 20))}
            if taken["status"] == "DECLINED":
                return
        elif late:
            check = "told_late"
            texts = {"event": late[0]["event"].replace("_", " ").lower(),
                     "date": short_date(_day(late[0]["event_date"])),
                     "days": "1 working day" if target == 1 else f"{target} working days"}
        else:
            return
        stamp = _stamp_after(before, -rint(r, 2, 30))
        case["preflight_acknowledgements"].append(self.acknowledgement(
            day, stamp, check, fill(checks[check]["finding"], texts), case["oic"],
            fill(checks[check]["reason"], texts)))

    # -- the pre-flight check, as an officer left it ---------------------------------------------
    def settle_preflight(self, case: dict[str, Any]) -> None:
        """The case's perceivers include each evidence item's (a demo case is consistent); the
        other findings of the real pre-flight check (hcdesk.casework.preflight) are acknowledged
        by the OIC, with a reason, just before the first sign-off (or after the wishes that
        raised them)."""
        from hcdesk.casework.casefile import CaseSnapshot
        from hcdesk.casework.preflight import outstanding

        perceived = list(case["perceived_by"])
        for ev in case["hostility_evidence"]:
            if ev.get("perceived_by") and ev["perceived_by"] not in perceived:
                perceived.append(ev["perceived_by"])
        case["perceived_by"] = perceived
        signoffs = case["summary_signoffs"]
        people = [p for p in [case["victim"], *case["suspects"], *case["witnesses"]] if p]
        roles = ["VICTIM"] * bool(case["victim"])
        roles += ["SUSPECT"] * len(case["suspects"]) + ["WITNESS"] * len(case["witnesses"])
        records = {
            "person": [{**p, "role": role} for p, role in zip(people, roles, strict=True)],
            "hostility_evidence": case["hostility_evidence"],
            "victim_wish": case["wishes"],
            "needs_assessment": case["needs_assessments"],
            "charge": case["charges"],
            "victim_personal_statement": case["victim_personal_statements"],
            "disclosure_consent": case["disclosure_consents"],
            "preflight_acknowledgement": case["preflight_acknowledgements"],
        }
        found = outstanding(CaseSnapshot(case["id"], case["local_ref"], case, records, []))
        if not found:
            return
        if signoffs:  # just before the first sign-off
            stamp = _stamp_after(min(s["signed_at"] for s in signoffs), -5)
        else:  # the next time the officer looked at the wishes
            stamp = _stamp_after(max(w["recorded_at"] for w in case["wishes"]), 90)
        day = _day(stamp[:10])
        for f in found:
            if f.blocking:
                continue
            case["preflight_acknowledgements"].append(
                self.acknowledgement(
                    day,
                    stamp,
                    f.check,
                    f.message,
                    case["oic"] or "the officer in the case",
                    PREFLIGHT_REASONS.get(f.check, "Discussed with the CPS; stands as recorded."),
                )
            )


PREFLIGHT_REASONS = {
    "special_measures_against_wishes": (
        "Spoke to the victim again; their wish stands and the MG2 says so."
    ),
    "vps_preference_against_wishes": (
        "Victim confirmed by phone; the prosecutor will be told at the next hearing."
    ),
    "guilty_plea_with_a_basis": (
        "The CPS lawyer has the basis of plea and will consider a Newton hearing."
    ),
    "aggravated_form_not_charged": "CPS charging decision recorded; the reason is on the MG3.",
    "hocr_code_against_route": "Referred to the force crime registrar.",
    "wishes_consent_not_recorded": "Consent was given at the first visit; to be recorded in full.",
}
