"""A server killed with ``kill -9`` during a run takes its worker processes with it (the
fork server, its workers and the resource tracker), and the run it left 'running' is
marked "afbrudt" when the next server starts; it can then be run again. Real processes."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
import time

import psutil
import pytest

from sim.inputs.scenario import load_scenario
from sim.run.lifeline import process_alive, process_id
from store import open_store
from store.runs import INTERRUPTED
from tests.conftest import BASELINE, ROOT
from tests.functional.test_saved_runs import SHORT

SERVER = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {root!r})
    from sim.inputs.scenario import load_scenario
    from store.access import Actor
    from ui.runs import Limits, RunRegistry

    scenario = load_scenario({baseline!r}).with_overrides(
        name="Dræbes undervejs", calendar={short!r}, replications=40
    )
    registry = RunRegistry(Limits(heartbeat_seconds=1))
    handle, _ = registry.start(scenario, actor=Actor("ida", "Ida", "planner"))
    registry.executor  # the pool is up
    while handle.queued:
        time.sleep(0.05)
    print("RUNNING", handle.run_id, flush=True)
    time.sleep(600)
    """
)


def alive(processes: list[psutil.Process]) -> list[psutil.Process]:
    """Those still running (a zombie waiting for its parent to read it has ended)."""
    out = []
    for process in processes:
        try:
            if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                out.append(process)
        except psutil.NoSuchProcess:
            pass
    return out


@pytest.fixture
def database(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path}/crash.sqlite"
    monkeypatch.setenv("KAPACITET_DATABASE_URL", url)
    return url


def test_kill_9_of_the_server_ends_its_workers_and_the_run_is_marked_interrupted(database):
    script = SERVER.format(root=str(ROOT), baseline=str(BASELINE), short=SHORT)
    server = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "KAPACITET_DATABASE_URL": database},
    )
    try:
        line = server.stdout.readline()
        assert line.startswith("RUNNING"), server.stderr.read()
        run_id = int(line.split()[1])
        children = psutil.Process(server.pid).children(recursive=True)
        names = " ".join(" ".join(c.cmdline()) for c in children)
        # the fork server, its two workers (on 2 cores) and the resource tracker
        assert "forkserver" in names and "resource_tracker" in names, names
        assert len(children) >= 3, names
        assert open_store(database).load_run(run_id).status == "running"
        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
        deadline = time.time() + 20
        while alive(children) and time.time() < deadline:
            time.sleep(0.2)
        left = alive(children)
        assert not left, [" ".join(p.cmdline()) for p in left]
    finally:
        if server.poll() is None:
            server.kill()
    # the next server finds the run its dead predecessor left
    from ui.runs import Limits, RunRegistry

    registry = RunRegistry(Limits())
    assert registry.interrupted == [run_id]
    info = open_store(database).load_run(run_id)
    assert info.status == "failed" and info.error == INTERRUPTED and info.interrupted
    assert "executor" not in registry.__dict__ and registry._pool is None  # nothing started


def test_a_run_is_interrupted_when_its_server_is_gone_or_silent_for_too_long(database):
    store = open_store(database)
    scenario = load_scenario(BASELINE).with_overrides(calendar=SHORT, replications=2)
    now = dt.datetime.now(dt.UTC)
    old = now - dt.timedelta(minutes=10)
    dead = subprocess.run([sys.executable, "-c", "pass"], check=True)
    assert dead.returncode == 0
    host = process_id().split(":")[0]
    ids = {
        "mine": store.start_run(scenario, "h", server_id=process_id(), started_at=old),
        "silent": store.start_run(scenario, "h", server_id="elsewhere:12:34", started_at=old),
        "talking": store.start_run(scenario, "h", server_id="elsewhere:12:34", started_at=now),
        "dead": store.start_run(scenario, "h", server_id=f"{host}:999999999:1", started_at=now),
        "done": store.start_run(scenario, "h", server_id="elsewhere:12:34", started_at=old),
    }
    store.finish_run(ids["done"], {})
    assert store.heartbeat([ids["talking"]], "elsewhere:12:34", now) == 1
    stopped = store.interrupt_stale_runs(
        process_id(), process_alive, dt.timedelta(minutes=5), now=now
    )
    assert sorted(stopped) == sorted([ids["silent"], ids["dead"]])
    status = {name: store.load_run(i) for name, i in ids.items()}
    assert {n for n, r in status.items() if r.interrupted} == {"silent", "dead"}
    assert status["mine"].status == "running" and status["talking"].status == "running"
    assert status["done"].status == "done"


def test_process_ids_tell_a_living_server_from_a_dead_one():
    assert process_alive(process_id()) is True
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    host = process_id().split(":")[0]
    assert process_alive(f"{host}:{finished.pid}:1") is False
    assert process_alive("another-host:1:1") is None
    assert process_alive(None) is None and process_alive("nonsense") is None


def test_a_worker_killed_under_a_run_fails_that_run_in_words_and_the_next_run_works():
    """A worker that dies (kill -9, or the kernel's out-of-memory killer) breaks the pool:
    the run it was on says so in Danish, and the registry makes a new pool for the next."""
    from tests.functional.test_run_queue import IDA, short, wait
    from ui import runs as R

    runs = R.RunRegistry(R.Limits())
    # long enough that replications are still being computed when the worker is killed
    long_run = load_scenario(BASELINE).with_overrides(
        name="Mister en proces", replications=40, seed=21
    )
    first, _ = runs.start(long_run, actor=IDA)
    wait(lambda: first.done >= 1 or not first.running, 180)
    assert first.running and first.done < 40
    broken = runs._pool
    os.kill(next(iter(broken._processes)), signal.SIGKILL)
    wait(lambda: not first.running, 180)
    assert first.error == [
        "En regneproces stoppede uventet (fx for lidt hukommelse), så kørslen blev afbrudt. "
        "Kør den igen."
    ]
    second, _ = runs.start(short("Bagefter", replications=2, seed=22), actor=IDA)
    wait(lambda: not second.running, 180)
    assert second.error is None and second.done == 2
    assert runs._pool is not broken
