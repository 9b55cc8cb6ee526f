"""calls: the SHA-256 of the workbook each call was imported from

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 00:15:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("call") as batch_op:
        batch_op.add_column(sa.Column("source_digest", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_call_source_digest"), ["source_digest"])


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("call") as batch_op:
        batch_op.drop_index(batch_op.f("ix_call_source_digest"))
        batch_op.drop_column("source_digest")
