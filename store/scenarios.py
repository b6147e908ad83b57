"""Saved scenarios: a name, and a version for every save of it.

Saving a name that exists needs ``replace=True`` (else :class:`NameTaken`: the UI asks
first) and adds a version; earlier versions are kept. ``expected_version`` is the version
the caller's copy was loaded from: if someone has saved since, :class:`Conflict`.
Two sessions saving the same new name at once: one wins, the other gets ``NameTaken``
(or ``Conflict``), and no row is lost (a unique name, the scenario row locked while a
version is added, and on SQLite one writer at a time).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sim.dataset import load_dataset
from sim.scenario import Scenario, ScenarioError, confine_data_dir, describe_errors
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
        text = scenario.model_dump_json()
    except ValueError:  # pydantic's serialisation errors are ValueErrors
        text = None
    problems = _read_back_problems(text, scenario, "da")
    if problems:
        raise StoreError(
            f"Scenariet '{scenario.name}' kan ikke gemmes, fordi det ikke kan læses igen: "
            + "; ".join(problems),
            f"The scenario '{scenario.name}' cannot be saved, because it cannot be read back: "
            + "; ".join(_read_back_problems(text, scenario, "en")),
        )
    return text


def _read_back_problems(text: str | None, scenario: Scenario, lang: str) -> list[str]:
    if text is None:
        return ["det kan ikke skrives som JSON" if lang == "da" else "it cannot be written as JSON"]
    try:
        again = confine_data_dir(Scenario.model_validate_json(text), lang)
    except ValidationError as error:
        return describe_errors(error, lang)
    except ScenarioError as error:
        return error.messages
    if again != scenario:
        return ["det læses tilbage anderledes" if lang == "da" else "it reads back differently"]
    return []


class ScenarioMethods(Database):
    """The scenario methods of :class:`store.api.Store`."""

    def save_scenario(
        self,
        scenario: Scenario,
        *,
        replace: bool = False,
        expected_version: int | None = None,
        author: str = "",
        description: str | None = None,
        data_hash: str | None = None,
    ) -> ScenarioInfo:
        """Save ``scenario`` under ``scenario.name`` as a new version.

        Parameters
        ----------
        scenario
            The validated scenario; stored as ``scenario.model_dump_json()``.
        replace
            Add a version to a name that exists already (without it: :class:`NameTaken`).
        expected_version
            The version the caller loaded (0 for a new name); None: not checked.
        author, description
            Who saves and what this version is; the description defaults to the scenario's.
        data_hash
            The content hash of the scenario's data folder; computed when not given.

        Returns
        -------
        ScenarioInfo
            The version saved.

        Raises
        ------
        NameTaken
            The name exists and ``replace`` is false.
        Conflict
            The newest version is not ``expected_version`` (someone saved meanwhile).
        NotFound
            ``expected_version`` is above 0 but the name has never been saved.
        """
        readable_json(scenario)  # first: what cannot be read back is never stored
        if data_hash is None:
            data_hash = load_dataset(scenario.resolve_data_dir()).content_hash
        for attempt in range(2):
            try:
                with self.writing() as session:
                    return self._add_version(
                        session, scenario, replace, expected_version, author, description, data_hash
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
        author: str,
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
                raise NotFound(f"Scenariet '{name}'", f"The scenario '{name}'")
            row = ScenarioRow(name=name, created_at=now)
            session.add(row)
            session.flush()
            current = 0
        else:
            current = _newest(session, row.id)
            if not replace:
                raise NameTaken(name, current)
            if expected_version is not None and expected_version != current:
                raise Conflict(name, current)
        version = ScenarioVersion(
            scenario_id=row.id,
            version=current + 1,
            description=scenario.description if description is None else description,
            author=author,
            created_at=now,
            scenario_json=scenario.model_dump_json(),
            data_dir=scenario.data_dir,
            data_hash=data_hash,
        )
        session.add(version)
        session.flush()
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
        )
        with self.reading() as session:
            infos = [_info(row, version) for row, version in session.execute(query)]
        return sorted(infos, key=lambda info: (info.name.casefold(), info.name))

    def scenario_versions(self, name: str) -> list[ScenarioInfo]:
        """Every saved version of ``name``, oldest first (empty if never saved)."""
        query = (
            select(ScenarioRow, ScenarioVersion)
            .join(ScenarioVersion, ScenarioVersion.scenario_id == ScenarioRow.id)
            .where(ScenarioRow.name == name)
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


def _newest(session: Session, scenario_id: int) -> int:
    query = select(func.max(ScenarioVersion.version)).where(
        ScenarioVersion.scenario_id == scenario_id
    )
    return session.scalar(query) or 0


def _version(session: Session, name: str, version: int | None) -> ScenarioVersion:
    query = (
        select(ScenarioVersion)
        .join(ScenarioRow, ScenarioVersion.scenario_id == ScenarioRow.id)
        .where(ScenarioRow.name == name)
    )
    if version is None:
        query = query.order_by(ScenarioVersion.version.desc()).limit(1)
    else:
        query = query.where(ScenarioVersion.version == version)
    found = session.scalars(query).first()
    if found is None:
        if version is None:
            raise NotFound(f"Scenariet '{name}'", f"The scenario '{name}'")
        raise NotFound(
            f"Version {version} af scenariet '{name}'",
            f"Version {version} of the scenario '{name}'",
        )
    return found
