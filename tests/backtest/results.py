"""The backtest: the baseline scenario's KPIs on a short horizon, stored in
tests/expected/baseline_backtest.json. After a deliberate model or data change, rerun

    python -m tests.backtest

and commit the new file together with the change (the diff shows what moved).

The file holds, per replication (in replication order): every KPI of
``sim.analysis.kpis`` (the model's, and the workforce and cost KPIs that exist once
``sim.analysis.costs.attach_costs`` has added the frames ``workforce`` and ``costs``), and
under ``cost_lines_by_year`` the cost lines table of ``sim.analysis.costs.cost_table``
(year -> line -> kroner, with the ``total`` line).
"""

from __future__ import annotations

import json
from pathlib import Path

from sim.analysis.costs import attach_costs, cost_table
from sim.analysis.kpis import kpi_table
from sim.inputs.scenario import load_scenario
from sim.run.experiment import run_experiment
from tests.conftest import BASELINE

EXPECTED = Path(__file__).resolve().parents[1] / "expected" / "baseline_backtest.json"
COST_LINES_KEY = "cost_lines_by_year"


def backtest_results() -> dict:
    """The backtest's numbers, in the layout of the stored file."""
    scenario = load_scenario(BASELINE).with_overrides(
        calendar={"start": "2026-06-01", "end": "2026-07-31"}, replications=2
    )
    experiment = attach_costs(run_experiment(scenario, workers=2))
    table = kpi_table(experiment)
    results: dict = {
        kpi: part.sort_values("replication")["value"].tolist()
        for kpi, part in table.groupby("kpi", sort=True)
    }
    lines = cost_table(experiment, by="year")
    results[COST_LINES_KEY] = {
        str(year): {
            line: rows.sort_values("replication")["amount"].tolist()
            for line, rows in part.groupby("line", sort=True)
        }
        for year, part in lines.groupby("year", sort=True)
    }
    return results


def write() -> None:
    """Store the backtest's results anew (after a deliberate model or data change)."""
    EXPECTED.write_text(json.dumps(backtest_results(), indent=1, sort_keys=True) + "\n")
    print(f"wrote {EXPECTED}")
