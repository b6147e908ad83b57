"""sim.model.day and sim.model.engine compiled with Cython (sim/model/compiled.py) give
exactly the pure modules' results, and an edited source never runs from a stale build."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import numpy as np
import pytest

from sim.inputs.dataset import scenario_data
from sim.inputs.scenario import load_scenario
from sim.model import compiled
from sim.model.horizon import simulated_days
from sim.model.world import build_world, simulate_day
from tests.conftest import ROOT

FRAMES = ("visits", "calls", "staff", "premises", "queues", "events")


@pytest.fixture(scope="module")
def baseline_world():
    scenario = load_scenario(ROOT / "scenarios" / "baseline.yaml")
    return build_world(scenario, scenario_data(scenario), 3), simulated_days(scenario)


def assert_same_day(one, other) -> None:
    for name in FRAMES:
        first, second = getattr(one, name), getattr(other, name)
        assert first.keys() == second.keys(), name
        for column, values in first.items():
            same = np.array_equal(values, second[column], equal_nan=values.dtype.kind == "f") and (
                values.dtype == second[column].dtype
            )
            assert same, f"{name}.{column}"


def test_the_compiled_day_gives_exactly_the_pure_python_results(baseline_world):
    compiled.build()  # built by test.sh already; here it only checks that it is there
    module = compiled.day_module.__wrapped__()
    assert compiled.is_compiled(module)
    pure = importlib.import_module("sim.model.day")
    world, days = baseline_world
    # a weekday and a weekend day before Flyt 2, and a day after it (pooled teams)
    chosen = [
        next(d for d in days if d.day_type == "weekday"),
        next(d for d in days if d.day_type == "weekend"),
        next(d for d in days if d.date >= world.scenario.calendar.flyt2),
    ]
    for day in chosen:
        assert_same_day(
            simulate_day(world, day, events=True, module=module),
            simulate_day(world, day, events=True, module=pure),
        )


def test_an_edited_source_runs_as_pure_python_until_it_is_built_again(tmp_path, monkeypatch):
    edited = tmp_path / "day.py"
    edited.write_text(compiled.SOURCE.read_text() + "\n# an edit\n")
    built_for = compiled.compiled_name()
    monkeypatch.setattr(compiled, "SOURCE", edited)
    assert compiled.compiled_name() != built_for
    module = compiled.day_module.__wrapped__()
    assert module.__name__ == "sim.model.day"
    assert not compiled.is_compiled(module)


def test_an_edited_engine_runs_as_pure_python_until_it_is_built_again(tmp_path, monkeypatch):
    edited = tmp_path / "engine.py"
    edited.write_text(compiled.ENGINE_SOURCE.read_text() + "\n# an edit\n")
    built_for = compiled.compiled_name(), compiled.engine_name()
    monkeypatch.setattr(compiled, "ENGINE_SOURCE", edited)
    assert compiled.compiled_name() != built_for[0]
    assert compiled.engine_name() != built_for[1]
    assert compiled.day_module.__wrapped__().__name__ == "sim.model.day"


def test_the_compiled_day_runs_on_the_compiled_engine():
    compiled.build()
    module = compiled.day_module.__wrapped__()
    assert compiled.is_compiled(module)
    assert module.Engine.__module__ == f"{compiled.PACKAGE}.{compiled.engine_name()}"
    assert importlib.import_module("sim.model.day").Engine.__module__ == "sim.model.engine"
    assert compiled.day_source().count(f"from {compiled.PACKAGE}.{compiled.engine_name()} ") == 1


GARBAGE = """
import gc, importlib, json, sys
from sim.model import compiled
from sim.model.horizon import simulated_days
from sim.inputs.dataset import scenario_data
from sim.model.world import build_world, simulate_day
from sim.inputs.scenario import load_scenario

scenario = load_scenario(sys.argv[1])
world, days = build_world(scenario, scenario_data(scenario), 3), simulated_days(scenario)
pure = importlib.import_module("sim.model.day")
module = compiled.day_module.__wrapped__() if sys.argv[2] == "compiled" else pure
simulate_day(world, days[0], module=module)
gc.collect()
gc.disable()
gc.set_debug(gc.DEBUG_SAVEALL)
simulate_day(world, days[1], module=module)
gc.collect()
print(json.dumps([type(thing).__name__ for thing in gc.garbage]))
"""


@pytest.mark.parametrize("kind", ["compiled", "pure"])
def test_carers_leave_no_garbage_for_the_cycle_collector(kind):
    """Carers free themselves when they end (see ``sim.model.engine._drive``), compiled or not.
    Pure Python leaves only the SimPy environment's few objects in reference cycles;
    compiled, the day's closure scope (one per day, with its tallies) is one cycle more.
    Measured in a process of its own: no other test's threads make garbage there."""
    baseline = str(ROOT / "scenarios" / "baseline.yaml")
    done = subprocess.run(
        [sys.executable, "-c", GARBAGE, baseline, kind],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    left = json.loads(done.stdout.strip().splitlines()[-1])
    assert not [name for name in left if "generator" in name or name == "function"]
    if kind == "pure":
        assert len(left) < 50
