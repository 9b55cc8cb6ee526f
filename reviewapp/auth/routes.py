"""Views: login, logout, language switch and the role-based index."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from reviewapp.auth import SESSION_TOKEN, bp
from reviewapp.auth.forms import LanguageForm, LoginForm
from reviewapp.form_values import filled
from reviewapp.services.accounts import active_user, set_locale
from reviewapp.services.login_sessions import end_login_session, start_login_session

HOME_BY_ROLE = {
    "staff": "staff.calls",
    "admin": "staff.calls",
    "expert": "expert.index",
    "committee": "committee.index",
}


def safe_next(target: str | None) -> str | None:
    """`target` when it is a path on this site, else None (no open redirects)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/")
def index() -> Response:
    """Send each user to their group's home page."""
    return redirect(url_for(HOME_BY_ROLE[current_user.role]))


@bp.route("/favicon.ico")
def favicon() -> Response:
    """The site's icon, where browsers look for it on every site (pages also link the SVG)."""
    return current_app.send_static_file("favicon.ico")


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | str:
    """Show the login form; log the user in on valid credentials."""
    if current_user.is_authenticated:
        return redirect(url_for("auth.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = active_user(filled(form.username.data), filled(form.password.data))
        if user is not None:
            session[SESSION_TOKEN] = start_login_session(user.id)
            login_user(user)
            if user.locale is None and session.get("locale"):
                set_locale(user, session["locale"])
            return redirect(safe_next(request.args.get("next")) or url_for("auth.index"))
        flash(_("Wrong username or password."), "error")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["GET", "POST"])
def logout() -> Response:
    """Log the user out and end the session on the server: a copied cookie opens nothing."""
    end_login_session(session.pop(SESSION_TOKEN, None))
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/language/<code>", methods=["POST"])
def set_language(code: str) -> Response:
    """Switch the interface language, for the session and the user's account."""
    if code not in current_app.config["LANGUAGES"] or not LanguageForm().validate_on_submit():
        abort(400)
    session["locale"] = code
    if current_user.is_authenticated:
        set_locale(current_user, code)
    return redirect(safe_next(request.form.get("next")) or url_for("auth.index"))
