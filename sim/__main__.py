"""Command line: python -m sim run|validate|sweep SCENARIO.yaml; validate-premises FILE, etc.

Invalid input gives a message on stderr naming the file, field or row, and exit code 2.
"""

from __future__ import annotations

import argparse
import errno
import functools
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

from sim.analysis.compare import summarised
from sim.analysis.costs import (
    BASELINE_SCENARIO,
    comparison_baseline,
    resolve_holdings,
    same_model,
)
from sim.analysis.kpis import summary
from sim.analysis.verdict import cost_report
from sim.inputs.dataset import load_cost_data, scenario_data
from sim.inputs.scenario import (
    PROJECT_ROOT,
    Scenario,
    ScenarioError,
    field_bounds,
    load_layers,
    load_scenario,
    parse_scenario,
)
from sim.inputs.settings import SettingError, check_settings
from sim.model.staffing import resolve_placements
from sim.reports.files import ILLUSTRATIVE_NOTE, write_summary
from sim.reports.sentences import cost_text, headline_text
from sim.run.experiment import EXECUTOR_KINDS, default_workers, run_together
from sim.text import formats as fmt
from sim.text.catalogue import text

EXIT_INVALID = 2

# Why the system refused (errno, not the system's English): the catalogue's cli.reason.*
_REASONS = {
    errno.EACCES: "no_permission",
    errno.EPERM: "no_permission",
    errno.EROFS: "read_only",
    errno.ENOSPC: "disk_full",
    None: "no_new_files",
    "refused": "refused",
}


def _message(lang: str, key: str, **values) -> str:
    return text(f"cli.{key}", lang, **values)


def _reason(lang: str, error: OSError, otherwise=None) -> str:
    """Why the system refused, in the user's language (errno, not the system's English)."""
    return text("cli.reason." + _REASONS.get(error.errno, _REASONS[otherwise]), lang)


def _writable_folder(path: str | Path, option: str, lang: str) -> Path:
    """``path`` if it is a folder this process can write in, or can be made in one; else
    :class:`ScenarioError`. Checked before any work, and nothing is left behind."""
    path = Path(os.path.abspath(path))
    found = path
    while not os.path.lexists(found) and found.parent != found:
        found = found.parent  # the nearest part of the path that exists
    if not found.is_dir():
        key = "not_folder" if found == path else "under_file"
        raise ScenarioError([_message(lang, key, option=option, path=path, file=found)])
    try:
        with tempfile.TemporaryFile(dir=found):  # really written: root, read-only mounts
            pass
    except OSError as error:
        reason = _reason(lang, error)
        raise ScenarioError(
            [_message(lang, "not_writable", option=option, path=path, folder=found, reason=reason)]
        ) from error
    return path


_HOST = r"(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])"  # name, IP, [IPv6]
_ADDRESS = re.compile(r"(?:(?:tcp|tls|ws|wss)://)?" + _HOST + r":(?P<port>\d{1,5})/?")


def _scheduler_address(address: str | None, lang: str) -> str | None:
    """A Dask scheduler address as ``tcp://host:port`` (or ``host:port``, tls://, ...), else
    :class:`ScenarioError` at once (a malformed one made Dask wait 40 s and fail)."""
    if address is None:
        return None
    found = _ADDRESS.fullmatch(address.strip())
    if found is None or not 0 < int(found["port"]) < 65536:
        raise ScenarioError([_message(lang, "scheduler", address=address)])
    return address.strip()


def _load(path: str, overrides: dict, lang: str):
    raw, own = load_layers(path, lang)
    for key, value in overrides.items():
        if value is not None:
            raw[key] = own[key] = value
    scenario = parse_scenario(raw, source=path, lang=lang, written=own)
    data = scenario_data(scenario)
    try:
        # placements and leases are fields of the scenario file: name the file
        resolve_holdings(scenario, data, resolve_placements(scenario, data))
    except ScenarioError as error:
        raise ScenarioError(error.messages, source=error.source or path) from error
    load_cost_data(scenario.resolve_data_dir())
    return scenario, data


