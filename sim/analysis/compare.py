"""Scenario comparison: side by side, with the difference from a reference and its 95% CI.

A saved run is kept as a few tidy per-replication tables (:func:`run_tables`), so it can
be compared later without its raw frames. Two runs made with the same seeds (common random
numbers: replication *i* of every scenario uses seed ``seed + i``) are compared **paired**,
seed by seed: the interval is the Student-t interval of the per-seed differences, which is
much narrower than the one of two independent means, because both runs met the same
demand, absence and turnover. Runs with different seeds are compared **unpaired**, with
Welch's interval (unequal variances, Welch-Satterthwaite degrees of freedom).

Pure pandas/numpy/scipy: no plotting, no Streamlit, no database.
"""

from __future__ import annotations

import dataclasses
import functools
import json

import numpy as np
import pandas as pd

from sim.analysis import costs as C
from sim.analysis import verdict as V
from sim.analysis.kpis import KPIS, SAMPLING, kpi_table, sampling_table, summarise, with_month
from sim.analysis.stats import (
    difference_table,
    pairable,
)
from sim.inputs.dataset import CostData, DataSet, load_cost_data, load_dataset, scenario_data
from sim.inputs.scenario import Scenario
from sim.run.experiment import Experiment, Replication, run_sheet
from sim.run.fingerprint import model_version
from sim.text.catalogue import text

PREMISES_KPIS = ("premises_peak_ratio", "premises_days_over_capacity", "capacity_wait_hours")
TABLES = (
    "kpis",
    "kpis_by_month",
    "kpis_by_area",
    "kpis_by_premises",
    "premises_by_month",
    "costs_by_year",
    "implementation_funding",
    "placements",
    "leases",
    "premises",
    "assumptions",
    "run_sheet",
)


def _note(key: str, lang: str, **values) -> str:
    return text(f"compare.note.{key}", lang, **values)


# ---- the tables a saved run keeps ---------------------------------------------------------


def _seeded(table: pd.DataFrame, experiment: Experiment) -> pd.DataFrame:
    """``table`` with a ``seed`` column right after ``replication``."""
    seeds = {r.index: int(r.seed) for r in experiment.replications}
    out = table.copy()
    out.insert(1, "seed", out["replication"].map(seeds).astype(int))
    out["replication"] = out["replication"].astype(int)
    return out


def _kpis(experiment: Experiment, by: str | None, kpis: list[str] | None = None) -> pd.DataFrame:
    table = kpi_table(experiment, by, kpis)
    columns = ["replication", *([by] if by else []), "kpi", "value"]
    if table.empty:
        return pd.DataFrame(columns=["replication", "seed", *columns[1:]])
    table = _seeded(table[columns], experiment)
    table["kpi"] = table["kpi"].astype(str)
    table["value"] = table["value"].astype(float)
    if by in ("month", "premises"):
        table[by] = table[by].astype(str)
    elif by == "area":
        table[by] = table[by].astype(int)
    return table


def premises_by_month(experiment: Experiment) -> pd.DataFrame:
    """Per replication, premises and month: the highest peak of people present or waiting
    divided by the capacity, over the month's simulated days."""
    columns = ["replication", "seed", "premises", "month", "peak_ratio"]
    frame = experiment.frame("premises")
    if frame.empty:
        return pd.DataFrame(columns=columns)
    frame = with_month(frame)
    frame["peak_ratio"] = frame["peak_people"] / frame["capacity"]
    worst = frame.groupby(["replication", "seed", "premises", "month"], as_index=False)[
        "peak_ratio"
    ].max()
    return worst.astype(
        {"replication": int, "seed": int, "premises": str, "month": str, "peak_ratio": float}
    )[columns]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _flatten(prefix: str, value, rows: list[dict]) -> None:
    if isinstance(value, dict) and value:
        for key, inner in value.items():
            _flatten(f"{prefix}.{key}" if prefix else key, inner, rows)
    else:
        rows.append({"key": prefix, "value": _text(value)})


def _assumptions(experiment: Experiment) -> pd.DataFrame:
    """The scenario's settings as (key, value) text rows; placements and leases have their
    own tables."""
    content = experiment.scenario.model_dump(mode="json")
    for key in ("placements", "leases"):
        content.pop(key, None)
    rows: list[dict] = []
    _flatten("", content, rows)
    return pd.DataFrame(rows, columns=["key", "value"]).astype(str)


