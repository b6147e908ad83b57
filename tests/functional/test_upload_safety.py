"""Uploads and inputs never reach outside the product (issue #12, part 1 and 3).

Attacks of a hostile colleague on the network: a scenario file whose ``base`` names a
server file, a device or a path out of ``scenarios/``; a ``data_dir`` out of ``data/``;
numbers that overflow or are infinite; nesting that recurses; files that are not regular
files. Each is refused with a Danish message that discloses nothing of the server. The
sim-level functions are tested directly, the pages through AppTest (which drives
``st.file_uploader`` in this Streamlit version) and the Scenarie page in real Chromium.
"""

from __future__ import annotations

import os
import re
import shutil
import time
import typing
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel
from streamlit.testing.v1 import AppTest

from sim.inputs import scenario as S
from sim.inputs.dataset import load_dataset
from sim.inputs.scenario import (
    DEFAULT_DATA_DIR,
    MAX_UPLOAD_BYTES,
    SCENARIO_DIR,
    FileRefused,
    Parameters,
    PremisesOption,
    Scenario,
    ScenarioError,
    field_bounds,
    file_name,
    load_scenario,
    read_regular_file,
    scenario_from_upload,
)
from store import StoreError, open_store
from store.access import Actor
from tests.browsers import wait_until_idle
from tests.conftest import ROOT

BASELINE = SCENARIO_DIR / "baseline.yaml"
SHIPPED = [p.name for p in sorted(SCENARIO_DIR.glob("*.yaml"))]
HOSTILE_BASES = [
    "/etc/shadow",
    "/etc/passwd",
    "/etc/hostname",
    "../../../etc/hostname",
    "../data/premises.csv",
    "/dev/zero",
    "/proc/self/cmdline",
    "/nonexistent/nothing.yaml",
    "baseline.yaml/../../../etc/passwd",
    "./baseline.yaml",
    "scenarios/baseline.yaml",
    "C:\\Windows\\win.ini",
]

PLANNER = Actor("planner@example.test", "Planlægger", "planner")


def upload(text: str | bytes, lang: str = "da", **kwargs) -> Scenario:
    content = text.encode("utf-8") if isinstance(text, str) else text
    return scenario_from_upload(content, "fra-kollega.yaml", SCENARIO_DIR, lang, **kwargs)


def refused(text: str | bytes, lang: str = "da", **kwargs) -> list[str]:
    with pytest.raises(ScenarioError) as raised:
        upload(text, lang, **kwargs)
    return raised.value.messages


def contents(path: str) -> list[str]:
    """Lines of a server file that must never be shown (only of files without secrets:
    the test itself reads no more than /etc/passwd and /etc/hostname)."""
    if path not in ("/etc/passwd", "/etc/hostname"):
        return []
    text = Path(path).read_text(errors="replace")
    return [line.strip() for line in text.splitlines() if len(line.strip()) >= 4][:50]


def with_base(base: str, **rest) -> str:
    return yaml.safe_dump({"base": base, "name": "Angreb", **rest}, allow_unicode=True)


# ---- reading: only regular files, never more than the limit ------------------------------


def test_the_one_upload_limit_is_what_the_browser_refuses():
    assert MAX_UPLOAD_BYTES == 10_000_000
    from sim.inputs import premises_upload

    assert not hasattr(premises_upload, "MAX_BYTES"), "one constant, in sim.inputs.scenario"


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    with pytest.raises(FileRefused) as raised:
        read_regular_file(pipe)  # would block for ever if it were opened for reading
    assert raised.value.kind == "special"


@pytest.mark.parametrize(("path", "kind"), [("/dev/zero", "special"), ("/dev/null", "special")])
def test_a_device_is_refused(path, kind):
    with pytest.raises(FileRefused) as raised:
        read_regular_file(path)
    assert raised.value.kind == kind


def test_a_folder_and_a_missing_file_are_refused(tmp_path):
    with pytest.raises(FileRefused) as raised:
        read_regular_file(tmp_path)
    assert raised.value.kind == "folder"
    with pytest.raises(FileRefused) as raised:
        read_regular_file(tmp_path / "nothing")
    assert raised.value.kind == "missing"