def _run(args) -> int:
    out = _writable_folder(args.out or Path("out") / Path(args.scenario).stem, "--out", args.lang)
    scenario, data = _load(
        args.scenario,
        {"replications": args.replications, "seed": args.seed, "fidelity": args.fidelity},
        args.lang,
    )
    baseline_path = Path(args.baseline) if args.baseline else PROJECT_ROOT / BASELINE_SCENARIO
    reference = comparison_baseline(scenario, load_scenario(baseline_path, args.lang))
    started = time.perf_counter()

    def progress(replication):
        print(
            f"  replikation {replication.index + 1}/{scenario.replications} færdig "
            f"({time.perf_counter() - started:.1f} s)",
            file=sys.stderr,
        )

    costs = load_cost_data(scenario.resolve_data_dir())
    together = [scenario] if same_model(scenario, reference) else [scenario, reference]
    if len(together) > 1:  # Basis on the same days, with the same seeds and data: paired
        print(f"  {reference.name}: samme dage og seeds til sammenligning", file=sys.stderr)
    # each replication is summarised (KPI tables, costs) in the worker that computed it
    reduces = [
        functools.partial(summarised, s.model_dump_json(), str(data.directory), data.content_hash)
        for s in together
    ]
    experiments = run_together(
        together, data, workers=args.workers, progress=progress, reduces=reduces
    )
    experiment, baseline = experiments[0], experiments[-1]
    report = cost_report(experiment, baseline, costs, args.lang)
    paths = write_summary(experiment, out, args.lang, costs=report)
    print(
        f"{scenario.name}  ({scenario.fidelity}, {scenario.replications} replikationer, "
        f"seed {scenario.seed})"
    )
    print(ILLUSTRATIVE_NOTE[args.lang])
    print(headline_text(summary(experiment, None, args.lang), args.lang))
    print()
    print(cost_text(report, args.lang))
    print(text("cli.written", args.lang, paths=", ".join(str(p) for p in paths.values())))
    return 0


