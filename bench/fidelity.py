"""The error of sampled fidelity, measured against every-day on the same seeds.

For each KPI: the mean over replications at both fidelities, the relative difference,
and the paired 95% CI of the difference (same seeds: common random numbers).

    python bench/fidelity.py [--scenario scenarios/baseline.yaml] [--replications 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sim.analysis.costs import attach_costs
from sim.analysis.kpis import KPIS, kpi_table
from sim.analysis.stats import t_interval
from sim.inputs.scenario import load_scenario
from sim.run.experiment import run_experiment


def compare(scenario, replications: int) -> pd.DataFrame:
    tables, seconds = {}, {}
    for fidelity in ("every-day", "sampled"):
        started = time.perf_counter()
        experiment = attach_costs(  # cost KPIs too: the budget verdicts rest on them
            run_experiment(scenario.with_overrides(fidelity=fidelity), replications=replications)
        )
        seconds[fidelity] = time.perf_counter() - started
        tables[fidelity] = kpi_table(experiment).pivot(
            index="replication", columns="kpi", values="value"
        )
    rows = []
    for key in [k for k in KPIS if k in tables["every-day"]]:
        full, sampled = tables["every-day"][key], tables["sampled"][key]
        mean_diff, low, high = t_interval((sampled - full).to_numpy())
        rows.append(
            {
                "kpi": key,
                "every_day": full.mean(),
                "sampled": sampled.mean(),
                "relative_difference": mean_diff / full.mean() if full.mean() else float("nan"),
                "difference_ci_low": low,
                "difference_ci_high": high,
            }
        )
    print(f"seconds: every-day {seconds['every-day']:.1f}, sampled {seconds['sampled']:.1f}")
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="scenarios/baseline.yaml")
    parser.add_argument("--replications", type=int, default=5)
    args = parser.parse_args(argv)
    table = compare(load_scenario(args.scenario), args.replications)
    with pd.option_context("display.width", 160, "display.float_format", "{:,.4f}".format):
        print(table.to_string(index=False))


if __name__ == "__main__":
    main()