def test_a_file_over_the_limit_is_refused_before_a_byte_is_read(tmp_path):
    path = tmp_path / "stor.yaml"
    with path.open("wb") as handle:
        handle.truncate(10 * 1024**3)  # sparse: claims 10 GB
    with pytest.raises(FileRefused) as raised:
        read_regular_file(path)
    assert (raised.value.kind, raised.value.size) == ("too_big", 10 * 1024**3)


def test_a_file_at_the_limit_is_read_and_one_byte_more_is_not(tmp_path):
    path = tmp_path / "lige.bin"
    path.write_bytes(b"a" * 1000)
    assert read_regular_file(path, limit=1000) == b"a" * 1000
    with pytest.raises(FileRefused) as raised:
        read_regular_file(path, limit=999)
    assert raised.value.kind == "too_big"


@pytest.mark.parametrize("name", ["pipe", "/dev/zero"])
def test_a_scenario_file_on_disk_that_is_not_a_regular_file(tmp_path, name):
    if name == "pipe":
        path = tmp_path / "pipe.yaml"
        os.mkfifo(path)
    else:
        path = Path(name)
    with pytest.raises(ScenarioError) as raised:
        load_scenario(path)
    assert raised.value.messages == [
        "er ikke en almindelig fil (men fx en enhed eller en navngiven pipe) og læses ikke: "
        f"{path.resolve()}"
    ]


@pytest.mark.parametrize("file", ["population_projection.csv", "districts.geojson"])
def test_a_data_table_that_is_a_named_pipe_is_refused_without_waiting(tmp_path, file):
    from tests.synthetic import copy_default_data

    data = copy_default_data(tmp_path / "data")
    (data / file).unlink()
    os.mkfifo(data / file)
    with pytest.raises(ScenarioError) as raised:
        load_dataset(data)
    assert raised.value.messages == [
        f"{file}: er ikke en almindelig fil (men fx en enhed eller en navngiven pipe) og læses ikke"
    ]


def test_a_data_table_over_the_limit_is_refused(tmp_path):
    from tests.synthetic import copy_default_data

    data = copy_default_data(tmp_path / "data")
    with (data / "staff.csv").open("r+b") as handle:
        handle.truncate(MAX_UPLOAD_BYTES + 1)
    with pytest.raises(ScenarioError) as raised:
        load_dataset(data)
    assert raised.value.messages == ["staff.csv: filen er for stor; den må højst fylde 10 MB"]


# ---- an uploaded scenario's base: a shipped file by name, or a saved scenario ------------


@pytest.mark.parametrize("base", HOSTILE_BASES)
def test_a_base_outside_the_shipped_scenarios_is_refused_and_nothing_is_read(base):
    messages = refused(with_base(base))
    names = ", ".join(SHIPPED)
    assert messages == [
        f"felt 'base': '{base}' er ikke et af de scenarier, et scenarie kan bygge på: {names}"
    ]
    shown = " ".join(messages)
    for line in contents(base) + contents("/etc/passwd"):
        assert line not in shown


def test_whether_a_path_exists_is_not_disclosed():
    """The same words for a file that exists and one that does not: only the name differs."""
    there = refused("base: /etc/passwd\nname: x\n")[0].replace("/etc/passwd", "X")
    gone = refused("base: /etc/no-such-file\nname: x\n")[0].replace("/etc/no-such-file", "X")
    folder = refused("base: /etc\nname: x\n")[0].replace("/etc", "X")
    assert there == gone == folder


def test_the_refusal_in_english_names_the_allowed_bases():
    (message,) = refused("base: /etc/passwd\nname: x\n", lang="en", saved_base=lambda name: None)
    assert message == (
        "field 'base': '/etc/passwd' is not one of the scenarios a scenario can build on: "
        + ", ".join(SHIPPED)
        + " or the name of a saved scenario"
    )


def test_a_shipped_scenario_by_its_file_name_is_a_base():
    scenario = upload("base: merged-may-2027.yaml\nname: Kollegas forslag\nreplications: 3\n")
    expected = load_scenario(SCENARIO_DIR / "merged-may-2027.yaml")
    assert scenario == expected.with_overrides(name="Kollegas forslag", replications=3)


