"""Staff in a browser: Chinese login, calls, overview, applications, eligibility, English."""

from __future__ import annotations

from collections import Counter

from reviewapp.demo.operations import DEMO_CALL_NAME
from reviewapp.eligibility.report import row_status
from reviewapp.services.eligibility import eligibility_rows


def stored_statuses(live_app) -> Counter[str]:
    """How many applications of the demo call are eligible, flagged, ineligible, unchecked."""
    with live_app.app.app_context():
        return Counter(row_status(row) for row in eligibility_rows(live_app.call_id))


def test_login_page_is_chinese_by_default(browser, zh):
    """An English-speaking browser still gets the Chinese login page first."""
    browser.open("/staff/calls")
    browser.wait_url("/login")
    assert browser.html_lang() == "zh-Hans"
    assert browser.heading() == zh("Log in")
    assert browser.wait("input[type=submit]").get_attribute("value") == zh("Log in")


def test_wrong_password_is_refused_in_chinese(browser, zh):
    """A wrong password keeps the user on the login page with a Chinese message."""
    browser.login("staff", "not-the-password")
    assert zh("Wrong username or password.") in browser.wait(".flash-error").text
    assert "/login" in browser.driver.current_url


def test_staff_reaches_the_call_overview(browser, live_app, zh):
    """Staff land on the calls list and open the call: the stepper and the counts show."""
    browser.login("staff", "staff123")
    browser.wait_url("/staff/calls")
    assert browser.heading() == zh("Calls")
    link = browser.wait(f"a[href='/staff/calls/{live_app.call_id}']")
    assert link.text == DEMO_CALL_NAME
    browser.click_and_wait(link)
    stepper = browser.wait("nav.stepper")
    steps = [step.text for step in browser.all("nav.stepper li.step")]
    assert len(steps) >= 7
    for label in ("Eligibility", "Assignment", "Decisions"):
        assert any(step.startswith(zh(label)) for step in steps), (label, steps)
    assert stepper.get_attribute("aria-label") == zh("Call pipeline")
    # The first card counts the applications and links to them.
    count = browser.wait(".overview-card .big a")
    assert count.text == "40"
    assert browser.all("svg")  # the per-track and per-direction charts


def test_applications_filter_search_and_detail(browser, live_app):
    """Filter by track, search one id, then open that application."""
    browser.login("staff", "staff123")
    browser.open(f"/staff/calls/{live_app.call_id}/applications")
    browser.wait("form.filter-bar")
    browser.choose("select[name=track]", "T2")
    browser.click_and_wait(browser.wait("form.filter-bar button[type=submit]"))
    browser.wait_url("track=T2")
    tracks = [row.text for row in browser.all("table.data-table tbody tr td:nth-child(3)")]
    assert tracks and set(tracks) == {"T2"}

    wanted = live_app.own_app_ids[0]
    browser.open(f"/staff/calls/{live_app.call_id}/applications")
    browser.wait("input[name=q]").send_keys(wanted)
    browser.click_and_wait(browser.wait("form.filter-bar button[type=submit]"))
    rows = browser.all("table.data-table tbody tr")
    assert len(rows) == 1
    browser.click_and_wait(rows[0].find_element("css selector", "td a"))
    browser.wait_url(f"/applications/{wanted}")
    assert wanted in browser.wait("main").text


def test_eligibility_check_runs_from_its_button(browser, live_app, zh):
    """The run button checks every application; the report counts the planted failures."""
    browser.login("staff", "staff123")
    browser.open(f"/staff/calls/{live_app.call_id}/eligibility")
    assert browser.heading() == zh("Eligibility check")
    button = browser.wait("main form.inline button[type=submit]")
    browser.click_and_wait(button)
    statuses = stored_statuses(live_app)
    assert statuses["ineligible"] > 0 and statuses["eligible"] > 0
    # The check runs as a job; the page shows its summary under the finished job.
    assert browser.wait(".job-done .job-summary p").text == zh(
        "Checked %(n)d applications: %(ok)d eligible, %(bad)d ineligible, %(flag)d flagged.",
        n=40, ok=statuses["eligible"], bad=statuses["ineligible"], flag=statuses["flagged"])
    cards = {card.text.split("\n")[-1]: card.text.split("\n")[0]
             for card in browser.all(".overview-card")}
    assert cards[zh("Ineligible")] == str(statuses["ineligible"])
    # A failed count in the rules table leads to the applications behind it.
    failed = browser.wait("table.data-table td.col-int a")
    expected = int(failed.text)
    browser.click_and_wait(failed)
    browser.wait_url("verdict=fail")
    assert len(browser.all("tbody a[href*='/eligibility/']")) == expected


def test_switch_to_english_and_back(browser, live_app, zh):
    """The header's language button turns the pages English, and back to Chinese."""
    browser.login("staff_en", "staff123")
    browser.wait_url("/staff/calls")
    browser.click_and_wait(browser.wait("header button[lang=en]"))
    assert browser.html_lang() == "en"
    assert browser.heading() == "Calls"
    browser.open(f"/staff/calls/{live_app.call_id}")
    steps = browser.wait("nav.stepper").text
    assert "Eligibility" in steps
    browser.click_and_wait(browser.wait("header button[lang=zh-Hans]"))
    assert browser.html_lang() == "zh-Hans"
    assert zh("Eligibility") in browser.wait("nav.stepper").text
