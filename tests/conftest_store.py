"""Fixtures for the store tests: a throwaway PostgreSQL server, and a store per test on
SQLite (a file in tmp_path) and on PostgreSQL (a new schema on that server).

The server is PostgreSQL's own binaries (``/usr/lib/postgresql/*/bin``, Debian's package
``postgresql``; ``./test.sh`` installs it), started once per test session in a temporary
folder, listening only on a Unix socket there, run as the user ``postgres`` when the tests
run as root. Without the binaries the PostgreSQL tests are skipped, saying why.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

PG_PORT = 54329  # only names the socket file in our own folder
DATABASE = "store_tests"


class PostgresServer:
    """A PostgreSQL server in ``folder`` (data, socket and log), until :meth:`stop`."""

    def __init__(self, bin_dir: Path):
        self.bin_dir = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="kapacitet-pg-"))
        self.data = self.folder / "data"
        self.socket = self.folder
        self.log = self.folder / "server.log"
        self.user = None
        if os.geteuid() == 0:  # the server refuses to run as root
            self.user = pwd.getpwnam("postgres")  # KeyError if there is no such user
            os.chown(self.folder, self.user.pw_uid, self.user.pw_gid)
        self._names = itertools.count(1)

    def _run(self, *args: str) -> None:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.user is not None:
            command = ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
        if result.returncode:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(args[:2])} failed:\n{result.stderr}\n{log}")

    def start(self) -> None:
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )
        options = (
            f"-k {self.socket} -p {PG_PORT} -c listen_addresses='' "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")
        self._execute(f"CREATE DATABASE {DATABASE}")

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _execute(self, sql: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(
            host=str(self.socket), port=PG_PORT, user="postgres", dbname=database, autocommit=True
        ) as connection:
            connection.execute(sql)

    def new_url(self) -> str:
        """The URL of a new, empty schema (``search_path`` set to it) in the database
        ``store_tests``: a schema is made in milliseconds, a database takes a few tenths."""
        name = f"test_{next(self._names)}"
        self._execute(f"CREATE SCHEMA {name}", DATABASE)
        return (
            f"postgresql+psycopg://postgres@/{DATABASE}?host={self.socket}&port={PG_PORT}"
            f"&options=-csearch_path%3D{name}"
        )


def postgres_bin() -> Path | None:
    """The newest installed PostgreSQL's bin folder, if any."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(Path(path).parent.parent.name),
    )
    return Path(found[-1]).parent if found else None


@pytest.fixture(scope="session")
def pg_server():
    bin_dir = postgres_bin()
    if bin_dir is None:
        pytest.skip(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); "
            "./test.sh installs Debian's postgresql"
        )
    try:
        server = PostgresServer(bin_dir)
    except KeyError:
        pytest.skip("the tests run as root and there is no user 'postgres' to run PostgreSQL as")
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    """A URL of an empty database: a SQLite file, or a new schema in PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    return request.getfixturevalue("pg_server").new_url()


@pytest.fixture
def store(store_url):
    """The store on ``store_url``, closed after the test."""
    from store import open_store

    opened = open_store(store_url)
    yield opened
    opened.close()
