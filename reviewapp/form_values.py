"""Typed values of a validated form, and the choice type every select field takes."""

from __future__ import annotations

from typing import Any, TypeVar

from flask import current_app
from flask_wtf.i18n import translations
from wtforms import Form

# WTForms 3.3 wants choices as SelectChoice (tuples are deprecated); types-WTForms 3.2
# predates it, so it is imported here once, untyped, for every form.
from wtforms.fields import SelectChoice  # type: ignore[attr-defined]

__all__ = ["SelectChoice", "SubForm", "filled"]

T = TypeVar("T")


def filled(value: T | None) -> T:
    """The value of a box whose validators require it, read after the form validated."""
    if value is None:
        raise ValueError("a required form value is missing: validate the form first")
    return value


class SubForm(Form):
    """A form nested in a FlaskForm (FormField, FieldList rows) that speaks the user's language.

    Flask-WTF translates WTForms' own messages ("Not a valid integer value.") for FlaskForm
    only; a plain nested Form would say them in English on a Chinese page.
    """

    class Meta:
        def get_translations(self, form: Any) -> Any:
            """Flask-WTF's catalogue, as FlaskForm uses, unless WTF_I18N_ENABLED is off."""
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return None
            return translations
