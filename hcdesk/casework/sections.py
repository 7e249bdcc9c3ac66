"""The sections of a case file, and which section shows each kind of record.

My work and the case overview open a case at the section that holds what a row is about; the
desktop's case file has one page per section (hcdesk.ui.casefile).
"""

from __future__ import annotations

SECTIONS = (
    "incident",
    "victim",
    "people",
    "wishes",
    "needs",
    "referrals",
    "contacts",
    "code",
    "court",
    "history",
)

SECTION_OF_TABLE: dict[str, str] = {
    "case_file": "incident",
    "hostility_evidence": "incident",
    "person": "people",  # the victim's own record: "victim" (see section_of)
    "victim_wish": "wishes",
    "disclosure_consent": "wishes",
    "needs_assessment": "needs",
    "support_plan": "needs",
    "support_action": "needs",
    "referral": "referrals",
    "contact_log": "contacts",
    "planned_contact": "contacts",
    "victims_code_event": "code",
    "duty_record": "code",
    "enhanced_status_claim": "code",
    "charge": "court",
    "court_listing": "court",
    "bail_record": "court",
    "court_application": "court",
    "interview_account": "court",
    "summary_signoff": "court",
    "preflight_acknowledgement": "court",
}


def section_of(table: str, role: str | None = None) -> str:
    """The section that shows a record of ``table`` (a person: by their ``role``); the case's
    first section for a table the case file does not show."""
    if table == "person":
        return "victim" if role == "VICTIM" else "people"
    return SECTION_OF_TABLE.get(table, "incident")
