"""Replications, seeds and executors.

A replication is the scenario's simulated days under one seed. Days are independent
given the seed (see ``sim.model.randomness``), so the work is split into tasks of
(replication, some of its days); tasks are ordered by replication, so the first
replication is complete first. The same seeds give the same results on every executor.

Executors (one way to choose: :func:`make_executor`, or :func:`executor_from_settings`):

``in-process``
    one thread in this process, tasks in order (tests, debugging);
``processes``
    local worker processes, all cores by default (:func:`process_pool`);
``dask``
    a Dask distributed cluster at a scheduler address (the setting ``dask_scheduler``:
    ``KAPACITET_DASK_SCHEDULER`` or ``kapacitet.toml``). The workers need this package
    importable and the data folder readable at the same path.
"""

from __future__ import annotations

import dataclasses
import functools
import multiprocessing
import os
import sys
import types
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from sim.inputs.dataset import DataSet, load_dataset, scenario_data
from sim.inputs.geography import Travel
from sim.inputs.scenario import Parameters, Scenario
from sim.inputs.settings import setting
from sim.model.horizon import SimDay, simulated_days
from sim.model.staffing import regular_carers
from sim.model.world import Columns, DayResult, World, build_world, simulate_day
from sim.run.fingerprint import model_version
from sim.run.lifeline import die_with_parent

FRAMES = ("visits", "calls", "staff", "premises", "queues")


# The parameters build_world reads (travel and the contact groups); the others act only
# during the day. Scenarios that differ only in their parameters (the points of a
# sensitivity analysis) share one built world per seed, with these re-derived:
# tests/functional/test_sweep.py checks the shared world against build_world for every parameter.
WORLD_PARAMETERS = (
    "travel_mode",
    "speed_kmh",
    "detour_factor",
    "parking_minutes",
    "regular_carers",
)


@functools.lru_cache(maxsize=8)
def _shared_world(frame_json: str, data_dir: str, data_hash: str, seed: int) -> World:
    """The world of a scenario with default parameters (and no name, description, seed
    or replications: they do not enter a world)."""
    scenario = Scenario.model_validate_json(frame_json)
    return build_world(scenario, scenario_data(scenario, load_dataset(data_dir)), seed)


def world_for(scenario: Scenario, data_dir: str, data_hash: str, seed: int) -> World:
    """``build_world(scenario, its data, seed)``, from the world shared by every scenario
    that differs from this one only in its parameters (warm start across the points of
    a sweep: citizens, demand tables, workforce, placements and pools are built once per
    seed in each process)."""
    neutral = {"parameters": Parameters(), "name": "-", "description": "", "seed": 0}
    frame = scenario.model_copy(update={**neutral, "replications": 1})
    shared = _shared_world(frame.model_dump_json(), data_dir, data_hash, seed)
    p, q = scenario.parameters, shared.scenario.parameters
    regular = shared.regular
    if p.regular_carers != q.regular_carers:
        regular = regular_carers(shared.workforce, shared.citizen_team, seed, p.regular_carers)
    return dataclasses.replace(
        shared,
        scenario=scenario,
        travel=Travel.from_parameters(
            p.travel_mode, p.speed_kmh, p.detour_factor, p.parking_minutes
        ),
        regular=regular,
    )


@functools.lru_cache(maxsize=4)
def _world(scenario_json: str, data_dir: str, data_hash: str, seed: int) -> World:
    """One world per scenario, data and seed in each process (warm start for its days);
    the data are the folder's plus the candidate premises the scenario carries."""
    return world_for(Scenario.model_validate_json(scenario_json), data_dir, data_hash, seed)


def _run_days(
    scenario_json: str, data_dir: str, data_hash: str, seed: int, days: list[SimDay], events: bool
) -> dict[str, pd.DataFrame]:
    world = _world(scenario_json, data_dir, data_hash, seed)
    names = [*FRAMES, "events"] if events else list(FRAMES)
    parts: dict[str, list[Columns]] = {name: [] for name in names}
    for day in days:
        result: DayResult = simulate_day(world, day, events=events)
        for name in names:
            parts[name].append(getattr(result, name))
    return {name: _days_frame(columns, days) for name, columns in parts.items()}