def _dates(items, columns: list[str]) -> pd.DataFrame:
    """Placements or leases as text rows; dates in ISO form, an open date as ''."""
    rows = []
    for item in items:
        row = {}
        for column in columns:
            value = getattr(item, column)
            if value is None:
                value = ""
            row[column] = value.isoformat() if hasattr(value, "isoformat") else str(value)
        rows.append(row)
    return pd.DataFrame(rows, columns=columns).astype(str)


# the breakdowns a summarised replication keeps: those the pages, exports and store use
REDUCED_BREAKDOWNS = (None, "month", "year", "area", "team", "premises", "organisation")
REDUCED_FRAMES = ("premises", "costs", "workforce")


def reduce_replication(
    replication: Replication,
    scenario: Scenario,
    data: DataSet,
    costs: CostData,
    holdings: C.Holdings | None = None,
) -> Replication:
    """``replication`` summarised: its costs and workforce attached, its KPI tables by
    every breakdown of :data:`REDUCED_BREAKDOWNS` computed, and only the small frames
    of :data:`REDUCED_FRAMES` kept (an every-day replication's per-visit frames are tens
    of megabytes). :func:`run_tables`, :func:`sim.reports.files.write_summary` and the cost
    summaries work on summarised replications as on whole ones."""
    frames = dict(replication.frames)
    if "costs" not in frames:
        frames["costs"], frames["workforce"] = C.replication_costs(
            scenario, data, costs, replication.seed, frames, holdings
        )
    whole = dataclasses.replace(replication, frames=frames)
    one = Experiment(scenario, data.content_hash, model_version(), [whole])
    tables: dict = {by: kpi_table(one, by) for by in REDUCED_BREAKDOWNS}
    tables[SAMPLING] = sampling_table(whole)
    kept = {name: frames[name] for name in REDUCED_FRAMES if name in frames}
    return dataclasses.replace(replication, frames=kept, kpis=tables)


@functools.lru_cache(maxsize=4)
def _reduction_inputs(scenario_json: str, data_dir: str, data_hash: str):
    scenario = Scenario.model_validate_json(scenario_json)
    data = scenario_data(scenario, load_dataset(data_dir))
    costs = load_cost_data(scenario.resolve_data_dir())
    return scenario, data, costs, C.resolve_holdings(scenario, data)


def summarised(
    scenario_json: str, data_dir: str, data_hash: str, replication: Replication
) -> Replication:
    """:func:`reduce_replication` from what a worker process is given (the scenario as
    JSON, the data folder and hash): ``functools.partial(summarised, json, dir, hash)`` is
    the ``reduce`` of :func:`sim.run.experiment.iter_replications`."""
    return reduce_replication(replication, *_reduction_inputs(scenario_json, data_dir, data_hash))


