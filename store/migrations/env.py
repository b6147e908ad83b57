"""Alembic environment: run by :func:`store.core.migrate` with the connection in
``config.attributes["connection"]`` (the app migrates its own database on opening).

To make a new revision by hand against a scratch database::

    .venv/bin/python -m store revision -m "what changed" --url sqlite:////tmp/scratch.sqlite
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from store.models import Base

config = context.config
target_metadata = Base.metadata


def _configure_and_run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER much
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    from store.core import database_url

    engine = create_engine(database_url(config.get_main_option("sqlalchemy.url")))
    with engine.begin() as connection:
        _configure_and_run(connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; open the store instead")
run_migrations_online()
