"""Command line: python -m sim run|validate SCENARIO.yaml; validate-premises|premises-template FILE

Invalid input gives a message on stderr naming the file, field or row, and exit code 2.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sim.costs import (
    BASELINE_SCENARIO,
    attach_costs,
    comparison_baseline,
    cost_report,
    resolve_holdings,
    same_model,
)
from sim.dataset import load_cost_data, load_dataset
from sim.experiment import default_workers, run_experiment
from sim.report import ILLUSTRATIVE_NOTE, cost_text, headline_text, write_summary
from sim.results import summary
from sim.scenario import PROJECT_ROOT, ScenarioError, load_raw, load_scenario, parse_scenario
from sim.staffing import resolve_placements

EXIT_INVALID = 2


def _load(path: str, overrides: dict, lang: str):
    raw = load_raw(path, lang)
    for key, value in overrides.items():
        if value is not None:
            raw[key] = value
    scenario = parse_scenario(raw, source=path, lang=lang)
    data = load_dataset(scenario.resolve_data_dir())
    try:
        # placements and leases are fields of the scenario file: name the file
        resolve_holdings(scenario, data, resolve_placements(scenario, data))
    except ScenarioError as error:
        raise ScenarioError(error.messages, source=error.source or path) from error
    load_cost_data(scenario.resolve_data_dir())
    return scenario, data


def _run(args) -> int:
    scenario, data = _load(
        args.scenario,
        {"replications": args.replications, "seed": args.seed, "fidelity": args.fidelity},
        args.lang,
    )
    out = Path(args.out or Path("out") / Path(args.scenario).stem)
    started = time.perf_counter()

    def progress(replication):
        print(
            f"  replikation {replication.index + 1}/{scenario.replications} færdig "
            f"({time.perf_counter() - started:.1f} s)",
            file=sys.stderr,
        )

    experiment = run_experiment(scenario, data, workers=args.workers, progress=progress)
    costs = load_cost_data(scenario.resolve_data_dir())
    attach_costs(experiment, data, costs)
    baseline_path = Path(args.baseline) if args.baseline else PROJECT_ROOT / BASELINE_SCENARIO
    reference = comparison_baseline(scenario, load_scenario(baseline_path, args.lang))
    if same_model(scenario, reference):
        baseline = experiment
    else:
        print(f"  {reference.name}: samme seeds til sammenligning", file=sys.stderr)
        baseline = run_experiment(reference, data, workers=args.workers, progress=progress)
        attach_costs(baseline, data, costs)
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
    print(
        ("Skrevet: " if args.lang == "da" else "Written: ")
        + ", ".join(str(p) for p in paths.values())
    )
    return 0


def _validate(args) -> int:
    scenario, _ = _load(args.scenario, {}, args.lang)
    print(f"OK: {args.scenario} ({scenario.name})")
    return 0


def _validate_premises(args) -> int:
    from sim.premises_upload import read_premises

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
    from sim.premises_upload import write_template

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
        return args.handler(args)
    except ScenarioError as error:
        for line in str(error).splitlines():
            print(line, file=sys.stderr)
        return EXIT_INVALID


if __name__ == "__main__":
    sys.exit(main())