def run_tables(
    experiment: Experiment,
    data: DataSet | None = None,
    costs: CostData | None = None,
    basis: Experiment | None = None,
) -> dict[str, pd.DataFrame]:
    """The tidy per-replication tables a saved run needs to be compared later.

    Costs and workforce are attached to ``experiment`` first (in place) if they are not
    there yet. Every table has plain columns (str, int, float), so it goes to JSON and
    back. Tables (see the module's ``TABLES``):

    ``kpis``               replication, seed, kpi, value
    ``kpis_by_month``      replication, seed, month ('YYYY-MM'), kpi, value
    ``kpis_by_area``       replication, seed, area (district number), kpi, value
    ``kpis_by_premises``   replication, seed, premises, kpi, value (occupancy KPIs)
    ``premises_by_month``  replication, seed, premises, month, peak_ratio
    ``costs_by_year``      replication, seed, year, line, amount (kroner; line 'total')
    ``implementation_funding``  year, amount (kroner available for one-off costs)
    ``placements``         team, premises, start, end (ISO dates)
    ``leases``             premises, start, end (ISO dates; '' = open)
    ``premises``           premises, name, district, organisation, capacity
    ``assumptions``        key, value (the scenario's settings as text)
    ``run_sheet``          field, value (STRESS-DES: what was run, hashes, seeds)
    ``verdicts``           with ``basis`` (Basis run on the same days and seeds): the verdict
                           per budget year (:func:`sim.analysis.verdict.verdict_table`)
    """
    scenario = experiment.scenario
    data = data if data is not None else scenario_data(scenario)
    costs = costs if costs is not None else load_cost_data(scenario.resolve_data_dir())
    if not all("costs" in r.frames for r in experiment.replications):
        C.attach_costs(experiment, data, costs)
    cost_rows = _seeded(C.cost_table(experiment, "year"), experiment)
    cost_rows = cost_rows.astype(
        {"replication": int, "seed": int, "year": int, "line": str, "amount": float}
    )[["replication", "seed", "year", "line", "amount"]]
    funding = C.implementation_funding(costs)
    sheet = run_sheet(experiment)
    premises = data.premises
    tables = {
        "kpis": _kpis(experiment, None),
        "kpis_by_month": _kpis(experiment, "month"),
        "kpis_by_area": _kpis(experiment, "area"),
        "kpis_by_premises": _kpis(experiment, "premises", list(PREMISES_KPIS)),
        "premises_by_month": premises_by_month(experiment),
        "costs_by_year": cost_rows,
        "implementation_funding": pd.DataFrame(
            {"year": [int(y) for y in funding], "amount": [float(a) for a in funding.values()]},
            columns=["year", "amount"],
        ).astype({"year": int, "amount": float}),
        "placements": _dates(scenario.placements, ["team", "premises", "start", "end"]),
        "leases": _dates(scenario.leases, ["premises", "start", "end"]),
        "premises": pd.DataFrame(
            {
                "premises": premises["premises_id"].astype(str).to_numpy(),
                "name": premises["name"].astype(str).to_numpy(),
                "district": premises["district"].astype(int).to_numpy(),
                "organisation": premises["organisation"].astype(str).to_numpy(),
                "capacity": premises["capacity_people"].astype(int).to_numpy(),
            }
        ),
        "assumptions": _assumptions(experiment),
        "run_sheet": pd.DataFrame(
            {
                "field": list(sheet),
                "value": [
                    ", ".join(str(s) for s in v) if isinstance(v, list) else _text(v)
                    for v in sheet.values()
                ],
            }
        ).astype(str),
    }
    if basis is not None:
        tables["verdicts"] = V.verdict_table(experiment, basis, costs)
    return tables


# ---- differences: paired on the seed, or Welch ---------------------------------------------


def _certain(low: float, high: float) -> bool:
    return bool(not (np.isnan(low) or np.isnan(high)) and (low > 0 or high < 0))


def _assessment(better: str, difference: float, certain: bool) -> str:
    """'better', 'worse', 'same' (no certain difference) or '' (KPI with no good side)."""
    if not certain:
        return "same"
    if better not in ("higher", "lower"):
        return ""
    return "better" if (difference > 0) == (better == "higher") else "worse"


# ---- comparing runs -----------------------------------------------------------------------


def run_order(runs: dict, reference: str) -> list[str]:
    if reference not in runs:
        raise KeyError(f"the reference {reference!r} is not among the runs")
    return [reference, *(name for name in runs if name != reference)]


def _numeric(table: pd.DataFrame, value: str) -> pd.DataFrame:
    return table.assign(**{value: pd.to_numeric(table[value], errors="coerce").astype(float)})


def _with_differences(
    runs: dict[str, dict[str, pd.DataFrame]],
    reference: str,
    table_name: str,
    keys: list[str],
    value: str,
    summarise_run,
    lang: str,
    fill_value: float | None = None,
) -> pd.DataFrame:
    parts = []
    base = _numeric(runs[reference][table_name], value)
    for name in run_order(runs, reference):
        table = _numeric(runs[name][table_name], value)
        if table.empty:
            continue
        summary = summarise_run(table.drop(columns=["seed"]))
        summary.insert(0, "run", name)
        summary.insert(1, "is_reference", name == reference)
        if name == reference:
            summary = summary.assign(
                difference=np.nan,
                difference_ci_low=np.nan,
                difference_ci_high=np.nan,
                paired=False,
                note=_note("reference", lang),
            )
        else:
            difference = difference_table(table, base, keys, value, fill_value=fill_value)
            difference = difference.rename(
                columns={"ci_low": "difference_ci_low", "ci_high": "difference_ci_high"}
            )
            difference = difference.drop(columns=["replications", "reference_replications"])
            summary = summary.merge(difference, on=keys, how="left")
            summary["paired"] = summary["paired"].fillna(False).astype(bool)
            if pairable(table, base):
                n = table["seed"].nunique()
                note = _note("paired", lang, n=n)
            else:
                n = min(table["seed"].nunique(), base["seed"].nunique())
                note = _note("welch", lang)
            if n < 2:
                note += "; " + _note("few", lang)
            summary["note"] = note
        parts.append(summary)
    if not parts:
        return pd.DataFrame()
    out = pd.concat(parts, ignore_index=True)
    out["certain"] = [
        _certain(low, high)
        for low, high in zip(out["difference_ci_low"], out["difference_ci_high"], strict=True)
    ]
    return out


