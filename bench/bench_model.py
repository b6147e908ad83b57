"""Benchmark of the simulation core and its executors on this machine (not a test:
timings are noisy; compare ratios measured within one run).

Modes (any combination; none given = --speed):

``--speed``
    the throughput of a bare SimPy timeout loop (events/s), the model's seconds per
    simulated day and simulated visits per second, their ratio, and the wall time of the
    default scenario at sampled fidelity with 10 replications on local processes (total
    and until the first replication);
``--executors``
    10 replications in this process, on 1 and 2 local processes and on a 2-worker Dask
    LocalCluster: replications per second, the speed-up over this process, Dask against
    the local pool, and replications per second per million bare SimPy events per second
    (measured in the same run, so machines can be compared);
``--tornado``
    a one-at-a-time sensitivity analysis of the default parameters (20 for the baseline)
    at sampled fidelity with 5 replications per point on local processes, no cache;
``--memory``
    peak resident memory of a full every-day run of the scenario (1 replication, the
    ``python -m sim run`` path: simulation, costs, files), in a fresh process.

    python bench/bench_model.py [--speed] [--executors] [--tornado] [--memory]
        [--scenario scenarios/baseline.yaml] [--repeats 5] [--json FILE]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import simpy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim.inputs.dataset import load_dataset  # noqa: E402
from sim.inputs.scenario import load_scenario  # noqa: E402
from sim.model.compiled import day_module, is_compiled  # noqa: E402
from sim.model.horizon import simulated_days  # noqa: E402
from sim.model.world import build_world, simulate_day  # noqa: E402
from sim.run.experiment import (  # noqa: E402
    default_workers,
    iter_replications,
    make_executor,
    run_experiment,
)

TARGETS = {
    "ratio_planned_visits_per_raw_event": ">= 0.25",
    "first_replication_s": "<= 3 s (sampled)",
    "all_replications_s": "<= 15 s (sampled, 10 replications)",
    "speedup_2_processes": ">= 1.7 (10 replications, 2 cores)",
    "dask_over_processes": "<= 1.3 (LocalCluster 2 workers / 2 local processes)",
    "tornado_s": "<= 180 s (20 parameters, sampled, 5 replications per point)",
    "peak_rss_gib": "< 2 GiB (every-day baseline, 1 replication)",
}


def bare_simpy_events_per_second(processes: int = 1000, steps: int = 50) -> float:
    """Events per second of a loop of processes that only yield timeouts."""
    env = simpy.Environment()

    def loop(env):
        for _ in range(steps):
            yield env.timeout(1.0)

    for _ in range(processes):
        env.process(loop(env))
    started = time.perf_counter()
    env.run()
    elapsed = time.perf_counter() - started
    # each process: one Initialize event, `steps` timeouts and its own Process event
    return processes * (steps + 2) / elapsed


def model_day_throughput(scenario, data, days, module) -> tuple[float, float, float]:
    """Seconds per simulated day, planned visits and carer visits (legs + calls) per second,
    with ``module`` as ``sim.model.day``."""
    world = build_world(scenario, data, scenario.seed)
    seconds, visits, legs = 0.0, 0, 0
    for day in days:
        started = time.perf_counter()
        result = simulate_day(world, day, module=module)
        seconds += time.perf_counter() - started
        visits += int(result.visits["planned"].sum())
        legs += int(result.visits["planned"].sum() + result.visits["two_carer"].sum())
        legs += len(result.calls)
    return seconds / len(days), visits / seconds, legs / seconds


def experiment_times(scenario, data, replications: int, workers: int) -> tuple[float, float]:
    started = time.perf_counter()
    first = None
    for replication in iter_replications(scenario, data, replications, workers):
        if first is None:
            first = time.perf_counter() - started
        del replication
    return first, time.perf_counter() - started


def speed(scenario, data, args) -> dict:
    """The figures of the ``sim.model.day`` that runs (compiled if built) and, if that is the
    compiled one, the pure Python ratio too: both in the same run as the bare loop."""
    days = simulated_days(scenario)
    in_use = day_module()
    modules = {"": in_use}
    if is_compiled(in_use):
        modules["pure_python_"] = importlib.import_module("sim.model.day")
    raw = []
    measured = {prefix: ([], [], []) for prefix in modules}
    for _ in range(args.repeats):
        raw.append(bare_simpy_events_per_second())
        for prefix, module in modules.items():
            for values, value in zip(
                measured[prefix], model_day_throughput(scenario, data, days, module), strict=True
            ):
                values.append(value)
    first, total = experiment_times(scenario, data, args.replications, args.workers)
    figures = {
        "sim_day": "compiled (Cython)" if is_compiled(in_use) else "pure Python",
        "bare_simpy_events_per_s": statistics.median(raw),
    }
    for prefix, (per_day, visit_rate, leg_rate) in measured.items():
        figures |= {
            f"{prefix}seconds_per_simulated_day": statistics.median(per_day),
            f"{prefix}planned_visits_per_s": statistics.median(visit_rate),
            f"{prefix}carer_visits_per_s": statistics.median(leg_rate),
            f"{prefix}ratio_planned_visits_per_raw_event": statistics.median(
                v / r for v, r in zip(visit_rate, raw, strict=True)
            ),
            f"{prefix}ratio_carer_visits_per_raw_event": statistics.median(
                v / r for v, r in zip(leg_rate, raw, strict=True)
            ),
        }
    return figures | {
        "simulated_days_per_replication": len(days),
        "replications": args.replications,
        "workers": args.workers,
        "first_replication_s": first,
        "all_replications_s": total,
    }


class CpuMeter:
    """Wall time, and the CPU the rest of the machine used meanwhile (in cores): the
    machine's busy time minus this process tree's. Other work on a 2-core machine makes
    a parallel speed-up look smaller than it is, so each timing says how much there was."""

    def __enter__(self) -> CpuMeter:
        self._machine, self._own = self._busy(), self._tree()
        self._started = time.perf_counter()
        return self

    def __exit__(self, *exc) -> None:
        self.seconds = time.perf_counter() - self._started
        self.own_cpu = self._tree() - self._own
        foreign = (self._busy() - self._machine) - self.own_cpu
        self.foreign_cores = max(0.0, foreign) / self.seconds

    @staticmethod
    def _busy() -> float:
        times = psutil.cpu_times()
        return sum(times) - times.idle - getattr(times, "iowait", 0.0)

    @staticmethod
    def _tree() -> float:
        me = psutil.Process()
        total = sum(me.cpu_times()[:4])  # user, system and the reaped children's
        for child in me.children(recursive=True):
            # one that ended meanwhile is counted with its parent when reaped
            with contextlib.suppress(psutil.Error):
                total += sum(child.cpu_times()[:2])
        return total


def _best(times: list[tuple[float, float]]) -> tuple[float, float]:
    """The fastest of the repeats (the least disturbed) and its foreign load."""
    return min(times)


def executors(scenario, data, args) -> dict:
    """The same replications in this process, on 1 and 2 local processes and on a
    2-worker LocalCluster, each by the product's own path (``run_experiment``; a pool's
    start is included, the cluster's is not: a cluster outlives a run). Repeated
    round-robin and the fastest of each kept, so a busy spell of the machine touches
    every executor alike and the least disturbed run counts."""
    from distributed import LocalCluster

    n = args.replications
    raw = []
    runs: dict[str, list[tuple[float, float]]] = {
        name: [] for name in ("in_process", "processes_1", "processes_2", "dask_2")
    }
    started = time.perf_counter()
    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    cluster_start = time.perf_counter() - started
    try:
        for _ in range(args.executor_repeats):
            raw.append(bare_simpy_events_per_second())
            with CpuMeter() as meter:
                run_experiment(scenario, data, n, workers=1)
            runs["in_process"].append((meter.seconds, meter.foreign_cores))
            for workers in (1, 2):
                with CpuMeter() as meter, make_executor("processes", workers) as pool:
                    run_experiment(scenario, data, n, executor=pool)
                runs[f"processes_{workers}"].append((meter.seconds, meter.foreign_cores))
            with (
                CpuMeter() as meter,
                make_executor("dask", address=cluster.scheduler_address) as dask,
            ):
                run_experiment(scenario, data, n, executor=dask)
            runs["dask_2"].append((meter.seconds, meter.foreign_cores))
    finally:
        cluster.close()
    best = {name: _best(values) for name, values in runs.items()}
    bare = max(raw)
    figures = {
        "bare_simpy_events_per_s": bare,
        "replications": n,
        "repeats": args.executor_repeats,
        "dask_cluster_start_s": cluster_start,
    }
    for name, (seconds, foreign) in best.items():
        figures[f"{name}_s"] = seconds
        figures[f"{name}_other_load_cores"] = foreign
        figures[f"{name}_replications_per_s"] = n / seconds
        figures[f"{name}_replications_per_s_per_mevent"] = n / seconds / (bare / 1e6)
    for name in ("processes_1", "processes_2", "dask_2"):
        figures[f"speedup_{name}"] = best["in_process"][0] / best[name][0]
    figures["speedup_2_processes"] = figures["speedup_processes_2"]
    figures["dask_over_processes"] = best["dask_2"][0] / best["processes_2"][0]
    return figures


def tornado(scenario, data, args) -> dict:
    from sim.analysis.sweep import default_sensitivity_parameters, run_sensitivity

    specs = default_sensitivity_parameters(scenario)
    raw = bare_simpy_events_per_second()
    with CpuMeter() as meter:
        result = run_sensitivity(
            scenario,
            specs,
            data,
            replications=args.tornado_replications,
            executor=None,  # local processes, all cores
            kpis=[args.kpi],
        )
    elapsed = meter.seconds
    top = result.tornado(args.kpi).iloc[0]
    return {
        "bare_simpy_events_per_s": raw,
        "tornado_other_load_cores": meter.foreign_cores,
        "tornado_parameters": len(specs),
        "tornado_points": len(result.points),
        "tornado_distinct_points": result.tasks_run // len(result.seeds),
        "tornado_replications_per_point": len(result.seeds),
        "tornado_replications_run": result.tasks_run,
        "tornado_s": elapsed,
        "tornado_replications_per_s": result.tasks_run / elapsed,
        "tornado_cpu_s_per_replication": meter.own_cpu / max(1, result.tasks_run),
        "tornado_largest_swing": f"{top['parameter']} ({top['swing']:.4f} {args.kpi})",
    }


def _peak_rss_child(scenario_path: str) -> None:
    """Runs in a fresh process: the full every-day run, then the peak resident sizes."""
    from sim.__main__ import main

    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        code = main(
            [
                "run",
                scenario_path,
                "--fidelity",
                "every-day",
                "--replications",
                "1",
                "--out",
                out,
            ]
        )
        elapsed = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    print(json.dumps({"exit": code, "seconds": elapsed, "self": own, "children": children}))


def memory(args) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--peak-rss-child", args.scenario],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    gib = 1024**3
    return {
        "every_day_run_s": measured["seconds"],
        "peak_rss_self_gib": measured["self"] / gib,
        "peak_rss_largest_child_gib": measured["children"] / gib,
        # an upper bound of what was resident at once
        "peak_rss_gib": (measured["self"] + measured["children"]) / gib,
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speed", action="store_true")
    parser.add_argument("--executors", action="store_true")
    parser.add_argument("--tornado", action="store_true")
    parser.add_argument("--memory", action="store_true")
    parser.add_argument("--scenario", default="scenarios/baseline.yaml")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--executor-repeats", type=int, default=3)
    parser.add_argument("--replications", type=int, default=10)
    parser.add_argument("--tornado-replications", type=int, default=5)
    parser.add_argument("--kpi", default="on_time_share")
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--peak-rss-child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.peak_rss_child:
        _peak_rss_child(args.peak_rss_child)
        return {}
    if not (args.speed or args.executors or args.tornado or args.memory):
        args.speed = True

    scenario = load_scenario(args.scenario)
    data = load_dataset(scenario.resolve_data_dir())
    figures: dict = {}
    if args.speed:
        figures.update(speed(scenario, data, args))
    if args.executors:
        figures.update(executors(scenario, data, args))
    if args.tornado:
        figures.update(tornado(scenario, data, args))
    if args.memory:
        figures.update(memory(args))
    width = max(map(len, figures))
    for name, value in figures.items():
        shown = f"{value:,.3f}" if isinstance(value, float) else str(value)
        target = f"   target {TARGETS[name]}" if name in TARGETS else ""
        print(f"{name:<{width}}  {shown}{target}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    return figures


if __name__ == "__main__":
    main()
