"""Forms of the admin pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from reviewapp.form_values import SelectChoice
from reviewapp.i18n import ROLE_LABELS


class UserForm(FlaskForm):
    """A new account."""

    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=80)])
    display_name = StringField(_l("Display name"), validators=[Optional(), Length(max=100)])
    role = SelectField(
        _l("Role"), choices=[SelectChoice(code, label) for code, label in ROLE_LABELS.items()]
    )
    expert_code = StringField(_l("Expert code"), validators=[Optional(), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=8)])
    submit = SubmitField(_l("Create user"))
