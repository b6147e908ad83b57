"""The database under the store: its URL, engine, sessions and migrations.

The URL is the setting ``database_url`` (environment variable ``KAPACITET_DATABASE_URL``
or ``kapacitet.toml``), else the SQLite file ``var/kapacitet.sqlite`` under the project
root. SQLite runs in WAL mode (readers do not wait for a writer) with a busy timeout
and foreign keys on; a transaction that writes starts with ``BEGIN IMMEDIATE`` so two
writers queue instead of failing halfway. :func:`migrate` brings a database to the newest schema
with Alembic (``store/migrations``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import Session, sessionmaker

from sim.scenario import PROJECT_ROOT
from sim.settings import setting

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
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    return parsed.render_as_string(hide_password=False)


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