def _compare_kpis(
    runs: dict[str, dict[str, pd.DataFrame]],
    reference: str,
    table_name: str,
    by: str | None,
    lang: str,
    kpis: list[str] | None,
) -> pd.DataFrame:
    keys = [*([by] if by else []), "kpi"]
    selected = {
        name: {
            table_name: tables[table_name][
                tables[table_name]["kpi"].isin(kpis or list(KPIS))
                & tables[table_name]["kpi"].isin(list(KPIS))
            ]
        }
        for name, tables in runs.items()
    }
    out = _with_differences(
        selected, reference, table_name, keys, "value", lambda t: summarise(t, lang), lang
    )
    if out.empty:
        return out
    out["better"] = out["kpi"].map(lambda k: KPIS[k].better)
    out["assessment"] = [
        _assessment(b, d, c)
        for b, d, c in zip(out["better"], out["difference"], out["certain"], strict=True)
    ]
    out.loc[out["is_reference"], "assessment"] = ""
    position = {name: i for i, name in enumerate(run_order(runs, reference))}
    order = {k: i for i, k in enumerate(KPIS)}
    out["_kpi"] = out["kpi"].map(order)
    out["_run"] = out["run"].map(position)
    out = out.sort_values(["_kpi", *([by] if by else []), "_run"], kind="stable")
    columns = ["run", "is_reference", *([by] if by else []), "kpi", "label", "unit", "better"]
    columns += ["mean", "ci_low", "ci_high", "replications", "difference"]
    columns += ["difference_ci_low", "difference_ci_high", "paired", "certain", "assessment"]
    return out[[*columns, "note"]].reset_index(drop=True)


def compare(
    runs: dict[str, dict[str, pd.DataFrame]],
    reference: str,
    lang: str = "da",
    kpis: list[str] | None = None,
) -> pd.DataFrame:
    """Side-by-side KPIs of several runs (each a :func:`run_tables` dict), one row per KPI
    and run (the reference first): mean and 95% CI over replications, and for the other
    runs the difference from the reference with its 95% CI, paired by seed when the runs
    share their seeds and Welch's otherwise.

    Columns: run, is_reference, kpi, label, unit, better, mean, ci_low, ci_high,
    replications, difference, difference_ci_low, difference_ci_high, paired, certain (the
    difference's CI excludes 0), assessment ('better', 'worse', 'same' = no certain
    difference, '' = neither), note."""
    return _compare_kpis(runs, reference, "kpis", None, lang, kpis)


def compare_by(
    runs: dict[str, dict[str, pd.DataFrame]],
    reference: str,
    by: str = "month",
    lang: str = "da",
    kpis: list[str] | None = None,
) -> pd.DataFrame:
    """As :func:`compare` per ``month``, ``area`` or ``premises`` (the data for monthly
    charts side by side); the group is a column after ``is_reference``."""
    return _compare_kpis(runs, reference, f"kpis_by_{by}", by, lang, kpis)


