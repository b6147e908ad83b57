"""Runs outside the script thread, in one queue, first come first served.

A run is keyed by what determines its result (the scenario without its name and
description, the data's hash, the model version), so the same scenario and seed is
computed once and then shown at once. Runs wait in one queue for the whole server, in the
order they were asked for, whoever asked (a page shows a run's place: :meth:`position`);
one dispatcher thread takes them in turn and feeds the shared pool of worker processes.
A session only sees the runs it started itself (their keys live in its session state).

Limits, enforced here whatever a page offers (settings, see ``kapacitet.example.toml``):
runs waiting or running per user (``max_runs_per_user``), sensitivity analyses per user
(``max_sweeps_per_user``), replications per run (``max_replications``). The app's own
baseline run (``ui.auth.SYSTEM``) is not limited.

Memory: a replication is summarised as it arrives (:func:`sim.analysis.compare.reduce_replication`:
its KPI tables and small frames, not its per-visit frames), and finished runs are kept in
memory up to ``run_memory_mb``, the oldest finished first out; an evicted run is loaded
again from the store (its result tables) when a page asks for it.

Crashes: each server process has an id (host, pid, start time) that its runs carry in the
store, with a heartbeat it renews every ``run_heartbeat_seconds``. When a registry is
created, runs left 'running' by a server that is gone (or whose heartbeat is older than
``run_stale_seconds``) are marked failed as "afbrudt" (:data:`store.runs.INTERRUPTED`);
they can be run again. The worker pool dies with its server (:mod:`sim.run.lifeline`).

Every run is recorded in the store; if the store cannot record it, the run is still shown
with what went wrong (:attr:`RunHandle.store_problem`), never silently.
"""

from __future__ import annotations

import collections
import datetime as dt
import functools
import hashlib
import logging
import tempfile
import threading
import time
from collections import OrderedDict
from concurrent.futures import BrokenExecutor, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

from sim.analysis.compare import (
    premises_by_month,
    reproduction_differences,
    run_tables,
    summarised,
)
from sim.analysis.costs import BASELINE_SCENARIO, comparison_baseline, cost_summary, same_model
from sim.analysis.kpis import kpi_table, sampling_margins, summarise
from sim.analysis.sweep import SweepCancelled, SweepResult, default_cache
from sim.analysis.verdict import verdict_table
from sim.inputs.dataset import scenario_data
from sim.inputs.scenario import PROJECT_ROOT, Scenario, ScenarioError, load_scenario
from sim.inputs.settings import whole_setting
from sim.model.horizon import simulated_days
from sim.reports.files import write_summary
from sim.run.experiment import (
    Experiment,
    Replication,
    default_workers,
    iter_runs,
    process_pool,
)
from sim.run.fingerprint import model_version
from sim.run.lifeline import process_alive, process_id
from sim.text.catalogue import Phrase, text
from store import depends_hash, open_store
from store.access import Actor, require
from store.errors import StoreError
from store.runs import INTERRUPTED
from ui.auth import SYSTEM

log = logging.getLogger(__name__)
KEEP_RUNS = 24  # at most this many runs in memory, whatever their size


@dataclass(frozen=True)
class Limits:
    """What one server allows (the settings of the same names)."""

    runs_per_user: int = 4
    sweeps_per_user: int = 1
    replications: int = 100
    memory_mb: float = 256
    heartbeat_seconds: float = 30
    stale_seconds: float = 300

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            runs_per_user=whole_setting("max_runs_per_user"),
            sweeps_per_user=whole_setting("max_sweeps_per_user"),
            replications=whole_setting("max_replications"),
            memory_mb=whole_setting("run_memory_mb"),
            heartbeat_seconds=whole_setting("run_heartbeat_seconds"),
            stale_seconds=whole_setting("run_stale_seconds"),
        )


class RunRefused(StoreError):
    """A run or sweep over a limit; the message (from the catalogue) says which."""

    def __init__(self, key: str, **values):
        super().__init__(Phrase(key, **values))


