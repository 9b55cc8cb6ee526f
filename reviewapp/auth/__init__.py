"""Logging in and out, the language switch, the role-based home page and error pages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, Flask, current_app, jsonify, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from reviewapp.extensions import login_manager

bp = Blueprint("auth", __name__)

# Reachable without logging in; everything else needs an account.
PUBLIC_ENDPOINTS = frozenset({"auth.login", "auth.logout", "auth.set_language", "auth.favicon",
                              "static"})
# The cookie key holding the server-side session's token (services/login_sessions.py).
SESSION_TOKEN = "login_token"
# Sent by background saves (autosave): they do not count as the user being active.
BACKGROUND_HEADER = "X-Background-Save"


def load_user(user_id: str) -> Any:
    """The active user of a live server-side session, for Flask-Login."""
    from reviewapp.services.login_sessions import session_user

    idle = timedelta(minutes=float(current_app.config.get("SESSION_IDLE_MINUTES", 120)))
    touch = not background_save()
    return session_user(int(user_id), session.get(SESSION_TOKEN), idle, touch)


def wants_json() -> bool:
    """Whether the request comes from the page's own script (fetch), not a navigation."""
    return request.accept_mimetypes.best == "application/json"


def background_save() -> bool:
    """Whether the request is a page's background save (autosave), not the user's action."""
    return request.headers.get(BACKGROUND_HEADER) == "1"


def require_login() -> Any:
    """Send anonymous visitors of any non-public page to the login page.

    A background save (autosave) gets 401 with the login address instead of a redirect,
    so the page can keep what was typed and offer to log in again.
    """
    if request.endpoint is None or request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        if background_save():
            login = url_for("auth.login", next=request.path)
            return jsonify(error="login", login_url=login,
                           message=_("Your session has ended. Log in again; "
                                     "what you typed is kept in this browser.")), 401
        return login_manager.unauthorized()
    return None


def render_error(error: HTTPException) -> tuple[str, int]:
    """A page for 400/403/404/405/413 in the site's layout."""
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
    for code in (400, 403, 404, 405, 413):
        app.register_error_handler(code, render_error)

