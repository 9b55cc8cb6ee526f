"""The site's icon: /favicon.ico answers everyone, and every page links the icons."""

from __future__ import annotations

import re
import struct

import pytest


def test_favicon_ico_answers_without_login_as_an_icon(client):
    """Browsers ask for /favicon.ico on every page, logged in or not: a real .ico comes back
    (three PNG images, 16 to 48 px), not the login redirect or a 404."""
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype in ("image/vnd.microsoft.icon", "image/x-icon")
    data = response.get_data()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind, count) == (0, 1, 3)
    sizes = []
    for n in range(count):
        width, _, _, _, _, _, length, offset = struct.unpack("<BBBBHHII",
                                                             data[6 + 16 * n: 22 + 16 * n])
        assert data[offset: offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + length <= len(data)
        sizes.append(width)
    assert sizes == [16, 32, 48]
    response.close()


@pytest.mark.parametrize("role", [None, "staff", "expert", "committee"])
def test_every_page_links_icons_that_answer(client, auth, role):
    """The login page and each group's home page link both icons, and each link answers 200."""
    if role is not None:
        auth.login_as(role)
    page = client.get("/login" if role is None else "/", follow_redirects=True)
    links = re.findall(r'<link rel="icon" href="([^"]+)"', page.get_data(as_text=True))
    assert links == ["/favicon.ico", "/static/favicon.svg"]
    for link in links:
        response = client.get(link)
        assert response.status_code == 200, link
        response.close()
    svg = client.get("/static/favicon.svg")
    assert svg.mimetype == "image/svg+xml" and b"<svg" in svg.get_data()
    svg.close()
