"""Staff forms of the review pages: reopen with a reason, reminders, paper-review upload."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import FieldList, HiddenField, IntegerField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length


class ReopenForm(FlaskForm):
    """Reopen one submitted review; the reason is shown to the expert and audited."""

    review_id = IntegerField(validators=[InputRequired()])
    reason = StringField(_l("Reason (shown to the expert)"),
                         validators=[DataRequired(), Length(max=500)])


class RemindForm(FlaskForm):
    """Remind the listed experts (pool codes) who still owe reviews."""

    experts = FieldList(HiddenField(), min_entries=0)


class ReviewsUploadForm(FlaskForm):
    """A workbook of reviews scored on paper."""

    book = FileField(_l("Reviews workbook (.xlsx)"), validators=[FileRequired()],
                     render_kw={"accept": ".xlsx"})
    submit = SubmitField(_l("Import"))
