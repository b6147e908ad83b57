"""Who may do what: the roles, the actions each allows, and the check every action makes.

Three roles, held in the store (table ``users``):

=================  ===========  ======================================================
role               in Danish    may
=================  ===========  ======================================================
``reader``         læser        read, compare, export (the negotiators)
``planner``        planlægger   also upload options and data, save scenarios, run
``administrator``  administrator also manage users and roles, delete and restore anything
=================  ===========  ======================================================

The check is :func:`require`; it raises :class:`PermissionDenied` (a
:class:`store.errors.StoreError`, so its message is ready for the user). The store's
writing methods and the app's run registry call it themselves, so a role is enforced on
the server for every action, not only by hiding buttons.

Deleting is reversible for :data:`RETENTION` (30 days): a planner may delete their own
work (what they saved, uploaded or ran), an administrator anyone's
(:func:`require_delete`); only an administrator restores. Restoring, listing what is
deleted and purging work the same way for scenarios, runs and option sets: each module
describes its kind once (:class:`DeletableKind`) and calls :func:`restore_row`,
:func:`deleted_rows` and :func:`purge_rows`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, load_only

from sim.text.catalogue import LANGUAGES, Phrase, text
from store.audit import record
from store.errors import NotFound, StoreError
from store.models import ROLES, utcnow

# The roles in the users' words, by language (the catalogue's role.*)
ROLE_NAMES = {lang: {role: text(f"role.{role}", lang) for role in ROLES} for lang in LANGUAGES}

# action -> the lowest role that may do it (roles are ordered as ROLES)
ACTIONS = {
    "read": "reader",
    "compare": "reader",
    "export": "reader",
    "save": "planner",
    "upload": "planner",
    "run": "planner",
    "sweep": "planner",
    "delete_own": "planner",
    "delete": "administrator",
    "restore": "administrator",
    "manage_users": "administrator",
    "read_audit": "administrator",
}

ACTION_NAMES = {
    "da": {
        "read": "læse",
        "compare": "sammenligne",
        "export": "eksportere",
        "save": "gemme scenarier",
        "upload": "indlæse filer",
        "run": "starte kørsler",
        "sweep": "starte følsomhedsanalyser",
        "delete_own": "slette eget arbejde",
        "delete": "slette andres arbejde",
        "restore": "gendanne slettet arbejde",
        "manage_users": "administrere brugere og roller",
        "read_audit": "se revisionssporet",
    },
    "en": {
        "read": "read",
        "compare": "compare",
        "export": "export",
        "save": "save scenarios",
        "upload": "upload files",
        "run": "start runs",
        "sweep": "start sensitivity analyses",
        "delete_own": "delete their own work",
        "delete": "delete others' work",
        "restore": "restore deleted work",
        "manage_users": "manage users and roles",
        "read_audit": "see the audit trail",
    },
}


@dataclass(frozen=True)
class Actor:
    """Who does something: the signed-in user (or the one local user without login).

    ``subject`` identifies them (the e-mail or the identity provider's subject), ``name``
    is shown and recorded as the author of what they save, upload and run.
    """

    subject: str
    name: str
    role: str

    def __post_init__(self):
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}; one of {', '.join(ROLES)}")

    def may(self, action: str) -> bool:
        """Whether this actor's role allows ``action`` (a key of :data:`ACTIONS`)."""
        return ROLES.index(self.role) >= ROLES.index(ACTIONS[action])


class PermissionDenied(StoreError):
    """The actor's role does not allow the action."""

    def __init__(self, actor: Actor, action: str):
        self.actor = actor
        self.action = action
        da_role, en_role = ROLE_NAMES["da"][actor.role], ROLE_NAMES["en"][actor.role]
        super().__init__(
            f"Du har rollen {da_role} og må ikke {ACTION_NAMES['da'][action]}. "
            "Spørg en administrator, hvis du skal have en anden rolle.",
            f"Your role is {en_role}, which may not {ACTION_NAMES['en'][action]}. "
            "Ask an administrator if you need another role.",
        )


def require(actor: Actor, action: str) -> None:
    """Raise :class:`PermissionDenied` unless ``actor`` may do ``action``."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if not actor.may(action):
        raise PermissionDenied(actor, action)


RETENTION = dt.timedelta(days=30)  # deleted work can be restored this long, then purged


def may_delete(actor: Actor, owner: str | None) -> bool:
    """Whether ``actor`` may delete work whose owner is ``owner`` (the name recorded as
    its author, uploader or runner; None when it has several or none)."""
    if actor.may("delete"):
        return True
    return actor.may("delete_own") and bool(owner) and owner == actor.name


def require_delete(actor: Actor, owner: str | None) -> None:
    """Raise :class:`PermissionDenied` unless ``actor`` may delete work owned by ``owner``:
    an administrator anything, a planner only their own."""
    if not may_delete(actor, owner):
        raise PermissionDenied(actor, "delete" if actor.may("delete_own") else "delete_own")


class RestoreExpired(StoreError):
    """Deleted longer ago than :data:`RETENTION`: it is purged, not restored."""

    def __init__(self, what: Phrase, deleted_at: dt.datetime):
        day = f"{deleted_at.astimezone().date():%d-%m-%Y}"
        super().__init__(Phrase("store.restore_expired", what=what, day=day, days=RETENTION.days))


def check_restorable(what: Phrase, deleted_at: dt.datetime, now: dt.datetime):
    """Raise :class:`RestoreExpired` when ``deleted_at`` is beyond the retention period."""
    if deleted_at < now - RETENTION:
        raise RestoreExpired(what, deleted_at)


@dataclass(frozen=True)
class DeletedItem:
    """Deleted work that can still be restored (see :meth:`store.api.Store.deleted_items`).

    ``kind`` is ``"scenario"``, ``"run"`` or ``"option_set"``; ``item_id`` the id to pass
    to :meth:`store.api.Store.restore`; ``label`` its name; ``owner`` who made it.
    """

    kind: str
    item_id: int
    label: str
    owner: str
    deleted_at: dt.datetime
    deleted_by: str

    @property
    def restorable_until(self) -> dt.datetime:
        return self.deleted_at + RETENTION


@dataclass(frozen=True)
class DeletableKind:
    """How one kind of reversibly deleted work is found, named and recorded.

    ``kind`` is its name in :class:`DeletedItem` and the audit trail; ``model`` its table
    (with ``id``, ``deleted_at``, ``deleted_by``). ``missing(item_id)`` gives the Danish
    and English for :class:`~store.errors.NotFound` when there is no such deleted item,
    ``what(row)`` those for :class:`RestoreExpired`; ``target(row)`` is the audit target,
    ``name(row)`` its name (recorded, and returned by a restore), ``label(row)`` and
    ``owner(session, row)`` what the list of deleted items shows. ``columns``, when
    given, are the only ones loaded to list and purge (leave out the large ones).
    """

    kind: str
    model: type
    missing: Callable[[int], Phrase]
    what: Callable[[Any], tuple[str, str]]
    target: Callable[[Any], str]
    name: Callable[[Any], str]
    label: Callable[[Any], str]
    owner: Callable[[Session, Any], str]
    columns: tuple[str, ...] = ()

    def _select(self):
        query = select(self.model)
        if self.columns:
            names = ("id", "deleted_at", "deleted_by", *self.columns)
            query = query.options(load_only(*(getattr(self.model, n) for n in names)))
        return query


def delete_row(session: Session, kind: DeletableKind, row, actor: Actor, **detail) -> None:
    """Delete ``row`` of ``kind`` reversibly in the writing ``session`` and record it (with
    ``detail`` beside its kind, id and name). The caller has checked who may delete it."""
    row.deleted_at = utcnow()
    row.deleted_by = actor.name
    record(
        session,
        actor.name,
        "delete",
        kind.target(row),
        {"kind": kind.kind, "id": row.id, "name": kind.name(row), **detail},
    )


def restore_row(
    session: Session, kind: DeletableKind, item_id: int, actor: Actor, now: dt.datetime
) -> str:
    """Restore the deleted item ``item_id`` of ``kind`` in the writing ``session`` and
    record it; returns its name. The caller has checked the role (``restore``).

    Raises
    ------
    NotFound
        No such item, or it is not deleted.
    RestoreExpired
        Deleted longer ago than :data:`RETENTION`.
    """
    row = session.get(kind.model, item_id, with_for_update=True)
    if row is None or row.deleted_at is None:
        raise NotFound(kind.missing(item_id))
    check_restorable(kind.what(row), row.deleted_at, now)
    row.deleted_at = None
    row.deleted_by = None
    name = kind.name(row)
    record(
        session,
        actor.name,
        "restore",
        kind.target(row),
        {"kind": kind.kind, "id": row.id, "name": name},
    )
    return name


def deleted_rows(session: Session, kind: DeletableKind) -> list[DeletedItem]:
    """The deleted, not yet purged items of ``kind``."""
    rows = list(session.scalars(kind._select().where(kind.model.deleted_at.is_not(None))))
    return [
        DeletedItem(
            kind.kind,
            row.id,
            kind.label(row),
            kind.owner(session, row),
            row.deleted_at,
            row.deleted_by or "",
        )
        for row in rows
    ]


def purge_rows(session: Session, kind: DeletableKind, cutoff: dt.datetime, actor_name: str) -> int:
    """Remove for good the items of ``kind`` deleted before ``cutoff``, each removal in
    the audit trail as done by ``actor_name``; returns how many. What hangs on them (a
    scenario's versions, a run's tables) goes with them (ON DELETE CASCADE)."""
    rows = list(session.scalars(kind._select().where(kind.model.deleted_at < cutoff)))
    for row in rows:
        record(
            session,
            actor_name,
            "purge",
            kind.target(row),
            {
                "kind": kind.kind,
                "id": row.id,
                "name": kind.name(row),
                "deleted_at": row.deleted_at,
            },
        )
    if rows:
        session.execute(delete(kind.model).where(kind.model.id.in_([row.id for row in rows])))
    return len(rows)
