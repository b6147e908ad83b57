"""One answer: a scenario and its Basis are simulated on the same days with the same seeds,
so a scenario that changes nothing differs from Basis by exactly 0, the demand is the same
in both, unchanged days are taken from Basis bit for bit, and the verdict is worded the
same wherever it is shown."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from sim.analysis import compare as K
from sim.analysis.costs import BASELINE_SCENARIO, attach_costs, comparison_baseline
from sim.analysis.kpis import kpi_table
from sim.analysis.verdict import cost_report, verdict_sentence, verdict_table
from sim.inputs.dataset import load_dataset, scenario_data
from sim.inputs.scenario import PROJECT_ROOT, load_scenario
from sim.model.horizon import simulated_days
from sim.reports.files import verdict_frame
from sim.run.experiment import run_together
from sim.run.reuse import DayResults

BASIS = load_scenario(PROJECT_ROOT / BASELINE_SCENARIO)
NORREBRO = load_scenario(PROJECT_ROOT / "scenarios" / "samlokalisering-noerrebro-sep-2026.yaml")
# two months around the move, so that every-day fidelity stays quick
AUTUMN = {
    "start": "2026-08-01",
    "end": "2026-09-30",
    "flyt1": "2026-08-01",
    "flyt2": "2026-09-20",
    "physical_merge": "2026-09-28",
}
BREAKDOWNS = (None, "month", "year", "area", "team", "premises", "organisation")


def _short(scenario, fidelity: str, **changes):
    return scenario.with_overrides(
        calendar=AUTUMN, fidelity=fidelity, replications=2, seed=11, **changes
    )


def _no_op(scenario):
    """The shipped co-location's team "placed" in its own premises: nothing changes."""
    home = load_dataset(scenario.resolve_data_dir()).teams["home_premises_id"]
    placements = [
        {"team": p.team, "premises": home[p.team], "start": p.start, "end": p.end}
        for p in scenario.placements
    ]
    return scenario.with_overrides(placements=placements, leases=[])


def _paired(scenario, reuse: bool = False):
    basis = comparison_baseline(scenario, BASIS)
    data = scenario_data(scenario)
    experiment, base = run_together([scenario, basis], data, workers=1, reuse=reuse)
    attach_costs(experiment, data)
    attach_costs(base, data)
    return experiment, base


def _kpis(experiment, by):
    table = kpi_table(experiment, by)
    keys = ["replication", *([by] if by else []), "kpi"]
    return table.sort_values(keys).reset_index(drop=True)


@pytest.mark.parametrize("fidelity", ["sampled", "every-day"])
def test_a_scenario_that_changes_nothing_differs_from_basis_by_exactly_zero(fidelity):
    scenario = _no_op(_short(NORREBRO, fidelity))
    assert scenario.placements  # it has placements, and so strata of its own
    experiment, basis = _paired(scenario)
    for by in BREAKDOWNS:
        mine, theirs = _kpis(experiment, by), _kpis(basis, by)
        assert len(mine) and mine.drop(columns="value").equals(theirs.drop(columns="value"))
        assert np.array_equal(mine["value"].to_numpy(), theirs["value"].to_numpy(), equal_nan=True)
    verdicts = verdict_table(experiment, basis)
    columns = ["running_difference", "one_off", "over_budget", "missed_visits", "on_time_share"]
    assert (verdicts[columns].to_numpy() == 0).all()
    sentence = verdict_sentence(verdicts.iloc[0].to_dict(), "da")
    assert sentence == "2026 (aug.–sep.): inden for budget. Service mod Basis: uændret."


@pytest.mark.parametrize("fidelity", ["sampled", "every-day"])
def test_the_demand_is_the_same_in_a_co_location_and_its_basis(fidelity):
    scenario = _short(NORREBRO, fidelity)
    experiment, basis = _paired(scenario)
    for by in ("month", "area"):
        mine, theirs = _kpis(experiment, by), _kpis(basis, by)
        for kpi in ("planned_visits", "unplanned_visits"):
            a = mine[mine["kpi"] == kpi].reset_index(drop=True)
            b = theirs[theirs["kpi"] == kpi].reset_index(drop=True)
            assert len(a) and a.equals(b), (by, kpi)
    # and something did change: the team moved, and travels from elsewhere
    km = [_kpis(e, None).query("kpi == 'km_travelled'")["value"].sum() for e in (experiment, basis)]
    assert km[0] != km[1]


def test_basis_and_scenario_share_their_days_which_cut_at_both_runs_changes():
    scenario = NORREBRO
    basis = comparison_baseline(scenario, BASIS)
    together = simulated_days(scenario, basis)
    assert together == simulated_days(basis, scenario) == simulated_days(scenario)
    assert together != simulated_days(basis)  # the move and its productivity loss cut strata
    assert sum(d.weight for d in together) == sum(d.weight for d in simulated_days(basis))


def test_unchanged_days_are_taken_from_basis_bit_for_bit_and_counted(tmp_path, monkeypatch):
    scenario = _short(NORREBRO, "sampled")
    days = simulated_days(scenario, comparison_baseline(scenario, BASIS))
    before = sum(d.date < dt.date(2026, 9, 1) for d in days)
    assert before and before < len(days)
    fresh = DayResults(tmp_path / "days")
    monkeypatch.setattr("sim.run.experiment.default_day_results", lambda: fresh)

    computed, computed_basis = _paired(scenario, reuse=False)
    assert [r.simulated_days for r in computed_basis.replications] == [len(days)] * 2
    reused, reused_basis = _paired(scenario, reuse=True)
    # the scenario simulates every day; Basis only the days after the move
    assert [r.simulated_days for r in reused.replications] == [len(days)] * 2
    assert [r.reused_days for r in reused_basis.replications] == [before] * 2
    assert [r.simulated_days for r in reused_basis.replications] == [len(days) - before] * 2
    for a, b in ((computed, reused), (computed_basis, reused_basis)):
        for one, other in zip(a.replications, b.replications, strict=True):
            for name in ("visits", "calls", "staff", "premises", "queues"):
                pd.testing.assert_frame_equal(one.frames[name], other.frames[name])
    # run again: every day comes from the kept days (on disk, shared by the workers)
    fresh._memory.clear()
    again, again_basis = _paired(scenario, reuse=True)
    assert all(r.simulated_days == 0 for r in [*again.replications, *again_basis.replications])
    assert verdict_table(again, again_basis).equals(verdict_table(computed, computed_basis))


def test_the_verdict_is_worded_the_same_in_the_cli_report_the_workbooks_and_sammenlign():
    scenario = _short(NORREBRO, "sampled")
    experiment, basis = _paired(scenario)
    table = verdict_table(experiment, basis)
    for lang in ("da", "en"):
        sentences = [verdict_sentence(row, lang) for row in table.to_dict("records")]
        report = cost_report(experiment, basis, lang=lang)
        assert [row["sentence"] for row in report["verdicts"]] == sentences
        runs = {"Basis": K.run_tables(basis), scenario.name: K.run_tables(experiment)}
        runs[scenario.name]["verdicts"] = table
        shown = K.run_verdicts(runs, lang)
        assert list(shown["sentence"]) == sentences and set(shown["run"]) == {scenario.name}
        sheet = verdict_frame(table, lang)
        assert list(sheet.iloc[:, -1]) == sentences
