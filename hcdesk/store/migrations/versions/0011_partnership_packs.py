"""Partnership packs: the log of the packs issued to each Hate Incident Partnership, and each
partnership's pseudonym key

Revision ID: 0011_partnership_packs
Revises: 0010_third_party_intake

Two local tables, like ``case_fact``: they never travel to the central store.

* ``hip_pack``: one row per pack issued (partnership, period, whether rounded, the tables as
  published, as JSON), so that the next pack for an overlapping period of the same partnership
  is protected against differencing (hcdesk.casework.partnership_pack, docs/partnership.md).
* ``hip_pseudonym_key``: a random key per partnership, made on first use, for the keyed
  pseudonyms that link one victim across that partnership's packs and no other's.
"""

from alembic import op

revision = "0011_partnership_packs"
down_revision = "0010_third_party_intake"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """CREATE TABLE hip_pack (
            id VARCHAR(36) NOT NULL PRIMARY KEY,
            partnership TEXT NOT NULL,
            partnership_key TEXT NOT NULL,
            period_start TEXT NOT NULL,
            period_end TEXT NOT NULL,
            rounded INTEGER NOT NULL DEFAULT 0,
            issued_at TEXT NOT NULL,
            file TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            tables TEXT NOT NULL
        )"""
    )
    op.execute("CREATE INDEX ix_hip_pack_partnership ON hip_pack (partnership_key, period_start)")
    op.execute(
        """CREATE TABLE hip_pseudonym_key (
            partnership_key TEXT NOT NULL PRIMARY KEY,
            partnership TEXT NOT NULL,
            secret BLOB NOT NULL,
            created_at TEXT NOT NULL
        )"""
    )


def downgrade() -> None:
    op.execute("DROP TABLE hip_pseudonym_key")
    op.execute("DROP TABLE hip_pack")
