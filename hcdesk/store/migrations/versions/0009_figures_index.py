"""The figures index: per case, the facts the strategy's figures count that only the casework
rules can work out (the Victims' Code duties and whether each was met, the days a victim was
offered an assessment or referred, and the keys that link repeat victims, suspects and places)

Revision ID: 0009_figures_index
Revises: 0008_work_list

A local index beside ``work_list``, made by the same code (hcdesk.casework.workindex) from the
same marks: it never travels to the central store. The rules version of the index goes up with
this change, so every case is indexed again the first time My work or the figures are asked for.
"""

from alembic import op

revision = "0009_figures_index"
down_revision = "0008_work_list"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """CREATE TABLE case_fact (
            case_id VARCHAR(36) NOT NULL,
            fact TEXT NOT NULL,
            day TEXT,
            key TEXT NOT NULL DEFAULT '',
            met_on TEXT,
            on_time INTEGER NOT NULL DEFAULT 0
        )"""
    )
    op.execute("CREATE INDEX ix_case_fact_case ON case_fact (case_id, fact, day)")
    op.execute("CREATE INDEX ix_case_fact_fact_day ON case_fact (fact, day)")
    op.execute("CREATE INDEX ix_case_fact_fact_key ON case_fact (fact, key)")


def downgrade() -> None:
    op.execute("DROP TABLE case_fact")
