"""Browser: what a user feels between pressing Kør and reading the answer, against the
simulation alone.

In one run, on this machine:

* **the app** (``streamlit run serve.py``, as ``./run.sh`` starts it, on a free port with a
  fresh SQLite store; driven by Debian's Chromium through Playwright, as the browser tests
  do). A fresh browser session opens Scenarie, picks the scenario (``--scenario``; the
  default is the draft a new session starts from), sets Replikationer, goes to
  Kør / Resultater and presses Kør. From the click: the first KPI value on screen, the run
  done ("Færdig: …"), the budget verdict on screen (which needs the Basis run with the same
  seeds: the run itself when the scenario is Basis). Then, on another fresh server, the
  Overblik page (which runs Basis for every visitor): from a first session's page load to
  the first KPI and to the run done, and a second fresh session's once Basis is computed.
* **the simulation alone** (``sim.simulate``, the public API, in a fresh process): the same
  scenario and replications and its Basis comparison run (none when it is Basis), each on
  a new pool of 2 worker processes; then the budget verdict from them (``sim.budget_verdict``).
* **the command line**: ``python -m sim run <scenario> --replications N --workers 2``
  (wall time, a subprocess) and the interpreter's start (``python -c "import sim"``).

The page is polled every 0.1 s (its text and KPI cards, in one call); no time is decided by
a sleep. Times in the browser are quantised by the app's live view, which redraws every
2 s while a run goes on (``ui.components.LIVE_SECONDS``).

    .venv/bin/python bench/bench_browser.py --replications 2     # a quick check
    .venv/bin/python bench/bench_browser.py                      # 10 replications
    .venv/bin/python bench/bench_browser.py --scenario merged-may-2027.yaml --json b.json

Not a test: the figures are one run's on a shared machine. Exit code 1 if a step failed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim.analysis.kpis import KPIS  # noqa: E402
from sim.inputs.scenario import load_scenario  # noqa: E402
from sim.text.catalogue import CATALOGUE, placeholders, text  # noqa: E402
from tests.browsers import (  # noqa: E402
    ARGS,
    CHROMIUM,
    free_port,
    start_server,
    stop_server,
    wait_until_idle,
)

SCENARIOS = ROOT / "scenarios"
WORKERS = 2  # the app's pool on this machine (sim.run.experiment.default_workers)
POLL_S = 0.1
FIRST_KPI = "on_time_share"  # the first card on Kør / Resultater and on Overblik
HOLE = "\x00"  # stands for a placeholder while a catalogue text becomes a pattern


def words(key: str, **values) -> str:
    return text(key, "da", **values)


def escape(words: str) -> str:
    """``words`` matched literally, in JavaScript's RegExp as in Python's ``re``."""
    return re.escape(words).replace("\\ ", " ")


def pattern(key: str, **values) -> str:
    """The Danish catalogue text ``key`` as a regular expression (JavaScript's and Python's):
    its placeholders not in ``values`` match anything but a line break."""
    filled = {name: values.get(name, HOLE) for name in placeholders(CATALOGUE[key][0])}
    parts = words(key, **filled).split(HOLE)
    return ".+?".join(escape(part) for part in parts)


# What the page is searched for (the catalogue's Danish words: kept in step with the app)
SELECTORS = {
    "main": '[data-testid="stMain"]',
    "element": '[data-testid="stElementContainer"]',  # each element of the page
    "metric": '[data-testid="stMetric"]',
    "metric_value": '[data-testid="stMetricValue"]',
    "stale": '[data-stale="true"]',  # an element left from the page's last run, greyed
}


def marks(total: int) -> dict[str, str]:
    """Patterns of the results page's states for a run of ``total`` replications."""
    running = words("results.running", done=HOLE, total=total).split(HOLE)[0]
    return {
        # the press was taken: the run is queued, starting, running or done
        "asked": "|".join(
            [
                pattern("results.queued"),
                escape(words("results.starting")),
                escape(running),
                pattern("results.done", total=total),
            ]
        ),
        "done": pattern("results.done", total=total),
        # "2026 (jun.–dec.): inden for budget (…)" or "2027 (jan.–maj): over budget med 3,2
        # mio. kr. (…)" (sim.analysis.verdict.verdict_sentence)
        "verdict": r"\b\d{4}(?: \([^)]*\))?: (?:"
        + escape(words("verdict.within"))
        + "|"
        + pattern("verdict.over")
        + ")",
        "verdict_wait": escape(words("results.verdict_wait")),
        "cached": escape(words("results.cached")),
        "failed": pattern("results.failed"),
    }


