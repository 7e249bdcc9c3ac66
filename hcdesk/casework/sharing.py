"""Partnership shares: what was shared about a case with a Hate Incident Partnership or a named
partner, and why that was lawful (DOMAIN: PartnershipShare).

Two rules, each in one place:

* :func:`share_problems` (rule: a_share_names_its_lawful_basis_and_the_victims_consent_or_a_reason):
  a share says who it went to, what was shared, the lawful basis, and either that the victim
  agreed or why it went ahead without their agreement.
* :func:`record_share_disclosure` (rule: a_share_is_logged_as_a_disclosure): each share
  recorded is one DISCLOSURE event in the case's audit trail (Data Protection Act 2018 s.62),
  the partner as its recipient. Correcting a share later is an ordinary change, not a second
  disclosure.

Both run in :func:`hcdesk.casework.casefile.save_changes`, so the desktop, the CLI and anything
built on casework apply them alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from hcdesk.errors import HcdeskError
from hcdesk.models.enums import AuditOperation, YesNoUnsure
from hcdesk.store import audit

TABLE = "partnership_share"
#: What the audit trail records as the kind of disclosure.
DISCLOSURE_FORMAT = "partnership-share"

NEEDS_PARTNER = "Say who the information was shared with (the partner)."
NEEDS_ITEMS = "List what was shared, item by item."
NEEDS_BASIS = (
    "Give the lawful basis for the share, for example the Crime and Disorder Act 1998 s.115, "
    "or the victim's consent."
)
NEEDS_CONSENT_OR_REASON = (
    "Record that the victim agreed to the share, or why it went ahead without their agreement."
)


class ShareRefused(HcdeskError):
    """A partnership share that does not say enough to be lawful; nothing was saved."""

    default_message = "A partnership share is missing what makes it lawful; nothing was saved."

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__(
            "Not saved: this partnership share is not complete. " + " ".join(problems.values())
        )


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def share_problems(share: Mapping[str, Any]) -> dict[str, str]:
    """rule: a_share_names_its_lawful_basis_and_the_victims_consent_or_a_reason. What a share
    still needs before it can be recorded: a sentence for each field to fill (none: it can
    be recorded)."""
    problems = {}
    if _blank(share.get("partner")):
        problems["partner"] = NEEDS_PARTNER
    if _blank(share.get("data_items")):
        problems["data_items"] = NEEDS_ITEMS
    if _blank(share.get("lawful_basis")):
        problems["lawful_basis"] = NEEDS_BASIS
    consent = share.get("victim_consent")
    if str(consent or "") != YesNoUnsure.YES.value and _blank(share.get("no_consent_reason")):
        problems["no_consent_reason"] = NEEDS_CONSENT_OR_REASON
    return problems


def check_share(share: Mapping[str, Any]) -> None:
    """Raise :class:`ShareRefused` for a share that :func:`share_problems` finds wanting."""
    problems = share_problems(share)
    if problems:
        raise ShareRefused(problems)


def record_share_disclosure(session: Session, case_id: str, share: Any) -> None:
    """rule: a_share_is_logged_as_a_disclosure. The DISCLOSURE event of a share just recorded
    (in the caller's transaction): the partner is the recipient, the purpose the reason."""
    audit.record(
        session,
        AuditOperation.DISCLOSURE,
        case_id=case_id,
        entity=TABLE,
        record_id=share.id,
        reason=share.purpose,
        recipient=share.partner,
        details={
            "format": DISCLOSURE_FORMAT,
            "shared_on": share.shared_on.isoformat() if share.shared_on else None,
            "lawful_basis": share.lawful_basis,
            "victim_consent": str(share.victim_consent) if share.victim_consent else None,
            "meeting_ref": share.meeting_ref,
        },
    )
