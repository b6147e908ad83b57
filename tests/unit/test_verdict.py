"""The verdict's words: one sentence for money and service, partial years named, and a
cheaper scenario with worse service never simply "inden for budget"."""

from __future__ import annotations

import math

import pytest

from sim.analysis.verdict import budget_year, verdict_sentence, verdict_words, year_labels
from sim.inputs.scenario import load_scenario
from tests.conftest import BASELINE


def row(**changes) -> dict:
    base = {
        "year": 2026,
        "first_month": "2026-06",
        "last_month": "2026-12",
        "over_budget": -250_000.0,
        "over_budget_ci_low": -400_000.0,
        "over_budget_ci_high": -100_000.0,
        "certain": True,
        "missed_visits": 0.0,
        "missed_visits_ci_low": 0.0,
        "missed_visits_ci_high": 0.0,
        "on_time_share": 0.0,
        "on_time_share_ci_low": 0.0,
        "on_time_share_ci_high": 0.0,
        "response_p90_min": 0.0,
        "response_p90_min_ci_low": 0.0,
        "response_p90_min_ci_high": 0.0,
        "service_worse": False,
    }
    return {**base, **changes}


def test_a_cheaper_scenario_with_fewer_visits_never_reads_as_simply_within_budget():
    worse = row(
        missed_visits=420.0,
        missed_visits_ci_low=300.0,
        missed_visits_ci_high=540.0,
        service_worse=True,
    )
    sentence = verdict_sentence(worse, "da")
    assert sentence.startswith(
        "2026 (jun.–dec.): inden for budget (95 %-KI -400.000 til -100.000 kr.), "
        "men med ringere service. Service mod Basis: aflyste besøg +420 (95 %-KI +300 til +540)"
    )
    assert verdict_words(worse, "en") == "within budget, but with worse service"
    assert verdict_words(row(), "en") == "within budget"


def test_uncertain_and_over_budget_and_unchanged_service_are_said():
    over = row(
        over_budget=150_236.0,
        over_budget_ci_low=-20_000.0,
        over_budget_ci_high=320_000.0,
        certain=False,
    )
    assert verdict_sentence(over, "da") == (
        "2026 (jun.–dec.): over budget med 150.236 kr. (usikkert; 95 %-KI -20.000 til "
        "+320.000 kr.). Service mod Basis: uændret."
    )
    no_interval = row(over_budget_ci_low=math.nan, over_budget_ci_high=math.nan)
    assert verdict_sentence(no_interval, "en") == (
        "2026 (Jun–Dec): within budget. Service against Basis: unchanged."
    )


@pytest.mark.parametrize(
    ("first", "last", "lang", "label"),
    [
        ("2027-01", "2027-12", "da", "2027"),
        ("2026-06", "2026-12", "da", "2026 (jun.–dec.)"),
        ("2027-01", "2027-05", "da", "2027 (jan.–maj)"),
        ("2027-01", "2027-05", "en", "2027 (Jan–May)"),
        ("2026-09", "2026-09", "da", "2026 (sep.)"),
    ],
)
def test_budget_years_say_which_months_the_horizon_covers(first, last, lang, label):
    assert budget_year(int(first[:4]), first, last, lang) == label


def test_the_shipped_horizon_has_two_partial_budget_years():
    assert year_labels(load_scenario(BASELINE), "da") == {
        2026: "2026 (jun.–dec.)",
        2027: "2027 (jan.–maj)",
    }
