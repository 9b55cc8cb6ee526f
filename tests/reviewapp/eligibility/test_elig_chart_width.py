"""The eligibility report's chart is drawn narrow enough to read on a phone."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from reviewapp.services.eligibility import run_eligibility
from tests.helpers.eligibility_factory import DEADLINE, UNITS, good_app
from tests.helpers.eligibility_store import store_call


def test_rule_chart_is_420_wide(app: Flask, client: FlaskClient, auth: Any) -> None:
    """The per-rule bar chart's drawing is 420 units wide, with Chinese bar texts."""
    with app.app_context():
        call_id = store_call(UNITS, (good_app(app_id="W1", pi_months_per_year=3),), DEADLINE)
        run_eligibility(call_id)
    auth.login_as("staff")
    page = client.get(f"/staff/calls/{call_id}/eligibility").get_data(as_text=True)
    charts = re.findall(r'<svg class="chart chart-bars"[^>]*viewBox="0 0 (\d+) \d+"', page)
    assert charts == ["420"]
    assert "不通过 1 · 提示 0" in page
