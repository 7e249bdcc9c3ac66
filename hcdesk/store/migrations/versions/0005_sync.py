"""sync: bucket cursors and checksums, case buckets, conflict and quarantine details

Revision ID: 0005_sync
Revises: 0004_case_list_order
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_sync"
down_revision = "0004_case_list_order"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_bucket",
        sa.Column("bucket", sa.String(length=80), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("bucket"),
    )
    op.create_table(
        "case_bucket",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("bucket", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("case_id", "bucket"),
    )
    with op.batch_alter_table("case_bucket", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_bucket_bucket"), ["bucket"], unique=False)

    # A conflict's base may be unknown (null); the table is small, so it is rebuilt.
    with op.batch_alter_table("conflict", schema=None, recreate="always") as batch_op:
        batch_op.alter_column("base", existing_type=sa.Text(), nullable=True)
        batch_op.add_column(
            sa.Column("policy", sa.String(length=20), nullable=False, server_default="scalar")
        )
        batch_op.add_column(sa.Column("resolution", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("resolved_at", sa.String(length=32), nullable=True))

    with op.batch_alter_table("quarantine", schema=None) as batch_op:
        batch_op.add_column(sa.Column("code", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("entity", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("entity_id", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("case_id", sa.String(length=36), nullable=True))

    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_state_seq", ["state", "client_seq"], unique=False)
        batch_op.create_index("ix_outbox_entity_seq", ["entity_id", "client_seq"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_entity_seq")
        batch_op.drop_index("ix_outbox_state_seq")
    with op.batch_alter_table("quarantine", schema=None) as batch_op:
        batch_op.drop_column("case_id")
        batch_op.drop_column("entity_id")
        batch_op.drop_column("entity")
        batch_op.drop_column("code")
    with op.batch_alter_table("conflict", schema=None, recreate="always") as batch_op:
        batch_op.drop_column("resolved_at")
        batch_op.drop_column("resolution")
        batch_op.drop_column("policy")
        batch_op.alter_column("base", existing_type=sa.Text(), nullable=False)
    with op.batch_alter_table("case_bucket", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_bucket_bucket"))
    op.drop_table("case_bucket")
    op.drop_table("sync_bucket")
