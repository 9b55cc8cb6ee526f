"""Admin views: the list of accounts and the form to add one."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from reviewapp.admin import bp
from reviewapp.admin.forms import UserForm
from reviewapp.admin.operations import DuplicateUser, create_user
from reviewapp.extensions import db
from reviewapp.models import User


@bp.route("/users", methods=["GET", "POST"])
def users() -> Response | str:
    """List every account; create one from the form."""
    form = UserForm()
    if form.validate_on_submit():
        try:
            user = create_user(
                form.username.data, form.role.data, form.password.data,
                display_name=form.display_name.data or "",
                expert_code=form.expert_code.data or None,
                actor=current_user,
            )
        except DuplicateUser:
            db.session.rollback()
            form.username.errors.append(_("This username is taken."))
        else:
            flash(_("User %(name)s created.", name=user.username), "success")
            return redirect(url_for("admin.users"))
    accounts = db.session.scalars(select(User).order_by(User.role, User.username))
    return render_template("admin/users.html", form=form, users=list(accounts))