def compare_costs(
    runs: dict[str, dict[str, pd.DataFrame]],
    reference: str,
    lang: str = "da",
    by: str | None = "year",
) -> pd.DataFrame:
    """Costs per budget year (``by="year"``) or over the whole horizon (``by=None``) and
    line of several runs, with the difference from the reference (paired by seed when the
    runs share their seeds, Welch's otherwise). A line one run lacks costs 0.

    Columns: run, is_reference, [year], line, label, mean, ci_low, ci_high, replications,
    difference, difference_ci_low, difference_ci_high, paired, certain, note."""
    keys = [*([by] if by else []), "line"]
    totals = {}
    for name, tables in runs.items():
        table = tables["costs_by_year"]
        if by is None:
            table = table.groupby(["replication", "seed", "line"], as_index=False, sort=False)[
                "amount"
            ].sum()
        totals[name] = {"costs": table}
    out = _with_differences(
        totals,
        reference,
        "costs",
        keys,
        "amount",
        lambda t: C._summarise(t, "amount", lang),
        lang,
        fill_value=0.0,
    )
    if by is not None:  # a year the reference did not run is no difference
        missing = ~out[by].isin(set(runs[reference]["costs_by_year"][by]))
        for column in ("difference", "difference_ci_low", "difference_ci_high"):
            out.loc[missing, column] = np.nan
        out.loc[missing, "certain"] = False
    # the cost lines in their order (as in sim.analysis.costs.COST_LINES, then the total),
    # runs as given
    lines = {key: i for i, key in enumerate([*C.LINES, "total"])}
    position = {name: i for i, name in enumerate(run_order(runs, reference))}
    out = out.assign(_line=out["line"].map(lines), _run=out["run"].map(position))
    out = out.sort_values([*([by] if by else []), "_line", "_run"], kind="stable")
    columns = ["run", "is_reference", *keys, "label", "mean", "ci_low", "ci_high"]
    columns += ["replications", "difference", "difference_ci_low", "difference_ci_high"]
    return out[[*columns, "paired", "certain", "note"]].reset_index(drop=True)


def run_verdicts(runs: dict[str, dict[str, pd.DataFrame]], lang: str = "da") -> pd.DataFrame:
    """Each run's verdict against Basis per budget year, as stored with the run
    (:func:`sim.analysis.verdict.verdict_table`: the same on every page and in every file,
    whichever run is the reference here), with ``run``, ``period`` (the budget year as
    the horizon covers it), ``verdict`` (words) and ``sentence``. Basis and runs stored
    without a verdict are left out."""
    parts = []
    for name, tables in runs.items():
        verdicts = tables.get("verdicts")
        if verdicts is None or verdicts.empty:
            continue
        part = V.worded(verdicts, lang)
        part.insert(0, "run", name)
        parts.append(part)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def premises_occupancy(runs: dict[str, dict[str, pd.DataFrame]]) -> pd.DataFrame:
    """Per run, premises and month: the mean over replications of the month's highest
    peak ÷ capacity (run, premises, month, ratio), for heat maps side by side."""
    parts = []
    for name, tables in runs.items():
        table = tables.get("premises_by_month")
        if table is None or table.empty:
            continue
        table = _numeric(table, "peak_ratio")
        mean = table.groupby(["premises", "month"], as_index=False)["peak_ratio"].mean()
        parts.append(mean.rename(columns={"peak_ratio": "ratio"}).assign(run=name))
    if not parts:
        return pd.DataFrame(columns=["run", "premises", "month", "ratio"])
    return pd.concat(parts, ignore_index=True)[["run", "premises", "month", "ratio"]]


# ---- a run made again ----------------------------------------------------------------------

# the result tables whose numbers a run made again must reproduce, and their value column
REPRODUCED = {
    "kpis": "value",
    "kpis_by_month": "value",
    "kpis_by_area": "value",
    "kpis_by_premises": "value",
    "premises_by_month": "peak_ratio",
    "costs_by_year": "amount",
}


def reproduction_differences(
    tables: dict[str, pd.DataFrame], stored: dict[str, pd.DataFrame]
) -> list[tuple[str, str]]:
    """Where the result ``tables`` of a run made again differ from the ``stored`` tables of
    the run it repeats: (table, KPI or cost line) for every KPI or line whose numbers are not
    bit for bit the same (or that one of them lacks); [] when the run is reproduced
    exactly."""
    found = []
    for name, value in REPRODUCED.items():
        new, old = tables.get(name), stored.get(name)
        if new is None or old is None:
            if (new is None) != (old is None):
                found.append((name, ""))
            continue
        what = "line" if "line" in new else "kpi" if "kpi" in new else None
        keys = [c for c in new.columns if c != value]
        if sorted(keys) != sorted(c for c in old.columns if c != value):
            found.append((name, ""))
            continue
        merged = new.astype({k: str for k in keys}).merge(
            old.astype({k: str for k in keys}), on=keys, how="outer", suffixes=("", "_stored")
        )
        a = pd.to_numeric(merged[value], errors="coerce").to_numpy(float)
        b = pd.to_numeric(merged[f"{value}_stored"], errors="coerce").to_numpy(float)
        differs = ~((a == b) | (np.isnan(a) & np.isnan(b)))
        if differs.any():
            labels = merged.loc[differs, what].unique() if what else [""]
            found.extend((name, str(label)) for label in labels)
    return found
