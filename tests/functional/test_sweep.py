"""Sensitivity sweeps: validation of the values, common random numbers, the tornado, the
grid, the cache, progress and cancellation, and the command `python -m sim sweep`."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import subprocess
import sys
import threading
import typing
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.analysis.kpis import kpi_table
from sim.analysis.sweep import (
    ParameterSpec,
    ResultCache,
    SweepCancelled,
    default_sensitivity_parameters,
    grid_points,
    one_at_a_time_points,
    parse_parameter,
    result_key,
    run_grid,
    run_sensitivity,
    with_changes,
)
from sim.inputs.dataset import scenario_data
from sim.inputs.scenario import (
    PROJECT_ROOT,
    Parameters,
    ScenarioError,
    dump_scenario,
    load_scenario,
)
from sim.model.world import build_world
from sim.run.experiment import InProcessExecutor, make_executor, run_experiment, world_for
from tests.conftest import BASELINE
from tests.synthetic import small_scenario

KPIS = ["on_time_share", "missed_visits", "continuity_share"]
SPECS = [
    ParameterSpec("parameters.absence_rate", 0.0, 0.15),
    ParameterSpec("parameters.staff_multiplier", 0.7, 1.3),
    ParameterSpec("parameters.regular_carers", 1, 3),  # 3 is the base: the same point
]


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    return small_scenario(tmp_path_factory.mktemp("sweep"))


@pytest.fixture(scope="module")
def sensitivity(scenario):
    with make_executor("in-process") as executor:
        return run_sensitivity(scenario, SPECS, executor=executor, kpis=KPIS)


# --- values are validated by the scenario schema ----------------------------------------


def messages(call) -> list[str]:
    with pytest.raises(ScenarioError) as error:
        call()
    return error.value.messages


def test_impossible_value_gives_the_schemas_message_naming_the_field():
    base = load_scenario(BASELINE)
    assert messages(lambda: with_changes(base, {"parameters.absence_rate": 0.9})) == [
        "felt 'parameters.absence_rate': må højst være 0,5 (fik 0.9)"
    ]
    assert messages(lambda: with_changes(base, {"parameters.absense_rate": 0.1})) == [
        "felt 'parameters.absense_rate': ukendt felt (stavefejl?) (fik 0.1)"
    ]
    assert messages(lambda: with_changes(base, {"parameters.travel_mode": "tog"}, "en"))[
        0
    ].startswith("field 'parameters.travel_mode': must be one of: 'walk'")
    assert messages(lambda: with_changes(base, {"calendar.end": "2026-02-01"})) == [
        "felt 'calendar': slutdatoen må ikke ligge før startdatoen"
    ]


def test_seeds_replications_and_data_cannot_be_varied():
    base = load_scenario(BASELINE)
    for path in ("seed", "replications", "data_dir"):
        (text,) = messages(lambda path=path: with_changes(base, {path: 1}))
        assert text.startswith(f"felt '{path}': kan ikke varieres")


def test_every_bad_value_is_reported_at_once():
    base = load_scenario(BASELINE)
    specs = [
        ParameterSpec("parameters.absence_rate", -0.1, 0.6),
        ParameterSpec("parameters.regular_carers", 0, 2),
        ParameterSpec("seed", 1, 2),
    ]
    assert messages(lambda: one_at_a_time_points(base, specs)) == [
        "felt 'parameters.absence_rate': skal være mindst 0 (fik -0.1)",
        "felt 'parameters.absence_rate': må højst være 0,5 (fik 0.6)",
        "felt 'parameters.regular_carers': skal være mindst 1 (fik 0)",
        "felt 'seed': kan ikke varieres i en følsomhedsanalyse "
        "(alle punkter bruger de samme seeds)",
    ]


def test_parse_parameter():
    base = load_scenario(BASELINE)
    assert parse_parameter("parameters.absence_rate=0.08,0.16") == (
        "parameters.absence_rate",
        [0.08, 0.16],
    )
    assert parse_parameter("parameters.travel_mode=walk,car")[1] == ["walk", "car"]
    assert parse_parameter("parameters.speed_kmh=null,20")[1] == [None, 20]
    assert parse_parameter("parameters.absence_rate", base)[1] == [0.06, 0.12]
    assert parse_parameter("parameters.staff_multiplier=0.8,1,1.2", grid=True)[1] == [0.8, 1, 1.2]
    (text,) = messages(lambda: parse_parameter("parameters.absence_rate=0,08,0,16"))
    assert text == (
        "parameters.absence_rate=0,08,0,16: brug punktum som decimaltegn (0.08, ikke 0,08)"
    )
    (text,) = messages(lambda: parse_parameter("parameters.absence_rate=0.08"))
    assert "giv to værdier, lav og høj" in text
    (text,) = messages(lambda: parse_parameter("parameters.absence_rate", None, grid=True))
    assert "ingen standardværdier" in text
    (text,) = messages(lambda: parse_parameter("=1,2"))
    assert "STI=VÆRDI,VÆRDI" in text


# --- default parameters -----------------------------------------------------------------


def test_default_parameters_are_valid_around_the_base():
    base = load_scenario(BASELINE)
    specs = default_sensitivity_parameters(base)
    assert len(specs) == 20
    assert len({s.path for s in specs}) == len(specs)
    points = one_at_a_time_points(base, specs)  # every value passes the schema
    assert len(points) == 1 + 2 * len(specs)
    for spec in specs:
        name = spec.path.removeprefix("parameters.")
        current = getattr(base.parameters, name)
        current = spec.base if current is None else current
        assert spec.low <= current <= spec.high, spec
        assert spec.low < spec.high, spec
        assert spec.note
        if Parameters.model_fields[name].annotation is int:
            assert isinstance(spec.low, int) and isinstance(spec.high, int)
    moved = load_scenario(PROJECT_ROOT / "scenarios" / "merged-may-2027.yaml")
    paths = {s.path for s in default_sensitivity_parameters(moved)}
    assert "parameters.productivity_loss" in paths  # only acts after a move
    no_travel = base.with_overrides(parameters={"travel_mode": "none"})
    paths = {s.path for s in default_sensitivity_parameters(no_travel)}
    assert "parameters.speed_kmh" not in paths and "parameters.detour_factor" not in paths


# --- worlds shared between points --------------------------------------------------------


def _same(a, b, where: str = "world") -> None:
    """Deep equality of what a world holds (arrays, frames, dataclasses, containers)."""
    if isinstance(a, np.ndarray):
        np.testing.assert_array_equal(a, b, err_msg=where)
    elif isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b, obj=where)
    elif dataclasses.is_dataclass(a) and not isinstance(a, type):
        assert type(a) is type(b), where
        for f in dataclasses.fields(a):
            _same(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), where
        for key in a:
            _same(a[key], b[key], f"{where}[{key!r}]")
    elif isinstance(a, list | tuple):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{where}[{i}]")
    else:
        assert a == b, where


def _other_value(name: str, value):
    """A valid value of parameter ``name`` other than ``value``."""
    field = Parameters.model_fields[name]
    choices = typing.get_args(field.annotation)
    if typing.get_origin(field.annotation) is typing.Literal:
        return next(c for c in choices if c != value)
    if isinstance(value, bool):
        return not value
    if isinstance(value, dict):
        return {"nurse": 0.3}
    low = next((r.ge for r in field.metadata if hasattr(r, "ge")), 0)
    high = next((r.le for r in field.metadata if hasattr(r, "le")), 100)
    if value is None:
        return (low + high) / 4 or 1.0
    other = value + 1 if value + 1 <= high else value - 1
    return type(value)(other) if isinstance(value, int) else (value + low + high) / 2


def test_a_world_shared_between_points_is_the_built_world_for_every_parameter():
    """World building is shared by scenarios that differ only in parameters (experiment.
    world_for): for each parameter, changed, the shared world equals build_world's."""
    base = load_scenario(BASELINE).with_overrides(
        calendar={"start": "2026-06-01", "end": "2026-06-30"}
    )
    data = scenario_data(base)
    world_for(base, str(data.directory), data.content_hash, 7)  # the shared one, built
    for name, value in base.parameters.model_dump().items():
        changed = base.with_overrides(parameters={name: _other_value(name, value)})
        shared = world_for(changed, str(data.directory), data.content_hash, 7)
        built = build_world(changed, scenario_data(changed, data), 7)
        _same(shared, built, f"world ({name})")
        _same(shared.workforce_plan, built.workforce_plan, f"workforce_plan ({name})")


