"""The pre-flight check before a court summary is exported: the contradictions on a case file
that a prosecutor would put the summary down for, listed for the officer to fix or acknowledge.

Each check is one rule with a code (``Finding.check``). A finding is either one the officer
must fix before a summary can be exported (``blocking``), or one they may acknowledge with a
reason; an acknowledgement is recorded on the case (``preflight_acknowledgement``, synced with
the rest of it) and silences that finding, worded as it was, for later exports. If the facts
change, the finding's words change, and it must be acknowledged again.

Qt-free: the export dialog, the CLI and the export service all call :func:`check_case` and
:func:`outstanding`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from hcdesk.casework import legal
from hcdesk.casework.casefile import CaseSnapshot
from hcdesk.errors import UsageError
from hcdesk.models.case import PreflightAcknowledgement


@dataclass(frozen=True)
class Finding:
    """One contradiction on the case file. ``check``: the rule's code; ``message``: what is
    wrong and what to do, for the officer; ``blocking``: it must be fixed, not acknowledged."""

    check: str
    message: str
    blocking: bool = False


Check = Callable[[CaseSnapshot], Iterable[Finding]]
CHECKS: list[Check] = []


def check(fn: Check) -> Check:
    """Register a pre-flight rule."""
    CHECKS.append(fn)
    return fn


def check_case(snap: CaseSnapshot) -> list[Finding]:
    """Every finding on the case, acknowledged or not, in the order of the rules."""
    return [f for rule in CHECKS for f in rule(snap)]


def _acknowledged(snap: CaseSnapshot) -> set[tuple[str, str]]:
    return {
        (str(a["check"]), str(a["finding"]))
        for a in snap.records.get("preflight_acknowledgement", [])
    }


def outstanding(snap: CaseSnapshot) -> list[Finding]:
    """The findings still to deal with: every blocking one, and those not yet acknowledged."""
    done = _acknowledged(snap)
    return [f for f in check_case(snap) if f.blocking or (f.check, f.message) not in done]


class Outstanding(UsageError):
    """An export asked for while pre-flight findings are still to be dealt with."""

    default_message = (
        "The pre-flight check found contradictions on this case; fix or acknowledge them "
        "before the summary is exported."
    )

    def __init__(self, findings: Sequence[Finding], reference: str = "") -> None:
        self.findings = list(findings)
        must = [f for f in self.findings if f.blocking]
        lines = [
            f"- {'Must be fixed: ' if f.blocking else ''}{f.message}" for f in self.findings
        ]
        what = "fix them on the case file" if must else "acknowledge them with a reason"
        where = f" on {reference}" if reference else ""
        how = (
            ""
            if must and len(must) == len(self.findings)
            else " (in the case file's pre-flight dialog, or with `hcdesk preflight REF "
            "--acknowledge REASON`)"
        )
        super().__init__(
            f"Not exported: the pre-flight check found {len(self.findings)} "
            f"{'thing' if len(self.findings) == 1 else 'things'} to deal with{where}; "
            f"{what}{how}.\n" + "\n".join(lines)
        )


class MustFix(UsageError):
    default_message = "This finding must be fixed on the case file; it cannot be acknowledged."


def acknowledge(
    session: Session,
    case_id: str,
    findings: Sequence[Finding],
    *,
    by: str,
    reason: str,
    now: dt.datetime | None = None,
) -> list[str]:
    """Record the officer's acknowledgement of ``findings`` with their reason, in the caller's
    transaction. Returns the ids of the acknowledgements. Refuses a blocking finding, and an
    acknowledgement with no reason."""
    if not reason.strip():
        raise UsageError("Say why these findings can stand; the reason is recorded on the case.")
    if not by.strip():
        raise UsageError("An acknowledgement must say who made it.")
    for f in findings:
        if f.blocking:
            raise MustFix(f"This must be fixed on the case file first: {f.message}")
    when = now or dt.datetime.now(dt.UTC)
    ids: list[str] = []
    for f in findings:
        row: Any = PreflightAcknowledgement(
            case_id=case_id,
            check=f.check,
            finding=f.message,
            acknowledged_by=by.strip(),
            acknowledged_at=when,
            reason=reason.strip(),
        )
        session.add(row)
        session.flush()
        ids.append(row.id)
    return ids


# -- the rules ----------------------------------------------------------------------------------

_PERCEIVERS = {
    "VICTIM": "the victim",
    "WITNESS": "a witness",
    "POLICE_OFFICER_STAFF": "a police officer or member of staff",
    "FAMILY_MEMBER": "a family member",
    "CARER_PROFESSIONAL": "a carer or professional",
    "THIRD_PARTY_REPORTING_ORG": "a third-party reporting organisation",
    "MEMBER_OF_TARGETED_GROUP": "a member of the targeted group",
    "OTHER": "another person",
}
_READ_BY = {
    "READ_BY_VICTIM": "read by the victim",
    "READ_BY_PROSECUTOR": "read by the prosecutor",
    "NOT_READ_COURT_CONSIDERS_ONLY": "not read aloud (the court reads it)",
}


def _latest_wish(snap: CaseSnapshot) -> dict[str, Any] | None:
    wishes = snap.records.get("victim_wish", [])
    return max(wishes, key=lambda w: w["recorded_at"]) if wishes else None


def _offence(ch: dict[str, Any]) -> str:
    return f"“{str(ch.get('offence') or 'the charge').strip()}”"


@check
def charge_routes_against_strands(snap: CaseSnapshot) -> Iterable[Finding]:
    """Every legal-route contradiction (casework.legal) must be fixed, never acknowledged: the
    save refuses new ones; this catches those a case holds from before (an older release, a
    sync)."""
    for p in legal.route_problems(
        snap.case, snap.records.get("charge", []), snap.records.get("person", [])
    ):
        yield Finding("charge_routes_against_strands", p.message, blocking=True)


@check
def aggravated_form_not_charged(snap: CaseSnapshot) -> Iterable[Finding]:
    """Race or religion, an aggravated form that exists, a basic offence charged with s.66."""
    for ch in snap.records.get("charge", []):
        for strand in legal.monitored(snap.case):
            r = legal.strand_route(snap.case, ch, strand)
            if r.route is legal.Route.S66_NOT_NORMALLY:
                yield Finding(
                    "aggravated_form_not_charged",
                    f"{_offence(ch)}: the aggravated form exists but was not charged, so the "
                    f"Sentencing Council says s.66 should not normally be used for "
                    f"{legal.STRAND_HOSTILITY[strand]}. Record the CPS's reason, or the "
                    "aggravated charge.",
                )


@check
def perceived_by_against_evidence(snap: CaseSnapshot) -> Iterable[Finding]:
    """Who the case says perceived the hostility, against who each evidence item says did."""
    listed = {str(p) for p in snap.case.get("perceived_by") or []}
    if snap.records.get("hostility_evidence") and not listed:
        yield Finding(
            "perceived_by_against_evidence",
            "Hostility evidence is recorded, but the case does not say who perceived the "
            "incident as a hate crime.",
        )
        return
    seen: set[str] = set()
    for ev in snap.records.get("hostility_evidence", []):
        who = str(ev.get("perceived_by") or "")
        if who and who not in listed and who not in seen:
            seen.add(who)
            yield Finding(
                "perceived_by_against_evidence",
                f"An evidence item records the hostility as perceived by {_PERCEIVERS[who]}, "
                "but the case's “perceived by” does not list them. Add them, or correct the "
                "evidence item.",
            )


_NO_MEASURES = ("no ", "none", "does not want", "doesn't want", "not want", "declin")


@check
def special_measures_against_wishes(snap: CaseSnapshot) -> Iterable[Finding]:
    """Special measures indicated by the needs assessment, against the victim's own wish."""
    wish = _latest_wish(snap)
    assessments = snap.records.get("needs_assessment", [])
    if wish is None or not assessments:
        return
    indicated = bool(
        max(assessments, key=lambda a: a["assessed_on"]).get("special_measures_indicated")
    )
    words = str(wish.get("special_measures") or "").strip().lower()
    if not words:
        return
    declined = words.startswith(_NO_MEASURES) or any(n in words for n in _NO_MEASURES[2:])
    if indicated and declined:
        yield Finding(
            "special_measures_against_wishes",
            "The needs assessment indicates special measures, but the victim's latest wishes "
            "say they do not want them. Confirm with the victim before the MG2 is sent.",
        )
    elif not indicated and not declined:
        yield Finding(
            "special_measures_against_wishes",
            "The victim's latest wishes ask for special measures, but the latest needs "
            "assessment does not indicate them. Review the assessment or the MG2.",
        )


