"""Jinja filters and globals every page shares: 万元, dates, Shanghai times, safe links.

Money is stored in integer yuan and shown in 万元 with two decimals; the conversion runs
on `Decimal` so no float rounding ever reaches a page. Times are stored in UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, request, url_for
from flask_babel import gettext as _
from werkzeug.routing import BuildError

from reviewapp import charts

SHANGHAI = ZoneInfo("Asia/Shanghai")
YUAN_PER_WAN = 10_000
CENT = Decimal("0.01")


def yuan_to_wan(yuan: int | None) -> Decimal | None:
    """Integer yuan as 万元 rounded half-up to two decimals."""
    if yuan is None:
        return None
    return (Decimal(int(yuan)) / YUAN_PER_WAN).quantize(CENT, rounding=ROUND_HALF_UP)


def format_wan(yuan: int | None) -> str:
    """Integer yuan as a 万元 string with two decimals and thousands separators; '' for None."""
    wan = yuan_to_wan(yuan)
    return "" if wan is None else f"{wan:,.2f}"


def format_date(value: date | datetime | None) -> str:
    """A date (or the date of a datetime, in Shanghai) as YYYY-MM-DD; '' for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_shanghai(value)
    return f"{value:%Y-%m-%d}"


def to_shanghai(value: datetime) -> datetime:
    """A datetime in Asia/Shanghai; naive values are taken as UTC, the storage zone."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(SHANGHAI)


def format_datetime(value: datetime | None) -> str:
    """A datetime in Asia/Shanghai as YYYY-MM-DD HH:MM; '' for None."""
    return "" if value is None else f"{to_shanghai(value):%Y-%m-%d %H:%M}"


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
