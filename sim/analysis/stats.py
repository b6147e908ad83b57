"""The statistics of the product, in one place: Student-t intervals of a mean over
replications, Welch's interval of a difference of means, and differences paired on the
seed (common random numbers).

Every "group → interval → row" of the KPIs (:func:`sim.analysis.kpis.summarise`), the costs
(:func:`sim.analysis.costs.cost_summary`), the comparison (:func:`difference_table`) and the sweeps
(:meth:`sim.analysis.sweep.SweepResult.summary`) is :func:`group_intervals` or
:func:`difference_table`. Nothing here knows what the values are.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

LEVEL = 0.95


def t_interval(values, level: float = LEVEL) -> tuple[float, float, float]:
    """Mean and Student-t interval of the non-NaN ``values``; NaN bounds when there are
    fewer than two, and NaN throughout when there are none."""
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    if len(values) == 0:
        return np.nan, np.nan, np.nan
    mean = float(values.mean())
    if len(values) < 2:
        return mean, np.nan, np.nan
    half = stats.t.ppf(0.5 + level / 2, len(values) - 1) * values.std(ddof=1) / np.sqrt(len(values))
    return mean, mean - float(half), mean + float(half)


def welch_interval(values, reference, level: float = LEVEL) -> tuple[float, float, float]:
    """Difference of means ``values - reference`` and Welch's interval (unequal variances,
    Welch-Satterthwaite degrees of freedom); NaN bounds with fewer than two values a side."""
    a = np.asarray(values, dtype=float)
    b = np.asarray(reference, dtype=float)
    a, b = a[~np.isnan(a)], b[~np.isnan(b)]
    if len(a) == 0 or len(b) == 0:
        return np.nan, np.nan, np.nan
    difference = float(a.mean() - b.mean())
    if len(a) < 2 or len(b) < 2:
        return difference, np.nan, np.nan
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    if va + vb == 0:
        return difference, difference, difference
    df = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    half = float(stats.t.ppf(0.5 + level / 2, df) * math.sqrt(va + vb))
    return difference, difference - half, difference + half


def _key_dict(keys: list[str], key) -> dict:
    return dict(zip(keys, key if isinstance(key, tuple) else (key,), strict=True))


def group_intervals(
    table: pd.DataFrame,
    value: str = "value",
    groups: list[str] | None = None,
    *,
    dropna: bool = True,
    level: float = LEVEL,
) -> pd.DataFrame:
    """Per group of ``groups`` (default: every column but ``replication`` and ``value``),
    in the order met: the groups' columns, ``mean``, ``ci_low``, ``ci_high`` (the
    t-interval over the rows, one a replication) and ``replications`` (non-NaN values)."""
    groups = (
        groups
        if groups is not None
        else [c for c in table.columns if c not in ("replication", value)]
    )
    columns = [*groups, "mean", "ci_low", "ci_high", "replications"]
    if table.empty:
        return pd.DataFrame(columns=columns)
    # all groups at once: count, mean and standard deviation per group, then the intervals
    values = pd.to_numeric(table[value], errors="coerce").astype(float)
    keys = [table[column] for column in groups]
    moments = values.groupby(keys, sort=False, dropna=dropna).agg(["count", "mean", "std"])
    count = moments["count"].to_numpy(int)
    mean = moments["mean"].to_numpy(float)
    half = np.full(len(count), np.nan)
    several = count >= 2
    half[several] = (
        stats.t.ppf(0.5 + level / 2, count[several] - 1)
        * moments["std"].to_numpy(float)[several]
        / np.sqrt(count[several])
    )
    out = moments.index.to_frame(index=False, name=groups if len(groups) > 1 else groups[0])
    return out.assign(mean=mean, ci_low=mean - half, ci_high=mean + half, replications=count)


def pairable(table: pd.DataFrame, reference: pd.DataFrame, on: str = "seed") -> bool:
    """True if the two runs used the same seeds (so replication i of one met the same random
    numbers as the replication of the other with that seed)."""
    if on not in table or on not in reference or table.empty or reference.empty:
        return False
    return set(table[on].astype(int)) == set(reference[on].astype(int))


def paired_values(
    table: pd.DataFrame,
    reference: pd.DataFrame,
    keys: list[str],
    value: str = "value",
    on: str = "seed",
    fill_value: float | None = None,
) -> pd.DataFrame:
    """Per seed and ``keys``: the two runs' values and ``difference`` = table - reference.

    Raises ValueError when the runs do not have the same seeds. ``fill_value`` stands for a
    row one run lacks (0 for costs); without it such a difference is NaN. Keeps the
    ``replication`` of ``table`` when it has one."""
    if not pairable(table, reference, on):
        raise ValueError(
            "cannot pair the runs: both must be run with the same seeds (common random numbers)"
        )
    left = table[[*(["replication"] if "replication" in table else []), on, *keys, value]]
    right = reference[[on, *keys, value]].rename(columns={value: "reference"})
    merged = left.rename(columns={value: "value"}).merge(right, on=[on, *keys], how="outer")
    if "replication" in merged:
        seeds = table.drop_duplicates(on).set_index(on)["replication"]
        merged["replication"] = merged[on].map(seeds).astype(int)
    for column in ("value", "reference"):
        merged[column] = pd.to_numeric(merged[column], errors="coerce").astype(float)
        if fill_value is not None:
            merged[column] = merged[column].fillna(fill_value)
    merged["difference"] = merged["value"] - merged["reference"]
    order = [*(["replication"] if "replication" in merged else []), on]
    return merged.sort_values([*order, *keys], kind="stable").reset_index(drop=True)


def difference_table(
    table: pd.DataFrame,
    reference: pd.DataFrame,
    keys: list[str],
    value: str = "value",
    on: str = "seed",
    fill_value: float | None = None,
    level: float = LEVEL,
) -> pd.DataFrame:
    """Per ``keys``: the difference of the mean of ``table`` from that of ``reference``, with
    its interval: paired on ``on`` (the seed) when both runs have the same seeds, Welch's
    otherwise.

    Columns: *keys, difference, ci_low, ci_high, paired (bool), replications (pairs, or
    the values of ``table``), reference_replications."""
    columns = [*keys, "difference", "ci_low", "ci_high", "paired"]
    columns += ["replications", "reference_replications"]
    rows = []
    if pairable(table, reference, on):
        values = paired_values(table, reference, keys, value, on, fill_value)
        groups = values.groupby(keys, sort=False, dropna=False) if keys else [((), values)]
        for key, part in groups:
            usable = part["difference"].dropna()
            mean, low, high = t_interval(usable.to_numpy(), level)
            rows.append(
                _key_dict(keys, key)
                | {
                    "difference": mean,
                    "ci_low": low,
                    "ci_high": high,
                    "paired": True,
                    "replications": len(usable),
                    "reference_replications": len(usable),
                }
            )
        return pd.DataFrame(rows, columns=columns)
    left = table.assign(**{value: pd.to_numeric(table[value], errors="coerce")})
    right = reference.assign(**{value: pd.to_numeric(reference[value], errors="coerce")})
    if keys:
        both = pd.concat([left[keys], right[keys]]).drop_duplicates()
        left_groups = dict(iter(left.groupby(keys, sort=False, dropna=False)))
        right_groups = dict(iter(right.groupby(keys, sort=False, dropna=False)))
        index = [tuple(r) for r in both.itertuples(index=False)]
    else:
        left_groups, right_groups, index = {(): left}, {(): right}, [()]
    for key in index:
        a = left_groups[key][value].to_numpy(float) if key in left_groups else np.array([])
        b = right_groups[key][value].to_numpy(float) if key in right_groups else np.array([])
        if fill_value is not None:
            a = np.nan_to_num(a, nan=fill_value) if len(a) else np.full(len(b), fill_value)
            b = np.nan_to_num(b, nan=fill_value) if len(b) else np.full(len(a), fill_value)
        mean, low, high = welch_interval(a, b, level)
        rows.append(
            _key_dict(keys, key)
            | {
                "difference": mean,
                "ci_low": low,
                "ci_high": high,
                "paired": False,
                "replications": int((~np.isnan(a)).sum()),
                "reference_replications": int((~np.isnan(b)).sum()),
            }
        )
    return pd.DataFrame(rows, columns=columns)
