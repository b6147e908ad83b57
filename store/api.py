"""The store: :class:`Store` and :func:`open_store`."""

from __future__ import annotations

import threading

from store.audit import AuditMethods
from store.core import database_url, migrate
from store.option_sets import OptionSetMethods
from store.runs import RunMethods
from store.scenarios import ScenarioMethods


class Store(ScenarioMethods, RunMethods, OptionSetMethods, AuditMethods):
    """Saved scenarios, runs with their result tables, and premises option sets, in one
    database. Get one with :func:`open_store`.

    Scenarios: :meth:`save_scenario`, :meth:`list_scenarios`, :meth:`scenario_versions`,
    :meth:`load_scenario`. Runs: :meth:`start_run`, :meth:`finish_run`, :meth:`fail_run`,
    :meth:`list_runs`, :meth:`load_run`, :meth:`run_tables`. Option sets:
    :meth:`save_option_set`, :meth:`list_option_sets`, :meth:`load_option_set`. Audit:
    :meth:`audit_log`.
    """

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
    """
    resolved = database_url(url)
    with _LOCK:
        store = _STORES.get(resolved)
        if store is None:
            store = Store(resolved)
            try:
                migrate(store.engine)
            except BaseException:
                store.dispose()
                raise
            _STORES[resolved] = store
        return store
