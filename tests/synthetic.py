"""Small data sets and scenarios made by the tests (real files, read by the real loader)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from sim.inputs.dataset import AGE_GROUPS, FILES
from sim.inputs.scenario import DEFAULT_DATA_DIR, Scenario

BAND_LENGTHS = {"morning": 3, "day": 5, "evening": 8, "night": 8}  # hours


def copy_default_data(target: Path) -> Path:
    """A copy of the shipped data set that a test may change."""
    target.mkdir(parents=True, exist_ok=True)
    for name in FILES.values():
        shutil.copy(DEFAULT_DATA_DIR / name, target / name)
    return target


def edit_table(directory: Path, key: str, edit) -> None:
    """Apply ``edit(frame) -> frame`` to one CSV table of a data folder (all as text)."""
    path = directory / FILES[key]
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    edit(frame).to_csv(path, index=False)


def one_district_data(
    target: Path,
    citizens: int = 1000,
    calls_per_citizen_per_day: float = 0.0,
    call_mean_min: float = 3.0,
    on_call: int = 0,
    planned: int = 0,
    visits_per_week: float = 0.0,
    visit_mean_min: float = 30.0,
    capacity: int = 1000,
    premises_lat: float = 55.6855,
    premises_lon: float = 12.5905,
) -> Path:
    """One district (Indre By), one SUF home-care team, one premises; citizens aged 80+
    with take-up 1000 per 1000, so ``citizens`` is exact and constant over the years."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(DEFAULT_DATA_DIR / FILES["districts"], target / FILES["districts"])
    rows = []
    for year in range(2026, 2041):
        for district in range(1, 11):
            counts = dict.fromkeys(AGE_GROUPS, 0)
            counts["a80p"] = citizens if district == 1 else 0
            rows.append({"bydel_nr": district, "year": year, **counts})
    pd.DataFrame(rows).to_csv(target / FILES["population"], index=False)
    pd.DataFrame(
        [
            {
                "segment": "s",
                "organisation": "SUF",
                "label_da": "Test",
                "label_en": "Test",
                "age_groups": "a80p",
                "take_up_per_1000": 1000,
            }
        ]
    ).to_csv(target / FILES["segments"], index=False)
    uniform = {f"share_{band}": hours / 24 for band, hours in BAND_LENGTHS.items()}
    pd.DataFrame(
        [
            {
                "segment": "s",
                "visit_type": "personal_care",
                "visits_per_week": visits_per_week,
                "weekend_factor": 1.0,
                "duration_mean_min": visit_mean_min,
                "duration_cv": 0.5,
                **uniform,
                "two_carer_share": 0.0,
            }
        ]
    ).to_csv(target / FILES["visit_profiles"], index=False)
    pd.DataFrame(
        [
            {
                "segment": "s",
                "calls_per_citizen_per_day": calls_per_citizen_per_day,
                **uniform,
                "duration_mean_min": call_mean_min,
                "duration_cv": 1.0,
            }
        ]
    ).to_csv(target / FILES["unplanned"], index=False)
    pd.DataFrame(
        [
            {
                "team_id": "T1",
                "name": "Testenhed",
                "organisation": "SUF",
                "service": "home_care",
                "areas": "1",
                "home_premises_id": "P1",
            }
        ]
    ).to_csv(target / FILES["teams"], index=False)
    people = 3 * (on_call + planned) + 1
    pd.DataFrame(
        [{"team_id": "T1", "role": "sosu_assistant", "headcount": people, "fte": people}]
    ).to_csv(target / FILES["staff"], index=False)
    pd.DataFrame(
        [
            {
                "team_id": "T1",
                "role": "sosu_assistant",
                "day_type": day_type,
                "shift": shift,
                "planned": planned,
                "on_call": on_call,
            }
            for day_type in ("weekday", "weekend")
            for shift in ("day", "evening", "night")
        ]
    ).to_csv(target / FILES["rosters"], index=False)
    pd.DataFrame(
        [
            {
                "premises_id": "P1",
                "name": "Base",
                "address": "Testvej 1",
                "district": 1,
                "organisation": "SUF",
                "latitude": premises_lat,
                "longitude": premises_lon,
                "capacity_people": capacity,
                "workstations": 10,
                "area_m2": 100,
                "rent_per_m2_year": 1000,
                "running_cost_per_m2_year": 100,
                "fitout_cost": 0,
                "available_from": "2020-01-01",
                "available_to": "",
            },
        ]
    ).to_csv(target / FILES["premises"], index=False)
    return target


def mmc_data(
    target: Path, rho: float, servers: int, mean_service_min: float, citizens: int = 1000
) -> tuple[float, Path]:
    """One district whose alarm calls make an M/M/c queue at utilisation ``rho`` with
    ``servers`` on-call carers around the clock: (calls per minute, the data folder)."""
    lam = rho * servers / mean_service_min
    data_dir = one_district_data(
        target,
        citizens=citizens,
        calls_per_citizen_per_day=lam * 1440 / citizens,
        call_mean_min=mean_service_min,
        on_call=servers,
    )
    return lam, data_dir


def queue_scenario(data_dir: Path, days: int = 7, replications: int = 5, **parameters) -> Scenario:
    """A scenario with no travel, no meetings, no absence and no staff turnover (so no
    vacancies): a pure queue of alarm calls."""
    base = {
        "travel_mode": "none",
        "meeting_minutes_day": 0,
        "meeting_minutes_evening": 0,
        "meeting_minutes_night": 0,
        "documentation_minutes": 0,
        "absence_rate": 0.0,
        "turnover_per_year": 0.0,
        "duration_distribution": "exponential",
        "unplanned_warmup_minutes": 1440,
    }
    base.update(parameters)
    start = pd.Timestamp("2026-06-01").date()
    end = (pd.Timestamp("2026-06-01") + pd.Timedelta(days=days - 1)).date()
    return Scenario(
        name="M/M/c",
        data_dir=str(data_dir),
        fidelity="every-day",
        replications=replications,
        calendar={"start": start, "end": end, "flyt1": start, "flyt2": end, "physical_merge": end},
        parameters=base,
    )


def small_scenario(directory: Path, replications: int = 3):
    """One district, a few carers, planned visits and alarm calls, 4 sampled days."""
    data = one_district_data(
        directory,
        citizens=300,
        calls_per_citizen_per_day=0.05,
        on_call=2,
        planned=8,
        visits_per_week=7,
    )
    return queue_scenario(data, days=4, replications=replications).with_overrides(
        fidelity="sampled",
        parameters={"travel_mode": "bike", "absence_rate": 0.05, "meeting_minutes_day": 10},
    )
