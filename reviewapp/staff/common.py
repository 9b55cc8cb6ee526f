"""Helpers the staff views share: language, downloads, paging, loading, re-run messages."""

from __future__ import annotations

import io
from typing import Any

from flask import abort, flash, send_file
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from reviewapp.models import Application, Call
from reviewapp.services import call_overview
from reviewapp.services.eligibility import RunSummary

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PER_PAGE = 50
# What each conflict rule means, for the conflicts page and the settings page.
CONFLICT_RULE_LABELS = {
    "C1": _l("Works at an applying unit"), "C2": _l("Worked at an applying unit (3 years)"),
    "C3": _l("Is the PI or a relative"), "C4": _l("Collaborated with the PI (3 years)"),
    "C5": _l("Advisor or student of the PI"), "C6": _l("Avoidance requested by the applicant"),
    "C7": _l("Declared by the expert"), "STAFF": _l("Added by staff"),
}


class RunForm(FlaskForm):
    """Run (or re-run) a check; the form only carries the CSRF token."""


def xlsx_response(data: bytes, name: str) -> Response:
    """An .xlsx download."""
    return send_file(io.BytesIO(data), mimetype=XLSX_MIME, as_attachment=True,
                     download_name=name)


def csv_response(text: str, name: str) -> Response:
    """A CSV download, UTF-8 with a byte-order mark so that Excel reads the Chinese."""
    return send_file(io.BytesIO(text.encode("utf-8-sig")), mimetype="text/csv",
                     as_attachment=True, download_name=name)


def page_number(args: Any) -> int:
    """The `page` request argument as a page number (1 when missing or not a number)."""
    try:
        return max(int(args.get("page", "1")), 1)
    except ValueError:
        return 1


def application_or_404(call: Call, app_id: str) -> Application:
    """The call's application with this workbook code, or a 404."""
    application = call_overview.find_application(call, app_id)
    if application is None:
        abort(404)
    return application


def flash_overrides(summary: RunSummary) -> None:
    """Say which overrides an eligibility run kept and which it dropped."""
    if summary.kept:
        flash(_("Overrides kept: %(list)s",
                list="、".join(f"{a} {r}" for a, r in summary.kept)), "info")
    if summary.dropped:
        flash(_("Overrides dropped because the verdict changed: %(list)s", list="；".join(
            f"{d.app_id} {d.rule_id} ({d.reason})" for d in summary.dropped)), "warning")
