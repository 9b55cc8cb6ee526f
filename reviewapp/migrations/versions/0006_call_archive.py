"""calls: when staff archived the call

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 23:50:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("call") as batch_op:
        batch_op.add_column(sa.Column("archived_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("call") as batch_op:
        batch_op.drop_column("archived_at")
