"""Scenario comparison: paired differences (common random numbers) checked by hand, Welch's
interval for runs with different seeds, the plain-Danish sentences, and the tables a saved
run keeps (small real runs: two months, three replications)."""

from __future__ import annotations

import functools
import json
import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from sim.analysis import compare as K
from sim.analysis import costs as C
from sim.analysis import stats as S
from sim.inputs.scenario import PROJECT_ROOT, load_scenario
from sim.reports.sentences import summary_line, summary_lines
from sim.run.experiment import run_experiment, run_together
from tests.conftest import BASELINE

SHORT = {"start": "2026-08-01", "end": "2026-09-30"}
MOVE = PROJECT_ROOT / "scenarios" / "samlokalisering-noerrebro-sep-2026.yaml"


def kpi_rows(kpi: str, values: list[float], seeds: list[int]) -> pd.DataFrame:
    return pd.DataFrame(
        {"replication": range(len(values)), "seed": seeds, "kpi": kpi, "value": values}
    )


def cost_rows(year: int, totals: list[float], seeds: list[int]) -> pd.DataFrame:
    """Per replication: salaries = the total (so the top lines add up to it)."""
    parts = [
        pd.DataFrame(
            {"replication": range(len(totals)), "seed": seeds, "year": year, "line": line}
            | {"amount": totals}
        )
        for line in ("salaries", "total")
    ]
    return pd.concat(parts, ignore_index=True)


