"""The store: saved scenarios, runs with their tables, premises option sets, migrations.

Every store test runs on SQLite and on PostgreSQL (a throwaway server, see
tests/conftest_store.py; skipped when PostgreSQL is not installed).
"""

from __future__ import annotations

import datetime as dt
import threading
import time

import numpy as np
import pandas as pd
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from pandas.testing import assert_frame_equal
from sqlalchemy import inspect

from sim.inputs.premises_upload import read_premises, template_bytes
from sim.inputs.scenario import PROJECT_ROOT, load_scenario
from sim.run.fingerprint import model_version
from store import (
    Conflict,
    NameTaken,
    NotFound,
    ScenarioInfo,
    database_url,
    depends_hash,
    frame_from_json,
    frame_to_json,
    open_store,
    run_staleness,
)
from store.access import Actor
from store.core import MIGRATIONS
from store.models import Base, ScenarioRow, ScenarioVersion, utcnow

pytest_plugins = ["tests.conftest_store"]

BASELINE = load_scenario(PROJECT_ROOT / "scenarios" / "baseline.yaml")
DATA_HASH = "0123456789abcdef"
IDA = Actor("ida@kk.dk", "Ida", "planner")  # who saves and uploads
BO = Actor("bo@kk.dk", "Bo", "planner")
TABLES = {
    "scenarios",
    "scenario_versions",
    "runs",
    "run_tables",
    "option_sets",
    "users",
    "audit_log",
}


def scenario(name: str = "Basis", **changes) -> object:
    return BASELINE.with_overrides(name=name, **changes)


def exactly_equal(left: pd.DataFrame, right: pd.DataFrame) -> None:
    assert_frame_equal(left, right, check_exact=True, check_index_type=True, check_column_type=True)
    assert list(left.dtypes) == list(right.dtypes)


def mixed_frame() -> pd.DataFrame:
    """Columns of int, float with NaN, text with a gap, dates with a gap, timestamps."""
    return pd.DataFrame(
        {
            "count": np.array([3, -1, 2**40], dtype="int64"),
            "share": [0.125, np.nan, 1 / 3],
            "name": pd.array(["Nørrebro", None, "Østerbro"], dtype="str"),
            "day": [dt.date(2026, 6, 1), None, dt.date(2027, 5, 31)],
            "at": pd.to_datetime(
                ["2026-06-01 07:00", None, "2027-05-31 23:59:59.5"], format="ISO8601"
            ),
            "flag": [True, False, True],
        },
        index=pd.Index(["a", "b", "c"], name="key"),
    )


# ---- opening and migrating --------------------------------------------------------------


def _schema_diff(connection) -> list:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, Base.metadata)


def test_empty_database_is_migrated_to_head_and_matches_the_models(store_url):
    store = open_store(store_url)
    try:
        with store.engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) >= TABLES
            assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").all() == [
                ("0002",)
            ]
            assert _schema_diff(connection) == []
        assert open_store(store_url) is store  # one per URL
    finally:
        store.close()
    reopened = open_store(store_url)  # migrating again changes nothing
    try:
        assert reopened is not store
        assert reopened.list_scenarios() == []
    finally:
        reopened.close()


def test_an_old_database_is_brought_to_head(store_url):
    store = open_store(store_url)
    store.save_scenario(scenario(), data_hash=DATA_HASH, actor=IDA)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    with store.engine.connect() as connection:
        assert not TABLES & set(inspect(connection).get_table_names())
    store.close()
    store = open_store(store_url)
    try:
        with store.engine.connect() as connection:
            assert _schema_diff(connection) == []
        assert store.list_scenarios() == []
    finally:
        store.close()


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout_and_foreign_keys(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'x.sqlite'}")
    try:
        with store.engine.connect() as connection:
            pragma = connection.exec_driver_sql
            assert pragma("PRAGMA journal_mode").scalar() == "wal"
            assert pragma("PRAGMA busy_timeout").scalar() == 10_000
            assert pragma("PRAGMA foreign_keys").scalar() == 1
    finally:
        store.close()


