"""The store's schema from the command line (the app migrates by itself; this is for
developers and administrators).

    .venv/bin/python -m store current              # the database's revision
    .venv/bin/python -m store upgrade              # bring it to the newest schema
    .venv/bin/python -m store revision -m "what"   # draft a migration from store/models.py
    .venv/bin/python -m store purge                # remove what was deleted > 30 days ago

``--url URL`` picks the database (default: as :func:`store.database_url`). ``revision``
compares the models with a database at the newest revision and writes the difference to
``store/migrations/versions/NNNN_what.py``: read it and adjust it before committing.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from store.api import open_store
from store.core import MIGRATIONS, database_url, make_engine, migrate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m store", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["current", "upgrade", "revision", "purge"])
    parser.add_argument("-m", "--message", default="change")
    parser.add_argument("--url", default=None)
    args = parser.parse_args(argv)
    if args.command == "purge":
        store = open_store(args.url)
        try:
            counts = store.purge(actor_name=f"{getpass.getuser()} (python -m store purge)")
        finally:
            store.close()
        print(", ".join(f"{kind}: {n}" for kind, n in counts.items()))
        return 0
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


if __name__ == "__main__":
    raise SystemExit(main())
