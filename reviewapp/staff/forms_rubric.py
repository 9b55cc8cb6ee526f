"""The rubric editor's form: each indicator's name, points, description and scoring bands."""

from __future__ import annotations

import re
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DecimalField,
    Field,
    FieldList,
    FormField,
    HiddenField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from reviewapp.call_settings_model import Anchor, CallSettings, Indicator
from reviewapp.form_values import filled

# One band per line: `13-15 text`, `13–15：text`, `13～15 text`.
BAND = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[-–~～至]\s*(\d+(?:\.\d+)?)\s*[:：、,，\s]\s*(.+?)\s*$")


def parse_bands(text: str | None) -> tuple[Anchor, ...] | None:
    """The bands written one per line, or None when a line is not `low-high meaning`."""
    bands = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        found = BAND.match(line)
        if found is None:
            return None
        bands.append(Anchor(float(found[1]), float(found[2]), found[3]))
    return tuple(bands)


def bands_text(anchors: tuple[Anchor, ...]) -> str:
    """The bands as the editor shows them, one per line."""
    return "\n".join(f"{a.low:g}-{a.high:g} {a.text}" for a in anchors)


def readable_bands(form: FlaskForm, field: Field) -> None:
    """Each line reads `low-high meaning`."""
    if parse_bands(field.data) is None:
        raise ValidationError(
            _l("Write one band per line as low-high meaning, e.g. 13-15 紧扣产业需求."))


class IndicatorRowForm(FlaskForm):
    """One indicator of the rubric."""

    class Meta:
        """A sub-form: the page's form carries the CSRF token."""

        csrf = False

    key = HiddenField()
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    points = DecimalField(_l("Points"), places=None,
                          validators=[DataRequired(), NumberRange(min=Decimal("0.5"), max=100)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])
    anchors = TextAreaField(_l("Scoring bands, one per line: low-high meaning"),
                            validators=[readable_bands, Length(max=4000)])


class RubricForm(FlaskForm):
    """The whole rubric and the review rules, with the reason for the change."""

    indicators = FieldList(FormField(IndicatorRowForm))
    deadline = StringField(_l("Review deadline (YYYY-MM-DD, blank for none)"),
                           validators=[Optional(), Length(max=10)])
    min_comment_chars = DecimalField(_l("Minimum length of the overall comment"), places=0,
                                     validators=[Optional(), NumberRange(min=0, max=2000)])
    reason = StringField(_l("Reason for the change"), validators=[DataRequired(),
                                                                  Length(max=500)])


def rubric_form_data(settings: CallSettings) -> dict[str, object]:
    """The editor's values from the call's settings."""
    return {
        "indicators": [{"key": i.key, "name": i.name, "points": Decimal(str(i.points)),
                        "description": i.description, "anchors": bands_text(i.anchors)}
                       for i in settings.rubric],
        "deadline": settings.review.get("deadline") or "",
        "min_comment_chars": settings.review.get("min_comment_chars", 0),
    }


def rubric_from_form(form: RubricForm, current: CallSettings) -> CallSettings:
    """The settings with the edited indicators and review rules; keys and order are kept."""
    old = {i.key: i for i in current.rubric}
    rubric = []
    for row in (entry.form for entry in form.indicators):
        base = old.get(row.key.data or "")
        if base is None:
            continue
        rubric.append(Indicator(
            base.key, (row.name.data or "").strip(), base.name_en, float(filled(row.points.data)),
            base.priority, (row.description.data or "").strip(),
            parse_bands(row.anchors.data) or ()))
    review = {**current.review, "deadline": (form.deadline.data or "").strip() or None}
    if form.min_comment_chars.data is not None:
        review["min_comment_chars"] = int(form.min_comment_chars.data)
    return CallSettings(**{**current.__dict__, "rubric": tuple(rubric), "review": review})
