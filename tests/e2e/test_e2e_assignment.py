"""Staff run the assignment in a browser: form, run page with panels and charts, phone width."""

from __future__ import annotations

from sqlalchemy import select

from reviewapp.extensions import db
from reviewapp.models import AssignmentRun, RunPair
from tests.helpers.e2e_live import PHONE, emulate


def test_staff_run_the_assignment_from_the_page(browser, live_app, zh):
    """The stepper card opens the page; a run (not made current) shows its panels and charts."""
    browser.login("staff", "staff123")
    browser.open(f"/staff/calls/{live_app.call_id}")
    card = browser.wait(f"nav.stepper a[href='/staff/calls/{live_app.call_id}/assignment']")
    browser.click_and_wait(card)
    assert browser.heading() == zh("Expert assignment")
    per_app = browser.wait("input[name=per_app]")
    per_app.clear()
    per_app.send_keys("3")
    # Leave the shared demo call's pairs (other tests' expert tasks) as they are.
    tick = browser.wait("input[name=make_current]")
    if tick.is_selected():
        tick.click()
    browser.click_and_wait(browser.wait("form.assign-form button[type=submit]"))
    browser.wait_url("/assignment/runs/")
    assert browser.wait("h1").text.startswith(zh("Run"))
    assert browser.all("table.panel-table tbody tr")
    assert len(browser.all("svg.chart")) >= 3
    run_id = int(browser.driver.current_url.rstrip("/").split("/")[-1])
    with live_app.app.app_context():
        run = db.session.get(AssignmentRun, run_id)
        assert run.status == "optimal" and not run.is_current
        assert db.session.scalars(select(RunPair).where(RunPair.run_id == run_id)).first()
        db.session.remove()


def test_assignment_pages_fit_a_phone(browser, live_app):
    """The assignment and loads pages never scroll sideways at 390 px."""
    browser.login("staff", "staff123")
    emulate(browser.driver, PHONE)
    for path in ("/assignment", "/assignment/loads"):
        browser.open(f"/staff/calls/{live_app.call_id}{path}")
        browser.wait("h1")
        sizes = browser.overflow()
        assert sizes["scroll"] <= sizes["inner"], (path, sizes)
