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
"""

from __future__ import annotations

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
