"""The database under the store: its URL, engine, sessions and migrations.

The URL is the setting ``database_url`` (environment variable ``KAPACITET_DATABASE_URL``
or ``kapacitet.toml``), else the SQLite file ``var/kapacitet.sqlite`` under the project
root. SQLite runs in WAL mode (readers do not wait for a writer) with a busy timeout
and foreign keys on; a transaction that writes starts with ``BEGIN IMMEDIATE`` so two
writers queue instead of failing halfway. :func:`migrate` brings a database to the newest schema
with Alembic (``store/migrations``).

Before anything writes to a SQLite file, :func:`check_sqlite` reads it read-only (its
header, ``PRAGMA quick_check`` and the Alembic revision) and raises
:class:`store.errors.StoreUnavailable` when it is damaged, cut short, not a store, made
by a newer version of the program, or cannot be written; a bad file is never touched.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from sim.inputs.scenario import PROJECT_ROOT
from sim.inputs.settings import setting
from sim.text.catalogue import Phrase
from store.errors import StoreUnavailable

DEFAULT_SQLITE = PROJECT_ROOT / "var" / "kapacitet.sqlite"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 10_000
_MIGRATION_LOCK = 7_140_326  # PostgreSQL advisory lock key while migrating


def database_url(url: str | None = None) -> str:
    """The database URL to use: ``url``, else the setting, else the default SQLite file.

    A ``postgresql://`` (or ``postgres://``) URL is given the psycopg 3 driver, which is
    the one installed. The folder of a SQLite file is created.
    """
    url = url or setting("database_url")
    if not url:
        url = f"sqlite:///{DEFAULT_SQLITE}"
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        with suppress(OSError):  # a folder that cannot be made: check_sqlite says so
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    return parsed.render_as_string(hide_password=False)


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL; None for PostgreSQL or an in-memory database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database).expanduser().absolute()


def shown_path(path: Path) -> str:
    """``path`` as the user is shown it: relative to the project when inside it."""
    try:
        return path.relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return str(path)


@cache
def known_revisions() -> tuple[str, ...]:
    """The schema revisions this version of the program knows, oldest first."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    walked = [script.revision for script in ScriptDirectory.from_config(config).walk_revisions()]
    return tuple(reversed(walked))


def check_revision(revision: str | None, where: str) -> None:
    """Raise :class:`StoreUnavailable` (``newer``) for a revision this program does not
    know: the database was made by a newer version of it."""
    if revision is not None and revision not in known_revisions():
        raise StoreUnavailable.newer(where, revision, known_revisions()[-1])


SQLITE_MAGIC = b"SQLite format 3\x00"


