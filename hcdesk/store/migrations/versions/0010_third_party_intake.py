"""The intake queue: reports from third-party reporting centres, and their triage

Revision ID: 0010_third_party_intake
Revises: 0009_figures_index

A local table, like ``work_list``: it never travels to the central store. A report becomes
work only when an officer triages it (hcdesk.casework.intake); a case opened from it is an
ordinary case and syncs as one.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_third_party_intake"
down_revision = "0009_figures_index"
branch_labels = None
depends_on = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=64)


def upgrade() -> None:
    op.create_table(
        "third_party_report",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("queue_no", sa.Integer(), nullable=False),
        sa.Column(
            "centre",
            _enum(
                "reportingcentre",
                "TRUE_VISION",
                "STOP_HATE_UK",
                "TELL_MAMA",
                "CST",
                "GALOP",
                "EQUIP_WARWICKSHIRE",
                "OTHER",
            ),
            nullable=False,
        ),
        sa.Column("centre_name", sa.String(length=120), nullable=True),
        sa.Column("centre_key", sa.String(length=140), nullable=False),
        sa.Column("centre_reference", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.String(length=32), nullable=False),
        sa.Column(
            "reporter_role",
            _enum("reporterrole", "VICTIM", "WITNESS", "THIRD_PARTY"),
            nullable=False,
        ),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("monitored_strands", sa.Text(), nullable=False),
        sa.Column("local_strands", sa.Text(), nullable=False),
        sa.Column("what_happened", sa.Text(), nullable=False),
        sa.Column("incident_date", sa.Date(), nullable=False),
        sa.Column("incident_end_date", sa.Date(), nullable=True),
        sa.Column("incident_time", sa.String(length=5), nullable=True),
        sa.Column(
            "location_type",
            _enum(
                "locationtype",
                "HOME",
                "STREET",
                "PUBLIC_TRANSPORT",
                "ONLINE",
                "WORKPLACE",
                "SCHOOL",
                "SHOP",
                "PLACE_OF_WORSHIP",
                "OTHER",
            ),
            nullable=False,
        ),
        sa.Column("postcode_area", sa.String(length=8), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("victim_name", sa.String(length=200), nullable=True),
        sa.Column("victim_phone", sa.String(length=40), nullable=True),
        sa.Column("victim_email", sa.String(length=200), nullable=True),
        sa.Column("consent_to_contact", sa.Boolean(), nullable=False),
        sa.Column(
            "preferred_channel",
            _enum(
                "contactchannel",
                "PHONE",
                "TEXT_MESSAGE",
                "EMAIL",
                "LETTER",
                "IN_PERSON",
                "VIDEO_CALL",
                "VIA_THIRD_PARTY",
            ),
            nullable=True,
        ),
        sa.Column("imported_at", sa.String(length=32), nullable=False),
        sa.Column("imported_by", sa.String(length=120), nullable=False),
        sa.Column("source_file", sa.String(length=255), nullable=False),
        sa.Column(
            "outcome",
            _enum(
                "triageoutcome", "NEW_CASE", "LINKED_TO_CASE", "RECORD_ONLY", "NOT_HATE_INCIDENT"
            ),
            nullable=True,
        ),
        sa.Column("outcome_reason", sa.Text(), nullable=True),
        sa.Column("case_id", sa.String(length=36), nullable=True),
        sa.Column("triaged_by", sa.String(length=120), nullable=True),
        sa.Column("triaged_at", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("centre_key", "centre_reference"),
        sa.UniqueConstraint("queue_no"),
    )
    with op.batch_alter_table("third_party_report", schema=None) as batch_op:
        batch_op.create_index("ix_third_party_report_case_id", ["case_id"], unique=False)
        batch_op.create_index("ix_third_party_report_outcome", ["outcome"], unique=False)


def downgrade() -> None:
    op.drop_table("third_party_report")
