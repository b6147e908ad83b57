"""The audit trail: who did what when (save, upload, run, delete, restore, role change).

Every writing action of the store adds an entry in the same transaction as the change
itself (:func:`record`), so the trail and the data never disagree. Administrators read
it with :meth:`AuditMethods.audit_log`.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.core import Database
from store.models import AuditEntry, utcnow

AUDIT_ACTIONS = (
    "save",
    "upload",
    "run",
    "sweep",
    "delete",
    "restore",
    "purge",
    "role",
    "login",
)


@dataclass(frozen=True)
class AuditInfo:
    """One entry of the audit trail; ``detail`` is plain data (from JSON)."""

    id: int
    at: dt.datetime
    actor: str
    action: str
    target: str
    detail: dict[str, Any]


def record(
    session: Session, actor: str, action: str, target: str = "", detail: dict | None = None
) -> None:
    """Add an audit entry inside the caller's writing ``session`` (same transaction).

    Parameters
    ----------
    actor
        Who did it (the user's name or subject).
    action
        One of :data:`AUDIT_ACTIONS`.
    target
        What it was done to, e.g. ``"scenario 'Basis' v3"`` or ``"run 17"``.
    detail
        Anything else worth keeping, as JSON-able data.
    """
    if action not in AUDIT_ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    text = json.dumps(detail or {}, sort_keys=True, ensure_ascii=False, default=str)
    session.add(AuditEntry(at=utcnow(), actor=actor, action=action, target=target, detail=text))


class AuditMethods(Database):
    """The audit methods of :class:`store.api.Store`."""

    def audit_log(self, *, actor: str | None = None, limit: int | None = 500) -> list[AuditInfo]:
        """The newest audit entries first, optionally only those of ``actor``."""
        query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
        if actor is not None:
            query = query.where(AuditEntry.actor == actor)
        with self.reading() as session:
            return [
                AuditInfo(e.id, e.at, e.actor, e.action, e.target, json.loads(e.detail))
                for e in session.scalars(query)
            ]

    def audit_actors(self) -> list[str]:
        """Everyone who appears in the audit trail, by name."""
        with self.reading() as session:
            names = session.scalars(select(AuditEntry.actor).distinct())
            return sorted(names, key=lambda name: (name.casefold(), name))
