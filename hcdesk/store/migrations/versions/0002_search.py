"""full-text search over cases

Revision ID: 0002_search
Revises: 0001_initial
"""

from alembic import op

revision = "0002_search"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

# Frozen copy of the statements in hcdesk.store.search as of this revision.
_INSERT = """
INSERT INTO case_search(refs, names, places, body)
SELECT
  coalesce(c.local_ref, '') || ' ' || coalesce(c.urn, '') || ' ' || coalesce(c.crime_reference, ''),
  coalesce((SELECT group_concat(p.name, ' ') FROM person p
            WHERE p.case_id = c.id AND p.deleted = 0), ''),
  coalesce(c.place, ''),
  coalesce(c.summary, '') || ' ' || coalesce(c.perception_note, '') || ' ' ||
  coalesce((SELECT group_concat(e.words_or_conduct || ' ' || coalesce(e.translation, ''), ' ')
            FROM hostility_evidence e WHERE e.case_id = c.id AND e.deleted = 0), '') || ' ' ||
  coalesce((SELECT group_concat(a.action, ' ') FROM support_action a
            WHERE a.case_id = c.id AND a.deleted = 0), '') || ' ' ||
  coalesce((SELECT group_concat(l.summary, ' ') FROM contact_log l WHERE l.case_id = c.id), '')
FROM case_file c WHERE c.id = :cid AND c.deleted = 0
"""


def upgrade() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE case_search USING fts5("
        "refs, names, places, body, tokenize = 'unicode61 remove_diacritics 2')"
    )
    op.execute(
        "CREATE TABLE case_search_doc ("
        "case_id VARCHAR(36) PRIMARY KEY REFERENCES case_file(id), docid INTEGER NOT NULL UNIQUE)"
    )
    conn = op.get_bind()
    ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM case_file WHERE deleted = 0")]
    for cid in ids:
        conn.exec_driver_sql(_INSERT, {"cid": cid})
        conn.exec_driver_sql(
            "INSERT INTO case_search_doc(case_id, docid) VALUES (:cid, last_insert_rowid())",
            {"cid": cid},
        )


def downgrade() -> None:
    op.execute("DROP TABLE case_search_doc")
    op.execute("DROP TABLE case_search")
