"""When the patient was told to expect the call (worked out from clinic.yml's
opening hours), kept with the request so the staff e-mail and page state it.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("callback_requests", sa.Column("promised_call", sa.String(120)))
