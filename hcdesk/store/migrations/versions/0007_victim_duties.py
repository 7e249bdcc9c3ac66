"""victim-led duties: officer-added Victims' Code statuses, duty records (victim told, or why a
deadline was missed), planned contacts, contact-safety overrides and voided cases

Revision ID: 0007_victim_duties
Revises: 0006_court_file

New columns are added in place (``ALTER TABLE ... ADD COLUMN`` with a default), so upgrading a
store of any size takes no longer than creating the new tables.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_victim_duties"
down_revision = "0006_court_file"
branch_labels = None
depends_on = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=64)


def _versioned() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("field_vers", sa.Text(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("server_seq", sa.Integer(), nullable=True),
        sa.Column("pending_fields", sa.Text(), nullable=False),
        sa.Column("created_hlc", sa.String(length=48), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
    ]


def _append_only() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("server_seq", sa.Integer(), nullable=True),
        sa.Column("created_hlc", sa.String(length=48), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("supersedes_id", sa.String(length=36), nullable=True),
    ]


def _case_table(name: str, columns: list[sa.Column], bookkeeping: list[sa.Column]) -> None:  # type: ignore[type-arg]
    op.create_table(
        name,
        sa.Column("case_id", sa.String(length=36), nullable=False),
        *columns,
        *bookkeeping,
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{name}_case_id"), ["case_id"], unique=False)


CHANNELS = (
    "PHONE",
    "TEXT_MESSAGE",
    "EMAIL",
    "LETTER",
    "IN_PERSON",
    "VIDEO_CALL",
    "VIA_THIRD_PARTY",
)
NEW_TABLES = ("planned_contact", "enhanced_status_claim", "duty_record")


def upgrade() -> None:
    _case_table(
        "planned_contact",
        [
            sa.Column("planned_for", sa.String(length=32), nullable=False),
            sa.Column("channel", _enum("contactchannel", *CHANNELS), nullable=False),
            sa.Column("purpose", sa.Text(), nullable=True),
            sa.Column("owner", sa.String(length=120), nullable=False),
            sa.Column("may_leave_voicemail", sa.Boolean(), nullable=False),
            sa.Column("done", sa.Boolean(), nullable=False),
            sa.Column("safety_override_reason", sa.Text(), nullable=True),
        ],
        _versioned(),
    )
    _case_table(
        "enhanced_status_claim",
        [
            sa.Column(
                "status",
                _enum(
                    "victimscodestatus",
                    "STANDARD",
                    "ENHANCED_MOST_SERIOUS_CRIME",
                    "ENHANCED_PERSISTENTLY_TARGETED",
                    "ENHANCED_VULNERABLE_OR_INTIMIDATED",
                ),
                nullable=False,
            ),
            sa.Column("reason", sa.Text(), nullable=False),
            sa.Column("withdrawn", sa.Boolean(), nullable=False),
            sa.Column("recorded_by", sa.String(length=120), nullable=False),
            sa.Column("recorded_at", sa.String(length=32), nullable=False),
        ],
        _append_only(),
    )
    _case_table(
        "duty_record",
        [
            sa.Column("duty_key", sa.String(length=80), nullable=False),
            sa.Column("victim_told_on", sa.Date(), nullable=True),
            sa.Column("breach_reason", sa.Text(), nullable=True),
            sa.Column("notes", sa.Text(), nullable=True),
            sa.Column("recorded_by", sa.String(length=120), nullable=False),
            sa.Column("recorded_at", sa.String(length=32), nullable=False),
        ],
        _append_only(),
    )
    false = sa.text("0")
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.add_column(sa.Column("voided_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("voided_at", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("voided_by", sa.String(length=120), nullable=True))
    with op.batch_alter_table("contact_log", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("left_voicemail", sa.Boolean(), nullable=False, server_default=false)
        )
        batch_op.add_column(sa.Column("safety_override_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("contact_log", schema=None) as batch_op:
        batch_op.drop_column("safety_override_reason")
        batch_op.drop_column("left_voicemail")
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        for name in ("voided_by", "voided_at", "voided_reason"):
            batch_op.drop_column(name)
    for name in reversed(NEW_TABLES):
        op.drop_table(name)
