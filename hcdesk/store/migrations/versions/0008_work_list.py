"""My work index: one narrow row per open duty and court hearing of a live case, and the cases
whose rows are to be worked out again

Revision ID: 0008_work_list
Revises: 0007_victim_duties

A local index, like ``case_list``: it never travels to the central store. Its rows are worked
out by the Victims' Code rules in Python (hcdesk.casework.workindex), which a migration cannot
freeze, so this revision only marks every live case as to be indexed; the rows are made the
first time My work is asked for.
"""

from alembic import op

revision = "0008_work_list"
down_revision = "0007_victim_duties"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """CREATE TABLE work_list (
            case_id VARCHAR(36) NOT NULL,
            item_key TEXT NOT NULL,
            kind TEXT NOT NULL,
            due TEXT NOT NULL,
            owner TEXT,
            liaison TEXT,
            oic TEXT,
            team TEXT NOT NULL,
            section TEXT NOT NULL,
            what TEXT NOT NULL,
            reference TEXT NOT NULL,
            PRIMARY KEY (case_id, item_key)
        )"""
    )
    # Every read of My work names whose work it is: an index per way of naming it, each with
    # the due date, and none on the date alone (SQLite would choose it for "due today" and read
    # every case's duties of the day).
    for column in ("owner", "liaison", "oic", "team"):
        op.execute(f"CREATE INDEX ix_work_list_{column} ON work_list ({column}, due)")
    op.execute("CREATE TABLE work_list_stale (case_id VARCHAR(36) PRIMARY KEY)")
    op.execute("INSERT INTO work_list_stale (case_id) SELECT id FROM case_file WHERE deleted = 0")


def downgrade() -> None:
    op.execute("DROP TABLE work_list_stale")
    op.execute("DROP TABLE work_list")
