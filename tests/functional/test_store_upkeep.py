"""var/ does not grow without bound, and can be backed up and restored: old runs are
deleted after ``run_retention_days`` (then purged), the sweep cache is kept under
``sweep_cache_mb`` (least recently used out), and ``python -m store backup`` /
``restore`` copy the SQLite store safely, also while it is written to."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from sim.__main__ import main as sim_command
from sim.analysis.sweep import ResultCache
from sim.inputs.settings import SettingError, whole_setting
from store import open_store
from store.__main__ import main as store_command
from store.access import Actor
from store.models import utcnow
from tests.apptest import APP
from tests.functional.test_store import BASELINE, DATA_HASH, mixed_frame
from ui.i18n import escape_markdown

pytest_plugins = ["tests.conftest_store"]

ADMIN = Actor("admin@kk.dk", "Admin", "administrator")
NOW = dt.datetime(2027, 6, 1, 12, tzinfo=dt.UTC)


# ---- retention of runs ------------------------------------------------------------------


def _run(store, days_ago: int, *, finish: bool = True) -> int:
    run_id = store.start_run(BASELINE, DATA_HASH, started_at=NOW - dt.timedelta(days=days_ago))
    if finish:
        store.finish_run(run_id, {"kpis": mixed_frame()})
    return run_id


def test_runs_older_than_the_retention_are_deleted_audited_and_then_purged(store):
    old, recent, running = _run(store, 200), _run(store, 10), _run(store, 400, finish=False)
    assert store.retire_old_runs(days=180, now=NOW) == 1
    assert {r.id for r in store.list_runs()} == {recent, running}
    deleted = {item.item_id: item for item in store.deleted_items(actor=ADMIN)}
    assert deleted[old].deleted_by == "system"
    entry = store.audit_log(actor="system")[0]
    assert (entry.action, entry.target) == ("delete", f"run:{old}")
    assert entry.detail["reason"] == "retention" and entry.detail["days"] == 180
    assert store.retire_old_runs(days=180, now=NOW) == 0  # once
    # purged like any deleted work, 30 days after
    assert store.purge(now=utcnow() + dt.timedelta(days=31))["run"] == 1
    assert {r.id for r in store.list_runs()} == {recent, running}


def test_a_restored_run_is_kept_and_zero_days_keeps_everything(store):
    old = _run(store, 365)
    assert store.retire_old_runs(days=0, now=NOW) == 0
    assert store.retire_old_runs(days=180, now=NOW) == 1
    store.restore("run", old, actor=ADMIN)
    assert store.retire_old_runs(days=180, now=NOW) == 0
    assert [r.id for r in store.list_runs()] == [old]


def test_the_retention_setting(monkeypatch, tmp_path):
    monkeypatch.delenv("KAPACITET_RUN_RETENTION_DAYS", raising=False)
    monkeypatch.setenv("KAPACITET_SETTINGS", str(tmp_path / "absent.toml"))
    assert whole_setting("run_retention_days") == 180
    assert whole_setting("sweep_cache_mb") == 200
    settings = tmp_path / "kapacitet.toml"
    settings.write_text("[kapacitet]\nrun_retention_days = 90\n")
    monkeypatch.setenv("KAPACITET_SETTINGS", str(settings))
    assert whole_setting("run_retention_days") == 90
    monkeypatch.setenv("KAPACITET_RUN_RETENTION_DAYS", "30")
    assert whole_setting("run_retention_days") == 30
    monkeypatch.setenv("KAPACITET_RUN_RETENTION_DAYS", "et halvt år")
    with pytest.raises(SettingError, match="run_retention_days.*whole number") as bad:
        whole_setting("run_retention_days")
    assert bad.value.message("da") == (
        "Indstillingen run_retention_days (KAPACITET_RUN_RETENTION_DAYS eller kapacitet.toml) "
        "skal være et helt tal på 0 eller mere, ikke 'et halvt år'. Ret den, og start igen."
    )


def test_a_bad_setting_stops_the_command_line_and_the_app_with_a_message(monkeypatch, capsys):
    """Said before any work, in the user's language, with no traceback."""
    monkeypatch.setenv("KAPACITET_SWEEP_CACHE_MB", "-5")
    said = (
        "Indstillingen sweep_cache_mb (KAPACITET_SWEEP_CACHE_MB eller kapacitet.toml) skal "
        "være et helt tal på 0 eller mere, ikke '-5'. Ret den, og start igen."
    )
    assert sim_command(["validate", "scenarios/baseline.yaml"]) == 2
    assert capsys.readouterr().err == said + "\n"
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [escape_markdown(said)]


