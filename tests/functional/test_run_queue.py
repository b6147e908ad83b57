"""The run registry under load: one queue, first come first served across sessions, with
each run's place; per-user limits refused on the server; finished runs let go of by
memory (running ones never), their results coming back from the store; replications
summarised as they arrive, with the same tables as whole ones; a store that cannot record
a run is said, not hidden; and a seed typed on the Scenarie page survives a page change
the server had no time to see."""

from __future__ import annotations

import functools
import threading
import time

import pandas as pd
import pytest

from sim.analysis.compare import reproduction_differences, run_tables, summarised
from sim.inputs.scenario import load_scenario
from sim.reports.files import summaries
from sim.run.experiment import (
    Experiment,
    InProcessExecutor,
    Replication,
    iter_replications,
    run_experiment,
)
from store import open_store
from store.access import Actor
from store.errors import StoreError
from tests.conftest import BASELINE
from tests.functional.test_saved_runs import MOVE, SHORT
from ui import runs as R
from ui.auth import SYSTEM

IDA = Actor("ida", "Ida", "planner")
BO = Actor("bo", "Bo", "planner")


def short(name: str = "Kort", **changes):
    return load_scenario(BASELINE).with_overrides(
        name=name, **{"calendar": SHORT, "replications": 2, **changes}
    )


def wait(condition, seconds: float = 120) -> None:
    deadline = time.time() + seconds
    while not condition():
        assert time.time() < deadline, "timed out"
        time.sleep(0.05)


class Gate:
    """Stands in for the model: records which run began when, and holds each run until
    it is let go of."""

    def __init__(self):
        self.began: list[str] = []
        self.open: dict[str, threading.Event] = {}

    def release(self, name: str) -> None:
        self.open.setdefault(name, threading.Event()).set()

    def iter_runs(self, scenarios, data, executor=None, reduces=None, reuse=True, early=None):
        scenario = scenarios[0]
        self.began.append(scenario.name)
        self.open.setdefault(scenario.name, threading.Event()).wait(60)
        for index, seed in enumerate(scenario.replication_seeds()):
            kpis = pd.DataFrame({"replication": [index], "kpi": ["on_time_share"], "value": [1.0]})
            yield [Replication(index, seed, {}, {None: kpis}) for _ in scenarios]


@pytest.fixture
def gate(monkeypatch):
    gate = Gate()
    monkeypatch.setattr(R, "iter_runs", gate.iter_runs)
    monkeypatch.setattr(R, "run_tables", lambda experiment, data: {})
    return gate


def registry(**limits) -> R.RunRegistry:
    return R.RunRegistry(R.Limits(**limits), pool=InProcessExecutor)


def test_runs_are_served_first_come_first_served_across_sessions_with_their_places(gate):
    runs = registry()
    first, _ = runs.start(short("Ida først", seed=1), actor=IDA)
    wait(lambda: gate.began == ["Ida først"])
    second, _ = runs.start(short("Bo", seed=2), actor=BO)
    third, _ = runs.start(short("Ida igen", seed=3), actor=IDA)
    assert [runs.position(h) for h in (first, second, third)] == [None, 1, 2]
    assert not first.queued and second.queued and third.queued
    gate.release("Ida igen")  # a later run let go of first still waits its turn
    time.sleep(0.3)
    assert gate.began == ["Ida først"] and runs.position(third) == 2
    gate.release("Ida først")
    wait(lambda: runs.position(third) == 1)
    gate.release("Bo")
    wait(lambda: not third.running)
    assert gate.began == ["Ida først", "Bo", "Ida igen"]
    assert all(h.done == 2 and not h.error for h in (first, second, third))


def test_limits_per_user_are_refused_by_the_registry_and_not_for_the_app_itself(gate):
    runs = registry(runs_per_user=2, replications=5, sweeps_per_user=1)
    runs.start(short("a", seed=1), actor=IDA)
    runs.start(short("b", seed=2), actor=IDA)
    with pytest.raises(R.RunRefused) as refused:
        runs.start(short("c", seed=3), actor=IDA)
    assert "Du har allerede 2 kørsler i gang eller i kø" in refused.value.message("da")
    assert "You already have 2 runs" in refused.value.message("en")
    assert isinstance(refused.value, StoreError)  # pages show it as any store message
    runs.start(short("d", seed=4), actor=BO)  # another user has their own limit
    with pytest.raises(R.RunRefused) as refused:
        runs.start(short("e", seed=5, replications=6), actor=BO)
    assert "højst have 5 replikationer" in refused.value.message("da")
    runs.start(short("app", seed=6, replications=10), actor=SYSTEM)  # the baseline
    runs.start(short("app 2", seed=7), actor=SYSTEM)
    same, reused = runs.start(short("a igen", seed=1), actor=IDA)  # the same inputs: shown
    assert reused

    hold = threading.Event()

    def sweep(progress, cancel, executor, cache):
        hold.wait(60)
        raise R.SweepCancelled()

    runs.start_sweep("grid", short(), sweep, actor=IDA)
    with pytest.raises(R.RunRefused) as refused:
        runs.start_sweep("grid", short(), sweep, actor=IDA)
    assert "følsomhedsanalyse" in refused.value.message("da")
    runs.start_sweep("grid", short(), sweep, actor=BO)
    hold.set()
    for name in ("a", "b", "d", "app", "app 2"):
        gate.release(name)