def check_sqlite(path: Path, *, writable: bool = True) -> str | None:
    """Check the SQLite file ``path`` without writing to it; return its schema revision
    (None for a new or empty database).

    The file is opened read-only (``mode=ro``): its header (a SQLite file, as long as the
    header says), ``PRAGMA quick_check``, its tables (a store has ``alembic_version``) and
    that revision (one this program knows). With ``writable``, the file and its folder
    must also be writable (SQLite writes its WAL and lock files beside the file).

    Raises
    ------
    StoreUnavailable
        What is wrong, in Danish and English, with what to do.
    """
    where = shown_path(path)
    folder = path.parent
    folder_writable = folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)
    if not path.exists():
        if writable and not folder_writable:
            raise StoreUnavailable.read_only_folder(shown_path(folder), where)
        return None
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as error:
        raise StoreUnavailable.corrupt(where, error.strerror or str(error)) from error
    side = [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm")]
    made = [file for file in side if not file.exists()]
    try:
        revision = None
        if size:
            _check_header(header, size, where)
            revision = _read_only_check(path, where, folder_writable)
            check_revision(revision, where)
        if writable:
            if not os.access(path, os.W_OK):
                raise StoreUnavailable.read_only_file(where)
            if not folder_writable:
                raise StoreUnavailable.read_only_folder(shown_path(folder), where)
    except StoreUnavailable:
        # a read-only look at a WAL-mode file may leave an empty WAL and its index beside
        # a file that cannot be used: take away what this look made, and only that
        wal = side[0]
        if made == side and (not wal.exists() or wal.stat().st_size == 0):
            for file in side:
                with suppress(OSError):
                    file.unlink()
        raise
    return revision


def _check_header(header: bytes, size: int, where: str) -> None:
    if not header.startswith(SQLITE_MAGIC[: len(header)]):
        raise StoreUnavailable.not_sqlite(where)
    if len(header) < 100:
        raise StoreUnavailable.truncated(where, size, 100)
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise StoreUnavailable.corrupt(
            where,
            Phrase("store.unavailable.page_size", page_size=page_size),
        )
    pages = int.from_bytes(header[28:32], "big")
    if pages and header[92:96] == header[24:28]:  # the page count is valid
        expected = pages * page_size
    else:
        expected = -(-size // page_size) * page_size
    if size < expected:
        raise StoreUnavailable.truncated(where, size, expected)


def _read_only_check(path: Path, where: str, folder_writable: bool) -> str | None:
    uri = f"file:{quote(str(path))}?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            found = [row[0] for row in connection.execute("PRAGMA quick_check(5)")]
            if found != ["ok"]:
                raise StoreUnavailable.corrupt(where, _short(found[0]))
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if "alembic_version" not in tables:
                if tables:
                    raise StoreUnavailable.not_store(where)
                return None
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            return row[0] if row else None
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        text_ = str(error)
        if "locked" in text_ or "busy" in text_:
            raise StoreUnavailable.busy(where) from error
        if "unable to open" in text_ and not folder_writable:
            raise StoreUnavailable.read_only_folder(shown_path(path.parent), where) from error
        raise StoreUnavailable.corrupt(where, _short(text_)) from error


def _short(text_: str) -> str:
    line = text_.strip().splitlines()[0] if text_.strip() else text_
    return line if len(line) <= 120 else line[:117] + "..."


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with the SQLite settings described in the module docstring."""
    engine = create_engine(url, pool_pre_ping=not url.startswith("sqlite"))
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event below start transactions (the sqlite3 module would
    # otherwise start them late and leave DDL outside them).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get("sqlite_immediate", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema (creating it when empty)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.execution_options(sqlite_immediate=True).begin() as connection:
        if connection.dialect.name == "postgresql":
            # two processes opening a new database at once: the second waits
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def stored_revision(engine: Engine) -> str | None:
    """The schema revision of the database (None when it has none yet), read only."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def shown_url(url: str) -> str:
    """The database as the user is shown it: a SQLite file's path, else the URL without
    its password."""
    path = sqlite_path(url)
    if path is not None:
        return shown_path(path)
    return make_url(url).render_as_string(hide_password=True)


def unavailable(error: DBAPIError, url: str) -> StoreUnavailable:
    """What a database error met while opening the store means for the user."""
    detail = _short(str(error.orig) if error.orig is not None else str(error))
    path = sqlite_path(url)
    if path is None:
        return StoreUnavailable.unreachable(shown_url(url), detail)
    if "readonly" in detail or "read-only" in detail:
        return StoreUnavailable.read_only_file(shown_path(path))
    if "unable to open" in detail:
        return StoreUnavailable.read_only_folder(shown_path(path.parent), shown_path(path))
    return StoreUnavailable.corrupt(shown_path(path), detail)


class Database:
    """The engine and sessions of one database; :class:`store.api.Store` adds the methods.

    Parameters
    ----------
    url
        A SQLAlchemy database URL (as returned by :func:`database_url`).
    """

    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(
            self.engine.execution_options(sqlite_immediate=True), expire_on_commit=False
        )

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self.engine.dialect.name

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reading (no locks taken)."""
        with self._read() as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A session whose transaction commits at the end, or rolls back on an error.

        On SQLite the transaction starts with ``BEGIN IMMEDIATE``: one writer at a time,
        the next waits up to the busy timeout.
        """
        with self._write() as session, session.begin():
            yield session

    def dispose(self) -> None:
        """Close the pooled connections."""
        self.engine.dispose()

    def __repr__(self) -> str:
        shown = make_url(self.url).render_as_string(hide_password=True)
        return f"{type(self).__name__}({shown!r})"
