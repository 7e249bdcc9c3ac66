"""Every value and every field has words written for a person (hcdesk.models.labels), never
text made from its identifier; the court summary and the case list read them from there.

The enumerations and tables are found by introspection, so a new enumeration, value, table or
field without its words fails here. (The desktop forms are checked in tests/ui/test_form_layout.py.)
"""

from __future__ import annotations

import inspect
import re
from enum import StrEnum

import pytest

from hcdesk.casework import legal
from hcdesk.casework.fields import spec_for
from hcdesk.export.summary import wording
from hcdesk.interchange import schema
from hcdesk.models import enums, labels
from hcdesk.models.base import domain_columns
from hcdesk.models.case import SYNCED_MODELS
from hcdesk.models.limits import JSON_FIELD_SCHEMAS

ENUMS = sorted(
    (
        cls
        for _name, cls in inspect.getmembers(enums, inspect.isclass)
        if issubclass(cls, StrEnum) and cls is not StrEnum and cls.__module__ == enums.__name__
    ),
    key=lambda cls: cls.__name__,
)
VALUES = [member for cls in ENUMS for member in cls]

# Labels that are the identifier in sentence case, and that is the right English: each one
# looked at. A value not listed here whose label is its identifier made readable fails.
PLAIN_ENGLISH = {
    "ActionStatus": {"OPEN", "DONE"},
    "AggravationFactor": {"PLANNED", "PREDOMINANT_MOTIVATION"},
    "AggravationLevel": {"HIGH", "MEDIUM", "LOW"},
    "ApplicationKind": {
        "RESTRAINING_ORDER",
        "CRIMINAL_BEHAVIOUR_ORDER",
        "COMPENSATION_ORDER",
        "STALKING_PROTECTION_ORDER",
        "FOOTBALL_BANNING_ORDER",
    },
    "BailStatus": {
        "RELEASED_UNDER_INVESTIGATION",
        "POLICE_BAIL",
        "COURT_BAIL",
        "REMANDED_IN_CUSTODY",
    },
    "CDAUnderlyingOffence": {"COMMON_ASSAULT"},
    "CaseStatus": {"OPEN", "AT_COURT", "CLOSED"},
    "ChargeOutcome": {"CONVICTED", "ACQUITTED", "DISCONTINUED"},
    "ContactChannel": {"TEXT_MESSAGE", "EMAIL", "LETTER", "IN_PERSON", "VIDEO_CALL"},
    "DisclosureClass": {"DISCLOSABLE"},
    "EvidenceSource": {"SOCIAL_MEDIA", "PREVIOUS_INCIDENT", "GROUP_ASSOCIATION", "INTELLIGENCE"},
    "FileStage": {"SENTENCE"},
    "HearingType": {"FIRST_HEARING", "TRIAL", "NEWTON_HEARING", "SENTENCE", "APPEAL"},
    "HostilityLimb": {"DEMONSTRATED", "MOTIVATED"},
    "HostilityTiming": {"IMMEDIATELY_BEFORE", "DURING", "IMMEDIATELY_AFTER"},
    "InterviewAccountKind": {
        "FULL_ADMISSION",
        "PARTIAL_ADMISSION",
        "DENIAL",
        "NO_COMMENT",
        "PREPARED_STATEMENT",
        "NOT_INTERVIEWED",
    },
    "LocationType": {"ONLINE"},
    "LocalStrand": {"ALTERNATIVE_SUBCULTURE", "AGE", "OTHER_PERSONAL_CHARACTERISTIC"},
    "MonitoredStrand": {"RACE", "RELIGION", "DISABILITY", "SEXUAL_ORIENTATION"},
    "NeedArea": {"HEALTH", "HOUSING", "FAMILY", "ONLINE_HARM"},
    "NeedLevel": {"LOW", "MEDIUM", "HIGH"},
    "PerceivedBy": {"VICTIM", "WITNESS", "FAMILY_MEMBER"},
    "PersonRole": {"VICTIM", "SUSPECT", "WITNESS"},
    "Plea": {"GUILTY", "NOT_GUILTY"},
    "RecordType": {"HATE_CRIME"},
    "ReferralAgency": {"GALOP"},
    "ReferralOutcome": {"ACCEPTED", "DECLINED"},
    "ReporterRole": {"VICTIM", "WITNESS"},
    "ReportingCentre": {"GALOP"},
    "SignOffRole": {"SUPERVISOR"},
    "VPSImpact": {"PHYSICAL", "FINANCIAL", "QUALITY_OF_LIFE", "SUPPORT_NEEDED"},
    "VPSStatus": {"NOT_YET_OFFERED", "OFFERED", "MADE", "DECLINED", "UPDATED"},
    "VictimsCodeEventKind": {
        "SUSPECT_ARRESTED",
        "SUSPECT_INTERVIEWED",
        "SUSPECT_BAILED",
        "SUSPECT_RELEASED_UNDER_INVESTIGATION",
        "SUSPECT_CHARGED",
        "NO_FURTHER_ACTION",
        "COURT_DATE_SET",
        "COURT_OUTCOME",
        "NEEDS_ASSESSMENT_OFFERED",
        "REFERRAL_MADE",
        "BAIL_CONDITIONS_CHANGED",
        "APPEAL",
    },
    "VictimsCodeStatus": {"STANDARD"},
    "WishItem": {"VIEWS_ON_PROSECUTION", "COMPENSATION"},
    "WorkArea": {"BUILDING_TRUST"},  # the strategy's own words for the work area
    "YesNoUnsure": {"YES", "NO"},
}

