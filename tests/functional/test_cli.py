"""The command line: python -m sim run|validate SCENARIO.yaml."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import openpyxl
import pytest

from sim.inputs.scenario import PROJECT_ROOT
from tests.synthetic import copy_default_data, edit_table

BASELINE = PROJECT_ROOT / "scenarios" / "baseline.yaml"
SHORT_CALENDAR = """\
calendar:
  start: 2026-06-01
  end: 2026-06-14
  flyt1: 2026-06-01
  flyt2: 2026-06-08
  physical_merge: 2026-06-14
"""
SHEETS = [
    "Resumé",
    "Pr. måned",
    "Pr. bydel",
    "Pr. enhed",
    "Pr. lokation",
    "Kørsel",
    "Budget og service",
]


def cli(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sim", *map(str, args)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )


def short_scenario(directory: Path, extra: str = "", name: str = "short.yaml") -> Path:
    """A short scenario on the baseline; a file builds on a file beside it, so the shipped
    baseline is copied in."""
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copy(BASELINE, directory / BASELINE.name)
    path = directory / name
    text = f"base: baseline.yaml\nname: Kort test\n{SHORT_CALENDAR}{extra}"
    path.write_text(text, encoding="utf-8")
    return path


def assert_invalid(result: subprocess.CompletedProcess, *expected: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    for text in expected:
        assert text in result.stderr


def prepare(tmp: Path) -> dict[str, list]:
    """The command lines of every case, with the files they read."""
    placed = (
        "placements:\n  - {{team: {team}, premises: {premises}, start: {start}, end: 2026-06-14}}\n"
    )
    bad_data = copy_default_data(tmp / "bad_data")

    def edit(frame):
        frame.loc[frame["premises_id"] == "SUF-P-03", "capacity_people"] = "mange"
        return frame

    edit_table(bad_data, "premises", edit)
    (tmp / "bad.yaml").write_text("name: x\nseed: 1\nfoo: bar: baz\n", encoding="utf-8")
    impossible = short_scenario(tmp, name="impossible.yaml")
    impossible.write_text(impossible.read_text().replace("end: 2026-06-14", "end: 2026-06-31"))
    folder = tmp / "folder"
    folder.mkdir()
    fast = ["--replications", "1", "--workers", "1"]
    return {
        "run": [
            "run",
            short_scenario(
                tmp,
                placed.format(team="SOF-HP-NOR-BIS", premises="SUF-P-03", start="2026-06-08"),
                name="run.yaml",
            ),
            "--replications",
            "2",
            "--workers",
            "1",
            "--seed",
            "5",
            "--out",
            tmp / "out",
        ],
        "baseline": ["validate", "scenarios/baseline.yaml"],
        "ny-noerrebro": ["validate", "scenarios/samlokalisering-ny-noerrebro.yaml"],
        "unknown_field": [
            "validate",
            short_scenario(tmp, "parameters:\n  absense_rate: 0.1\n", name="unknown_field.yaml"),
        ],
        "unknown_field_en": ["--lang", "en", "validate", tmp / "unknown_field.yaml"],
        "bad_placement": [
            "validate",
            short_scenario(
                tmp,
                placed.format(team="SOF-HP-NOR-BIS", premises="NY-NOR", start="2026-06-01"),
                name="bad_placement.yaml",
            ),
        ],
        "unknown_team": [
            "validate",
            short_scenario(
                tmp,
                placed.format(team="SOF-HP-XXX", premises="SUF-P-03", start="2026-06-01"),
                name="unknown_team.yaml",
            ),
        ],
        "missing": ["validate", tmp / "missing.yaml"],
        "bad_yaml": ["validate", tmp / "bad.yaml"],
        "bad_data": [
            "validate",
            short_scenario(tmp, f"data_dir: {bad_data}\n", name="bad_data.yaml"),
        ],
        "impossible_date": ["validate", impossible],
        "impossible_date_en": ["--lang", "en", "validate", impossible],
        "folder": ["validate", folder],
        "missing_en": ["--lang", "en", "validate", tmp / "missing.yaml"],
        "duplicate_key": [
            "validate",
            short_scenario(tmp, "seed: 1\nseed: 2\n", name="duplicate.yaml"),
        ],
        "bad_lease": [
            "validate",
            short_scenario(tmp, "leases:\n  - {premises: SUF-P-99}\n", name="bad_lease.yaml"),
        ],
        "run_out_of_range": [
            "run",
            short_scenario(tmp, name="run_oor.yaml"),
            "--replications",
            "0",
            "--workers",
            "1",
            "--out",
            tmp / "o1",
        ],
        "run_unknown_field": ["run", tmp / "unknown_field.yaml", *fast, "--out", tmp / "o2"],
        "run_missing": ["run", tmp / "missing.yaml", *fast, "--out", tmp / "o3"],
        **hostile_cases(tmp, fast),
    }


# a folder this process cannot write in, as root too: chmod does not stop root, /proc does
READ_ONLY_AS_ROOT = Path("/proc/kapacitet-ut")


def hostile_cases(tmp: Path, fast: list[str]) -> dict[str, list]:
    """Issue #12: what the command line is given that is not what it expects."""
    short = short_scenario(tmp, name="hostile.yaml")
    (tmp / "a-file.txt").write_text("not a folder\n", encoding="utf-8")
    os.mkfifo(tmp / "pipe.yaml")
    (tmp / "sub").mkdir()
    (tmp / "sub" / "on-shadow.yaml").write_text("base: /etc/shadow\nname: x\n", encoding="utf-8")
    (tmp / "sub" / "up.yaml").write_text("base: ../hostile.yaml\nname: x\n", encoding="utf-8")
    (tmp / "sub" / "passwd.yaml").symlink_to("/etc/passwd")
    (tmp / "sub" / "linked.yaml").write_text("base: passwd.yaml\nname: x\n", encoding="utf-8")
    if os.geteuid() != 0:
        read_only = tmp / "read-only"
        read_only.mkdir()
        read_only.chmod(0o555)
    else:
        read_only = READ_ONLY_AS_ROOT
    point = ["sweep", short, "--param", "parameters.absence_rate=0.06,0.12"]
    sweep = [*point, "--replications", "1", "--executor", "in-process"]
    return {
        "out_file": ["run", short, *fast, "--out", tmp / "a-file.txt"],
        "out_under_file": ["run", short, *fast, "--out", tmp / "a-file.txt" / "ud"],
        "out_read_only": ["run", short, *fast, "--out", read_only / "ud"],
        "out_read_only_en": ["--lang", "en", "run", short, *fast, "--out", read_only / "ud"],
        "bad_baseline": ["run", short, *fast, "--baseline", tmp / "pipe.yaml", "--out", tmp / "o4"],
        "fifo": ["validate", tmp / "pipe.yaml"],
        "fifo_en": ["--lang", "en", "validate", tmp / "pipe.yaml"],
        "dev_zero": ["validate", "/dev/zero"],
        "run_fifo": ["run", tmp / "pipe.yaml", *fast, "--out", tmp / "o5"],
        "base_absolute": ["validate", tmp / "sub" / "on-shadow.yaml"],
        "base_parent": ["validate", tmp / "sub" / "up.yaml"],
        "base_link_out": ["validate", tmp / "sub" / "linked.yaml"],
        "sweep_scheduler": [*point, "--scheduler", "garbage", "--out", tmp / "s1"],
        "sweep_scheduler_en": ["--lang", "en", *point, "--scheduler", "garbage"],
        "sweep_out_file": [*sweep, "--out", tmp / "a-file.txt"],
        "sweep_cache_file": [*sweep, "--cache", tmp / "a-file.txt", "--out", tmp / "s2"],
        "sweep_cache_read_only": [*sweep, "--cache", read_only / "c", "--out", tmp / "s3"],
        "sweep_replications": [*point, "--replications", "101", "--out", tmp / "s4"],
    }


