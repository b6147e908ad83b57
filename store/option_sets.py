"""Premises option sets: the candidate premises a planner uploaded (issue #5).

Each upload is kept as its own set, with its own id: a new upload never replaces or
changes an earlier one, even under the same name (names need not be unique; the list
shows when each was uploaded and by whom). The table is the valid rows as
:func:`sim.inputs.premises_upload.read_premises` returns them, stored with its dtypes (see
:mod:`store.frames`), so :meth:`OptionSetMethods.load_option_set` gives back the same
DataFrame.

Uploading needs the role ``planner``; the uploader is the acting user, and every upload
is in the audit trail. A deleted set vanishes from the list and cannot be loaded; an
administrator can restore it for 30 days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select

from sim.inputs.premises_upload import COLUMNS
from sim.text.catalogue import Phrase
from store.access import Actor, DeletableKind, delete_row, require, require_delete
from store.audit import record
from store.core import Database
from store.errors import NotFound
from store.frames import frame_from_json, frame_to_json
from store.models import OptionSet, utcnow

MAX_NAME = 200


@dataclass(frozen=True)
class OptionSetInfo:
    """An uploaded option set, without its table."""

    id: int
    name: str
    file_name: str
    uploaded_at: dt.datetime
    uploader: str
    rows: int


class OptionSetMethods(Database):
    """The option-set methods of :class:`store.api.Store`."""

    def save_option_set(
        self, name: str, file_name: str, table: pd.DataFrame, *, actor: Actor
    ) -> int:
        """Keep an uploaded premises table as a new option set; returns its id.

        Parameters
        ----------
        name
            What the planner calls the set (empty: the file name); need not be unique.
        file_name
            The uploaded file's name.
        table
            The checked premises, as ``read_premises(...).premises`` (all its columns).
        actor
            Who uploads it (the role ``planner`` at least): the set's uploader.
        """
        require(actor, "upload")
        missing = [column for column in COLUMNS if column not in table.columns]
        if missing:
            raise ValueError(f"the premises table lacks the column(s) {', '.join(missing)}")
        name = (name.strip() or file_name.strip() or "?")[:MAX_NAME]
        row = OptionSet(
            name=name,
            file_name=file_name,
            uploaded_at=utcnow(),
            uploader=actor.name,
            row_count=len(table),
            rows=frame_to_json(table),
        )
        with self.writing() as session:
            session.add(row)
            session.flush()
            record(
                session,
                actor.name,
                "upload",
                f"option_set:{row.id}",
                {"name": name, "file": file_name, "rows": len(table)},
            )
            return row.id

    def list_option_sets(self) -> list[OptionSetInfo]:
        """Every option set, newest first."""
        query = select(
            OptionSet.id,
            OptionSet.name,
            OptionSet.file_name,
            OptionSet.uploaded_at,
            OptionSet.uploader,
            OptionSet.row_count,
        )
        query = query.where(OptionSet.deleted_at.is_(None)).order_by(OptionSet.id.desc())
        with self.reading() as session:
            return [OptionSetInfo(*values) for values in session.execute(query)]

    def load_option_set(self, option_set_id: int) -> pd.DataFrame:
        """The premises table of option set ``option_set_id``, as it was uploaded."""
        with self.reading() as session:
            text = session.scalar(
                select(OptionSet.rows).where(
                    OptionSet.id == option_set_id, OptionSet.deleted_at.is_(None)
                )
            )
        if text is None:
            raise NotFound(Phrase("store.thing.option_set", id=option_set_id))
        return frame_from_json(text)

    def delete_option_set(self, option_set_id: int, *, actor: Actor) -> None:
        """Delete an option set reversibly (its uploader, a planner, or an administrator).
        Scenarios that took premises from it keep their own copy."""
        with self.writing() as session:
            row = session.get(OptionSet, option_set_id, with_for_update=True)
            if row is None or row.deleted_at is not None:
                raise NotFound(Phrase("store.thing.option_set", id=option_set_id))
            require_delete(actor, row.uploader)
            delete_row(session, OPTION_SET_KIND, row, actor)


OPTION_SET_KIND = DeletableKind(
    kind="option_set",
    model=OptionSet,
    missing=lambda i: Phrase("store.thing.deleted_option_set", id=i),
    what=lambda row: Phrase("store.thing.option_set_named", name=row.name),
    target=lambda row: f"option_set:{row.id}",
    name=lambda row: row.name,
    label=lambda row: row.name,
    owner=lambda session, row: row.uploader,
)
