"""What push, pull, resolve and share have in common: who is asking, which buckets they read,
which teams and buckets a case belongs to, and the errors that refuse a whole request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hcdesk.server.db import CaseHome, CaseShare, ServerConflict
from hcdesk.wire import protocol as p


class SeqGap(Exception):
    def __init__(self, expected: int) -> None:
        super().__init__(f"expected client_seq {expected}")
        self.expected = expected


class PushRefused(Exception):
    """The whole request is wrong (not one mutation): answered with a 4xx."""

    def __init__(self, status: int, error: str, message: str) -> None:
        super().__init__(message)
        self.status, self.error, self.message = status, error, message


class ShareError(Exception):
    def __init__(self, status: int, error: str, message: str) -> None:
        super().__init__(message)
        self.status, self.error, self.message = status, error, message


# -- the principal, as the sync modules need it -------------------------------------------------
@dataclass(frozen=True)
class Actor:
    user_id: str
    username: str
    role: str
    team_ids: tuple[str, ...]
    device_id: str


def actor_of(principal: Any) -> Actor:
    return Actor(
        principal.user_id,
        principal.username,
        principal.role,
        tuple(principal.team_ids),
        principal.device_id,
    )


def readable_buckets(actor: Actor) -> list[str]:
    """Administrators read no case; CPS reads what was shared with its teams."""
    if actor.role == "admin":
        return []
    buckets = [p.share_bucket(t) for t in actor.team_ids]
    if actor.role != "cps":
        buckets += [p.team_bucket(t) for t in actor.team_ids]
    return sorted(buckets)


# -- case access -------------------------------------------------------------------------------
class Cases:
    """Case homes and shares, loaded once per request."""

    def __init__(self, s: Session) -> None:
        self.s = s
        self.home: dict[str, str | None] = {}
        self.shares: dict[str, set[str]] = {}
        self.team_by_name: dict[str, str | None] = {}  # for new cases' home teams

    def load(self, case_ids: Iterable[str]) -> None:
        ids = sorted({c for c in case_ids if c and c not in self.home})
        for chunk in chunks(ids, 500):
            for cid, tid in self.s.execute(
                sa.select(CaseHome.case_id, CaseHome.team_id).where(CaseHome.case_id.in_(chunk))
            ):
                self.home[cid] = tid
            for cid, tid in self.s.execute(
                sa.select(CaseShare.case_id, CaseShare.team_id).where(CaseShare.case_id.in_(chunk))
            ):
                self.shares.setdefault(cid, set()).add(tid)
            for cid in chunk:
                self.home.setdefault(cid, None)

    def teams(self, case_id: str) -> set[str]:
        home = self.home.get(case_id)
        if home is None:
            return set()
        return {home} | self.shares.get(case_id, set())

    def buckets(self, case_id: str) -> set[str]:
        home = self.home.get(case_id)
        if home is None:
            return set()
        shared = {p.share_bucket(t) for t in self.shares.get(case_id, set())}
        return {p.team_bucket(home)} | shared

    def readable(self, case_id: str, actor: Actor) -> bool:
        return bool(self.buckets(case_id) & set(readable_buckets(actor)))


def chunks(items: list[str], n: int) -> Iterable[list[str]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


# -- what a conflict and a time look like on the wire ------------------------------------------
def conflict_fields(c: ServerConflict) -> dict[str, Any]:
    return {
        "id": c.id,
        "entity": c.entity,
        "entity_id": c.entity_id,
        "case_id": c.case_id,
        "field": c.field,
        "policy": c.policy,
        "winner": c.winner,
        "loser": c.loser,
        "base": c.base,
        "status": c.status,
        "resolution": c.resolution,
    }


def iso(when: dt.datetime | None) -> str:
    if when is None:
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
