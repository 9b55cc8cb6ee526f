"""conflicts: the evidence in English beside the Chinese one ('' on earlier rows)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 03:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision: earlier rows get '' and pages show their Chinese evidence."""
    with op.batch_alter_table("conflict") as batch_op:
        batch_op.add_column(
            sa.Column("evidence_en", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("conflict") as batch_op:
        batch_op.alter_column("evidence_en", server_default=None)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("conflict") as batch_op:
        batch_op.drop_column("evidence_en")