# One look at the page: which of the patterns its (not stale) main text matches, and whether
# a KPI card with the first KPI's label shows a value.
PROBE = """([selectors, label, patterns]) => {
  const main = document.querySelector(selectors.main);
  if (!main) return {};
  const live = (el) => !el.closest(selectors.stale);
  const seen = {};
  seen.kpi = [...main.querySelectorAll(selectors.metric)].some((card) => {
    if (!live(card) || !card.innerText.includes(label)) return false;
    const value = card.querySelector(selectors.metric_value);
    return value !== null && /\\d/.test(value.innerText);
  });
  const body = [...main.querySelectorAll(selectors.element)]
    .filter(live)
    .map((element) => element.innerText)
    .join("\\n");
  for (const [name, source] of Object.entries(patterns)) {
    seen[name] = new RegExp(source).test(body);
  }
  return seen;
}"""


class StepFailed(RuntimeError):
    pass


def watch(page, patterns: dict, until: set, started: float, timeout: float, seen=None) -> dict:
    """Poll the page every :data:`POLL_S` until every mark in ``until`` was seen; returns
    {mark: seconds since ``started`` when first seen} (added to ``seen``, the marks seen
    before). ``failed`` ends it at once."""
    label = KPIS[FIRST_KPI].label("da")
    seen = {} if seen is None else seen
    while True:
        looked = time.perf_counter()
        state = page.evaluate(PROBE, [SELECTORS, label, patterns])
        now = time.perf_counter()
        for name, hit in state.items():
            if hit and name not in seen:
                seen[name] = round(now - started, 2)
        if "failed" in seen:
            raise StepFailed(page.locator(SELECTORS["main"]).inner_text()[:500])
        if until <= seen.keys():
            return seen
        if now - started > timeout:
            raise StepFailed(f"not seen within {timeout:.0f} s: {sorted(until - seen.keys())}")
        time.sleep(max(0.0, POLL_S - (time.perf_counter() - looked)))


@contextlib.contextmanager
def app(folder: Path, name: str):
    """The app as ``./run.sh`` serves it (``serve.py``), on a free port, with a store of its
    own in ``folder``; its output to ``folder/<name>.log``. Yields (url, server process)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    args = ["serve.py", "--server.port", str(port), "--server.address", "127.0.0.1"]
    env = {
        "KAPACITET_DATABASE_URL": f"sqlite:///{folder}/{name}.sqlite",
        # its own kept days: a fresh server has simulated nothing (sim.run.reuse)
        "KAPACITET_DAY_CACHE_DIR": str(Path(folder) / f"{name}-days"),
    }
    server = start_server(args, env, url)
    log = open(folder / f"{name}.log", "wb")  # noqa: SIM115 - open while the server runs
    drain = threading.Thread(target=shutil.copyfileobj, args=(server.stdout, log), daemon=True)
    drain.start()  # its pipe never fills
    try:
        yield url, server
    finally:
        try:
            family = psutil.Process(server.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            family = []
        stop_server(server)
        for child in family:  # the fork server and the workers end with it; if one did not
            with contextlib.suppress(psutil.Error):
                child.wait(10)
            with contextlib.suppress(psutil.Error):
                child.kill()
        drain.join(5)
        log.close()


def cpu_seconds(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        with contextlib.suppress(psutil.Error):
            times = process.cpu_times()
            total += times.user + times.system
    return total


def family(pid: int) -> list[psutil.Process]:
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def browsers() -> list[psutil.Process]:
    """This process's Chromium processes."""
    found = []
    for process in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error):
            if "chrom" in process.name():
                found.append(process)
    return found