def test_a_link_in_the_scenario_folder_that_leads_out_is_not_a_shipped_scenario(tmp_path):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    shutil.copy(BASELINE, folder / "baseline.yaml")
    outside = tmp_path / "secret.yaml"
    outside.write_text("name: Hemmelig\ndb_password: hunter2-SECRET\n", encoding="utf-8")
    (folder / "secret.yaml").symlink_to(outside)
    (folder / "inside.yaml").symlink_to(folder / "baseline.yaml")
    assert S.shipped_scenario_names(folder) == ["baseline.yaml", "inside.yaml"]
    with pytest.raises(ScenarioError) as raised:
        scenario_from_upload(b"base: secret.yaml\nname: x\n", "u.yaml", folder)
    assert raised.value.messages == [
        "felt 'base': 'secret.yaml' er ikke et af de scenarier, et scenarie kan bygge på: "
        "baseline.yaml, inside.yaml"
    ]
    assert "hunter2" not in str(raised.value) and "db_password" not in str(raised.value)
    built = scenario_from_upload(b"base: inside.yaml\nname: y\n", "u.yaml", folder)
    assert built.parameters == load_scenario(BASELINE).parameters


def test_a_saved_scenario_by_name_is_a_base():
    saved = load_scenario(BASELINE).with_overrides(
        name="Gemt af Ida", parameters={"absence_rate": 0.12}
    )
    asked = []

    def lookup(name: str) -> dict | None:
        asked.append(name)
        return saved.model_dump(mode="json") if name == "Gemt af Ida" else None

    scenario = upload("base: Gemt af Ida\nname: Mit\nseed: 4\n", saved_base=lookup)
    assert scenario == saved.with_overrides(name="Mit", seed=4)
    assert asked == ["Gemt af Ida"]
    # a shipped name is never looked up in the store
    upload("base: baseline.yaml\nname: Mit\n", saved_base=lookup)
    assert asked == ["Gemt af Ida"]
    assert refused("base: Findes ikke\nname: x\n", saved_base=lookup) == [
        "felt 'base': 'Findes ikke' er ikke et af de scenarier, et scenarie kan bygge på: "
        + ", ".join(SHIPPED)
        + " eller navnet på et gemt scenarie"
    ]


def test_values_from_a_base_are_never_shown():
    """An unknown key or a bad value from the base is named, its value is not."""

    def lookup(name: str) -> dict:
        raw = load_scenario(BASELINE).model_dump(mode="json")
        raw["db_password"] = "hunter2-SECRET"
        raw["parameters"]["absence_rate"] = 0.9
        return raw

    messages = refused(
        "base: Kollegas\nname: x\nparameters:\n  detour_factor: 9\n", saved_base=lookup
    )
    assert sorted(messages) == [
        "felt 'db_password': ukendt felt (stavefejl?)",
        "felt 'parameters.absence_rate': må højst være 0,5",
        "felt 'parameters.detour_factor': må højst være 3 (fik 9)",  # the user's own value
    ]