# the type pandas gives a column assigned a text scalar (str, or object without
# pandas' string inference)
_TEXT_DTYPE = pd.DataFrame({"x": [0]}).assign(text="a")["text"].dtype


def _days_frame(days_columns: list[Columns], days: list[SimDay]) -> pd.DataFrame:
    """One frame of the days' rows one after another, with each row's ``date``,
    ``weight``, ``day_type`` and ``phase`` (a frame per run of days, not per day)."""
    lengths = [len(next(iter(columns.values()))) for columns in days_columns]
    dates = np.empty(len(days), dtype=object)
    dates[:] = [day.date for day in days]
    return pd.DataFrame(
        {
            **{
                name: np.concatenate([columns[name] for columns in days_columns])
                for name in days_columns[0]
            },
            "date": np.repeat(dates, lengths),
            "weight": np.repeat(np.array([day.weight for day in days], dtype=float), lengths),
            "day_type": pd.array(
                np.repeat([day.day_type for day in days], lengths), dtype=_TEXT_DTYPE
            ),
            "phase": pd.array(np.repeat([day.phase for day in days], lengths), dtype=_TEXT_DTYPE),
        }
    )


@dataclass
class Replication:
    """The tidy per-run frames of one replication.

    ``kpis``, once the replication is summarised (:func:`sim.analysis.compare.reduce_replication`),
    holds its KPI tables by breakdown (None for the whole run, or 'month', 'area', ...;
    see :func:`sim.analysis.kpis.kpi_table`), and ``frames`` then keeps only the small frames
    (premises, costs, workforce): the per-visit and per-carer frames are let go of.
    """

    index: int
    seed: int
    frames: dict[str, pd.DataFrame]
    kpis: dict[str | None, pd.DataFrame] | None = None

    @property
    def nbytes(self) -> int:
        """The memory its frames and tables take (bytes, text included)."""
        tables = [*self.frames.values(), *(self.kpis or {}).values()]
        return int(sum(t.memory_usage(index=True, deep=True).sum() for t in tables))


@dataclass
class Experiment:
    scenario: Scenario
    data_hash: str
    model_version: str
    replications: list[Replication]

    def frame(self, name: str) -> pd.DataFrame:
        """All replications' rows of one frame, with ``scenario`` and ``replication``."""
        return pd.concat(
            [
                r.frames[name].assign(scenario=self.scenario.name, replication=r.index, seed=r.seed)
                for r in self.replications
            ],
            ignore_index=True,
        )


def _chunks(days: list[SimDay], parts: int) -> list[list[SimDay]]:
    parts = max(1, min(parts, len(days)))
    return [days[i::parts] for i in range(parts)]


