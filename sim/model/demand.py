"""Citizens, their planned visits and their unplanned visits (alarm calls).

Everything here is vectorised NumPy, generated before a day's SimPy run. Times are
minutes from midnight of the care day, which runs from 07:00 (420) to 07:00 the next
morning (1860): the day shift starts it, the night shift ends it.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import numpy as np

from sim.inputs.dataset import ORGANISATIONS, SHIFTS, VISIT_SERVICE, VISIT_TYPES, DataSet
from sim.inputs.scenario import ScenarioError
from sim.model import randomness

DAY_START = 7 * 60
DAY_END = DAY_START + 24 * 60
# Time bands of the visit profiles: (start, end) in care-day minutes, and the shift that
# serves visits whose target time falls in the band.
BANDS = {
    "morning": (420.0, 600.0),
    "day": (600.0, 900.0),
    "evening": (900.0, 1380.0),
    "night": (1380.0, 1860.0),
}
BAND_SHIFT = {"morning": "day", "day": "day", "evening": "evening", "night": "night"}
SHIFT_TIMES = {"day": (420.0, 900.0), "evening": (900.0, 1380.0), "night": (1380.0, 1860.0)}
VISIT_SKILL_INDEX = {"personal_care": 0, "practical_help": 0, "nursing": 1, "training": 2}


def sample_durations(rng, means: np.ndarray, cvs: np.ndarray, kind: str) -> np.ndarray:
    """Durations with per-item ``means`` (minutes): ``lognormal`` with coefficient of
    variation ``cvs`` (0 = fixed), or ``exponential`` (cv 1). The mean is exactly ``means``:
    the lognormal's location is ln(mean) - sigma^2/2 with sigma^2 = ln(1 + cv^2)."""
    if kind == "exponential":
        return rng.exponential(1.0, len(means)) * means
    sigma2 = np.log1p(cvs**2)
    z = rng.standard_normal(len(means))
    return means * np.exp(np.sqrt(sigma2) * z - sigma2 / 2)


@dataclass(frozen=True)
class Citizens:
    """The citizens of one replication: static over the horizon."""

    segment: np.ndarray  # index into data.segments
    area: np.ndarray  # district number
    organisation: np.ndarray  # index into ORGANISATIONS
    lat: np.ndarray
    lon: np.ndarray

    def __len__(self) -> int:
        return len(self.segment)


@functools.lru_cache(maxsize=16)
def _segment_population(data: DataSet) -> tuple[np.ndarray, np.ndarray]:
    """Projection years and residents in each segment's age groups: (year, segment, district)."""
    pop = data.population[data.population["bydel_nr"] > 0]
    years = np.array(sorted(pop["year"].unique()), dtype=float)
    districts = sorted(data.districts.names)
    table = np.zeros((len(years), len(data.segments), len(districts)))
    for y, year in enumerate(years):
        rows = pop[pop["year"] == year].set_index("bydel_nr").reindex(districts)
        for s, groups in enumerate(data.segments["age_groups"]):
            table[y, s] = rows[groups.split("+")].sum(axis=1).fillna(0).to_numpy()
    return years, table


def population_by_segment(data: DataSet, year: float) -> np.ndarray:
    """Residents in each segment's age groups: (segment, district), linearly interpolated
    between the projection's 1 January figures (held constant beyond its range)."""
    years, table = _segment_population(data)
    year = min(max(year, years[0]), years[-1])
    upper = int(np.searchsorted(years, year))
    if years[upper] == year:
        return table[upper]
    frac = (year - years[upper - 1]) / (years[upper] - years[upper - 1])
    return (1 - frac) * table[upper - 1] + frac * table[upper]


def year_fraction(date: dt.date) -> float:
    start = dt.date(date.year, 1, 1)
    return date.year + (date - start).days / (dt.date(date.year + 1, 1, 1) - start).days


def citizen_counts(data: DataSet, date: dt.date) -> np.ndarray:
    """Citizens per (segment, district) on ``date`` from the projection and take-up."""
    rates = data.segments["take_up_per_1000"].to_numpy() / 1000
    return np.rint(population_by_segment(data, year_fraction(date)) * rates[:, None]).astype(int)


def make_citizens(data: DataSet, start: dt.date, seed: int) -> Citizens:
    counts = citizen_counts(data, start)
    districts = sorted(data.districts.names)
    org_index = {o: i for i, o in enumerate(ORGANISATIONS)}
    organisation_of_segment = np.array([org_index[o] for o in data.segments["organisation"]])
    seg, area = np.nonzero(counts)
    n = counts[seg, area]
    segment = np.repeat(seg, n)
    area_ids = np.repeat(np.array(districts)[area], n)
    rng = randomness.stream(seed, "citizen_locations")
    lat = np.empty(len(segment))
    lon = np.empty(len(segment))
    for district in districts:
        mask = area_ids == district
        points = data.districts.sample_points(district, int(mask.sum()), rng)
        lat[mask], lon[mask] = points[:, 0], points[:, 1]
    return Citizens(segment, area_ids, organisation_of_segment[segment], lat, lon)


