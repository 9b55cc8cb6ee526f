"""Forms of the assignment page: start a run, make one current, loads per expert and in bulk."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DecimalField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from reviewapp.form_values import SelectChoice
from reviewapp.models.application import REVIEWERS_MAX, REVIEWERS_MIN

MODE_LABELS = {
    "optimal": _l("Optimal: highest total affinity"),
    "fair": _l("Fair: lift the weakest panel first"),
    "randomized": _l("Randomized: no pair above probability Q"),
}
SCOPE_LABELS = {"all": _l("Every expert"), "available": _l("Available experts"),
                "external": _l("Experts from outside the region"),
                "local": _l("Experts from the region")}
LOAD_MAX = 500


class StartRunForm(FlaskForm):
    """K, the mode with its probability cap and seed, and whether the run becomes current."""

    per_app = IntegerField(_l("Experts per application (K)"), validators=[
        DataRequired(), NumberRange(min=REVIEWERS_MIN, max=REVIEWERS_MAX)],
        render_kw={"min": REVIEWERS_MIN, "max": REVIEWERS_MAX, "inputmode": "numeric"})
    mode = SelectField(_l("Mode"), default="optimal",
                       choices=[SelectChoice(k, v) for k, v in MODE_LABELS.items()])
    max_prob = DecimalField(_l("Probability cap Q (randomized)"), places=2, validators=[
        Optional(), NumberRange(min=0.05, max=1)],
        render_kw={"min": "0.05", "max": "1", "step": "0.05", "inputmode": "decimal"})
    seed = IntegerField(_l("Seed (randomized; empty: drawn and recorded)"), validators=[
        Optional(), NumberRange(min=0, max=2**31 - 1)], render_kw={"inputmode": "numeric"})
    make_current = BooleanField(_l("Make the run current when it succeeds"), default=True)


class MakeCurrentForm(FlaskForm):
    """Make a stored run the call's current one (CSRF only)."""


class ExpertLoadForm(FlaskForm):
    """One expert's minimum and maximum load (an empty maximum: no limit)."""

    min_load = IntegerField(_l("Minimum load"), validators=[
        Optional(), NumberRange(min=0, max=LOAD_MAX)], default=0,
        render_kw={"min": 0, "max": LOAD_MAX})
    max_load = IntegerField(_l("Maximum load"), validators=[
        Optional(), NumberRange(min=0, max=LOAD_MAX)], render_kw={"min": 0, "max": LOAD_MAX})


class BulkLoadForm(FlaskForm):
    """Minimum and/or maximum for a group of experts; an empty field leaves that bound."""

    scope = SelectField(_l("Experts"), default="all",
                        choices=[SelectChoice(k, v) for k, v in SCOPE_LABELS.items()])
    min_load = IntegerField(_l("Minimum load"), validators=[
        Optional(), NumberRange(min=0, max=LOAD_MAX)], render_kw={"min": 0, "max": LOAD_MAX})
    max_load = IntegerField(_l("Maximum load"), validators=[
        Optional(), NumberRange(min=0, max=LOAD_MAX)], render_kw={"min": 0, "max": LOAD_MAX})
    unlimited = BooleanField(_l("Remove the maximum"))


class WhyNotForm(FlaskForm):
    """An application and an expert whose absence from the panel staff want explained."""

    class Meta:
        csrf = False  # a read: the answer is a GET page

    app_id = StringField(_l("Application ID"), validators=[DataRequired(), Length(max=64)])
    expert_id = StringField(_l("Expert ID"), validators=[DataRequired(), Length(max=64)])