def _parts(replications: int, workers: int) -> list[int]:
    """Into how many tasks each replication's days are split. The first is split over all
    workers, so it is complete soon; the others run whole (a split replication builds its
    world in each worker: ~6 % more work for 10 replications on 2 workers), unless there
    are too few replications to keep every worker busy."""
    if replications >= workers:
        return [workers] + [1] * (replications - 1)
    return [-(-workers // max(1, replications))] * replications


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def process_pool(
    workers: int | None = None, start_method: str | None = None
) -> ProcessPoolExecutor:
    """A pool of worker processes. ``fork`` is fastest; a program with threads (the app)
    should ask for ``forkserver`` or ``spawn``, whose workers are started at once here.

    The workers (and the fork server) end when this process ends, even by ``kill -9``
    (:mod:`sim.run.lifeline`)."""
    method = start_method or ("fork" if os.name == "posix" else "spawn")
    workers = workers or default_workers()
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        # the fork server dies with this process, and its workers with it (sim.run.lifeline)
        context.set_forkserver_preload(["sim.run.lifeline_forkserver", "sim.run.experiment"])
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=die_with_parent,
        initargs=(method == "forkserver", True),
    )
    if method != "fork":
        _start_workers(pool, workers)
    return pool


def _start_workers(pool: ProcessPoolExecutor, workers: int) -> None:
    """Start the workers now, from a neutral ``__main__``: non-fork workers import the
    parent's ``__main__``, which in the app is whichever page script is running."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        started = [pool.submit(os.getpid) for _ in range(workers)]
    finally:
        sys.modules["__main__"] = main
    for future in started:
        future.result()


ExecutorKind = Literal["in-process", "processes", "dask"]
EXECUTOR_KINDS: tuple[str, ...] = ("in-process", "processes", "dask")


class InProcessExecutor(ThreadPoolExecutor):
    """Runs the tasks one at a time, in the order submitted, on one thread of this process
    (for tests and debugging: no pickling, no other processes). Pending tasks can be
    cancelled like on any executor."""

    workers = 1

    def __init__(self):
        super().__init__(max_workers=1, thread_name_prefix="kapacitet-in-process")


class DaskExecutor(Executor):
    """Tasks on a Dask distributed cluster, through ``Client.get_executor``.

    ``address`` is a scheduler address (``tcp://host:8786``) or a cluster object such as
    ``distributed.LocalCluster``. ``shutdown`` cancels what is still pending when asked
    to (``cancel_futures=True``) and closes the client this executor opened (never the
    cluster: it belongs to whoever started it)."""

    def __init__(self, address, timeout: float = 20.0):
        from distributed import Client

        self.address = address
        self.client = Client(address, timeout=timeout, set_as_default=False)
        try:
            self.client.wait_for_workers(1, timeout=timeout)
        except Exception:
            self.client.close()
            raise
        self._executor = self.client.get_executor(pure=False)
        self._closed = False

    @property
    def workers(self) -> int:
        """Worker threads on the cluster now (at least 1)."""
        return max(1, sum(self.client.nthreads().values()))

    def submit(self, fn, /, *args, **kwargs) -> Future:
        return self._executor.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._executor.shutdown(wait=wait and not cancel_futures)
        finally:
            self.client.close()


def make_executor(
    kind: ExecutorKind = "processes",
    workers: int | None = None,
    address: str | None = None,
    start_method: str | None = None,
) -> Executor:
    """The executor of ``kind``: ``in-process`` (one thread here), ``processes`` (local
    worker processes, ``workers`` of them, all cores by default; ``start_method`` as in
    :func:`process_pool`) or ``dask`` (the cluster at ``address``, by default the setting
    ``dask_scheduler``). The caller shuts it down (or uses it in a ``with`` block)."""
    if kind == "in-process":
        return InProcessExecutor()
    if kind == "processes":
        return process_pool(workers, start_method)
    if kind == "dask":
        if address is None:
            address = setting("dask_scheduler")
        if not address:
            raise ValueError(
                "no Dask scheduler address: give one or set KAPACITET_DASK_SCHEDULER "
                "(or dask_scheduler in kapacitet.toml)"
            )
        return DaskExecutor(address)
    raise ValueError(f"unknown executor {kind!r}: one of {', '.join(EXECUTOR_KINDS)}")


def executor_from_settings(workers: int | None = None, start_method: str | None = None) -> Executor:
    """Dask when the setting ``dask_scheduler`` is given, else local processes."""
    address = setting("dask_scheduler")
    if address:
        return make_executor("dask", address=address)
    return make_executor("processes", workers, start_method=start_method)


def executor_workers(executor: Executor | None) -> int:
    """How many tasks ``executor`` runs at once (this machine's default when unknown)."""
    if executor is None:
        return default_workers()
    workers = getattr(executor, "workers", None) or getattr(executor, "_max_workers", None)
    return int(workers) if workers else default_workers()


def _run_reduced(
    reduce: Callable[[Replication], Replication],
    index: int,
    scenario_json: str,
    data_dir: str,
    data_hash: str,
    seed: int,
    days: list[SimDay],
    events: bool,
) -> Replication:
    """A whole replication, reduced where it was computed (only the summary travels)."""
    frames = _run_days(scenario_json, data_dir, data_hash, seed, days, events)
    return reduce(Replication(index, seed, frames))


def iter_replications(
    scenario: Scenario,
    data: DataSet | None = None,
    replications: int | None = None,
    workers: int | None = None,
    events: bool = False,
    executor: Executor | None = None,
    reduce: Callable[[Replication], Replication] | None = None,
) -> Iterator[Replication]:
    """Yield replications in order as they complete.

    ``workers=1`` runs in this process; otherwise the replications run as tasks on
    ``executor`` (a new process pool of ``workers`` if none is given; default: as many
    as ``executor`` runs at once), the first split over ``workers`` tasks (see
    :func:`_parts`).

    ``reduce`` (picklable, e.g. a ``functools.partial`` of a module-level function) is
    applied to each replication where it is computed: in the worker for a replication
    run whole, as one more task for one split over workers (whose parts are joined
    here), so the workers, not this process, summarise."""
    data = data if data is not None else scenario_data(scenario)
    days = simulated_days(scenario)
    seeds = scenario.replication_seeds(replications)
    workers = executor_workers(executor) if workers is None else workers
    scenario_json = scenario.model_dump_json()
    args = (scenario_json, str(data.directory), data.content_hash)
    if workers <= 1 and executor is None:
        for index, seed in enumerate(seeds):
            replication = Replication(index, seed, _run_days(*args, seed, days, events))
            yield reduce(replication) if reduce is not None else replication
        return
    own_pool = executor is None
    pool = process_pool(workers) if own_pool else executor
    futures = []
    for index, (seed, parts) in enumerate(zip(seeds, _parts(len(seeds), workers), strict=True)):
        chunks = _chunks(days, parts)
        if reduce is not None and len(chunks) == 1:
            futures.append([pool.submit(_run_reduced, reduce, index, *args, seed, days, events)])
        else:
            futures.append([pool.submit(_run_days, *args, seed, c, events) for c in chunks])
    try:
        for index, (seed, parts) in enumerate(zip(seeds, futures, strict=True)):
            results = [f.result() for f in parts]
            if isinstance(results[0], Replication):  # reduced in the worker
                yield results[0]
                continue
            frames = {
                name: pd.concat([r[name] for r in results], ignore_index=True)
                .sort_values("date", kind="stable")
                .reset_index(drop=True)
                for name in results[0]
            }
            del results
            replication = Replication(index, seed, frames)
            if reduce is not None:
                replication = pool.submit(reduce, replication).result()
            yield replication
    finally:
        for parts in futures:
            for future in parts:
                future.cancel()
        if own_pool:
            pool.shutdown(wait=True, cancel_futures=True)


def run_experiment(
    scenario: Scenario,
    data: DataSet | None = None,
    replications: int | None = None,
    workers: int | None = None,
    events: bool = False,
    progress: Callable[[Replication], None] | None = None,
    executor: Executor | None = None,
) -> Experiment:
    """Run all replications; ``progress`` is called with each one as it completes."""
    data = data if data is not None else scenario_data(scenario)
    done = []
    for replication in iter_replications(scenario, data, replications, workers, events, executor):
        done.append(replication)
        if progress is not None:
            progress(replication)
    return Experiment(scenario, data.content_hash, model_version(), done)


def run_sheet(experiment: Experiment) -> dict:
    """What was run: the STRESS-DES style facts needed to repeat it."""
    scenario = experiment.scenario
    days = simulated_days(scenario)
    return {
        "scenario": scenario.name,
        "scenario_hash": scenario.content_hash(),
        "data_hash": experiment.data_hash,
        "model_version": experiment.model_version,
        "horizon_start": scenario.calendar.start.isoformat(),
        "horizon_end": scenario.calendar.end.isoformat(),
        "fidelity": scenario.fidelity,
        "simulated_days_per_replication": len(days),
        "replications": len(experiment.replications),
        "seeds": [r.seed for r in experiment.replications],
        "illustrative_data": True,
    }
