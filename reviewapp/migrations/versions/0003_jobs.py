"""jobs: steps, params, payload, error, cancel flag, heartbeat and the one-active-job lock

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05 22:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ACTIVE = sa.text("status IN ('queued', 'running')")


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("lock_key", sa.String(length=40), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("step_index", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("step_count", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("params", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("payload", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("error", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("cancel_requested", sa.Boolean(), nullable=False,
                      server_default=sa.false())
        )
        batch_op.add_column(sa.Column("started_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("finished_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("heartbeat_at", sa.DateTime(), nullable=True))
        batch_op.create_check_constraint(
            "step_range", "step_index >= 0 AND step_index <= step_count"
        )
    with op.batch_alter_table("job", schema=None) as batch_op:
        for column in ("lock_key", "step_index", "step_count", "error", "cancel_requested"):
            batch_op.alter_column(column, server_default=None)
    # Jobs that never ran under the old schema hold no lock: close them before the index.
    op.execute("UPDATE job SET status = 'failed' WHERE status IN ('queued', 'running')")
    op.create_index("uq_job_active_lock", "job", ["call_id", "lock_key"], unique=True,
                    sqlite_where=ACTIVE, postgresql_where=ACTIVE)


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("uq_job_active_lock", table_name="job")
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_job_step_range"), type_="check")
        for column in ("heartbeat_at", "finished_at", "started_at", "cancel_requested",
                       "error", "payload", "params", "step_count", "step_index", "lock_key"):
            batch_op.drop_column(column)
