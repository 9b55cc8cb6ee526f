"""Experts and the committee in a real browser: each sees only what their role allows."""

from __future__ import annotations


def test_expert_sees_only_their_own_tasks(browser, live_app, zh):
    """An expert lands on their task list, sees their applications and no one else's."""
    browser.login("expert1", "expert123")
    browser.wait_url("/expert/")
    assert browser.heading() == zh("My review tasks")
    page = browser.wait("main").text
    for app_id in live_app.own_app_ids:
        assert app_id in page
    for app_id in live_app.other_app_ids:
        assert app_id not in page
    nav = browser.wait("header nav").text
    assert zh("Calls") not in nav
    assert zh("Committee") not in nav


def test_expert_is_refused_staff_pages(browser, live_app, zh):
    """Typing a staff address as an expert shows the 403 page, not the call."""
    browser.login("expert1", "expert123")
    browser.open(f"/staff/calls/{live_app.call_id}/applications")
    assert browser.heading() == "403"
    assert zh("Your account may not open this page.") in browser.wait("main").text
    assert not browser.all("table")


def test_committee_is_refused_a_staff_page(browser, live_app, zh):
    """The committee sees its own page, and a 403 on the call's staff overview."""
    browser.login("committee", "committee123")
    browser.wait_url("/committee/")
    assert browser.heading() == zh("Calls and budgets")
    browser.open(f"/staff/calls/{live_app.call_id}")
    assert browser.heading() == "403"
    assert not browser.all("nav.stepper")
    browser.click_and_wait(browser.wait("main a"))
    browser.wait_url("/committee/")