# How a field label may begin with a capital: a name or an abbreviation, as written.
CAPITALISED = re.compile(r"^(URN|HOCR|CPS|CMS|VPS|MG\d+|Force Crime Registrar|Victims' Code)\b")


def _derived(member: StrEnum) -> str:
    return member.value.replace("_", " ").capitalize()


def test_enumerations_are_found() -> None:
    # The walk below sees every enumeration of the model (and would see a new one).
    assert len(ENUMS) >= 40
    assert enums.NeedArea in ENUMS and enums.SignOffRole in ENUMS
    assert set(ENUMS) == set(labels.labelled_enums())


def test_every_enum_value_has_a_human_label() -> None:
    missing, derived, badly_written = [], [], []
    for member in VALUES:
        name = f"{type(member).__name__}.{member.name}"
        try:
            text = labels.label(member)
        except labels.MissingLabel:
            missing.append(name)
            continue
        allowed = PLAIN_ENGLISH.get(type(member).__name__, set())
        if text == _derived(member) and member.name not in allowed:
            derived.append(f"{name} -> {text!r}")
        if "_" in text or text != text.strip() or not text[:1].isupper() or text.endswith("."):
            badly_written.append(f"{name} -> {text!r}")
        help_text = labels.help_text(member)
        if help_text and ("_" in help_text or not help_text[:1].isupper()):
            badly_written.append(f"{name} help -> {help_text!r}")
    assert missing == [], f"values without a label (write them in hcdesk.models.labels): {missing}"
    assert derived == [], f"labels made from the identifier (write them for a person): {derived}"
    assert badly_written == []


def test_the_words_the_issue_named_are_fixed() -> None:
    assert labels.label(enums.NeedArea.CJ_PROCESS_COURT) == "Criminal justice process and court"
    assert labels.label(enums.LocalStrand.SEX_GENDER) == "Sex or gender"
    assert labels.label(enums.NeedArea.WORK_STUDY) == "Work or study"
    assert labels.label(enums.NeedArea.SAFETY_SECURITY) == "Safety and security"
    assert labels.label(enums.Force.WEST_MERCIA) == "West Mercia Police"
    assert (
        labels.label(enums.VPSReadPreference.NOT_READ_COURT_CONSIDERS_ONLY)
        == "Not read aloud: the court reads it"
    )
    assert labels.label(enums.LegalRoute.CDA_S32_HARASSMENT) == "Aggravated harassment (CDA s.32)"


def test_labels_within_an_enumeration_are_distinct() -> None:
    # Two choices of one drop-down that read the same cannot be told apart.
    for cls in ENUMS:
        texts = [labels.label(m) for m in cls]
        assert len(texts) == len(set(texts)), cls.__name__


def test_a_value_without_a_label_is_refused_not_guessed() -> None:
    class Unlabelled(StrEnum):
        SOME_NEW_THING = "SOME_NEW_THING"

    with pytest.raises(labels.MissingLabel, match=r"Unlabelled\.SOME_NEW_THING"):
        labels.label(Unlabelled.SOME_NEW_THING)
    with pytest.raises(TypeError):
        labels.label("RACE")  # type: ignore[arg-type]  # stored text: say which enumeration
    assert labels.label_of(enums.MonitoredStrand, "TRANSGENDER") == "Transgender identity"