def test_command_line_upgrades_and_shows_the_revision(tmp_path, capsys):
    from store.__main__ import main

    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    assert main(["upgrade", "--url", url]) == 0
    assert main(["current", "--url", url]) == 0
    assert "0002 (head)" in capsys.readouterr().out


def test_database_url_from_setting_or_the_var_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("KAPACITET_SETTINGS", str(tmp_path / "absent.toml"))
    monkeypatch.delenv("KAPACITET_DATABASE_URL", raising=False)
    assert database_url() == f"sqlite:///{PROJECT_ROOT / 'var' / 'kapacitet.sqlite'}"
    assert (PROJECT_ROOT / "var").is_dir()
    monkeypatch.setenv("KAPACITET_DATABASE_URL", f"sqlite:///{tmp_path}/new/db.sqlite")
    assert database_url() == f"sqlite:///{tmp_path}/new/db.sqlite"
    assert (tmp_path / "new").is_dir()
    # the psycopg 3 driver is the one installed
    assert database_url("postgresql://u:p@host/db") == "postgresql+psycopg://u:p@host/db"


# ---- scenarios --------------------------------------------------------------------------


def test_save_list_and_load_give_back_the_validated_scenario(store):
    saved = scenario("Basis", seed=7)
    before = utcnow()
    info = store.save_scenario(saved, actor=IDA, data_hash=DATA_HASH)
    assert (info.name, info.version, info.author, info.data_hash) == ("Basis", 1, "Ida", DATA_HASH)
    assert info.description == saved.description
    assert info.data_dir == "data"
    assert info.created_at.tzinfo is dt.UTC and before <= info.created_at <= utcnow()
    assert store.load_scenario("Basis") == saved
    store.save_scenario(scenario("Anden"), data_hash=DATA_HASH, actor=IDA)
    assert [i.name for i in store.list_scenarios()] == ["Anden", "Basis"]
    assert store.list_scenarios()[1] == info


def test_data_hash_is_computed_when_not_given(store):
    from sim.inputs.dataset import load_dataset

    info = store.save_scenario(scenario(), actor=IDA)
    assert info.data_hash == load_dataset(BASELINE.resolve_data_dir()).content_hash


def test_an_existing_name_needs_replace(store):
    store.save_scenario(scenario(), data_hash=DATA_HASH, actor=IDA)
    with pytest.raises(NameTaken) as caught:
        store.save_scenario(scenario(seed=1), data_hash=DATA_HASH, actor=IDA)
    assert "findes allerede et scenarie med navnet 'Basis'" in caught.value.message("da")
    assert "already exists" in caught.value.message("en")
    assert caught.value.messages == [caught.value.message("da")]
    assert [i.version for i in store.scenario_versions("Basis")] == [1]


def test_replace_adds_a_version_and_keeps_the_earlier_one(store):
    first, second = scenario(seed=1), scenario(seed=2)
    store.save_scenario(first, data_hash=DATA_HASH, description="første", actor=IDA)
    info = store.save_scenario(
        second, replace=True, expected_version=1, actor=BO, data_hash=DATA_HASH
    )
    assert info.version == 2
    assert store.load_scenario("Basis") == second
    assert store.load_scenario("Basis", version=1) == first
    versions = store.scenario_versions("Basis")
    assert [(v.version, v.description, v.author) for v in versions] == [
        (1, "første", "Ida"),
        (2, second.description, "Bo"),
    ]
    assert versions[0].created_at == versions[1].created_at <= versions[1].updated_at
    (listed,) = store.list_scenarios()
    assert (listed.version, listed.updated_at) == (2, info.updated_at)


def test_a_stale_expected_version_is_a_conflict(store):
    store.save_scenario(scenario(seed=1), data_hash=DATA_HASH, actor=IDA)
    store.save_scenario(
        scenario(seed=2), replace=True, expected_version=1, data_hash=DATA_HASH, actor=IDA
    )
    store.save_scenario(
        scenario(seed=3), replace=True, expected_version=2, data_hash=DATA_HASH, actor=IDA
    )
    with pytest.raises(Conflict) as caught:
        store.save_scenario(
            scenario(seed=4), replace=True, expected_version=1, data_hash=DATA_HASH, actor=IDA
        )
    assert caught.value.message() == (
        "Scenariet 'Basis' er gemt af en anden i mellemtiden (version 3). "
        "Hent det igen, før du gemmer."
    )
    assert "saved by someone else" in caught.value.message("en")
    assert store.load_scenario("Basis").seed == 3