def press_kor(browser, url: str, scenario, replications: int, timeout: float, folder: Path):
    """A fresh session: Scenarie, the scenario, Replikationer, Kør / Resultater, Kør; the
    marks' times after the click."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    figures: dict = {"clicks": 0}
    try:
        opened = time.perf_counter()
        page.goto(url + "/scenario", timeout=timeout * 1000)
        field = page.get_by_label(words("param.replications"))
        field.wait_for(timeout=timeout * 1000)
        figures["scenario_page_s"] = round(time.perf_counter() - opened, 2)
        # the draft's name (the last "Navn": a form above it, e.g. saving, has its own)
        name = page.get_by_label(words("scenario.name"), exact=True).last
        if name.input_value() != scenario.name:  # a shipped scenario, picked from the list
            page.get_by_role("combobox", name=words("scenario.pick")).click()
            page.keyboard.type(scenario.name)
            page.keyboard.press("Enter")
            deadline = time.perf_counter() + 60
            while name.input_value() != scenario.name:
                if time.perf_counter() > deadline:
                    raise StepFailed(f"the scenario {scenario.name!r} was not picked")
                time.sleep(POLL_S)
            wait_until_idle(page)
            field = page.get_by_label(words("param.replications"))
        field.fill(str(replications))
        field.press("Enter")
        wait_until_idle(page)
        nav = page.locator('[data-testid="stSidebarNav"]').get_by_text(words("page.results"))
        nav.click()
        # the page says what it will run: "<name> — Stikprøve, N replikationer, seed 0"
        said = f"{replications} {words('param.replications').lower()}, seed {scenario.seed}"
        page.get_by_text(said).first.wait_for(timeout=timeout * 1000)
        if page.locator("h1", has_text=words("results.title")).count() == 0:
            raise StepFailed("not on Kør / Resultater")
        if scenario.name not in page.locator(SELECTORS["main"]).inner_text():
            raise StepFailed(f"Kør / Resultater does not show {scenario.name!r}")
        run = page.get_by_role("button", name=words("results.run"), exact=True)
        run.wait_for(timeout=timeout * 1000)
        if not run.is_enabled():
            raise StepFailed("Kør is not enabled")
        patterns = marks(replications)
        clicked = time.perf_counter()
        run.click()
        figures["clicks"] = 1
        seen: dict[str, float] = {}
        while "asked" not in seen:  # a press that nothing answers is pressed again (as a user
            with contextlib.suppress(StepFailed):  # would): counted, times from the first
                watch(page, {"asked": patterns["asked"]}, {"asked"}, clicked, 30, seen)
            if "asked" not in seen:
                if figures["clicks"] == 3:
                    raise StepFailed("three presses of Kør and no run")
                if run.is_enabled():
                    run.click()
                    figures["clicks"] += 1
        watch(page, patterns, {"kpi", "done", "verdict"}, clicked, timeout, seen)
        if "cached" in seen:  # a fresh server has no run to reuse: not what was measured
            raise StepFailed("the page says the result was reused, not run")
        figures.update({f"click_to_{mark}_s": at for mark, at in sorted(seen.items())})
        shown = page.locator(SELECTORS["main"]).inner_text()
        figures["verdict_text"] = verdict_lines(shown)
        figures["app_run_s"] = app_seconds(shown, replications)
    except Exception:
        with contextlib.suppress(Exception):
            page.screenshot(path=str(folder / "kor.png"), full_page=True)
            (folder / "kor.html").write_text(page.content())
        raise
    finally:
        context.close()
    return figures


def app_seconds(shown: str, total: int) -> float | None:
    """The run's own time the page says ("Færdig: 10 replikationer på 23,3 s.": from the
    press to the run recorded in the store, as the server measures it)."""
    said = escape(words("results.done", total=total, seconds=HOLE)).split(HOLE)
    found = re.search(r"([\d.,]+)".join(said), shown)
    return float(found.group(1).replace(".", "").replace(",", ".")) if found else None


def verdict_lines(shown: str) -> list[str]:
    verdict = marks(1)["verdict"]
    return [line.strip() for line in shown.splitlines() if re.search(verdict, line)]


def open_overview(browser, url: str, total: int, timeout: float, folder: Path, tag: str) -> dict:
    """A fresh session opens the app (Overblik, the default page): from the start of the
    page load to its title, the first baseline KPI and the baseline run done."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    patterns = {"title": escape(words("overview.title")), **marks(total)}
    patterns = {k: patterns[k] for k in ("title", "done", "failed")}
    try:
        started = time.perf_counter()
        page.goto(url + "/", timeout=timeout * 1000)
        seen = watch(page, patterns, {"title", "kpi", "done"}, started, timeout)
        figures = {f"{tag}_{mark}_s": at for mark, at in sorted(seen.items())}
        shown = page.locator(SELECTORS["main"]).inner_text()
        figures[f"{tag}_app_run_s"] = app_seconds(shown, total)
        return figures
    except Exception:
        with contextlib.suppress(Exception):
            page.screenshot(path=str(folder / f"{tag}.png"), full_page=True)
        raise
    finally:
        context.close()