def run_key(scenario: Scenario, data_hash: str) -> str:
    """What determines the run's result (the store records the same hash)."""
    return depends_hash(scenario, data_hash)[:20]


def basis_of(scenario: Scenario) -> Scenario | None:
    """The Basis ``scenario`` is judged against (the shipped baseline with its horizon,
    seeds, fidelity and data), None when the scenario is Basis itself."""
    basis = comparison_baseline(scenario, load_scenario(PROJECT_ROOT / BASELINE_SCENARIO))
    return None if same_model(scenario, basis) else basis


def basis_key(scenario: Scenario, basis: Scenario, data_hash: str) -> str:
    """The key of Basis run on the days of ``scenario`` (:func:`simulated_days` of both):
    Basis's own key when those are its own days (then it is the shared Basis run)."""
    own = run_key(basis, data_hash)
    days = simulated_days(scenario, basis)
    if days == simulated_days(basis):
        return own
    dates = ",".join(day.date.isoformat() for day in days)
    return f"{own}-on-{hashlib.sha256(dates.encode()).hexdigest()[:12]}"


@dataclass(frozen=True)
class Reproduction:
    """A saved run made again (\"Kør igen\"): the run it repeats, which numbers differ
    (:func:`sim.analysis.compare.reproduction_differences`) and why they may."""

    run_id: int
    differences: list[tuple[str, str]]
    stored_model: str  # the model version that made the saved run
    model: str  # the model version that made it again
    same_data: bool

    @property
    def identical(self) -> bool:
        return not self.differences


