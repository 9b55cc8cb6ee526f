"""A phone (390×844): staff pages never scroll sideways; wide tables scroll in their box."""

from __future__ import annotations

import pytest

from tests.helpers.e2e_live import PHONE, emulate

PAGES = ("/staff/calls/{call}", "/staff/calls/{call}/applications",
         "/staff/calls/{call}/eligibility", "/staff/calls")


@pytest.fixture
def phone(browser):
    """The browser logged in as staff, showing pages at a phone's size."""
    browser.login("staff", "staff123")
    emulate(browser.driver, PHONE)
    return browser


@pytest.mark.parametrize("path", PAGES)
def test_no_sideways_page_scroll_on_a_phone(phone, live_app, path):
    """The page is no wider than the phone's viewport."""
    phone.open(path.format(call=live_app.call_id))
    phone.wait("h1")
    sizes = phone.overflow()
    assert sizes["inner"] == PHONE[0]
    assert sizes["scroll"] <= sizes["inner"], sizes


def test_applications_table_scrolls_inside_its_box(phone, live_app):
    """The applications table is wider than a phone, so its wrapper scrolls, not the page."""
    phone.open(f"/staff/calls/{live_app.call_id}/applications")
    box = phone.wait(".table-scroll")
    widths = phone.driver.execute_script(
        "const b = arguments[0]; return {scroll: b.scrollWidth, client: b.clientWidth,"
        " overflow: getComputedStyle(b).overflowX};", box)
    assert widths["overflow"] == "auto"
    assert widths["scroll"] > widths["client"], widths
    assert widths["client"] <= PHONE[0]
