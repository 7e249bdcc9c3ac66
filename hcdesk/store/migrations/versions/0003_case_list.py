"""case list index

Revision ID: 0003_case_list
Revises: 0002_search
"""

from alembic import op

revision = "0003_case_list"
down_revision = "0002_search"
branch_labels = None
depends_on = None

# Frozen copy of hcdesk.store.caseindex as of this revision.
_INSERT = """
INSERT INTO case_list (case_id, reference, record_type, strands, victim, place, status, owner,
                       team, incident_date, next_review_date, earliest_open_due, open_actions,
                       updated_at)
SELECT c.id, coalesce(c.urn, c.local_ref), c.record_type,
       c.monitored_strands || c.local_strands,
       (SELECT p.name FROM person p WHERE p.case_id = c.id AND p.role = 'VICTIM'
          AND p.deleted = 0 ORDER BY p.created_at LIMIT 1),
       c.place, c.status, c.liaison_officer, c.team, c.incident_date, c.next_review_date,
       (SELECT min(a.due_date) FROM support_action a WHERE a.case_id = c.id
          AND a.status = 'OPEN' AND a.deleted = 0),
       (SELECT count(*) FROM support_action a WHERE a.case_id = c.id
          AND a.status = 'OPEN' AND a.deleted = 0),
       c.updated_at
FROM case_file c WHERE c.deleted = 0
"""


def upgrade() -> None:
    op.execute(
        """CREATE TABLE case_list (
            case_id VARCHAR(36) PRIMARY KEY REFERENCES case_file(id),
            reference TEXT NOT NULL,
            record_type TEXT NOT NULL,
            strands TEXT NOT NULL,
            victim TEXT,
            place TEXT,
            status TEXT NOT NULL,
            owner TEXT,
            team TEXT,
            incident_date TEXT,
            next_review_date TEXT,
            earliest_open_due TEXT,
            open_actions INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT
        )"""
    )
    for column in ("reference", "incident_date", "status", "owner", "next_review_date", "victim"):
        op.execute(f"CREATE INDEX ix_case_list_{column} ON case_list ({column})")
    op.execute(_INSERT)


def downgrade() -> None:
    op.execute("DROP TABLE case_list")
