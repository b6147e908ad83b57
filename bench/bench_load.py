"""Load: many browser sessions at once, each with its own seed, against one server.

Starts the server (``streamlit run serve.py``, as ``./run.sh`` does, on a fresh SQLite
store), then N browser sessions (one Chromium, a context each) that at the same time open
Scenarie, type their own seed (1000 + their number), go to Kør / Resultater, press Kør
(again, counted, if nothing happens within a minute) and wait for the result. While they
run, the server's health check (``GET /_stcore/health``) is polled twice a second and the
memory of the server and its worker processes (the sum of their RSS) is sampled.

    .venv/bin/python bench/bench_load.py               # 20 sessions
    .venv/bin/python bench/bench_load.py --clients 3   # a quick check

Reports: how many sessions finished, for each whether the results page showed its own seed
and the run stored for it ran that seed (read from the store afterwards), whether it saw
its place in the queue, and its time; the health check's median and maximum latency; the
peak memory. Targets: all finish with their own inputs, health checks under 2 s, memory
under 3 GB. Exit code 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browsers import ARGS, CHROMIUM, free_port  # noqa: E402

SEED_LABEL = "Startværdi (seed)"


def start_server(database: str, log, clients: int) -> tuple[subprocess.Popen, str]:
    """The server on a free port, its output to ``log`` (a file)."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "serve.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            "KAPACITET_DATABASE_URL": database,
            # without login every session is the same person (this computer's user), whom
            # the per-user limit (4 runs at once) would refuse from the fifth session on;
            # the benchmark stands for as many colleagues as it has sessions
            "KAPACITET_MAX_RUNS_PER_USER": str(clients),
        },
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while True:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return process, url
        except OSError:
            pass
        if process.poll() is not None or time.time() > deadline:
            raise SystemExit("the server did not start")
        time.sleep(0.5)


def poll_health(url: str, stop, out) -> None:
    """In a process of its own (this one is busy driving 20 browser sessions, and its
    threads would wait for each other): GET the health check twice a second until
    ``stop`` is set, then send (seconds since the start, latency or None) for each."""
    begun = time.perf_counter()
    checks = []
    while not stop.is_set():
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=30) as answer:
                answer.read()
            checks.append((started - begun, time.perf_counter() - started))
        except OSError:
            checks.append((started - begun, None))
        stop.wait(max(0.0, 0.5 - (time.perf_counter() - started)))
    out.send(checks)


class Watch(threading.Thread):
    """Samples the memory of the server and its children, and has the health check
    polled by :func:`poll_health` in a process of its own."""

    def __init__(self, url: str, pid: int):
        super().__init__(daemon=True)
        self.url, self.pid = url, pid
        self.checks: list[tuple[float, float | None]] = []
        self.peak_rss = 0
        self.stop = threading.Event()

    @property
    def latencies(self) -> list[float]:
        return [latency for _, latency in self.checks if latency is not None]

    @property
    def failures(self) -> int:
        return sum(latency is None for _, latency in self.checks)

    def rss(self) -> int:
        try:
            server = psutil.Process(self.pid)
            processes = [server, *server.children(recursive=True)]
        except psutil.NoSuchProcess:
            return 0
        total = 0
        for process in processes:
            with contextlib.suppress(psutil.NoSuchProcess):
                total += process.memory_info().rss
        return total

    def run(self) -> None:
        context = multiprocessing.get_context("spawn")
        stop = context.Event()
        receive, send = context.Pipe(duplex=False)
        poller = context.Process(target=poll_health, args=(self.url, stop, send), daemon=True)
        poller.start()
        while not self.stop.is_set():
            self.peak_rss = max(self.peak_rss, self.rss())
            self.stop.wait(0.5)
        stop.set()
        self.checks = receive.recv()
        poller.join(5)


STEP_MS = 300_000  # a page that does not answer in 5 minutes has failed
# signs on the results page that the run was asked for (queued, starting, running, done)
ASKED = re.compile(r"Nr\. \d+ i køen|Kørslen starter|Kører …|Færdig: \d+ replikationer")


