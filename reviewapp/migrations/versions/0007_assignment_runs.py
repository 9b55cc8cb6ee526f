"""assignment runs: every run's pairs, the current run, when it finished; classified flag

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 22:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("assignment_run", schema=None) as batch_op:
        batch_op.add_column(sa.Column("finished_at", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("is_current", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("assignment_run", schema=None) as batch_op:
        batch_op.alter_column("is_current", server_default=None)
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("classified", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.alter_column("classified", server_default=None)
    op.create_table(
        "run_pair",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("expert_id", sa.Integer(), nullable=False),
        sa.Column("affinity", sa.Float(), nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"], ["application.id"],
            name=op.f("fk_run_pair_application_id_application"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["expert_id"], ["expert.id"], name=op.f("fk_run_pair_expert_id_expert"),
            ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["run_id"], ["assignment_run.id"], name=op.f("fk_run_pair_run_id_assignment_run"),
            ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_run_pair")),
        sa.UniqueConstraint("run_id", "application_id", "expert_id",
                            name=op.f("uq_run_pair_run_id_application_id_expert_id")),
    )
    with op.batch_alter_table("run_pair", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_run_pair_application_id"), ["application_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_run_pair_expert_id"), ["expert_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_run_pair_run_id"), ["run_id"], unique=False)


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("run_pair")
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.drop_column("classified")
    with op.batch_alter_table("assignment_run", schema=None) as batch_op:
        batch_op.drop_column("is_current")
        batch_op.drop_column("finished_at")
