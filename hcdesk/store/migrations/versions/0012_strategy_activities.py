"""The strategy's activities: awareness, prevention through education, building trust and
increased reporting

Revision ID: 0012_strategy_activities
Revises: 0011_partnership_packs

A local table, like ``third_party_report``: it never travels to the central store (a known
limit, docs/activities.md). Recorded with hcdesk.casework.activities; counted for the
dashboard and the public results sheet.
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_strategy_activities"
down_revision = "0011_partnership_packs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "strategy_activity",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("theme", sa.String(length=200), nullable=False),
        sa.Column(
            "work_area",
            sa.Enum(
                "AWARENESS",
                "PREVENTION_EDUCATION",
                "BUILDING_TRUST",
                "INCREASED_REPORTING",
                name="workarea",
                native_enum=False,
                length=64,
            ),
            nullable=False,
        ),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("partners", sa.String(length=500), nullable=True),
        sa.Column("audience", sa.String(length=500), nullable=True),
        sa.Column("reach", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("case_ids", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=120), nullable=False),
        sa.Column("recorded_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    with op.batch_alter_table("strategy_activity", schema=None) as batch_op:
        batch_op.create_index("ix_strategy_activity_held_on", ["held_on"], unique=False)
        batch_op.create_index("ix_strategy_activity_work_area", ["work_area"], unique=False)


def downgrade() -> None:
    op.drop_table("strategy_activity")
