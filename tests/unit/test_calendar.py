"""Which days are simulated: every day, or sampled strata with weights."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest

from sim.inputs.scenario import PROJECT_ROOT, Scenario, load_scenario
from sim.model.horizon import day_type, horizon_days, is_holiday, phase, simulated_days
from sim.run.experiment import run_experiment
from tests.synthetic import edit_table, one_district_data, queue_scenario

BASELINE = PROJECT_ROOT / "scenarios" / "baseline.yaml"


@pytest.fixture(scope="module")
def baseline() -> Scenario:
    return load_scenario(BASELINE)


def months(days) -> dict[tuple[int, int], list]:
    by_month = defaultdict(list)
    for day in days:
        by_month[(day.date.year, day.date.month)].append(day)
    return by_month


def placed(baseline: Scenario, start: str, end: str, **changes) -> Scenario:
    return baseline.with_overrides(
        placements=[{"team": "SOF-HP-NOR-BIS", "premises": "NY-NOR", "start": start, "end": end}],
        **changes,
    )


# --- helpers ----------------------------------------------------------------------------


def test_day_type():
    assert day_type(dt.date(2026, 6, 5)) == "weekday"  # Friday
    assert day_type(dt.date(2026, 6, 6)) == "weekend"  # Saturday
    assert day_type(dt.date(2026, 6, 7)) == "weekend"  # Sunday
    assert day_type(dt.date(2026, 6, 8)) == "weekday"  # Monday


@pytest.mark.parametrize(
    "holiday",
    [
        "2026-12-25",  # juledag, a Friday
        "2027-01-01",  # nytårsdag, a Friday
        "2027-03-25",  # skærtorsdag
        "2027-03-26",  # langfredag
        "2027-03-29",  # 2. påskedag
        "2027-05-06",  # Kristi himmelfartsdag, a Thursday
        "2027-05-17",  # 2. pinsedag
    ],
)
def test_a_public_holiday_on_a_weekday_is_a_weekend_day(holiday):
    date = dt.date.fromisoformat(holiday)
    assert date.weekday() < 5 and is_holiday(date)
    assert day_type(date) == "weekend"


@pytest.mark.parametrize(
    "ordinary",
    [
        "2026-05-01",  # 1. maj
        "2026-06-05",  # grundlovsdag
        "2026-12-24",  # juleaftensdag
        "2026-12-31",  # nytårsaftensdag
        "2027-04-23",  # store bededag, abolished from 2024
    ],
)
def test_the_days_that_are_not_public_holidays_are_weekdays(ordinary):
    """The choice documented in sim/model/horizon.py and data/README.md."""
    date = dt.date.fromisoformat(ordinary)
    assert not is_holiday(date)
    assert day_type(date) == "weekday"


def test_the_holidays_of_the_baseline_horizon(baseline):
    holidays = [d for d in horizon_days(baseline.calendar) if is_holiday(d)]
    assert [d.isoformat() for d in holidays] == [
        "2026-12-25",
        "2026-12-26",
        "2027-01-01",
        "2027-03-25",
        "2027-03-26",
        "2027-03-28",
        "2027-03-29",
        "2027-05-06",
        "2027-05-16",
        "2027-05-17",
    ]


def test_phase_boundaries_are_inclusive_from_the_milestone(baseline):
    cal = baseline.calendar.model_copy(update={"flyt1": dt.date(2026, 7, 1)})
    assert phase(dt.date(2026, 6, 30), cal) == "before_flyt1"
    assert phase(dt.date(2026, 7, 1), cal) == "flyt1"
    assert phase(dt.date(2027, 2, 28), cal) == "flyt1"
    assert phase(dt.date(2027, 3, 1), cal) == "flyt2"
    assert phase(dt.date(2027, 4, 30), cal) == "flyt2"
    assert phase(dt.date(2027, 5, 1), cal) == "merged"


def test_horizon_days_are_inclusive(baseline):
    days = horizon_days(baseline.calendar)
    assert len(days) == 365
    assert days[0] == dt.date(2026, 6, 1)
    assert days[-1] == dt.date(2027, 5, 31)
    assert all((b - a).days == 1 for a, b in zip(days, days[1:], strict=False))


# --- every day --------------------------------------------------------------------------


def test_every_day_simulates_each_horizon_day_with_weight_one(baseline):
    scenario = baseline.with_overrides(fidelity="every-day")
    days = simulated_days(scenario)
    assert [d.date for d in days] == horizon_days(scenario.calendar)
    assert all(d.weight == 1.0 for d in days)
    assert all(d.day_type == day_type(d.date) for d in days)
    assert all(d.phase == phase(d.date, scenario.calendar) for d in days)
    counts = defaultdict(int)
    for d in days:
        counts[d.phase] += 1
    assert counts == {"flyt1": 273, "flyt2": 61, "merged": 31}
    # 104 Saturdays and Sundays and the 7 holidays that fall on a weekday
    assert sum(d.day_type == "weekend" for d in days) == 111


@pytest.fixture(scope="module")
def christmas(tmp_path_factory):
    """Every day from Wednesday 23 to Sunday 27 December 2026 in one district of 400 citizens
    with 6 visits a week: weekday rate 6 / (5 + 2 x 0.5) = exactly 1 visit a day, weekend
    rate 0.5; the roster has 4 carers a shift on weekdays and 2 at weekends, no absence."""
    data = one_district_data(
        tmp_path_factory.mktemp("christmas"), citizens=400, visits_per_week=6, planned=4
    )
    edit_table(data, "visit_profiles", lambda f: f.assign(weekend_factor="0.5"))

    def weekend_roster(frame):
        frame.loc[frame["day_type"] == "weekend", "planned"] = "2"
        return frame

    edit_table(data, "rosters", weekend_roster)
    scenario = queue_scenario(data, replications=1).with_overrides(
        calendar={
            "start": "2026-12-23",
            "end": "2026-12-27",
            "flyt1": "2026-12-23",
            "flyt2": "2026-12-27",
            "physical_merge": "2026-12-27",
        }
    )
    return run_experiment(scenario, workers=1, reuse=False)


def test_every_day_runs_a_holiday_with_weekend_demand_and_roster(christmas):
    visits = christmas.frame("visits").groupby("date")
    planned = visits["planned"].sum()
    carers = christmas.frame("staff").groupby("date")["carers"].sum()
    kinds = visits["day_type"].first()
    wed, eve, xmas, boxing, sun = (dt.date(2026, 12, d) for d in range(23, 28))
    assert list(kinds[[wed, eve, xmas, boxing, sun]]) == ["weekday"] * 2 + ["weekend"] * 3
    # weekdays: exactly one visit per citizen, 12 carers; juleaftensdag is one of them
    assert planned[wed] == planned[eve] == 400
    assert carers[wed] == carers[eve] == 12
    # juledag (a Friday) is a weekend day: 400 x 0.5 visits expected (sd 10), 6 carers
    for day in (xmas, boxing, sun):
        assert planned[day] == pytest.approx(200, abs=40), day
        assert carers[day] == 6, day


def test_every_day_on_a_short_horizon():
    scenario = Scenario(
        name="kort",
        fidelity="every-day",
        calendar={
            "start": "2026-06-01",
            "end": "2026-06-14",
            "flyt1": "2026-06-01",
            "flyt2": "2026-06-08",
            "physical_merge": "2026-06-14",
        },
    )
    days = simulated_days(scenario)
    assert len(days) == 14
    assert sum(d.day_type == "weekend" for d in days) == 4
    assert [d.phase for d in days] == ["flyt1"] * 7 + ["flyt2"] * 6 + ["merged"]


# --- sampled ----------------------------------------------------------------------------


def test_sampled_weights_sum_to_the_horizon(baseline):
    days = simulated_days(baseline)
    assert sum(d.weight for d in days) == pytest.approx(365)
    assert len(days) == 48  # two weekdays and two weekend days in each of 12 months
    assert len({d.date for d in days}) == len(days)
    assert [d.date for d in days] == sorted(d.date for d in days)


def test_sampled_weights_per_day_type_match_the_calendar(baseline):
    days = simulated_days(baseline)
    horizon = horizon_days(baseline.calendar)
    for kind in ("weekday", "weekend"):
        expected = sum(day_type(d) == kind for d in horizon)
        assert sum(d.weight for d in days if d.day_type == kind) == pytest.approx(expected)


def test_sampled_weekend_weights_count_the_holidays_of_their_stratum(baseline):
    december = [d for d in simulated_days(baseline) if (d.date.year, d.date.month) == (2026, 12)]
    # 8 Saturdays and Sundays and juledag (Friday 25th); 23 weekdays less juledag
    assert sum(d.weight for d in december if d.day_type == "weekend") == pytest.approx(9)
    assert sum(d.weight for d in december if d.day_type == "weekday") == pytest.approx(22)
    assert all(d.day_type == "weekend" for d in december if is_holiday(d.date))


def test_sampled_picks_include_holidays_in_proportion_to_the_weekend_type_days(baseline):
    """The evenly spaced picks fall on a holiday about as often as holidays are among the
    weekend-type days; each pick stands for its stratum's weekend-type days, holidays
    included, whichever it is (the model treats them alike: module docstring)."""
    scenario = baseline.with_overrides(sampled_weekend_days_per_month=4)
    picks = [d for d in simulated_days(scenario) if d.day_type == "weekend"]
    horizon = [d for d in horizon_days(scenario.calendar) if day_type(d) == "weekend"]
    share = sum(map(is_holiday, horizon)) / len(horizon)  # 10 of 111
    held = sum(is_holiday(d.date) for d in picks)
    assert held == pytest.approx(share * len(picks), abs=1.5)  # 4 of 48
    assert sum(d.weight for d in picks) == pytest.approx(len(horizon))


def test_a_short_stratum_with_holidays_simulates_them_as_weekend_days(baseline):
    scenario = placed(baseline, "2026-12-21", "2026-12-27", sampled_weekend_days_per_month=4)
    week = [
        d
        for d in simulated_days(scenario)
        if dt.date(2026, 12, 21) <= d.date <= dt.date(2026, 12, 27)
    ]
    weekend = [(d.date.day, d.weight) for d in week if d.day_type == "weekend"]
    assert weekend == [(25, 1.0), (26, 1.0), (27, 1.0)]
    assert sum(d.weight for d in week) == pytest.approx(7)


def test_sampled_weights_per_month_match_the_calendar(baseline):
    horizon = horizon_days(baseline.calendar)
    for (year, month), sampled in months(simulated_days(baseline)).items():
        in_month = [d for d in horizon if (d.year, d.month) == (year, month)]
        assert sum(d.weight for d in sampled) == pytest.approx(len(in_month))


def test_every_month_has_a_weekday_and_a_weekend_day(baseline):
    days = simulated_days(baseline)
    by_month = months(days)
    assert len(by_month) == 12
    for month, sampled in by_month.items():
        kinds = {d.day_type for d in sampled}
        assert kinds == {"weekday", "weekend"}, month
    for d in days:
        assert d.day_type == day_type(d.date)
        assert baseline.calendar.start <= d.date <= baseline.calendar.end


def test_every_phase_in_the_horizon_is_sampled(baseline):
    phases = {d.phase for d in simulated_days(baseline)}
    assert phases == {"flyt1", "flyt2", "merged"}
    for d in simulated_days(baseline):
        assert d.phase == phase(d.date, baseline.calendar)


def test_a_milestone_mid_month_starts_a_new_stratum(baseline):
    scenario = baseline.with_overrides(calendar={"flyt2": "2027-03-15"})
    march = [d for d in simulated_days(scenario) if (d.date.year, d.date.month) == (2027, 3)]
    assert {(d.phase, d.day_type) for d in march} == {
        ("flyt1", "weekday"),
        ("flyt1", "weekend"),
        ("flyt2", "weekday"),
        ("flyt2", "weekend"),
    }
    assert sum(d.weight for d in march) == pytest.approx(31)
    assert sum(d.weight for d in march if d.phase == "flyt1") == pytest.approx(14)


def test_a_placement_mid_month_starts_a_new_stratum(baseline):
    scenario = placed(baseline, "2026-09-15", "2026-10-31")
    september = [d for d in simulated_days(scenario) if (d.date.year, d.date.month) == (2026, 9)]
    before = [d for d in september if d.date < dt.date(2026, 9, 15)]
    after = [d for d in september if d.date >= dt.date(2026, 9, 15)]
    assert {d.day_type for d in before} == {"weekday", "weekend"}
    assert {d.day_type for d in after} == {"weekday", "weekend"}
    assert sum(d.weight for d in before) == pytest.approx(14)
    assert sum(d.weight for d in after) == pytest.approx(16)
    # the first 14 days after the move (productivity loss) are their own stratum
    loss = [d for d in after if d.date < dt.date(2026, 9, 29)]
    assert {d.day_type for d in loss} == {"weekday", "weekend"}
    assert sum(d.weight for d in loss) == pytest.approx(14)
    assert sum(d.weight for d in simulated_days(scenario)) == pytest.approx(365)


def test_the_day_after_a_placement_ends_starts_a_new_stratum(baseline):
    scenario = placed(baseline, "2026-09-01", "2026-10-19")
    october = [d for d in simulated_days(scenario) if (d.date.year, d.date.month) == (2026, 10)]
    assert any(d.date <= dt.date(2026, 10, 19) for d in october)
    assert any(d.date >= dt.date(2026, 10, 20) for d in october)
    assert sum(d.weight for d in october if d.date >= dt.date(2026, 10, 20)) == pytest.approx(12)


def test_the_end_of_the_loss_after_moving_back_starts_a_new_stratum(baseline):
    # placement ends 4 Oct: moves home 5 Oct, slower until 18 Oct, normal from 19 Oct
    scenario = placed(baseline, "2026-09-01", "2026-10-04")
    october = [
        d
        for d in simulated_days(scenario)
        if (d.date.year, d.date.month) == (2026, 10) and d.day_type == "weekday"
    ]
    assert any(dt.date(2026, 10, 5) <= d.date <= dt.date(2026, 10, 18) for d in october)
    assert any(d.date >= dt.date(2026, 10, 19) for d in october)


@pytest.mark.parametrize(("weekdays", "weekend_days"), [(3, 1), (3, 2), (10, 4)])
def test_more_sampled_days_per_month_still_sum_to_the_horizon(baseline, weekdays, weekend_days):
    scenario = baseline.with_overrides(
        sampled_weekdays_per_month=weekdays, sampled_weekend_days_per_month=weekend_days
    )
    days = simulated_days(scenario)
    assert sum(d.weight for d in days) == pytest.approx(365)
    assert len({d.date for d in days}) == len(days)
    for month, sampled in months(days).items():
        assert sum(d.day_type == "weekday" for d in sampled) == weekdays, month
        assert sum(d.day_type == "weekend" for d in sampled) == weekend_days, month


def test_three_weekdays_are_spread_over_the_month(baseline):
    scenario = baseline.with_overrides(sampled_weekdays_per_month=3)
    june = [
        d.date for d in simulated_days(scenario) if d.date.month == 6 and d.day_type == "weekday"
    ]
    assert len(june) == 3
    assert june[0].day <= 10 and 10 < june[1].day <= 20 and june[2].day > 20


def test_a_short_stratum_weighs_each_of_its_days_once(baseline):
    # a placement over a weekend: stratum Sat-Sun holds only two weekend days
    scenario = placed(baseline, "2026-06-13", "2026-06-14", sampled_weekend_days_per_month=4)
    june = [d for d in simulated_days(scenario) if d.date.month == 6]
    in_placement = [d for d in june if dt.date(2026, 6, 13) <= d.date <= dt.date(2026, 6, 14)]
    assert [(d.date.day, d.weight) for d in in_placement] == [(13, 1.0), (14, 1.0)]
    assert sum(d.weight for d in june) == pytest.approx(30)


def test_sampling_fewer_days_than_asked_uses_every_day(baseline):
    scenario = baseline.with_overrides(
        calendar={
            "start": "2026-06-01",
            "end": "2026-06-07",
            "flyt1": "2026-06-01",
            "flyt2": "2026-06-07",
            "physical_merge": "2026-06-07",
        },
        sampled_weekdays_per_month=10,
        sampled_weekend_days_per_month=4,
    )
    days = simulated_days(scenario)
    assert [d.date.day for d in days] == [1, 2, 3, 4, 5, 6, 7]
    assert all(d.weight == 1.0 for d in days)


def test_sampled_dates_are_deterministic(baseline):
    first = simulated_days(baseline)
    second = simulated_days(load_scenario(BASELINE))
    assert first == second
    # another seed or parameter that does not move a stratum keeps the dates
    other = baseline.with_overrides(seed=7, parameters={"absence_rate": 0.2})
    assert [d.date for d in simulated_days(other)] == [d.date for d in first]


def test_sampled_dates_of_the_baseline(baseline):
    dates = [d.date for d in simulated_days(baseline)]  # two of each type a month
    assert dates[:4] == [
        dt.date(2026, 6, 8),
        dt.date(2026, 6, 13),
        dt.date(2026, 6, 23),
        dt.date(2026, 6, 27),
    ]
    one_each = baseline.with_overrides(
        sampled_weekdays_per_month=1, sampled_weekend_days_per_month=1
    )
    dates = [d.date for d in simulated_days(one_each)]
    assert dates[:4] == [
        dt.date(2026, 6, 16),
        dt.date(2026, 6, 20),
        dt.date(2026, 7, 16),
        dt.date(2026, 7, 18),
    ]
    # 2. pinsedag (17 May) is a weekend-type day: the weekday pick moved to the 18th
    assert dates[-2:] == [dt.date(2027, 5, 16), dt.date(2027, 5, 18)]


def test_a_sampled_day_stands_for_the_other_days_of_its_share(baseline):
    """Each day of the horizon is simulated or stood for by exactly one simulated day of its
    stratum and type (the premises' peak is counted on all of them)."""
    days = simulated_days(baseline)
    covered = [d.date for d in days] + [o for d in days for o in d.stands_for]
    assert sorted(covered) == horizon_days(baseline.calendar)
    for d in days:
        assert all(day_type(o) == d.day_type and o.month == d.date.month for o in d.stands_for)
        assert len(d.stands_for) + 1 == pytest.approx(d.weight, abs=1)
    every = baseline.with_overrides(fidelity="every-day")
    assert all(d.stands_for == () for d in simulated_days(every))
