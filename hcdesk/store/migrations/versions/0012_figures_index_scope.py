"""The figures index counts on its own: each row carries its case's counted day and team, and
covering indexes serve every figure (no figures query reads a case table)

Revision ID: 0012_figures_index_scope
Revises: 0011_partnership_packs

``case_fact`` gains ``cday`` (the day the case counts by in the figures) and ``team`` (the
case's team), on every row of the case, so that a figure is one grouped range scan of an index
(hcdesk.casework.figures). The new kinds of fact (strands, record type, charge outcomes,
referral agencies, support plans) come with the rules version of the index going up
(hcdesk.casework.workindex.RULES_VERSION): every case is indexed again the first time My work
or the figures are asked for. Local only, like the rest of ``case_fact``.
"""

from alembic import op

revision = "0012_figures_index_scope"
down_revision = "0011_partnership_packs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE case_fact ADD COLUMN cday TEXT")
    op.execute("ALTER TABLE case_fact ADD COLUMN team TEXT")
    op.execute("DROP INDEX ix_case_fact_fact_day")
    op.execute("DROP INDEX ix_case_fact_fact_key")
    # The cases in scope and their facts, by kind then counted day: every figure but the
    # compliance measures.
    op.execute(
        "CREATE INDEX ix_case_fact_scope ON case_fact (fact, cday, team, key, case_id, on_time)"
    )
    # The compliance measures' duties and report days, by kind then their own day.
    op.execute(
        "CREATE INDEX ix_case_fact_fact_day ON case_fact "
        "(fact, day, team, key, on_time, met_on, case_id)"
    )
    # The repeat keys: the cases of a key (hcdesk.casework.repeats).
    op.execute("CREATE INDEX ix_case_fact_fact_key ON case_fact (fact, key, case_id, cday)")


def downgrade() -> None:
    op.execute("DROP INDEX ix_case_fact_scope")
    op.execute("DROP INDEX ix_case_fact_fact_day")
    op.execute("DROP INDEX ix_case_fact_fact_key")
    op.execute("CREATE INDEX ix_case_fact_fact_day ON case_fact (fact, day)")
    op.execute("CREATE INDEX ix_case_fact_fact_key ON case_fact (fact, key)")
    op.execute("ALTER TABLE case_fact DROP COLUMN team")
    op.execute("ALTER TABLE case_fact DROP COLUMN cday")
