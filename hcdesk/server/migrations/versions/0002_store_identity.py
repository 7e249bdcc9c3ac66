"""the central store's identity and generation, and each device's durable (backed-up) sequence

Revision ID: 0002_store_identity
Revises: 0001_initial

A store gets its identity when this revision runs: on a new database, when it is created (so a
store dropped and made again has a new ``store_id``); on an older one, when it is upgraded.
"""

import datetime as dt
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0002_store_identity"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "device",
        sa.Column("durable_seq", sa.BigInteger(), server_default="0", nullable=False),
    )
    table = op.create_table(
        "store_identity",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("store_id", sa.String(length=36), nullable=False),
        sa.Column("generation", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("generation_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("generation_reason", sa.Text(), nullable=False),
        sa.Column("backup_marked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    now = dt.datetime.now(dt.UTC)
    op.bulk_insert(
        table,
        [
            {
                "id": 1,
                "store_id": str(uuid.uuid4()),
                "generation": str(uuid.uuid4()),
                "created_at": now,
                "generation_at": now,
                "generation_reason": "created",
                "backup_marked_at": None,
            }
        ],
    )


def downgrade() -> None:
    op.drop_table("store_identity")
    op.drop_column("device", "durable_seq")
