"""Costs and the budget test: lines add up, rent follows the days held, differences are
paired, and bad cost inputs are refused with messages naming file, row and column."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.analysis import costs as C
from sim.analysis import kpis as results
from sim.analysis.kpis import kpi_table
from sim.inputs.dataset import COST_FILES, ROLES, load_cost_data, load_dataset
from sim.inputs.scenario import DEFAULT_DATA_DIR, PROJECT_ROOT, ScenarioError, load_scenario
from sim.run.experiment import run_experiment
from tests.conftest import BASELINE
from tests.synthetic import copy_default_data, edit_table

SHORT = {"start": "2026-06-01", "end": "2026-07-31"}


@pytest.fixture(scope="module")
def data():
    return load_dataset(DEFAULT_DATA_DIR)


@pytest.fixture(scope="module")
def cost_data():
    return load_cost_data(DEFAULT_DATA_DIR)


@pytest.fixture(scope="module")
def short_baseline():
    scenario = load_scenario(BASELINE).with_overrides(calendar=SHORT, replications=2)
    return C.attach_costs(run_experiment(scenario, workers=1))


def cost_data_dir(tmp_path: Path) -> Path:
    directory = copy_default_data(tmp_path / "data")
    for name in COST_FILES.values():
        (directory / name).write_bytes((DEFAULT_DATA_DIR / name).read_bytes())
    return directory


def edit_cost_table(directory: Path, key: str, edit) -> None:
    path = directory / COST_FILES[key]
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    edit(frame).to_csv(path, index=False)


def row_of(directory: Path, name: str, prefix: str) -> int:
    lines = (directory / name).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(prefix))


# --- the shipped cost data ------------------------------------------------------------


def test_default_cost_data_has_every_role_and_the_plans_budget(cost_data):
    assert list(cost_data.salaries.index) == list(ROLES)
    budget = cost_data.budget
    moved = budget[(budget["category"] == "moved") & (budget["parent"] == "")]
    # the plan's table 2: 721,432 thousand DKK; its rows are rounded, so they sum to 721,433
    assert abs(moved["amount_1000_dkk"].sum() - 721_432) <= 1
    assert budget.loc[budget["line"] == "hc_rehabilitation", "parent"].item() == "hc_operations"
    expiring = budget[budget["category"] == "expiring"].groupby("year")["amount_1000_dkk"].sum()
    assert expiring.to_dict() == {2026: 51_793, 2027: 38_840, 2028: 39_557, 2029: 3_671}
    assert C.implementation_funding(cost_data) == {2026: 13_800_000.0, 2027: 11_100_000.0}
    suf = budget[budget["category"] == "suf_own"]
    assert (suf["illustrative"] == "yes").all() and len(suf) == 2
    assert (budget.loc[budget["basis"] == "plan", "illustrative"] == "no").all()


def test_every_cost_line_of_the_total_is_a_kpi():
    assert set(results._COST_TOTAL_LINES) == set(C.TOP_LINES)
    assert C.RUNNING_LINES + C.ONE_OFF_LINES == C.TOP_LINES


def test_verdict_and_money_are_written_the_danish_way():
    assert C.verdict_text(0.0) == "inden for budget"
    assert C.verdict_text(-5.0) == "inden for budget"
    assert C.verdict_text(1234567.4) == "over budget med 1.234.567 kr."
    assert C.verdict_text(1234567.4, "en") == "over budget by DKK 1,234,567"


# --- costs add up ---------------------------------------------------------------------


def test_costs_add_up_to_the_total(short_baseline):
    table = C.cost_table(short_baseline, "month")
    wide = table.pivot_table(index=["replication", "month"], columns="line", values="amount")
    np.testing.assert_allclose(wide["total"], wide[list(C.TOP_LINES)].sum(axis=1))
    assert (wide["rent_unused"] <= wide["rent"] + 1e-6).all()
    # months add up to the whole horizon, and the KPI agrees with the table
    whole = C.cost_table(short_baseline, None).set_index(["replication", "line"])["amount"]
    by_month = table.groupby(["replication", "line"])["amount"].sum()
    np.testing.assert_allclose(whole.sort_index(), by_month.sort_index())
    kpi = kpi_table(short_baseline, kpis=["cost_total"]).set_index("replication")["value"]
    np.testing.assert_allclose(kpi.sort_index(), whole.xs("total", level="line").sort_index())
    for line in ("salaries", "supplements", "overtime", "agency_vacancies", "rent", "transport"):
        assert (wide[line] > 0).all(), line
    # the budget years: June and July 2026 only
    assert set(C.cost_table(short_baseline, "year")["year"]) == {2026}


def test_salaries_are_pro_rata_per_day_and_fte(data, cost_data):
    """With no turnover every position is held: salaries = FTE x yearly cost x days / 365."""
    scenario = load_scenario(BASELINE).with_overrides(
        calendar=SHORT, parameters={"turnover_per_year": 0.0}
    )
    rows, _ = C.staff_costs(scenario, data, cost_data, seed=0)
    salaries = rows[rows["line"] == "salaries"].set_index("month")["amount"]
    overhead = cost_data.parameter("payroll_overhead_share")
    yearly = sum(
        row.fte
        * cost_data.salaries.at[row.role, "annual_salary"]
        * (1 + cost_data.salaries.at[row.role, "pension_share"] + overhead)
        for row in data.staff.itertuples()
    )
    assert salaries["2026-06"] == pytest.approx(yearly * 30 / 365)
    assert salaries["2026-07"] == pytest.approx(yearly * 31 / 365)
    recruitment = rows[rows["line"] == "recruitment"]["amount"]
    assert (recruitment == 0).all()


# --- rent for exactly the days held ---------------------------------------------------


# SOF-P-VES is only available until 2027-12-31, so its team moves to NY-VES for 2028
VES_2028 = {
    "team": "SOF-HP-VES-VAL",
    "premises": "NY-VES",
    "start": "2028-01-01",
    "end": "2028-03-31",
}


def leap_scenario(placements=(), **changes):
    return load_scenario(BASELINE).with_overrides(
        calendar={
            "start": "2027-12-01",
            "end": "2028-03-31",
            "flyt1": "2026-06-01",
            "flyt2": "2027-03-01",
            "physical_merge": "2027-05-01",
        },
        placements=[VES_2028, *placements],
        **changes,
    )


def yearly_rent(data, premises, column="rent_per_m2_year"):
    return float(data.premises.at[premises, "area_m2"] * data.premises.at[premises, column])


def test_rent_is_charged_for_exactly_the_days_held_in_a_leap_year(data):
    scenario = leap_scenario(
        leases=[{"premises": "NY-NOR", "start": "2028-02-10", "end": "2028-02-29"}]
    )
    table = C.premises_costs(scenario, data).set_index(["premises", "month"])
    ny = table.loc[("NY-NOR", "2028-02")]
    assert ny["held_days"] == 20
    assert ny["rent"] == pytest.approx(yearly_rent(data, "NY-NOR") * 20 / 366)
    assert ny["running"] == pytest.approx(
        yearly_rent(data, "NY-NOR", "running_cost_per_m2_year") * 20 / 366
    )
    # held but unused still costs rent, all of it 'unused'
    assert ny["used_days"] == 0
    assert ny["rent_unused"] == pytest.approx(ny["rent"])
    assert ("NY-NOR", "2028-01") not in table.index and ("NY-NOR", "2028-03") not in table.index
    # a base held all the time: 31/365 of a year in December 2027, 29/366 in February 2028
    base = yearly_rent(data, "SUF-P-01")
    assert table.loc[("SUF-P-01", "2027-12"), "rent"] == pytest.approx(base * 31 / 365)
    assert table.loc[("SUF-P-01", "2028-02"), "rent"] == pytest.approx(base * 29 / 366)
    assert table.loc[("SUF-P-01", "2028-02"), "rent_unused"] == 0


def test_a_whole_year_held_costs_the_yearly_rent(data):
    scenario = load_scenario(BASELINE).with_overrides(
        calendar={"start": "2027-06-01", "end": "2028-05-31"},
        placements=[{**VES_2028, "end": "2028-05-31"}],
    )
    rent = C.premises_costs(scenario, data).groupby("premises")["rent"].sum()
    # June 2027 - May 2028 crosses 29 February 2028: 214 days of 2027 and 152 of 2028
    expected = yearly_rent(data, "SUF-P-02") * (214 / 365 + 152 / 366)
    assert rent["SUF-P-02"] == pytest.approx(expected)
    # the 15 bases in use (SOF-P-VES until its end 2027-12-31) and NY-VES from 2028
    assert len(rent) == 16
    assert rent["SOF-P-VES"] == pytest.approx(yearly_rent(data, "SOF-P-VES") * 214 / 365)
    assert rent["NY-VES"] == pytest.approx(yearly_rent(data, "NY-VES") * 152 / 366)


def test_a_candidate_used_from_mid_month_is_held_from_that_day_with_fitout_once(data):
    scenario = leap_scenario(
        placements=[
            {"team": "SUF-HP-03", "premises": "NY-NOR", "start": "2027-12-15", "end": "2028-01-10"}
        ]
    )
    table = C.premises_costs(scenario, data).set_index(["premises", "month"])
    annual = yearly_rent(data, "NY-NOR")
    assert table.loc[("NY-NOR", "2027-12"), "rent"] == pytest.approx(annual * 17 / 365)
    assert table.loc[("NY-NOR", "2028-01"), "rent"] == pytest.approx(annual * 10 / 366)
    assert table.loc[("NY-NOR", "2027-12"), "fitout"] == data.premises.at["NY-NOR", "fitout_cost"]
    assert table.loc[("NY-NOR", "2028-01"), "fitout"] == 0
    # SUF-P-03 stays held while SUF-HP-03 is away: its rent in those days is 'unused' only
    # if no other team sits there (SUF-SP-03 stays), so here nothing is unused
    assert table.loc[("SUF-P-03", "2028-01"), "rent_unused"] == 0


def test_a_premises_held_but_unused_still_costs_rent(data):
    """Both SUF Nørrebro teams move to NY-NOR: their old premises stays held (double rent)
    until a lease ends it."""
    move = [
        {"team": team, "premises": "NY-NOR", "start": "2026-09-01", "end": "2027-05-31"}
        for team in ("SUF-HP-03", "SUF-SP-03")
    ]
    scenario = load_scenario(BASELINE).with_overrides(placements=move)
    table = C.premises_costs(scenario, data).set_index(["premises", "month"])
    full = yearly_rent(data, "SUF-P-03")
    assert table.loc[("SUF-P-03", "2026-10"), "rent"] == pytest.approx(full * 31 / 365)
    assert table.loc[("SUF-P-03", "2026-10"), "rent_unused"] == pytest.approx(full * 31 / 365)
    ended = scenario.with_overrides(leases=[{"premises": "SUF-P-03", "end": "2026-12-31"}])
    table = C.premises_costs(ended, data).set_index(["premises", "month"])
    assert ("SUF-P-03", "2027-01") not in table.index
    assert table.loc[("SUF-P-03", "2026-12"), "rent_unused"] == pytest.approx(full * 31 / 365)


def test_lease_problems_are_named(data):
    scenario = load_scenario(BASELINE).with_overrides(
        placements=[
            {"team": "SUF-HP-03", "premises": "NY-NOR", "start": "2026-09-01", "end": "2027-05-31"}
        ],
        leases=[
            {"premises": "NY-XXX"},
            {"premises": "NY-NOR", "start": "2026-10-01"},
            {"premises": "NY-BIS", "start": "2026-09-01", "end": "2028-06-30"},
            {"premises": "SOF-P-OST", "end": "2026-08-31"},
            {"premises": "NY-VAL", "start": "2027-01-01", "end": "2027-03-31"},
            {"premises": "NY-VAL", "start": "2027-03-01"},
        ],
    )
    with pytest.raises(ScenarioError) as info:
        C.resolve_holdings(scenario, data)
    assert info.value.messages == [
        "felt 'leases.0.premises': ukendt lokation 'NY-XXX'",
        "felt 'leases.2.end': lokation NY-BIS er kun ledig til 2027-12-31 (fik 2028-06-30)",
        "felt 'leases.5': lejeperioden for NY-VAL overlapper 'leases.4'",
        "felt 'leases': lokation SOF-P-OST bruges af enheden SOF-HP-IND-OST den 2026-09-01, "
        "men er ikke lejet den dag",
        "felt 'leases': lokation NY-NOR bruges af enheden SUF-HP-03 den 2026-09-01, "
        "men er ikke lejet den dag",
    ]


def test_lease_dates_in_the_wrong_order_are_refused(tmp_path):
    path = tmp_path / "s.yaml"
    (tmp_path / BASELINE.name).write_bytes(BASELINE.read_bytes())  # a base lies beside the file
    path.write_text(
        "base: baseline.yaml\nleases:\n"
        "  - {premises: NY-NOR, start: 2027-01-01, end: 2026-12-31}\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert info.value.messages == ["felt 'leases.0': slutdatoen må ikke ligge før startdatoen"]


# --- difference from the baseline -----------------------------------------------------


def test_a_scenario_identical_to_the_baseline_has_zero_difference(short_baseline):
    twin = short_baseline.scenario.with_overrides(name="Tvilling", description="samme som Basis")
    assert C.same_model(twin, short_baseline.scenario)
    copy = C.attach_costs(run_experiment(twin, workers=1))
    difference = C.paired_difference(copy, short_baseline, "month")
    assert len(difference) > 0
    assert (difference["difference"] == 0).all()
    verdicts = C.budget_verdicts(copy, short_baseline)
    assert verdicts["within_budget"].all() and (verdicts["over_budget"] == 0).all()
    assert list(verdicts["verdict"]) == ["inden for budget"]
    assert verdicts["certain"].all()


def test_the_difference_needs_the_same_seeds(short_baseline):
    other = short_baseline.scenario.with_overrides(seed=7)
    with pytest.raises(ValueError, match="same seeds"):
        C.paired_difference(C.attach_costs(run_experiment(other, workers=1)), short_baseline)


def test_comparison_baseline_takes_the_scenarios_horizon_and_seeds():
    scenario = load_scenario(PROJECT_ROOT / "scenarios" / "samlokalisering-ny-noerrebro.yaml")
    scenario = scenario.with_overrides(calendar=SHORT, seed=5, replications=3)
    reference = C.comparison_baseline(scenario, load_scenario(BASELINE))
    assert reference.name == "Basis" and reference.placements == []
    assert reference.calendar == scenario.calendar
    assert (reference.seed, reference.replications) == (5, 3)
    assert not C.same_model(scenario, reference)


def test_more_overtime_tolerance_moves_cost_from_agency_to_overtime():
    """Too few carers, unfit visits to agency staff: letting carers work longer after their
    shift (common random numbers) means fewer agency visits and more overtime."""
    base = load_scenario(BASELINE).with_overrides(
        calendar={"start": "2026-06-01", "end": "2026-06-14"},
        replications=2,
        parameters={"unfit_visits": "agency", "staff_multiplier": 0.8},
    )
    cost = {}
    for tolerance in (0, 120):
        scenario = base.with_overrides(parameters={"overtime_tolerance_minutes": tolerance})
        experiment = C.attach_costs(run_experiment(scenario, workers=1))
        cost[tolerance] = C.cost_table(experiment, None).set_index(["replication", "line"])
    for replication in (0, 1):
        short, long = cost[0].loc[replication], cost[120].loc[replication]
        assert long.at["agency_visits", "amount"] < short.at["agency_visits", "amount"]
        assert long.at["overtime", "amount"] > short.at["overtime", "amount"]
        assert short.at["agency_visits", "amount"] > 0


def test_a_move_costs_fitout_moving_and_double_rent_against_the_baseline(data, short_baseline):
    """SOF home care Nørrebro/Bispebjerg into NY-NOR from 1 July 2026: fit-out and moving
    in July, rent for NY-NOR, and SOF-P-NOR still held (SOF nursing Nord stays)."""
    scenario = short_baseline.scenario.with_overrides(
        placements=[
            {
                "team": "SOF-HP-NOR-BIS",
                "premises": "NY-NOR",
                "start": "2026-07-01",
                "end": "2026-07-31",
            }
        ],
        leases=[{"premises": "NY-NOR", "start": "2026-07-01", "end": "2026-07-31"}],
    )
    with pytest.raises(ScenarioError, match="NY-NOR er først ledig fra 2026-09-01"):
        run_experiment(scenario, workers=1)
    scenario = scenario.with_overrides(
        calendar={"start": "2026-09-01", "end": "2026-10-31"},
        placements=[
            {
                "team": "SOF-HP-NOR-BIS",
                "premises": "NY-NOR",
                "start": "2026-10-01",
                "end": "2026-10-31",
            }
        ],
        leases=[],
        replications=1,
    )
    experiment = C.attach_costs(run_experiment(scenario, workers=1))
    reference = C.comparison_baseline(scenario, load_scenario(BASELINE))
    baseline = C.attach_costs(run_experiment(reference, workers=1))
    difference = C.paired_difference(experiment, baseline, "month")
    difference = difference.set_index(["month", "line"])["difference"]
    assert difference[("2026-10", "fitout")] == data.premises.at["NY-NOR", "fitout_cost"]
    headcount = data.staff.loc[data.staff["team_id"] == "SOF-HP-NOR-BIS", "headcount"].sum()
    moved = difference[("2026-10", "moving")] / 3000
    assert 0.85 * headcount <= moved <= headcount  # people holding a position that month
    assert difference[("2026-10", "rent")] == pytest.approx(yearly_rent(data, "NY-NOR") * 31 / 365)
    assert difference[("2026-09", "total")] == pytest.approx(0.0, abs=1e-6)
    verdicts = C.budget_verdicts(experiment, baseline).set_index("year")
    assert verdicts.at[2026, "one_off"] == pytest.approx(
        data.premises.at["NY-NOR", "fitout_cost"] + difference[("2026-10", "moving")]
    )
    assert verdicts.at[2026, "implementation_funding"] == 13_800_000
    # one-off costs are within the funding, the extra running cost is what counts
    assert verdicts.at[2026, "over_budget"] == pytest.approx(
        verdicts.at[2026, "running_difference"]
    )


# --- bad cost inputs ------------------------------------------------------------------


def test_negative_rent_is_refused_naming_file_row_and_column(tmp_path):
    directory = cost_data_dir(tmp_path)

    def edit(frame):
        frame.loc[frame["premises_id"] == "SUF-P-05", "rent_per_m2_year"] = "-1300"
        return frame

    edit_table(directory, "premises", edit)
    row = row_of(directory, "premises.csv", "SUF-P-05,")
    with pytest.raises(ScenarioError) as info:
        load_dataset(directory)
    assert len(info.value.messages) == 1
    assert info.value.messages[0].startswith(
        f"premises.csv, række {row}, kolonne 'rent_per_m2_year': må ikke være under 0"
    )


def test_a_missing_role_and_bad_salary_values_are_refused(tmp_path):
    directory = cost_data_dir(tmp_path)

    def edit(frame):
        frame = frame[frame["role"] != "nurse"].copy()
        frame.loc[frame["role"] == "therapist", "annual_salary"] = "mange penge"
        frame.loc[frame["role"] == "leader", "pension_share"] = "1.5"
        return frame

    edit_cost_table(directory, "salaries", edit)
    therapist = row_of(directory, "salaries.csv", "therapist,")
    leader = row_of(directory, "salaries.csv", "leader,")
    with pytest.raises(ScenarioError) as info:
        load_cost_data(directory)
    messages = info.value.messages
    assert "salaries.csv, kolonne 'role': mangler en række for rollen 'nurse'" in messages
    assert (
        f"salaries.csv, række {therapist}, kolonne 'annual_salary': skal være et tal "
        "(fik 'mange penge')" in messages
    )
    assert any(
        m.startswith(f"salaries.csv, række {leader}, kolonne 'pension_share': skal være mellem")
        for m in messages
    )
    assert len(messages) == 3


def test_bad_cost_parameters_and_budget_lines_are_refused(tmp_path):
    directory = cost_data_dir(tmp_path)

    def parameters(frame):
        frame = frame[frame["parameter"] != "overtime_supplement"].copy()
        frame.loc[frame["parameter"] == "supplement_night", "value"] = "-0.3"
        frame.loc[frame["parameter"] == "transport_per_km_car", "parameter"] = "km_car"
        return frame

    def budget(frame):
        frame.loc[frame["line"] == "hc_income", "amount_1000_dkk"] = "9831"
        frame.loc[frame["line"] == "hc_rehabilitation", "parent"] = "hc_operation"
        return frame

    edit_cost_table(directory, "cost_parameters", parameters)
    edit_cost_table(directory, "budget", budget)
    night = row_of(directory, "cost_parameters.csv", "supplement_night,")
    car = row_of(directory, "cost_parameters.csv", "km_car,")
    income = row_of(directory, "budget.csv", "2026,hc_income,")
    rehab = row_of(directory, "budget.csv", "2026,hc_rehabilitation,")
    with pytest.raises(ScenarioError) as info:
        load_cost_data(directory)
    messages = info.value.messages
    assert sorted(messages) == sorted(
        [
            f"budget.csv, række {income}, kolonne 'amount_1000_dkk': en indtægt skrives med "
            "minus (fik '9831')",
            f"cost_parameters.csv, række {car}, kolonne 'parameter': ukendt parameter "
            "(fik 'km_car')",
            "cost_parameters.csv, kolonne 'parameter': mangler parameteren 'overtime_supplement'",
            "cost_parameters.csv, kolonne 'parameter': mangler parameteren 'transport_per_km_car'",
            f"cost_parameters.csv, række {night}, kolonne 'value': supplement_night skal være "
            "mellem 0 og 3 (fik -0,3)",
            f"budget.csv, række {rehab}, kolonne 'parent': ukendt linje samme år "
            "(fik 'hc_operation')",
        ]
    )


def test_a_data_folder_without_cost_files_uses_the_default_ones(tmp_path):
    directory = copy_default_data(tmp_path / "data")
    costs = load_cost_data(directory)
    assert costs.files["salaries"] == (DEFAULT_DATA_DIR / "salaries.csv").resolve()
    own = cost_data_dir(tmp_path / "own")
    assert load_cost_data(own).files["salaries"] == own / "salaries.csv"


# --- the command line -----------------------------------------------------------------


def test_run_reports_costs_difference_and_verdicts(tmp_path):
    scenario = tmp_path / "move.yaml"
    (tmp_path / BASELINE.name).write_bytes(BASELINE.read_bytes())  # a base lies beside the file
    scenario.write_text(
        "base: baseline.yaml\nname: Flyt i oktober\n"
        "calendar: {start: 2026-09-01, end: 2026-10-31}\n"
        "placements:\n"
        "  - {team: SOF-HP-NOR-BIS, premises: NY-NOR, start: 2026-10-01, end: 2026-10-31}\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "sim", "run", str(scenario), "--replications", "2"]
        + ["--workers", "1", "--out", str(tmp_path / "out")],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Udgifter pr. budgetår (kr.)" in out
    assert "2026 (sep.–okt.)" in out
    for word in ("Løn", "Overarbejde", "Vikar", "Husleje", "Drift", "Indretning", "Flytning"):
        assert word in out, word
    assert "Forskel fra Basis (parret pr. replikation):" in out
    assert "Budget 2026 (sep.–okt.): " in out
    document = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    costs = document["costs"]
    assert costs["baseline"]["scenario"] == "Basis" and not costs["baseline"]["same_run"]
    total = next(r for r in costs["by_year"] if r["line"] == "total")
    assert total["ci_low"] <= total["mean"] <= total["ci_high"]
    (verdict,) = costs["verdicts"]
    assert verdict["year"] == 2026 and verdict["implementation_funding"] == 13_800_000
    # the printed verdict is the one stored, and it is the verdict of the stored amount
    assert f"Budget {verdict['sentence']}" in out
    assert verdict["sentence"].startswith(f"2026 (sep.–okt.): {verdict['verdict']}")
    assert verdict["verdict"].startswith(C.verdict_text(verdict["over_budget"]))
    assert "Service mod Basis: " in verdict["sentence"]
    assert {"over_budget", "over_budget_ci_low", "over_budget_ci_high", "verdict"} <= set(verdict)
    fitout = next(r for r in costs["difference_from_baseline"]["by_year"] if r["line"] == "fitout")
    assert fitout["mean"] == 3_150_000
    kpis = {k["kpi"]: k for k in document["kpis"]}
    assert {"cost_total", "cost_rent", "vacancy_share", "leavers"} <= set(kpis)
    assert document["costs"]["budget"][0]["amount_1000_dkk"] == 312_068
    assert dt.date.fromisoformat(document["horizon_start"]) == dt.date(2026, 9, 1)


def test_missed_visits_are_priced_as_agency_cover_and_counted_in_the_budget_test():
    """A staff cut is not free in service: the visits it leaves unmade are priced (cost line
    service_gap) at what agency staff would charge for them, and the budget test adds that to
    the pay it saves. With unfit visits sent to agency staff instead, the same visits cost
    the same on the agency line, and there is no service gap."""
    base = load_scenario(BASELINE).with_overrides(
        calendar={"start": "2026-06-01", "end": "2026-06-14"},
        replications=2,
        parameters={"staff_multiplier": 0.8},
    )
    lines = {}
    for policy in ("missed", "agency"):
        scenario = base.with_overrides(parameters={"unfit_visits": policy})
        experiment = C.attach_costs(run_experiment(scenario, workers=1))
        lines[policy] = C.cost_table(experiment, None).set_index(["replication", "line"])
        visits = experiment.frame("visits")
        assert (visits["missed"].sum() > 0) == (policy == "missed")
    for replication in (0, 1):
        missed, agency = lines["missed"].loc[replication], lines["agency"].loc[replication]
        assert missed.at["service_gap", "amount"] > 0 == agency.at["service_gap", "amount"]
        assert missed.at["agency_visits", "amount"] == 0
        # the same visits, priced alike (the one who cannot make them is the only change)
        assert missed.at["service_gap", "amount"] == pytest.approx(
            agency.at["agency_visits", "amount"], rel=1e-9
        )
    assert "service_gap" in C.RUNNING_LINES


def test_the_service_gap_can_be_switched_off(tmp_path):
    directory = cost_data_dir(tmp_path)

    def free(frame):
        frame.loc[frame["parameter"] == "service_gap_price_share", "value"] = "0"
        return frame

    edit_cost_table(directory, "cost_parameters", free)
    scenario = load_scenario(BASELINE).with_overrides(
        data_dir=str(directory),
        calendar={"start": "2026-06-01", "end": "2026-06-03"},
        replications=1,
        parameters={"staff_multiplier": 0.8},
    )
    experiment = C.attach_costs(run_experiment(scenario, workers=1))
    assert experiment.frame("visits")["missed"].sum() > 0
    table = C.cost_table(experiment, None).set_index("line")
    assert table.at["service_gap", "amount"] == 0
