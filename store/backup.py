"""Backing up and restoring a SQLite store (``python -m store backup FILE`` and
``python -m store restore FILE``).

A backup uses SQLite's online backup API (:meth:`sqlite3.Connection.backup`): it may be
taken while the app runs and writes, and gives the database as it was at one moment. A
restore first checks that FILE is a good store of a revision this program knows (the
same read-only check as :func:`store.core.check_sqlite`), then puts a copy of it in
place; the file it replaces is kept beside it as ``*.before-restore``. Stop the app
before restoring. For PostgreSQL use ``pg_dump`` and ``pg_restore``.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from sim.text.catalogue import Phrase
from store.core import check_sqlite, shown_path
from store.errors import StoreError, StoreUnavailable

SIDE_FILES = ("-wal", "-shm")
# what can be wrong with a file given as a backup (StoreUnavailable.reason)
NOT_A_BACKUP = ("corrupt", "truncated", "not_sqlite", "not_store", "newer")


class BackupError(StoreError):
    """A backup or restore that cannot be done, with the reason (catalogue
    ``store.backup.<key>``)."""

    def __init__(self, key: str, **values):
        super().__init__(Phrase(f"store.backup.{key}", **values))


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)


def _copy(source: Path, target: Path) -> None:
    """Copy the database ``source`` to the new file ``target`` with the backup API, as a
    plain (rollback-journal) database that is one file, and check the copy."""
    reading = _read_only(source)
    try:
        writing = sqlite3.connect(target)
        try:
            reading.backup(writing)
            writing.execute("PRAGMA journal_mode = DELETE")
            found = [row[0] for row in writing.execute("PRAGMA quick_check")]
        finally:
            writing.close()
    finally:
        reading.close()
    if found != ["ok"]:
        target.unlink(missing_ok=True)
        raise BackupError("check_failed", path=shown_path(target), detail=found[0])


def backup(database: Path, file: Path) -> str:
    """Back up the SQLite store ``database`` to the new file ``file``; returns its schema
    revision.

    Raises
    ------
    StoreUnavailable
        The database is damaged, cut short, not a store or of a newer version.
    BackupError
        No database yet, or ``file`` exists already.
    """
    if not database.is_file():
        raise BackupError("no_database", path=shown_path(database))
    if file.exists():
        raise BackupError("exists", path=shown_path(file))
    revision = check_sqlite(database, writable=False)
    temporary = file.with_name(f".{file.name}.{os.getpid()}.tmp")
    try:
        _copy(database, temporary)
        os.replace(temporary, file)
    finally:
        temporary.unlink(missing_ok=True)
    return revision or ""


def restore(file: Path, database: Path) -> tuple[str, Path | None]:
    """Put a copy of the backup ``file`` in place of the SQLite store ``database``;
    returns the backup's revision and where the replaced database was kept
    (``<database>.before-restore``, its WAL beside it; None when there was none).

    Raises
    ------
    BackupError
        ``file`` does not exist, is an empty database, or is damaged, cut short, not a
        store or of a newer version; nothing was changed.
    """
    if not file.is_file():
        raise BackupError("missing", path=shown_path(file))
    try:
        revision = check_sqlite(file, writable=False)
    except StoreUnavailable as error:
        reason = error.reason if error.reason in NOT_A_BACKUP else "unreadable"
        raise BackupError(
            "not_a_backup", path=shown_path(file), what=Phrase(f"store.backup.file_{reason}")
        ) from error
    if revision is None:
        raise BackupError("empty", path=shown_path(file))
    database.parent.mkdir(parents=True, exist_ok=True)
    temporary = database.with_name(f".{database.name}.{os.getpid()}.restoring")
    kept = None
    try:
        _copy(file, temporary)
        if database.exists():
            kept = database.with_name(database.name + ".before-restore")
            for suffix in ("", *SIDE_FILES):
                old = Path(f"{database}{suffix}")
                if old.exists():
                    os.replace(old, Path(f"{kept}{suffix}"))
                else:
                    Path(f"{kept}{suffix}").unlink(missing_ok=True)
        os.replace(temporary, database)
    finally:
        temporary.unlink(missing_ok=True)
    return revision, kept
