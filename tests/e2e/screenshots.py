"""Save PNGs of the main pages at laptop (1366×900) and phone (390×844) sizes, run by hand.

    .venv/bin/python -m tests.e2e.screenshots [--out /tmp/shots] [--english]

Starts the same live app as the browser tests (a 40-application demo call, eligibility
checked, two experts with assignments) and writes each page at each size as PNGs one
screen tall: NAME-SIZE-1.png, NAME-SIZE-2.png, …
"""

from __future__ import annotations

import argparse
import base64
import sys
import tempfile
from pathlib import Path
from typing import Any

from tests.helpers.e2e_live import (
    LAPTOP,
    PHONE,
    LiveApp,
    browser_missing,
    emulate,
    new_driver,
    remove_profile,
    start_live_app,
)

# Taller pages are cut here: a screenshot is for looking, not for archiving.
MAX_HEIGHT = 4000


def staff_pages(live: LiveApp) -> list[tuple[str, str]]:
    """(name, path) of every staff page worth a look."""
    call = f"/staff/calls/{live.call_id}"
    app_id = live.own_app_ids[0]
    return [
        ("calls", "/staff/calls"),
        ("overview", call),
        ("applications", f"{call}/applications"),
        ("applications-filtered", f"{call}/applications?track=T2&sort=requested_yuan&dir=desc"),
        ("application-detail", f"{call}/applications/{app_id}"),
        ("eligibility", f"{call}/eligibility"),
        ("eligibility-detail", f"{call}/eligibility/{app_id}"),
        ("units", f"{call}/units"),
        ("experts", f"{call}/experts"),
        ("import", "/staff/calls/import"),
        ("committee", "/committee/"),
        ("admin-users", "/admin/users"),
    ]


def page_tiles(driver: Any, tile_height: int) -> list[bytes]:
    """The page (up to MAX_HEIGHT CSS pixels) as PNGs one screen tall each, through DevTools."""
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    content = metrics["cssContentSize"]
    viewport = metrics["cssLayoutViewport"]
    width = max(content["width"], viewport["clientWidth"])
    height = min(max(content["height"], viewport["clientHeight"]), MAX_HEIGHT)
    tiles = []
    for top in range(0, int(height), tile_height):
        clip = {"x": 0, "y": top, "scale": 1, "width": width,
                "height": min(tile_height, height - top)}
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True, "clip": clip})
        tiles.append(base64.b64decode(shot["data"]))
    return tiles


def login(driver: Any, live: LiveApp, username: str, password: str) -> None:
    """Log in through the form."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver.delete_all_cookies()
    driver.get(live.url + "/login")
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(password)
    old = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    WebDriverWait(driver, 15).until(ec.staleness_of(old))


def set_english(driver: Any) -> None:
    """Press the header's English button."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    old = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, "header button[lang=en]").click()
    WebDriverWait(driver, 15).until(ec.staleness_of(old))


def shoot(driver: Any, live: LiveApp, out: Path, pages: list[tuple[str, str]]) -> list[Path]:
    """Save every page at both sizes; return the files written."""
    written = []
    for size_name, size in (("laptop", None), ("phone", PHONE)):
        emulate(driver, size)
        for name, path in pages:
            driver.get(live.url + path)
            tiles = page_tiles(driver, (size or LAPTOP)[1])
            for number, png in enumerate(tiles, start=1):
                target = out / f"{name}-{size_name}-{number}.png"
                target.write_bytes(png)
                written.append(target)
    emulate(driver, None)
    return written


def run_check(live: LiveApp) -> None:
    """Run the eligibility check so its report has something to show."""
    from reviewapp.services.eligibility import run_eligibility

    with live.app.app_context():
        run_eligibility(live.call_id)


def main(argv: list[str] | None = None) -> int:
    """Start the live app, take the screenshots, stop everything."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/shots"))
    parser.add_argument("--english", action="store_true", help="Switch the pages to English.")
    args = parser.parse_args(argv)
    reason = browser_missing()
    if reason:
        print(reason, file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="reviewapp-shots-"))
    live = start_live_app(work)
    driver = new_driver(work / "profile", LAPTOP)
    try:
        run_check(live)
        written = []
        # The login page, logged out.
        written += shoot(driver, live, args.out, [("login", "/login")])
        login(driver, live, "admin", "admin123")
        if args.english:
            set_english(driver)
        written += shoot(driver, live, args.out, staff_pages(live))
        login(driver, live, "expert1", "expert123")
        if args.english:
            set_english(driver)
        written += shoot(driver, live, args.out, [("expert", "/expert/"),
                                                  ("forbidden", "/staff/calls")])
    finally:
        driver.quit()
        live.stop()
        remove_profile(work)
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
