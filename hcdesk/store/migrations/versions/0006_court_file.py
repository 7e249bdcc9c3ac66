"""court file: listings, bail and remand, MG13 applications, interview accounts, sign-off,
consent to disclose wishes, pre-flight acknowledgements; charge defendant, plea and elements;
relied-on flags and witness summaries

Revision ID: 0006_court_file
Revises: 0005_sync

New columns are added in place (``ALTER TABLE ... ADD COLUMN`` with a default), so upgrading a
store of any size takes no longer than creating the new tables.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_court_file"
down_revision = "0005_sync"
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


NEW_TABLES = (
    "court_listing",
    "bail_record",
    "court_application",
    "interview_account",
    "summary_signoff",
    "disclosure_consent",
    "preflight_acknowledgement",
)


def upgrade() -> None:
    _case_table(
        "court_listing",
        [
            sa.Column("court", sa.String(length=120), nullable=False),
            sa.Column("listed_for", sa.Date(), nullable=False),
            sa.Column("time", sa.String(length=5), nullable=True),
            sa.Column(
                "hearing_type",
                _enum(
                    "hearingtype",
                    "FIRST_HEARING",
                    "PLEA_AND_TRIAL_PREPARATION",
                    "CASE_MANAGEMENT",
                    "TRIAL",
                    "NEWTON_HEARING",
                    "SENTENCE",
                    "APPEAL",
                    "OTHER",
                ),
                nullable=False,
            ),
            sa.Column("notes", sa.Text(), nullable=True),
        ],
        _versioned(),
    )
    _case_table(
        "bail_record",
        [
            sa.Column("person_id", sa.String(length=36), nullable=True),
            sa.Column(
                "status",
                _enum(
                    "bailstatus",
                    "RELEASED_UNDER_INVESTIGATION",
                    "POLICE_BAIL",
                    "COURT_BAIL",
                    "REMANDED_IN_CUSTODY",
                ),
                nullable=False,
            ),
            sa.Column("proposed", sa.Boolean(), nullable=False),
            sa.Column("conditions", sa.Text(), nullable=True),
            sa.Column("grounds", sa.Text(), nullable=True),
            sa.Column("from_date", sa.Date(), nullable=True),
            sa.Column("until_date", sa.Date(), nullable=True),
        ],
        _versioned(),
    )
    _case_table(
        "court_application",
        [
            sa.Column("person_id", sa.String(length=36), nullable=True),
            sa.Column(
                "kind",
                _enum(
                    "applicationkind",
                    "RESTRAINING_ORDER",
                    "CRIMINAL_BEHAVIOUR_ORDER",
                    "COMPENSATION_ORDER",
                    "STALKING_PROTECTION_ORDER",
                    "FORFEITURE_OR_DEPRIVATION",
                    "FOOTBALL_BANNING_ORDER",
                    "OTHER",
                ),
                nullable=False,
            ),
            sa.Column("terms", sa.Text(), nullable=True),
            sa.Column("grounds", sa.Text(), nullable=True),
            sa.Column("victim_consulted", sa.Boolean(), nullable=False),
            sa.Column("outcome", sa.Text(), nullable=True),
        ],
        _versioned(),
    )
    _case_table(
        "interview_account",
        [
            sa.Column("person_id", sa.String(length=36), nullable=True),
            sa.Column("interviewed_on", sa.Date(), nullable=True),
            sa.Column(
                "account",
                _enum(
                    "interviewaccountkind",
                    "FULL_ADMISSION",
                    "PARTIAL_ADMISSION",
                    "DENIAL",
                    "NO_COMMENT",
                    "PREPARED_STATEMENT",
                    "NOT_INTERVIEWED",
                ),
                nullable=False,
            ),
            sa.Column("summary", sa.Text(), nullable=True),
            sa.Column("hostility_response", sa.Text(), nullable=True),
            sa.Column("record_ref", sa.String(length=40), nullable=True),
        ],
        _versioned(),
    )
    _case_table(
        "summary_signoff",
        [
            sa.Column("role", _enum("signoffrole", "OIC", "SUPERVISOR"), nullable=False),
            sa.Column("signed_by", sa.String(length=120), nullable=False),
            sa.Column("signed_at", sa.String(length=32), nullable=False),
            sa.Column("document_version", sa.Integer(), nullable=False),
            sa.Column("notes", sa.Text(), nullable=True),
        ],
        _append_only(),
    )
    _case_table(
        "disclosure_consent",
        [
            sa.Column("recorded_at", sa.String(length=32), nullable=False),
            sa.Column("recorded_by", sa.String(length=120), nullable=False),
            sa.Column("given_by", sa.String(length=120), nullable=False),
            sa.Column("oic_agreed", sa.Boolean(), nullable=False),
            sa.Column("wish_items", sa.Text(), nullable=False),
            sa.Column("notes", sa.Text(), nullable=True),
        ],
        _append_only(),
    )
    _case_table(
        "preflight_acknowledgement",
        [
            sa.Column("check", sa.String(length=60), nullable=False),
            sa.Column("finding", sa.Text(), nullable=False),
            sa.Column("acknowledged_by", sa.String(length=120), nullable=False),
            sa.Column("acknowledged_at", sa.String(length=32), nullable=False),
            sa.Column("reason", sa.Text(), nullable=False),
        ],
        _append_only(),
    )
    false = sa.text("0")
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.add_column(sa.Column("incident_end_date", sa.Date(), nullable=True))
    with op.batch_alter_table("charge", schema=None) as batch_op:
        batch_op.add_column(sa.Column("defendant_id", sa.String(length=36), nullable=True))
        batch_op.add_column(
            sa.Column("plea", _enum("plea", "GUILTY", "NOT_GUILTY", "UNKNOWN"), nullable=True)
        )
        batch_op.add_column(sa.Column("plea_basis", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("elements", sa.Text(), nullable=False, server_default="[]"))
    with op.batch_alter_table("hostility_evidence", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("relied_on", sa.Boolean(), nullable=False, server_default=false)
        )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "previous_incidents_relied_on", sa.Boolean(), nullable=False, server_default=false
            )
        )
        batch_op.add_column(
            sa.Column(
                "group_association_relied_on", sa.Boolean(), nullable=False, server_default=false
            )
        )
        batch_op.add_column(sa.Column("intelligence", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("statement_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("statement_summary", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        for name in (
            "statement_summary",
            "statement_date",
            "intelligence",
            "group_association_relied_on",
            "previous_incidents_relied_on",
        ):
            batch_op.drop_column(name)
    with op.batch_alter_table("hostility_evidence", schema=None) as batch_op:
        batch_op.drop_column("relied_on")
    with op.batch_alter_table("charge", schema=None) as batch_op:
        for name in ("elements", "plea_basis", "plea", "defendant_id"):
            batch_op.drop_column(name)
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.drop_column("incident_end_date")
    for name in reversed(NEW_TABLES):
        op.drop_table(name)
