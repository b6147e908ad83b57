"""Laws that hold for all inputs, checked with hypothesis under common random numbers."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sim.calendar import SimDay
from sim.dataset import load_dataset
from sim.model import build_world, simulate_day
from tests.synthetic import one_district_data, queue_scenario

DAY = SimDay(dt.date(2026, 6, 1), 1.0, "weekday", "flyt1")
SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def busy_district(tmp_path_factory):
    """400 citizens with two visits a day each and ten carers per shift: tight."""
    return one_district_data(
        tmp_path_factory.mktemp("busy"), citizens=400, visits_per_week=14, planned=10
    )


def day_result(data_dir, seed: int, **parameters):
    scenario = queue_scenario(
        data_dir,
        days=1,
        replications=1,
        travel_mode="bike",
        duration_distribution="lognormal",
        **parameters,
    )
    world = build_world(scenario, load_dataset(data_dir), seed)
    return simulate_day(world, DAY)


@SETTINGS
@given(seed=st.integers(0, 10_000), fewer=st.floats(0.3, 1.5), extra=st.floats(0.05, 1.0))
def test_more_carers_never_give_more_missed_visits(busy_district, seed, fewer, extra):
    small = day_result(busy_district, seed, staff_multiplier=fewer).visits
    large = day_result(busy_district, seed, staff_multiplier=fewer + extra).visits
    assert large["missed"].sum() <= small["missed"].sum()


# Premises on a line (7.7 km) from Indre By's centre towards the north-west edge of the
# city; the line leaves the district at about a quarter of the way. Inside the district a
# move can bring the premises nearer the middle of the day's visits, so the law is checked
# for premises outside it. It is a law of the geometry, so it is checked with carers taking
# visits in window order (dispatch_lookahead=1): the default dispatch, which prefers a
# carer's own citizens and the nearest start, depends on timing and can reroute a day
# (the two examples below: 0.03 % less travel for a 450 m move, 0.8 % for 1.2 km).
NEAR = (55.6840, 12.5910)
FAR = (55.7300, 12.5000)
OUTSIDE = 0.25


def _point(t: float) -> tuple[float, float]:
    return NEAR[0] + t * (FAR[0] - NEAR[0]), NEAR[1] + t * (FAR[1] - NEAR[1])


@SETTINGS
@given(seed=st.integers(0, 10_000), near=st.floats(OUTSIDE, 0.8), further=st.floats(0.05, 0.2))
@example(seed=8302, near=0.25, further=0.0625)  # rerouted by the default dispatch: -0.03 %
@example(seed=441, near=0.25, further=0.15625)  # rerouted by the default dispatch: -0.8 %
def test_premises_farther_from_the_area_never_give_less_travel(
    tmp_path_factory, seed, near, further
):
    travel = []
    for t in (near, near + further):
        lat, lon = _point(t)
        data_dir = one_district_data(
            tmp_path_factory.mktemp("far"),
            citizens=200,
            visits_per_week=7,
            planned=6,
            premises_lat=lat,
            premises_lon=lon,
        )
        staff = day_result(data_dir, seed, dispatch_lookahead=1).staff
        travel.append(staff["km"].sum())
    assert travel[1] >= travel[0]
