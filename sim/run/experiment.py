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
from sim.inputs.scenario import DEFAULT_DATA_DIR, Parameters, Scenario
from sim.inputs.settings import setting
from sim.model.compiled import day_module
from sim.model.horizon import SimDay, simulated_days
from sim.model.staffing import regular_carers
from sim.model.world import Columns, DayResult, World, build_world, simulate_day
from sim.run.fingerprint import model_version
from sim.run.lifeline import die_with_parent
from sim.run.reuse import day_key, default_day_results

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


@dataclass
class DaysDone:
    """What a task gives back: per scenario, the frames of its days, and how many of its
    days were simulated and how many taken from an equal day (:mod:`sim.run.reuse`)."""

    frames: list[dict[str, pd.DataFrame]]
    simulated: list[int]
    reused: list[int]


def _run_days(
    scenario_jsons: tuple[str, ...],
    data_dir: str,
    data_hash: str,
    seed: int,
    days: list[SimDay],
    events: bool,
    reuse: bool = True,
) -> DaysDone:
    """Simulate ``days`` of each scenario under ``seed``. A day whose inputs equal those
    of a day already simulated (of another of the scenarios here, or of any run before in
    :func:`sim.run.reuse.default_day_results`) is taken from it, unless ``reuse`` is
    False; the event columns (``events``) are not kept, so then every day is simulated."""
    worlds = [_world(one, data_dir, data_hash, seed) for one in scenario_jsons]
    names = [*FRAMES, "events"] if events else list(FRAMES)
    keyed = reuse and not events  # event columns are not kept: then every day is simulated
    store = default_day_results() if keyed else None
    model = model_version()
    parts: list[dict[str, list[Columns]]] = [{n: [] for n in names} for _ in worlds]
    simulated = [0] * len(worlds)
    reused = [0] * len(worlds)
    for day in days:
        here: dict[str, DayResult] = {}  # this day's results by key, across the scenarios
        for i, world in enumerate(worlds):
            key = day_key(world, day, data_hash, model) if keyed else None
            result = here.get(key) if key is not None else None
            if result is None and store is not None:
                result = store.get(key)
            if result is None:
                result = simulate_day(world, day, events=events)
                simulated[i] += 1
                if store is not None:
                    store.put(key, result)
            else:
                reused[i] += 1
            if key is not None:
                here[key] = result
            for name in names:
                parts[i][name].append(getattr(result, name))
            parts[i]["premises"][-1] = _with_represented_peak(world, day, result.premises)
    frames = [{name: _days_frame(columns, days) for name, columns in p.items()} for p in parts]
    return DaysDone(frames, simulated, reused)


def _with_represented_peak(world: World, day: SimDay, premises: Columns) -> Columns:
    """A day's premises columns and ``peak_represented``: the most people arriving at each
    premises at the day shift's start on the other days the day stands for (0 at every-day
    fidelity). The simulated columns stay those of the day itself (an exact slice of an
    every-day run); the premises' peak over the horizon, a maximum, then sees every day."""
    peak = np.zeros(len(premises["premises"]), dtype=np.int64)
    if day.stands_for:
        rows = [world.premises_ids.index(q) for q in premises["premises"]]
        for date in day.stands_for:
            np.maximum(peak, world.arrivals_at_seven(day.day_type, date)[rows], out=peak)
    return {**premises, "peak_represented": peak}


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
            "stratum": np.repeat(np.array([day.stratum for day in days], dtype=np.int64), lengths),
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
    simulated_days: int = 0  # days simulated for it
    reused_days: int = 0  # days taken from an equal day simulated before

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
    paired: tuple[Scenario, ...] = ()  # the scenarios it ran with, on the same days

    @property
    def days(self) -> list[SimDay]:
        """The days each replication simulated."""
        return simulated_days(self.scenario, *self.paired)

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
    workers: int | None = None,
    start_method: str | None = None,
    preload: tuple[str, ...] = (),
) -> ProcessPoolExecutor:
    """A pool of worker processes. ``fork`` is fastest; a program with threads (the app)
    should ask for ``forkserver`` or ``spawn``, whose workers are started at once here.
    ``preload``: more modules the fork server imports before it forks the workers (e.g.
    what the tasks' summaries need: the first task then does not wait for the import).

    The workers (and the fork server) end when this process ends, even by ``kill -9``
    (:mod:`sim.run.lifeline`)."""
    method = start_method or ("fork" if os.name == "posix" else "spawn")
    workers = workers or default_workers()
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        # the fork server dies with this process, and its workers with it (sim.run.lifeline)
        context.set_forkserver_preload(
            ["sim.run.lifeline_forkserver", "sim.run.experiment", *preload]
        )
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=die_with_parent,
        initargs=(method == "forkserver", True),
    )
    if method != "fork":
        _start_workers(pool, workers)
    return pool


