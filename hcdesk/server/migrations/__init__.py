"""Alembic migrations of the central store's schema (``hcdesk-server init-db`` runs them).

Alembic is imported only when the schema actually needs creating or upgrading, so starting a
server on an up-to-date database stays fast. ``REVISIONS`` lists every revision in order; a test
keeps it equal to the scripts in ``versions/``.
"""

from __future__ import annotations

from pathlib import Path

REVISIONS: tuple[str, ...] = ("0001_initial", "0002_store_identity")
HEAD = REVISIONS[-1]
HERE = Path(__file__).resolve().parent