def test_value_label_refuses_a_value_whose_enumerations_disagree() -> None:
    # SENTENCE is a file stage and a hearing; OTHER is many things: no single answer.
    assert labels.value_label("OTHER") is None
    assert labels.value_label("CJ_PROCESS_COURT") == "Criminal justice process and court"
    assert labels.value_label("NOT_A_VALUE") is None


def test_legal_names_are_written_once() -> None:
    # casework.legal reads the routes' and basic offences' names from the labels module.
    assert legal.ROUTE_LABELS is labels.ROUTE_LABELS
    assert legal.UNDERLYING_LABELS is labels.UNDERLYING_LABELS
    assert legal.UNDERLYING_NAMES is labels.UNDERLYING_NAMES
    for route in enums.LegalRoute:
        assert labels.label(route) == labels.ROUTE_LABELS[route]
        assert labels.help_text(route) == labels.ROUTE_NAMES[route]
    for offence in enums.CDAUnderlyingOffence:
        assert labels.label(offence) == labels.UNDERLYING_LABELS[offence]


def test_every_model_field_has_a_human_label_and_help() -> None:
    problems = []
    seen = set()
    for model in SYNCED_MODELS:
        table = model.__tablename__
        for column in domain_columns(model):
            seen.add((table, column.key))
            where = f"{table}.{column.key}"
            try:
                text = labels.field_label(column)
                help_text = labels.field_help(table, column.key)
            except labels.MissingLabel as exc:
                problems.append(str(exc))
                continue
            if "_" in text or text != text.strip() or text.endswith("."):
                problems.append(f"{where}: label {text!r}")
            if text[:1].isupper() and not CAPITALISED.match(text):
                problems.append(f"{where}: label {text!r} is written lower case (for messages)")
            # A label of two words or more that is the column's name: was it thought about?
            named = text.lower() == column.key.replace("_", " ") and " " in text
            if named and (table, column.key) not in _NAME_IS_RIGHT:
                problems.append(f"{where}: label {text!r} is its column name")
            if not help_text[:1].isupper() or not help_text.endswith(".") or "_" in help_text:
                problems.append(f"{where}: help {help_text!r}")
            if len(help_text) > 200:
                problems.append(f"{where}: help of {len(help_text)} characters (keep it short)")
        assert labels.record_label(table)
    assert problems == []
    assert set(labels.FIELD_HELP) == seen, "help for fields that do not exist"


# Field labels that are their column's name, and rightly so.
_NAME_IS_RIGHT = {
    ("case_file", "voided_at"),
    ("case_file", "voided_by"),
    ("enhanced_status_claim", "recorded_by"),
    ("duty_record", "recorded_by"),
    ("planned_contact", "planned_for"),
    ("case_file", "local_ref"),
    ("case_file", "crime_reference"),
    ("case_file", "record_type"),
    ("case_file", "monitored_strands"),
    ("case_file", "perception_date"),
    ("case_file", "incident_date"),
    ("case_file", "incident_end_date"),
    ("case_file", "incident_time"),
    ("case_file", "liaison_officer"),
    ("case_file", "file_stage"),
    ("case_file", "anticipated_plea"),
    ("case_file", "cps_area"),
    ("case_file", "cps_charging_decision"),
    ("case_file", "protective_marking"),
    ("case_file", "next_review_date"),
    ("case_file", "retention_review_date"),
    ("case_file", "hocr_codes"),
    ("person", "date_of_birth"),
    ("person", "safe_channels"),
    ("person", "no_voicemail"),
    ("person", "contact_notes"),
    ("person", "interpreter_needed"),
    ("person", "access_needs"),
    ("person", "self_described_characteristics"),
    ("person", "previous_incidents"),
    ("person", "group_association"),
    ("hostility_evidence", "words_or_conduct"),
    ("hostility_evidence", "perceived_by"),
    ("hostility_evidence", "aggravation_factors"),
    ("victim_wish", "recorded_by"),
    ("victim_wish", "confirmed_with_victim"),
    ("victim_wish", "willing_to_give_evidence"),
    ("victim_wish", "special_measures"),
    ("victim_wish", "partner_consents"),
    ("victim_wish", "compensation_sought"),
    ("needs_assessment", "protection_needs"),
    ("needs_assessment", "special_measures_indicated"),
    ("needs_assessment", "reassessment_trigger"),
    ("support_plan", "review_date"),
    ("support_plan", "closure_reason"),
    ("support_action", "need_area"),
    ("support_action", "due_date"),
    ("support_action", "review_date"),
    ("support_action", "victim_agreed"),
    ("referral", "contact_attempts"),
    ("contact_log", "with_whom"),
    ("contact_log", "recorded_by"),
    ("victims_code_event", "event_date"),
    ("charge", "legal_route"),
    ("charge", "hocr_code"),
    ("charge", "offence_date"),
    ("charge", "outcome_date"),
    ("charge", "uplift_stated_in_court"),
    ("charge", "aggravated_form_charged"),  # as the route rules' messages quote it
    ("victim_personal_statement", "updated_before_sentence"),
    ("community_impact_statement", "served_on_all_parties"),
    ("partnership_share", "data_items"),
    ("partnership_share", "lawful_basis"),
    ("partnership_share", "victim_consent"),
    ("court_application", "victim_consulted"),
    ("summary_signoff", "signed_by"),
    ("summary_signoff", "signed_at"),
    ("disclosure_consent", "recorded_by"),
    ("disclosure_consent", "wish_items"),
    ("preflight_acknowledgement", "acknowledged_by"),
    ("preflight_acknowledgement", "acknowledged_at"),
}


