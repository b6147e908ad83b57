"""Distances, travel times, homes inside districts, and the duration laws."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely

from sim.inputs.dataset import load_dataset
from sim.inputs.geography import Travel, haversine_km_array, to_xy_km
from sim.inputs.scenario import DEFAULT_DATA_DIR
from sim.model.demand import sample_durations


def test_projected_distance_is_the_great_circle_distance_within_copenhagen():
    rng = np.random.default_rng(1)
    lat = rng.uniform(55.61, 55.73, (2, 5000))
    lon = rng.uniform(12.45, 12.65, (2, 5000))
    x, y = to_xy_km(lat, lon)
    projected = np.hypot(x[0] - x[1], y[0] - y[1])
    great_circle = haversine_km_array(lat[0], lon[0], lat[1], lon[1])
    assert great_circle.max() > 10  # pairs across the city
    np.testing.assert_allclose(projected, great_circle, rtol=2e-3)  # cos(latitude) varies


def test_travel_minutes_follow_distance_detour_speed_and_parking():
    bike = Travel.from_parameters("bike", None, 1.3, None)
    assert bike.minutes_per_km == pytest.approx(1.3 * 60 / 15)
    assert bike.parking_minutes == 1.0
    car = Travel.from_parameters("car", 30.0, 1.5, 5.0)
    assert car.minutes_per_km == pytest.approx(1.5 * 60 / 30) and car.parking_minutes == 5.0
    assert Travel.from_parameters("none", None, 2.0, 9.0) == Travel(0.0, 0.0)


def test_homes_are_sampled_inside_their_district():
    districts = load_dataset(DEFAULT_DATA_DIR).districts
    rng = np.random.default_rng(3)
    for number, polygon in districts.polygons.items():
        points = districts.sample_points(number, 300, rng)
        assert points.shape == (300, 2)
        assert shapely.contains_xy(polygon, points[:, 1], points[:, 0]).all(), number


@pytest.mark.parametrize(
    ("kind", "cv"), [("lognormal", 0.6), ("lognormal", 0.0), ("exponential", 1.0)]
)
def test_durations_have_the_stated_mean_and_spread(kind, cv):
    n = 200_000
    rng = np.random.default_rng(7)
    draws = sample_durations(rng, np.full(n, 30.0), np.full(n, cv), kind)
    assert (draws > 0).all()
    standard_error = 30.0 * max(cv, 1e-9) / math.sqrt(n)
    assert abs(draws.mean() - 30.0) < 4 * standard_error + 1e-9
    assert draws.std() / draws.mean() == pytest.approx(cv, abs=0.01)
