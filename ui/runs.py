"""Runs outside the script thread.

A run is keyed by what determines its result (the scenario without its name and
description, the data's hash, the model version), so the same scenario and seed is
computed once and then shown at once. Runs execute in a background thread that feeds a
shared pool of worker processes; the page polls the run's progress. A session only sees
the runs it started itself (their keys live in its session state).
"""

from __future__ import annotations

import logging
import tempfile
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd
import streamlit as st

from sim.compare import run_tables
from sim.costs import attach_costs, budget_verdicts, cost_summary
from sim.dataset import scenario_data
from sim.experiment import Experiment, Replication, default_workers, iter_replications, process_pool
from sim.fingerprint import model_version
from sim.report import write_summary
from sim.results import kpi_table, summarise
from sim.scenario import Scenario, ScenarioError
from sim.sweep import SweepCancelled, SweepResult, default_cache
from store import depends_hash, open_store
from store.access import Actor, require

log = logging.getLogger(__name__)
KEEP_RUNS = 24


def run_key(scenario: Scenario, data_hash: str) -> str:
    """What determines the run's result (the store records the same hash)."""
    return depends_hash(scenario, data_hash)[:20]


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
    _summaries: dict = field(default_factory=dict)

    @property
    def running(self) -> bool:
        return self.finished is None

    @property
    def done(self) -> int:
        return len(self.replications)

    def experiment(self) -> Experiment | None:
        """The replications completed so far (None before the first)."""
        done = list(self.replications)
        if not done:
            return None
        return Experiment(self.scenario, self.data_hash, model_version(), done)

    def summary(self, by: str | None = None) -> pd.DataFrame | None:
        """KPI summary (mean, 95% CI) over the replications done so far, cached per count."""
        experiment = self.experiment()
        if experiment is None:
            return None
        key = (by, len(experiment.replications))
        if key not in self._summaries:
            self._summaries[key] = kpi_table(experiment, by)
        return summarise(self._summaries[key])

    def costed(self) -> Experiment:
        """The finished run with its cost frames attached (computed once)."""
        if "costed" not in self._summaries:
            self._summaries["costed"] = attach_costs(self.experiment())
        return self._summaries["costed"]

    def cost_summary(self, lang: str) -> pd.DataFrame:
        key = ("costs", lang)
        if key not in self._summaries:
            self._summaries[key] = cost_summary(self.costed(), "year", lang)
        return self._summaries[key]

    def verdicts(self, baseline: RunHandle, lang: str) -> pd.DataFrame:
        """Budget verdict per year against ``baseline`` (a finished run, same seeds)."""
        key = ("verdicts", baseline.key, lang)
        if key not in self._summaries:
            self._summaries[key] = budget_verdicts(self.costed(), baseline.costed(), lang=lang)
        return self._summaries[key]

    def workbook(self, lang: str) -> bytes:
        """The results as an Excel workbook (made once per language, when the run is done)."""
        key = ("xlsx", lang)
        if key not in self._summaries:
            with tempfile.TemporaryDirectory() as folder:
                paths = write_summary(self.experiment(), folder, lang)
                self._summaries[key] = Path(paths["xlsx"]).read_bytes()
        return self._summaries[key]


class RunRegistry:
    """All runs of this server process, most recent last, and the worker pool."""

    def __init__(self):
        self._lock = threading.Lock()
        self._runs: OrderedDict[str, RunHandle] = OrderedDict()
        self._sweeps: dict[str, SweepHandle] = {}

    @cached_property
    def executor(self):
        # forkserver: the server process has threads, and forking those is unsafe
        return process_pool(default_workers(), "forkserver")

    def get(self, key: str | None) -> RunHandle | None:
        with self._lock:
            return self._runs.get(key) if key else None

    def start(self, scenario: Scenario, *, actor: Actor) -> tuple[RunHandle, bool]:
        """Start a run (or return the existing one for the same inputs, and True)."""
        require(actor, "run")
        data = scenario_data(scenario)
        key = run_key(scenario, data.content_hash)
        with self._lock:
            existing = self._runs.get(key)
            if existing is not None and not existing.error:
                self._runs.move_to_end(key)
                return existing, True
            handle = RunHandle(
                key, scenario, data.content_hash, scenario.replications, owner=actor.name
            )
            self._runs[key] = handle
            while len(self._runs) > KEEP_RUNS:
                oldest = next(iter(self._runs))
                if self._runs[oldest].running:
                    break
                self._runs.pop(oldest)
        threading.Thread(
            target=self._work, args=(handle, data), daemon=True, name=f"run-{key}"
        ).start()
        return handle, False

    def start_sweep(self, kind: str, base: Scenario, sweep, *, actor: Actor) -> SweepHandle:
        """Start ``sweep`` (a function of progress, cancel, executor and cache, e.g. a
        partial :func:`sim.sweep.run_sensitivity`) on the shared worker pool."""
        require(actor, "sweep")
        data = scenario_data(base)
        key = f"sweep-{time.time_ns()}"
        handle = SweepHandle(key, kind, base, owner=actor.name)
        with self._lock:
            self._sweeps[key] = handle
        threading.Thread(
            target=_sweep, args=(handle, sweep, data, self.executor), daemon=True, name=key
        ).start()
        return handle

    def sweep(self, key: str | None) -> SweepHandle | None:
        with self._lock:
            return self._sweeps.get(key) if key else None

    def _work(self, handle: RunHandle, data) -> None:
        handle.run_id = _record(
            lambda s: s.start_run(handle.scenario, handle.data_hash, owner=handle.owner)
        )
        try:
            for replication in iter_replications(handle.scenario, data, executor=self.executor):
                handle.replications.append(replication)
            if handle.run_id is not None:
                tables = run_tables(handle.costed(), data)
                _record(lambda s: s.finish_run(handle.run_id, tables))
        except ScenarioError as error:
            handle.error = error.messages
        except Exception as error:  # noqa: BLE001 - shown to the user as a message
            log.exception("run %s failed", handle.key)
            handle.error = [f"{type(error).__name__}: {error}"]
        finally:
            if handle.error and handle.run_id is not None:
                _record(lambda s: s.fail_run(handle.run_id, handle.error))
            handle.finished = time.time()


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
            run_id = _record(
                lambda s, p=point: s.start_run(
                    p.scenario, data.content_hash, seeds=p.seeds, owner=handle.owner
                )
            )
            if run_id is not None:
                _record(lambda s, r=run_id, k=kpis: s.finish_run(r, {"kpis": k}))
                handle.run_ids.append(run_id)
    except SweepCancelled:
        handle.cancelled = True
    except ScenarioError as error:
        handle.error = error.messages
    except Exception as error:  # noqa: BLE001 - shown to the user as a message
        log.exception("sweep %s failed", handle.key)
        handle.error = [f"{type(error).__name__}: {error}"]
    finally:
        handle.finished = time.time()


def _record(action):
    """Write to the store; a store that fails is logged and does not stop the run."""
    try:
        return action(open_store())
    except Exception:  # noqa: BLE001 - the run itself is still shown
        log.exception("the store could not record a run")
        return None


@st.cache_resource
def registry() -> RunRegistry:
    return RunRegistry()