def in_the_browser(scenario, replications: int, timeout: float, folder: Path) -> dict:
    from playwright.sync_api import sync_playwright

    figures: dict = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            with app(folder, "kor") as (url, server):
                print(f"  app {url} (Kør)", flush=True)
                before = cpu_seconds(family(server.pid)), cpu_seconds(browsers())
                started = time.perf_counter()
                figures.update(press_kor(browser, url, scenario, replications, timeout, folder))
                figures["session_wall_s"] = round(time.perf_counter() - started, 2)
                figures["server_cpu_s"] = round(cpu_seconds(family(server.pid)) - before[0], 1)
                figures["browser_cpu_s"] = round(cpu_seconds(browsers()) - before[1], 1)
            basis = load_scenario(SCENARIOS / "baseline.yaml")
            figures["overview_replications"] = basis.replications
            with app(folder, "overview") as (url, _):
                print(f"  app {url} (Overblik)", flush=True)
                first = open_overview(browser, url, basis.replications, timeout, folder, "first")
                figures.update({f"overview_{k}": v for k, v in first.items()})
                again = open_overview(browser, url, basis.replications, timeout, folder, "again")
                figures.update({f"overview_{k}": v for k, v in again.items()})
                if scenario.name != basis.name:  # Kør on a server that has run Basis
                    after = press_kor(browser, url, scenario, replications, timeout, folder)
                    figures.update(
                        {f"after_basis_{k}": v for k, v in after.items() if "click_to" in k}
                    )
        finally:
            browser.close()
    return figures


def simulation_only(path: str, replications: int, workers: int, out) -> None:
    """In a fresh process: the scenario and its Basis comparison run through the public
    API, each on a new pool of ``workers`` processes, then the budget verdict; sends the
    times (and the verdict's words, to compare with the page's)."""
    started = time.perf_counter()
    import sim
    from sim.analysis.costs import comparison_baseline, same_model, verdict_text
    from sim.inputs.dataset import scenario_data

    imported = time.perf_counter()
    scenario = sim.load(path)
    scenario = sim.Scenario.model_validate({**scenario.model_dump(), "replications": replications})
    reference = comparison_baseline(scenario, sim.load("baseline.yaml"))
    scenario_data(scenario), scenario_data(reference)  # read and checked (then cached)
    loaded = time.perf_counter()
    same = same_model(scenario, reference)
    # from scratch: every day simulated (none taken from days kept before)
    if same:
        experiment = baseline = sim.simulate(scenario, workers=workers, reuse=False)
    else:
        experiment, baseline = sim.simulate_with_basis(scenario, workers=workers, reuse=False)
    first = simulated = time.perf_counter()
    verdicts = [] if same else sim.budget_verdict(experiment, baseline).to_dict("records")
    judged = time.perf_counter()
    from sim.run.experiment import process_pool

    pool = process_pool(workers, "forkserver")  # the app's kind: its workers started at once
    pooled = time.perf_counter()
    pool.shutdown()
    out.send(
        {
            "api_import_s": round(imported - started, 2),
            "api_load_s": round(loaded - imported, 2),
            "api_scenario_s": round(first - loaded, 2),
            "api_basis_s": 0.0 if same else round(simulated - first, 2),
            "api_basis_is_the_run": same,
            "simulation_s": round(simulated - loaded, 2),
            "api_verdict_s": round(judged - simulated, 2),
            "forkserver_pool_s": round(pooled - judged, 2),
            # the start of each year's sentence: "2026 (jun.–dec.): inden for budget"
            "api_verdict_text": [
                r["sentence"].split(": ", 1)[0] + ": " + verdict_text(r["over_budget"])
                for r in verdicts
            ],
        }
    )


