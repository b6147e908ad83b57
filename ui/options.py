"""The store as the app sees it, and premises option sets as tables and scenario options."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import streamlit as st

from sim.inputs.scenario import PremisesOption
from store import Store, StoreUnavailable, open_store
from ui.i18n import date, lang, t


def store() -> Store:
    """The store of this server (the database in the settings, SQLite by default); one
    per database URL in the process.

    When the database cannot be used (damaged, of a newer version, read-only, out of
    reach) the page shows why and what to do, and stops there: no traceback.
    """
    try:
        return open_store()
    except StoreUnavailable as error:
        st.error(error.message(lang()), icon=":material/database:")
        st.stop()


def store_problem() -> StoreUnavailable | None:
    """Why the store cannot be used, or None when it can (for a note on every page)."""
    try:
        open_store()
    except StoreUnavailable as error:
        return error
    return None


def option_sets_table(sets, lang: str) -> pd.DataFrame:
    """Saved option sets as a table in the user's words."""
    return pd.DataFrame(
        {
            t("col.name"): [s.name for s in sets],
            t("col.file"): [s.file_name for s in sets],
            t("col.uploaded"): [
                f"{date(s.uploaded_at.date())} {s.uploaded_at.astimezone():%H:%M}" for s in sets
            ],
            t("col.uploader"): [s.uploader for s in sets],
            t("col.count"): [s.rows for s in sets],
        }
    )


def _plain(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def option_records(set_id: int, name: str) -> list[dict]:
    """A saved option set's premises as scenario ``premises_options`` (plain data)."""
    table = store().load_option_set(set_id)
    fields = set(PremisesOption.model_fields) - {"option_set"}
    return [
        {
            **{k: _plain(v) for k, v in row.items() if k in fields and _plain(v) is not None},
            "option_set": name,
        }
        for row in table.to_dict("records")
    ]


def saved_options(sets) -> pd.DataFrame:
    """The premises of the option sets ``sets`` (infos), the set's name in ``option_set``."""
    parts = [store().load_option_set(s.id).assign(option_set=s.name) for s in sets]
    columns = ["premises_id", "name", "latitude", "longitude", "capacity_people", "option_set"]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns]