def test_values_from_a_base_file_on_disk_are_never_shown(tmp_path):
    (tmp_path / "base.yaml").write_text(
        "name: Base\ndb_password: hunter2-SECRET\nseed: -5\n", encoding="utf-8"
    )
    path = tmp_path / "mit.yaml"
    path.write_text("base: base.yaml\nname: Mit\nreplications: 0\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as raised:
        load_scenario(path)
    assert sorted(raised.value.messages) == [
        "felt 'db_password': ukendt felt (stavefejl?)",
        "felt 'replications': skal være mindst 1 (fik 0)",
        "felt 'seed': skal være mindst 0",
    ]


def test_a_base_on_disk_is_a_file_name_beside_the_file(tmp_path):
    shutil.copy(BASELINE, tmp_path / "baseline.yaml")
    (tmp_path / "sub").mkdir()
    for base in ("/etc/passwd", "../baseline.yaml", "sub/x.yaml", str(BASELINE)):
        path = tmp_path / "s.yaml"
        path.write_text(f"base: {base!r}\nname: x\n", encoding="utf-8")
        with pytest.raises(ScenarioError) as raised:
            load_scenario(path)
        assert raised.value.messages == [
            "felt 'base': skal være navnet på en scenariefil i samme mappe, fx baseline.yaml "
            f"(uden mappe, '/' eller '..') (fik '{base}')"
        ]
    (tmp_path / "passwd.yaml").symlink_to("/etc/passwd")
    path.write_text("base: passwd.yaml\nname: x\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as raised:
        load_scenario(path, lang="en")
    assert raised.value.messages == [
        f"field 'base': 'passwd.yaml' leads out of the folder {tmp_path} and is not read"
    ]
    path.write_text("base: baseline.yaml\nname: x\n", encoding="utf-8")
    assert load_scenario(path).name == "x"


# ---- data_dir: inside the project's data folder, for what comes from a user --------------


@pytest.mark.parametrize(
    "data_dir", ["/etc", "..", "../data", "data/../scenarios", "/tmp", "data/\0x", "\x1b[2J"]
)
def test_an_uploaded_data_dir_outside_the_data_folder_is_refused(data_dir):
    text = with_base("baseline.yaml", data_dir=data_dir)
    shown = "".join(c if c.isprintable() else "�" for c in data_dir)  # no control characters
    assert refused(text) == [
        f"felt 'data_dir': skal være datamappen 'data' eller en mappe i den (fik '{shown}')"
    ]


@pytest.mark.parametrize("data_dir", ["data", str(DEFAULT_DATA_DIR), "data/./"])
def test_an_uploaded_data_dir_inside_the_data_folder_is_kept(data_dir):
    text = with_base("baseline.yaml", data_dir=data_dir)
    assert upload(text).data_dir == data_dir


def test_an_operators_own_scenario_file_may_name_another_data_folder(tmp_path):
    from tests.synthetic import copy_default_data

    data = copy_default_data(tmp_path / "data")
    shutil.copy(BASELINE, tmp_path / "baseline.yaml")
    path = tmp_path / "egne.yaml"
    path.write_text(f"base: baseline.yaml\nname: Egne data\ndata_dir: {data}\n", encoding="utf-8")
    assert load_scenario(path).resolve_data_dir() == data


def store_at(tmp_path):
    return open_store(f"sqlite:///{tmp_path / 'store.sqlite'}")


def test_a_stored_data_dir_outside_the_data_folder_is_refused_when_read_back(tmp_path):
    from sqlalchemy import update

    from store.models import ScenarioVersion

    store = store_at(tmp_path)
    scenario = load_scenario(BASELINE).with_overrides(name="Ændret i databasen")
    store.save_scenario(scenario, data_hash="x", actor=PLANNER)
    tampered = scenario.with_overrides(data_dir="/etc").model_dump_json()
    with store.writing() as session:
        session.execute(update(ScenarioVersion).values(scenario_json=tampered))
    with pytest.raises(ScenarioError) as raised:
        store.load_scenario("Ændret i databasen")
    assert raised.value.messages == [
        "felt 'data_dir': skal være datamappen 'data' eller en mappe i den (fik '/etc')"
    ]


def test_a_scenario_that_would_not_read_back_is_never_stored(tmp_path):
    from tests.synthetic import copy_default_data

    store = store_at(tmp_path)
    elsewhere = copy_default_data(tmp_path / "data")
    scenario = load_scenario(BASELINE).with_overrides(name="Andre data", data_dir=str(elsewhere))
    with pytest.raises(StoreError) as raised:
        store.save_scenario(scenario, data_hash="x", actor=PLANNER)
    assert raised.value.message("da") == (
        "Scenariet 'Andre data' kan ikke gemmes, fordi det ikke kan læses igen: felt 'data_dir': "
        f"skal være datamappen 'data' eller en mappe i den (fik '{elsewhere}')"
    )
    assert raised.value.message("en").startswith(
        "The scenario 'Andre data' cannot be saved, because it cannot be read back: field "
    )
    assert store.scenario_versions("Andre data") == []


# ---- numbers: finite, and every one bounded by the schema -------------------------------

MODELS = [S.Calendar, S.Placement, S.Lease, PremisesOption, Parameters, Scenario]


def numeric_fields(model: type[BaseModel]) -> list[str]:
    names = []
    for name, info in model.model_fields.items():
        types = set(typing.get_args(info.annotation)) or {info.annotation}
        if types & {int, float} and info.annotation is not bool:
            names.append(name)
    return names


@pytest.mark.parametrize(
    ("model", "name"),
    [(m, n) for m in MODELS for n in numeric_fields(m)],
    ids=lambda v: v if isinstance(v, str) else v.__name__,
)
def test_every_number_in_the_schema_has_a_lower_and_an_upper_bound(model, name):
    bounds = field_bounds(model, name)
    assert bounds.low is not None and bounds.high is not None, (model.__name__, name, bounds)


def test_the_numeric_fields_are_found():
    assert {"capacity_people", "rent_per_m2_year", "fitout_cost", "district"} <= set(
        numeric_fields(PremisesOption)
    )
    assert {"replications", "seed"} <= set(numeric_fields(Scenario))
    assert len(numeric_fields(Parameters)) >= 25


def test_field_bounds_reads_the_schema():
    assert field_bounds(Parameters, "absence_rate") == (0.0, 0.5, False, False)
    assert field_bounds(PremisesOption, "capacity_people") == (0, 10_000, True, False)
    assert field_bounds(Scenario, "replications") == (1, 100, False, False)
    assert field_bounds(Scenario, "seed") == (0, 2**31 - 1, False, False)


OPTION = {
    "premises_id": "NY-ANGREB",
    "name": "Kandidat",
    "district": 3,
    "latitude": 55.69,
    "longitude": 12.55,
    "capacity_people": 60,
    "available_from": "2026-09-01",
}


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("rent_per_m2_year", "9" * 400, "skal være et tal (fik 99999"),  # no float holds it
        ("rent_per_m2_year", ".inf", "skal være et endeligt tal (fik .inf)"),
        ("rent_per_m2_year", ".nan", "skal være et endeligt tal (fik .nan)"),
        ("fitout_cost", "-.inf", "skal være et endeligt tal (fik -.inf)"),
        ("capacity_people", "9" * 30, f"må højst være 10000 (fik {'9' * 30})"),
        ("workstations", "9" * 30, f"må højst være 10000 (fik {'9' * 30})"),
        ("district", "9" * 30, f"må højst være 99 (fik {'9' * 30})"),
    ],
    ids=["rent-400-nines", "rent-inf", "rent-nan", "fitout-minus-inf", "capacity", "desks", "d"],
)
def test_an_overflowing_or_infinite_number_is_refused(field, value, expected):
    option = {**OPTION, field: value}  # the value as typed in the YAML file
    text = "base: baseline.yaml\nname: x\npremises_options:\n  - {"
    text += ", ".join(f"{key}: {typed}" for key, typed in option.items()) + "}\n"
    (message,) = refused(text)
    assert message.startswith(f"felt 'premises_options.0.{field}': {expected}")
    assert len(message) < 200, "the value is shown clipped"


