"""Staff views: the list of calls (each call's pages live in the other routes_* modules)."""

from __future__ import annotations

from flask import render_template, request

from reviewapp.services import call_tables
from reviewapp.staff import bp
from reviewapp.staff.forms_call import ReasonForm


@bp.route("/calls")
def calls() -> str:
    """Every call, newest first, with its application and expert counts (`?archived=1`: the
    archived ones)."""
    archived = request.args.get("archived") == "1"
    listed = call_tables.call_list(archived=archived)
    return render_template(
        "staff/calls.html",
        calls=listed.calls, archived=archived, reason_form=ReasonForm(),
        applications=listed.applications, experts=listed.experts,
    )
