"""Jinja filters and globals every page shares: 万元, dates, Shanghai times, safe links.

Money is stored in integer yuan and shown in 万元 with two decimals (`reviewapp.money`);
times are stored in UTC and shown in Asia/Shanghai (`reviewapp.local_time`).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, request, url_for
from flask_babel import gettext as _
from werkzeug.routing import BuildError

from reviewapp import charts
from reviewapp.local_time import SHANGHAI, format_date, format_datetime, to_shanghai
from reviewapp.money import format_wan, yuan_to_wan

# Pages and older callers read these names here; their one home is the module imported.
__all__ = ["SHANGHAI", "format_date", "format_datetime", "format_wan", "here", "init_app",
           "to_shanghai", "url_or_none", "yuan_to_wan"]

def format_yes_no(value: bool | None) -> str:
    """是/否 for a boolean through gettext; '' for None."""
    if value is None:
        return ""
    return _("Yes") if value else _("No")


def url_or_none(endpoint: str, **values: Any) -> str | None:
    """url_for, or None when the endpoint does not exist (yet) in this app."""
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


def here(**args: Any) -> str:
    """The current page's URL with its path arguments and these query arguments."""
    return url_for(request.endpoint or "", **(request.view_args or {}), **args)


def init_app(app: Flask) -> None:
    """Register the shared filters and globals on the app."""
    app.jinja_env.filters.update(
        wan=format_wan,
        ymd=format_date,
        shanghai=format_datetime,
        yesno=format_yes_no,
    )
    app.jinja_env.globals.update(
        url_or_none=url_or_none,
        here=here,
        bar_chart=charts.bar_chart,
        meter=charts.meter,
        Bar=charts.Bar,
    )
