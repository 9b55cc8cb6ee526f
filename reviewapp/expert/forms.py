"""Expert forms: the declaration, and the review form built at request time from the rubric."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DecimalField,
    Field,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import HiddenInput

from reviewapp.call_settings_model import RECOMMENDATIONS, CallSettings, Indicator
from reviewapp.form_values import SelectChoice
from reviewapp.money import format_wan, parse_wan
from reviewapp.services.review_checks import ReviewInput

# Field names the form uses besides the indicator keys; a key never takes one of them.
REMARK_PREFIX = "remark_"


class DeclarationForm(FlaskForm):
    """回避声明: no conflict, a conflict (recusal, C7) or a decline, with a reason."""

    decision = RadioField(_l("Declaration"), validators=[InputRequired()], choices=[
        SelectChoice("none", _l("I have no conflict of interest with this application")),
        SelectChoice("conflict", _l("I have a conflict of interest (I recuse myself)")),
        SelectChoice("decline", _l("I decline to review this application")),
    ])
    reason = TextAreaField(_l("Reason (required for a conflict or a decline)"),
                           validators=[Length(max=2000)])


def half_points(form: FlaskForm, field: Field) -> None:
    """Scores go in steps of 0.5."""
    if field.data is not None and (field.data * 2) % 1 != 0:
        raise ValidationError(_l("Scores go in steps of 0.5."))


def money_or_blank(form: FlaskForm, field: Field) -> None:
    """A 万元 amount, or nothing."""
    if (field.data or "").strip() and parse_wan(field.data) is None:
        raise ValidationError(_l("Write an amount in 万元, for example 40 or 42.5."))


class ReviewFormBase(FlaskForm):
    """The fields every rubric shares; `review_form` adds one score and remark per indicator."""

    version = IntegerField(widget=HiddenInput(), default=0,
                           validators=[Optional(), NumberRange(min=0)])
    recommendation = SelectField(
        _l("Recommendation"),
        choices=[SelectChoice("", _l("— choose —"))]
        + [SelectChoice(r, r) for r in RECOMMENDATIONS],
        validate_choice=False)  # the service refuses anything else, with a clear message
    comment = TextAreaField(_l("Overall comment"), validators=[Length(max=5000)])
    recommended_wan = StringField(_l("Recommended amount (万元, optional: a cut)"),
                                  validators=[money_or_blank])
    cut_reason = TextAreaField(_l("Reason for the cut"), validators=[Length(max=2000)])
    action = HiddenField(default="save")
    confirm = HiddenField(default="")

    indicators: tuple[Indicator, ...] = ()

    def score_field(self, key: str) -> Any:
        """The score field of an indicator."""
        return self[key]

    def remark_field(self, key: str) -> Any:
        """The remark field of an indicator."""
        return self[REMARK_PREFIX + key]

    def review_input(self) -> ReviewInput:
        """The typed review as the service takes it."""
        scores: dict[str, float | None] = {}
        for ind in self.indicators:
            value = self[ind.key].data
            scores[ind.key] = None if value is None else float(value)
        amount = (self.recommended_wan.data or "").strip()
        return ReviewInput(
            scores=scores,
            comments={ind.key: (self[REMARK_PREFIX + ind.key].data or "").strip()
                      for ind in self.indicators},
            recommendation=self.recommendation.data or "",
            comment=(self.comment.data or "").strip(),
            recommended_yuan=parse_wan(amount) if amount else None,
            cut_reason=(self.cut_reason.data or "").strip(),
        )


def review_form(settings: CallSettings, formdata: Any = None, **data: Any) -> ReviewFormBase:
    """A review form for this call's rubric, filled from `formdata` (a POST) or `data`."""

    class ReviewForm(ReviewFormBase):
        """The review form of one call."""

    ReviewForm.indicators = settings.rubric
    for ind in settings.rubric:
        setattr(ReviewForm, ind.key, DecimalField(
            ind.name, places=None,
            validators=[Optional(), NumberRange(0, ind.points), half_points],
            render_kw={"min": 0, "max": f"{ind.points:g}", "step": "0.5",
                       "inputmode": "decimal"}))
        setattr(ReviewForm, REMARK_PREFIX + ind.key, TextAreaField(
            _l("Remark on this indicator (optional)"), validators=[Length(max=2000)]))
    return ReviewForm(formdata=formdata, data=data)


def stored_form_data(review: Any, settings: CallSettings) -> dict[str, Any]:
    """The form's values from a stored review (or an empty form when there is none)."""
    if review is None:
        return {"version": 0}
    data: dict[str, Any] = {
        "version": review.version, "recommendation": review.recommendation,
        "comment": review.comment, "cut_reason": review.cut_reason,
        "recommended_wan": format_wan(review.recommended_yuan).replace(",", ""),
    }
    for ind in settings.rubric:
        value = (review.scores or {}).get(ind.key)
        data[ind.key] = None if value is None else Decimal(str(value))
        data[REMARK_PREFIX + ind.key] = (review.comments or {}).get(ind.key, "")
    return data