def test_every_part_of_a_list_of_entries_has_a_label() -> None:
    for (table, key), json_schema in JSON_FIELD_SCHEMAS.items():
        items = json_schema.get("items", {})
        for part in items.get("properties", {}) if items.get("type") == "object" else ():
            assert labels.part_label(table, key, part)


def test_forms_read_the_labels() -> None:
    # The spec every desktop form is built from carries the field's help and names each
    # choice by its label.
    for model in SYNCED_MODELS:
        for column in domain_columns(model):
            spec = spec_for(column)
            assert spec.label == labels.field_label(column)
            assert spec.help == labels.field_help(model.__tablename__, column.key)
            if spec.choices:
                assert spec.enum_cls is not None
                assert [spec.choice_label(v) for v in spec.choices] == [
                    labels.label(m) for m in spec.enum_cls
                ]


def test_the_court_summary_reads_the_labels() -> None:
    # Every value the summary prints by its stored text reads as its label (the summary says
    # a few things its own way: a suspect once charged is the defendant, the local strands
    # say so, the legal routes and aggravation factors are given in full).
    for member in VALUES:
        assert wording.human(member) == labels.label(member), member
    assert wording.STRANDS["SEX_GENDER"] == "Sex or gender (local)"
    assert wording.ROUTES["CDA_S29_ASSAULT"] == labels.ROUTE_NAMES[enums.LegalRoute.CDA_S29_ASSAULT]
    assert set(wording.PERCEIVERS) == {m.value for m in enums.PerceivedBy}
    for table, cls in (
        (wording.EVENTS, enums.VictimsCodeEventKind),
        (wording.HEARINGS, enums.HearingType),
        (wording.AGENCIES, enums.ReferralAgency),
        (wording.CODE_STATUS, enums.VictimsCodeStatus),
        (wording.TIMINGS, enums.HostilityTiming),
        (wording.SOURCES, enums.EvidenceSource),
    ):
        assert table == {m.value: labels.label(m) for m in cls}


def test_interchange_documents_read_the_labels() -> None:
    tables = schema.markdown_tables()
    for cls in ENUMS:
        if f"#### {cls.__name__}" not in tables:
            continue  # an enumeration no field of the format uses
        for member in cls:
            assert f"| `{member.value}` | {labels.label(member)} |" in tables
    described = schema.column_schema(
        "case_file", next(c for c in domain_columns(SYNCED_MODELS[0]) if c.key == "force")
    )["description"]
    assert described == "Police force. The police force that holds the case."


def test_no_identifier_is_turned_into_text_by_hand() -> None:
    # The places that once turned an identifier into words now ask the labels module.
    import hcdesk.casework.fields as fields_mod
    import hcdesk.export.summary.wording as wording_mod
    import hcdesk.interchange.schema as schema_mod

    for module in (fields_mod, wording_mod, schema_mod):
        source = inspect.getsource(module)
        assert 'info.get("label") or' not in source, module.__name__
    assert "capitalize()" not in inspect.getsource(wording_mod)
