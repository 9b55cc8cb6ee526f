"""The expert's journey in Chromium: log in, declare, read, save, submit (laptop and phone),
and a session that ends mid-review without losing what was typed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers.e2e_live import PHONE, emulate

TYPED = "示范规模与量化指标论证充分，技术路线清晰可行，建议进一步明确推广应用单位和服务安排。"


def new_task(live_app: Any, index: int) -> int:
    """Invite expert1 to one more application of the demo call; the assignment id."""
    from sqlalchemy import select

    from reviewapp.extensions import db
    from reviewapp.models import Application, Assignment, Expert, User

    with live_app.app.app_context():
        code = db.session.scalars(select(User.expert_code).filter_by(username="expert1")).one()
        expert = db.session.scalars(select(Expert).filter_by(call_id=live_app.call_id,
                                                             expert_id=code)).one()
        apps = db.session.scalars(select(Application).filter_by(call_id=live_app.call_id)
                                  .order_by(Application.app_id)).all()
        row = Assignment(call_id=live_app.call_id, application_id=apps[index].id,
                         expert_id=expert.id, status="invited")
        db.session.add(row)
        db.session.commit()
        return row.id


def declare_and_open_form(browser: Any, task: int) -> None:
    """From the task list: open the task, declare no conflict, land on the review form."""
    browser.open("/expert/")
    link = browser.wait(f"a[href='/expert/assignments/{task}']")
    browser.click_and_wait(link)
    browser.wait("input[name=decision][value=none]").click()
    browser.click_and_wait(browser.driver.find_element("css selector",
                                                        "form.declaration button[type=submit]"))
    browser.wait_url(f"/expert/assignments/{task}/review")
    browser.wait("#review-form")


def fill_scores(browser: Any) -> None:
    """Type a score for every indicator, a recommendation and a long comment."""
    for key, value in (("necessity", "12"), ("maturity", "16.5"), ("technical", "15"),
                       ("outputs", "11"), ("benefit", "16"), ("team", "8")):
        box = browser.wait(f"input[name={key}]")
        box.clear()
        box.send_keys(value)
    browser.choose("select[name=recommendation]", "同意支持")
    comment = browser.wait("textarea[name=comment]")
    comment.clear()
    comment.send_keys(TYPED)


@pytest.mark.parametrize("size", [None, PHONE], ids=["laptop", "phone"])
def test_declare_read_save_submit(browser, live_app, zh, size):
    """The whole journey, with the running total and the save time on screen."""
    task = new_task(live_app, 10 if size is None else 11)
    emulate(browser.driver, size)
    browser.login("expert1", "expert123")
    declare_and_open_form(browser, task)
    assert browser.wait(".app-facts h2").text  # the application is readable now
    fill_scores(browser)
    browser.wait_text("#running-total", "78.5")
    assert browser.overflow()["scroll"] <= browser.overflow()["inner"] + 1
    browser.click_and_wait(browser.wait("#save-button"))
    browser.wait_text(".flash-success", zh("Saved %(time)s", time="")[:3])
    assert browser.wait("input[name=maturity]").get_attribute("value") == "16.5"
    browser.wait("#submit-button").click()
    browser.wait("#confirm-dialog[open]")
    browser.click_and_wait(browser.wait("#confirm-yes"))
    browser.wait_url(f"/expert/assignments/{task}/submitted")
    assert zh("Review submitted") in browser.heading()
    browser.open(f"/expert/assignments/{task}/review")
    assert browser.wait("input[name=necessity]").get_attribute("disabled") is not None


def test_session_ends_mid_review_and_the_text_comes_back(browser, live_app, zh):
    """The session ends while typing; the save asks to log in, and the text is offered back."""
    from sqlalchemy import update

    from reviewapp.extensions import db
    from reviewapp.models import LoginSession
    from reviewapp.models.common import utcnow

    task = new_task(live_app, 12)
    browser.login("expert1", "expert123")
    declare_and_open_form(browser, task)
    fill_scores(browser)
    key = f"reviewapp:review:{task}"
    stored = browser.driver.execute_script(f"return window.localStorage.getItem('{key}');")
    assert TYPED in stored
    with live_app.app.app_context():  # the session ends on the server (idle, or logged out)
        db.session.execute(update(LoginSession).values(ended_at=utcnow()))
        db.session.commit()
    browser.click_and_wait(browser.wait("#save-button"))
    browser.wait_url("/login")
    browser.wait("input[name=username]").send_keys("expert1")
    browser.driver.find_element("css selector", "input[name=password]").send_keys("expert123")
    browser.click_and_wait(browser.driver.find_element("css selector", "input[type=submit]"))
    browser.wait_url(f"/expert/assignments/{task}/review")
    browser.wait("#restore")
    assert browser.wait("textarea[name=comment]").get_attribute("value") == ""
    browser.wait("#restore-yes").click()
    assert browser.wait("textarea[name=comment]").get_attribute("value") == TYPED
    assert browser.wait("input[name=maturity]").get_attribute("value") == "16.5"
    browser.wait_text("#running-total", "78.5")
