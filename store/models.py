"""The tables (SQLAlchemy 2 typed ORM). Alembic's ``migrations/`` creates and changes them.

``scenarios``         one row per scenario name
``scenario_versions`` every save of a name: the validated scenario JSON, who, when, data
``runs``              a run of a scenario (a saved version, or an unsaved draft)
``run_tables``        the results of a finished run: named DataFrames as JSON text
``option_sets``       uploaded premises candidates (the validated table as JSON text)
``users``             who may sign in, and their role (reader, planner, administrator)
``audit_log``         who did what when (save, upload, run, delete, restore, role change)

Scenarios, runs and option sets are deleted reversibly: ``deleted_at``/``deleted_by`` mark
them, and they are purged for good after the retention period. A run records its
``owner`` (who started it) and the server process running it (``server_id``, with a
``heartbeat_at`` it renews), so a run left "running" by a dead server can be marked failed.

Timestamps are timezone-aware UTC (SQLite keeps them without the zone; they are read back
as UTC). Large payloads are JSON text in ``Text`` columns (see :mod:`store.frames`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

RUN_STATUSES = ("running", "done", "failed")
ROLES = ("reader", "planner", "administrator")  # læser, planlægger, administrator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """The current time, timezone-aware UTC."""
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC datetime on every database (SQLite stores it without zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Deletable:
    """Reversible deletion: set when deleted, cleared when restored."""

    deleted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    deleted_by: Mapped[str | None] = mapped_column(Text, default=None)


class ScenarioRow(Deletable, Base):
    __tablename__ = "scenarios"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    versions: Mapped[list[ScenarioVersion]] = relationship(
        back_populates="scenario", order_by="ScenarioVersion.version"
    )


class ScenarioVersion(Base):
    __tablename__ = "scenario_versions"
    __table_args__ = (UniqueConstraint("scenario_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scenario_id: Mapped[int] = mapped_column(
        ForeignKey("scenarios.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    scenario_json: Mapped[str] = mapped_column(Text)
    data_dir: Mapped[str] = mapped_column(Text)
    data_hash: Mapped[str] = mapped_column(String(64))

    scenario: Mapped[ScenarioRow] = relationship(back_populates="versions")


class RunRow(Deletable, Base):
    __tablename__ = "runs"
    __table_args__ = (CheckConstraint("status IN ('running', 'done', 'failed')", name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scenario_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("scenario_versions.id", ondelete="SET NULL"), index=True
    )
    scenario_name: Mapped[str] = mapped_column(String(120))
    scenario_json: Mapped[str] = mapped_column(Text)
    model_version: Mapped[str] = mapped_column(String(40))
    data_hash: Mapped[str] = mapped_column(String(64))
    depends_hash: Mapped[str] = mapped_column(String(64), index=True)
    seeds: Mapped[list[int]] = mapped_column(JSON)
    replications: Mapped[int] = mapped_column(Integer)
    fidelity: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(10), default="running")
    error: Mapped[str | None] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(Text, default="", server_default="")
    server_id: Mapped[str | None] = mapped_column(String(200), default=None)
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)

    version: Mapped[ScenarioVersion | None] = relationship()


class RunTable(Base):
    __tablename__ = "run_tables"

    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    payload: Mapped[str] = mapped_column(Text)


class OptionSet(Deletable, Base):
    __tablename__ = "option_sets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    file_name: Mapped[str] = mapped_column(Text)
    uploaded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    uploader: Mapped[str] = mapped_column(Text, default="")
    row_count: Mapped[int] = mapped_column(Integer)
    rows: Mapped[str] = mapped_column(Text)


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('reader', 'planner', 'administrator')", name="role"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject: Mapped[str] = mapped_column(String(320), unique=True)  # the e-mail or OIDC sub
    name: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(Text, default="")
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    actor: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[str] = mapped_column(Text, default="")  # JSON text