@pytest.fixture(scope="module")
def tmp(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cli")


@pytest.fixture(scope="module")
def results(tmp) -> dict[str, subprocess.CompletedProcess]:
    """Every case's process, run side by side (each start costs ~1.5 s of imports)."""
    cases = prepare(tmp)
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {name: pool.submit(cli, *args) for name, args in cases.items()}
        return {name: future.result() for name, future in futures.items()}


@pytest.fixture(scope="module")
def run(results, tmp):
    return results["run"], tmp / "out"


# --- validate ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "path"),
    [
        ("baseline", "scenarios/baseline.yaml"),
        ("ny-noerrebro", "scenarios/samlokalisering-ny-noerrebro.yaml"),
    ],
)
def test_validate_shipped_scenario(results, case, path):
    result = results[case]
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"OK: {path} (")
    assert result.stderr == ""


def test_validate_unknown_field(results, tmp):
    assert_invalid(
        results["unknown_field"],
        f"{tmp / 'unknown_field.yaml'}: felt 'parameters.absense_rate': ukendt felt (stavefejl?)",
    )


def test_validate_unknown_field_in_english(results):
    assert_invalid(
        results["unknown_field_en"],
        "field 'parameters.absense_rate': unknown field (a typo?)",
    )


def test_validate_placement_before_premises_is_available(results):
    assert_invalid(
        results["bad_placement"],
        "felt 'placements.0.start': lokation NY-NOR er først ledig fra 2026-09-01 (fik 2026-06-01)",
    )