def warm_up() -> int:
    """A task that readies a worker before its first run: the model and its libraries
    imported (with this module), the compiled day loaded and the default data set read
    (about 2 s that the first replication of a fresh server waited for)."""
    day_module()
    load_dataset(DEFAULT_DATA_DIR)
    return os.getpid()


def _start_workers(pool: ProcessPoolExecutor, workers: int) -> None:
    """Start the workers now, from a neutral ``__main__`` (non-fork workers import the
    parent's ``__main__``, which in the app is whichever page script is running), and
    ready them (:func:`warm_up`)."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        started = [pool.submit(warm_up) for _ in range(workers)]
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


Reduce = Callable[[Replication], Replication]


def _replications(index: int, seed: int, done: DaysDone) -> list[Replication]:
    return [
        Replication(index, seed, frames, simulated_days=simulated, reused_days=reused)
        for frames, simulated, reused in zip(done.frames, done.simulated, done.reused, strict=True)
    ]


def _reduce_each(
    reduces: list[Reduce] | tuple[Reduce, ...] | None, replications: list[Replication]
) -> list[Replication]:
    """Each scenario's replication summarised by its own reduce (as they are without)."""
    if reduces is None:
        return replications
    return [reduce(r) for reduce, r in zip(reduces, replications, strict=True)]


def _run_reduced(
    reduces: tuple[Reduce, ...],
    index: int,
    scenario_jsons: tuple[str, ...],
    data_dir: str,
    data_hash: str,
    seed: int,
    days: list[SimDay],
    events: bool,
    reuse: bool,
) -> list[Replication]:
    """A whole replication of each scenario, reduced where it was computed (only the
    summaries travel)."""
    done = _run_days(scenario_jsons, data_dir, data_hash, seed, days, events, reuse)
    return _reduce_each(reduces, _replications(index, seed, done))


def _joined(index: int, seed: int, results: list[DaysDone]) -> list[Replication]:
    """The parts of a replication split over tasks, put together in date order."""
    joined = []
    for i in range(len(results[0].frames)):
        frames = {
            name: pd.concat([r.frames[i][name] for r in results], ignore_index=True)
            .sort_values("date", kind="stable")
            .reset_index(drop=True)
            for name in results[0].frames[i]
        }
        simulated = sum(r.simulated[i] for r in results)
        reused = sum(r.reused[i] for r in results)
        joined.append(
            Replication(index, seed, frames, simulated_days=simulated, reused_days=reused)
        )
    return joined


def iter_runs(
    scenarios: list[Scenario],
    data: DataSet | None = None,
    replications: int | None = None,
    workers: int | None = None,
    events: bool = False,
    executor: Executor | None = None,
    reduces: list[Reduce] | None = None,
    reuse: bool = True,
    early: Callable[[Replication], None] | None = None,
) -> Iterator[list[Replication]]:
    """Yield, replication by replication in order as they complete, one replication of
    each of ``scenarios`` (a scenario and its Basis): all on the same days
    (:func:`sim.model.horizon.simulated_days` of them all), with the same seeds (they must
    share them) and the same data (default: the first scenario's), so that they are paired
    day by day. A day on which two of them are the same is simulated once, and with
    ``reuse`` a day simulated before is not simulated again (:mod:`sim.run.reuse`).

    ``workers=1`` runs in this process; otherwise the replications run as tasks on
    ``executor`` (a new process pool of ``workers`` if none is given; default: as many
    as ``executor`` runs at once), the first split over ``workers`` tasks (see
    :func:`_parts`).

    ``reduces`` (one per scenario, picklable, e.g. a ``functools.partial`` of a
    module-level function) are applied to the replications where they are computed: in
    the worker for a replication run whole, as one more task for one split over workers
    (whose parts are joined here), so the workers, not this process, summarise.

    ``early`` (with ``reduces`` and several scenarios): called with the first scenario's
    first replication, summarised, as soon as it is done, before the others' first
    replications (the first results of a scenario run with its Basis come sooner); it is
    yielded again with them."""
    first = scenarios[0]
    data = data if data is not None else scenario_data(first)
    days = simulated_days(first, *scenarios[1:])
    seeds = first.replication_seeds(replications)
    for other in scenarios[1:]:
        if other.replication_seeds(replications) != seeds:
            raise ValueError("scenarios run together must share their seeds")
    workers = executor_workers(executor) if workers is None else workers
    jsons = tuple(s.model_dump_json() for s in scenarios)
    args = (jsons, str(data.directory), data.content_hash)

    if workers <= 1 and executor is None:
        for index, seed in enumerate(seeds):
            done = _run_days(*args, seed, days, events, reuse)
            yield _reduce_each(reduces, _replications(index, seed, done))
        return
    own_pool = executor is None
    pool = process_pool(workers) if own_pool else executor
    plan = list(zip(seeds, _parts(len(seeds), workers), strict=True))

    def submit(index: int) -> list[Future]:
        seed, parts = plan[index]
        chunks = _chunks(days, parts)
        if reduces is not None and len(chunks) == 1:
            run = (tuple(reduces), index, *args, seed, days, events, reuse)
            return [pool.submit(_run_reduced, *run)]
        return [pool.submit(_run_days, *args, seed, c, events, reuse) for c in chunks]

    futures: list[list[Future]] = []
    first_summaries: list[Future] | None = None  # the first replication's, when split
    first_own: Replication | None = None  # the first scenario's, when handed to ``early``
    try:
        chunks = _chunks(days, plan[0][1])  # the first replication's
        if reduces is not None and len(chunks) > 1 and early is not None and len(scenarios) > 1:
            # the first scenario's first replication alone first, summarised here and
            # handed to ``early`` at once; the others' days after it (the days equal to
            # its own are then taken from it: sim.run.reuse)
            own = [
                pool.submit(_run_days, jsons[:1], *args[1:], seeds[0], c, events, reuse)
                for c in chunks
            ]
            rest = [
                pool.submit(_run_days, jsons[1:], *args[1:], seeds[0], c, events, reuse)
                for c in chunks
            ]
            mine = reduces[0](_joined(0, seeds[0], [f.result() for f in own])[0])
            early(mine)
            joined = _joined(0, seeds[0], [f.result() for f in rest])
            first_summaries = [pool.submit(f, r) for f, r in zip(reduces[1:], joined, strict=True)]
            first_own = mine
            futures.append([*own, *rest])
            del joined
        else:
            futures.append(submit(0))
        if reduces is not None and len(futures[0]) > 1 and first_summaries is None:
            # its summaries go to the workers before the other replications: the queue is
            # first come first served, and the first results are wanted first
            joined = _joined(0, seeds[0], [f.result() for f in futures[0]])
            first_summaries = [pool.submit(f, r) for f, r in zip(reduces, joined, strict=True)]
            del joined
        futures.extend(submit(index) for index in range(1, len(plan)))
        for index, (seed, parts) in enumerate(zip(seeds, futures, strict=True)):
            if index == 0 and first_summaries is not None:
                summaries = [task.result() for task in first_summaries]
                yield summaries if first_own is None else [first_own, *summaries]
                continue
            results = [f.result() for f in parts]
            if not isinstance(results[0], DaysDone):  # reduced in the worker
                yield results[0]
                continue
            joined = _joined(index, seed, results)
            del results
            if reduces is not None:
                tasks = [pool.submit(f, r) for f, r in zip(reduces, joined, strict=True)]
                joined = [task.result() for task in tasks]
            yield joined
    finally:
        for parts in futures:
            for future in parts:
                future.cancel()
        if own_pool:
            pool.shutdown(wait=True, cancel_futures=True)