def test_finished_runs_leave_memory_oldest_first_and_running_ones_stay(gate):
    runs = registry(memory_mb=0)  # nothing finished is kept
    done, _ = runs.start(short("færdig", seed=1), actor=IDA)
    gate.release("færdig")
    wait(lambda: not done.running)
    going, _ = runs.start(short("i gang", seed=2), actor=IDA)
    waiting, _ = runs.start(short("i kø", seed=3), actor=BO)
    wait(lambda: gate.began[-1] == "i gang")
    assert runs._runs.keys() == {going.key, waiting.key}  # the finished one went
    assert done.key in runs._evicted  # its results are in the store
    gate.release("i gang")
    gate.release("i kø")
    wait(lambda: not waiting.running)
    assert runs._runs == {}


def test_an_evicted_run_comes_back_from_the_store_with_the_same_results():
    runs = registry()
    handle, _ = runs.start(short("Fra lageret"), actor=IDA)
    wait(lambda: not handle.running)
    assert not handle.error and handle.store_problem is None and handle.run_id
    summary, by_area = handle.summary(), handle.summary("area")
    costs = handle.cost_summary("da")
    with runs._lock:
        runs.limits = R.Limits(memory_mb=0)
        runs._evict()
    assert handle.key not in runs._runs
    again = runs.get(handle.key)
    assert again is not handle and again.stored_tables is not None
    pd.testing.assert_frame_equal(again.summary(), summary)
    pd.testing.assert_frame_equal(again.summary("area"), by_area)
    pd.testing.assert_frame_equal(
        again.cost_summary("da").reset_index(drop=True), costs.reset_index(drop=True)
    )
    pd.testing.assert_frame_equal(
        again.premises_by_month().reset_index(drop=True),
        handle.premises_by_month().reset_index(drop=True),
    )
    assert again.basis is again and again.verdicts() is None  # Basis is the reference
    assert again.workbook("da")[:2] == b"PK"


def test_basis_is_computed_once_and_a_new_server_takes_it_from_the_store():
    first = registry()
    basis, _ = first.start(short("Basis kort", seed=21), actor=SYSTEM)
    wait(lambda: not basis.running)
    assert not basis.error and basis.run_id and basis.basis is basis
    second = registry()  # a fresh server: nothing in its memory
    again, reused = second.start(short("Basis kort", seed=21), actor=IDA)
    assert reused and again.stored_tables is not None and again.run_id == basis.run_id
    pd.testing.assert_frame_equal(again.summary(), basis.summary())


def test_a_scenario_runs_with_its_basis_on_the_same_days_and_stores_its_verdict():
    runs = registry()
    moved = short("Flyttet", seed=22, placements=[MOVE])
    handle, _ = runs.start(moved, actor=IDA)
    assert handle.basis is not None and handle.basis is handle.fills
    assert "-on-" in handle.basis.key  # Basis on the scenario's days, not its own
    wait(lambda: not handle.running)
    assert not handle.error and not handle.basis.running and handle.basis.done == handle.done
    verdicts = handle.verdicts()
    assert list(verdicts["year"]) == [2026]
    # days before the move were simulated once, for both
    assert all(r.reused_days > 0 for r in handle.basis.replications)
    stored = open_store().run_tables(handle.run_id)
    pd.testing.assert_frame_equal(stored["verdicts"], verdicts, check_dtype=False)
    # the same scenario in another session: shown at once, with the same Basis
    same, reused = runs.start(moved.with_overrides(name="Flyttet igen"), actor=BO)
    assert reused and same is handle and same.basis is handle.basis


