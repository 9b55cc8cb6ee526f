"""Forms of the invitations page: add or swap an expert, lock or unlock a pair, with a reason."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length


class AddPairForm(FlaskForm):
    """Put an expert on an application's panel; the service checks every rule again."""

    app_id = StringField(_l("Application ID"), validators=[DataRequired(), Length(max=64)])
    expert_id = StringField(_l("Expert ID"), validators=[DataRequired(), Length(max=64)])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=1000)])


class SwapForm(FlaskForm):
    """Put another expert in one pair's place."""

    expert_id = StringField(_l("New expert ID"), validators=[DataRequired(), Length(max=64)])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=1000)])


class LockForm(FlaskForm):
    """Lock a pair (a re-run keeps it) or unlock it."""

    locked = HiddenField(validators=[AnyOf(("1", "0"))])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=1000)])
