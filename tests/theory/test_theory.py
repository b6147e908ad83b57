"""The model against queueing theory.

Configured as a pure M/M/c queue (one district, no travel, no planned visits, Poisson
alarm calls, exponential durations, c on-call carers around the clock), the alarm-call
queue must reproduce Erlang C's mean wait and the utilisation within the 95% CI over
replications, and Little's law must hold on the simulated queue.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.analysis.stats import t_interval
from sim.run.experiment import run_experiment
from tests.synthetic import mmc_data, queue_scenario

CITIZENS = 1000
SERVERS = 3
MEAN_SERVICE_MIN = 3.0


def erlang_c_wait(arrival_rate: float, service_rate: float, servers: int) -> float:
    """Mean wait in queue for M/M/c (Erlang C)."""
    a = arrival_rate / service_rate
    rho = a / servers
    top = a**servers / math.factorial(servers) / (1 - rho)
    bottom = sum(a**k / math.factorial(k) for k in range(servers)) + top
    return top / bottom / (servers * service_rate - arrival_rate)


def mmc_experiment(tmp_path, rho: float, days: int = 8, replications: int = 8):
    lam, data_dir = mmc_data(tmp_path / f"rho{rho}", rho, SERVERS, MEAN_SERVICE_MIN, CITIZENS)
    scenario = queue_scenario(data_dir, days=days, replications=replications)
    return lam, run_experiment(scenario, workers=2)


@pytest.mark.parametrize("rho", [0.5, 0.8, 0.9])
def test_mmc_mean_wait_and_utilisation_match_erlang_c(tmp_path, rho):
    lam, experiment = mmc_experiment(tmp_path, rho)
    expected_wait = erlang_c_wait(lam, 1 / MEAN_SERVICE_MIN, SERVERS)
    waits, utilisation = [], []
    for replication in experiment.replications:
        calls = replication.frames["calls"]
        assert calls["served"].all()
        waits.append(calls["response_min"].mean())
        staff = replication.frames["staff"]
        utilisation.append(staff["visit_min"].sum() / staff["paid_min"].sum())
    mean, low, high = t_interval(np.array(waits))
    assert low <= expected_wait <= high, (rho, expected_wait, mean, low, high)
    mean_u, low_u, high_u = t_interval(np.array(utilisation))
    assert low_u <= rho <= high_u, (rho, mean_u, low_u, high_u)


def test_littles_law_on_the_alarm_queue(tmp_path):
    """Time-average queue length (monitored) = arrival rate x mean wait (per call)."""
    _, experiment = mmc_experiment(tmp_path, 0.8, days=4, replications=2)
    for replication in experiment.replications:
        calls = replication.frames["calls"]
        queues = replication.frames["queues"]
        for date, day_calls in calls.groupby("date"):
            day_queue = queues[queues["date"] == date]
            window = day_queue["last_change"].max() - 7 * 60
            mean_length = day_queue["queue_minutes"].sum() / window
            arrival_rate = len(day_calls) / window
            # calls that arrived in the warm-up and still wait at 07:00 add a little
            assert mean_length == pytest.approx(
                arrival_rate * day_calls["response_min"].mean(), rel=0.03
            )


def test_utilisation_within_bounds_and_no_negative_times(tmp_path):
    _, experiment = mmc_experiment(tmp_path, 0.9, days=2, replications=2)
    for replication in experiment.replications:
        staff = replication.frames["staff"]
        assert (staff[["travel_min", "visit_min", "wait_min", "meeting_min"]] >= 0).all().all()
        busy = (staff["visit_min"] + staff["travel_min"]) / staff["paid_min"]
        assert ((busy >= 0) & (busy <= 1)).all()
        assert (replication.frames["calls"]["response_min"] >= 0).all()
