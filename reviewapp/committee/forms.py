"""Committee forms: a run, a what-if, a decision, the meeting notes, freezing and flags."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DecimalField,
    FieldList,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from reviewapp.form_values import SelectChoice, SubForm

AGGREGATION_CHOICES = [
    SelectChoice("calibrated", _l("Calibrated score")),
    SelectChoice("mean", _l("Mean of reviews")),
    SelectChoice("trimmed", _l("Trimmed mean (highest and lowest dropped)")),
]
OUTCOME_CHOICES = [
    SelectChoice("approve", _l("Approve")), SelectChoice("reserve", _l("Reserve")),
    SelectChoice("reject", _l("Reject")),
]


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""

    submit = SubmitField(_l("Go"))


LOTTERY_CHOICES = [
    SelectChoice("off", _l("No lottery zone")),
    SelectChoice("on", _l("Lottery zone at the line")),
]
AMOUNT = _l("Give an amount of 0 or more in 10k yuan, e.g. 800.")
NUMERIC = {"inputmode": "numeric"}  # phones show the digits keyboard
DECIMAL = {"inputmode": "decimal"}
QUOTA_GROUP_CHOICES = [
    SelectChoice("direction", _l("Direction")),
    SelectChoice("partner_province", _l("Partner province")),
]


class WhatIfQuotaForm(SubForm):
    """One quota of a what-if; a row without a value is dropped."""

    group = SelectField(_l("Group"), choices=QUOTA_GROUP_CHOICES, default="direction")
    value = StringField(_l("Value"), [Length(max=200)])
    min_count = IntegerField(_l("At least (projects)"), [Optional(), NumberRange(min=0)],
                             render_kw=NUMERIC)
    max_count = IntegerField(_l("At most (projects)"), [Optional(), NumberRange(min=0)],
                             render_kw=NUMERIC)
    max_wan = DecimalField(_l("At most (10k yuan)"),
                           [Optional(), NumberRange(min=0, message=AMOUNT)],
                           places=2, render_kw=DECIMAL)


class WhatIfForm(FlaskForm):
    """A what-if question, asked by GET so it can be bookmarked; nothing is stored.

    The page fills every box with the saved run's budget and rules, so a question changes
    only what the committee changes. `directions` (the call's) checks direction quotas.
    """

    class Meta:
        csrf = False

    budget_wan = DecimalField(_l("Budget (10k yuan)"),
                              [Optional(), NumberRange(min=0, message=AMOUNT)],
                              places=2, description=_l("Empty: the track's saved budget."),
                              render_kw=DECIMAL)
    aggregation = SelectField(_l("Aggregation"), choices=AGGREGATION_CHOICES,
                              default="calibrated")
    max_cut = IntegerField(_l("Cut at most (%)"), [InputRequired(_l("Give 0 to 99.")),
                                                  NumberRange(0, 99)], default=0,
                         render_kw=NUMERIC)
    lottery = SelectField(_l("Lottery zone"), choices=LOTTERY_CHOICES, default="off")
    quotas = FieldList(FormField(WhatIfQuotaForm), label=_l("Quotas"))

    directions: tuple[str, ...] = ()
    refused = False  # set by validate: a question was asked and something in it is wrong

    def filled_quotas(self) -> list[WhatIfQuotaForm]:
        """The quota rows with a value (the others are dropped)."""
        return [entry.form for entry in self.quotas if (entry.form.value.data or "").strip()]

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        """The boxes, then each quota row, then what the funding rules cannot combine."""
        valid = super().validate(extra_validators)
        for entry in self.quotas:
            valid = _check_quota_row(entry.form, self.directions) and valid
        if self.filled_quotas() and (self.lottery.data == "on" or (self.max_cut.data or 0)):
            self.form_errors.append(_l(
                "Quotas cannot be combined with the lottery zone or with cuts: clear the "
                "quota values, or choose no lottery zone and no cut."))
            valid = False
        if self.lottery.data == "on" and self.aggregation.data != "calibrated":
            self.lottery.errors = [*self.lottery.errors, _l(
                "The lottery zone uses the calibrated score's rank intervals: choose the "
                "calibrated score, or no lottery zone.")]
            valid = False
        # Form.errors was cached before the row and combination checks: say it here.
        self.refused = not valid
        return valid


def _check_quota_row(row: WhatIfQuotaForm, directions: tuple[str, ...]) -> bool:
    """A row with a value needs a known direction and a bound, and at least ≤ at most."""
    value = (row.value.data or "").strip()
    bounds = (row.min_count.data, row.max_count.data, row.max_wan.data)
    if not value:
        if any(bound is not None for bound in bounds):
            row.value.errors = [*row.value.errors, _l(
                "Name the direction or partner province this quota counts.")]
            return False
        return True
    problems = []
    if row.group.data == "direction" and directions and value not in directions:
        problems.append(_l("The call has no direction %(value)s; its directions: %(known)s.",
                           value=value, known="；".join(directions)))
    if all(bound is None for bound in bounds):
        problems.append(_l("Give at least, at most or an amount for this quota."))
    if (row.min_count.data is not None and row.max_count.data is not None
            and row.min_count.data > row.max_count.data):
        problems.append(_l("At least is more than at most."))
    row.value.errors = [*row.value.errors, *problems]
    return not problems


class DecisionForm(FlaskForm):
    """The committee's decision on one application."""

    outcome = RadioField(_l("Decision"), choices=OUTCOME_CHOICES, validators=[DataRequired()])
    approved_wan = DecimalField(_l("Approved amount (10k yuan)"),
                                [Optional(), NumberRange(min=0)], places=2)
    cut_reason = StringField(_l("Reason for the cut (核减)"), [Length(max=500)])
    note = TextAreaField(_l("Note"), [Length(max=2000)])
    submit = SubmitField(_l("Save decision"))


class NotesForm(FlaskForm):
    """The meeting's notes."""

    notes = TextAreaField(_l("Meeting notes"), [Length(max=20000)])
    submit = SubmitField(_l("Save notes"))


class UnfreezeForm(FlaskForm):
    """An admin's unfreeze, with the reason the audit keeps."""

    reason = TextAreaField(_l("Reason for unfreezing"), [DataRequired(), Length(max=1000)])
    submit = SubmitField(_l("Unfreeze the list"))
