"""Who may sign in, and their role: sign-in, the list of users, changing a role.

A user is identified by ``subject`` (the identity provider's ``sub``, stable per user and
application). Signing in (:meth:`UserMethods.sign_in`) creates the user on their first
visit as a *reader* (læser) and keeps their name and e-mail up to date afterwards.

**The first administrator.** The setting ``admin_emails`` (``KAPACITET_ADMIN_EMAILS`` or
``kapacitet.toml``; e-mail addresses separated by commas, semicolons or spaces) names the
administrators: a user signing in with one of them is made administrator (on their first
sign-in, or at the next one if they were there before the setting), and that role cannot
be taken away in the app while they are listed. Every other role is given by an
administrator on the Administration page (:meth:`UserMethods.set_role`, audited as
``role``). The last administrator cannot lose the role.

Names are what the app shows and records as the author of saves, uploads and runs, and
what "their own work" is decided by, so two users never share one: a name already held by
another user gets their e-mail (or subject) added in brackets.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sim.inputs.settings import setting
from sim.text.catalogue import Phrase, text
from store.access import Actor, require
from store.audit import record
from store.core import Database
from store.errors import NotFound, StoreError
from store.models import ROLES, User, utcnow

SETTING_ACTOR = "admin_emails"  # the audit trail's actor for a role given by the setting


def admin_emails(value: str | None = None) -> frozenset[str]:
    """The e-mail addresses of the setting ``admin_emails`` (or ``value``), lower case."""
    text = setting("admin_emails") if value is None else value
    return frozenset(part.lower() for part in re.split(r"[\s,;]+", text or "") if part)


@dataclass(frozen=True)
class UserInfo:
    """A user as stored."""

    id: int
    subject: str
    name: str
    email: str
    role: str
    created_at: dt.datetime
    last_login_at: dt.datetime | None

    @property
    def actor(self) -> Actor:
        """The user as the one who acts (for :func:`store.access.require`)."""
        return Actor(self.subject, self.name, self.role)


def _info(row: User) -> UserInfo:
    return UserInfo(
        row.id, row.subject, row.name, row.email, row.role, row.created_at, row.last_login_at
    )


class RoleRefused(StoreError):
    """A role change the app does not make (the last administrator, a listed one)."""


class UserMethods(Database):
    """The user methods of :class:`store.api.Store`."""

    def sign_in(
        self,
        subject: str,
        name: str = "",
        email: str = "",
        *,
        admin_emails: Iterable[str] | None = None,
    ) -> UserInfo:
        """Record that ``subject`` signed in (creating them as a reader the first time);
        returns the user with their role. Audited as ``login``.

        Parameters
        ----------
        subject
            The identity provider's subject (``sub``).
        name, email
            As the identity provider gives them (the name defaults to the e-mail).
        admin_emails
            Addresses whose users are administrators; default the setting ``admin_emails``.
        """
        subject = subject.strip()
        if not subject:
            raise ValueError("a user needs a subject")
        email = email.strip()
        wanted = " ".join(name.split()) or email or subject
        listed = {e.lower() for e in (admin_emails if admin_emails is not None else _setting())}
        for attempt in range(2):
            try:
                with self.writing() as session:
                    return self._sign_in(session, subject, wanted, email, listed)
            except IntegrityError:
                # the same new user signed in twice at once: the other one created them
                if attempt:
                    raise
        raise AssertionError("unreachable")

    @staticmethod
    def _sign_in(
        session: Session, subject: str, wanted: str, email: str, listed: set[str]
    ) -> UserInfo:
        now = utcnow()
        row = session.scalars(
            select(User).where(User.subject == subject).with_for_update()
        ).one_or_none()
        name = _free_name(session, wanted, email or subject, subject)
        is_listed = bool(email) and email.lower() in listed
        if row is None:
            role = "administrator" if is_listed else "reader"
            row = User(subject=subject, name=name, email=email, role=role, created_at=now)
            session.add(row)
            session.flush()
            record(session, name, "login", f"user:{subject}", {"new": True, "role": role})
            if is_listed:
                record(
                    session,
                    SETTING_ACTOR,
                    "role",
                    f"user:{subject}",
                    {"name": name, "from": None, "to": role},
                )
        else:
            row.name, row.email = name, email
            record(session, name, "login", f"user:{subject}", {"new": False, "role": row.role})
            if is_listed and row.role != "administrator":
                record(
                    session,
                    SETTING_ACTOR,
                    "role",
                    f"user:{subject}",
                    {"name": name, "from": row.role, "to": "administrator"},
                )
                row.role = "administrator"
        row.last_login_at = now
        session.flush()
        return _info(row)

    def user(self, subject: str) -> UserInfo | None:
        """The user ``subject``, or None if they have never signed in."""
        with self.reading() as session:
            row = session.scalars(select(User).where(User.subject == subject)).one_or_none()
            return None if row is None else _info(row)

    def list_users(self) -> list[UserInfo]:
        """Every user, by name."""
        with self.reading() as session:
            rows = session.scalars(select(User).order_by(func.lower(User.name), User.id))
            return [_info(row) for row in rows]

    def set_role(
        self,
        subject: str,
        role: str,
        *,
        actor: Actor,
        admin_emails: Iterable[str] | None = None,
    ) -> UserInfo:
        """Give ``subject`` the role ``role`` (administrators only); audited as ``role``.

        Raises
        ------
        PermissionDenied
            The actor is not an administrator.
        NotFound
            No such user.
        RoleRefused
            It would leave no administrator, or the user is named by ``admin_emails``.
        """
        require(actor, "manage_users")
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
        listed = {e.lower() for e in (admin_emails if admin_emails is not None else _setting())}
        with self.writing() as session:
            row = session.scalars(
                select(User).where(User.subject == subject).with_for_update()
            ).one_or_none()
            if row is None:
                raise NotFound(Phrase("store.thing.user", subject=subject))
            if row.role == role:
                return _info(row)
            if row.role == "administrator":
                if row.email and row.email.lower() in listed:
                    raise RoleRefused(
                        f"{row.name} er administrator efter indstillingen admin_emails. "
                        "Fjern e-mailadressen dér først.",
                        f"{row.name} is an administrator by the setting admin_emails. "
                        "Remove the e-mail address there first.",
                    )
                # lock every administrator row, so two demotions at once cannot both pass
                admins = session.scalars(
                    select(User.id).where(User.role == "administrator").with_for_update()
                ).all()
                if len(admins) <= 1:
                    raise RoleRefused(
                        f"{row.name} er den sidste administrator og kan ikke få en anden rolle. "
                        "Gør først en anden til administrator.",
                        f"{row.name} is the last administrator and cannot be given another "
                        "role. Make someone else an administrator first.",
                    )
            record(
                session,
                actor.name,
                "role",
                f"user:{subject}",
                {"name": row.name, "from": row.role, "to": role},
            )
            row.role = role
            session.flush()
            return _info(row)


def _setting() -> frozenset[str]:
    return admin_emails()


def _free_name(session: Session, wanted: str, tag: str, subject: str) -> str:
    """``wanted``, or with ``tag`` (then a number) added when another user has it."""
    candidates = [wanted, f"{wanted} ({tag})"]
    candidates += [f"{wanted} ({tag}, {n})" for n in range(2, 100)]
    for candidate in candidates:
        taken = session.scalar(
            select(User.id).where(User.name == candidate, User.subject != subject).limit(1)
        )
        if taken is None:
            return candidate
    return f"{wanted} ({subject})"


def role_name(role: str, lang: str = "da") -> str:
    """The role in the user's words (læser, planlægger, administrator)."""
    return text(f"role.{role}", lang)
