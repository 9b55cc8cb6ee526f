"""Committee forms: a run, a what-if, a decision, the meeting notes, freezing and flags."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DecimalField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from reviewapp.form_values import SelectChoice

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


class WhatIfForm(FlaskForm):
    """A what-if question, asked by GET so it can be bookmarked; nothing is stored."""

    class Meta:
        csrf = False

    budget_wan = DecimalField(_l("Budget (10k yuan)"), [Optional(), NumberRange(min=0)],
                              places=2)
    aggregation = SelectField(_l("Aggregation"), choices=AGGREGATION_CHOICES,
                              default="calibrated")
    max_cut = IntegerField(_l("Cut at most (%)"), [Optional(), NumberRange(0, 99)], default=0)
    lottery = BooleanField(_l("Lottery zone at the line"))
    no_quotas = BooleanField(_l("Ignore the call's quotas"))


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


class PriorityFlagsForm(FlaskForm):
    """Staff set an application's priorities under equal conditions."""

    partner_supported = BooleanField(_l("Supported by an aid province or its front command"))
    strong_team = BooleanField(_l("Team with good integrity, management and capacity"))
    chain_leader = BooleanField(_l("Led by a chain-leader or backbone enterprise"))
    commissioner = BooleanField(_l("Carried out by S&T commissioners"))
    industrial_prospects = BooleanField(_l("Good industrialisation prospects"))
    classified = BooleanField(_l("Classified content (涉密): handled offline"))
    submit = SubmitField(_l("Save flags"))
