"""The figures index counts on its own: each row carries its case's counted day and team, and
covering indexes serve every figure (no figures query reads a case table)

Revision ID: 0013_figures_index_scope
Revises: 0012_strategy_activities

``case_fact`` gains ``cday`` (the day the case counts by in the figures) and ``team`` (the
case's team), on every row of the case, so that a figure is one grouped range scan of an index
(hcdesk.casework.figures); and ``support_on`` / ``support_before`` on the row of a case the
compliance measures count (its first day of support on or after the report, its last before). The new kinds of fact (strands, record type, charge outcomes,
referral agencies, support plans) come with the rules version of the index going up
(hcdesk.casework.workindex.RULES_VERSION): every case is indexed again the first time My work
or the figures are asked for. Local only, like the rest of ``case_fact``.
"""

from alembic import op

revision = "0013_figures_index_scope"
down_revision = "0012_strategy_activities"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE case_fact ADD COLUMN cday TEXT")
    op.execute("ALTER TABLE case_fact ADD COLUMN team TEXT")
    op.execute("ALTER TABLE case_fact ADD COLUMN support_on TEXT")
    op.execute("ALTER TABLE case_fact ADD COLUMN support_before TEXT")
    op.execute("DROP INDEX ix_case_fact_fact_day")
    op.execute("DROP INDEX ix_case_fact_fact_key")
    # Narrow entries, as few bytes as each count needs: every scan of an index decrypts its
    # pages. The counts of the cases in scope, by kind then counted day (no case id).
    op.execute("CREATE INDEX ix_case_fact_scope ON case_fact (fact, cday, team, key, on_time)")
    # The compliance measures' report days and duties, by kind then their own day.
    op.execute(
        "CREATE INDEX ix_case_fact_fact_day ON case_fact "
        "(fact, day, team, key, on_time, met_on, support_on, support_before)"
    )
    # What counts cases, not rows: the repeat keys (hcdesk.casework.repeats) and outcomes.
    op.execute("CREATE INDEX ix_case_fact_fact_key ON case_fact (fact, key, case_id, cday, team)")


def downgrade() -> None:
    op.execute("DROP INDEX ix_case_fact_scope")
    op.execute("DROP INDEX ix_case_fact_fact_day")
    op.execute("DROP INDEX ix_case_fact_fact_key")
    op.execute("CREATE INDEX ix_case_fact_fact_day ON case_fact (fact, day)")
    op.execute("CREATE INDEX ix_case_fact_fact_key ON case_fact (fact, key)")
    op.execute("ALTER TABLE case_fact DROP COLUMN support_before")
    op.execute("ALTER TABLE case_fact DROP COLUMN support_on")
    op.execute("ALTER TABLE case_fact DROP COLUMN team")
    op.execute("ALTER TABLE case_fact DROP COLUMN cday")