# --- one at a time ----------------------------------------------------------------------


def test_base_point_is_the_plain_run_common_random_numbers(scenario, sensitivity):
    base = kpi_table(run_experiment(scenario, workers=1), kpis=KPIS)
    pd.testing.assert_frame_equal(sensitivity.points[0].kpis, base)
    assert sensitivity.seeds == [0, 1, 2]
    for point in sensitivity.points:
        assert point.seeds == [0, 1, 2]


def test_a_point_equals_its_scenario_run_alone(scenario, sensitivity):
    (point,) = [p for p in sensitivity.points if p.point.key == "parameters.absence_rate=high"]
    assert point.scenario.parameters.absence_rate == 0.15
    alone = kpi_table(
        run_experiment(scenario.with_overrides(parameters={"absence_rate": 0.15}), workers=1),
        kpis=KPIS,
    )
    pd.testing.assert_frame_equal(point.kpis, alone)


def test_tidy_frame(sensitivity):
    frame = sensitivity.frame()
    assert list(frame.columns) == [
        "parameter",
        "level",
        "parameter_value",
        "replication",
        "kpi",
        "value",
    ]
    assert len(frame) == len(SPECS) * 3 * 3 * len(KPIS)
    absence = frame[(frame["parameter"] == "parameters.absence_rate")]
    assert absence.groupby("level")["parameter_value"].first().to_dict() == {
        "low": 0.0,
        "base": 0.05,
        "high": 0.15,
    }
    # a level equal to the base is the base point itself
    carers = frame[frame["parameter"] == "parameters.regular_carers"]
    high = carers[carers["level"] == "high"]["value"].to_numpy()
    base = carers[carers["level"] == "base"]["value"].to_numpy()
    np.testing.assert_array_equal(high, base)