def iter_replications(
    scenario: Scenario,
    data: DataSet | None = None,
    replications: int | None = None,
    workers: int | None = None,
    events: bool = False,
    executor: Executor | None = None,
    reduce: Reduce | None = None,
    reuse: bool = True,
) -> Iterator[Replication]:
    """Yield the replications of ``scenario`` in order as they complete
    (:func:`iter_runs` of it alone)."""
    reduces = None if reduce is None else [reduce]
    for (replication,) in iter_runs(
        [scenario], data, replications, workers, events, executor, reduces, reuse
    ):
        yield replication


def run_experiment(
    scenario: Scenario,
    data: DataSet | None = None,
    replications: int | None = None,
    workers: int | None = None,
    events: bool = False,
    progress: Callable[[Replication], None] | None = None,
    executor: Executor | None = None,
    reuse: bool = True,
) -> Experiment:
    """Run all replications; ``progress`` is called with each one as it completes."""
    return run_together([scenario], data, replications, workers, events, progress, executor, reuse)[
        0
    ]


def run_together(
    scenarios: list[Scenario],
    data: DataSet | None = None,
    replications: int | None = None,
    workers: int | None = None,
    events: bool = False,
    progress: Callable[[Replication], None] | None = None,
    executor: Executor | None = None,
    reuse: bool = True,
    reduces: list[Reduce] | None = None,
) -> list[Experiment]:
    """Run all replications of ``scenarios`` on the same days (:func:`iter_runs`): a
    scenario and its Basis, paired. ``progress`` is called with each replication of the
    first as it completes; ``reduces`` summarise them in the workers (:func:`iter_runs`)."""
    data = data if data is not None else scenario_data(scenarios[0])
    done: list[list[Replication]] = [[] for _ in scenarios]
    for replications_ in iter_runs(
        scenarios, data, replications, workers, events, executor, reduces, reuse
    ):
        for i, replication in enumerate(replications_):
            done[i].append(replication)
        if progress is not None:
            progress(replications_[0])
    version = model_version()
    return [
        Experiment(s, data.content_hash, version, d, tuple(o for o in scenarios if o is not s))
        for s, d in zip(scenarios, done, strict=True)
    ]


def run_sheet(experiment: Experiment) -> dict:
    """What was run: the STRESS-DES style facts needed to repeat it."""
    scenario = experiment.scenario
    days = experiment.days
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