def _sweep(args) -> int:
    from sim.analysis.sweep import (
        CACHE_DIR,
        ParameterSpec,
        ResultCache,
        check_kpis,
        default_cache,
        default_sensitivity_parameters,
        needs_costs,
        parse_parameter,
        run_grid,
        run_sensitivity,
        sweep_sheet,
        tornado_text,
    )
    from sim.inputs.settings import setting
    from sim.reports.files import excel_safe
    from sim.run.experiment import make_executor

    lang = args.lang
    # everything given on the command line is checked before any work
    kind = args.executor or (
        "dask" if (args.scheduler or setting("dask_scheduler")) else "processes"
    )
    address = _scheduler_address(args.scheduler, args.lang)
    if kind == "dask" and address is None:
        _scheduler_address(setting("dask_scheduler") or None, args.lang)
    out = _writable_folder(
        args.out or Path("out") / f"{Path(args.scenario).stem}-sweep", "--out", args.lang
    )
    if not args.no_cache:
        _writable_folder(args.cache or CACHE_DIR, "--cache", args.lang)
    low, high, _, _ = field_bounds(Scenario, "replications")
    if args.replications is not None and not low <= args.replications <= high:
        raise ScenarioError(
            [
                _message(
                    args.lang, "replications_range", low=low, high=high, value=args.replications
                )
            ],
            source="--replications",
        )
    scenario, data = _load(args.scenario, {"seed": args.seed, "fidelity": args.fidelity}, args.lang)
    check_kpis([args.kpi], args.lang)
    messages, parsed = [], []
    for given in args.param:
        try:
            parsed.append(parse_parameter(given, scenario, args.lang, grid=args.grid))
        except ScenarioError as error:
            messages.extend(error.messages)
    if args.grid and not parsed and not messages:
        messages.append(text("cli.grid_needs_param", lang))
    if messages:
        raise ScenarioError(messages)

    try:
        executor = make_executor(kind, args.workers, address)
    except ValueError:
        print(text("cli.no_scheduler", lang), file=sys.stderr)
        return EXIT_INVALID
    except (OSError, TimeoutError) as error:
        address = args.scheduler or setting("dask_scheduler")
        print(text("cli.no_connection", lang, address=address, error=error), file=sys.stderr)
        return EXIT_INVALID

    started = time.perf_counter()
    shown = [-1]

    def progress(done: int, total: int) -> None:
        step = max(1, total // 20)
        if done == total or done // step != shown[0] // step:
            shown[0] = done
            print(
                f"  {done}/{total} {text('cli.replications', lang)} "
                f"({time.perf_counter() - started:.1f} s)",
                file=sys.stderr,
            )

    if args.no_cache:
        cache = None
    elif args.cache:
        cache = ResultCache(args.cache)
    else:
        cache = default_cache()
    common = {
        "data": data,
        "replications": args.replications,
        "executor": executor,
        "costs": args.costs or needs_costs([args.kpi]),
        "progress": progress,
        "cache": cache,
        "lang": args.lang,
    }
    with executor:
        if args.grid:
            result = run_grid(scenario, dict(parsed), **common)
        else:
            given = [ParameterSpec(path, *values) for path, values in parsed]
            defaults = default_sensitivity_parameters(scenario)
            if args.default_parameters or not given:
                chosen = {spec.path: spec for spec in defaults}
                chosen.update({spec.path: spec for spec in given})
                specs = list(chosen.values())
            else:
                notes = {spec.path: spec for spec in defaults}
                specs = [
                    ParameterSpec(s.path, s.low, s.high, getattr(notes.get(s.path), "base", None))
                    for s in given
                ]
            result = run_sensitivity(scenario, specs, **common)
    elapsed = time.perf_counter() - started

    out.mkdir(parents=True, exist_ok=True)
    frame = result.frame()
    csv = {"sep": ";", "decimal": ",", "index": False, "encoding": "utf-8-sig"}
    paths = {"data": out / "sweep.csv", "json": out / "sweep.json"}
    excel_safe(frame).to_csv(paths["data"], **csv)
    document = sweep_sheet(result)
    document.update(kpi=args.kpi, seconds=round(elapsed, 1), note=ILLUSTRATIVE_NOTE[args.lang])
    if args.grid:
        table = result.summary(args.kpi, args.lang)
        paths["table"] = out / "grid.csv"
    else:
        table = result.tornado(args.kpi, args.lang)
        paths["table"] = out / "tornado.csv"
    excel_safe(table).to_csv(paths["table"], **csv)
    document["grid" if args.grid else "tornado"] = json.loads(
        table.to_json(orient="records", force_ascii=False)
    )
    paths["json"].write_text(
        json.dumps(document, indent=2, ensure_ascii=False, default=str), encoding="utf-8"
    )

    points, reps = len(result.points), len(result.seeds)
    distinct = (result.tasks_run + result.tasks_cached) // reps
    points = text("cli.points", lang, points=points)
    if distinct != len(result.points):
        points += " " + text("cli.distinct", lang, distinct=distinct)
    print(
        f"{scenario.name}  ({scenario.fidelity}, {points}"
        + f" × {reps} "
        + text("cli.replications", lang)
        + f", seeds {result.seeds[0]}–{result.seeds[-1]}; "
        + text(
            "cli.tasks",
            lang,
            run=result.tasks_run,
            cached=result.tasks_cached,
            seconds=f"{elapsed:.1f}",
        )
        + ")"
    )
    print(ILLUSTRATIVE_NOTE[args.lang])
    if args.grid:
        _print_grid(table, list(result.axes), args.lang)
    else:
        print(tornado_text(table, args.lang))
    print(text("cli.written", lang, paths=", ".join(str(p) for p in paths.values())))
    return 0


def _print_grid(table, axes: list[str], lang: str) -> None:
    """The grid's KPI per point with its 95% CI."""
    from sim.analysis.kpis import KPIS

    if not len(table):
        return
    ci = text("word.ci", lang)
    unit = KPIS[table["kpi"].iloc[0]].unit
    print(table["label"].iloc[0])
    for row in table.to_dict("records"):
        where = ", ".join(f"{axis}={row[axis]}" for axis in axes)
        mean = fmt.number(row["mean"], unit, lang)
        low = fmt.number(row["ci_low"], unit, lang)
        high = fmt.number(row["ci_high"], unit, lang)
        print(f"  {where:<60} {mean:>14}   {ci} {low} – {high}")


def _validate(args) -> int:
    scenario, _ = _load(args.scenario, {}, args.lang)
    print(f"OK: {args.scenario} ({scenario.name})")
    return 0


def _validate_premises(args) -> int:
    from sim.inputs.premises_upload import read_premises

    upload = read_premises(args.file)
    for message in upload.messages:
        print(message, file=sys.stderr)
    if not upload.ok:
        if upload.rows_read:
            print(
                f"{upload.file}: {len(upload.premises)} af {upload.rows_read} rækker er gyldige",
                file=sys.stderr,
            )
        return EXIT_INVALID
    rows = upload.rows_read
    print(f"OK: {upload.file} ({rows} {'lokalitet' if rows == 1 else 'lokaliteter'} læst)")
    return 0


def _premises_template(args) -> int:
    from sim.inputs.premises_upload import write_template

    if os.path.lexists(args.out) and not Path(args.out).is_file():
        print(_message(args.lang, "not_file", path=args.out), file=sys.stderr)  # a named pipe
        return EXIT_INVALID  # would keep the command waiting for a reader
    try:
        path = write_template(args.out)
    except ValueError as error:
        print(f"{args.out}: {error}", file=sys.stderr)
        return EXIT_INVALID
    except OSError as error:
        print(f"{args.out}: kan ikke skrives ({error.strerror or error})", file=sys.stderr)
        return EXIT_INVALID
    print(f"Skrevet: {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sim", description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=("da", "en"), default="da")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run a scenario and write its summary")
    run.add_argument("scenario")
    run.add_argument("--replications", type=int)
    run.add_argument("--seed", type=int)
    run.add_argument("--fidelity", choices=("sampled", "every-day"))
    run.add_argument("--out", help="output folder (default out/<scenario>)")
    run.add_argument(
        "--baseline",
        help="scenario the costs are compared with, run with the same seeds "
        f"(default {BASELINE_SCENARIO})",
    )
    run.add_argument(
        "--workers",
        type=int,
        default=default_workers(),
        help="worker processes (1 = in this process)",
    )
    run.set_defaults(handler=_run)
    sweep = commands.add_parser(
        "sweep",
        help="sensitivity: each parameter at low and high (tornado), or a grid (--grid)",
    )
    sweep.add_argument("scenario")
    sweep.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="PATH=LOW,HIGH",
        help="a parameter to vary, by its path in the scenario, e.g. "
        "parameters.absence_rate=0.06,0.12 (with --grid: any number of values); "
        "repeat for more. Without any: the ~20 default parameters",
    )
    sweep.add_argument(
        "--default-parameters",
        action="store_true",
        help="also vary the ~20 default parameters (a --param replaces its range)",
    )
    sweep.add_argument("--kpi", default="on_time_share", help="KPI of the tornado table")
    sweep.add_argument("--replications", type=int, help="per point (default: the scenario's)")
    sweep.add_argument("--seed", type=int)
    sweep.add_argument("--fidelity", choices=("sampled", "every-day"))
    sweep.add_argument(
        "--grid", action="store_true", help="every combination of the --param values"
    )
    sweep.add_argument(
        "--executor",
        choices=EXECUTOR_KINDS,
        help="where to run (default: dask when a scheduler is set, else processes)",
    )
    sweep.add_argument("--scheduler", help="Dask scheduler address (tcp://host:8786)")
    sweep.add_argument("--workers", type=int, help="local worker processes (default: all cores)")
    sweep.add_argument(
        "--costs",
        action="store_true",
        help="also compute the cost and workforce KPIs (about 10 %% slower; on when --kpi "
        "is one of them)",
    )
    sweep.add_argument("--cache", help="folder of the result cache (default var/cache/sweep)")
    sweep.add_argument(
        "--no-cache",
        action="store_true",
        help="do not reuse or keep results in var/cache/sweep",
    )
    sweep.add_argument("--out", help="output folder (default out/<scenario>-sweep)")
    sweep.set_defaults(handler=_sweep)
    validate = commands.add_parser("validate", help="check a scenario and its data")
    validate.add_argument("scenario")
    validate.set_defaults(handler=_validate)
    premises = commands.add_parser(
        "validate-premises",
        help="check a planner's premises file (CSV or XLSX); exit 2 when it has errors",
    )
    premises.add_argument("file")
    premises.set_defaults(handler=_validate_premises)
    template = commands.add_parser(
        "premises-template", help="write the premises template (OUT.xlsx or OUT.csv)"
    )
    template.add_argument("out")
    template.set_defaults(handler=_premises_template)
    args = parser.parse_args(argv)
    try:
        check_settings()
        return args.handler(args)
    except SettingError as error:
        print(error.message(args.lang), file=sys.stderr)
        return EXIT_INVALID
    except ScenarioError as error:
        for line in str(error).splitlines():
            print(line, file=sys.stderr)
        return EXIT_INVALID
    except OSError as error:  # a disk that filled up, a folder removed meanwhile
        reason = _reason(args.lang, error, "refused")
        print(_message(args.lang, "os", path=error.filename or "", reason=reason), file=sys.stderr)
        return EXIT_INVALID


if __name__ == "__main__":
    sys.exit(main())
