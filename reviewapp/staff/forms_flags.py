"""The form for one application's priorities under equal conditions (同等条件下优先) and 涉密."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, TextAreaField
from wtforms.validators import DataRequired, Length

from reviewapp.staff.forms_settings import PRIORITY_LABELS

FLAG_NAMES = (*PRIORITY_LABELS, "classified")


class ApplicationFlagsForm(FlaskForm):
    """The guide's priority flags, the classified flag, and the reason the audit keeps."""

    partner_supported = BooleanField(PRIORITY_LABELS["partner_supported"])
    strong_team = BooleanField(PRIORITY_LABELS["strong_team"])
    chain_leader = BooleanField(PRIORITY_LABELS["chain_leader"])
    commissioner = BooleanField(PRIORITY_LABELS["commissioner"])
    industrial_prospects = BooleanField(PRIORITY_LABELS["industrial_prospects"])
    classified = BooleanField(_l("Classified content (涉密): handled offline"))
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=1000)])
