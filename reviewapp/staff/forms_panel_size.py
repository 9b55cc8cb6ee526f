"""The form for one application's number of experts (评审专家人数)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from reviewapp.models.application import REVIEWERS_MAX, REVIEWERS_MIN


class PanelSizeForm(FlaskForm):
    """A number of experts (empty: the run's K) and the required reason."""

    reviewers = IntegerField(
        _l("Number of experts"),
        validators=[Optional(), NumberRange(min=REVIEWERS_MIN, max=REVIEWERS_MAX)],
        description=_l("%(low)d to %(high)d; leave empty to use the run's K.",
                       low=REVIEWERS_MIN, high=REVIEWERS_MAX),
        render_kw={"min": REVIEWERS_MIN, "max": REVIEWERS_MAX, "inputmode": "numeric"},
    )
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=1000)])
