"""Callback requests, as the assistant stored them before the staff page.

A database made before migrations existed already has this table: then only
the nullable columns an older version lacked are added, and its rows stay.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def columns() -> list:
    return [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("reference", sa.String(16), nullable=False, unique=True),
        sa.Column("submission_key", sa.String(200), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("phone", sa.String(20)),
        sa.Column("email", sa.String(254)),
        sa.Column("preferred_time", sa.String(20), nullable=False),
        sa.Column("preferred_time_note", sa.String(100)),
        sa.Column("reason", sa.Text),
        sa.Column("consent_at", sa.DateTime, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("done_at", sa.DateTime),
        sa.Column("notified", sa.Boolean, nullable=False),
        sa.Column("notified_at", sa.DateTime),
        sa.Column("notify_attempts", sa.Integer, nullable=False),
        sa.Column("last_notify_error", sa.String(300)),
        sa.Column("notify_claimed_at", sa.DateTime),
    ]


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    if not inspector.has_table("callback_requests"):
        op.create_table("callback_requests", *columns())
        return
    present = {c["name"] for c in inspector.get_columns("callback_requests")}
    for column in columns():
        if column.name not in present and column.nullable:
            op.add_column("callback_requests", column)
