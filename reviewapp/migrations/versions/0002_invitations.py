"""invitations: the invited status and when and why an expert answered

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05 22:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

OLD = "status IN ('assigned', 'accepted', 'declined', 'recused', 'done')"
NEW = "status IN ('assigned', 'invited', 'accepted', 'declined', 'recused', 'done')"


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("invited_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("responded_at", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("response_reason", sa.Text(), nullable=False, server_default="")
        )
        batch_op.drop_constraint(op.f("ck_assignment_status"), type_="check")
        batch_op.create_check_constraint("status", NEW)
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.alter_column("response_reason", server_default=None)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_assignment_status"), type_="check")
        batch_op.create_check_constraint("status", OLD)
        batch_op.drop_column("response_reason")
        batch_op.drop_column("responded_at")
        batch_op.drop_column("invited_at")