async def client(browser, url: str, number: int, timeout_s: float, folder: str) -> dict:
    seed = 1000 + number
    result = {"client": number, "seed": seed, "finished": False, "own_seed_shown": False}
    result.update(saw_queue=False, run_id=None, seconds=None, clicks=0, step="", error=None)
    started = time.perf_counter()
    context = await browser.new_context(viewport={"width": 1300, "height": 900})
    page = await context.new_page()
    try:
        result["step"] = "open Scenarie"
        await page.goto(url + "/scenario", timeout=STEP_MS)
        field = page.get_by_label(SEED_LABEL)
        await field.wait_for(timeout=STEP_MS)
        result["step"] = "type the seed"
        await field.fill(str(seed))
        await field.press("Tab")  # typed; the page is left at once, as a hurried user does
        result["step"] = "go to Kør / Resultater"
        nav = page.locator('[data-testid="stSidebarNav"]').get_by_text("Kør / Resultater")
        await nav.click()
        run = page.get_by_role("button", name="Kør", exact=True)
        await run.wait_for(timeout=STEP_MS)
        result["step"] = "press Kør"
        asked = page.get_by_text(ASKED)
        while not await asked.count():  # a user presses again if nothing happens
            if result["clicks"] == 3:
                raise TimeoutError("three presses of Kør and no run")
            if await run.is_enabled():
                await run.click()
                result["clicks"] += 1
            with contextlib.suppress(Exception):
                await asked.first.wait_for(timeout=60_000)
        result["step"] = "wait for the result"
        done = page.get_by_text(re.compile(r"Færdig: \d+ replikationer"))
        deadline = time.perf_counter() + timeout_s
        while time.perf_counter() < deadline:
            if await page.get_by_text(re.compile(r"Nr\. \d+ i køen")).count():
                result["saw_queue"] = True
            if await done.count():
                break
            await asyncio.sleep(1.0)
        else:
            raise TimeoutError("no result in time")
        result["finished"] = True
        result["seconds"] = round(time.perf_counter() - started, 1)
        text = await page.locator('[data-testid="stMain"]').inner_text()
        result["own_seed_shown"] = f"seed {seed}" in text
        stored = re.search(r"Gemt som kørsel #(\d+)", text)
        result["run_id"] = int(stored.group(1)) if stored else None
    except Exception as error:  # noqa: BLE001 - reported per client
        result["error"] = f"{type(error).__name__}: {error}"[:300]
        with contextlib.suppress(Exception):
            await page.screenshot(path=f"{folder}/client-{number}.png")
    finally:
        await context.close()
    print("client", json.dumps(result, ensure_ascii=False), flush=True)  # as it ends
    return result


# each session is a user at their own screen: no page is throttled as a background tab
FOREGROUND = [
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
]


def lower_browser_priority() -> None:
    """The browsers stand for users at their own machines: here they run at the lowest
    priority (their renderers, forked later, inherit it), so that the server and its
    workers get the two cores first, as they would in use."""
    for child in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error):
            if "chrom" in child.name():
                child.nice(19)


async def drive(url: str, clients: int, timeout_s: float, folder: str) -> list[dict]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=[*ARGS, *FOREGROUND]
        )
        lower_browser_priority()
        try:
            return await asyncio.gather(
                *(client(browser, url, n, timeout_s, folder) for n in range(clients))
            )
        finally:
            await browser.close()


def stored_seeds(database: str, results: list[dict]) -> None:
    """Whether the run the store holds for each client ran that client's seed."""
    from store import open_store

    store = open_store(database)
    for result in results:
        if result["run_id"] is not None:
            run = store.load_run(result["run_id"])
            result["stored_seed"] = run.scenario.seed
            result["own_seed_stored"] = run.scenario.seed == result["seed"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument(
        "--timeout", type=float, default=1800, help="seconds a client waits for its result"
    )
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="kapacitet-load-")
    database = f"sqlite:///{folder}/load.sqlite"
    log = open(Path(folder) / "server.log", "wb")  # noqa: SIM115 - open while it runs
    server, url = start_server(database, log, args.clients)
    print(f"server {url}, store and log in {folder}", flush=True)
    watch = Watch(url, server.pid)
    watch.start()
    started = time.perf_counter()
    try:
        results = asyncio.run(drive(url, args.clients, args.timeout, folder))
    finally:
        watch.stop.set()
        watch.join(5)
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    wall = time.perf_counter() - started
    stored_seeds(database, results)
    latencies = watch.latencies or [float("nan")]
    summary = {
        "clients": args.clients,
        "finished": sum(r["finished"] for r in results),
        "own_seed_shown": sum(r["own_seed_shown"] for r in results),
        "own_seed_stored": sum(bool(r.get("own_seed_stored")) for r in results),
        "saw_queue_place": sum(r["saw_queue"] for r in results),
        "pressed_kor_again": sum(r["clicks"] > 1 for r in results),
        "wall_seconds": round(wall, 1),
        "slowest_client_seconds": max((r["seconds"] or 0) for r in results),
        "health_median_s": round(statistics.median(latencies), 3),
        "health_max_s": round(max(latencies), 3),
        "health_checks": len(watch.latencies),
        "health_over_1s": [
            [round(at, 1), round(latency, 2)]
            for at, latency in watch.checks
            if latency is not None and latency > 1
        ],
        "health_failures": watch.failures,
        "peak_rss_mb": round(watch.peak_rss / 2**20),
    }
    for result in results:
        print(json.dumps(result, ensure_ascii=False))
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    if args.json:
        Path(args.json).write_text(
            json.dumps({"summary": summary, "clients": results}, ensure_ascii=False, indent=1)
        )
    met = (
        summary["finished"] == args.clients
        and summary["own_seed_shown"] == args.clients
        and summary["own_seed_stored"] == args.clients
        and summary["health_max_s"] < 2
        and watch.failures == 0
        and watch.peak_rss < 3 * 2**30
    )
    print("targets met" if met else "targets NOT met")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
