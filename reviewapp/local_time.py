"""Times as people in the call read them: stored in UTC, shown in Asia/Shanghai."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def to_shanghai(value: datetime) -> datetime:
    """A datetime in Asia/Shanghai; naive values are taken as UTC, the storage zone."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(SHANGHAI)


def format_date(value: date | datetime | None) -> str:
    """A date (or the date of a datetime, in Shanghai) as YYYY-MM-DD; '' for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_shanghai(value)
    return f"{value:%Y-%m-%d}"


def format_datetime(value: datetime | None) -> str:
    """A datetime in Asia/Shanghai as YYYY-MM-DD HH:MM; '' for None."""
    return "" if value is None else f"{to_shanghai(value):%Y-%m-%d %H:%M}"