@dataclass(eq=False)
class RunHandle:
    key: str
    scenario: Scenario
    data_hash: str
    total: int
    replications: list[Replication] = field(default_factory=list)
    started: float = field(default_factory=time.time)
    finished: float | None = None
    error: list[str] | None = None
    run_id: int | None = None  # the run in the store, once recorded
    owner: str = ""  # who started it
    queued: bool = False  # waiting for its turn
    began: float | None = None  # when its turn came
    store_problem: Exception | None = None  # why the store could not record it
    stored_tables: dict[str, pd.DataFrame] | None = None  # a run loaded from the store
    nbytes: int = 0  # memory its results take
    repeats: int | None = None  # the saved run this one makes again ("Kør igen")
    reproduction: Reproduction | None = None  # once done: did it give the same numbers?
    basis: RunHandle | None = None  # the Basis it is judged against (itself if it is Basis)
    fills: RunHandle | None = None  # a Basis run this run's job computes with it
    _summaries: dict = field(default_factory=dict)
    _data: object = None  # the data set, while it waits or runs

    @property
    def running(self) -> bool:
        return self.finished is None

    @property
    def done(self) -> int:
        return len(self.replications)

    def experiment(self) -> Experiment | None:
        """The replications completed so far (None before the first), summarised: their
        KPI tables and small frames, with their costs."""
        done = list(self.replications)
        if not done:
            return None
        return Experiment(self.scenario, self.data_hash, model_version(), done)

    def cached(self, key: tuple, make):
        """``make()`` once per ``key`` and number of replications done: a page that redraws
        every second while the run goes on recomputes (its tables, its figures) only when
        a replication arrived."""
        key = (*key, self.done)
        if key not in self._summaries:
            self._summaries[key] = make()
        return self._summaries[key]

    def summary(self, by: str | None = None) -> pd.DataFrame | None:
        """KPI summary (mean, 95% CI) over the replications done so far."""
        experiment = self.experiment()
        if experiment is None:
            return None
        return self.cached(("summary", by), lambda: summarise(kpi_table(experiment, by)))

    def sampling_margins(self) -> pd.Series | None:
        """Per KPI, the part of its CI that comes from sampled days (empty at every day)."""
        experiment = self.experiment()
        if experiment is None:
            return None
        return self.cached(("sampling",), lambda: sampling_margins(experiment))

    def costed(self) -> Experiment:
        """The finished run with its cost frames (attached as each replication came)."""
        return self.experiment()

    def premises_by_month(self) -> pd.DataFrame:
        """Per premises and month: the mean over replications of the month's highest peak
        of people present or waiting divided by the capacity."""
        return self.cached(("premises_by_month",), self._premises_by_month)

    def _premises_by_month(self) -> pd.DataFrame:
        if self.stored_tables is not None:
            worst = self.stored_tables["premises_by_month"]
        else:
            worst = premises_by_month(self.experiment())
        means = worst.groupby(["premises", "month"], as_index=False)["peak_ratio"].mean()
        return means.rename(columns={"peak_ratio": "ratio"})

    def cost_summary(self, lang: str) -> pd.DataFrame:
        return self.cached(("costs", lang), lambda: cost_summary(self.costed(), "year", lang))

    def verdicts(self) -> pd.DataFrame | None:
        """The verdict per budget year against Basis (:func:`sim.analysis.verdict.verdict_table`),
        once both are done (None for Basis itself: it is the reference); a run loaded from
        the store gives the table stored with it."""
        if self.running or self.error:
            return None
        return self.verdicts_now()

    def verdicts_now(self) -> pd.DataFrame | None:
        """:meth:`verdicts` of the replications done (the run's job stores them)."""
        if self.stored_tables is not None and "verdicts" in self.stored_tables:
            return self.stored_tables["verdicts"]
        basis = self.basis
        if basis is None or basis is self or basis.error or not self.replications:
            return None  # Basis itself is the reference, not judged
        if basis.running or len(basis.replications) != self.done:
            return None
        return self.cached(
            ("verdicts", basis.key), lambda: verdict_table(self.costed(), basis.costed())
        )

    def workbook(self, lang: str) -> bytes:
        """The results as an Excel workbook (made once per language, when the run is done),
        from the summarised replications."""

        def make() -> bytes:
            with tempfile.TemporaryDirectory() as folder:
                paths = write_summary(self.experiment(), folder, lang, verdicts=self.verdicts())
                return Path(paths["xlsx"]).read_bytes()

        return self.cached(("xlsx", lang), make)

    @classmethod
    def from_store(cls, key: str, info, tables: dict[str, pd.DataFrame]) -> RunHandle:
        """A finished run as its stored result tables give it back (what the results page
        shows: the KPIs overall, by month, area and premises, the costs per year)."""
        by_name = {None: "kpis", "month": "kpis_by_month", "area": "kpis_by_area"}
        by_name["premises"] = "kpis_by_premises"
        costs = tables["costs_by_year"]
        costs = costs[costs["line"] != "total"]  # sim.analysis.costs.cost_table adds it again
        replications = []
        for index, seed in enumerate(info.seeds):
            kpis = {}
            for by, name in by_name.items():
                table = tables[name]
                table = table[table["replication"] == index].drop(columns=["seed"])
                kpis[by] = table.reset_index(drop=True)
            frames = {"costs": costs[costs["replication"] == index].drop(columns=["seed"])}
            replications.append(Replication(index, seed, frames, kpis))
        handle = cls(
            key,
            info.scenario,
            info.data_hash,
            len(info.seeds),
            replications,
            started=info.started_at.timestamp(),
            finished=(info.finished_at or info.started_at).timestamp(),
            run_id=info.id,
            owner=info.owner,
            stored_tables=tables,
        )
        handle.nbytes = sum(r.nbytes for r in replications)
        return handle