def test_validate_unknown_team(results):
    assert_invalid(results["unknown_team"], "felt 'placements.0.team': ukendt enhed 'SOF-HP-XXX'")


def test_validate_missing_file(results, tmp):
    assert_invalid(results["missing"], f"filen findes ikke: {tmp / 'missing.yaml'}")


def test_validate_bad_yaml(results, tmp):
    assert_invalid(results["bad_yaml"], f"{tmp / 'bad.yaml'}: ugyldig YAML (linje 3, kolonne 9)")


def test_validate_bad_data(results, tmp):
    data = tmp / "bad_data"
    lines = (data / "premises.csv").read_text(encoding="utf-8").splitlines()
    row = next(n for n, line in enumerate(lines, start=1) if line.startswith("SUF-P-03,"))
    assert_invalid(
        results["bad_data"],
        f"{data}: premises.csv, række {row}, kolonne 'capacity_people': "
        "skal være et tal (fik 'mange')",
    )


def test_validate_impossible_date_is_a_clean_error(results, tmp):
    assert_invalid(results["impossible_date"], str(tmp / "impossible.yaml"))


def test_validate_a_folder_is_a_clean_error(results, tmp):
    assert_invalid(results["folder"], str(tmp / "folder"))


def test_validate_impossible_date_names_the_date_and_line(results, tmp):
    assert_invalid(
        results["impossible_date"],
        f"{tmp / 'impossible.yaml'}: datoen '2026-06-31' findes ikke (linje 5, kolonne 8)",
    )


def test_validate_impossible_date_in_english(results, tmp):
    assert_invalid(
        results["impossible_date_en"],
        f"{tmp / 'impossible.yaml'}: the date '2026-06-31' does not exist (line 5, column 8)",
    )


def test_validate_a_folder_names_it(results, tmp):
    assert_invalid(results["folder"], f"er en mappe, ikke en scenariefil: {tmp / 'folder'}")


def test_validate_missing_file_in_english(results, tmp):
    assert_invalid(results["missing_en"], f"file not found: {tmp / 'missing.yaml'}")
    assert "filen" not in results["missing_en"].stderr


def test_validate_duplicate_key_names_key_and_line(results, tmp):
    lines = (tmp / "duplicate.yaml").read_text(encoding="utf-8").splitlines()
    first, second = (n for n, line in enumerate(lines, start=1) if line.startswith("seed:"))
    assert_invalid(
        results["duplicate_key"],
        f"{tmp / 'duplicate.yaml'}: nøglen 'seed' står flere gange i samme afsnit "
        f"(linje {second}, kolonne 1); første gang i linje {first}",
    )


def test_validate_placement_error_names_the_scenario_file(results, tmp):
    assert_invalid(
        results["bad_placement"],
        f"{tmp / 'bad_placement.yaml'}: felt 'placements.0.start': lokation NY-NOR",
    )


def test_validate_lease_error_names_the_scenario_file(results, tmp):
    assert_invalid(
        results["bad_lease"],
        f"{tmp / 'bad_lease.yaml'}: felt 'leases.0.premises': ukendt lokation 'SUF-P-99'",
    )


# --- run --------------------------------------------------------------------------------


def test_run_exits_0_and_writes_the_three_files(run):
    result, out = run
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["summary.csv", "summary.json", "summary.xlsx"]
    assert result.stdout.startswith("Kort test  (sampled, 2 replikationer, seed 5)")
    assert "Illustrative data" in result.stdout
    assert "Besøg til tiden" in result.stdout
    assert "replikation 2/2 færdig" in result.stderr


