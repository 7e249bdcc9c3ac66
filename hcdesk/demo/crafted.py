"""The builder of the crafted demo cases (:mod:`hcdesk.demo.variants`): what every such case
shares, made with the same parts as a generated case (support, contacts, wishes, the Victims'
Code log, the court file's record makers), around the facts a variant sets by hand.

A crafted case is seeded by its own key, never by an index :func:`hcdesk.demo.iter_cases` uses,
so its ids, URN and crime reference never clash with a generated case's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from hcdesk.demo.base import Court
from hcdesk.demo.case import Case
from hcdesk.demo.kit import DAY, ISO, add_years, short_date, working_days_after
from hcdesk.demo.people import case_urn, crime_reference, officers_for
from hcdesk.demo.tables import BY_KEY, FORCE_CODE, PRONOUNS, SUSPECT_PRONOUNS, TOWNS, Town

# Generated cases number their URNs and crime references from their index, one to one for the
# first 100,000 indexes: a crafted case takes one from the top of that range.
_TOP_INDEX = 100_000


@dataclass
class Person:
    """A person of a crafted case (the fields the builder does not make up)."""

    name: str
    gender: str
    age: int | None
    address: str | None = None
    postcode: str | None = None
    phone: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # any other field of a person


@dataclass
class Story:
    """The facts of one crafted case. Days are counted back from today (``ago``)."""

    key: str  # the variant's letter
    title: str  # what the variant shows, at the head of the summary
    town: str
    flavour: str  # a key of data/strands.json: the agencies, group and characteristic
    record_type: str
    strands: list[str]
    local: list[str]
    incident_ago: int
    report_delay: int
    incident_time: str
    place: str
    place_type: str
    summary: str
    perception: str
    victim: Person
    suspects: list[Person] = field(default_factory=list)
    witnesses: list[Person] = field(default_factory=list)
    perceived_by: list[str] = field(default_factory=lambda: ["VICTIM"])
    fcr: str | None = None
    hocr_codes: list[str] = field(default_factory=list)
    status: str = "OPEN"
    file_stage: str | None = None
    plea: str | None = None
    decision: str | None = None
    charged: bool = False  # whether it has a URN
    closed_ago: int | None = None
    incident_end_ago: int | None = None
    interpreter: str | None = None
    statuses: list[str] = field(default_factory=lambda: ["STANDARD"])
    wishes_disclosed: bool = False
    harm: str = "V"  # as in data/offences.json: the needs it raises (health, damage...)
    # The victim's latest wishes: (words, wants prosecution, willing to give evidence, views on
    # out-of-court disposal, special measures); the earlier entries are drawn as usual.
    wish: tuple[str, str, str, str | None, str | None] | None = None


class Crafted(Case):
    """Builds a crafted case: :meth:`scaffold` makes the case and what every case has; the
    variant then adds its evidence, charges and court file."""

    __slots__ = ()

    def __init__(self, seed: int, key: str, today: int) -> None:
        number = "abcdefghijklmnopqrstuvwxyz".index(key) + 1
        super().__init__(seed, -number, today, officers_for(seed))

    @property
    def number(self) -> int:
        return -self.index

    def day(self, ago: int) -> int:
        """The day ``ago`` days before today."""
        return self.today - ago

    def scaffold(self, st: Story) -> tuple[dict[str, Any], dict[str, Any]]:
        """The case (every section present, the court file empty) and what the variant needs
        to go on: the town, officers, the incident and report days, and the people."""
        town = _town(st.town)
        force = town.force
        officers = self.officers
        oic = officers.oic[force][self.number]
        vlo = officers.vlo[force][self.number]
        supervisor = officers.supervisors[force][self.number]
        incident = self.day(st.incident_ago)
        reported = incident + st.report_delay
        v = st.victim
        victim = self._person(reported, v, incident)
        victim["interpreter_needed"] = st.interpreter is not None
        victim["language"] = st.interpreter or victim["language"]
        victim["victims_code_statuses"] = list(st.statuses)
        suspects = [self._person(incident, p, incident) for p in st.suspects]
        witnesses = [self._person(incident, p, incident) for p in st.witnesses]
        crime = st.record_type == "HATE_CRIME"
        if crime:
            victim["statement_ref"] = victim["statement_ref"] or "MG11-V1"
        for k, w in enumerate(witnesses, 1):
            w["statement_ref"] = w["statement_ref"] or f"MG11-W{k}"
        year = DAY(reported).year
        flav = BY_KEY[st.flavour]
        closed = None if st.closed_ago is None else self.day(st.closed_ago)
        index = _TOP_INDEX - self.number + 1
        case: dict[str, Any] = {
            "id": self.uid(reported),
            "local_ref": f"L-DEMO-VARIANT-{st.key.upper()}",
            "urn": case_urn(index, force, town.station, year) if st.charged else None,
            "crime_reference": crime_reference(index, force, year) if crime else None,
            "force": force,
            "team": town.team,
            "status": st.status,
            "record_type": st.record_type,
            "monitored_strands": list(st.strands),
            "local_strands": list(st.local),
            "perceived_by": list(st.perceived_by),
            "perception_date": ISO[reported],
            "perception_note": st.perception,
            "hocr_codes": list(st.hocr_codes),
            "fcr_decision": st.fcr,
            "incident_date": ISO[incident],
            "incident_end_date": (None if st.incident_end_ago is None
                                  else ISO[self.day(st.incident_end_ago)]),
            "incident_time": st.incident_time,
            "reported_date": ISO[reported],
            "place": st.place,
            "place_type": st.place_type,
            "summary": f"DEMO VARIANT ({st.key}): {st.title}. {st.summary}",
            "oic": oic,
            "liaison_officer": vlo,
            "supervisor": supervisor,
            "file_stage": st.file_stage,
            "anticipated_plea": st.plea,
            "cps_area": "CPS West Midlands" if st.charged else None,
            "cms_hate_flag": st.charged,
            "cps_charging_decision": st.decision,
            "protective_marking": "OFFICIAL_SENSITIVE",
            "next_review_date": None if closed else ISO[self.today + 14],
            "retention_review_date": ISO[add_years(closed or reported, 6)],
            "victim_agreed_wishes_disclosed": st.wishes_disclosed,
            "voided_reason": None, "voided_at": None, "voided_by": None,
            "victim": victim,
            "suspects": suspects,
            "witnesses": witnesses,
            "hostility_evidence": [],
            "wishes": [],
            "needs_assessments": [],
            "support_plans": [],
            "referrals": [],
            "contacts": [],
            "victims_code_events": [],
            "charges": [],
            "victim_personal_statements": [],
            "community_impact_statements": [],
            "partnership_shares": [],
            "court_listings": [],
            "bail_records": [],
            "court_applications": [],
            "interview_accounts": [],
            "summary_signoffs": [],
            "disclosure_consents": [],
            "preflight_acknowledgements": [],
            "status_claims": [],
            "duty_records": [],
            "planned_contacts": [],
        }
        # Support: a needs assessment and plan, referrals to the strand's agencies.
        court = Court(status=st.status,
                      outcome="CONVICTED" if closed is not None and st.charged else None)
        online = st.place_type == "Online"
        access = victim["access_needs"]
        assessed = reported + 1
        assessment = self.assessment(assessed, vlo, st.interpreter is not None, st.interpreter,
                                     access, online, st.harm, False)
        case["needs_assessments"].append(assessment)
        case["support_plans"].append(self.plan(assessment, vlo, oic, town, town.courts[0],
                                               court))
        enhanced = st.record_type == "HATE_CRIME" or st.statuses != ["STANDARD"]
        for k, agency in enumerate(flav.agencies[:2]):
            case["referrals"].append(self.referral(reported + 2 + 5 * k, agency, flav, enhanced,
                                                   st.interpreter is not None))
        ctx = {"town": town, "flav": flav, "oic": oic, "vlo": vlo, "supervisor": supervisor,
               "incident": incident, "reported": reported, "closed": closed, "online": online,
               "enhanced": enhanced, "crime": crime, "court": court, "wish": st.wish}
        return case, ctx

    def finish(self, case: dict[str, Any], ctx: dict[str, Any],
               events: Events) -> dict[str, Any]:
        """The Victims' Code log (each key decision told in time), contacts and wishes."""
        reported, closed = ctx["reported"], ctx["closed"]
        if ctx["crime"]:
            events = [*events,
                      (reported, 2, "OTHER", "Crime recorded; crime reference given"),
                      (reported, 3, "RJ_INFORMATION_GIVEN", "Written information given")]
        events = sorted((e for e in events if e[0] < self.today), key=itemgetter(0))
        target = 1 if ctx["enhanced"] else 5
        told: list[tuple[int, str, str | None]] = []
        for day, right, kind, note in events:
            told_on = min(working_days_after(day, target) if right in (6, 8, 9) else day,
                          self.today - 1)
            if right in (6, 8, 9) and kind != "OTHER":
                told.append((told_on, kind, note))
            case["victims_code_events"].append({
                "id": self.uid(day), "supersedes_id": None, "right_number": right,
                "event": kind, "event_date": ISO[day], "victim_told_on": ISO[max(day, told_on)],
                "notes": note,
            })
        victim = case["victim"]
        window = (10 * 60, 18 * 60)
        hh, mm = case["incident_time"].split(":")
        after = (ctx["incident"], int(hh) * 60 + int(mm) + 20)  # nothing is logged before
        subs = dict(PRONOUNS[victim["gender"]])
        suspects = case["suspects"]
        subs.update(SUSPECT_PRONOUNS[bool(suspects) and suspects[0]["gender"] == "Female"])
        case["contacts"] = self.contacts(
            reported, self.today, closed, told, ctx["vlo"], ctx["oic"], window,
            victim["safe_channels"] or ["PHONE"], victim["no_voicemail"],
            victim["nominated_spokesperson"], victim["interpreter_needed"], victim["language"],
            case["suspects"][0]["name"] if case["suspects"] else "", after, routine=False)
        case["wishes"] = self.wishes(reported, self.today, closed, ctx["vlo"], None, ctx["town"],
                                     window, victim["safe_channels"] or ["PHONE"], subs, after,
                                     case["place_type"])
        wish = ctx["wish"]
        if wish is not None:
            last = case["wishes"][-1]
            (last["victim_words"], last["wants_prosecution"], last["willing_to_give_evidence"],
             last["out_of_court_views"], last["special_measures"]) = wish
        latest = case["wishes"][-1] if case["wishes"] else None
        if latest is not None:  # the officer kept the assessment and the VPS in step with it
            if case["victim_personal_statements"]:
                latest["vps_read_preference"] = case["victim_personal_statements"][-1][
                    "read_preference"]
            words = (latest["special_measures"] or "").lower()
            if words and case["needs_assessments"]:
                case["needs_assessments"][-1]["special_measures_indicated"] = not words.startswith(
                    ("no ", "none", "does not want"))
        if case["victim_agreed_wishes_disclosed"]:
            self._consent(case)
        self.settle_preflight(case)  # what the pre-flight check still finds, acknowledged
        return case

    def _person(self, day: int, p: Person, incident: int) -> dict[str, Any]:
        dob = None if p.age is None else incident - p.age * 365 - 100
        person = self.person(day, p.name, dob, p.gender, p.address, p.postcode, p.phone)
        person.update(p.extra)
        return person

    def ev(self, case: dict[str, Any], day: int, strand: str | None, local: str | None,
           limb: str, timing: str, words: str, source: str, *, exhibit: str | None = None,
           witness: str | None = None, by: str = "VICTIM", factors: list[str] | None = None,
           disclosure: str = "DISCLOSABLE", relied_on: bool = False,
           language: str | None = None, translation: str | None = None) -> dict[str, Any]:
        """Add an item of hostility evidence to ``case``."""
        item = self.evidence(day, strand, local, limb, timing, words, language, translation,
                             source, exhibit, witness, by, factors or [], disclosure, relied_on)
        case["hostility_evidence"].append(item)
        return item

    def charge(self, case: dict[str, Any], defendant: dict[str, Any], *, offence: str,
               statute: str, route: str | None, underlying: str | None, hocr: str,
               available: bool, charged: bool, offence_day: int, charged_on: int,
               plea: str | None, elements: list[dict[str, str]], outcome: str = "PENDING",
               outcome_day: int | None = None, sentence: str | None = None,
               uplift_stated: bool = False, basis: str | None = None) -> dict[str, Any]:
        """Add a charge to ``case`` (its fields in the interchange format's order)."""
        ch = {
            "id": self.uid(charged_on), "defendant_id": defendant["id"], "offence": offence,
            "statute_section": statute, "legal_route": route, "cda_underlying": underlying,
            "hocr_code": hocr, "aggravated_form_available": available,
            "aggravated_form_charged": charged, "offence_date": ISO[offence_day],
            "charged_on": ISO[charged_on], "plea": plea, "plea_basis": basis,
            "elements": elements, "outcome": outcome,
            "outcome_date": None if outcome_day is None else ISO[outcome_day],
            "sentence": sentence, "uplift_stated_in_court": uplift_stated,
        }
        case["charges"].append(ch)
        return ch

    def signoffs(self, case: dict[str, Any], ctx: dict[str, Any], day: int, version: int,
                 note: str, *, supervisor: bool = True) -> None:
        case["summary_signoffs"].append(self.signoff(
            day, self.stamp(day, 9 * 60 + 15), "OIC", ctx["oic"], version, note))
        if supervisor:
            case["summary_signoffs"].append(self.signoff(
                day, self.stamp(day, 15 * 60 + 40), "SUPERVISOR", ctx["supervisor"], version,
                "Reviewed: the hostility evidence, the legal route and the MG13 are in order."))

    def vps_made(self, case: dict[str, Any], day: int, read: str, impacts: list[str],
                 notes: str, updated: bool = False) -> None:
        case["victim_personal_statements"].append({
            "id": self.uid(day), "status": "UPDATED" if updated else "MADE",
            "taken_on": ISO[day], "updated_before_sentence": updated, "read_preference": read,
            "impacts": impacts, "notes": notes,
        })