def test_tornado(sensitivity):
    table = sensitivity.tornado("on_time_share")
    assert list(table["parameter"])[0] == "parameters.staff_multiplier"
    assert table["swing"].is_monotonic_decreasing
    frame = sensitivity.frame()
    for row in table.itertuples():
        rows = frame[(frame["parameter"] == row.parameter) & (frame["kpi"] == "on_time_share")]
        means = rows.groupby("level")["value"].mean()
        assert row.low_effect == pytest.approx(means["low"] - means["base"])
        assert row.high_effect == pytest.approx(means["high"] - means["base"])
        assert row.swing == pytest.approx(abs(means["high"] - means["low"]))
        for level in ("low", "high"):
            low, high = getattr(row, f"{level}_ci_low"), getattr(row, f"{level}_ci_high")
            assert low <= getattr(row, f"{level}_effect") <= high
    carers = table.set_index("parameter").loc["parameters.regular_carers"]
    assert carers["high_effect"] == 0.0
    # more staff: visits on time do not fall
    staff = table.set_index("parameter").loc["parameters.staff_multiplier"]
    assert staff["high_effect"] >= 0 >= staff["low_effect"]
    with pytest.raises(ScenarioError, match="ukendt KPI 'nope'"):
        sensitivity.tornado("nope")


# --- grid -------------------------------------------------------------------------------


def test_grid_runs_every_combination(scenario):
    placements_axis = [
        [],
        [{"team": "T1", "premises": "P1", "start": "2026-06-02", "end": "2026-06-04"}],
    ]
    axes = {"parameters.staff_multiplier": [0.8, 1.2], "placements": placements_axis}
    assert len(grid_points(scenario, axes)) == 4
    with make_executor("in-process") as executor:
        result = run_grid(scenario, axes, replications=2, executor=executor, kpis=["on_time_share"])
    frame = result.frame()
    assert list(frame.columns) == [
        "point",
        "parameters.staff_multiplier",
        "placements",
        "replication",
        "kpi",
        "value",
    ]
    assert sorted(frame["point"].unique()) == [0, 1, 2, 3]
    summary = result.summary("on_time_share")
    assert len(summary) == 4 and summary["replications"].eq(2).all()
    assert result.points[3].scenario.placements[0].start.isoformat() == "2026-06-02"
    assert messages(lambda: grid_points(scenario, {"placements": [[{"team": "T1"}]]})) == [
        "felt 'placements.0.premises': skal udfyldes",
        "felt 'placements.0.start': skal udfyldes",
        "felt 'placements.0.end': skal udfyldes",
    ]


# --- all tasks at once, progress, cancel, cache ------------------------------------------


class CountingExecutor(InProcessExecutor):
    def __init__(self):
        super().__init__()
        self.submitted = 0

    def submit(self, fn, /, *args, **kwargs):
        self.submitted += 1
        return super().submit(fn, *args, **kwargs)