def test_the_cache_size_setting(tmp_path, monkeypatch):
    monkeypatch.setenv("KAPACITET_SWEEP_CACHE_MB", "3")
    assert ResultCache(tmp_path).max_bytes == 3 * 1024 * 1024


# ---- backup and restore -----------------------------------------------------------------


def _audit_count(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    finally:
        connection.close()


def test_backup_while_another_connection_writes(tmp_path, capsys):
    database = tmp_path / "var" / "kapacitet.sqlite"
    url = f"sqlite:///{database}"
    store = open_store(url)
    for i in range(50):
        store.sign_in(f"user{i}@kk.dk", f"Bruger {i}", f"user{i}@kk.dk")
    stop = threading.Event()
    written = []

    def write():
        connection = sqlite3.connect(database, timeout=10, isolation_level=None)
        i = 0
        while not stop.is_set():
            connection.execute(
                "INSERT INTO audit_log (at, actor, action, target, detail) "
                "VALUES ('2026-12-01 00:00:00.000000', 'skriver', 'login', ?, '{}')",
                (f"w{i}",),
            )
            written.append(i)
            i += 1
        connection.close()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        while len(written) < 200:
            time.sleep(0.01)
        before = _audit_count(database)
        assert store_command(["backup", str(tmp_path / "kopi.sqlite"), "--url", url]) == 0
        after = _audit_count(database)
    finally:
        stop.set()
        writer.join()
    out = capsys.readouterr().out
    assert "Sikkerhedskopi af" in out and "Backup of" in out
    copy = tmp_path / "kopi.sqlite"
    assert before <= _audit_count(copy) <= after, "one moment of the database"
    connection = sqlite3.connect(copy)
    assert connection.execute("PRAGMA quick_check").fetchone() == ("ok",)
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    connection.close()
    assert not list(tmp_path.glob(".*tmp")), "no temporary file left"
    # a second backup to the same file is refused
    assert store_command(["backup", str(copy), "--url", url]) == 1
    assert "findes allerede" in capsys.readouterr().err
    store.close()
    restored = open_store(f"sqlite:///{copy}")
    assert len(restored.list_users()) == 50
    restored.close()


def test_restore_checks_the_file_and_keeps_the_replaced_one(tmp_path, capsys):
    database = tmp_path / "kapacitet.sqlite"
    url = f"sqlite:///{database}"
    store = open_store(url)
    store.sign_in("ida@kk.dk", "Ida", "ida@kk.dk")
    store.close()
    backup = tmp_path / "backup.sqlite"
    assert store_command(["backup", str(backup), "--url", url]) == 0
    store = open_store(url)
    store.sign_in("bo@kk.dk", "Bo", "bo@kk.dk")  # after the backup
    store.close()
    replaced = database.read_bytes()

    # a bad backup: refused, nothing changed
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(backup.read_bytes()[: len(backup.read_bytes()) // 2])
    capsys.readouterr()
    assert store_command(["restore", str(bad), "--url", url]) == 1
    err = capsys.readouterr().err
    assert "er afkortet og kan ikke gendannes; intet er ændret" in err
    assert "is cut short and cannot be restored; nothing was changed" in err
    assert database.read_bytes() == replaced
    assert not Path(f"{database}.before-restore").exists()

    newer = tmp_path / "newer.sqlite"
    newer.write_bytes(backup.read_bytes())
    connection = sqlite3.connect(newer)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    assert store_command(["restore", str(newer), "--url", url]) == 1
    assert "nyere version af programmet" in capsys.readouterr().err

    # the good one
    assert store_command(["restore", str(backup), "--url", url]) == 0
    out = capsys.readouterr().out
    assert "er gendannet fra" in out and "is restored from" in out
    assert "before-restore" in out
    assert Path(f"{database}.before-restore").read_bytes() == replaced
    store = open_store(url)
    assert [u.subject for u in store.list_users()] == ["ida@kk.dk"]
    store.close()


def test_restore_over_a_damaged_database(tmp_path):
    database = tmp_path / "kapacitet.sqlite"
    url = f"sqlite:///{database}"
    open_store(url).close()
    backup = tmp_path / "backup.sqlite"
    assert store_command(["backup", str(backup), "--url", url]) == 0
    database.write_bytes(os.urandom(8192))
    assert store_command(["restore", str(backup), "--url", url]) == 0
    open_store(url).close()


def test_postgresql_is_backed_up_with_pg_dump(capsys):
    url = "postgresql+psycopg://kapacitet@localhost/kapacitet"
    assert store_command(["backup", "kopi.dump", "--url", url]) == 2
    assert "pg_dump" in capsys.readouterr().err
    assert store_command(["restore", "kopi.dump", "--url", url]) == 2
    assert "pg_restore" in capsys.readouterr().err
