"""The committee in a real browser: a track's ranked list, a what-if, and the print page.

At a laptop's width (1366) and a phone's (390): no page scrolls sideways and the console
stays free of errors (failed loads included), the charts draw, the what-if column
appears beside the saved ranks, and the print page's CJK font loads from the app.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers.e2e_live import LAPTOP, PHONE, emulate
from tests.helpers.reviewed_call import ranked_call


@pytest.fixture(scope="module")
def ranked(live_app: Any, tmp_path_factory: pytest.TempPathFactory) -> int:
    """A second call on the live app, reviewed and ranked (T1 budget 150 万元)."""
    return ranked_call(live_app.app, live_app.app.test_cli_runner(),
                       tmp_path_factory.mktemp("ranked-call"))


def console_errors(browser: Any) -> list[str]:
    """The console's errors since the last call (reading the log empties it)."""
    return [entry["message"] for entry in browser.driver.get_log("browser")
            if entry["level"] == "SEVERE"]


def assert_fits(browser: Any, where: str) -> None:
    """No sideways scroll and no console error on the page shown."""
    sizes = browser.overflow()
    assert sizes["scroll"] <= sizes["inner"], (where, sizes)
    assert console_errors(browser) == [], where


@pytest.mark.parametrize("size", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_ranked_list_what_if_and_print_page(browser, ranked, zh, size):
    """Log in as the demo committee, open T1, ask a what-if, then open the print page."""
    browser.login("committee", "committee123")
    emulate(browser.driver, PHONE if size == PHONE else None)
    console_errors(browser)  # forget the login page's log
    browser.open(f"/committee/calls/{ranked}/tracks/T1")
    assert browser.heading().startswith("T1")
    browser.wait("#caterpillar-box canvas")  # ECharts drew the rank intervals
    assert browser.all("tr.funding-line")
    assert not browser.all("#whatif-result")
    assert_fits(browser, "track page")

    budget = browser.wait("#budget_wan")
    assert budget.get_attribute("value") == "150"
    budget.clear()
    budget.send_keys("80")
    browser.choose("#aggregation", "mean")
    browser.click_and_wait(browser.wait(".whatif-buttons button[type=submit]"))
    browser.wait_text("table.ranked thead", zh("What-if rank"))
    summary = browser.wait("#whatif-result")
    assert zh("Drops below the line:") in summary.text
    assert browser.all(".arrow-up") and browser.all(".arrow-down")
    assert browser.wait("#budget_wan").get_attribute("value") == "80"
    assert_fits(browser, "what-if")

    browser.open(f"/committee/calls/{ranked}/decisions")
    browser.click_and_wait(browser.wait("a[href$='/print']"))
    assert zh("Review committee's decision list") in browser.heading()
    assert browser.all("tr.line")
    loaded = browser.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "document.fonts.load('16px \"ReviewApp CJK\"', '评审委员会').then("
        "  faces => done(faces.map(f => f.status)), e => done(String(e)));")
    assert loaded == ["loaded"], loaded
    assert_fits(browser, "print page")
