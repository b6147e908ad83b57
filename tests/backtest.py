"""The backtest: the baseline scenario's KPIs on a short horizon, stored in
tests/expected/baseline_backtest.json. After a deliberate model or data change, rerun

    python -m tests.backtest

and commit the new file together with the change (the diff shows what moved).
"""

from __future__ import annotations

import json
from pathlib import Path

from sim.analysis.kpis import kpi_table
from sim.inputs.scenario import load_scenario
from sim.run.experiment import run_experiment
from tests.conftest import BASELINE

EXPECTED = Path(__file__).resolve().parent / "expected" / "baseline_backtest.json"


def backtest_kpis() -> dict[str, list[float]]:
    scenario = load_scenario(BASELINE).with_overrides(
        calendar={"start": "2026-06-01", "end": "2026-07-31"}, replications=2
    )
    table = kpi_table(run_experiment(scenario, workers=2))
    return {
        kpi: part.sort_values("replication")["value"].tolist()
        for kpi, part in table.groupby("kpi", sort=True)
    }


if __name__ == "__main__":
    EXPECTED.write_text(json.dumps(backtest_kpis(), indent=1, sort_keys=True) + "\n")
    print(f"wrote {EXPECTED}")