@pytest.mark.parametrize("name", numeric_fields(Parameters))
def test_no_parameter_takes_infinity(name):
    (message,) = refused(f"base: baseline.yaml\nname: x\nparameters:\n  {name}: .inf\n")
    assert message.startswith(f"felt 'parameters.{name}': ")
    assert message.endswith("(fik .inf)")


def test_replications_above_100_are_refused_by_the_schema():
    assert refused("base: baseline.yaml\nname: x\nreplications: 1000\n") == [
        "felt 'replications': må højst være 100 (fik 1000)"
    ]


def test_a_premises_option_without_its_first_available_day_is_refused():
    option = {k: v for k, v in OPTION.items() if k != "available_from"}
    text = yaml.safe_dump({"base": "baseline.yaml", "name": "x", "premises_options": [option]})
    assert refused(text) == ["felt 'premises_options.0.available_from': skal udfyldes"]


# ---- the shape of the file: nesting, size ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "name: x\nfoo: " + "[" * 50_000 + "]" * 50_000 + "\n",
        "name: x\nfoo: " + "{a: " * 50_000 + "1" + "}" * 50_000 + "\n",
        "name: x\nfoo:\n" + "- " * 50_000 + "x\n",
    ],
    ids=["flow-lists", "flow-mappings", "block-lists"],
)
def test_deep_nesting_is_refused_before_it_recurses(text):
    (message,) = refused(text)
    assert re.fullmatch(
        r"filen har afsnit i mere end 20 niveauer \(linje \d+, kolonne \d+\); "
        r"en scenariefil har højst 4",
        message,
    ), message
    (english,) = refused(text, lang="en")
    assert english.startswith("the file has sections more than 20 levels deep")


