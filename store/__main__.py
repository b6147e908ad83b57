"""The store's schema from the command line (the app migrates by itself; this is for
developers and administrators).

    .venv/bin/python -m store current              # the database's revision
    .venv/bin/python -m store upgrade              # bring it to the newest schema
    .venv/bin/python -m store revision -m "what"   # draft a migration from store/models.py
    .venv/bin/python -m store purge                # remove what was deleted > 30 days ago
    .venv/bin/python -m store retention            # delete runs > run_retention_days old
    .venv/bin/python -m store backup FILE          # a copy of the SQLite store, app running
    .venv/bin/python -m store restore FILE         # put a backup back (stop the app first)

``--url URL`` picks the database (default: as :func:`store.database_url`). ``revision``
compares the models with a database at the newest revision and writes the difference to
``store/migrations/versions/NNNN_what.py``: read it and adjust it before committing.

``backup`` and ``restore`` are for SQLite (see :mod:`store.backup`); for PostgreSQL they
say to use ``pg_dump`` / ``pg_restore`` and exit with 2. A store that cannot be used, or a
backup that is not a good store, is reported in Danish and English with exit code 1, and
nothing is changed.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from store import backup as backups
from store.api import open_store
from store.core import MIGRATIONS, database_url, make_engine, migrate, shown_path, sqlite_path
from store.errors import StoreError

COMMANDS = ["current", "upgrade", "revision", "purge", "retention", "backup", "restore"]


def _say(da: str, en: str, error: bool = False) -> None:
    for line in (da, en):
        print(line, file=sys.stderr if error else sys.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m store", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=COMMANDS)
    parser.add_argument("file", nargs="?", help="the backup file (backup, restore)")
    parser.add_argument("-m", "--message", default="change")
    parser.add_argument("--url", default=None)
    args = parser.parse_args(argv)
    try:
        if args.command in ("backup", "restore"):
            return _backup_or_restore(parser, args)
        if args.command in ("purge", "retention"):
            return _housekeeping(args)
    except StoreError as error:
        _say(error.message("da"), error.message("en"), error=True)
        return 1
    engine = make_engine(database_url(args.url))
    config = Config(stdout=sys.stdout)
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        if args.command == "upgrade":
            migrate(engine)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            if args.command == "revision":
                count = sum(1 for _ in ScriptDirectory.from_config(config).walk_revisions())
                command.revision(
                    config, message=args.message, autogenerate=True, rev_id=f"{count + 1:04d}"
                )
            else:
                command.current(config)
    finally:
        engine.dispose()
    return 0


def _housekeeping(args) -> int:
    store = open_store(args.url)
    actor_name = f"{getpass.getuser()} (python -m store {args.command})"
    try:
        if args.command == "retention":
            retired = store.retire_old_runs(actor_name=actor_name)
            _say(
                f"{retired} kørsler slettet (kan gendannes i 30 dage).",
                f"{retired} runs deleted (can be restored for 30 days).",
            )
            return 0
        counts = store.purge(actor_name=actor_name)
    finally:
        store.close()
    print(", ".join(f"{kind}: {n}" for kind, n in counts.items()))
    return 0


def _backup_or_restore(parser: argparse.ArgumentParser, args) -> int:
    if not args.file:
        parser.error(f"{args.command} needs FILE")
    database = sqlite_path(database_url(args.url))
    if database is None:
        tool = "pg_dump" if args.command == "backup" else "pg_restore"
        _say(
            f"Databasen er PostgreSQL: brug {tool} (fx `pg_dump -Fc -f FIL DATABASE`, "
            "`pg_restore -d DATABASE FIL`).",
            f"The database is PostgreSQL: use {tool} (e.g. `pg_dump -Fc -f FILE DATABASE`, "
            "`pg_restore -d DATABASE FILE`).",
            error=True,
        )
        return 2
    file = Path(args.file).expanduser().absolute()
    if args.command == "backup":
        revision = backups.backup(database, file)
        size = file.stat().st_size
        _say(
            f"Sikkerhedskopi af {shown_path(database)} gemt i {file} ({size} bytes, "
            f"skema {revision}).",
            f"Backup of {shown_path(database)} saved to {file} ({size} bytes, schema {revision}).",
        )
        return 0
    revision, kept = backups.restore(file, database)
    _say(
        f"{shown_path(database)} er gendannet fra {file} (skema {revision}).",
        f"{shown_path(database)} is restored from {file} (schema {revision}).",
    )
    if kept is not None:
        _say(
            f"Den tidligere database er gemt som {shown_path(kept)}.",
            f"The previous database is kept as {shown_path(kept)}.",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
