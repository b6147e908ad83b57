"""Benchmark of the simulation core on this machine (not a test: timings are noisy).

Prints, from one run: the throughput of a bare SimPy timeout loop (events/s), the
model's seconds per simulated day and simulated visits per second for the default
scenario, their ratio, and the wall time of the default scenario at sampled fidelity
with 10 replications on local processes (total and until the first replication).

    python bench/bench_model.py [--scenario scenarios/baseline.yaml] [--repeats 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import simpy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sim.calendar import simulated_days  # noqa: E402
from sim.dataset import load_dataset  # noqa: E402
from sim.experiment import default_workers, iter_replications  # noqa: E402
from sim.model import build_world, simulate_day  # noqa: E402
from sim.scenario import load_scenario  # noqa: E402


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


def model_day_throughput(scenario, data, days) -> tuple[float, float, float]:
    """Seconds per simulated day, planned visits and carer visits (legs + calls) per second."""
    world = build_world(scenario, data, scenario.seed)
    seconds, visits, legs = 0.0, 0, 0
    for day in days:
        started = time.perf_counter()
        result = simulate_day(world, day)
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


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="scenarios/baseline.yaml")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--replications", type=int, default=10)
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)

    scenario = load_scenario(args.scenario)
    data = load_dataset(scenario.resolve_data_dir())
    days = simulated_days(scenario)
    raw, per_day, visit_rate, leg_rate = [], [], [], []
    for _ in range(args.repeats):
        raw.append(bare_simpy_events_per_second())
        seconds, visits, legs = model_day_throughput(scenario, data, days)
        per_day.append(seconds)
        visit_rate.append(visits)
        leg_rate.append(legs)
    first, total = experiment_times(scenario, data, args.replications, args.workers)
    figures = {
        "bare_simpy_events_per_s": statistics.median(raw),
        "seconds_per_simulated_day": statistics.median(per_day),
        "planned_visits_per_s": statistics.median(visit_rate),
        "carer_visits_per_s": statistics.median(leg_rate),
        "ratio_planned_visits_per_raw_event": statistics.median(
            v / r for v, r in zip(visit_rate, raw, strict=True)
        ),
        "ratio_carer_visits_per_raw_event": statistics.median(
            v / r for v, r in zip(leg_rate, raw, strict=True)
        ),
        "simulated_days_per_replication": len(days),
        "replications": args.replications,
        "workers": args.workers,
        "first_replication_s": first,
        "all_replications_s": total,
    }
    width = max(map(len, figures))
    for name, value in figures.items():
        shown = f"{value:,.3f}" if isinstance(value, float) else str(value)
        print(f"{name:<{width}}  {shown}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    return figures


if __name__ == "__main__":
    main()