def demand_factor(data: DataSet, start: dt.date, date: dt.date, growth: float) -> np.ndarray:
    """Demand on ``date`` relative to ``start`` per (segment, district): projection x growth."""
    base = population_by_segment(data, year_fraction(start))
    now = population_by_segment(data, year_fraction(date))
    ratio = np.divide(now, base, out=np.ones_like(now), where=base > 0)
    years = (date - start).days / 365.25
    return ratio * (1 + growth) ** years


@dataclass(frozen=True)
class Visits:
    """One day's planned visits as legs: a two-carer visit has two legs.

    Legs ``0..n_visits-1`` are the visits themselves; legs from ``n_visits`` on are the
    second carers of two-carer visits, ``visit_of_leg`` maps each leg to its visit.
    """

    n_visits: int
    visit_of_leg: np.ndarray
    citizen: np.ndarray
    visit_type: np.ndarray  # index into VISIT_TYPES
    skill: np.ndarray  # 0 sosu, 1 nurse, 2 therapist
    shift: np.ndarray  # index into SHIFTS
    window_start: np.ndarray
    window_end: np.ndarray
    duration: np.ndarray

    def __len__(self) -> int:
        return len(self.visit_of_leg)


@dataclass(frozen=True)
class Calls:
    """Unplanned visits of one day, ordered by call time; ``counted`` is False in warm-up."""

    citizen: np.ndarray
    time: np.ndarray
    duration: np.ndarray
    counted: np.ndarray

    def __len__(self) -> int:
        return len(self.time)


@dataclass(frozen=True, eq=False)
class DemandTables:
    """The data tables as arrays over (citizen, visit profile) pairs and citizens, made
    once per replication so that a day's demand is only random draws and arithmetic."""

    pair_citizen: np.ndarray
    pair_profile: np.ndarray
    pair_weekday_rate: np.ndarray
    pair_weekend_rate: np.ndarray
    pair_cell: np.ndarray  # flat index of (segment, district) for the demand factor
    profile_shares: np.ndarray  # (profile, band)
    profile_type: np.ndarray
    profile_skill: np.ndarray
    profile_mean: np.ndarray
    profile_cv: np.ndarray
    profile_two_carer: np.ndarray
    citizen_cell: np.ndarray
    citizen_calls: np.ndarray  # calls per day
    citizen_call_shares: np.ndarray  # (citizen, band)
    citizen_call_mean: np.ndarray
    citizen_call_cv: np.ndarray


def demand_tables(data: DataSet, citizens: Citizens) -> DemandTables:
    profiles = data.visit_profiles
    segment_index = {s: i for i, s in enumerate(data.segments["segment"])}
    n_districts = len(data.districts.names)
    citizen_cell = citizens.segment * n_districts + np.searchsorted(
        sorted(data.districts.names), citizens.area
    )
    weekend_factor = profiles["weekend_factor"].to_numpy(dtype=float)
    weekday_rate = profiles["visits_per_week"].to_numpy(dtype=float) / (5 + 2 * weekend_factor)
    profile_segment = profiles["segment"].map(segment_index).to_numpy()
    members = [np.nonzero(citizens.segment == s)[0] for s in profile_segment]
    pair_citizen = np.concatenate(members) if members else np.zeros(0, int)
    pair_profile = np.repeat(np.arange(len(profiles)), [len(m) for m in members])
    type_index = {t: i for i, t in enumerate(VISIT_TYPES)}
    profile_type = profiles["visit_type"].map(type_index).to_numpy()

    table = data.unplanned.set_index("segment").reindex(list(data.segments["segment"]))
    calls = table["calls_per_citizen_per_day"].fillna(0).to_numpy(dtype=float)
    shares = table[[f"share_{b}" for b in BANDS]].fillna(0).to_numpy(dtype=float)
    shares[shares.sum(axis=1) == 0, 3] = 1.0  # segments without calls: any band will do
    seg = citizens.segment
    return DemandTables(
        pair_citizen=pair_citizen,
        pair_profile=pair_profile,
        pair_weekday_rate=weekday_rate[pair_profile],
        pair_weekend_rate=(weekday_rate * weekend_factor)[pair_profile],
        pair_cell=citizen_cell[pair_citizen],
        profile_shares=profiles[[f"share_{b}" for b in BANDS]].to_numpy(dtype=float),
        profile_type=profile_type,
        profile_skill=np.array([VISIT_SKILL_INDEX[t] for t in VISIT_TYPES])[profile_type],
        profile_mean=profiles["duration_mean_min"].to_numpy(dtype=float),
        profile_cv=profiles["duration_cv"].to_numpy(dtype=float),
        profile_two_carer=profiles["two_carer_share"].to_numpy(dtype=float),
        citizen_cell=citizen_cell,
        citizen_calls=calls[seg],
        citizen_call_shares=shares[seg],
        citizen_call_mean=table["duration_mean_min"].fillna(1).to_numpy(dtype=float)[seg],
        citizen_call_cv=table["duration_cv"].fillna(0).to_numpy(dtype=float)[seg],
    )


