"""online reviews: per-indicator comments, recommended amount, reopening; login sessions

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 22:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.add_column(sa.Column("comments", sa.JSON(), nullable=False,
                                      server_default="{}"))
        batch_op.add_column(sa.Column("recommended_yuan", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("cut_reason", sa.Text(), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("reopened_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("reopen_reason", sa.Text(), nullable=False,
                                      server_default=""))
        batch_op.create_check_constraint("recommended_yuan_non_negative",
                                         "recommended_yuan >= 0")
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.alter_column("comments", server_default=None)
        batch_op.alter_column("cut_reason", server_default=None)
        batch_op.alter_column("reopen_reason", server_default=None)
    op.create_table(
        "login_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_login_session_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_session")),
        sa.UniqueConstraint("token", name=op.f("uq_login_session_token")),
    )
    with op.batch_alter_table("login_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_session_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("login_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_session_user_id"))
    op.drop_table("login_session")
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_review_recommended_yuan_non_negative"), type_="check")
        batch_op.drop_column("reopen_reason")
        batch_op.drop_column("reopened_at")
        batch_op.drop_column("cut_reason")
        batch_op.drop_column("recommended_yuan")
        batch_op.drop_column("comments")
