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
(:func:`require_delete`); only an administrator restores.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from store.errors import StoreError
from store.models import ROLES

ROLE_NAMES = {
    "da": {"reader": "læser", "planner": "planlægger", "administrator": "administrator"},
    "en": {"reader": "reader", "planner": "planner", "administrator": "administrator"},
}

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

    def __init__(self, what_da: str, what_en: str, deleted_at: dt.datetime):
        day = deleted_at.astimezone().date()
        super().__init__(
            f"{what_da} blev slettet {day:%d-%m-%Y}, for mere end {RETENTION.days} dage siden, "
            "og kan ikke længere gendannes.",
            f"{what_en} was deleted on {day:%d-%m-%Y}, more than {RETENTION.days} days ago, "
            "and can no longer be restored.",
        )


def check_restorable(what_da: str, what_en: str, deleted_at: dt.datetime, now: dt.datetime):
    """Raise :class:`RestoreExpired` when ``deleted_at`` is beyond the retention period."""
    if deleted_at < now - RETENTION:
        raise RestoreExpired(what_da, what_en, deleted_at)


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
