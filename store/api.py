"""The store: :class:`Store` and :func:`open_store`."""

from __future__ import annotations

import datetime as dt
import threading

from sqlalchemy.exc import DBAPIError

from store.access import (
    RETENTION,
    Actor,
    DeletedItem,
    deleted_rows,
    purge_rows,
    require,
    restore_row,
)
from store.audit import AuditMethods
from store.core import (
    check_revision,
    check_sqlite,
    database_url,
    migrate,
    shown_url,
    sqlite_path,
    stored_revision,
    unavailable,
)
from store.models import utcnow
from store.option_sets import OPTION_SET_KIND, OptionSetMethods
from store.runs import RUN_KIND, RunMethods
from store.scenarios import SCENARIO_KIND, ScenarioMethods
from store.users import UserMethods

KINDS = (SCENARIO_KIND, RUN_KIND, OPTION_SET_KIND)
DELETABLE = tuple(kind.kind for kind in KINDS)  # ("scenario", "run", "option_set")


class Store(ScenarioMethods, RunMethods, OptionSetMethods, UserMethods, AuditMethods):
    """Saved scenarios, runs with their result tables, and premises option sets, in one
    database. Get one with :func:`open_store`.

    Scenarios: :meth:`save_scenario`, :meth:`list_scenarios`, :meth:`scenario_versions`,
    :meth:`load_scenario`. Runs: :meth:`start_run`, :meth:`finish_run`, :meth:`fail_run`,
    :meth:`list_runs`, :meth:`load_run`, :meth:`run_tables`. Option sets:
    :meth:`save_option_set`, :meth:`list_option_sets`, :meth:`load_option_set`. Users:
    :meth:`sign_in`, :meth:`user`, :meth:`list_users`, :meth:`set_role`. Audit:
    :meth:`audit_log`. Deletion: :meth:`delete_scenario`, :meth:`delete_run`,
    :meth:`delete_option_set`, :meth:`deleted_items`, :meth:`restore`, :meth:`purge`.

    Every writing method takes the acting :class:`~store.access.Actor` and checks its
    role itself (:func:`store.access.require`), and records what it did in the audit
    trail in the same transaction.
    """

    def deleted_items(self, *, actor: Actor) -> list[DeletedItem]:
        """Deleted scenarios, runs and option sets not yet purged, newest deletion first
        (administrators only)."""
        require(actor, "restore")
        with self.reading() as session:
            items = [item for kind in KINDS for item in deleted_rows(session, kind)]
        return sorted(items, key=lambda item: item.deleted_at, reverse=True)

    def restore(
        self, kind: str, item_id: int, *, actor: Actor, now: dt.datetime | None = None
    ) -> str:
        """Restore deleted work of ``kind`` (one of :data:`DELETABLE`) within 30 days
        (administrators only); returns its name."""
        by_name = {deletable.kind: deletable for deletable in KINDS}
        if kind not in by_name:
            raise ValueError(f"unknown kind {kind!r}; one of {', '.join(DELETABLE)}")
        require(actor, "restore")
        with self.writing() as session:
            return restore_row(session, by_name[kind], item_id, actor, now or utcnow())

    def purge(self, *, now: dt.datetime | None = None, actor_name: str = "system") -> dict:
        """Remove for good what was deleted more than 30 days before ``now`` (default:
        now), each removal in the audit trail; returns the number removed per kind.

        The app runs this when it opens the store; ``python -m store purge`` runs it too.
        """
        cutoff = (now or utcnow()) - RETENTION
        with self.writing() as session:
            return {kind.kind: purge_rows(session, kind, cutoff, actor_name) for kind in KINDS}

    def close(self) -> None:
        """Close the connections; :func:`open_store` opens the URL afresh next time."""
        with _LOCK:
            if _STORES.get(self.url) is self:
                del _STORES[self.url]
        self.dispose()


_STORES: dict[str, Store] = {}
_LOCK = threading.Lock()


def open_store(url: str | None = None) -> Store:
    """The store at ``url``, migrated to the newest schema; one per URL in the process.

    Parameters
    ----------
    url
        A SQLAlchemy URL such as ``sqlite:///path/to/file.sqlite`` or
        ``postgresql+psycopg://user:password@host/database``. Default: the setting
        ``database_url`` (``KAPACITET_DATABASE_URL`` or ``kapacitet.toml``), else the
        SQLite file ``var/kapacitet.sqlite`` in the project.

    Raises
    ------
    StoreUnavailable
        The database is damaged, cut short, not a store, of a newer version of the
        program, read-only or out of reach (:func:`store.core.check_sqlite`); it is left
        as it was.
    """
    resolved = database_url(url)
    with _LOCK:
        store = _STORES.get(resolved)
        if store is None:
            path = sqlite_path(resolved)
            if path is not None:
                check_sqlite(path)  # read-only, before anything writes to the file
            store = Store(resolved)
            try:
                if path is None:
                    check_revision(stored_revision(store.engine), shown_url(resolved))
                migrate(store.engine)
            except DBAPIError as error:
                store.dispose()
                raise unavailable(error, resolved) from error
            except BaseException:
                store.dispose()
                raise
            _STORES[resolved] = store
        return store