def test_run_again_recomputes_a_saved_run_and_says_it_is_identical_or_what_differs():
    """ "Kør igen": the saved run is simulated again from scratch (not taken from memory
    or the store), and its numbers are compared with the saved ones bit for bit."""
    runs = registry()
    saved, _ = runs.start(short("Gentages", seed=11), actor=IDA)
    wait(lambda: not saved.running)
    assert saved.run_id and saved.reproduction is None
    again, reused = runs.start(saved.scenario, actor=IDA, repeat=saved.run_id)
    assert not reused and again is not saved and again.key != saved.key
    wait(lambda: not again.running)
    assert again.done == 2 and again.replications[0] is not saved.replications[0]
    assert again.run_id not in (None, saved.run_id)  # a run of its own in the store
    reproduction = again.reproduction
    assert reproduction.run_id == saved.run_id and reproduction.identical
    assert reproduction.same_data and reproduction.model == reproduction.stored_model
    # what a difference would be said as: one KPI and one cost line changed in the tables
    tables = open_store().run_tables(saved.run_id)
    changed = {name: table.copy() for name, table in tables.items()}
    kpis = changed["kpis"]
    kpis.loc[kpis["kpi"] == "on_time_share", "value"] += 1e-12
    costs = changed["costs_by_year"]
    costs.loc[costs["line"] == "rent", "amount"] += 1.0
    assert reproduction_differences(tables, tables) == []
    assert reproduction_differences(changed, tables) == [
        ("kpis", "on_time_share"),
        ("costs_by_year", "rent"),
    ]
    del changed["kpis_by_area"]
    assert ("kpis_by_area", "") in reproduction_differences(changed, tables)


def test_summarised_replications_give_the_same_tables_and_keep_little():
    scenario = short("Opsummeret")
    whole = run_experiment(scenario, workers=1)
    data_dir = str(scenario.resolve_data_dir())
    reduce = functools.partial(summarised, scenario.model_dump_json(), data_dir, whole.data_hash)
    with InProcessExecutor() as executor:
        reduced = list(iter_replications(scenario, executor=executor, reduce=reduce))
    assert all(r.kpis is not None and "visits" not in r.frames for r in reduced)
    assert sum(r.nbytes for r in reduced) < sum(r.nbytes for r in whole.replications) / 2
    small = Experiment(scenario, whole.data_hash, whole.model_version, reduced)
    expected, got = run_tables(whole), run_tables(small)
    assert set(got) == set(expected)
    for name in expected:
        pd.testing.assert_frame_equal(got[name], expected[name], obj=name)
    for name, table in summaries(whole).items():
        pd.testing.assert_frame_equal(summaries(small)[name], table, obj=name)


def test_a_store_that_cannot_record_the_run_is_said_and_the_run_still_shown(gate, monkeypatch):
    class Broken(StoreError):
        def __init__(self):
            super().__init__("Databasen er skrivebeskyttet.", "The database is read-only.")

    def unavailable(*args, **kwargs):
        raise Broken()

    monkeypatch.setattr(R, "open_store", unavailable)
    runs = registry()
    assert isinstance(runs.store_problem, Broken)  # the start-up check could not run
    handle, _ = runs.start(short("Ikke gemt"), actor=IDA)
    gate.release("Ikke gemt")
    wait(lambda: not handle.running)
    assert handle.run_id is None and isinstance(handle.store_problem, Broken)
    assert handle.done == 2 and not handle.error


# ---- the Scenarie page: an edit the server had no time to see ---------------------------


def test_a_seed_typed_on_the_scenario_page_survives_going_straight_to_results():
    from tests.apptest import app, open_page

    at = open_page(app(), "ui/pages/scenario.py")
    seed = next(n for n in at.number_input if n.label == "Startværdi (seed)")
    seed.set_value(4711)  # typed, and the page left before the scenario page ran again
    at.switch_page("ui/pages/results.py")
    at.run()
    assert not at.exception
    assert at.session_state["draft"]["seed"] == 4711
    assert any("seed 4711" in m.value for m in at.markdown)


def test_an_interrupted_run_is_listed_as_afbrudt_and_can_be_run_again():
    import datetime as dt

    from sim.run.lifeline import process_alive, process_id
    from store import open_store
    from tests.apptest import app, open_page

    store = open_store()
    host = process_id().split(":")[0]
    run_id = store.start_run(
        short("Afbrudt kørsel", seed=77), "hash", owner="Ida", server_id=f"{host}:999999999:1"
    )
    stale = dt.timedelta(minutes=5)
    assert run_id in store.interrupt_stale_runs(process_id(), process_alive, stale)
    at = open_page(app(), "ui/pages/compare.py")
    assert any("er afbrudt" in w.value and "Kør den igen" in w.value for w in at.warning)
    picker = at.selectbox(key="compare-interrupted")
    assert f"#{run_id} Afbrudt kørsel (afbrudt)" in picker.options
    picker.set_value(run_id).run()
    at.button(key="rerun-interrupted").click().run()
    assert not at.exception, at.exception
    assert at.session_state["draft"]["name"] == "Afbrudt kørsel"
    assert at.session_state["draft"]["seed"] == 77
