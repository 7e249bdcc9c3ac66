"""initial schema

Revision ID: 0001_initial
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "audit_event",
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column(
            "operation",
            sa.Enum(
                "COLLECTION",
                "ALTERATION",
                "CONSULTATION",
                "DISCLOSURE",
                "COMBINATION",
                "ERASURE",
                name="auditoperation",
                native_enum=False,
                length=64,
            ),
            nullable=False,
        ),
        sa.Column("case_id", sa.String(length=36), nullable=True),
        sa.Column("entity", sa.String(length=60), nullable=True),
        sa.Column("record_id", sa.String(length=36), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("recipient", sa.Text(), nullable=True),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("server_seq", sa.Integer(), nullable=True),
        sa.Column("created_hlc", sa.String(length=48), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("supersedes_id", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("device_id", "seq"),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_event_case_id"), ["case_id"], unique=False)

    op.create_table(
        "case_file",
        sa.Column("local_ref", sa.String(length=32), nullable=False),
        sa.Column("urn", sa.String(length=32), nullable=True),
        sa.Column("crime_reference", sa.String(length=40), nullable=True),
        sa.Column(
            "force",
            sa.Enum("WARWICKSHIRE", "WEST_MERCIA", name="force", native_enum=False, length=64),
            nullable=False,
        ),
        sa.Column("team", sa.String(length=80), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "OPEN",
                "AWAITING_CPS",
                "AT_COURT",
                "CLOSED",
                name="casestatus",
                native_enum=False,
                length=64,
            ),
            nullable=False,
        ),
        sa.Column(
            "record_type",
            sa.Enum(
                "HATE_CRIME",
                "NON_CRIME_HATE_INCIDENT",
                "HATE_INCIDENT_UNCLASSIFIED",
                name="recordtype",
                native_enum=False,
                length=64,
            ),
            nullable=False,
        ),
        sa.Column("monitored_strands", sa.Text(), nullable=False),
        sa.Column("local_strands", sa.Text(), nullable=False),
        sa.Column("perceived_by", sa.Text(), nullable=False),
        sa.Column("perception_date", sa.Date(), nullable=True),
        sa.Column("perception_note", sa.Text(), nullable=True),
        sa.Column("hocr_codes", sa.Text(), nullable=False),
        sa.Column("fcr_decision", sa.Text(), nullable=True),
        sa.Column("incident_date", sa.Date(), nullable=True),
        sa.Column("incident_time", sa.String(length=5), nullable=True),
        sa.Column("reported_date", sa.Date(), nullable=True),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("place_type", sa.String(length=60), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("oic", sa.String(length=120), nullable=True),
        sa.Column("liaison_officer", sa.String(length=120), nullable=True),
        sa.Column("supervisor", sa.String(length=120), nullable=True),
        sa.Column(
            "file_stage",
            sa.Enum(
                "PRE_CHARGE_MG3",
                "FIRST_HEARING_GAP",
                "FIRST_HEARING_NGAP",
                "UPGRADE_TRIAL",
                "SENTENCE",
                name="filestage",
                native_enum=False,
                length=64,
            ),
            nullable=True,
        ),
        sa.Column(
            "anticipated_plea",
            sa.Enum("GUILTY", "NOT_GUILTY", "UNKNOWN", name="plea", native_enum=False, length=64),
            nullable=True,
        ),
        sa.Column("cps_area", sa.String(length=80), nullable=True),
        sa.Column("cms_hate_flag", sa.Boolean(), nullable=False),
        sa.Column("cps_charging_decision", sa.Text(), nullable=True),
        sa.Column(
            "protective_marking",
            sa.Enum(
                "OFFICIAL",
                "OFFICIAL_SENSITIVE",
                name="protectivemarking",
                native_enum=False,
                length=64,
            ),
            nullable=False,
        ),
        sa.Column("next_review_date", sa.Date(), nullable=True),
        sa.Column("retention_review_date", sa.Date(), nullable=True),
        sa.Column("victim_agreed_wishes_disclosed", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("field_vers", sa.Text(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("server_seq", sa.Integer(), nullable=True),
        sa.Column("pending_fields", sa.Text(), nullable=False),
        sa.Column("created_hlc", sa.String(length=48), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("local_ref"),
    )
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_case_file_crime_reference"), ["crime_reference"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_case_file_urn"), ["urn"], unique=False)

    op.create_table(
        "conflict",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("entity", sa.String(length=60), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("field", sa.String(length=60), nullable=False),
        sa.Column("winner", sa.Text(), nullable=False),
        sa.Column("loser", sa.Text(), nullable=False),
        sa.Column("base", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("server_seq", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("conflict", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conflict_case_id"), ["case_id"], unique=False)

    op.create_table(
        "outbox",
        sa.Column("client_seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("mutation_id", sa.String(length=36), nullable=False),
        sa.Column("entity", sa.String(length=60), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("op", sa.String(length=10), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("schema_version", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=48), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("acked_at", sa.String(length=32), nullable=True),
        sa.Column("server_result", sa.Text(), nullable=True),
        sa.CheckConstraint("op IN ('upsert','delete','append','resolve')", name="outbox_op"),
        sa.PrimaryKeyConstraint("client_seq"),
        sa.UniqueConstraint("mutation_id"),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_state"), ["state"], unique=False)

    op.create_table(
        "quarantine",
        sa.Column("mutation_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("mutation_id"),
    )
    op.create_table(
        "sync_state",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "charge",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("offence", sa.Text(), nullable=False),
        sa.Column("statute_section", sa.String(length=120), nullable=True),
        sa.Column(
            "legal_route",
            sa.Enum(
                "CDA_S29_ASSAULT",
                "CDA_S30_CRIMINAL_DAMAGE",
                "CDA_S31_PUBLIC_ORDER",
                "CDA_S32_HARASSMENT",
                "SA2020_S66_UPLIFT",
                "POA1986_PART3_RACIAL_HATRED",
                "POA1986_PART3A_RELIGIOUS_OR_SO_HATRED",
                name="legalroute",
                native_enum=False,
                length=64,
            ),
            nullable=True,
        ),
        sa.Column(
            "cda_underlying",
            sa.Enum(
                "OAPA_S20",
                "OAPA_S47",
                "SCA2015_S75A_STRANGULATION",
                "COMMON_ASSAULT",
                "CDA1971_S1_1",
                "POA_S4",
                "POA_S4A",
                "POA_S5",
                "PHA_S2",
                "PHA_S2A",
                "PHA_S4",
                "PHA_S4A",
                name="cdaunderlyingoffence",
                native_enum=False,
                length=64,
            ),
            nullable=True,
        ),
        sa.Column("hocr_code", sa.String(length=10), nullable=True),
        sa.Column("aggravated_form_available", sa.Boolean(), nullable=False),
        sa.Column("aggravated_form_charged", sa.Boolean(), nullable=False),
        sa.Column("offence_date", sa.Date(), nullable=True),
        sa.Column("charged_on", sa.Date(), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum(
                "PENDING",
                "CONVICTED",
                "CONVICTED_AGGRAVATION_NOT_PROVED",
                "ACQUITTED",
                "DISCONTINUED",
                "NFA",
                name="chargeoutcome",
                native_enum=False,
                length=64,
            ),
            nullable=False,
        ),
        sa.Column("outcome_date", sa.Date(), nullable=True),
        sa.Column("sentence", sa.Text(), nullable=True),
        sa.Column("uplift_stated_in_court", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("field_vers", sa.Text(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("server_seq", sa.Integer(), nullable=True),
        sa.Column("pending_fields", sa.Text(), nullable=False),
        sa.Column("created_hlc", sa.String(length=48), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("charge", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_charge_case_id"), ["case_id"], unique=False)

    op.create_table(
        "community_impact_statement",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column(
            "cis_type",
            sa.Enum("GENERIC", "SPECIFIC", name="cistype", native_enum=False, length=64),
            nullable=False,
        ),
        sa.Column("author", sa.String(length=120), nullable=False),
        sa.Column("community", sa.Text(), nullable=False),
        sa.Column("period", sa.String(length=120), nullable=True),
        sa.Column("served_on_all_parties", sa.Boolean(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("field_vers", sa.Text(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("server_seq", sa.Integer(), nullable=True),
        sa.Column("pending_fields", sa.Text(), nullable=False),
        sa.Column("created_hlc", sa.String(length=48), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("community_impact_statement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_community_impact_statement_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "contact_log",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("occurred_at", sa.String(length=32), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                "PHONE",
                "TEXT_MESSAGE",
                "EMAIL",
                "LETTER",
                "IN_PERSON",
                "VIDEO_CALL",
                "VIA_THIRD_PARTY",
                name="contactchannel",
                native_enum=False,
                length=64,
            ),
            nullable=False,
        ),
        sa.Column(
            "direction",
            sa.Enum(
                "TO_VICTIM",
                "FROM_VICTIM",
                "ATTEMPTED",
                name="contactdirection",
                native_enum=False,
                length=64,
            ),
            nullable=False,
        ),
        sa.Column("with_whom", sa.Text(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=120), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("server_seq", sa.Integer(), nullable=True),
        sa.Column("created_hlc", sa.String(length=48), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("supersedes_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contact_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_log_case_id"), ["case_id"], unique=False)

    op.create_table(
        "hostility_evidence",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column(
            "strand",
            sa.Enum(
                "RACE",
                "RELIGION",
                "DISABILITY",
                "SEXUAL_ORIENTATION",
                "TRANSGENDER",
                name="monitoredstrand",
                native_enum=False,
                length=64,
            ),
            nullable=True,
        ),
        sa.Column(
            "local_strand",
            sa.Enum(
                "ALTERNATIVE_SUBCULTURE",
                "SEX_GENDER",
                "AGE",
                "OTHER_PERSONAL_CHARACTERISTIC",
                name="localstrand",
                native_enum=False,
                length=64,
            ),
            nullable=True,
        ),
        sa.Column(
            "limb",
            sa.Enum(
                "DEMONSTRATED", "MOTIVATED", name="hostilitylimb", native_enum=False, length=64
            ),
            nullable=False,
        ),
        sa.Column(
            "timing",
            sa.Enum(
                "IMMEDIATELY_BEFORE",
                "DURING",
                "IMMEDIATELY_AFTER",
                "BACKGROUND_EARLIER",
                name="hostilitytiming",
                native_enum=False,
                length=64,
            ),
            nullable=False,
        ),
        sa.Column("words_or_conduct", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=60), nullable=True),
        sa.Column("translation", sa.Text(), nullable=True),
        sa.Column(
            "source",
            sa.Enum(
                "WITNESS_STATEMENT_MG11",
                "BWV",
                "CCTV",
                "SOCIAL_MEDIA",
                "INTERVIEW_ADMISSION_MG15",
                "PREVIOUS_INCIDENT",
                "GROUP_ASSOCIATION",
                "GRAFFITI_DAMAGE",
                "OTHER",
                name="evidencesource",
                native_enum=False,
                length=64,
            ),
            nullable=False,
        ),
        sa.Column("exhibit_ref", sa.String(length=40), nullable=True),
        sa.Column("witness_ref", sa.String(length=40), nullable=True),
        sa.Column(
            "perceived_by",
            sa.Enum(
                "VICTIM",
                "WITNESS",
                "POLICE_OFFICER_STAFF",
                "FAMILY_MEMBER",
                "CARER_PROFESSIONAL",
                "THIRD_PARTY_REPORTING_ORG",
                "MEMBER_OF_TARGETED_GROUP",
                "OTHER",
                name="perceivedby",
                native_enum=False,
                length=64,
            ),
            nullable=True,
        ),
        sa.Column("aggravation_factors", sa.Text(), nullable=False),
        sa.Column(
            "disclosure_class",
            sa.Enum(
                "DISCLOSABLE",
                "POLICE_CPS_ONLY",
                name="disclosureclass",
                native_enum=False,
                length=64,
            ),
            nullable=False,
        ),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("field_vers", sa.Text(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("server_seq", sa.Integer(), nullable=True),
        sa.Column("pending_fields", sa.Text(), nullable=False),
        sa.Column("created_hlc", sa.String(length=48), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("hostility_evidence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_hostility_evidence_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "needs_assessment",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("assessor", sa.String(length=120), nullable=False),
        sa.Column("areas", sa.Text(), nullable=False),
        sa.Column(
            "repeat_risk",
            sa.Enum(
                "NONE", "LOW", "MEDIUM", "HIGH", name="needlevel", native_enum=False, length=64
            ),
            nullable=True,
        ),
        sa.Column("protection_needs", sa.Text(), nullable=True),
        sa.Column("special_measures_indicated", sa.Boolean(), nullable=False),
        sa.Column("reassessment_trigger", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("field_vers", sa.Text(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("server_seq", sa.Integer(), nullable=True),
        sa.Column("pending_fields", sa.Text(), nullable=False),
        sa.Column("created_hlc", sa.String(length=48), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("needs_assessment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_needs_assessment_case_id"), ["case_id"], unique=False)

    op.create_table(
        "partnership_share",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("partner", sa.Text(), nullable=False),
        sa.Column("shared_on", sa.Date(), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("data_items", sa.Text(), nullable=True),
        sa.Column("lawful_basis", sa.Text(), nullable=True),
        sa.Column(
            "victim_consent",
            sa.Enum("YES", "NO", "UNSURE", name="yesnounsure", native_enum=False, length=64),
            nullable=True,
        ),
        sa.Column("no_consent_reason", sa.Text(), nullable=True),
        sa.Column("meeting_ref", sa.String(length=60), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("field_vers", sa.Text(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("server_seq", sa.Integer(), nullable=True),
        sa.Column("pending_fields", sa.Text(), nullable=False),
        sa.Column("created_hlc", sa.String(length=48), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("partnership_share", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partnership_share_case_id"), ["case_id"], unique=False)

    op.create_table(
        "person",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "VICTIM", "SUSPECT", "WITNESS", name="personrole", native_enum=False, length=64
            ),
            nullable=False,
        ),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("gender", sa.String(length=40), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("postcode", sa.String(length=10), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("safe_times", sa.Text(), nullable=True),
        sa.Column("safe_channels", sa.Text(), nullable=False),
        sa.Column("no_voicemail", sa.Boolean(), nullable=False),
        sa.Column("contact_notes", sa.Text(), nullable=True),
        sa.Column("interpreter_needed", sa.Boolean(), nullable=False),
        sa.Column("language", sa.String(length=60), nullable=True),
        sa.Column("access_needs", sa.Text(), nullable=True),
        sa.Column("nominated_spokesperson", sa.Text(), nullable=True),
        sa.Column("self_described_characteristics", sa.Text(), nullable=True),
        sa.Column("victims_code_statuses", sa.Text(), nullable=False),
        sa.Column("previous_incidents", sa.Text(), nullable=True),
        sa.Column("orders_injunctions", sa.Text(), nullable=True),
        sa.Column("group_association", sa.Text(), nullable=True),
        sa.Column("statement_ref", sa.String(length=40), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("field_vers", sa.Text(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("server_seq", sa.Integer(), nullable=True),
        sa.Column("pending_fields", sa.Text(), nullable=False),
        sa.Column("created_hlc", sa.String(length=48), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_case_id"), ["case_id"], unique=False)

    op.create_table(
        "referral",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column(
            "agency",
            sa.Enum(
                "VICTIM_SUPPORT_OR_PCC_COMMISSIONED",
                "STOP_HATE_UK",
                "STOP_LD_HATE_CRIME_LINE",
                "GALOP",
                "TELL_MAMA",
                "CST",
                "EQUIP_WARWICKSHIRE",
                "TRUE_VISION",
                "SOPHIE_LANCASTER_FOUNDATION",
                "WITNESS_SERVICE",
                "OTHER",
                name="referralagency",
                native_enum=False,
                length=64,
            ),
            nullable=False,
        ),
        sa.Column("agency_other", sa.Text(), nullable=True),
        sa.Column("referred_on", sa.Date(), nullable=False),
        sa.Column("consent_obtained", sa.Boolean(), nullable=False),
        sa.Column("consent_how", sa.Text(), nullable=True),
        sa.Column("enhanced_rights", sa.Boolean(), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "PENDING",
                "ACCEPTED",
                "DECLINED",
                "NO_CONTACT",
                name="referraloutcome",
                native_enum=False,
                length=64,
            ),
            nullable=False,
        ),
        sa.Column("contact_attempts", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("field_vers", sa.Text(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("server_seq", sa.Integer(), nullable=True),
        sa.Column("pending_fields", sa.Text(), nullable=False),
        sa.Column("created_hlc", sa.String(length=48), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_referral_case_id"), ["case_id"], unique=False)

    op.create_table(
        "victim_personal_statement",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "NOT_YET_OFFERED",
                "OFFERED",
                "MADE",
                "DECLINED",
                "UPDATED",
                name="vpsstatus",
                native_enum=False,
                length=64,
            ),
            nullable=False,
        ),
        sa.Column("taken_on", sa.Date(), nullable=True),
        sa.Column("updated_before_sentence", sa.Boolean(), nullable=False),
        sa.Column(
            "read_preference",
            sa.Enum(
                "READ_BY_VICTIM",
                "READ_BY_PROSECUTOR",
                "NOT_READ_COURT_CONSIDERS_ONLY",
                name="vpsreadpreference",
                native_enum=False,
                length=64,
            ),
            nullable=True,
        ),
        sa.Column("impacts", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("field_vers", sa.Text(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("server_seq", sa.Integer(), nullable=True),
        sa.Column("pending_fields", sa.Text(), nullable=False),
        sa.Column("created_hlc", sa.String(length=48), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("victim_personal_statement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_victim_personal_statement_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "victim_wish",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("recorded_at", sa.String(length=32), nullable=False),
        sa.Column("recorded_by", sa.String(length=120), nullable=False),
        sa.Column("victim_words", sa.Text(), nullable=False),
        sa.Column("confirmed_with_victim", sa.Boolean(), nullable=False),
        sa.Column(
            "wants_prosecution",
            sa.Enum("YES", "NO", "UNSURE", name="yesnounsure", native_enum=False, length=64),
            nullable=True,
        ),
        sa.Column("out_of_court_views", sa.Text(), nullable=True),
        sa.Column(
            "willing_to_give_evidence",
            sa.Enum("YES", "NO", "UNSURE", name="yesnounsure", native_enum=False, length=64),
            nullable=True,
        ),
        sa.Column("special_measures", sa.Text(), nullable=True),
        sa.Column(
            "vps_read_preference",
            sa.Enum(
                "READ_BY_VICTIM",
                "READ_BY_PROSECUTOR",
                "NOT_READ_COURT_CONSIDERS_ONLY",
                name="vpsreadpreference",
                native_enum=False,
                length=64,
            ),
            nullable=True,
        ),
        sa.Column("contact_frequency", sa.String(length=80), nullable=True),
        sa.Column(
            "contact_channel",
            sa.Enum(
                "PHONE",
                "TEXT_MESSAGE",
                "EMAIL",
                "LETTER",
                "IN_PERSON",
                "VIDEO_CALL",
                "VIA_THIRD_PARTY",
                name="contactchannel",
                native_enum=False,
                length=64,
            ),
            nullable=True,
        ),
        sa.Column("share_with_hip", sa.Boolean(), nullable=False),
        sa.Column("partner_consents", sa.Text(), nullable=False),
        sa.Column("compensation_sought", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("server_seq", sa.Integer(), nullable=True),
        sa.Column("created_hlc", sa.String(length=48), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("supersedes_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("victim_wish", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_victim_wish_case_id"), ["case_id"], unique=False)

    op.create_table(
        "victims_code_event",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("right_number", sa.Integer(), nullable=False),
        sa.Column(
            "event",
            sa.Enum(
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
                "VPS_OFFERED",
                "RJ_INFORMATION_GIVEN",
                "OTHER",
                name="victimscodeeventkind",
                native_enum=False,
                length=64,
            ),
            nullable=False,
        ),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("victim_told_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("server_seq", sa.Integer(), nullable=True),
        sa.Column("created_hlc", sa.String(length=48), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("supersedes_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("victims_code_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_victims_code_event_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "support_plan",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("assessment_id", sa.String(length=36), nullable=True),
        sa.Column("rationale", sa.Text(), nullable=True),
        sa.Column("review_date", sa.Date(), nullable=True),
        sa.Column("closure_reason", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("field_vers", sa.Text(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("server_seq", sa.Integer(), nullable=True),
        sa.Column("pending_fields", sa.Text(), nullable=False),
        sa.Column("created_hlc", sa.String(length=48), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["needs_assessment.id"],
        ),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("support_plan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_support_plan_case_id"), ["case_id"], unique=False)

    op.create_table(
        "support_action",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("plan_id", sa.String(length=36), nullable=False),
        sa.Column(
            "need_area",
            sa.Enum(
                "HEALTH",
                "EMOTIONAL",
                "SAFETY_SECURITY",
                "HOUSING",
                "FINANCIAL_COMPENSATION",
                "WORK_STUDY",
                "FAMILY",
                "COMMUNICATION_ACCESS",
                "CJ_PROCESS_COURT",
                "ONLINE_HARM",
                "COMMUNITY_ISOLATION",
                name="needarea",
                native_enum=False,
                length=64,
            ),
            nullable=False,
        ),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=120), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum("OPEN", "DONE", "DECLINED", name="actionstatus", native_enum=False, length=64),
            nullable=False,
        ),
        sa.Column("review_date", sa.Date(), nullable=True),
        sa.Column("victim_agreed", sa.Boolean(), nullable=False),
        sa.Column("order_key", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("field_vers", sa.Text(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("server_seq", sa.Integer(), nullable=True),
        sa.Column("pending_fields", sa.Text(), nullable=False),
        sa.Column("created_hlc", sa.String(length=48), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["support_plan.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("support_action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_support_action_case_id"), ["case_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("support_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_support_action_case_id"))

    op.drop_table("support_action")
    with op.batch_alter_table("support_plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_support_plan_case_id"))

    op.drop_table("support_plan")
    with op.batch_alter_table("victims_code_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_victims_code_event_case_id"))

    op.drop_table("victims_code_event")
    with op.batch_alter_table("victim_wish", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_victim_wish_case_id"))

    op.drop_table("victim_wish")
    with op.batch_alter_table("victim_personal_statement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_victim_personal_statement_case_id"))

    op.drop_table("victim_personal_statement")
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_case_id"))

    op.drop_table("referral")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_case_id"))

    op.drop_table("person")
    with op.batch_alter_table("partnership_share", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partnership_share_case_id"))

    op.drop_table("partnership_share")
    with op.batch_alter_table("needs_assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_needs_assessment_case_id"))

    op.drop_table("needs_assessment")
    with op.batch_alter_table("hostility_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hostility_evidence_case_id"))

    op.drop_table("hostility_evidence")
    with op.batch_alter_table("contact_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_log_case_id"))

    op.drop_table("contact_log")
    with op.batch_alter_table("community_impact_statement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_community_impact_statement_case_id"))

    op.drop_table("community_impact_statement")
    with op.batch_alter_table("charge", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_charge_case_id"))

    op.drop_table("charge")
    op.drop_table("sync_state")
    op.drop_table("quarantine")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_state"))
        batch_op.drop_index(batch_op.f("ix_outbox_case_id"))

    op.drop_table("outbox")
    with op.batch_alter_table("conflict", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conflict_case_id"))

    op.drop_table("conflict")
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_file_urn"))
        batch_op.drop_index(batch_op.f("ix_case_file_crime_reference"))

    op.drop_table("case_file")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_event_case_id"))

    op.drop_table("audit_event")
