"""Security: users with roles, the audit trail, reversible deletion, who ran what, and
which server process runs a run (so runs left by a dead server can be marked failed).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

UTC_TIME = sa.DateTime(timezone=True)  # store.models.UTCDateTime
DELETABLE = ("scenarios", "runs", "option_sets")


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=320), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("email", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("last_login_at", UTC_TIME, nullable=True),
        sa.CheckConstraint(
            "role IN ('reader', 'planner', 'administrator')", name=op.f("ck_users_role")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("subject", name=op.f("uq_users_subject")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", UTC_TIME, nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_at"), "audit_log", ["at"])
    for table in DELETABLE:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("deleted_at", UTC_TIME, nullable=True))
            batch.add_column(sa.Column("deleted_by", sa.Text(), nullable=True))
    with op.batch_alter_table("runs") as batch:
        batch.add_column(sa.Column("owner", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("server_id", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("heartbeat_at", UTC_TIME, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("runs") as batch:
        batch.drop_column("heartbeat_at")
        batch.drop_column("server_id")
        batch.drop_column("owner")
    for table in DELETABLE:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("deleted_by")
            batch.drop_column("deleted_at")
    op.drop_index(op.f("ix_audit_log_at"), table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_table("users")