def through_the_api(path: Path, replications: int) -> dict:
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=simulation_only, args=(str(path), replications, WORKERS, send))
    child.start()
    try:
        figures = receive.recv()
    finally:
        child.join(60)
    return figures


def wall(command: list[str], **kwargs) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, check=False, cwd=ROOT, capture_output=True, text=True, **kwargs)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise StepFailed(f"{' '.join(command)} failed: {done.stderr[-800:]}")
    return seconds


def on_the_command_line(path: Path, replications: int, folder: Path) -> dict:
    rel = path.relative_to(ROOT)
    command = [sys.executable, "-m", "sim", "run", str(rel), "--replications", str(replications)]
    command += ["--workers", str(WORKERS), "--out", str(folder / "out")]
    starts = [wall([sys.executable, "-c", "import sim"]) for _ in range(3)]
    imports = [wall([sys.executable, "-c", "import sim.api"]) for _ in range(3)]
    return {
        "sim_run_command": " ".join(["python", *command[1:-1], "<tmp>"]),
        # no days kept from before (a scenario and its Basis still share their equal days)
        "sim_run_wall_s": round(
            wall(command, env={**os.environ, "KAPACITET_DAY_CACHE_MB": "0"}), 2
        ),
        "interpreter_start_s": round(statistics.median(starts), 3),
        "import_sim_api_s": round(statistics.median(imports), 3),
    }


def default_draft() -> Path:
    """The scenario a new session's draft starts from (ui/state.py)."""
    import logging

    from streamlit.logger import get_logger

    # ui.state's cached functions, outside a Streamlit server, say that they have no runtime
    get_logger("streamlit.runtime.caching.cache_data_api").setLevel(logging.ERROR)
    from ui.state import BASELINE

    return Path(BASELINE)


def shipped(name: str | None) -> Path:
    if name is None:
        return default_draft()
    path = SCENARIOS / Path(name).name
    if not path.is_file():
        known = ", ".join(p.name for p in sorted(SCENARIOS.glob("*.yaml")))
        raise SystemExit(f"--scenario: no {Path(name).name} in scenarios/ (one of {known})")
    return path


def ratio(a, b) -> float | None:
    return round(a / b, 2) if a is not None and b else None


