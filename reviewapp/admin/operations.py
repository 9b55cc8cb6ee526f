"""Writes on user accounts, each committing once with its audit row."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from reviewapp.extensions import db
from reviewapp.models import ROLES, User
from reviewapp.services.audit import record_audit


class UserError(ValueError):
    """A user account cannot be created as asked; the message says why."""


class DuplicateUser(UserError):
    """The username is taken."""


def create_user(
    username: str,
    role: str,
    password: str,
    *,
    display_name: str = "",
    expert_code: str | None = None,
    actor: Any = None,
) -> User:
    """Create an account, audit it (by `actor`, None from the command line) and commit."""
    username = username.strip()
    if not username:
        raise UserError("username is empty")
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}")
    if not password:
        raise UserError("password is empty")
    if db.session.scalar(select(User.id).filter_by(username=username)) is not None:
        raise DuplicateUser(f"user {username!r} already exists")
    user = User(
        username=username,
        role=role,
        display_name=display_name or username,
        expert_code=expert_code or None,
    )
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record_audit(
        actor, "user.create", "user", user.id,
        after={"username": username, "role": role, "expert_code": user.expert_code},
    )
    db.session.commit()
    return user
