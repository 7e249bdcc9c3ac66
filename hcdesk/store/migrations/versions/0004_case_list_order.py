"""case list: index for the default order (newest changes first)

Revision ID: 0004_case_list_order
Revises: 0003_case_list
"""

from alembic import op

revision = "0004_case_list_order"
down_revision = "0003_case_list"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE INDEX ix_case_list_updated ON case_list (updated_at, case_id)")


def downgrade() -> None:
    op.execute("DROP INDEX ix_case_list_updated")
