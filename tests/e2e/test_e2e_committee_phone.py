"""The committee's budget page on a phone (390×844): every budget stays in view."""

from __future__ import annotations

from tests.helpers.e2e_live import PHONE, emulate


def test_committee_budget_column_is_in_view_on_a_phone(browser, zh):
    """Every budget cell's right edge lies inside the phone's screen, with no sideways scroll."""
    browser.login("committee", "committee123")
    emulate(browser.driver, PHONE)
    browser.open("/committee/")
    assert browser.heading() == zh("Calls and budgets")
    cells = browser.all(".budget-table td.num")
    assert cells
    rights = [browser.driver.execute_script(
        "return arguments[0].getBoundingClientRect().right;", cell) for cell in cells]
    assert max(rights) <= PHONE[0], rights
    sizes = browser.overflow()
    assert sizes["scroll"] <= sizes["inner"], sizes

