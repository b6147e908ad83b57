"""sim.model.engine: the fast mode (SimPy internals) and the reference mode (public SimPy only)
give exactly the same days, compiled or not, and the installed SimPy is the one whose
internals the fast mode relies on."""

from __future__ import annotations

import importlib
import importlib.metadata
import itertools
import re
from heapq import heappush

import pytest
import simpy
from simpy.events import NORMAL, URGENT

from sim.inputs.dataset import scenario_data
from sim.inputs.scenario import load_scenario
from sim.model import compiled, engine
from sim.model.engine import Engine
from sim.model.horizon import simulated_days
from sim.model.world import build_world, simulate_day
from tests.conftest import BASELINE, ROOT
from tests.unit.test_compiled import assert_same_day


@pytest.fixture(scope="module")
def world_and_days():
    scenario = load_scenario(BASELINE)
    world = build_world(scenario, scenario_data(scenario), 5)
    days = simulated_days(scenario)
    flyt2 = scenario.calendar.flyt2
    assert scenario.parameters.pool_from_flyt2  # so the day after Flyt 2 is a pooled one
    chosen = {
        "weekday": next(d for d in days if d.day_type == "weekday" and d.date < flyt2),
        "weekend": next(d for d in days if d.day_type == "weekend" and d.date < flyt2),
        "pooled": next(d for d in days if d.date >= flyt2),
    }
    return world, chosen


@pytest.mark.parametrize("kind", ["pure", "compiled"])
@pytest.mark.parametrize("which", ["weekday", "weekend", "pooled"])
def test_the_reference_mode_gives_exactly_the_fast_modes_day(world_and_days, kind, which):
    world, chosen = world_and_days
    if kind == "compiled":
        compiled.build()  # built by test.sh already; here it only checks that it is there
        module = compiled.day_module.__wrapped__()
        assert compiled.is_compiled(module)
    else:
        module = importlib.import_module("sim.model.day")
    day = chosen[which]
    fast = simulate_day(world, day, events=True, module=module, mode="fast")
    reference = simulate_day(world, day, events=True, module=module, mode="reference")
    assert fast.events is not None and len(fast.events["start"]) > 1000
    assert fast.calls["served"].sum() > 0
    assert_same_day(fast, reference)


def test_the_installed_simpy_is_the_pinned_one_with_the_internals_the_fast_mode_uses():
    pins = re.findall(r"^simpy==(\S+)", (ROOT / "requirements.txt").read_text(), re.MULTILINE)
    assert len(pins) == 1, "requirements.txt must pin simpy exactly once (simpy==X.Y.Z)"
    (pinned,) = pins
    assert pinned == engine.SIMPY_VERSION, (
        f"sim/model/engine.py's fast mode is written against SimPy {engine.SIMPY_VERSION}, but "
        f"requirements.txt pins {pinned}: check the internals it uses (its docstring) "
        "against the new SimPy, then update SIMPY_VERSION"
    )
    installed = importlib.metadata.version("simpy")
    assert installed == pinned, (
        f"SimPy {installed} is installed but requirements.txt pins {pinned}: sim/model/engine.py's "
        "fast mode relies on SimPy's internals (see its docstring); install the pinned one"
    )
    # the internals themselves, as the fast mode uses them
    assert (URGENT, NORMAL) == (0, 1)
    env = simpy.Environment(5.0)
    assert env._now == 5.0
    assert env._queue == [] and isinstance(env._eid, itertools.count)
    timeout = env.timeout(2.0)
    ((time, priority, eid, event),) = env._queue
    assert (time, priority, event) == (7.0, NORMAL, timeout) and isinstance(eid, int)
    assert next(env._eid) == eid + 1
    # an event made triggered by hand, pushed onto the heap, processed, re-armed and
    # pushed again: SimPy's loop reads only its callbacks and outcome
    seen = []
    wake = simpy.Event(env)
    wake._ok, wake._value = True, None
    assert wake.triggered and wake.ok
    for _ in range(2):
        wake.callbacks = [lambda e: seen.append((e.env.now, e.value))]
        heappush(env._queue, (env._now + 1.0, NORMAL, next(env._eid), wake))
        env.run()
        assert wake.callbacks is None and wake.processed
    assert seen == [(6.0, None), (8.0, None)]


def _trace(mode: str) -> list:
    """Three carers at one moment and one later, holding, waiting for an event another
    one triggers, and waiting for one already processed."""
    env = Engine(10.0, mode)
    seen: list = []
    signal = env.event()

    def carer(name: str, holds: list[float]):
        seen.append((env.now, name, "start"))
        for hold in holds:
            yield hold
            seen.append((env.now, name, hold))
        if name == "a":
            signal.succeed("go")
        else:
            yield signal
            seen.append((env.now, name, signal.value))
        yield signal  # processed already (for "b", "c"; "a" may find it triggered only)
        seen.append((env.now, name, "end"))

    env.start([carer("a", [1.0, 2.0]), carer("b", [0.0, 3.0])])
    env.start_at(12.0, [carer("c", [1.0])])
    env.start_at(5.0, [carer("d", [])])  # a time past: now
    env.process(_plain(env, seen))
    env.run()
    return seen


def _plain(env, seen):
    """An ordinary SimPy process at the same times, to show the order against it."""
    seen.append((env.now, "plain", "start"))
    yield env.timeout(3.0)
    seen.append((env.now, "plain", 3.0))


def test_both_modes_run_carers_in_the_same_order():
    fast = _trace("fast")
    assert fast == _trace("reference")
    # started in the order given, before the ordinary events of their moment; the ones
    # started by a launcher after the start of a process made before it
    assert fast[:4] == [
        (10.0, "a", "start"),
        (10.0, "b", "start"),
        (10.0, "plain", "start"),
        (10.0, "d", "start"),
    ]
    assert fast.index((10.0, "b", 0.0)) > fast.index((10.0, "d", "start"))
    assert (12.0, "c", "start") in fast and fast[-1][0] == 13.0


def test_the_reference_mode_refuses_a_negative_hold_and_unknown_modes():
    def carer():
        yield -1.0

    env = Engine(0.0, "reference")
    env.start([carer()])
    with pytest.raises(ValueError, match="Negative delay"):
        env.run()
    with pytest.raises(ValueError, match="mode must be one of"):
        Engine(0.0, "quick")


def test_no_module_but_the_engine_touches_simpy_internals():
    internals = re.compile(
        r"\._(queue|eid|now|ok|value|active_proc|defused|target|generator)\b|simpy\.events|"
        r"from simpy"
    )
    for path in sorted((ROOT / "sim").rglob("*.py")):
        if path.name == "engine.py":
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            assert not internals.search(line), f"{path.relative_to(ROOT)}:{number}: {line}"
