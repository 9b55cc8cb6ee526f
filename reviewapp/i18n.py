"""Locale choice and the labels of stored codes every template shares."""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, session
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

# Labels for stored codes, shared by every template.
ROLE_LABELS = {
    "staff": _l("Staff"), "expert": _l("Expert"),
    "committee": _l("Committee"), "admin": _l("Administrator"),
}
CALL_STATUS_LABELS = {
    "draft": _l("Draft"), "open": _l("Open"), "reviewing": _l("Reviewing"), "closed": _l("Closed"),
}
ASSIGNMENT_STATUS_LABELS = {
    "assigned": _l("Assigned"), "accepted": _l("Accepted"), "declined": _l("Declined"),
    "recused": _l("Recused"), "done": _l("Done"),
}


def english() -> bool:
    """Whether the page is shown in English (else the Chinese texts are used)."""
    return str(get_locale() or "zh").startswith("en")


def select_locale() -> str:
    """The user's saved locale, else the session's choice, else the call office's Chinese."""
    languages = current_app.config["LANGUAGES"]
    if has_request_context():
        if current_user.is_authenticated and current_user.locale in languages:
            return current_user.locale
        if session.get("locale") in languages:
            return session["locale"]
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def html_lang(locale: str) -> str:
    """The BCP 47 tag for a Babel locale name, for `<html lang>`."""
    return "zh-Hans" if locale.startswith("zh") else locale.replace("_", "-")


def init_i18n(app: Flask) -> None:
    """Register the template globals base.html needs."""

    @app.context_processor
    def locale_globals() -> dict[str, object]:
        """The current locale and the languages offered in the switch."""
        locale = select_locale()
        return {
            "current_locale": locale,
            "html_lang": html_lang(locale),
            "languages": app.config["LANGUAGES"],
            "role_labels": ROLE_LABELS,
            "call_status_labels": CALL_STATUS_LABELS,
            "assignment_status_labels": ASSIGNMENT_STATUS_LABELS,
        }