def report(figures: dict) -> None:
    rows = [
        ("Scenarie page opened (fresh server)", "scenario_page_s"),
        ("click → the press answered", "click_to_asked_s"),
        ("click → first KPI value on screen", "click_to_kpi_s"),
        ("click → 'Færdig' (run done)", "click_to_done_s"),
        ("click → Basis comparison shown waiting", "click_to_verdict_wait_s"),
        ("click → budget verdict on screen", "click_to_verdict_s"),
        ("  the run's time as the page says it", "app_run_s"),
        ("  server + workers CPU in that session", "server_cpu_s"),
        ("  browser CPU in that session", "browser_cpu_s"),
        ("simulation only (API: scenario + Basis)", "simulation_s"),
        ("  of which the scenario", "api_scenario_s"),
        ("  of which Basis (0: the run is Basis)", "api_basis_s"),
        ("  data read and checked before (API)", "api_load_s"),
        ("  budget verdict after (API)", "api_verdict_s"),
        ("the app's kind of pool started (forkserver)", "forkserver_pool_s"),
        ("python -m sim run, wall", "sim_run_wall_s"),
        ("interpreter start (python -c 'import sim')", "interpreter_start_s"),
        ("python -c 'import sim.api'", "import_sim_api_s"),
        ("Overblik, first session: title", "overview_first_title_s"),
        ("Overblik, first session: first KPI", "overview_first_kpi_s"),
        ("Overblik, first session: Basis done", "overview_first_done_s"),
        ("  Basis's run time as the page says it", "overview_first_app_run_s"),
        ("Overblik, second session: title", "overview_again_title_s"),
        ("Overblik, second session: first KPI", "overview_again_kpi_s"),
        ("after Basis on that server: click → first KPI", "after_basis_click_to_kpi_s"),
        ("after Basis on that server: click → verdict", "after_basis_click_to_verdict_s"),
    ]
    for label, key in rows:
        if key in figures:
            print(f"{label:<46} {figures[key]:>8}")
    print()
    for label, key in (
        ("(click → verdict) / simulation only", "ratio_verdict_over_simulation"),
        ("after Basis: (click → verdict) / simulation only", "ratio_after_basis_verdict"),
        ("(click → first KPI) / simulation only", "ratio_first_kpi_over_simulation"),
        ("sim run wall / (simulation + interpreter start)", "ratio_sim_run_over_parts"),
    ):
        print(f"{label:<50} {figures.get(key)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--replications", type=int, default=10)
    parser.add_argument(
        "--scenario", help="a file in scenarios/ (default: the app's default draft)"
    )
    parser.add_argument("--timeout", type=float, default=600, help="seconds a step may take")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    # nothing of the developer's: no settings file, no Dask scheduler, stores of our own
    # (each server's in the folder), output files there too
    for name in [n for n in os.environ if n.startswith("KAPACITET_")]:
        del os.environ[name]
    folder = Path(tempfile.mkdtemp(prefix="kapacitet-browser-"))
    os.environ["KAPACITET_SETTINGS"] = str(folder / "no-settings.toml")
    os.environ["KAPACITET_DATABASE_URL"] = f"sqlite:///{folder}/unused.sqlite"
    path = shipped(args.scenario)
    scenario = load_scenario(path)
    figures: dict = {
        "scenario": path.name,
        "scenario_name": scenario.name,
        "replications": args.replications,
        "workers": WORKERS,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }
    print(f"{scenario.name} ({path.name}), {args.replications} replications; in {folder}")
    code = 0
    try:
        print("simulation only (API) …", flush=True)
        figures.update(through_the_api(path, args.replications))
        print("python -m sim run …", flush=True)
        figures.update(on_the_command_line(path, args.replications, folder))
        print("in the browser …", flush=True)
        figures.update(in_the_browser(scenario, args.replications, args.timeout, folder))
    except Exception as error:  # noqa: BLE001 - a failed step (Playwright's timeouts too) is reported
        figures["error"] = f"{type(error).__name__}: {error}"[:800]
        print("FAILED:", figures["error"], f"(screenshots in {folder})")
        code = 1
    figures["ratio_after_basis_verdict"] = ratio(
        figures.get("after_basis_click_to_verdict_s"), figures.get("simulation_s")
    )
    figures["ratio_verdict_over_simulation"] = ratio(
        figures.get("click_to_verdict_s"), figures.get("simulation_s")
    )
    figures["ratio_first_kpi_over_simulation"] = ratio(
        figures.get("click_to_kpi_s"), figures.get("simulation_s")
    )
    parts = None
    if "simulation_s" in figures and "interpreter_start_s" in figures:
        parts = figures["simulation_s"] + figures["interpreter_start_s"]
    figures["ratio_sim_run_over_parts"] = ratio(figures.get("sim_run_wall_s"), parts)
    if "verdict_text" in figures and "api_verdict_text" in figures:
        shown = "\n".join(figures["verdict_text"])
        figures["verdict_as_api"] = all(line in shown for line in figures["api_verdict_text"])
    figures["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    print()
    report(figures)
    print(json.dumps(figures, ensure_ascii=False, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=1))
    if code == 0:
        shutil.rmtree(folder, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
