"""User accounts: the login lookup, the list, and creation (committed once, audited)."""

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


def active_user(username: str, password: str) -> User | None:
    """The active account with these credentials, or None."""
    user = db.session.scalar(select(User).filter_by(username=username))
    if user is None or not user.active or not user.check_password(password):
        return None
    return user


def set_locale(user: User, code: str) -> None:
    """Remember the interface language the user chose."""
    user.locale = code
    db.session.commit()


def all_users() -> list[User]:
    """Every account, by role then username."""
    return list(db.session.scalars(select(User).order_by(User.role, User.username)))
