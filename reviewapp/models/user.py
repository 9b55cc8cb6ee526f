"""Accounts: who may log in, with which role."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from reviewapp.extensions import Model
from reviewapp.models.common import one_of, utcnow
from reviewapp.security import hash_password, verify_password

ROLES = ("staff", "expert", "committee", "admin")


class User(UserMixin, Model):
    """A login; an expert account follows the expert across calls through `expert_code`."""

    __tablename__ = "users"
    __table_args__ = (one_of("role", ROLES, name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(12))
    display_name: Mapped[str] = mapped_column(String(100), default="")
    expert_code: Mapped[str | None] = mapped_column(String(64), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def is_active(self) -> bool:
        """Flask-Login refuses inactive accounts."""
        return self.active

    def set_password(self, password: str) -> None:
        """Store an argon2 hash of `password`."""
        self.password_hash = hash_password(password)

    def check_password(self, password: str) -> bool:
        """Whether `password` matches the stored hash."""
        return verify_password(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role}>"
