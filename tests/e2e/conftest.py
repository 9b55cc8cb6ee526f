"""Browser fixtures: one live app and one headless Chromium per test session (or xdist worker).

Every test here is skipped, with the reason, when chromium, chromedriver or selenium is
missing. Tests wait for what they expect to see (explicit waits), never for a fixed time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask_babel import force_locale
from flask_babel import gettext as babel_gettext

from tests.helpers.e2e_live import (
    LiveApp,
    browser_missing,
    emulate,
    new_driver,
    remove_profile,
    start_live_app,
)

WAIT_SECONDS = 30
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    """The app with a small demo call, served on 127.0.0.1 for the whole session."""
    reason = browser_missing()
    if reason:
        pytest.skip(reason)
    live = start_live_app(tmp_path_factory.mktemp("e2e-app"))
    yield live
    live.stop()


@pytest.fixture(scope="session")
def chromium(live_app: LiveApp, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One headless Chromium for the session; starting one costs seconds."""
    profile = tmp_path_factory.mktemp("chromium-profile")
    driver = new_driver(profile)
    yield driver
    driver.quit()
    remove_profile(profile)


class Browser:
    """The session's Chromium with the steps a user takes: open, log in, click, wait."""

    def __init__(self, driver: Any, live: LiveApp) -> None:
        self.driver = driver
        self.live = live

    def open(self, path: str) -> None:
        """Load a page of the live app."""
        self.driver.get(self.live.url + path)

    def wait(self, css: str) -> Any:
        """The first element matching `css` once it is visible."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as ec
        from selenium.webdriver.support.ui import WebDriverWait

        return WebDriverWait(self.driver, WAIT_SECONDS).until(
            ec.visibility_of_element_located((By.CSS_SELECTOR, css)))

    def wait_text(self, css: str, text: str) -> Any:
        """The element matching `css` once its text contains `text`."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as ec
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(self.driver, WAIT_SECONDS).until(
            ec.text_to_be_present_in_element((By.CSS_SELECTOR, css), text))
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def wait_url(self, fragment: str) -> None:
        """Wait until the address contains `fragment`."""
        from selenium.webdriver.support import expected_conditions as ec
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(self.driver, WAIT_SECONDS).until(ec.url_contains(fragment))

    def all(self, css: str) -> list[Any]:
        """Every element matching `css` on the current page."""
        from selenium.webdriver.common.by import By

        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def click_and_wait(self, element: Any) -> None:
        """Click something that loads a new page and wait until that page has loaded."""
        from selenium.webdriver.support.ui import WebDriverWait

        # A mark on the old window object disappears with the old page. Polling the old
        # <html> element instead races the navigation: Chromium may answer "node does not
        # belong to the document" rather than "stale element".
        self.driver.execute_script("window.__e2eOldPage = true;")
        element.click()
        WebDriverWait(self.driver, WAIT_SECONDS).until(lambda driver: driver.execute_script(
            "return !window.__e2eOldPage && document.readyState === 'complete';"))

    def choose(self, css: str, value: str) -> None:
        """Pick the option with `value` in the select matching `css`."""
        from selenium.webdriver.support.ui import Select

        Select(self.wait(css)).select_by_value(value)

    def login(self, username: str, password: str) -> None:
        """Fill the login form and wait for the home page that follows."""
        self.open("/login")
        self.wait("input[name=username]").send_keys(username)
        self.driver.find_element("css selector", "input[name=password]").send_keys(password)
        self.click_and_wait(self.driver.find_element("css selector", "input[type=submit]"))

    def html_lang(self) -> str:
        """The `lang` attribute of the page's root element."""
        return self.driver.find_element("tag name", "html").get_attribute("lang") or ""

    def heading(self) -> str:
        """The text of the page's first h1."""
        return self.wait("h1").text

    def overflow(self) -> dict[str, int]:
        """The page's scroll width against the viewport width."""
        return self.driver.execute_script(
            "return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth};")


@pytest.fixture
def browser(chromium: Any, live_app: LiveApp) -> Iterator[Browser]:
    """The session's Chromium, logged out, with a laptop viewport."""
    chromium.delete_all_cookies()
    emulate(chromium, None)
    yield Browser(chromium, live_app)
    chromium.delete_all_cookies()
    emulate(chromium, None)


@pytest.fixture
def zh(live_app: LiveApp) -> Any:
    """A function giving a msgid's text in the Chinese catalogue."""

    def translate(msgid: str, **values: Any) -> str:
        """The Chinese text of `msgid`, as the pages show it."""
        with live_app.app.test_request_context(), force_locale("zh_Hans_CN"):
            text = babel_gettext(msgid, **values)
        assert CJK.search(text), f"no Chinese translation for {msgid!r}"
        return text

    return translate
