"""A live ReviewApp for browser tests: a demo call on SQLite, served in a thread, and Chromium.

Shared by tests/e2e/conftest.py and tests/e2e/screenshots.py. Nothing here downloads
anything: Selenium is given Debian's chromedriver and chromium paths explicitly.
"""

from __future__ import annotations

import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
MISSING_REASON = "chromium not installed: apt-get install chromium chromium-driver"
LAPTOP = (1366, 900)
PHONE = (390, 844)
CHROME_FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
    # An English browser: the app must still open in Chinese, its default.
    "--lang=en-US",
)
DEMO_APPLICATIONS = 40
DEMO_EXPERTS = 60
# An extra staff account whose language may be switched without touching the demo staff.
ENGLISH_STAFF = ("staff_en", "staff123")


@dataclass(frozen=True)
class LiveApp:
    """A running app: its base URL, the Flask app, the demo call and the expert fixtures."""

    url: str
    app: Flask
    call_id: int
    own_app_ids: tuple[str, ...]  # assigned to expert1
    other_app_ids: tuple[str, ...]  # assigned to expert2 only
    server: BaseWSGIServer
    thread: threading.Thread

    def stop(self) -> None:
        """Stop serving and release the database."""
        from reviewapp.extensions import db

        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)
        with self.app.app_context():
            db.engine.dispose()


class QuietHandler(WSGIRequestHandler):
    """A request handler that does not print a line per request."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Skip the access log."""


def browser_missing() -> str | None:
    """Why browser tests cannot run here, or None when they can."""
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        return MISSING_REASON
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium not installed: pip install selenium"
    return None


def make_app(database: Path) -> Flask:
    """An app on a SQLite file with real CSRF (the browser sends the tokens)."""
    from reviewapp import create_app

    return create_app({
        "TESTING": True,
        "SECRET_KEY": "e2e",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        "ARGON2_PROFILE": "CHEAPEST",
    })


def assign(call_id: int, app_ids: list[str], expert_code: str) -> None:
    """Give `expert_code` the listed applications, as an assignment run would."""
    from sqlalchemy import select

    from reviewapp.extensions import db
    from reviewapp.models import Application, Assignment, Expert

    expert = db.session.scalars(
        select(Expert).filter_by(call_id=call_id, expert_id=expert_code)).one()
    for app_id in app_ids:
        application = db.session.scalars(
            select(Application).filter_by(call_id=call_id, app_id=app_id)).one()
        db.session.add(Assignment(call_id=call_id, application_id=application.id,
                                  expert_id=expert.id, affinity=0.5, status="invited"))
    db.session.commit()


def seed(app: Flask) -> tuple[int, tuple[str, ...], tuple[str, ...]]:
    """Store a small demo call, the demo accounts, one English-tester and a few assignments."""
    from reviewapp.demo import build_demo, demo_accounts
    from reviewapp.demo.operations import reset_demo_accounts, store_demo_call
    from reviewapp.extensions import db
    from reviewapp.services.accounts import create_user

    demo = build_demo(2025, DEMO_APPLICATIONS, DEMO_EXPERTS)
    with app.app_context():
        db.create_all()
        stored = store_demo_call(demo.book, 2025)
        accounts = demo_accounts(demo.book)
        reset_demo_accounts(accounts)
        create_user(ENGLISH_STAFF[0], "staff", ENGLISH_STAFF[1])
        codes = {username: code for username, _, _, _, code in accounts}
        app_ids = [a.app_id for a in demo.book.applications]
        own, other = tuple(app_ids[:2]), tuple(app_ids[2:4])
        assign(stored.call_id, list(own), codes["expert1"])
        assign(stored.call_id, list(other), codes["expert2"])
    return stored.call_id, own, other


def start_live_app(folder: Path) -> LiveApp:
    """Seed a database in `folder` and serve the app on a free port of 127.0.0.1."""
    app = make_app(folder / "e2e.sqlite")
    call_id, own, other = seed(app)
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="e2e-server", daemon=True)
    thread.start()
    return LiveApp(f"http://127.0.0.1:{server.server_port}", app, call_id, own, other,
                   server, thread)


def new_driver(profile: Path, size: tuple[int, int] = LAPTOP) -> Any:
    """A headless Chromium driven through Debian's chromedriver, never Selenium Manager."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={size[0]},{size[1]}")
    # Console errors and failed loads, for tests that read driver.get_log("browser").
    options.set_capability("goog:loggingPrefs", {"browser": "SEVERE"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    return driver


def emulate(driver: Any, size: tuple[int, int] | None) -> None:
    """Emulate a phone's viewport (touch, device scale 2) or, with None, go back to the window."""
    if size is None:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        return
    width, height = size
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 2, "mobile": True})


def remove_profile(profile: Path) -> None:
    """Delete a Chromium profile folder, which may still be settling after quit."""
    shutil.rmtree(profile, ignore_errors=True)
