"""committee: ranking runs, the decision list, decision outcomes, application priority flags

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 22:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

FLAGS = (
    "partner_supported", "chain_leader", "commissioner", "strong_team", "industrial_prospects",
)


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "ranking_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("sampler_seed", sa.Integer(), nullable=False),
        sa.Column("lottery_seed", sa.Integer(), nullable=False),
        sa.Column("draws", sa.Integer(), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("draws >= 1", name=op.f("ck_ranking_run_draws_positive")),
        sa.CheckConstraint(
            "lottery_seed >= 0", name=op.f("ck_ranking_run_lottery_seed_non_negative")
        ),
        sa.CheckConstraint(
            "sampler_seed >= 0", name=op.f("ck_ranking_run_sampler_seed_non_negative")
        ),
        sa.ForeignKeyConstraint(
            ["call_id"], ["call.id"], name=op.f("fk_ranking_run_call_id_call"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_ranking_run_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ranking_run")),
    )
    with op.batch_alter_table("ranking_run", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ranking_run_call_id"), ["call_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ranking_run_created_by"), ["created_by"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_ranking_run_current"), ["current"], unique=False)

    op.create_table(
        "decision_list",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("frozen_at", sa.DateTime(), nullable=True),
        sa.Column("frozen_by", sa.Integer(), nullable=True),
        sa.Column("frozen_run_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["call_id"], ["call.id"], name=op.f("fk_decision_list_call_id_call"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["frozen_by"], ["users.id"], name=op.f("fk_decision_list_frozen_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["frozen_run_id"], ["ranking_run.id"],
            name=op.f("fk_decision_list_frozen_run_id_ranking_run"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_list")),
        sa.UniqueConstraint("call_id", name=op.f("uq_decision_list_call_id")),
    )
    with op.batch_alter_table("decision_list", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_list_frozen_by"), ["frozen_by"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_decision_list_frozen_run_id"), ["frozen_run_id"],
                              unique=False)

    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outcome", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("cut_reason", sa.Text(), nullable=False, server_default=""))
        batch_op.create_check_constraint(
            "outcome", "outcome IS NULL OR outcome IN ('approve', 'reject', 'reserve')"
        )
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.alter_column("cut_reason", server_default=None)

    with op.batch_alter_table("application", schema=None) as batch_op:
        for flag in FLAGS:
            batch_op.add_column(
                sa.Column(flag, sa.Boolean(), nullable=False, server_default=sa.false())
            )
    with op.batch_alter_table("application", schema=None) as batch_op:
        for flag in FLAGS:
            batch_op.alter_column(flag, server_default=None)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("application", schema=None) as batch_op:
        for flag in reversed(FLAGS):
            batch_op.drop_column(flag)
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_decision_outcome"), type_="check")
        batch_op.drop_column("cut_reason")
        batch_op.drop_column("outcome")
    op.drop_table("decision_list")
    op.drop_table("ranking_run")
