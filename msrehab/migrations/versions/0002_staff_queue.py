"""The staff page: the queue's status and owner, call attempts, staff accounts
and sessions, login attempts, the audit log and the purge's record.

Statuses become new / calling / called / closed (open -> new, done -> closed);
`done_at` is renamed `closed_at`. Indexes serve the queue page: waiting
requests oldest first, a search by phone number, "mine".

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("display_name", sa.String(100), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("last_login_at", sa.DateTime),
    )
    op.create_table(
        "staff_sessions",
        sa.Column("id", sa.String(64), primary_key=True),  # SHA-256 of the cookie's token
        sa.Column("user_id", sa.Integer, sa.ForeignKey("staff_users.id"), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("last_seen_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "staff_login_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("succeeded", sa.Boolean, nullable=False),
    )
    op.create_index("ix_staff_login_attempts_username_at", "staff_login_attempts",
                    ["username", "at"])
    op.create_index("ix_staff_login_attempts_address_at", "staff_login_attempts",
                    ["address", "at"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("target", sa.String(120)),
        sa.Column("detail", sa.String(300)),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_table(
        "purge_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("ran_at", sa.DateTime, nullable=False),
        sa.Column("requests_deleted", sa.Integer, nullable=False),
        sa.Column("conversations_deleted", sa.Integer, nullable=False),
        sa.Column("events_deleted", sa.Integer, nullable=False),
        sa.Column("request_days", sa.Integer, nullable=False),
        sa.Column("conversation_days", sa.Float, nullable=False),
    )
    with op.batch_alter_table("callback_requests") as batch:
        batch.alter_column("done_at", new_column_name="closed_at")
        batch.add_column(sa.Column("claimed_by_id", sa.Integer,
                                   sa.ForeignKey("staff_users.id", name="fk_claimed_by")))
        batch.add_column(sa.Column("claimed_at", sa.DateTime))
        batch.add_column(sa.Column("updated_at", sa.DateTime))
    op.execute("UPDATE callback_requests SET status = 'new' WHERE status = 'open'")
    op.execute("UPDATE callback_requests SET status = 'closed' WHERE status = 'done'")
    op.create_index("ix_callback_requests_status_created", "callback_requests",
                    ["status", "created_at"])
    op.create_index("ix_callback_requests_created", "callback_requests", ["created_at"])
    op.create_index("ix_callback_requests_phone", "callback_requests", ["phone"])
    op.create_index("ix_callback_requests_claimed_by", "callback_requests",
                    ["claimed_by_id", "status"])
    op.create_table(
        "callback_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("request_id", sa.Integer,
                  sa.ForeignKey("callback_requests.id", ondelete="CASCADE"), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("staff_users.id"), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("note", sa.String(300)),
    )
    op.create_index("ix_callback_attempts_request", "callback_attempts", ["request_id", "at"])
