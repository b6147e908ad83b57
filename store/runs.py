"""Runs and their result tables.

A run records what it ran (the scenario JSON itself, always, and the saved version it
came from, if any), on what (the data's hash, the model version) and how (seeds,
replications, fidelity), and ends ``done`` with its tables or ``failed`` with the error.
Its ``depends_hash`` names everything that determines the result: the same hash means
the same numbers (see :func:`depends_hash`).

A run records its ``owner`` (who started it; the app's run registry checks the role
first) and its start is in the audit trail. A deleted run vanishes from lists and loads;
its owner (a planner) or an administrator deletes it, an administrator restores it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import pandas as pd
from sqlalchemy import select

from sim.inputs.scenario import Scenario
from sim.inputs.settings import whole_setting
from sim.run.fingerprint import model_version as current_model
from sim.text.catalogue import Phrase, text
from store.access import Actor, DeletableKind, delete_row, require_delete
from store.audit import record
from store.core import Database
from store.errors import NotFound
from store.frames import frame_from_json, frame_to_json
from store.models import AuditEntry, RunRow, RunTable, ScenarioVersion, utcnow
from store.scenarios import _version, parse_stored

MAX_TABLE_NAME = 100
# the error of a run whose server stopped before it ended (see interrupt_stale_runs)
INTERRUPTED = "afbrudt"


def depends_hash(scenario: Scenario, data_hash: str, model_version: str | None = None) -> str:
    """SHA-256 (hex) of what determines a run's result: the scenario without its name and
    description, the data's content hash and the model version (default: this one).

    ``ui.runs.run_key`` is the first 20 characters of it.
    """
    content = scenario.model_dump(mode="json", exclude={"name", "description"})
    text = json.dumps([content, data_hash, model_version or current_model()], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class RunInfo:
    """A run as stored; ``scenario`` is the scenario it ran (validated when first read)."""

    id: int
    scenario_name: str
    saved_version: int | None  # the saved scenario version it ran, None for a draft
    scenario_json: str
    model_version: str
    data_hash: str
    depends_hash: str
    seeds: list[int]
    replications: int
    fidelity: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    status: str  # 'running', 'done' or 'failed'
    error: str | None
    table_names: tuple[str, ...]
    owner: str = ""  # who started it
    server_id: str | None = None  # the server process that runs (or ran) it
    heartbeat_at: dt.datetime | None = None  # when that server last said it still runs

    @property
    def interrupted(self) -> bool:
        """Whether its server stopped before the run ended (it can be run again)."""
        return self.status == "failed" and self.error == INTERRUPTED

    @cached_property
    def scenario(self) -> Scenario:
        """The scenario (:class:`ScenarioError` if it no longer validates)."""
        return parse_stored(self.scenario_json, f"run {self.id}")


def run_staleness(
    run: RunInfo, data_hash: str, model_version: str | None = None, lang: str = "da"
) -> list[str]:
    """What has changed since ``run``, in ``lang`` ("da" or "en"); empty if nothing.

    Parameters
    ----------
    run
        The stored run.
    data_hash
        The content hash of the data the scenario would run on now.
    model_version
        The model version now (default: :func:`sim.run.fingerprint.model_version`).
    """
    model_version = model_version or current_model()
    messages = []
    if run.data_hash != data_hash:
        messages.append(text("run.stale.data", lang, old=run.data_hash[:8], new=data_hash[:8]))
    if run.model_version != model_version:
        messages.append(text("run.stale.model", lang, old=run.model_version, new=model_version))
    return messages


class RunMethods(Database):
    """The run methods of :class:`store.api.Store`."""

    def start_run(
        self,
        scenario: Scenario,
        data_hash: str,
        *,
        saved_version: int | None = None,
        seeds: Sequence[int] | None = None,
        model_version: str | None = None,
        started_at: dt.datetime | None = None,
        owner: str = "",
        server_id: str | None = None,
    ) -> int:
        """Record that a run of ``scenario`` has started; returns the run's id.

        Parameters
        ----------
        scenario
            What is run (stored on the run, so a run of an unsaved draft is complete).
        data_hash
            The content hash of the data it runs on.
        saved_version
            The saved version of ``scenario.name`` this is (it must be the same scenario);
            None for a draft.
        seeds
            The replications' seeds (default: ``scenario.replication_seeds()``); their
            number is the number of replications.
        model_version
            Default :func:`sim.run.fingerprint.model_version`.
        started_at
            Default now (timezone-aware).
        owner
            Who started it (their name; the caller has checked their role).
        server_id
            The server process that runs it; it renews the run's ``heartbeat_at``
            (:meth:`heartbeat`) until the run ends.
        """
        seeds = list(scenario.replication_seeds() if seeds is None else seeds)
        model_version = model_version or current_model()
        text = scenario.model_dump_json()
        with self.writing() as session:
            version_id = None
            if saved_version is not None:
                stored = _version(session, scenario.name, saved_version)
                if stored.scenario_json != text:
                    raise ValueError(
                        f"the scenario differs from saved version {saved_version} "
                        f"of '{scenario.name}'"
                    )
                version_id = stored.id
            started_at = started_at or utcnow()
            row = RunRow(
                scenario_version_id=version_id,
                scenario_name=scenario.name,
                scenario_json=text,
                model_version=model_version,
                data_hash=data_hash,
                depends_hash=depends_hash(scenario, data_hash, model_version),
                seeds=[int(seed) for seed in seeds],
                replications=len(seeds),
                fidelity=scenario.fidelity,
                started_at=started_at,
                finished_at=None,
                status="running",
                error=None,
                owner=owner,
                server_id=server_id,
                heartbeat_at=started_at if server_id else None,
            )
            session.add(row)
            session.flush()
            record(
                session,
                owner,
                "run",
                f"run:{row.id}",
                {"name": scenario.name, "replications": len(seeds), "fidelity": scenario.fidelity},
            )
            return row.id

    def finish_run(
        self,
        run_id: int,
        tables: Mapping[str, pd.DataFrame],
        finished_at: dt.datetime | None = None,
    ) -> None:
        """Store the run's result tables and mark it done, all in one transaction.

        If any table cannot be stored, nothing is: the run stays 'running' (call
        :meth:`fail_run`) and the error (``TypeError`` naming the table and column) is
        raised.

        Parameters
        ----------
        run_id
            A run that is 'running'.
        tables
            The results by name (the caller's choice, e.g. 'kpis', 'kpis_by_month').
        """
        for name in tables:
            if not isinstance(name, str) or not 0 < len(name) <= MAX_TABLE_NAME:
                raise ValueError(f"a table name must be text of 1 to {MAX_TABLE_NAME} characters")
        with self.writing() as session:
            row = self._running(session, run_id)
            for name, frame in tables.items():
                try:
                    payload = frame_to_json(frame)
                except TypeError as error:
                    raise TypeError(f"run {run_id}, table {name!r}: {error}") from error
                session.add(RunTable(run_id=run_id, name=name, payload=payload))
                session.flush()
            row.status = "done"
            row.finished_at = finished_at or utcnow()

    def fail_run(
        self, run_id: int, error: str | Sequence[str], finished_at: dt.datetime | None = None
    ) -> None:
        """Mark a running run failed with ``error`` (a message, or messages one a line)."""
        text = error if isinstance(error, str) else "\n".join(error)
        with self.writing() as session:
            row = self._running(session, run_id)
            row.status = "failed"
            row.error = text
            row.finished_at = finished_at or utcnow()

    def heartbeat(
        self, run_ids: Sequence[int], server_id: str, at: dt.datetime | None = None
    ) -> int:
        """Say that ``server_id`` still runs ``run_ids`` (those of them still running and
        its own); returns how many were renewed."""
        if not run_ids:
            return 0
        at = at or utcnow()
        with self.writing() as session:
            rows = session.scalars(
                select(RunRow).where(
                    RunRow.id.in_(list(run_ids)),
                    RunRow.status == "running",
                    RunRow.server_id == server_id,
                )
            ).all()
            for row in rows:
                row.heartbeat_at = at
            return len(rows)

    def interrupt_stale_runs(
        self,
        server_id: str,
        alive: Callable[[str | None], bool | None],
        stale_after: dt.timedelta,
        now: dt.datetime | None = None,
    ) -> list[int]:
        """Mark failed, with the error :data:`INTERRUPTED`, the runs left 'running' by a
        server that has stopped: one ``alive(server_id)`` says is gone (False), or whose
        last heartbeat (or start) is older than ``stale_after``. The runs of
        ``server_id`` (the caller) are left alone. Returns their ids."""
        now = now or utcnow()
        cutoff = now - stale_after
        stopped = []
        with self.writing() as session:
            rows = session.scalars(
                select(RunRow).where(RunRow.status == "running").with_for_update()
            ).all()
            for row in rows:
                if row.server_id == server_id and server_id:
                    continue
                beat = row.heartbeat_at or row.started_at
                if alive(row.server_id) is False or beat < cutoff:
                    row.status = "failed"
                    row.error = INTERRUPTED
                    row.finished_at = now
                    stopped.append(row.id)
        return stopped

    @staticmethod
    def _running(session, run_id: int) -> RunRow:
        row = session.get(RunRow, run_id, with_for_update=True)
        if row is None:
            raise NotFound(Phrase("store.thing.run", id=run_id))
        if row.status != "running":
            raise ValueError(f"run {run_id} is {row.status}, not running")
        return row

    def list_runs(
        self,
        *,
        scenario_name: str | None = None,
        status: str | None = None,
        depends_hash: str | None = None,
        limit: int | None = 100,
    ) -> list[RunInfo]:
        """Runs, newest first, optionally only of one scenario name, status or
        ``depends_hash`` (e.g. a finished run with the same inputs: reuse its results)."""
        query = (
            select(RunRow)
            .where(RunRow.deleted_at.is_(None))
            .order_by(RunRow.id.desc())
            .limit(limit)
        )
        if scenario_name is not None:
            query = query.where(RunRow.scenario_name == scenario_name)
        if status is not None:
            query = query.where(RunRow.status == status)
        if depends_hash is not None:
            query = query.where(RunRow.depends_hash == depends_hash)
        with self.reading() as session:
            rows = list(session.scalars(query))
            return self._infos(session, rows)

    def load_run(self, run_id: int) -> RunInfo:
        """The run ``run_id`` (its ``scenario`` is the scenario it ran)."""
        with self.reading() as session:
            row = session.get(RunRow, run_id)
            if row is None or row.deleted_at is not None:
                raise NotFound(Phrase("store.thing.run", id=run_id))
            return self._infos(session, [row])[0]

    def run_tables(
        self, run_id: int, names: Sequence[str] | None = None
    ) -> dict[str, pd.DataFrame]:
        """The result tables of a run by name (all, or those of ``names`` it has)."""
        query = select(RunTable.name, RunTable.payload).where(RunTable.run_id == run_id)
        if names is not None:
            query = query.where(RunTable.name.in_(list(names)))
        with self.reading() as session:
            row = session.get(RunRow, run_id)
            if row is None or row.deleted_at is not None:
                raise NotFound(Phrase("store.thing.run", id=run_id))
            stored = {name: payload for name, payload in session.execute(query)}
        order = sorted(stored) if names is None else [name for name in names if name in stored]
        return {name: frame_from_json(stored[name]) for name in order}

    def delete_run(self, run_id: int, *, actor: Actor) -> None:
        """Delete a run reversibly (the planner who started it, or an administrator)."""
        with self.writing() as session:
            row = session.get(RunRow, run_id, with_for_update=True)
            if row is None or row.deleted_at is not None:
                raise NotFound(Phrase("store.thing.run", id=run_id))
            require_delete(actor, row.owner)
            delete_row(session, RUN_KIND, row, actor)

    # ---- retention (run_retention_days) -------------------------------------------------

    def retire_old_runs(
        self, *, days: int | None = None, now: dt.datetime | None = None, actor_name="system"
    ) -> int:
        """Delete (reversibly, as ``actor_name``, each in the audit trail) the runs that
        started more than ``days`` days before ``now``; returns how many.

        ``days`` defaults to the setting ``run_retention_days`` (180); 0 keeps every run.
        Runs still running are left alone, and so is a run an administrator restored (it
        was wanted). Deleted runs are purged 30 days later like any other deleted work
        (:meth:`store.api.Store.purge`), so var/ stops growing. There are no saved
        comparisons yet; when there are, the runs they show are to be kept too.
        """
        days = whole_setting("run_retention_days") if days is None else days
        if days <= 0:
            return 0
        cutoff = (now or utcnow()) - dt.timedelta(days=days)
        with self.writing() as session:
            restored = set(
                session.scalars(
                    select(AuditEntry.target).where(
                        AuditEntry.action == "restore", AuditEntry.target.like("run:%")
                    )
                )
            )
            rows = [
                row
                for row in session.scalars(
                    select(RunRow)
                    .where(
                        RunRow.deleted_at.is_(None),
                        RunRow.status != "running",
                        RunRow.started_at < cutoff,
                    )
                    .with_for_update()
                )
                if f"run:{row.id}" not in restored
            ]
            stamp = utcnow()
            for row in rows:
                row.deleted_at = stamp
                row.deleted_by = actor_name
                record(
                    session,
                    actor_name,
                    "delete",
                    f"run:{row.id}",
                    {
                        "kind": "run",
                        "id": row.id,
                        "name": row.scenario_name,
                        "reason": "retention",
                        "days": days,
                    },
                )
            return len(rows)

    @staticmethod
    def _infos(session, rows: list[RunRow]) -> list[RunInfo]:
        ids = [row.id for row in rows]
        names: dict[int, list[str]] = {run_id: [] for run_id in ids}
        versions: dict[int, int] = {}
        if ids:
            for run_id, name in session.execute(
                select(RunTable.run_id, RunTable.name)
                .where(RunTable.run_id.in_(ids))
                .order_by(RunTable.name)
            ):
                names[run_id].append(name)
            version_ids = {row.scenario_version_id for row in rows} - {None}
            if version_ids:
                query = select(ScenarioVersion.id, ScenarioVersion.version).where(
                    ScenarioVersion.id.in_(version_ids)
                )
                versions = {version_id: number for version_id, number in session.execute(query)}
        return [
            RunInfo(
                id=row.id,
                scenario_name=row.scenario_name,
                saved_version=versions.get(row.scenario_version_id),
                scenario_json=row.scenario_json,
                model_version=row.model_version,
                data_hash=row.data_hash,
                depends_hash=row.depends_hash,
                seeds=list(row.seeds),
                replications=row.replications,
                fidelity=row.fidelity,
                started_at=row.started_at,
                finished_at=row.finished_at,
                status=row.status,
                error=row.error,
                table_names=tuple(names[row.id]),
                owner=row.owner,
                server_id=row.server_id,
                heartbeat_at=row.heartbeat_at,
            )
            for row in rows
        ]


RUN_KIND = DeletableKind(
    kind="run",
    model=RunRow,
    missing=lambda i: Phrase("store.thing.deleted_run", id=i),
    what=lambda row: Phrase("store.thing.run", id=row.id),
    target=lambda row: f"run:{row.id}",
    name=lambda row: row.scenario_name,
    label=lambda row: f"#{row.id} {row.scenario_name}",
    owner=lambda session, row: row.owner,
    columns=("scenario_name", "owner"),
)