class RunRegistry:
    """All runs of this server process, most recent last, their queue and the worker pool."""

    def __init__(self, limits: Limits | None = None, pool=None):
        """``limits`` default to the settings; ``pool`` makes the worker pool (default: a
        forkserver process pool of :func:`default_workers`; tests give another)."""
        self.limits = limits or Limits.from_settings()
        self._make_pool = pool or (
            # the workers summarise each replication: sim.analysis (and SciPy) loaded first
            lambda: process_pool(default_workers(), "forkserver", ("sim.analysis.compare",))
        )
        self.server_id = process_id()
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._runs: OrderedDict[str, RunHandle] = OrderedDict()
        self._queue: collections.deque[RunHandle] = collections.deque()
        self._evicted: dict[str, int] = {}  # key -> stored run id
        self._sweeps: dict[str, SweepHandle] = {}
        self._pool = None
        self._pool_ready = threading.Event()
        self._pool_error: Exception | None = None
        self._threads_started = False
        self.interrupted: list[int] = []  # runs of stopped servers marked "afbrudt"
        self.store_problem: Exception | None = None
        self._recover()

    # ---- the worker pool and the threads that live as long as the server ---------------

    def _start_threads(self) -> None:
        with self._lock:
            if self._threads_started:
                return
            self._threads_started = True
        # the pool is made on the dispatcher thread, which never ends: the fork server's
        # kill signal is tied to the thread that started it (sim.run.lifeline)
        threading.Thread(target=self._dispatch, daemon=True, name="run-queue").start()
        threading.Thread(target=self._heartbeat, daemon=True, name="run-heartbeat").start()

    def warm(self) -> None:
        """Start the dispatcher and the worker pool (in the background) before a run needs
        them: a fresh server's first Kør does not wait for the workers to start."""
        self._start_threads()

    @property
    def executor(self):
        """The shared worker pool (started with the dispatcher on first use)."""
        self._start_threads()
        self._pool_ready.wait()
        if self._pool_error is not None:
            raise self._pool_error
        return self._pool

    def _start_pool(self) -> None:
        """Make the worker pool, on the dispatcher thread (the workers' lifeline is tied to
        it); forkserver: the server process has threads, and forking those is unsafe."""
        try:
            self._pool = self._make_pool()
        except Exception as error:  # every run then fails with it
            log.exception("the worker pool could not start")
            self._pool_error = error

    def _dispatch(self) -> None:
        try:
            self._start_pool()
        finally:
            self._pool_ready.set()
        while True:
            with self._wake:
                while not self._queue:
                    self._wake.wait()
                handle = self._queue.popleft()
                handle.queued = False
                handle.began = time.time()
            self._renew_broken_pool()
            try:
                self._work(handle)
            except Exception:  # the queue goes on with the next run
                log.exception("run %s could not be worked", handle.key)
                handle.finished = handle.finished or time.time()

    def _renew_broken_pool(self) -> None:
        """A pool whose worker died (killed, or out of memory) takes no more work: make a
        new one before the next run."""
        if not isinstance(self._pool, ProcessPoolExecutor) or not self._pool._broken:
            return
        log.warning("a worker process died: the worker pool is made anew")
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._start_pool()

    def _heartbeat(self) -> None:
        while True:
            time.sleep(max(1.0, self.limits.heartbeat_seconds))
            with self._lock:
                ids = [h.run_id for h in self._runs.values() if h.running and h.run_id]
            if ids:
                _record(lambda s, ids=ids: s.heartbeat(ids, self.server_id))

    def _recover(self) -> None:
        """Mark the runs of stopped servers "afbrudt" (interrupted)."""
        stale = dt.timedelta(seconds=self.limits.stale_seconds)
        interrupted, self.store_problem = _record(
            lambda s: s.interrupt_stale_runs(self.server_id, process_alive, stale)
        )
        self.interrupted = interrupted or []
        if self.interrupted:
            log.warning("runs %s were left by a stopped server: marked afbrudt", self.interrupted)

    # ---- runs -----------------------------------------------------------------------------

    def get(self, key: str | None) -> RunHandle | None:
        """The run of ``key`` (loaded again from the store if it left memory)."""
        if not key:
            return None
        with self._lock:
            handle = self._runs.get(key)
            run_id = self._evicted.get(key)
        if handle is not None or run_id is None:
            return handle
        handle = self._load(key, run_id)
        if handle is not None:
            with self._lock:
                self._runs[key] = handle
                self._evict()
        return handle

    def _load(self, key: str, run_id: int) -> RunHandle | None:
        try:
            store = open_store()
            handle = RunHandle.from_store(key, store.load_run(run_id), store.run_tables(run_id))
            if basis_of(handle.scenario) is None:
                handle.basis = handle
            return handle
        except Exception:  # then it is run again when asked
            log.exception("run %s could not be loaded from the store", run_id)
            return None

    def position(self, handle: RunHandle) -> int | None:
        """The run's place in the queue (1: next), None when it is not waiting."""
        with self._lock:
            for place, waiting in enumerate(self._queue, start=1):
                if waiting is handle:
                    return place
        return None

    def start(
        self, scenario: Scenario, *, actor: Actor, repeat: int | None = None
    ) -> tuple[RunHandle, bool]:
        """Queue a run (or return the existing one for the same inputs, and True).

        ``repeat``: the id of a saved run to make again from scratch, whatever is in
        memory or the store; when it is done, its ``reproduction`` says whether it gave
        the saved numbers. Refused (:class:`RunRefused`) over the user's limits; the app's
        own runs (``ui.auth.SYSTEM``) have none."""
        require(actor, "run")
        data = scenario_data(scenario)
        key = run_key(scenario, data.content_hash)
        basis = basis_of(scenario)
        found_basis = None
        if basis is not None:
            basis_run = basis_key(scenario, basis, data.content_hash)
            found_basis = self._recall(basis_run, basis, data.content_hash)
        if repeat is not None:
            key = f"{key}-again-{time.time_ns()}"
        else:  # a finished run that left memory comes back from the store
            self._recall(key, scenario, data.content_hash, shared=basis is None)
        fills = None
        with self._lock:
            existing = self._runs.get(key)
            if existing is not None and not existing.error:
                self._runs.move_to_end(key)
                if existing.basis is None:
                    existing.basis = existing if basis is None else found_basis
                return existing, True
            if actor != SYSTEM:
                self._check_limits(scenario, actor)
            handle = RunHandle(
                key,
                scenario,
                data.content_hash,
                scenario.replications,
                owner=actor.name,
                repeats=repeat,
            )
            handle.queued = True
            handle._data = data
            if basis is None:
                handle.basis = handle
            else:
                found_basis = self._runs.get(basis_run)
                if found_basis is None or found_basis.error:  # computed with the scenario
                    found_basis = fills = RunHandle(
                        basis_run, basis, data.content_hash, basis.replications, owner=SYSTEM.name
                    )
                    fills.queued = True
                    self._runs[basis_run] = fills
                    self._evicted.pop(basis_run, None)
                handle.basis, handle.fills = found_basis, fills
            self._runs[key] = handle
            self._evicted.pop(key, None)
        handle.run_id, handle.store_problem = _record(
            lambda s: s.start_run(
                handle.scenario, handle.data_hash, owner=handle.owner, server_id=self.server_id
            )
        )
        if fills is not None and fills.key == run_key(basis, data.content_hash):
            # the shared Basis is kept in the store for every session and server after
            fills.run_id, fills.store_problem = _record(
                lambda s: s.start_run(
                    basis, fills.data_hash, owner=SYSTEM.name, server_id=self.server_id
                )
            )
        self._start_threads()
        with self._wake:
            self._queue.append(handle)
            self._wake.notify()
            self._evict()
        return handle, False

    def _recall(
        self, key: str, scenario: Scenario, data_hash: str, shared: bool = True
    ) -> RunHandle | None:
        """The finished run of ``key``: in memory, loaded again from the store if it left
        memory, or (``shared``: a Basis run, the same for everyone) a finished run of the
        same inputs another server stored."""
        handle = self.get(key)
        if handle is not None or not shared or "-on-" in key:
            return handle
        try:
            found = open_store().list_runs(
                depends_hash=depends_hash(scenario, data_hash), status="done", limit=1
            )
        except Exception:  # then it is computed again
            log.exception("the store could not be searched for run %s", key)
            return None
        if not found:
            return None
        handle = self._load(key, found[0].id)
        if handle is not None:
            with self._lock:
                if key not in self._runs:
                    self._runs[key] = handle
                    self._evict()
                handle = self._runs[key]
        return handle

    def _check_limits(self, scenario: Scenario, actor: Actor) -> None:
        limits = self.limits
        if scenario.replications > limits.replications:
            raise RunRefused("runs.too_many_replications", limit=limits.replications)
        mine = sum(h.running and h.owner == actor.name for h in self._runs.values())
        if mine >= limits.runs_per_user:
            raise RunRefused("runs.too_many_runs", limit=limits.runs_per_user)

    def _evict(self) -> None:
        """Let go of finished runs, oldest first, while the runs in memory take more than
        the memory limit or are more than :data:`KEEP_RUNS` (called holding the lock)."""
        limit = self.limits.memory_mb * 2**20
        total = sum(h.nbytes for h in self._runs.values())
        for key in list(self._runs):
            if total <= limit and len(self._runs) <= KEEP_RUNS:
                break
            handle = self._runs[key]
            if handle.running:
                continue
            del self._runs[key]
            total -= handle.nbytes
            if handle.run_id is not None and not handle.error and not handle.store_problem:
                self._evicted[key] = handle.run_id

    def memory(self) -> int:
        """Bytes the runs in memory take (their summarised replications)."""
        with self._lock:
            return sum(h.nbytes for h in self._runs.values())

    def _work(self, handle: RunHandle) -> None:
        data, handle._data = handle._data, None
        fills = handle.fills
        together = [h for h in (handle, fills) if h is not None]
        if fills is not None:
            fills.queued, fills.began = False, handle.began
        try:
            executor = self.executor
            # each replication is summarised in the worker that computed it: its
            # per-visit frames never reach this process
            reduces = [
                functools.partial(
                    summarised, h.scenario.model_dump_json(), str(data.directory), data.content_hash
                )
                for h in together
            ]
            shown_early: list[Replication] = []

            def early(replication: Replication) -> None:  # the scenario's first results
                shown_early.append(replication)
                handle.replications.append(replication)
                handle.nbytes += replication.nbytes

            for reduced in iter_runs(
                [h.scenario for h in together],
                data,
                executor=executor,
                reduces=reduces,
                reuse=handle.repeats is None,  # "Kør igen" simulates every day again
                early=early,
            ):
                for h, replication in zip(together, reduced, strict=True):
                    if h is handle and any(replication is r for r in shown_early):
                        continue  # handed over already
                    h.replications.append(replication)
                    h.nbytes += replication.nbytes
            if fills is not None and fills.run_id is not None:
                basis_tables = run_tables(fills.costed(), data)
                _, fills.store_problem = _record(lambda s: s.finish_run(fills.run_id, basis_tables))
            if fills is not None:
                fills.finished = time.time()
            if handle.run_id is not None or handle.repeats is not None:
                tables = run_tables(handle.costed(), data)
                verdicts = handle.verdicts_now()  # against Basis, stored with the run
                if verdicts is not None:
                    tables["verdicts"] = verdicts
            if handle.run_id is not None:
                _, handle.store_problem = _record(lambda s: s.finish_run(handle.run_id, tables))
            if handle.repeats is not None:
                handle.reproduction, problem = _record(
                    lambda s: _reproduction(s, handle.repeats, tables, handle.data_hash)
                )
                handle.store_problem = handle.store_problem or problem
        except ScenarioError as error:
            handle.error = error.messages
        except BrokenExecutor:  # a worker died under the run; the next run gets a new pool
            log.exception("run %s lost a worker", handle.key)
            handle.error = [text("runs.worker_died", "da")]
        except Exception as error:  # shown to the user as a message
            if not threading.main_thread().is_alive():  # the server is stopping
                handle.error = [INTERRUPTED]  # as a stopped server's runs are marked
            else:
                log.exception("run %s failed", handle.key)
                handle.error = [f"{type(error).__name__}: {error}"]
        finally:
            for h in together:
                if handle.error and h.finished is None:
                    h.error = handle.error
                if h.error and h.run_id is not None:
                    _record(lambda s, h=h: s.fail_run(h.run_id, h.error))
                h.finished = h.finished or time.time()
            with self._lock:
                self._evict()

    # ---- sweeps ---------------------------------------------------------------------------

    def start_sweep(self, kind: str, base: Scenario, sweep, *, actor: Actor) -> SweepHandle:
        """Start ``sweep`` (a function of progress, cancel, executor and cache, e.g. a
        partial :func:`sim.analysis.sweep.run_sensitivity`) on the shared worker pool (refused over
        the user's limit of sweeps at once)."""
        require(actor, "sweep")
        data = scenario_data(base)
        key = f"sweep-{time.time_ns()}"
        handle = SweepHandle(key, kind, base, owner=actor.name)
        with self._lock:
            mine = sum(s.running and s.owner == actor.name for s in self._sweeps.values())
            if actor != SYSTEM and mine >= self.limits.sweeps_per_user:
                raise RunRefused("runs.too_many_sweeps", limit=self.limits.sweeps_per_user)
            self._sweeps[key] = handle
        threading.Thread(
            target=lambda: _sweep(handle, sweep, data, self.executor), daemon=True, name=key
        ).start()
        return handle

    def sweep(self, key: str | None) -> SweepHandle | None:
        with self._lock:
            return self._sweeps.get(key) if key else None


