"""mail messages: invitations and reminders, sent by SMTP or kept in the outbox

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 22:02:14.838074
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "mail_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("expert_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("assignment_ids", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("kind IN ('invitation', 'reminder')", name=op.f("ck_mail_message_kind")),
        sa.CheckConstraint(
            "status IN ('outbox', 'sent', 'failed')", name=op.f("ck_mail_message_status")
        ),
        sa.ForeignKeyConstraint(
            ["call_id"], ["call.id"], name=op.f("fk_mail_message_call_id_call"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_mail_message_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["expert_id"],
            ["expert.id"],
            name=op.f("fk_mail_message_expert_id_expert"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_message")),
    )
    with op.batch_alter_table("mail_message", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mail_message_call_id"), ["call_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_mail_message_created_by"), ["created_by"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_mail_message_expert_id"), ["expert_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mail_message_status"), ["status"], unique=False)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("mail_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mail_message_status"))
        batch_op.drop_index(batch_op.f("ix_mail_message_expert_id"))
        batch_op.drop_index(batch_op.f("ix_mail_message_created_by"))
        batch_op.drop_index(batch_op.f("ix_mail_message_call_id"))

    op.drop_table("mail_message")
