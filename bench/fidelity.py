"""The error of sampled fidelity, measured against every-day on the same seeds.

For each KPI: the mean over replications at both fidelities, the relative difference,
and the paired 95% CI of the difference (same seeds: common random numbers).

    python bench/fidelity.py [--scenario scenarios/baseline.yaml] [--replications 5]
    python bench/fidelity.py --all [--weekdays 2 --weekend-days 2]   # headline KPIs only

``--all`` measures every shipped scenario (scenarios/*.yaml) and prints the headline KPIs'
relative differences, scenario by scenario, and the largest. ``--weekdays`` and
``--weekend-days`` try another sampling design (days per stratum). Days already simulated
are taken from the day cache (var/cache/days), so a second design costs only its own days.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sim.analysis.costs import attach_costs
from sim.analysis.kpis import HEADLINE, KPIS, kpi_table
from sim.analysis.stats import t_interval
from sim.inputs.scenario import SCENARIO_DIR as SCENARIOS
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
    parser.add_argument("--all", action="store_true", help="every shipped scenario, headline")
    parser.add_argument("--replications", type=int, default=5)
    parser.add_argument("--weekdays", type=int, help="sampled weekdays per stratum")
    parser.add_argument("--weekend-days", type=int, help="sampled weekend days per stratum")
    args = parser.parse_args(argv)
    design = {}
    if args.weekdays:
        design["sampled_weekdays_per_month"] = args.weekdays
    if args.weekend_days:
        design["sampled_weekend_days_per_month"] = args.weekend_days
    paths = sorted(SCENARIOS.glob("*.yaml")) if args.all else [Path(args.scenario)]
    headline = {}
    for path in paths:
        print(f"== {path.name}")
        table = compare(load_scenario(path).with_overrides(**design), args.replications)
        if not args.all:
            with pd.option_context("display.width", 160, "display.float_format", "{:,.4f}".format):
                print(table.to_string(index=False))
        headline[path.stem] = table.set_index("kpi").loc[list(HEADLINE), "relative_difference"]
    if args.all:
        frame = pd.DataFrame(headline)
        frame["largest"] = frame.abs().max(axis=1)
        with pd.option_context("display.width", 200, "display.float_format", "{:+.2%}".format):
            print(frame.to_string())


if __name__ == "__main__":
    main()
