"""Tests for the shared Jinja filters and globals of reviewapp.jinja_filters."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from flask import Flask
from flask_babel import Babel
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewapp import jinja_filters


@pytest.fixture()
def bare_app():
    """A minimal app with only the shared filters registered."""
    app = Flask(__name__)
    Babel(app)
    jinja_filters.init_app(app)

    @app.route("/calls/<int:call_id>/things")
    def things(call_id):
        """A page to build URLs against."""
        return str(call_id)

    return app


@pytest.mark.parametrize(
    ("yuan", "shown"),
    [(0, "0.00"), (500_000, "50.00"), (505_050, "50.51"), (12_345_678_900, "1,234,567.89"),
     (1, "0.00"), (50, "0.01"), (None, "")],
)
def test_wan_two_decimals(yuan, shown):
    """Yuan are shown as 万元 with two decimals, rounding half up."""
    assert jinja_filters.format_wan(yuan) == shown


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=10**13))
def test_wan_round_trips_within_half_a_cent(yuan):
    """The shown 万元 amount is within 50 yuan of the stored one."""
    shown = jinja_filters.format_wan(yuan).replace(",", "")
    whole, cents = shown.split(".")
    assert abs(int(whole) * 10_000 + int(cents) * 100 - yuan) <= 50


def test_dates_and_shanghai_times():
    """Dates print as YYYY-MM-DD; naive datetimes are UTC and shown in Shanghai."""
    assert jinja_filters.format_date(date(2025, 3, 7)) == "2025-03-07"
    assert jinja_filters.format_date(None) == ""
    late_utc = datetime(2025, 3, 7, 20, 30)
    assert jinja_filters.format_datetime(late_utc) == "2025-03-08 04:30"
    assert jinja_filters.format_date(late_utc) == "2025-03-08"
    aware = datetime(2025, 3, 7, 20, 30, tzinfo=timezone(timedelta(hours=-5)))
    assert jinja_filters.format_datetime(aware) == "2025-03-08 09:30"
    assert jinja_filters.to_shanghai(datetime(2025, 1, 1, tzinfo=UTC)).hour == 8


def test_filters_render_in_templates(bare_app):
    """The filters and the yes/no helper are usable from Jinja."""
    with bare_app.test_request_context("/calls/3/things"):
        text = bare_app.jinja_env.from_string(
            "{{ 1234500 | wan }}|{{ d | ymd }}|{{ true | yesno }}|{{ false | yesno }}"
        ).render(d=date(2025, 1, 2))
    assert text == "123.45|2025-01-02|Yes|No"


def test_url_or_none_and_here(bare_app):
    """Unknown endpoints give None instead of an error; `here` keeps path arguments."""
    with bare_app.test_request_context("/calls/3/things?q=x"):
        assert jinja_filters.url_or_none("missing.endpoint", call_id=3) is None
        assert jinja_filters.url_or_none("things", call_id=4) == "/calls/4/things"
        assert jinja_filters.here(page=2) == "/calls/3/things?page=2"