@dataclass(eq=False)
class SweepHandle:
    """A sensitivity analysis or grid sweep running in the background."""

    key: str
    kind: str  # "one-at-a-time" or "grid"
    base: Scenario
    owner: str = ""  # who started it
    total: int = 0
    done: int = 0
    cancel: threading.Event = field(default_factory=threading.Event)
    result: SweepResult | None = None
    error: list[str] | None = None
    cancelled: bool = False
    finished: float | None = None
    run_ids: list[int] = field(default_factory=list)  # each point, stored like a run
    store_problem: Exception | None = None  # why the store could not record a point

    @property
    def running(self) -> bool:
        return self.finished is None

    def progress(self, done: int, total: int) -> None:
        self.done, self.total = done, total


def _sweep(handle: SweepHandle, sweep, data, executor) -> None:
    """Run ``sweep(progress=, cancel=, executor=, cache=)`` for ``handle`` and store each
    point's per-replication KPIs as a run of its scenario."""
    try:
        handle.result = sweep(
            progress=handle.progress, cancel=handle.cancel, executor=executor, cache=default_cache()
        )
        for point in handle.result.points:
            seeds = dict(enumerate(point.seeds))
            kpis = point.kpis.assign(seed=point.kpis["replication"].map(seeds))
            run_id, problem = _record(
                lambda s, p=point: s.start_run(
                    p.scenario, data.content_hash, seeds=p.seeds, owner=handle.owner
                )
            )
            if run_id is not None:
                _, problem = _record(lambda s, r=run_id, k=kpis: s.finish_run(r, {"kpis": k}))
                handle.run_ids.append(run_id)
            handle.store_problem = handle.store_problem or problem
    except SweepCancelled:
        handle.cancelled = True
    except ScenarioError as error:
        handle.error = error.messages
    except Exception as error:  # shown to the user as a message
        log.exception("sweep %s failed", handle.key)
        handle.error = [f"{type(error).__name__}: {error}"]
    finally:
        handle.finished = time.time()


def _reproduction(store, run_id: int, tables: dict, data_hash: str) -> Reproduction:
    """How the result ``tables`` of a run made again compare with saved run ``run_id``."""
    info = store.load_run(run_id)
    differences = reproduction_differences(tables, store.run_tables(run_id))
    return Reproduction(
        run_id, differences, info.model_version, model_version(), info.data_hash == data_hash
    )


def _record(action) -> tuple[object, Exception | None]:
    """Write to the store: (what ``action(store)`` gave, None), or (None, the error) when
    the store fails — logged, and said on the page (the run itself is still shown)."""
    try:
        return action(open_store()), None
    except Exception as error:  # the run is still shown, with this
        log.exception("the store could not record a run")
        return None, error


@st.cache_resource
def registry() -> RunRegistry:
    return RunRegistry()
