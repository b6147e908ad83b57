"""A database the store cannot use: damaged, cut short, not SQLite, of a newer version of
the program, read-only. ``open_store`` says what is wrong and what to do, in Danish and
English, and leaves the file byte for byte as it was; the app shows the message on the
pages that need the store and still shows the rest."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from store import StoreUnavailable, open_store
from store.core import known_revisions
from tests.conftest import ROOT

APP = str(ROOT / "app.py")


def good_store(path: Path) -> Path:
    """A store at ``path`` with the newest schema, closed (its WAL folded into the file)."""
    open_store(f"sqlite:///{path}").close()
    assert path.stat().st_size > 4096
    assert not Path(f"{path}-wal").exists()
    return path


def overwrite(path: Path, offset: int, count: int, seed: int = 1) -> None:
    noise = random.Random(seed).randbytes(count)
    with path.open("r+b") as handle:
        handle.seek(offset)
        handle.write(noise)


def opened(path: Path) -> StoreUnavailable:
    """Open ``path`` as a store, which must fail; the file must be unchanged."""
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(StoreUnavailable) as caught:
        open_store(f"sqlite:///{path}")
    if before is not None:
        assert path.read_bytes() == before, "a bad store file must not be touched"
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()
    return caught.value


@contextmanager
def read_only(path: Path):
    """``path`` (a file or folder) read-only, also for root (immutable with chattr)."""
    mode = path.stat().st_mode
    path.chmod(mode & ~0o222)
    immutable = os.geteuid() == 0
    if immutable:
        if shutil.which("chattr") is None:
            path.chmod(mode)
            pytest.skip("running as root without chattr: nothing is read-only")
        subprocess.run(["chattr", "+i", str(path)], check=True)
    try:
        yield path
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        path.chmod(mode)


def test_random_bytes_over_the_header(tmp_path):
    path = good_store(tmp_path / "store.sqlite")
    overwrite(path, 0, 100)
    error = opened(path)
    assert error.reason == "not_sqlite"
    assert "ikke en SQLite-database" in error.message("da")
    assert "filen er ikke ændret" in error.message("da")
    assert "not a SQLite database" in error.message("en")
    assert "python -m store restore FIL" in error.message("da")
    assert "python -m store restore FILE" in error.message("en")


def test_a_damaged_header_behind_the_sqlite_mark(tmp_path):
    path = good_store(tmp_path / "store.sqlite")
    overwrite(path, 16, 2, seed=3)  # the page size
    with path.open("r+b") as handle:  # an impossible page size
        handle.seek(16)
        handle.write((1000).to_bytes(2, "big"))
    error = opened(path)
    assert error.reason == "corrupt"
    assert "er beskadiget (filens hoved siger sidestørrelse 1000)" in error.message("da")
    assert "is damaged (the file's header says page size 1000)" in error.message("en")


def test_random_bytes_in_the_middle(tmp_path):
    path = good_store(tmp_path / "store.sqlite")
    page = 4096
    pages = path.stat().st_size // page
    for number in range(1, pages):  # every page but the first: whatever is there
        overwrite(path, number * page, page, seed=number)
    error = opened(path)
    assert error.reason == "corrupt"
    da, en = error.message("da"), error.message("en")
    assert da.startswith(f"Databasen {path} er beskadiget")
    assert "Gendan sikkerhedskopien med `python -m store restore FIL`" in da
    assert en.startswith(f"The database {path} is damaged")
    assert "the file has not been changed" in en


def test_truncated(tmp_path):
    path = good_store(tmp_path / "store.sqlite")
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.truncate(size // 2 + 10)
    error = opened(path)
    assert error.reason == "truncated"
    assert f"fylder {size // 2 + 10} bytes, men skal fylde {size}" in error.message("da")
    assert "is cut short" in error.message("en")


def test_shorter_than_a_header(tmp_path):
    path = tmp_path / "store.sqlite"
    path.write_bytes(b"SQLite format 3\x00\x10")
    assert opened(path).reason == "truncated"


def test_not_sqlite_at_all(tmp_path):
    path = tmp_path / "store.sqlite"
    path.write_text("område;besøg\nNørrebro;12\n", encoding="utf-8")
    error = opened(path)
    assert error.reason == "not_sqlite"
    assert "database_url" in error.message("da") and "database_url" in error.message("en")


def test_a_sqlite_file_that_is_not_a_store(tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE t (x)")
    connection.close()
    error = opened(path)
    assert error.reason == "not_store"
    assert "ikke Kapacitetssimulatorens" in error.message("da")


def test_made_by_a_newer_version(tmp_path):
    path = good_store(tmp_path / "store.sqlite")
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    error = opened(path)
    assert error.reason == "newer"
    newest = known_revisions()[-1]
    assert "lavet af en nyere version af programmet" in error.message("da")
    assert f"skema 9999; denne version kender til og med {newest}" in error.message("da")
    assert "made by a newer version of the program" in error.message("en")


def test_an_older_known_revision_is_upgraded(tmp_path):
    path = good_store(tmp_path / "store.sqlite")
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
        known_revisions()[-1],
    )
    connection.close()
    open_store(f"sqlite:///{path}").close()  # opens again without complaint


def test_read_only_file(tmp_path):
    path = good_store(tmp_path / "store.sqlite")
    with read_only(path):
        error = opened(path)
    assert error.reason == "read_only_file"
    assert "er skrivebeskyttet" in error.message("da")
    assert "is read-only" in error.message("en")


def test_read_only_folder(tmp_path):
    folder = tmp_path / "var"
    folder.mkdir()
    path = good_store(folder / "store.sqlite")
    with read_only(folder):
        error = opened(path)
        assert not Path(f"{path}-wal").exists()
    assert error.reason == "read_only_folder"
    assert f"Mappen {folder} er skrivebeskyttet" in error.message("da")
    assert f"The folder {folder} is read-only" in error.message("en")


def test_read_only_folder_without_a_database_yet(tmp_path):
    folder = tmp_path / "var"
    folder.mkdir()
    with read_only(folder):
        error = opened(folder / "new.sqlite")
    assert error.reason == "read_only_folder"
    assert not (folder / "new.sqlite").exists()


def test_a_database_another_process_holds_locked_is_busy_not_damaged(tmp_path, monkeypatch):
    path = tmp_path / "store.sqlite"
    with sqlite3.connect(path) as connection:  # a rollback-journal database, not WAL
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
        connection.execute("INSERT INTO alembic_version VALUES (?)", (known_revisions()[-1],))
    connection.close()
    monkeypatch.setattr("store.core.BUSY_TIMEOUT_MS", 100)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        error = opened(path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert error.reason == "busy"
    assert "optaget af en anden proces" in error.message("da")
    assert "is busy" in error.message("en")


def test_an_unreachable_server_says_so_without_the_password():
    url = "postgresql+psycopg://kapacitet:hemmelig@127.0.0.1:9/kapacitet?connect_timeout=2"
    with pytest.raises(StoreUnavailable) as caught:
        open_store(url)
    error = caught.value
    assert error.reason == "unreachable"
    assert "kan ikke nås" in error.message("da") and "cannot be reached" in error.message("en")
    assert "hemmelig" not in error.message("da") + error.message("en")


# ---- the app ----------------------------------------------------------------------------


@pytest.fixture
def corrupt_app_store(tmp_path, monkeypatch):
    path = good_store(tmp_path / "app.sqlite")
    overwrite(path, 0, 100)
    before = path.read_bytes()
    monkeypatch.setenv("KAPACITET_DATABASE_URL", f"sqlite:///{path}")
    yield path
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "page", ["ui/pages/scenario.py", "ui/pages/premises.py", "ui/pages/compare.py"]
)
def test_a_page_that_needs_the_store_says_why_in_danish(corrupt_app_store, page):
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    shown = [error.value for error in at.error]
    assert any(f"Filen {corrupt_app_store} er ikke en SQLite-database" in e for e in shown), shown


def test_the_overview_still_shows_the_baseline(corrupt_app_store):
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    assert at.title and not at.error
    assert at.metric, "the baseline's figures are shown"
    # and says, beside every page, that nothing (runs neither) is saved now
    notes = [w.value for w in at.sidebar.warning]
    assert notes == [
        f"Filen {corrupt_app_store} er ikke en SQLite-database: intet gemmes lige nu, "
        "heller ikke kørsler."
    ], notes


def test_the_english_message_in_english(corrupt_app_store):
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page("ui/pages/premises.py")
    at.run()
    assert not at.exception, at.exception
    assert any("is not a SQLite database" in error.value for error in at.error)
