"""The public API: what outside tools, the tests and the benchmarks use. Kept stable;
everything else in ``sim`` may move. Re-exported from :mod:`sim`. (The names are not
those of modules in ``sim``: ``sim.analysis.costs`` is a module, ``sim.cost_lines`` a function.)

The README's "Python API" section shows it at work (a doctest: tests/functional/test_readme.py).
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import Executor
from pathlib import Path
from typing import Literal

import pandas as pd

from sim import _API
from sim.analysis.compare import compare as _compare
from sim.analysis.compare import run_tables
from sim.analysis.costs import BASELINE_SCENARIO, attach_costs, comparison_baseline, cost_summary
from sim.analysis.kpis import summary
from sim.analysis.verdict import verdict_table, worded
from sim.inputs.dataset import scenario_data
from sim.inputs.scenario import PROJECT_ROOT, SCENARIO_DIR, Scenario, load_scenario
from sim.model.horizon import simulated_days
from sim.run.experiment import Experiment, make_executor, run_experiment, run_together

Breakdown = Literal["month", "area", "team", "premises"]

__all__ = list(_API)  # the names sim re-exports


def load(name: str | Path) -> Scenario:
    """A scenario: a shipped one by its file name (``"baseline.yaml"``) or a YAML file."""
    path = Path(name)
    if not path.exists() and (SCENARIO_DIR / path.name).exists():
        path = SCENARIO_DIR / path.name
    return load_scenario(path)


def horizon(scenario: Scenario) -> list[dt.date]:
    """The days the scenario simulates (all days, or the sampled ones)."""
    return [day.date for day in simulated_days(scenario)]


def _with(scenario: Scenario, replications, seed, fidelity) -> Scenario:
    changes = {
        name: value
        for name, value in (("replications", replications), ("seed", seed), ("fidelity", fidelity))
        if value is not None
    }
    return Scenario.model_validate({**scenario.model_dump(), **changes}) if changes else scenario


def simulate(
    scenario: Scenario,
    *,
    replications: int | None = None,
    seed: int | None = None,
    fidelity: Literal["sampled", "every-day"] | None = None,
    executor: Executor | Literal["in-process", "processes", "dask"] | None = None,
    workers: int | None = None,
    reuse: bool = True,
) -> Experiment:
    """Run ``scenario``: ``replications`` (default the scenario's), replication *i* with
    seed ``seed + i``, at ``fidelity``, on ``executor`` (an executor, or the name of one:
    see :func:`sim.run.experiment.make_executor`; default: local processes); with
    ``reuse`` False every day is simulated, none taken from an equal day kept before."""
    scenario = _with(scenario, replications, seed, fidelity)
    data = scenario_data(scenario)
    if isinstance(executor, str):
        with make_executor(executor, workers) as made:
            return run_experiment(scenario, data, executor=made, reuse=reuse)
    return run_experiment(scenario, data, workers=workers, executor=executor, reuse=reuse)


def simulate_with_basis(
    scenario: Scenario,
    *,
    replications: int | None = None,
    seed: int | None = None,
    fidelity: Literal["sampled", "every-day"] | None = None,
    workers: int | None = None,
    reuse: bool = True,
) -> tuple[Experiment, Experiment]:
    """Run ``scenario`` and its Basis (the shipped baseline on the scenario's data,
    horizon, seeds and days) together, paired day by day, as the app and the command line
    do; with ``reuse`` False every day is simulated (none is taken from an equal day
    simulated before). The pair is what :func:`budget_verdict` judges."""
    scenario = _with(scenario, replications, seed, fidelity)
    basis = comparison_baseline(scenario, load_scenario(PROJECT_ROOT / BASELINE_SCENARIO))
    data = scenario_data(scenario)
    experiment, base = run_together([scenario, basis], data, workers=workers, reuse=reuse)
    return experiment, base


def kpis(experiment: Experiment, by: Breakdown | None = None, lang: str = "da") -> pd.DataFrame:
    """Every KPI's mean and 95 % CI over the replications, overall or per ``by`` group."""
    return summary(experiment, by, lang)


def _costed(experiment: Experiment) -> Experiment:
    first = experiment.replications[0] if experiment.replications else None
    if first is not None and "costs" not in first.frames:
        attach_costs(experiment)
    return experiment


def cost_lines(experiment: Experiment, by: str | None = "year", lang: str = "da") -> pd.DataFrame:
    """The cost lines per budget year (``by="month"``, or None for the horizon) with their
    95 % CIs; the cost frames are attached to ``experiment`` the first time."""
    return cost_summary(_costed(experiment), by, lang)


def budget_verdict(experiment: Experiment, baseline: Experiment, lang: str = "da") -> pd.DataFrame:
    """Per budget year: is ``experiment`` within budget against ``baseline`` (its Basis, run
    on the same days with the same seeds: :func:`simulate_with_basis`), with the 95 % CI of
    what it is over and the service next to the money
    (:func:`sim.analysis.verdict.verdict_table`), in words (``verdict``, ``sentence``)."""
    return worded(verdict_table(_costed(experiment), _costed(baseline)), lang)


def compare_runs(
    experiments: dict[str, Experiment], reference: str, lang: str = "da"
) -> pd.DataFrame:
    """Runs side by side: each KPI's mean and CI per run, and each run's difference from
    ``reference`` (paired on the seed when they share their seeds, Welch's otherwise)."""
    tables = {name: run_tables(_costed(e)) for name, e in experiments.items()}
    return _compare(tables, reference, lang)