def test_the_deepest_legitimate_scenario_is_read():
    # premises_options (1) > a list (2) > an option (3) > its values (4)
    text = yaml.safe_dump(
        {"base": "baseline.yaml", "name": "x", "premises_options": [OPTION]},
        default_flow_style=False,
    )
    assert upload(text).premises_options[0].premises_id == "NY-ANGREB"


def test_a_file_with_too_many_values_is_refused():
    text = "name: x\nfoo: [" + "1, " * (S.MAX_NODES + 1) + "1]\n"
    (message,) = refused(text)
    assert message.startswith(f"filen har mere end {S.MAX_NODES} værdier (linje 2")


def test_an_upload_over_the_limit_is_refused_and_one_at_it_is_read():
    (message,) = refused(b"x" * (MAX_UPLOAD_BYTES + 1))
    assert message == "filen er for stor (10 MB); den må højst fylde 10 MB: fra-kollega.yaml"
    padded = b"base: baseline.yaml\nname: Stor\n#"
    padded += b"x" * (MAX_UPLOAD_BYTES - len(padded) - 1) + b"\n"
    assert len(padded) == MAX_UPLOAD_BYTES
    assert upload(padded).name == "Stor"


# ---- the store: what is saved reads back, every version ---------------------------------


def adversarial_scenarios() -> list[Scenario]:
    """Valid scenarios at the edges: every bound, long and odd text, many options."""
    base = load_scenario(BASELINE)
    highs = {n: field_bounds(Parameters, n).high for n in numeric_fields(Parameters)}
    lows = {
        n: field_bounds(Parameters, n).low
        for n in numeric_fields(Parameters)
        if not field_bounds(Parameters, n).low_open
    }
    option = {
        **OPTION,
        "name": "Ø" * 200,
        "address": "'\"; DROP TABLE scenarios; --" + " " * 100,
        "district": 10,
        "capacity_people": 10_000,
        "workstations": 10_000,
        "area_m2": 200_000,
        "rent_per_m2_year": 20_000,
        "running_cost_per_m2_year": 5_000,
        "fitout_cost": 1_000_000_000,
        "latitude": 55.74,
        "longitude": 12.43,
        "available_to": "9999-12-31",
        "notes": '=HYPERLINK("http://example.invalid")\t\u202e\u0000 Infinity NaN ' + "x" * 1900,
        "option_set": "😀" * 200,
    }
    tiny = {"premises_id": "NY-TINY", "capacity_people": 1, "rent_per_m2_year": 5e-324}
    return [
        base.with_overrides(name="Højeste værdier", parameters=highs, replications=100),
        base.with_overrides(name="Laveste værdier", parameters=lows, replications=1),
        base.with_overrides(
            name="x" * 120,
            description="Infinity\nNaN\n-0.0\n1e400\n" + "æøå" * 10_000,
            seed=2**31 - 1,
            premises_options=[option, {**OPTION, **tiny}],
        ),
        base.with_overrides(
            name="\"'`<script>; \\ \u0000", parameters={"demand_growth_per_year": -0.5}
        ),
        base.with_overrides(name="0.1 + 0.2", parameters={"absence_rate": 0.1 + 0.2}),
    ]