# -- pieces the variants share ------------------------------------------------------------------

Events = list[tuple[int, int, str, str | None]]
"""Victims' Code log entries: (day, right, event, note)."""


def evidence_by_kind(act: str, intent: str, result: str, defence: str = "") -> dict[str, str]:
    """The evidence for each kind of element (see :meth:`CourtFile.elements`)."""
    return {"act": act, "intent": intent, "result": result,
            "defence": defence or f"No lawful excuse or self-defence arises: {act}"}


def arrest_events(events: Events, day: int,
                  released: str | None = "SUSPECT_BAILED") -> None:
    """Arrest and interview on ``day``, then police bail, release under investigation
    (``SUSPECT_RELEASED_UNDER_INVESTIGATION``) or, with ``None``, kept in custody to court."""
    events.append((day, 6, "SUSPECT_ARRESTED", None))
    events.append((day, 6, "SUSPECT_INTERVIEWED", None))
    if released is not None:
        events.append((day, 6, released, "Conditions: not to contact the victim"
                       if released == "SUSPECT_BAILED" else None))


def charge_events(events: Events, charged: int, first: int, court: str, offence: str) -> None:
    """The charge and the first hearing's date."""
    events.append((charged, 6, "SUSPECT_CHARGED", f"Charged: {offence}"))
    events.append((charged, 8, "COURT_DATE_SET",
                   f"First hearing at {court} on {short_date(first)}"))


def _town(name: str) -> Town:
    town = next((t for t in TOWNS if t.name == name), None)
    if town is None or town.force not in FORCE_CODE:
        raise ValueError(f"no demo town called {name}")
    return town