def test_all_tasks_are_submitted_before_the_first_result_is_taken(scenario):
    seen = []
    with CountingExecutor() as executor:

        def progress(done, total):
            seen.append((done, total, executor.submitted))

        run_sensitivity(scenario, SPECS[:2], replications=2, executor=executor, progress=progress)
    assert seen[0] == (0, 10, 0)
    assert [done for done, _, _ in seen] == list(range(11))
    assert all(submitted == 10 for _, _, submitted in seen[1:])


def test_cancel_stops_and_cancels_pending_tasks(scenario):
    cancel = threading.Event()

    def progress(done, total):
        if done == 1:
            cancel.set()

    with CountingExecutor() as executor:
        with pytest.raises(SweepCancelled) as stopped:
            run_sensitivity(
                scenario,
                SPECS[:2],
                replications=2,
                executor=executor,
                progress=progress,
                cancel=cancel,
            )
        assert stopped.value.done < 4 and stopped.value.total == 10
    # a callable works too, and a cancel before the start submits nothing
    with CountingExecutor() as executor, pytest.raises(SweepCancelled):
        run_sensitivity(scenario, SPECS[:2], executor=executor, cancel=lambda: True)
    assert executor.submitted == 0


def test_cache_makes_a_rerun_instant_and_identical(scenario, tmp_path):
    cache = ResultCache(tmp_path / "cache")
    with make_executor("in-process") as executor:
        first = run_sensitivity(scenario, SPECS[:1], replications=2, executor=executor, cache=cache)
        assert (first.tasks_run, first.tasks_cached) == (6, 0)
        again = run_sensitivity(scenario, SPECS[:1], replications=2, executor=executor, cache=cache)
        assert (again.tasks_run, again.tasks_cached) == (0, 6)
        pd.testing.assert_frame_equal(first.frame(), again.frame())
        # from disk in a new cache; one more replication runs only the new seed
        disk = ResultCache(tmp_path / "cache")
        more = run_sensitivity(scenario, SPECS[:1], replications=3, executor=executor, cache=disk)
        assert (more.tasks_run, more.tasks_cached) == (3, 6)
        # the other parameters (and a renamed scenario) share the base point
        renamed = scenario.with_overrides(name="Andet navn", description="x")
        other = run_sensitivity(renamed, SPECS[1:2], replications=2, executor=executor, cache=disk)
        assert (other.tasks_run, other.tasks_cached) == (4, 2)
    key = result_key(scenario, "data", 0, False)
    assert key == result_key(renamed.with_overrides(seed=5, replications=2), "data", 0, False)
    assert key != result_key(scenario, "data", 1, False)
    assert key != result_key(scenario, "other data", 0, False)
    assert key != result_key(scenario, "data", 0, True, "costs")


def test_costs_only_when_asked(scenario):
    with make_executor("in-process") as executor:
        plain = run_sensitivity(scenario, SPECS[:1], replications=1, executor=executor)
        costed = run_sensitivity(
            scenario, SPECS[:1], replications=1, executor=executor, kpis=["cost_total"]
        )
    assert "cost_total" in set(plain.frame()["kpi"])  # all KPIs: costs included
    assert set(costed.frame()["kpi"]) == {"cost_total"}
    assert costed.tornado("cost_total")["base_mean"].iloc[0] > 0


# --- the command line -------------------------------------------------------------------


def cli(*args, timeout: float = 300, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sim", *map(str, args)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        env=env,
        check=False,
    )


