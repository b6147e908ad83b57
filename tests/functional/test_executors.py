"""Executors: in-process, local processes and Dask give identical results for the same
seeds; choosing one; cancelling on a Dask cluster leaves nothing behind."""

from __future__ import annotations

import functools
import threading
import time

import pandas as pd
import pytest

from sim.analysis.sweep import SweepCancelled, run_sensitivity
from sim.run.experiment import (
    FRAMES,
    DaskExecutor,
    InProcessExecutor,
    executor_from_settings,
    executor_workers,
    iter_runs,
    make_executor,
    run_experiment,
)
from tests.synthetic import small_scenario

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    return small_scenario(tmp_path_factory.mktemp("executors"))


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local


def assert_same(a, b):
    assert [r.seed for r in a.replications] == [r.seed for r in b.replications]
    for ra, rb in zip(a.replications, b.replications, strict=True):
        for name in FRAMES:
            pd.testing.assert_frame_equal(ra.frames[name], rb.frames[name])


@pytest.fixture(scope="module")
def in_process(scenario):
    with make_executor("in-process") as executor:
        return run_experiment(scenario, executor=executor)


def test_in_process_executor_runs_in_this_process(scenario, in_process):
    assert_same(in_process, run_experiment(scenario, workers=1))
    with make_executor("in-process") as executor:
        assert isinstance(executor, InProcessExecutor)
        assert executor_workers(executor) == 1
        assert executor.submit(threading.get_native_id).result() != 0


def test_processes_equal_in_process(scenario, in_process):
    with make_executor("processes", workers=2) as executor:
        assert executor_workers(executor) == 2
        assert_same(in_process, run_experiment(scenario, executor=executor))


def test_dask_equals_in_process(scenario, in_process, cluster):
    with make_executor("dask", address=cluster.scheduler_address) as executor:
        assert isinstance(executor, DaskExecutor)
        assert executor_workers(executor) == 2
        assert_same(in_process, run_experiment(scenario, executor=executor))


def test_dask_sweep_equals_in_process_sweep(scenario, cluster):
    specs = [("parameters.absence_rate", 0.0, 0.1), ("parameters.staff_multiplier", 0.8, 1.2)]
    with make_executor("in-process") as executor:
        here = run_sensitivity(scenario, specs, replications=2, executor=executor)
    with make_executor("dask", address=cluster.scheduler_address) as executor:
        there = run_sensitivity(scenario, specs, replications=2, executor=executor)
    pd.testing.assert_frame_equal(here.frame(), there.frame())


def test_dask_chosen_by_the_setting(monkeypatch, cluster, tmp_path):
    monkeypatch.setenv("KAPACITET_SETTINGS", str(tmp_path / "none.toml"))
    monkeypatch.delenv("KAPACITET_DASK_SCHEDULER", raising=False)
    with executor_from_settings(workers=1) as executor:
        assert not isinstance(executor, DaskExecutor)
        assert executor_workers(executor) == 1
    with pytest.raises(ValueError, match="KAPACITET_DASK_SCHEDULER"):
        make_executor("dask")
    monkeypatch.setenv("KAPACITET_DASK_SCHEDULER", cluster.scheduler_address)
    with executor_from_settings() as executor:
        assert isinstance(executor, DaskExecutor)
        assert executor.address == cluster.scheduler_address
    with make_executor("dask") as executor:
        assert isinstance(executor, DaskExecutor)


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="in-process, processes, dask"):
        make_executor("threads")


def test_dask_cancel_stops_the_sweep_and_clears_the_cluster(scenario, cluster):
    cancel = threading.Event()
    seen = []

    def progress(done, total):
        seen.append(done)
        if done >= 1:
            cancel.set()

    specs = [
        ("parameters.absence_rate", 0.0, 0.1),
        ("parameters.demand_growth_per_year", -0.1, 0.1),
        ("parameters.staff_multiplier", 0.8, 1.2),
        ("parameters.detour_factor", 1.1, 1.5),
    ]
    with (
        make_executor("dask", address=cluster.scheduler_address) as executor,
        pytest.raises(SweepCancelled) as stopped,
    ):
        run_sensitivity(
            scenario,
            specs,
            replications=3,
            executor=executor,
            progress=progress,
            cancel=cancel,
        )
    assert 1 <= stopped.value.done < stopped.value.total == 9 * 3
    with distributed.Client(cluster.scheduler_address, set_as_default=False) as client:
        deadline = time.monotonic() + 20
        while client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)):
            assert time.monotonic() < deadline, "tasks left on the cluster after cancel"
            time.sleep(0.1)


def test_a_closed_dask_executor_refuses_work(cluster):
    executor = make_executor("dask", address=cluster.scheduler_address)
    executor.shutdown()
    executor.shutdown()  # twice is fine
    with pytest.raises(RuntimeError):
        executor.submit(sum, [1, 2])


class Recording(InProcessExecutor):
    """Runs tasks in the order submitted, as if on two workers, and records that order."""

    workers = 2

    def __init__(self):
        super().__init__()
        self.order: list[str] = []

    def submit(self, fn, /, *args, **kwargs):
        self.order.append(getattr(fn, "func", fn).__name__)
        return super().submit(fn, *args, **kwargs)


def _summary(replication):
    return replication


def test_the_first_replication_is_summarised_before_the_others_are_queued(scenario):
    """The first replication is split over the workers; its summaries must be queued
    before the other replications (the queue is first come first served), else the first
    results come only at the end of the run."""
    executor = Recording()
    reduces = [functools.partial(_summary)]
    runs = list(iter_runs([scenario], replications=3, executor=executor, reduces=reduces))
    assert len(runs) == 3
    assert executor.order == ["_run_days", "_run_days", "_summary", "_run_reduced", "_run_reduced"]


def test_a_scenarios_first_replication_is_handed_over_before_its_basis_is_done(scenario):
    """With ``early``, the first scenario's first replication comes (summarised) before
    the first replication of the scenarios run with it, and is the one yielded later."""
    executor = Recording()
    other = scenario.with_overrides(name="Med den", parameters={"speed_kmh": 22.0})
    events: list[str] = []
    handed: list = []

    def early(replication):
        events.append(f"early {executor.order.count('_run_days')} tasks")
        handed.append(replication)

    reduces = [functools.partial(_summary), functools.partial(_summary)]
    runs = iter_runs(
        [scenario, other], replications=2, executor=executor, reduces=reduces, early=early
    )
    first = next(runs)
    assert events == ["early 4 tasks"]  # the scenario's 2 parts, then the other's 2 queued
    assert first[0] is handed[0] and first[1] is not handed[0]
    assert executor.order[:4] == ["_run_days"] * 4 and len(list(runs)) == 1