def synthetic_run(kpis: pd.DataFrame, costs: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return {"kpis": kpis, "costs_by_year": costs}


# ---- the statistics, by hand ----------------------------------------------------------


def test_paired_difference_is_the_t_interval_of_the_per_seed_differences():
    """Three replications with seeds 0, 1, 2; the reference's rows come in another order
    (pairing is on the seed, not the row):

        seed        0   1   2
        scenario   10  12  15
        reference   9  10  12
        difference  1   2   3

    mean d = 2; sd d = sqrt(((1-2)^2 + 0^2 + (3-2)^2) / 2) = 1; se = 1/sqrt(3).
    t(0.975; 2 df): the t distribution with 2 df has F(t) = 1/2 + t / (2 sqrt(2 + t^2)),
    so F(t) = 0.975 gives t / sqrt(2 + t^2) = 0.95, t^2 = 2 * 0.9025 / 0.0975 = 18.5128...,
    t = 4.302652729749464. Half width = t / sqrt(3) = 2.484138...; CI = 2 -+ 2.484138.
    """
    scenario = kpi_rows("missed_visits", [10.0, 12.0, 15.0], [0, 1, 2])
    reference = kpi_rows("missed_visits", [12.0, 9.0, 10.0], [2, 0, 1])
    table = S.difference_table(scenario, reference, ["kpi"])
    row = table.iloc[0]
    t = math.sqrt(2 * 0.9025 / 0.0975)
    assert t == pytest.approx(4.302652729749464, abs=1e-12)
    half = t * 1.0 / math.sqrt(3)
    assert bool(row["paired"]) and row["replications"] == 3
    assert row["difference"] == pytest.approx(2.0, abs=1e-9)
    assert row["ci_low"] == pytest.approx(2.0 - half, abs=1e-9)
    assert row["ci_high"] == pytest.approx(2.0 + half, abs=1e-9)
    assert row["ci_low"] == pytest.approx(-0.4841377118, abs=1e-9)
    # the per-seed values behind it
    values = S.paired_values(scenario, reference, ["kpi"])
    assert list(values["seed"]) == [0, 1, 2] and list(values["difference"]) == [1.0, 2.0, 3.0]


def test_runs_with_different_seeds_get_welchs_interval():
    """Scenario seeds 0-2, reference seeds 10-13: no pairs, so Welch:

    a = 10, 12, 15       mean 37/3, variance (49/9 + 1/9 + 64/9) / 2 = 19/3
    b = 9, 10, 12, 11    mean 21/2, variance (9/4 + 1/4 + 9/4 + 1/4) / 3 = 5/3
    va = (19/3)/3 = 19/9, vb = (5/3)/4 = 5/12, difference = 37/3 - 21/2 = 11/6
    se^2 = 19/9 + 5/12 = 91/36
    df = (91/36)^2 / ((19/9)^2 / 2 + (5/12)^2 / 3) = 2.794786...
    half width = t(0.975; df) * sqrt(91/36)
    """
    a = kpi_rows("missed_visits", [10.0, 12.0, 15.0], [0, 1, 2])
    b = kpi_rows("missed_visits", [9.0, 10.0, 12.0, 11.0], [10, 11, 12, 13])
    va, vb = Fraction(19, 9), Fraction(5, 12)
    df = float((va + vb) ** 2 / (va**2 / 2 + vb**2 / 3))
    assert df == pytest.approx(8281 / 2963, abs=1e-12)
    half = stats.t.ppf(0.975, df) * math.sqrt(91 / 36)
    row = S.difference_table(a, b, ["kpi"]).iloc[0]
    assert not row["paired"]
    assert (row["replications"], row["reference_replications"]) == (3, 4)
    assert row["difference"] == pytest.approx(11 / 6, abs=1e-9)
    assert row["ci_low"] == pytest.approx(11 / 6 - half, abs=1e-9)
    assert row["ci_high"] == pytest.approx(11 / 6 + half, abs=1e-9)
    # and scipy's own Welch test agrees
    welch = stats.ttest_ind([10, 12, 15], [9, 10, 12, 11], equal_var=False)
    interval = welch.confidence_interval(0.95)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((interval.low, interval.high), abs=1e-9)
    with pytest.raises(ValueError, match="same seeds"):
        S.paired_values(a, b, ["kpi"])


def test_equal_runs_have_a_zero_interval_and_one_replication_has_none():
    a = kpi_rows("late_visits", [5.0, 6.0], [0, 1])
    row = S.difference_table(a, a.copy(), ["kpi"]).iloc[0]
    assert (row["difference"], row["ci_low"], row["ci_high"]) == (0.0, 0.0, 0.0)
    one = S.difference_table(a.iloc[:1], a.iloc[:1], ["kpi"]).iloc[0]
    assert one["difference"] == 0.0 and np.isnan(one["ci_low"])
    assert S.welch_interval(np.array([1.0, 1.0]), np.array([3.0, 3.0])) == (-2.0, -2.0, -2.0)


# ---- compare and the sentences ---------------------------------------------------------

SEEDS = [0, 1, 2]


@pytest.fixture(scope="module")
def synthetic_runs():
    on_time = [0.90, 0.91, 0.92]
    reference = synthetic_run(
        kpi_rows("on_time_share", on_time, SEEDS),
        pd.concat(
            [cost_rows(2026, [50e6] * 3, SEEDS), cost_rows(2027, [100e6, 101e6, 102e6], SEEDS)]
        ),
    )
    worse = synthetic_run(  # 0.7, 0.8, 0.9 points fewer on time; 3.1-3.3 million more in 2027
        kpi_rows("on_time_share", [0.893, 0.902, 0.911], SEEDS),
        pd.concat(
            [
                cost_rows(2026, [50e6] * 3, SEEDS),
                cost_rows(2027, [103.1e6, 104.2e6, 105.3e6], SEEDS),
            ]
        ),
    )
    better = synthetic_run(  # 2.0-2.2 points more on time; 400-600 thousand less in 2027
        kpi_rows("on_time_share", [0.920, 0.931, 0.942], SEEDS),
        pd.concat(
            [cost_rows(2026, [50e6] * 3, SEEDS), cost_rows(2027, [99.6e6, 100.5e6, 101.4e6], SEEDS)]
        ),
    )
    unsure = synthetic_run(  # -1.0, 0.0, +1.2 points: the interval includes 0
        kpi_rows("on_time_share", [0.89, 0.91, 0.932], SEEDS),
        pd.concat(
            [cost_rows(2026, [50e6] * 3, SEEDS), cost_rows(2027, [100e6, 101e6, 102e6], SEEDS)]
        ),
    )
    other_seeds = synthetic_run(
        kpi_rows("on_time_share", on_time, [7, 8, 9]),
        pd.concat(
            [cost_rows(2026, [50e6] * 3, [7, 8, 9]), cost_rows(2027, [100e6] * 3, [7, 8, 9])]
        ),
    )
    return {
        "Basis": reference,
        "Scenarie B": worse,
        "Scenarie C": better,
        "Scenarie D": unsure,
        "Scenarie E": other_seeds,
    }


def test_compare_puts_the_reference_first_and_says_how_it_paired(synthetic_runs):
    runs = dict(reversed(list(synthetic_runs.items())))  # the reference last in the dict
    table = K.compare(runs, "Basis")
    assert list(table["run"]) == ["Basis", "Scenarie E", "Scenarie D", "Scenarie C", "Scenarie B"]
    rows = table.set_index("run")
    assert rows.at["Basis", "is_reference"] and np.isnan(rows.at["Basis", "difference"])
    assert rows.at["Basis", "note"] == "Reference"
    assert rows.at["Scenarie B", "paired"]
    assert rows.at["Scenarie B", "note"] == "Parret pr. seed (fælles tilfældige tal), 3 par"
    assert not rows.at["Scenarie E", "paired"]
    assert rows.at["Scenarie E", "note"] == "Uparret (Welch): kørslerne har forskellige seeds"
    assert rows.at["Scenarie B", "difference"] == pytest.approx(-0.008)
    assert rows.at["Scenarie B", "assessment"] == "worse" and rows.at["Scenarie B", "certain"]
    assert rows.at["Scenarie C", "assessment"] == "better"
    assert rows.at["Scenarie D", "assessment"] == "same" and not rows.at["Scenarie D", "certain"]
    # the means and CIs are sim.analysis.kpis.summarise's
    assert rows.at["Basis", "mean"] == pytest.approx(0.91)
    assert rows.at["Basis", "label"] == "Besøg til tiden" and rows.at["Basis", "unit"] == "share"
    english = K.compare(runs, "Basis", "en").set_index("run")
    assert english.at["Scenarie E", "note"] == "Unpaired (Welch): the runs have different seeds"
    assert english.at["Basis", "label"] == "Visits on time"
    with pytest.raises(KeyError):
        K.compare(runs, "Ukendt")


def test_compare_costs_pairs_by_seed_and_orders_the_lines(synthetic_runs):
    table = K.compare_costs(synthetic_runs, "Basis")
    total = table[(table["line"] == "total") & (table["year"] == 2027)].set_index("run")
    assert total.at["Scenarie B", "difference"] == pytest.approx(3.2e6)
    assert total.at["Scenarie B", "paired"] and total.at["Scenarie B", "certain"]
    assert not total.at["Scenarie E", "paired"]
    assert list(table[table["run"] == "Basis"]["line"]) == ["salaries", "total"] * 2
    assert total.at["Basis", "label"] == "I alt"
    whole = K.compare_costs(synthetic_runs, "Basis", by=None).set_index(["run", "line"])
    assert whole.at[("Scenarie B", "total"), "difference"] == pytest.approx(3.2e6)


def test_summary_line_in_danish_says_fewer_more_less_and_no_certain_difference(synthetic_runs):
    kpis = K.compare(synthetic_runs, "Basis")
    costs = K.compare_costs(synthetic_runs, "Basis")
    # B: differences -0.7, -0.8, -0.9 points: mean 0.8, sd 0.1, half width 4.3027/sqrt(3)*0.1
    # = 0.248 -> 0.55-1.05 points; 2027: 3.1, 3.2, 3.3 million -> 2.95-3.45 million
    assert summary_line(kpis, costs, "Scenarie B", years=[2027]) == (
        "Scenarie B leverer 0,8 procentpoint færre besøg til tiden end Basis "
        "(95 %-KI 0,6–1,0) og koster 3,2 mio. kr. mere i 2027 (95 %-KI 3,0–3,4 mio. kr.)."
    )
    # C: 2.0, 2.1, 2.2 points more; 2027: 0.4, 0.5, 0.6 million less
    assert summary_line(kpis, costs, "Scenarie C", years=[2027]) == (
        "Scenarie C leverer 2,1 procentpoint flere besøg til tiden end Basis "
        "(95 %-KI 1,9–2,3) og koster 500.000 kr. mindre i 2027 (95 %-KI 251.586–748.414 kr.)."
    )
    # D: -1.0, 0.0, +1.2 points: the interval includes 0; the same cost as Basis in 2027
    line = summary_line(kpis, costs, "Scenarie D")
    assert line.startswith(
        "Scenarie D viser ingen sikker forskel i besøg til tiden fra Basis (95 %-KI -2,7 til +2,8 "
        "procentpoint) og ingen sikker forskel i udgifterne i 2026"
    )
    assert line.endswith("og ingen sikker forskel i udgifterne i 2027 (95 %-KI 0 til 0 kr.).")
    # all years by default, joined with "og"
    assert "mere i 2027" in summary_line(kpis, costs, "Scenarie B")
    assert "i 2026" in summary_line(kpis, costs, "Scenarie B")
    assert summary_line(kpis, costs, "Basis").startswith("Basis er referencen")
    lines = summary_lines(synthetic_runs, "Basis")
    assert list(lines) == ["Scenarie B", "Scenarie C", "Scenarie D", "Scenarie E"]


def test_summary_line_in_english(synthetic_runs):
    kpis = K.compare(synthetic_runs, "Basis", "en")
    costs = K.compare_costs(synthetic_runs, "Basis", "en")
    assert summary_line(kpis, costs, "Scenarie B", "en", years=[2027]) == (
        "Scenarie B delivers 0.8 percentage points fewer visits on time than Basis "
        "(95% CI 0.6–1.0) and costs DKK 3.2 million more in 2027 (95% CI DKK 3.0–3.4 million)."
    )
    assert "shows no certain difference in visits on time" in summary_line(
        kpis, costs, "Scenarie D", "en"
    )


def test_other_kpis_have_sentences_in_their_units():
    seeds = [0, 1, 2]
    runs = {
        "A": {"kpis": kpi_rows("response_p90_min", [20.0, 21.0, 22.0], seeds)},
        "B": {"kpis": kpi_rows("response_p90_min", [23.0, 24.5, 26.0], seeds)},
    }
    kpis = K.compare(runs, "A")
    assert summary_line(kpis, None, "B", kpi="response_p90_min") == (
        "B har 3,5 min. længere responstid på nødkald (90 %-fraktil) end A (95 %-KI 2,3–4,7)."
    )
    runs = {
        "A": {"kpis": kpi_rows("delivered_visits", [100.0, 110.0, 120.0], seeds)},
        "B": {"kpis": kpi_rows("delivered_visits", [90.0, 99.0, 108.0], seeds)},
    }
    kpis = K.compare(runs, "A")
    assert summary_line(kpis, None, "B", kpi="delivered_visits").startswith(
        "B har 11 færre leverede besøg end A (95 %-KI"
    )


# ---- small real runs -------------------------------------------------------------------


@functools.cache
def small_experiments() -> dict:
    """Basis and the Nørrebro move (seeds 0-2) and Basis with other seeds (50-51), August
    and September 2026, costs attached; made once per test session (test_exports uses
    them too)."""
    base = load_scenario(BASELINE).with_overrides(calendar=SHORT, replications=3)
    move = load_scenario(MOVE).with_overrides(calendar=SHORT, replications=3)
    other = base.with_overrides(name="Andre seeds", seed=50, replications=2)
    moved, its_basis = run_together([move, C.comparison_baseline(move, base)], workers=1)
    return {
        "Basis": C.attach_costs(run_experiment(base, workers=1)),
        "Nørrebro": C.attach_costs(moved),
        "Andre seeds": C.attach_costs(run_experiment(other, workers=1)),
        "Basis på Nørrebros dage": C.attach_costs(its_basis),
    }


@functools.cache
def small_runs() -> dict:
    """:func:`sim.analysis.compare.run_tables` of :func:`small_experiments` (do not change
    them), the Nørrebro move's with its verdict against Basis on its days."""
    experiments = small_experiments()
    basis = experiments["Basis på Nørrebros dage"]
    return {
        name: K.run_tables(e, basis=basis if name == "Nørrebro" else None)
        for name, e in experiments.items()
        if name != "Basis på Nørrebros dage"
    }


@pytest.fixture(scope="module")
def experiments():
    return small_experiments()


@pytest.fixture(scope="module")
def runs():
    return small_runs()


COLUMNS = {
    "kpis": ["replication", "seed", "kpi", "value"],
    "kpis_by_month": ["replication", "seed", "month", "kpi", "value"],
    "kpis_by_area": ["replication", "seed", "area", "kpi", "value"],
    "kpis_by_premises": ["replication", "seed", "premises", "kpi", "value"],
    "premises_by_month": ["replication", "seed", "premises", "month", "peak_ratio"],
    "costs_by_year": ["replication", "seed", "year", "line", "amount"],
    "implementation_funding": ["year", "amount"],
    "placements": ["team", "premises", "start", "end"],
    "leases": ["premises", "start", "end"],
    "premises": ["premises", "name", "district", "organisation", "capacity"],
    "assumptions": ["key", "value"],
    "run_sheet": ["field", "value"],
}


def test_run_tables_have_the_contracted_names_columns_and_plain_types(runs):
    tables = runs["Nørrebro"]
    assert tuple(tables) == (*K.TABLES, "verdicts") and set(COLUMNS) == set(K.TABLES)
    for name, columns in COLUMNS.items():
        assert list(tables[name].columns) == columns, name
        for column in columns:
            kind = tables[name][column].dtype
            assert kind.kind in "if" or pd.api.types.is_string_dtype(kind), (name, column, kind)
    kpis = tables["kpis"]
    assert set(kpis["seed"]) == {0, 1, 2}
    assert {"cost_total", "vacancy_share", "on_time_share"} <= set(kpis["kpi"])
    assert set(tables["kpis_by_month"]["month"]) == {"2026-08", "2026-09"}
    assert set(tables["kpis_by_premises"]["kpi"]) == set(K.PREMISES_KPIS)
    assert set(tables["costs_by_year"]["year"]) == {2026}
    assert tables["placements"].to_dict("records") == [
        {
            "team": "SOF-HP-NOR-BIS",
            "premises": "SUF-P-03",
            "start": "2026-09-01",
            "end": "2027-05-31",
        }
    ]
    sheet = dict(zip(tables["run_sheet"]["field"], tables["run_sheet"]["value"], strict=True))
    assert sheet["seeds"] == "0, 1, 2" and sheet["replications"] == "3"
    settings = dict(zip(tables["assumptions"]["key"], tables["assumptions"]["value"], strict=True))
    assert settings["parameters.travel_mode"] == "bike" and settings["calendar.end"] == "2026-09-30"
    assert tables["implementation_funding"].set_index("year")["amount"].to_dict() == {
        2026: 13_800_000.0,
        2027: 11_100_000.0,
    }


def test_run_tables_go_to_json_and_back_and_compare_the_same(runs):
    def round_trip(tables):
        text = json.dumps(
            {name: json.loads(table.to_json(orient="records")) for name, table in tables.items()}
        )
        return {
            name: pd.DataFrame(rows, columns=list(tables[name].columns))
            for name, rows in json.loads(text).items()
        }

    stored = {name: round_trip(tables) for name, tables in runs.items()}
    before = K.compare(runs, "Basis")
    after = K.compare(stored, "Basis")
    pd.testing.assert_frame_equal(before, after, check_dtype=False)
    pd.testing.assert_frame_equal(
        K.compare_costs(runs, "Basis"), K.compare_costs(stored, "Basis"), check_dtype=False
    )


def test_real_runs_pair_on_seed_and_agree_with_the_cost_module(runs, experiments):
    table = K.compare(runs, "Basis").set_index(["run", "kpi"])
    assert table.at[("Nørrebro", "on_time_share"), "paired"]
    assert not table.at[("Andre seeds", "on_time_share"), "paired"]
    # before the move in September the two runs are the same, seed for seed
    month = K.compare_by(runs, "Basis", "month", kpis=["on_time_share", "travel_share"])
    august = month[(month["month"] == "2026-08") & (month["run"] == "Nørrebro")]
    assert (august["difference"] == 0).all() and (august["difference_ci_high"] == 0).all()
    # the paired cost differences are sim.analysis.costs' (which uses the same function)
    costs = K.compare_costs(runs, "Basis").set_index(["run", "year", "line"])
    summary = C.difference_summary(experiments["Nørrebro"], experiments["Basis"], "year")
    for row in summary.to_dict("records"):
        ours = costs.loc[("Nørrebro", row["year"], row["line"])]
        assert ours["difference"] == pytest.approx(row["mean"], abs=1e-6)
        assert ours["difference_ci_low"] == pytest.approx(row["ci_low"], abs=1e-6, nan_ok=True)
        assert row["paired"]
    moving = costs.loc[("Nørrebro", 2026, "moving")]
    assert moving["difference"] > 0 and moving["certain"]
    # and the verdict is the one stored with the run, against Basis on its own days
    budget = K.run_verdicts(runs).set_index(["run", "year"])
    basis = experiments["Basis på Nørrebros dage"]
    verdicts = C.budget_verdicts(experiments["Nørrebro"], basis).set_index("year")
    for column in ("running_difference", "one_off", "over_budget", "over_budget_ci_high"):
        assert budget.at[("Nørrebro", 2026), column] == pytest.approx(verdicts.at[2026, column])
    assert budget.at[("Nørrebro", 2026), "verdict"].startswith(verdicts.at[2026, "verdict"])
    assert set(budget.index.get_level_values("run")) == {"Nørrebro"}  # Basis is the reference
    occupancy = K.premises_occupancy(runs)
    assert set(occupancy["run"]) == set(runs) and (occupancy["ratio"] > 0).all()


def test_the_cost_difference_of_runs_with_other_seeds_is_welch(experiments):
    summary = C.difference_summary(experiments["Andre seeds"], experiments["Basis"], None)
    assert not summary["paired"].any()
    total = summary.set_index("line").loc["total"]
    ours = C.cost_table(experiments["Andre seeds"], None)
    theirs = C.cost_table(experiments["Basis"], None)
    a = ours.loc[ours["line"] == "total", "amount"].to_numpy()
    b = theirs.loc[theirs["line"] == "total", "amount"].to_numpy()
    welch = stats.ttest_ind(a, b, equal_var=False).confidence_interval(0.95)
    assert (total["ci_low"], total["ci_high"]) == pytest.approx((welch.low, welch.high))
    with pytest.raises(ValueError, match="same seeds"):
        C.paired_difference(experiments["Andre seeds"], experiments["Basis"])


def test_what_one_run_lacks_is_no_difference_and_the_note_counts_the_seeds():
    """A KPI only the scenario has (e.g. a new premises' occupancy) and a budget year the
    reference did not run get no difference, and do not make the note say '0 par'."""
    seeds = [0, 1, 2]
    reference = {
        "kpis": kpi_rows("missed_visits", [1.0, 2.0, 3.0], seeds),
        "costs_by_year": cost_rows(2026, [10.0, 11.0, 12.0], seeds),
    }
    scenario = {
        "kpis": pd.concat(
            [
                kpi_rows("missed_visits", [2.0, 3.0, 4.0], seeds),
                kpi_rows("capacity_wait_hours", [5.0, 6.0, 7.0], seeds),
            ]
        ),
        "costs_by_year": pd.concat(
            [cost_rows(2026, [10.0, 11.0, 12.0], seeds), cost_rows(2027, [9.0, 9.0, 9.0], seeds)]
        ),
    }
    table = K.compare({"A": reference, "B": scenario}, "A").set_index(["run", "kpi"])
    assert table.at[("B", "missed_visits"), "difference"] == pytest.approx(1.0)
    assert np.isnan(table.at[("B", "capacity_wait_hours"), "difference"])
    assert table.at[("B", "capacity_wait_hours"), "assessment"] == "same"
    assert table.at[("B", "missed_visits"), "note"].endswith(", 3 par")
    costs = K.compare_costs({"A": reference, "B": scenario}, "A").set_index(["run", "year", "line"])
    assert costs.at[("B", 2026, "total"), "difference"] == 0.0
    assert np.isnan(costs.at[("B", 2027, "total"), "difference"])
    assert not costs.at[("B", 2027, "total"), "certain"]
