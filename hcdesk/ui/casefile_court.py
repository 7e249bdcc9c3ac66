"""The prosecutor's file in the case file: the suspects and witnesses, and the court pages
(charges, hearings, bail and remand, MG13 applications, MG15 interviews, the sign-offs of the
court summary and the victim's consent to disclose their wishes).

A field naming a suspect (a charge's defendant, a bail record's person...) is a drop-down of
the case's suspects by name, those added on the screen and not yet saved included: the case
file gives every section the suspects whenever they change (:meth:`CourtFile.set_suspects`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from PySide6.QtWidgets import QLabel, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from hcdesk.models.enums import PersonRole
from hcdesk.ui.casefile_sections import RecordSection, SingleForm, scrolled

COURT_FIELDS = [
    "file_stage",
    "anticipated_plea",
    "cps_area",
    "cms_hate_flag",
    "cps_charging_decision",
    "retention_review_date",
]
SUSPECT_FIELDS = [
    "name",
    "date_of_birth",
    "gender",
    "interpreter_needed",
    "language",
    "previous_incidents",
    "previous_incidents_relied_on",
    "orders_injunctions",
    "group_association",
    "group_association_relied_on",
    "intelligence",
]
WITNESS_FIELDS = [
    "name",
    "interpreter_needed",
    "language",
    "statement_ref",
    "statement_date",
    "statement_summary",
]
# The person fields that are a suspect's or a witness's: never on the victim's form.
NOT_FOR_VICTIMS = (
    "role",
    "previous_incidents",
    "previous_incidents_relied_on",
    "orders_injunctions",
    "group_association",
    "group_association_relied_on",
    "intelligence",
    "statement_ref",
    "statement_date",
    "statement_summary",
)


def _page(*parts: QWidget | str) -> QScrollArea:
    """A scrolled page of sections, each after its heading (rich text)."""
    page = QWidget()
    layout = QVBoxLayout(page)
    for part in parts:
        if isinstance(part, str):
            heading = QLabel(part)
            heading.setWordWrap(True)
            layout.addWidget(heading)
        else:
            layout.addWidget(part)
    return scrolled(page)


class PeoplePage(QWidget):
    """The suspects and the witnesses of the case (the victim has a tab of their own)."""

    def __init__(self) -> None:
        super().__init__()
        self.suspects = RecordSection(
            "person",
            ["name", "date_of_birth", "gender"],
            fields=SUSPECT_FIELDS,
            fixed={"role": PersonRole.SUSPECT},
            title=self.tr("suspect"),
        )
        self.witnesses = RecordSection(
            "person",
            ["name", "statement_ref", "statement_date"],
            fields=WITNESS_FIELDS,
            fixed={"role": PersonRole.WITNESS},
            title=self.tr("witness"),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(
            _page(
                self.tr("<b>Suspects</b> (defendants once charged)"),
                self.suspects,
                self.tr("<b>Witnesses</b> and what their statements say"),
                self.witnesses,
            )
        )
        self.sections = [self.suspects, self.witnesses]


class CourtFile(QTabWidget):
    """The court pages of the case, a tab each."""

    def __init__(
        self,
        today: Callable[[], dt.date],
        signoff_defaults: Callable[[], dict[str, object]],
        consent_defaults: Callable[[], dict[str, object]],
    ) -> None:
        super().__init__()
        self.setAccessibleName(self.tr("Court pages"))
        self.court_form = SingleForm("case_file", COURT_FIELDS)
        self.charges = RecordSection(
            "charge",
            ["defendant_id", "offence", "legal_route", "plea", "outcome"],
            title=self.tr("charge"),
        )
        self.addTab(
            _page(self.court_form, self.tr("<b>Charges and outcome</b>"), self.charges),
            self.tr("Charges and outcome"),
        )
        self.listings = RecordSection(
            "court_listing",
            ["listed_for", "time", "court", "hearing_type"],
            title=self.tr("court hearing"),
            defaults=lambda: {"listed_for": today()},
        )
        self.addTab(_page(self.tr("<b>Court hearings</b>"), self.listings), self.tr("Hearings"))
        self.bail = RecordSection(
            "bail_record",
            ["person_id", "status", "from_date", "until_date"],
            title=self.tr("bail or remand record"),
        )
        self.addTab(
            _page(self.tr("<b>Bail and remand</b> of each suspect (MG7)"), self.bail),
            self.tr("Bail and remand"),
        )
        self.applications = RecordSection(
            "court_application",
            ["person_id", "kind", "victim_consulted", "outcome"],
            title=self.tr("MG13 application"),
        )
        self.addTab(
            _page(
                self.tr("<b>Applications to the court</b> on conviction or acquittal (MG13)"),
                self.applications,
            ),
            self.tr("Applications (MG13)"),
        )
        self.interviews = RecordSection(
            "interview_account",
            ["person_id", "interviewed_on", "account"],
            title=self.tr("MG15 interview account"),
        )
        self.addTab(
            _page(self.tr("<b>What each suspect said in interview</b> (MG15)"), self.interviews),
            self.tr("Interviews (MG15)"),
        )
        self.signoffs = RecordSection(
            "summary_signoff",
            ["signed_at", "role", "signed_by", "document_version"],
            append_only=True,
            newest_first=True,
            title=self.tr("sign-off of the court summary"),
            defaults=signoff_defaults,
        )
        self.consents = RecordSection(
            "disclosure_consent",
            ["recorded_at", "wish_items", "oic_agreed"],
            exclude=("recorded_at", "recorded_by"),
            append_only=True,
            newest_first=True,
            title=self.tr("consent to disclose the victim's wishes"),
            defaults=consent_defaults,
        )
        self.addTab(
            _page(
                self.tr(
                    "<b>Sign-off of the court summary</b>: the officer in the case, then the "
                    "supervisor, certify a version of the summary"
                ),
                self.signoffs,
                self.tr(
                    "<b>The victim's consent to disclose their wishes</b>: the newest entry "
                    "stands; an entry with nothing ticked withdraws consent"
                ),
                self.consents,
            ),
            self.tr("Sign-off and consent"),
        )
        self.sections = [
            self.charges,
            self.listings,
            self.bail,
            self.applications,
            self.interviews,
            self.signoffs,
            self.consents,
        ]

    def set_suspects(self, suspects: Iterable[tuple[str, str]]) -> None:
        """The suspects each person field chooses from: (id or temporary key, name)."""
        people = dict(suspects)
        for section in self.sections:
            section.set_people(PersonRole.SUSPECT, people)
