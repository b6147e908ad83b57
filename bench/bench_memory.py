"""Memory a run keeps per replication: the whole frames against the summarised
replication the app keeps (``sim.analysis.compare.reduce_replication``).

    .venv/bin/python bench/bench_memory.py                    # sampled, 2 replications
    .venv/bin/python bench/bench_memory.py --fidelity every-day --replications 1

Prints MiB per replication before and after, and the simulated days per replication.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim.analysis.compare import reduce_replication  # noqa: E402
from sim.analysis.costs import resolve_holdings  # noqa: E402
from sim.inputs.dataset import load_cost_data, scenario_data  # noqa: E402
from sim.inputs.scenario import load_scenario  # noqa: E402
from sim.model.horizon import simulated_days  # noqa: E402
from sim.run.experiment import iter_replications  # noqa: E402

MIB = 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fidelity", default="sampled", choices=["sampled", "every-day"])
    parser.add_argument("--replications", type=int, default=2)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    scenario = load_scenario(ROOT / "scenarios" / "baseline.yaml").with_overrides(
        fidelity=args.fidelity, replications=args.replications
    )
    data = scenario_data(scenario)
    costs = load_cost_data(scenario.resolve_data_dir())
    holdings = resolve_holdings(scenario, data)
    days = len(simulated_days(scenario))
    print(f"{args.fidelity}: {days} simulated days per replication")
    for replication in iter_replications(scenario, data, workers=args.workers):
        before = replication.nbytes
        started = time.perf_counter()
        reduced = reduce_replication(replication, scenario, data, costs, holdings)
        seconds = time.perf_counter() - started
        print(
            f"replication {replication.index}: whole {before / MIB:.1f} MiB "
            f"({before / MIB / days * 1000:.1f} MiB per 1000 days), "
            f"summarised {reduced.nbytes / MIB:.2f} MiB, summarising took {seconds:.1f} s"
        )


if __name__ == "__main__":
    main()