@pytest.fixture(scope="module")
def scenario_file(scenario, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sweep_cli") / "lille.yaml"
    path.write_text(dump_scenario(scenario.with_overrides(name="Lille")), encoding="utf-8")
    return path


def test_cli_sweep_writes_the_tornado(scenario_file, tmp_path):
    out = tmp_path / "out"
    args = [
        "sweep",
        scenario_file,
        "--param",
        "parameters.absence_rate=0.0,0.15",
        "--param",
        "parameters.staff_multiplier=0.7,1.3",
        "--replications",
        "2",
        "--executor",
        "in-process",
        "--cache",
        tmp_path / "cache",
        "--out",
        out,
    ]
    result = cli(*args)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Lille  (sampled, 5 punkter × 2 replikationer, seeds 0–1; 10 kørt")
    assert "Besøg til tiden: basis" in result.stdout
    assert "(effekt mod basis i pct.-point, parret pr. replikation)" in result.stdout
    rows = [line for line in lines if line.startswith("  parameters.")]
    assert rows[0].split()[0] == "parameters.staff_multiplier"
    assert "0,7 → 1,3" in rows[0] and " (" in rows[0] and " – " in rows[0]
    assert "  10/10 replikationer" in result.stderr
    tidy = list(csv.reader(io.StringIO((out / "sweep.csv").read_text("utf-8-sig")), delimiter=";"))
    assert tidy[0] == ["parameter", "level", "parameter_value", "replication", "kpi", "value"]
    tornado = (out / "tornado.csv").read_text("utf-8-sig")
    assert tornado.startswith("parameter;kpi;label;unit;low_value;base_value;high_value")
    document = json.loads((out / "sweep.json").read_text("utf-8"))
    assert document["kpi"] == "on_time_share" and document["seeds"] == [0, 1]
    assert len(document["points"]) == 5 and len(document["tornado"]) == 2
    assert document["points"][0]["scenario"]["name"] == "Lille"
    # again: everything from the cache, the same numbers
    again = cli(*args[:-1], tmp_path / "again")
    assert again.returncode == 0, again.stderr
    assert "0 kørt, 10 fra cache" in again.stdout
    assert (tmp_path / "again" / "tornado.csv").read_text("utf-8-sig") == tornado


def test_cli_grid(scenario_file, tmp_path):
    result = cli(
        "sweep",
        scenario_file,
        "--grid",
        "--param",
        "parameters.staff_multiplier=0.8,1.2",
        "--param",
        "parameters.absence_rate=0,0.1",
        "--replications",
        "1",
        "--workers",
        "2",
        "--no-cache",
        "--kpi",
        "missed_visits",
        "--out",
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "4 punkter × 1 replikationer" in result.stdout
    assert "parameters.staff_multiplier=0.8, parameters.absence_rate=0" in result.stdout
    grid = (tmp_path / "grid.csv").read_text("utf-8-sig")
    assert grid.splitlines()[0].startswith(
        "point;parameters.staff_multiplier;parameters.absence_rate;kpi"
    )
    assert len(grid.splitlines()) == 5


INVALID = {
    "too_high": (
        ["--param", "parameters.absence_rate=0.06,0.9"],
        "felt 'parameters.absence_rate': må højst være 0,5 (fik 0.9)",
    ),
    "unknown_field": (
        ["--param", "parameters.absense_rate=0.06,0.1"],
        "felt 'parameters.absense_rate': ukendt felt (stavefejl?)",
    ),
    "decimal_comma": (
        ["--param", "parameters.absence_rate=0,06,0,12"],
        "brug punktum som decimaltegn",
    ),
    "one_value": (["--param", "parameters.absence_rate=0.06"], "giv to værdier, lav og høj"),
    "seed": (["--param", "seed=1,2"], "felt 'seed': kan ikke varieres"),
    "kpi": (["--kpi", "nope"], "ukendt KPI 'nope'"),
    "grid": (["--grid"], "--grid: giv mindst én --param"),
    "replications": (
        ["--replications", "0"],
        "felt 'replications': skal være mellem 1 og 100 (fik 0)",
    ),
    "no_scheduler": (["--executor", "dask"], "ingen scheduler-adresse"),
}


@pytest.fixture(scope="module")
def invalid(scenario_file, tmp_path_factory) -> dict[str, subprocess.CompletedProcess]:
    """Every invalid command line, run side by side (each start costs ~1.5 s of imports)."""
    tmp = tmp_path_factory.mktemp("sweep_invalid")
    env = {k: v for k, v in os.environ.items() if k != "KAPACITET_DASK_SCHEDULER"}
    env["KAPACITET_SETTINGS"] = str(tmp / "none.toml")
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {
            name: pool.submit(
                cli, "sweep", scenario_file, *args, "--no-cache", "--out", tmp / name, env=env
            )
            for name, (args, _) in INVALID.items()
        }
        return {name: future.result() for name, future in futures.items()}


@pytest.mark.parametrize("case", INVALID)
def test_cli_invalid_input_exit_2(invalid, case):
    result = invalid[case]
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert INVALID[case][1] in result.stderr


def test_every_default_range_has_its_reason_in_danish():
    from sim.analysis.sweep import _DEFAULT_RANGES
    from sim.text.catalogue import CATALOGUE

    notes = {key.removeprefix("sweep.note.") for key in CATALOGUE if key.startswith("sweep.note.")}
    assert notes == {name for name, *_ in _DEFAULT_RANGES}
