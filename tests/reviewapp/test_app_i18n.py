"""Chinese by default, English on request, and a complete Chinese catalogue."""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

import reviewapp

CATALOGUE = Path(reviewapp.__file__).parent / "translations" / "zh_Hans_CN" / "LC_MESSAGES"


def test_zh_catalogue_is_complete_and_compiled():
    """Every msgid has a Chinese msgstr, and messages.mo holds the same messages."""
    with open(CATALOGUE / "messages.po", "rb") as handle:
        po = read_po(handle)
    empty = [m.id for m in po if m.id and not (m.string if isinstance(m.string, str)
                                              else all(m.string))]
    assert empty == []
    fuzzy = [m.id for m in po if m.id and m.fuzzy]
    assert fuzzy == []
    with open(CATALOGUE / "messages.mo", "rb") as handle:
        mo = read_mo(handle)
    assert {m.id: m.string for m in po if m.id} == {m.id: m.string for m in mo if m.id}


def test_pages_are_chinese_by_default(client):
    """The login page speaks Chinese to a new visitor."""
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="zh-Hans">' in page
    assert "登录" in page


def test_language_switch_to_english_and_back(client):
    """The switch stores the choice in the session; it follows the visitor."""
    response = client.post("/language/en", data={"next": "/login"})
    assert response.headers["Location"] == "/login"
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page and "Log in" in page and "登录" not in page
    client.post("/language/zh_Hans_CN", data={"next": "/login"})
    assert "登录" in client.get("/login").get_data(as_text=True)


def test_unknown_language_is_refused(client):
    """Only the offered languages can be chosen."""
    assert client.post("/language/xx").status_code == 400


def test_logged_in_choice_is_saved_on_the_account(client, auth, app):
    """A logged-in user's choice survives logging out and in again."""
    user = auth.login_as("staff")
    client.post("/language/en", data={"next": "/staff/calls"})
    auth.logout()
    with client.session_transaction() as session:
        session.clear()
    auth.login(user.username, user.password)
    page = client.get("/staff/calls").get_data(as_text=True)
    assert "Calls" in page and '<html lang="en">' in page


def test_login_prompt_is_flashed_in_chinese(client):
    """An anonymous visitor sent to login is told why, in Chinese, on a phone-ready page."""
    page = client.get("/staff/calls", follow_redirects=True).get_data(as_text=True)
    assert "请先登录后再访问此页面。" in page
    assert 'name="viewport"' in page