_READ_WORDS = {
    "READ_BY_VICTIM": (
        "read it herself",
        "read it himself",
        "read it themselves",
        "read it myself",
    ),
    "READ_BY_PROSECUTOR": ("prosecutor to read", "prosecutor read", "read by the prosecutor"),
}


@check
def vps_preference_against_wishes(snap: CaseSnapshot) -> Iterable[Finding]:
    """The VPS read preference, against the victim's wishes and against the VPS's own notes."""
    wish = _latest_wish(snap)
    for vps in snap.records.get("victim_personal_statement", []):
        pref = str(vps.get("read_preference") or "")
        wanted = str((wish or {}).get("vps_read_preference") or "")
        if pref and wanted and pref != wanted:
            yield Finding(
                "vps_preference_against_wishes",
                f"The Victim Personal Statement is to be {_READ_BY[pref]}, but the victim's "
                f"latest wishes say {_READ_BY[wanted]}. Confirm with the victim.",
            )
        notes = str(vps.get("notes") or "").lower()
        for other, words in _READ_WORDS.items():
            if pref and pref != other and any(w in notes for w in words):
                yield Finding(
                    "vps_preference_against_wishes",
                    f"The Victim Personal Statement is to be {_READ_BY[pref]}, but its notes say "
                    f"it should be {_READ_BY[other]}. Correct one of them.",
                )


