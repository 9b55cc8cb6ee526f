"""Logging in and out, the language switch, the role-based home page and error pages."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from reviewapp.extensions import db, login_manager

bp = Blueprint("auth", __name__)

# Reachable without logging in; everything else needs an account.
PUBLIC_ENDPOINTS = frozenset({"auth.login", "auth.set_language", "static"})


def load_user(user_id: str) -> Any:
    """The active user with this id, for Flask-Login."""
    from reviewapp.models import User

    user = db.session.get(User, int(user_id))
    return user if user is not None and user.active else None


def require_login() -> Any:
    """Send anonymous visitors of any non-public page to the login page."""
    if request.endpoint is None or request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


def render_error(error: HTTPException) -> tuple[str, int]:
    """A page for 403/404/400 in the site's layout."""
    return render_template("auth/error.html", error=error), error.code or 500


def init_auth(app: Flask) -> None:
    """Configure Flask-Login and make every page require a login."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    # Flash the translated text, not the lazy object, into the session cookie.
    login_manager.localize_callback = str
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_user)
    app.before_request(require_login)
    for code in (400, 403, 404, 405):
        app.register_error_handler(code, render_error)

