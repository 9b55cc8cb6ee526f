"""Role checks: a decorator for views and a guard for whole blueprints."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, abort
from flask_login import current_user

from reviewapp.extensions import login_manager

F = TypeVar("F", bound=Callable[..., Any])


def has_role(user: Any, *roles: str) -> bool:
    """Whether `user` is logged in with one of `roles`; admin passes every staff check."""
    if not getattr(user, "is_authenticated", False):
        return False
    allowed = set(roles)
    if "staff" in allowed:
        allowed.add("admin")
    return user.role in allowed


def check_roles(*roles: str) -> Any:
    """None when the current user may pass; else the login redirect or a 403."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not has_role(current_user, *roles):
        abort(403)
    return None


def role_required(*roles: str) -> Callable[[F], F]:
    """Decorate a view so only users with one of `roles` (admin for staff) reach it."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            refusal = check_roles(*roles)
            if refusal is not None:
                return refusal
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def restrict_blueprint(bp: Blueprint, *roles: str) -> None:
    """Guard every view of `bp` so only `roles` reach it."""

    @bp.before_request
    def guard() -> Any:
        """Refuse users without one of the blueprint's roles."""
        return check_roles(*roles)