def test_adversarial_but_valid_scenarios_are_saved_and_every_version_reads_back(tmp_path):
    store = store_at(tmp_path)
    saved = adversarial_scenarios()
    for scenario in saved:
        store.save_scenario(scenario, data_hash="x", actor=PLANNER)
        store.save_scenario(
            scenario.with_overrides(seed=1), replace=True, data_hash="x", actor=PLANNER
        )
    for scenario in saved:
        versions = store.scenario_versions(scenario.name)
        assert [v.version for v in versions] == [1, 2]
        assert store.load_scenario(scenario.name, 1) == scenario
        assert store.load_scenario(scenario.name, 2) == scenario.with_overrides(seed=1)


def test_a_scenario_that_cannot_be_written_as_json_is_not_stored(tmp_path):
    store = store_at(tmp_path)
    broken = Scenario.model_construct(**{**load_scenario(BASELINE).__dict__, "name": "a\ud800"})
    with pytest.raises(StoreError) as raised:
        store.save_scenario(broken, data_hash="x", actor=PLANNER)
    assert "kan ikke gemmes" in raised.value.message("da")
    assert store.list_scenarios() == []


# ---- download file names -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Mit scenarie", "Mit-scenarie.yaml"),
        ("../../etc/passwd", "etc-passwd.yaml"),
        ("/", "scenarie.yaml"),
        ("..", "scenarie.yaml"),
        ("Nørrebro 1. sep.", "Nørrebro-1--sep.yaml"),
        ("a" * 120, "a" * 80 + ".yaml"),
        ("C:\\Windows\\x", "C--Windows-x.yaml"),
    ],
)
def test_a_download_file_name_is_never_a_path(name, expected):
    assert file_name(name, ".yaml") == expected


# ---- the app: AppTest drives st.file_uploader in this Streamlit version ------------------

APP = str(ROOT / "app.py")
PAGES = {
    "Scenarie": "ui/pages/scenario.py",
    "Kør": "ui/pages/results.py",
    "Kort": "ui/pages/map.py",
    "Følsomhed": "ui/pages/sensitivity.py",
}


def scenario_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page(PAGES["Scenarie"])
    at.run()
    assert not at.exception, at.exception
    return at


def upload_in_app(at: AppTest, name: str, content: bytes) -> AppTest:
    (uploader,) = at.file_uploader  # its key changes after each file (the file is let go of)
    uploader.set_value((name, content, "application/yaml"))
    at.run()
    assert not at.exception, at.exception
    return at


def test_apptest_drives_the_file_uploader():
    at = upload_in_app(
        scenario_page(), "forslag.yaml", b"base: merged-may-2027.yaml\nname: Kollegas\n"
    )
    assert at.session_state["draft"]["name"] == "Kollegas"
    assert any("Kollegas" in s.value for s in at.success)


@pytest.mark.parametrize(
    "base", ["/etc/passwd", "../../../etc/hostname", "/dev/zero", "/etc/shadow"]
)
def test_a_hostile_base_uploaded_in_the_app_is_refused_and_the_draft_kept(base):
    at = scenario_page()
    before = dict(at.session_state["draft"])
    upload_in_app(at, "angreb.yaml", f"base: {base}\nname: Angreb\n".encode())
    text = " ".join(e.value for e in at.error).replace("\\", "")  # as shown (escaped Markdown)
    assert "Scenariefilen blev ikke indlæst (dit scenarie er uændret)" in text
    assert f"felt 'base': '{base}' er ikke et af de scenarier" in text
    for line in contents(base) + contents("/etc/passwd"):
        assert line not in text
    assert at.session_state["draft"] == before


def test_deep_nesting_uploaded_in_the_app_is_refused_in_danish():
    at = scenario_page()
    upload_in_app(at, "dyb.yaml", b"name: x\nfoo: " + b"[" * 50_000 + b"]" * 50_000)
    assert any("filen har afsnit i mere end 20 niveauer" in e.value for e in at.error)
    assert at.session_state["draft"]["name"] == "Basis"


def test_replications_1000_uploaded_in_the_app_is_refused_not_a_crash():
    at = scenario_page()
    upload_in_app(at, "mange.yaml", b"base: baseline.yaml\nname: Mange\nreplications: 1000\n")
    text = " ".join(e.value for e in at.error).replace("\\", "")  # as shown (escaped Markdown)
    assert "felt 'replications': må højst være 100 (fik 1000)" in text
    assert at.session_state["draft"]["name"] == "Basis"


