"""Admin views: the list of accounts and the form to add one."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from reviewapp.admin import bp
from reviewapp.admin.forms import UserForm
from reviewapp.form_values import filled
from reviewapp.services.accounts import DuplicateUser, all_users, create_user


@bp.route("/users", methods=["GET", "POST"])
def users() -> Response | str:
    """List every account; create one from the form."""
    form = UserForm()
    if form.validate_on_submit():
        try:
            user = create_user(
                filled(form.username.data), form.role.data, filled(form.password.data),
                display_name=form.display_name.data or "",
                expert_code=form.expert_code.data or None,
                actor=current_user,
            )
        except DuplicateUser:
            form.username.errors = [*form.username.errors, _("This username is taken.")]
        else:
            flash(_("User %(name)s created.", name=user.username), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/users.html", form=form, users=all_users())
