"""redirect_back: back to a page of this site, never to a referrer elsewhere."""

from __future__ import annotations

import pytest
from flask import Flask

from reviewapp.security import redirect_back


@pytest.mark.parametrize(("referrer", "expected"), [
    ("http://localhost/staff/calls/1/invitations?status=invited",
     "http://localhost/staff/calls/1/invitations?status=invited"),
    ("http://evil.example/staff", "/fallback"),
    (None, "/fallback"),
])
def test_redirect_back(app: Flask, referrer: str | None, expected: str) -> None:
    headers = {"Referer": referrer} if referrer else {}
    with app.test_request_context("/", base_url="http://localhost", headers=headers):
        response = redirect_back("/fallback")
    assert response.status_code == 302
    assert response.location == expected