def test_run_csv_is_for_danish_excel(run):
    _, out = run
    raw = (out / "summary.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header = rows[0]
    assert header[:6] == ["kpi", "label", "unit", "mean", "ci_low", "ci_high"]
    by_kpi = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    on_time = by_kpi["on_time_share"]
    assert on_time["label"] == "Besøg til tiden"
    assert "," in on_time["mean"] and "." not in on_time["mean"]
    mean = float(on_time["mean"].replace(",", "."))
    low = float(on_time["ci_low"].replace(",", "."))
    high = float(on_time["ci_high"].replace(",", "."))
    assert 0 <= low <= mean <= high <= 1
    assert all(len(row) == len(header) for row in rows)


def test_run_json_has_kpis_with_intervals_and_the_run_facts(run):
    _, out = run
    document = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert document["illustrative_data"] is True
    assert document["seeds"] == [5, 6]
    assert document["replications"] == 2
    assert document["scenario"] == "Kort test"
    assert document["horizon_start"] == "2026-06-01"
    assert document["horizon_end"] == "2026-06-14"
    assert document["fidelity"] == "sampled"
    assert len(document["scenario_hash"]) == 16
    kpis = {k["kpi"]: k for k in document["kpis"]}
    assert {"on_time_share", "planned_visits", "delivered_visits"} <= set(kpis)
    for kpi in kpis.values():
        assert {"mean", "ci_low", "ci_high"} <= set(kpi)
    planned = kpis["planned_visits"]
    assert planned["mean"] > 0
    assert planned["ci_low"] <= planned["mean"] <= planned["ci_high"]
    assert kpis["delivered_visits"]["mean"] <= planned["mean"]
    for key in ("by_month", "by_area", "by_team", "by_premises"):
        assert document[key], key


def test_run_xlsx_has_the_sheets(run):
    _, out = run
    workbook = openpyxl.load_workbook(out / "summary.xlsx", read_only=True)
    assert workbook.sheetnames == SHEETS
    summary = list(workbook["Resumé"].iter_rows(values_only=True))
    assert summary[0][:6] == ("kpi", "label", "unit", "mean", "ci_low", "ci_high")
    assert "on_time_share" in {row[0] for row in summary[1:]}
    facts = dict(workbook["Kørsel"].iter_rows(min_row=2, values_only=True))
    assert facts["scenario"] == "Kort test"
    assert facts["seeds"] == "[5, 6]"
    assert facts["illustrative_data"] == "True"
    workbook.close()


def test_run_override_out_of_range_exits_2(results, tmp):
    assert_invalid(
        results["run_out_of_range"],
        f"{tmp / 'run_oor.yaml'}: felt 'replications': skal være mindst 1 (fik 0)",
    )
    assert not (tmp / "o1").exists()


def test_run_invalid_scenario_writes_nothing(results, tmp):
    assert_invalid(results["run_unknown_field"], "parameters.absense_rate", "ukendt felt")
    assert not (tmp / "o2").exists()


def test_run_missing_file_exits_2(results, tmp):
    assert_invalid(results["run_missing"], f"filen findes ikke: {tmp / 'missing.yaml'}")
    assert not (tmp / "o3").exists()


# --- what the command line must refuse before any work (issue #12) --------------------


def assert_refused_before_work(result: subprocess.CompletedProcess, expected: str) -> None:
    assert_invalid(result, expected)
    assert "replikation" not in result.stderr, "refused only after running"


def test_out_onto_a_file_is_refused_before_the_run(results, tmp):
    assert_refused_before_work(
        results["out_file"], f"--out {tmp / 'a-file.txt'}: er en fil, ikke en mappe"
    )


def test_out_under_a_file_is_refused_before_the_run(results, tmp):
    file = tmp / "a-file.txt"
    assert_refused_before_work(
        results["out_under_file"],
        f"--out {file / 'ud'}: {file} er en fil, så der kan ikke ligge en mappe i den",
    )


def test_out_in_a_folder_that_cannot_be_written_is_refused_before_the_run(results, tmp):
    if os.geteuid() == 0:  # root writes in a chmod-ed folder: /proc takes no new files
        folder = READ_ONLY_AS_ROOT.parent
        reason = ("den tillader ikke nye filer", "it does not take new files")
        path = READ_ONLY_AS_ROOT / "ud"
    else:
        folder, reason = tmp / "read-only", ("ingen adgang", "no permission")
        path = folder / "ud"
    assert_refused_before_work(
        results["out_read_only"],
        f"--out {path}: der kan ikke skrives i mappen {folder} ({reason[0]})",
    )
    assert_refused_before_work(
        results["out_read_only_en"],
        f"--out {path}: the folder {folder} cannot be written ({reason[1]})",
    )


def test_a_baseline_that_cannot_be_read_is_refused_before_the_run(results, tmp):
    assert_refused_before_work(
        results["bad_baseline"],
        f"er ikke en almindelig fil (men fx en enhed eller en navngiven pipe) og læses ikke: "
        f"{tmp / 'pipe.yaml'}",
    )
    assert not (tmp / "o4").exists()


@pytest.mark.parametrize("case", ["fifo", "run_fifo", "dev_zero"])
def test_a_named_pipe_or_a_device_as_the_scenario_is_refused_without_waiting(results, tmp, case):
    """A named pipe made the command wait for a writer for ever; /dev/zero filled memory."""
    path = "/dev/zero" if case == "dev_zero" else tmp / "pipe.yaml"
    assert_refused_before_work(
        results[case],
        f"er ikke en almindelig fil (men fx en enhed eller en navngiven pipe) og læses ikke: "
        f"{path}",
    )


def test_a_named_pipe_as_the_scenario_in_english(results, tmp):
    assert_invalid(
        results["fifo_en"],
        f"is not a regular file (but e.g. a device or a named pipe) and is not read: "
        f"{tmp / 'pipe.yaml'}",
    )


@pytest.mark.parametrize(
    ("case", "base"),
    [("base_absolute", "/etc/shadow"), ("base_parent", "../hostile.yaml")],
)
def test_a_file_on_disk_builds_only_on_a_file_beside_it(results, tmp, case, base):
    assert_invalid(
        results[case],
        "felt 'base': skal være navnet på en scenariefil i samme mappe, fx baseline.yaml "
        f"(uden mappe, '/' eller '..') (fik '{base}')",
    )
    assert "root:" not in results[case].stderr


def test_a_base_that_links_out_of_the_folder_is_not_read(results, tmp):
    assert_invalid(
        results["base_link_out"],
        f"felt 'base': 'passwd.yaml' fører ud af mappen {tmp / 'sub'} og læses ikke",
    )
    assert "root:" not in results["base_link_out"].stderr


def test_a_garbage_scheduler_address_is_refused_at_once(results):
    """It made Dask try for 40 s, then printed a traceback and the wrong reason."""
    assert_refused_before_work(
        results["sweep_scheduler"],
        "--scheduler garbage: er ikke en Dask-adresse; skriv den som tcp://vært:port, "
        "fx tcp://10.0.0.5:8786",
    )
    assert_invalid(
        results["sweep_scheduler_en"],
        "--scheduler garbage: is not a Dask address; write it as tcp://host:port",
    )


def test_sweep_out_and_cache_are_checked_before_the_sweep(results, tmp):
    file = tmp / "a-file.txt"
    assert_refused_before_work(results["sweep_out_file"], f"--out {file}: er en fil, ikke en mappe")
    assert_refused_before_work(
        results["sweep_cache_file"], f"--cache {file}: er en fil, ikke en mappe"
    )
    assert_invalid(results["sweep_cache_read_only"], "--cache ", "der kan ikke skrives i mappen")
    assert not (tmp / "s2").exists() and not (tmp / "s3").exists()


def test_sweep_replications_take_the_schemas_limit(results):
    assert_refused_before_work(
        results["sweep_replications"],
        "--replications: felt 'replications': skal være mellem 1 og 100 (fik 101)",
    )


@pytest.mark.parametrize(
    ("address", "valid"),
    [
        ("tcp://10.0.0.5:8786", True),
        ("10.0.0.5:8786", True),
        ("tls://scheduler.example:8786", True),
        ("tcp://[::1]:8786", True),
        ("garbage", False),
        ("tcp://host", False),
        ("tcp://host:99999", False),
        ("http://host:8786", False),
        ("tcp://host:8786; rm -rf /", False),
        ("", False),
    ],
)
def test_scheduler_addresses(address, valid):
    from sim.__main__ import _scheduler_address
    from sim.inputs.scenario import ScenarioError

    if valid:
        assert _scheduler_address(address, "da") == address
    else:
        with pytest.raises(ScenarioError):
            _scheduler_address(address, "da")