def test_unknown_scenarios_are_not_found(store):
    with pytest.raises(NotFound) as caught:
        store.load_scenario("Findes ikke")
    assert caught.value.message("da") == "Scenariet 'Findes ikke' findes ikke."
    store.save_scenario(scenario(), data_hash=DATA_HASH, actor=IDA)
    with pytest.raises(NotFound):
        store.load_scenario("Basis", version=2)
    assert store.scenario_versions("Findes ikke") == []


def test_threads_saving_the_same_new_name_one_wins(store):
    threads, barrier = 4, threading.Barrier(4)
    outcomes: dict[int, object] = {}

    def save(seed: int) -> None:
        barrier.wait()
        try:
            outcomes[seed] = store.save_scenario(
                scenario("Ny", seed=seed), data_hash=DATA_HASH, actor=IDA
            )
        except Exception as error:  # noqa: BLE001 - the assertions below say which
            outcomes[seed] = error

    workers = [threading.Thread(target=save, args=(seed,)) for seed in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    won = {seed: o for seed, o in outcomes.items() if isinstance(o, ScenarioInfo)}
    lost = [o for o in outcomes.values() if isinstance(o, NameTaken | Conflict)]
    assert len(won) == 1 and len(lost) == threads - 1, outcomes
    ((seed, info),) = won.items()
    assert store.scenario_versions("Ny") == [info]
    assert store.load_scenario("Ny").seed == seed


def test_a_save_racing_an_uncommitted_save_of_the_same_name_gets_name_taken(store):
    """Another connection has created the name but not committed: the save waits for it
    (PostgreSQL: on the unique name; SQLite: for the write lock), then says NameTaken."""
    outcome: list[object] = []

    def save() -> None:
        try:
            outcome.append(
                store.save_scenario(scenario("Kapløb", seed=2), data_hash=DATA_HASH, actor=IDA)
            )
        except Exception as error:  # noqa: BLE001 - the assertion below says which
            outcome.append(error)

    with store.writing() as session:
        row = ScenarioRow(name="Kapløb", created_at=utcnow())
        session.add(row)
        session.flush()
        session.add(
            ScenarioVersion(
                scenario_id=row.id,
                version=1,
                created_at=utcnow(),
                scenario_json=scenario("Kapløb", seed=1).model_dump_json(),
                data_dir="data",
                data_hash=DATA_HASH,
            )
        )
        session.flush()
        racer = threading.Thread(target=save)
        racer.start()
        time.sleep(0.3)
        assert racer.is_alive() and not outcome  # waiting for this transaction
    racer.join(30)
    assert len(outcome) == 1 and isinstance(outcome[0], NameTaken), outcome
    assert store.load_scenario("Kapløb").seed == 1
    assert len(store.scenario_versions("Kapløb")) == 1


# ---- runs -------------------------------------------------------------------------------


def test_runs_of_a_saved_version_and_of_a_draft(store):
    saved = scenario(replications=3, seed=5)
    store.save_scenario(saved, data_hash=DATA_HASH, actor=IDA)
    run_id = store.start_run(saved, DATA_HASH, saved_version=1)
    draft = scenario("Kladde", fidelity="every-day")
    draft_id = store.start_run(draft, DATA_HASH, seeds=[11, 12])
    run = store.load_run(run_id)
    assert (run.status, run.saved_version, run.scenario) == ("running", 1, saved)
    assert (run.seeds, run.replications, run.fidelity) == ([5, 6, 7], 3, "sampled")
    assert (run.model_version, run.data_hash) == (model_version(), DATA_HASH)
    assert run.depends_hash == depends_hash(saved, DATA_HASH)
    assert run.started_at.tzinfo is dt.UTC and run.finished_at is None
    other = store.load_run(draft_id)
    assert (other.saved_version, other.scenario, other.seeds) == (None, draft, [11, 12])
    assert (other.replications, other.fidelity) == (2, "every-day")
    assert [r.id for r in store.list_runs()] == [draft_id, run_id]
    assert [r.id for r in store.list_runs(scenario_name="Basis")] == [run_id]
    with pytest.raises(ValueError, match="differs from saved version"):
        store.start_run(scenario(seed=99), DATA_HASH, saved_version=1)
    with pytest.raises(NotFound):
        store.start_run(saved, DATA_HASH, saved_version=9)
    with pytest.raises(NotFound):
        store.load_run(12345)


def test_result_tables_round_trip_exactly(store):
    run_id = store.start_run(scenario(), DATA_HASH)
    by_month = pd.DataFrame(
        {"month": pd.date_range("2026-06-01", periods=3, freq="MS"), "missed": [0.5, 1.25, 0.0]}
    )
    tables = {"kpis": mixed_frame(), "kpis_by_month": by_month, "empty": pd.DataFrame()}
    store.finish_run(run_id, tables)
    run = store.load_run(run_id)
    assert run.status == "done" and run.finished_at >= run.started_at
    assert run.table_names == ("empty", "kpis", "kpis_by_month")
    back = store.run_tables(run_id)
    assert list(back) == ["empty", "kpis", "kpis_by_month"]
    for name, frame in tables.items():
        exactly_equal(back[name], frame)
    assert list(store.run_tables(run_id, ["kpis_by_month", "nope"])) == ["kpis_by_month"]
    assert [r.id for r in store.list_runs(status="done", depends_hash=run.depends_hash)] == [run_id]


def test_finish_run_is_all_or_nothing(store):
    run_id = store.start_run(scenario(), DATA_HASH)
    broken = pd.DataFrame({"x": [object()]})
    with pytest.raises(TypeError, match="table 'broken'.*column 'x'"):
        store.finish_run(run_id, {"kpis": mixed_frame(), "broken": broken})
    run = store.load_run(run_id)
    assert (run.status, run.finished_at, run.table_names) == ("running", None, ())
    assert store.run_tables(run_id) == {}
    store.finish_run(run_id, {"kpis": mixed_frame()})
    assert store.load_run(run_id).table_names == ("kpis",)
    with pytest.raises(ValueError, match="is done"):
        store.finish_run(run_id, {"more": mixed_frame()})


def test_a_failed_run_leaves_the_scenario_and_earlier_runs_intact(store):
    saved = scenario()
    store.save_scenario(saved, data_hash=DATA_HASH, actor=IDA)
    first = store.start_run(saved, DATA_HASH, saved_version=1)
    store.finish_run(first, {"kpis": mixed_frame()})
    second = store.start_run(saved, DATA_HASH, saved_version=1)
    store.fail_run(second, ["felt 'x': skal være et tal", "anden linje"])
    failed = store.load_run(second)
    assert failed.status == "failed" and failed.finished_at is not None
    assert failed.error == "felt 'x': skal være et tal\nanden linje"
    assert store.load_scenario("Basis") == saved
    assert [(r.id, r.status) for r in store.list_runs()] == [(second, "failed"), (first, "done")]
    exactly_equal(store.run_tables(first)["kpis"], mixed_frame())
    with pytest.raises(ValueError, match="is failed"):
        store.fail_run(second, "again")


def test_run_staleness_names_what_changed(store):
    run = store.load_run(store.start_run(scenario(), DATA_HASH, model_version="0.0.9"))
    assert run_staleness(run, DATA_HASH, "0.0.9") == []
    assert run_staleness(run, "fedcba9876543210", "0.1.0") == [
        "Data er ændret, siden kørslen blev lavet (data 01234567, nu fedcba98).",
        "Modellen er ændret, siden kørslen blev lavet (version 0.0.9, nu 0.1.0).",
    ]
    assert run_staleness(run, DATA_HASH, "0.1.0", lang="en") == [
        "The model has changed since the run (version 0.0.9, now 0.1.0)."
    ]


def test_depends_hash_ignores_name_and_description():
    first = scenario("A")
    renamed = scenario("B").with_overrides(description="andet")
    assert depends_hash(first, DATA_HASH) == depends_hash(renamed, DATA_HASH)
    assert depends_hash(first, DATA_HASH) != depends_hash(scenario("A", seed=1), DATA_HASH)
    assert depends_hash(first, DATA_HASH) != depends_hash(first, "other")
    assert depends_hash(first, DATA_HASH) != depends_hash(first, DATA_HASH, "9.9")


# ---- premises option sets ---------------------------------------------------------------


def _uploaded(notes: str) -> pd.DataFrame:
    upload = read_premises(template_bytes(".csv"), "kandidater.csv")
    assert upload.ok, upload.messages
    table = upload.premises.copy()
    table["notes"] = notes
    return table


def test_option_sets_keep_every_upload_with_its_dtypes(store):
    first, second = _uploaded("første"), _uploaded("anden")
    first_id = store.save_option_set("Amager", "kandidater.csv", first, actor=IDA)
    second_id = store.save_option_set("Amager", "kandidater2.csv", second, actor=BO)
    assert first_id != second_id
    exactly_equal(store.load_option_set(first_id), first)
    exactly_equal(store.load_option_set(second_id), second)
    listed = store.list_option_sets()
    assert [(o.id, o.name, o.file_name, o.uploader, o.rows) for o in listed] == [
        (second_id, "Amager", "kandidater2.csv", "Bo", 1),
        (first_id, "Amager", "kandidater.csv", "Ida", 1),
    ]
    assert listed[0].uploaded_at.tzinfo is dt.UTC
    with pytest.raises(NotFound):
        store.load_option_set(999)
    with pytest.raises(ValueError, match="lacks the column"):
        store.save_option_set("x", "x.csv", first.drop(columns=["capacity_people"]), actor=IDA)


# ---- the JSON form of a table -----------------------------------------------------------


def test_frames_round_trip_every_supported_dtype():
    frame = pd.DataFrame(
        {
            "i32": np.array([1, 2, 3], dtype="int32"),
            "u8": np.array([0, 255, 7], dtype="uint8"),
            "f32": np.array([0.1, np.nan, -np.inf], dtype="float32"),
            "object": pd.Series(["x", 1, None], dtype=object),
            "tz": pd.to_datetime(
                ["2026-06-01 10:00", None, "2027-01-01 00:00"], format="ISO8601"
            ).tz_localize("Europe/Copenhagen"),
            "td": pd.to_timedelta([1.5, None, 3], unit="s"),
            "Int64": pd.array([1, None, 3], dtype="Int64"),
            "boolean": pd.array([True, None, False], dtype="boolean"),
            "string": pd.array(["a", None, "c"], dtype="string"),
            "category": pd.Categorical(["b", "a", None], categories=["b", "a"], ordered=True),
        }
    )
    exactly_equal(frame_from_json(frame_to_json(frame)), frame)
    two_levels = mixed_frame().reset_index().set_index(["key", "count"])
    exactly_equal(frame_from_json(frame_to_json(two_levels)), two_levels)
    wide = mixed_frame()
    wide.columns = pd.MultiIndex.from_tuples([(c, "v") for c in wide.columns], names=["a", None])
    exactly_equal(frame_from_json(frame_to_json(wide)), wide)
    monthly = pd.DataFrame({"v": [1.0, 2.0]}, index=pd.date_range("2026-06-01", periods=2))
    back = frame_from_json(frame_to_json(monthly))
    exactly_equal(back, monthly)
    assert back.index.freq == monthly.index.freq
    assert "NaN" not in frame_to_json(frame)  # strict JSON


def test_frames_refuse_what_has_no_portable_form():
    with pytest.raises(TypeError, match="column 'x'"):
        frame_to_json(pd.DataFrame({"x": [b"bytes"]}))
    with pytest.raises(TypeError, match="expected a pandas DataFrame"):
        frame_to_json({"x": [1]})
