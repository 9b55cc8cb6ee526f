"""The form archiving, restoring or deleting a call asks for: a reason."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, TextAreaField
from wtforms.validators import DataRequired, Length

from reviewapp.services.call_lifecycle import REASON_MAX


class ReasonForm(FlaskForm):
    """The reason an archive or a delete asks for."""

    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=REASON_MAX)])
    restore = BooleanField()
