"""Saved scenarios: a name, and a version for every save of it.

Saving a name that exists needs ``replace=True`` (else :class:`NameTaken`: the UI asks
first) and adds a version; earlier versions are kept. ``expected_version`` is the version
the caller's copy was loaded from: if someone has saved since, :class:`Conflict`.
Two sessions saving the same new name at once: one wins, the other gets ``NameTaken``
(or ``Conflict``), and no row is lost (a unique name, the scenario row locked while a
version is added, and on SQLite one writer at a time).

Saving needs the role ``planner`` (:func:`store.access.require`); the author of a version
is the saving :class:`~store.access.Actor`'s name, and each save is in the audit trail.
A deleted scenario vanishes from lists and loads; an administrator can restore it for 30
days, and its name is not free again until it is purged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sim.inputs.dataset import load_dataset
from sim.inputs.scenario import Scenario, ScenarioError, confine_data_dir, describe_errors
from sim.text.catalogue import Phrase, text
from store.access import (
    RETENTION,
    Actor,
    DeletableKind,
    delete_row,
    require,
    require_delete,
)
from store.audit import record
from store.core import Database
from store.errors import Conflict, NameTaken, NotFound, StoreError
from store.models import ScenarioRow, ScenarioVersion, utcnow


@dataclass(frozen=True)
class ScenarioInfo:
    """One saved version of a scenario (without the scenario itself).

    ``created_at`` is when the name was first saved, ``updated_at`` when this version was.
    """

    name: str
    version: int
    description: str
    author: str
    created_at: dt.datetime
    updated_at: dt.datetime
    data_dir: str
    data_hash: str
    version_id: int  # the row's id (runs refer to it)


def _info(row: ScenarioRow, version: ScenarioVersion) -> ScenarioInfo:
    return ScenarioInfo(
        name=row.name,
        version=version.version,
        description=version.description,
        author=version.author,
        created_at=row.created_at,
        updated_at=version.created_at,
        data_dir=version.data_dir,
        data_hash=version.data_hash,
        version_id=version.id,
    )


class ScenarioDeleted(StoreError):
    """The name belongs to a deleted scenario (restorable, so the name is not free)."""

    def __init__(self, name: str, deleted_at: dt.datetime):
        self.name = name
        until = (deleted_at + RETENTION).astimezone().date()
        super().__init__(
            f"Scenariet '{name}' er slettet og kan gendannes af en administrator indtil "
            f"{until:%d-%m-%Y}. Gem under et andet navn, eller bed en administrator om at "
            "gendanne det.",
            f"The scenario '{name}' has been deleted and can be restored by an administrator "
            f"until {until:%d-%m-%Y}. Save it under another name, or ask an administrator "
            "to restore it.",
        )


def parse_stored(text: str, source: str) -> Scenario:
    """A stored scenario JSON validated again (:class:`ScenarioError` if it no longer is,
    or if its data folder is outside the project's data folder)."""
    try:
        scenario = Scenario.model_validate_json(text)
    except ValidationError as error:
        raise ScenarioError(describe_errors(error), source=source) from error
    return confine_data_dir(scenario, source=source)


def readable_json(scenario: Scenario) -> str:
    """``scenario`` as the JSON that is stored, checked to read back as the same scenario
    first: what cannot be read back is never stored (:class:`StoreError` says why)."""
    try:
        written = scenario.model_dump_json()
    except ValueError:  # pydantic's serialisation errors are ValueErrors
        written = None
    problems = _read_back_problems(written, scenario, "da")
    if problems:
        english = _read_back_problems(written, scenario, "en")  # the schema words each
        raise StoreError(
            text(
                "store.read_back.cannot_save",
                "da",
                name=scenario.name,
                problems="; ".join(problems),
            ),
            text(
                "store.read_back.cannot_save", "en", name=scenario.name, problems="; ".join(english)
            ),
        )
    return written


def _read_back_problems(written: str | None, scenario: Scenario, lang: str) -> list[str]:
    if written is None:
        return [text("store.read_back.not_json", lang)]
    try:
        again = confine_data_dir(Scenario.model_validate_json(written), lang)
    except ValidationError as error:
        return describe_errors(error, lang)
    except ScenarioError as error:
        return error.messages
    if again != scenario:
        return [text("store.read_back.differs", lang)]
    return []


class ScenarioMethods(Database):
    """The scenario methods of :class:`store.api.Store`."""

    def save_scenario(
        self,
        scenario: Scenario,
        *,
        actor: Actor,
        replace: bool = False,
        expected_version: int | None = None,
        description: str | None = None,
        data_hash: str | None = None,
    ) -> ScenarioInfo:
        """Save ``scenario`` under ``scenario.name`` as a new version.

        Parameters
        ----------
        scenario
            The validated scenario; stored as ``scenario.model_dump_json()``.
        actor
            Who saves (the role ``planner`` at least); their name is the version's author.
        replace
            Add a version to a name that exists already (without it: :class:`NameTaken`).
        expected_version
            The version the caller loaded (0 for a new name); None: not checked.
        description
            What this version is; defaults to the scenario's description.
        data_hash
            The content hash of the scenario's data folder; computed when not given.

        Returns
        -------
        ScenarioInfo
            The version saved.

        Raises
        ------
        PermissionDenied
            The actor's role may not save.
        NameTaken
            The name exists and ``replace`` is false.
        Conflict
            The newest version is not ``expected_version`` (someone saved meanwhile).
        NotFound
            ``expected_version`` is above 0 but the name has never been saved.
        ScenarioDeleted
            The name is a deleted scenario's.
        """
        require(actor, "save")
        readable_json(scenario)  # what cannot be read back is never stored
        if data_hash is None:
            data_hash = load_dataset(scenario.resolve_data_dir()).content_hash
        for attempt in range(2):
            try:
                with self.writing() as session:
                    return self._add_version(
                        session, scenario, replace, expected_version, actor, description, data_hash
                    )
            except IntegrityError:
                # another session created the name (or the version) first: look again, once
                if attempt:
                    current = self._current_version(scenario.name)
                    raise Conflict(scenario.name, current) from None
        raise AssertionError("unreachable")

    def _add_version(
        self,
        session: Session,
        scenario: Scenario,
        replace: bool,
        expected_version: int | None,
        actor: Actor,
        description: str | None,
        data_hash: str,
    ) -> ScenarioInfo:
        name = scenario.name
        now = utcnow()
        row = session.scalars(
            select(ScenarioRow).where(ScenarioRow.name == name).with_for_update()
        ).one_or_none()
        if row is None:
            if expected_version:
                raise NotFound(Phrase("store.thing.scenario", name=name))
            row = ScenarioRow(name=name, created_at=now)
            session.add(row)
            session.flush()
            current = 0
        else:
            if row.deleted_at is not None:
                raise ScenarioDeleted(name, row.deleted_at)
            current = _newest(session, row.id)
            if not replace:
                raise NameTaken(name, current)
            if expected_version is not None and expected_version != current:
                raise Conflict(name, current)
        version = ScenarioVersion(
            scenario_id=row.id,
            version=current + 1,
            description=scenario.description if description is None else description,
            author=actor.name,
            created_at=now,
            scenario_json=scenario.model_dump_json(),
            data_dir=scenario.data_dir,
            data_hash=data_hash,
        )
        session.add(version)
        session.flush()
        record(
            session,
            actor.name,
            "save",
            f"scenario:{name}",
            {"name": name, "version": version.version, "replaced": current > 0},
        )
        return _info(row, version)

    def _current_version(self, name: str) -> int:
        with self.reading() as session:
            row = session.scalars(select(ScenarioRow).where(ScenarioRow.name == name)).first()
            return 0 if row is None else _newest(session, row.id)

    def list_scenarios(self) -> list[ScenarioInfo]:
        """The newest version of every saved scenario, by name."""
        newest = (
            select(ScenarioVersion.scenario_id, func.max(ScenarioVersion.version).label("version"))
            .group_by(ScenarioVersion.scenario_id)
            .subquery()
        )
        query = (
            select(ScenarioRow, ScenarioVersion)
            .join(ScenarioVersion, ScenarioVersion.scenario_id == ScenarioRow.id)
            .join(
                newest,
                (newest.c.scenario_id == ScenarioVersion.scenario_id)
                & (newest.c.version == ScenarioVersion.version),
            )
            .where(ScenarioRow.deleted_at.is_(None))
        )
        with self.reading() as session:
            infos = [_info(row, version) for row, version in session.execute(query)]
        return sorted(infos, key=lambda info: (info.name.casefold(), info.name))

    def scenario_versions(self, name: str) -> list[ScenarioInfo]:
        """Every saved version of ``name``, oldest first (empty if never saved)."""
        query = (
            select(ScenarioRow, ScenarioVersion)
            .join(ScenarioVersion, ScenarioVersion.scenario_id == ScenarioRow.id)
            .where(ScenarioRow.name == name, ScenarioRow.deleted_at.is_(None))
            .order_by(ScenarioVersion.version)
        )
        with self.reading() as session:
            return [_info(row, version) for row, version in session.execute(query)]

    def load_scenario(self, name: str, version: int | None = None) -> Scenario:
        """The saved scenario ``name`` (its newest version, or ``version``), validated again.

        Raises
        ------
        NotFound
            No such name or version.
        ScenarioError
            The stored scenario is no longer valid (the schema has changed since).
        """
        with self.reading() as session:
            stored = _version(session, name, version)
            return parse_stored(stored.scenario_json, f"{name} (version {stored.version})")

    def delete_scenario(self, name: str, *, actor: Actor) -> None:
        """Delete the saved scenario ``name`` with all its versions, reversibly.

        A planner may delete a scenario whose every version they saved; an administrator
        any. Runs of it keep their own copy of what they ran.

        Raises
        ------
        PermissionDenied
            Not theirs, or the role may not delete.
        NotFound
            No such saved scenario (or deleted already).
        """
        with self.writing() as session:
            row = session.scalars(
                select(ScenarioRow)
                .where(ScenarioRow.name == name, ScenarioRow.deleted_at.is_(None))
                .with_for_update()
            ).one_or_none()
            if row is None:
                raise NotFound(Phrase("store.thing.scenario", name=name))
            authors = _authors(session, row.id)
            require_delete(actor, authors[0] if len(authors) == 1 else None)
            delete_row(session, SCENARIO_KIND, row, actor, versions=_newest(session, row.id))


def _authors(session: Session, scenario_id: int) -> list[str]:
    """The distinct authors of a scenario's versions, in the order they first saved."""
    query = (
        select(ScenarioVersion.author)
        .where(ScenarioVersion.scenario_id == scenario_id)
        .order_by(ScenarioVersion.version)
    )
    return list(dict.fromkeys(session.scalars(query)))


def _newest(session: Session, scenario_id: int) -> int:
    query = select(func.max(ScenarioVersion.version)).where(
        ScenarioVersion.scenario_id == scenario_id
    )
    return session.scalar(query) or 0


def _version(session: Session, name: str, version: int | None) -> ScenarioVersion:
    query = (
        select(ScenarioVersion)
        .join(ScenarioRow, ScenarioVersion.scenario_id == ScenarioRow.id)
        .where(ScenarioRow.name == name, ScenarioRow.deleted_at.is_(None))
    )
    if version is None:
        query = query.order_by(ScenarioVersion.version.desc()).limit(1)
    else:
        query = query.where(ScenarioVersion.version == version)
    found = session.scalars(query).first()
    if found is None:
        if version is None:
            raise NotFound(Phrase("store.thing.scenario", name=name))
        raise NotFound(Phrase("store.thing.scenario_version", version=version, name=name))
    return found


SCENARIO_KIND = DeletableKind(
    kind="scenario",
    model=ScenarioRow,
    missing=lambda i: Phrase("store.thing.deleted_scenario", id=i),
    what=lambda row: Phrase("store.thing.scenario", name=row.name),
    target=lambda row: f"scenario:{row.name}",
    name=lambda row: row.name,
    label=lambda row: row.name,
    owner=lambda session, row: ", ".join(_authors(session, row.id)),
)