_SHIFT_OF_BAND = np.array([SHIFTS.index(BAND_SHIFT[b]) for b in BANDS])
_BAND_BOUNDS = np.array(list(BANDS.values()))


def _band_times(rng, shares: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A target time and band index per row of band ``shares``."""
    cumulative = np.cumsum(shares, axis=1)
    cumulative[:, -1] = 1.0
    band = (rng.random(len(shares))[:, None] > cumulative).sum(axis=1)
    lo, hi = _BAND_BOUNDS[band, 0], _BAND_BOUNDS[band, 1]
    return lo + rng.random(len(band)) * (hi - lo), band


def make_visits(
    tables: DemandTables,
    date: dt.date,
    weekend: bool,
    factor: np.ndarray,
    seed: int,
    window_half_width: float,
    duration_kind: str,
) -> Visits:
    """Planned visits of one day. A citizen with a daily rate r gets floor(r) visits plus
    one more with probability r - floor(r): planned care is regular, not Poisson."""
    t = tables
    rate = (t.pair_weekend_rate if weekend else t.pair_weekday_rate) * factor.ravel()[t.pair_cell]
    whole = np.floor(rate)
    extra = randomness.stream(seed, "visit_counts", date).random(len(rate)) < rate - whole
    count = (whole + extra).astype(int)
    citizen = np.repeat(t.pair_citizen, count)
    profile = np.repeat(t.pair_profile, count)

    target, band = _band_times(
        randomness.stream(seed, "visit_times", date), t.profile_shares[profile]
    )
    order = np.argsort(target, kind="stable")
    citizen, profile, target, band = citizen[order], profile[order], target[order], band[order]
    duration = sample_durations(
        randomness.stream(seed, "visit_durations", date),
        t.profile_mean[profile],
        t.profile_cv[profile],
        duration_kind,
    )
    two = (
        randomness.stream(seed, "two_carer", date).random(len(profile))
        < (t.profile_two_carer[profile])
    )
    n = len(profile)
    legs = np.concatenate([np.arange(n), np.nonzero(two)[0]])
    return Visits(
        n_visits=n,
        visit_of_leg=legs,
        citizen=citizen[legs],
        visit_type=t.profile_type[profile][legs],
        skill=t.profile_skill[profile][legs],
        shift=_SHIFT_OF_BAND[band][legs],
        window_start=(target - window_half_width)[legs],
        window_end=(target + window_half_width)[legs],
        duration=duration[legs],
    )


def make_calls(
    tables: DemandTables,
    date: dt.date,
    factor: np.ndarray,
    seed: int,
    warmup: float,
    duration_kind: str,
) -> Calls:
    """Poisson calls per citizen, with a piecewise-constant rate over the care day's bands.

    The ``warmup`` minutes before 07:00 get the night band's rate; those calls load the
    queues but are not counted."""
    t = tables
    night_length = BANDS["night"][1] - BANDS["night"][0]
    per_day = t.citizen_calls * factor.ravel()[t.citizen_cell]
    rng = randomness.stream(seed, "unplanned_calls", date)
    counts = rng.poisson(per_day)
    warm_counts = rng.poisson(per_day * t.citizen_call_shares[:, 3] * warmup / night_length)
    citizen = np.repeat(np.arange(len(per_day)), counts)
    time, _ = _band_times(rng, t.citizen_call_shares[citizen])
    warm_citizen = np.repeat(np.arange(len(per_day)), warm_counts)
    warm_time = DAY_START - warmup + rng.random(len(warm_citizen)) * warmup
    all_citizen = np.concatenate([warm_citizen, citizen])
    all_time = np.concatenate([warm_time, time])
    counted = np.concatenate([np.zeros(len(warm_citizen), bool), np.ones(len(citizen), bool)])
    order = np.argsort(all_time, kind="stable")
    who = all_citizen[order]
    duration = sample_durations(
        randomness.stream(seed, "unplanned_durations", date),
        t.citizen_call_mean[who],
        t.citizen_call_cv[who],
        duration_kind,
    )
    return Calls(who, all_time[order], duration, counted[order])


def check_coverage(data: DataSet, citizens: Citizens) -> None:
    """Every citizen with visits must have a team of their organisation for each service."""
    served = {
        (row.organisation, row.service, area)
        for row in data.teams.itertuples()
        for area in row.area_list
    }
    profiles = data.visit_profiles
    problems = []
    for s, segment in enumerate(data.segments.itertuples()):
        services = {
            VISIT_SERVICE[t]
            for t in profiles.loc[profiles["segment"] == segment.segment, "visit_type"]
        }
        for area in np.unique(citizens.area[citizens.segment == s]):
            for service in sorted(services):
                if (segment.organisation, service, int(area)) not in served:
                    problems.append(
                        f"teams.csv: ingen {segment.organisation}-enhed med service '{service}' "
                        f"dækker bydel {area}, hvor segment '{segment.segment}' har borgere"
                    )
    if problems:
        raise ScenarioError(problems)