@check
def hocr_code_against_route(snap: CaseSnapshot) -> Iterable[Finding]:
    """An aggravated HOCR code on a basic charge, or a basic code on an aggravated one."""
    for ch in snap.records.get("charge", []):
        code = str(ch.get("hocr_code") or "").strip().upper()
        if code in legal.AGGRAVATED_HOCR and not legal.cda_charged(ch):
            yield Finding(
                "hocr_code_against_route",
                f"{_offence(ch)}: HOCR code {code} is an aggravated offence's code, but the "
                f"charge is not an aggravated offence (the basic code is "
                f"{legal.AGGRAVATED_HOCR[code]}). Ask the force crime registrar.",
            )
        elif code in legal.BASIC_HOCR and legal.cda_charged(ch):
            yield Finding(
                "hocr_code_against_route",
                f"{_offence(ch)}: HOCR code {code} is the basic offence's code, but the charge "
                f"is the aggravated offence (code {legal.BASIC_HOCR[code]}). Ask the force "
                "crime registrar.",
            )


@check
def guilty_plea_with_a_basis(snap: CaseSnapshot) -> Iterable[Finding]:
    """A guilty plea on a basis: if it disputes the hostility, a Newton hearing may be needed."""
    for ch in snap.records.get("charge", []):
        if str(ch.get("plea")) == "GUILTY" and str(ch.get("plea_basis") or "").strip():
            yield Finding(
                "guilty_plea_with_a_basis",
                f"{_offence(ch)}: the guilty plea is on a basis. If the basis disputes the "
                "hostility, the court cannot sentence for it without a Newton hearing (DPP v "
                "Giles [2019] EWHC 2015 (Admin)); tell the prosecutor.",
            )


@check
def wishes_consent_not_recorded(snap: CaseSnapshot) -> Iterable[Finding]:
    """Wishes marked as disclosable with no record of who consented, when, to what."""
    if snap.case.get("victim_agreed_wishes_disclosed") and not snap.records.get(
        "disclosure_consent"
    ):
        yield Finding(
            "wishes_consent_not_recorded",
            "The case says the victim agreed to disclose their wishes, but not who recorded "
            "that consent, when, or to which parts. Record the consent on the case.",
        )