def test_an_upload_may_build_on_a_saved_scenario_by_name():
    name = f"Gemt til upload {time.time_ns()}"
    saved = load_scenario(BASELINE).with_overrides(name=name, parameters={"absence_rate": 0.11})
    open_store().save_scenario(saved, actor=PLANNER)
    at = upload_in_app(scenario_page(), "på-gemt.yaml", f"base: {name}\nname: Ovenpå\n".encode())
    assert at.session_state["draft"]["name"] == "Ovenpå"
    assert at.session_state["draft"]["parameters"]["absence_rate"] == 0.11


def test_the_form_takes_its_limits_from_the_schema():
    at = scenario_page()
    at.session_state["draft"]["parameters"]["staff_multiplier"] = 4.0  # valid: at most 5
    at.session_state["draft_version"] += 1
    at.run()
    assert not at.exception, at.exception
    field = next(n for n in at.number_input if n.label.startswith("Bemanding i forhold"))
    assert (field.min, field.max, field.value) == (0, 500, 400)
    replications = next(n for n in at.number_input if n.label == "Replikationer")
    assert (replications.min, replications.max) == (1, 100)
    seed = next(n for n in at.number_input if n.label == "Startværdi (seed)")
    assert (seed.min, seed.max) == (0, 2**31 - 1)
    capacity = next(n for n in at.number_input if n.label.startswith("Lokationernes kapacitet"))
    assert (capacity.min, capacity.max) == (0, 1000)
    assert not at.error, [e.value for e in at.error]


@pytest.mark.parametrize("page", list(PAGES))
def test_a_candidate_premises_without_available_from_breaks_no_page(page):
    """It passed the schema and raised TypeError on Scenarie, Kør, Kort and Følsomhed."""
    at = scenario_page()  # the draft exists once a page has used it
    option = {k: v for k, v in OPTION.items() if k != "available_from"}
    at.session_state["draft"]["premises_options"] = [option]
    at.session_state["draft"]["placements"] = [
        {"team": "SUF-HP-03", "premises": "NY-ANGREB", "start": "2026-09-01", "end": "2026-12-31"}
    ]
    at.session_state["draft_version"] += 1
    at.switch_page(PAGES[page])
    at.run()
    assert not at.exception, at.exception
    # the messages are escaped Markdown; compare them as they are shown
    shown = " ".join(m.value for m in [*at.error, *at.warning]).replace("\\", "")
    if page == "Scenarie":
        assert "felt 'premises_options.0.available_from': skal udfyldes" in shown
    else:
        assert shown, "the page says the scenario is invalid"


# ---- the same in real Chromium -----------------------------------------------------------


def test_hostile_bases_uploaded_in_chromium_are_refused_showing_nothing_of_the_server(
    server,
    browser,
    tmp_path,
):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server + "/scenario")
    page.get_by_text("Flyt en enhed").wait_for(timeout=60_000)
    upload_field = page.locator('[data-testid="stFileUploader"] input[type="file"]')
    secrets = contents("/etc/passwd") + contents("/etc/hostname")
    for number, base in enumerate(["/etc/passwd", "../../../etc/hostname", "/dev/zero"]):
        path = tmp_path / f"angreb-{number}.yaml"
        path.write_text(f"base: {base}\nname: Angreb {number}\n", encoding="utf-8")
        upload_field.set_input_files(str(path))
        refusal = page.get_by_text(f"felt 'base': '{base}' er ikke et af de scenarier", exact=False)
        refusal.wait_for(timeout=30_000)
        page.get_by_text("Scenariefilen blev ikke indlæst (dit scenarie er uændret)").wait_for()
        wait_until_idle(page)  # the page's run is over: one uploader, no stale one beside it
        body = page.locator("body").inner_text()
        assert not [line for line in secrets if line in body]
        expect(page.get_by_label("Navn", exact=True)).to_have_value("Basis")
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()
