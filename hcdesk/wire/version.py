"""The wire schema version: the version of what travels, not of how a laptop stores it.

Every push and pull names it (``schema_version`` in the body, ``X-Schema-Version`` in the
header) and every outbox entry records the version it was written for. It changes only when the
wire format changes: a field that travels is added, removed or changes meaning. A local-only
migration (an index, a search table, a cache) must leave it alone, or every laptop one release
ahead would be refused by a central store one release behind.

History:

* 1-5: the versions that shipped while the number still followed the local migration count
  (5 = the synced case tables, audit events and per-field versions as they are today). Servers
  of that time accept 1 to their own count, so the number stays at 5 until the format changes.
"""

from __future__ import annotations

WIRE_VERSION = 5
"""The version this release writes and speaks."""

MIN_WIRE_VERSION = 1
"""The oldest version the central store still accepts from a laptop."""
