"""Time the staff pages of the demo call with the Flask test client (run by hand).

    .venv/bin/python benchmarks/bench_pages.py [--requests 50] [--database-url URL]

Builds the demo call (`reviewapp demo`, seed 2025: 180 applications, 320 experts,
1,431 forbidden pairs, 785 assigned pairs, a current and a randomized assignment run)
in a temporary SQLite file (or in the empty database `--database-url` names), logs in
as staff and prints, per page, the median and 95th-percentile wall-clock time of
`--requests` requests after one warm-up request, and the median CPU time of this process
per request. `--only TEXT` times only the pages whose name holds TEXT.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from reviewapp import create_app
from reviewapp.extensions import db
from reviewapp.models import AssignmentRun

PAGES = (
    ("eligibility", "/eligibility"),
    ("eligibility, failing E07", "/eligibility?rule=E07&verdict=fail"),
    ("eligibility, page 3", "/eligibility?page=3"),
    ("conflicts", "/conflicts"),
    ("conflicts, rule C1", "/conflicts?rule=C1"),
    ("conflicts, search", "/conflicts?q=A0"),
    ("overview", ""),
    ("applications", "/applications"),
    ("assignment run (current)", "/assignment/runs/{current}"),
    ("assignment run, page 3", "/assignment/runs/{current}?page=3"),
    ("assignment run, search", "/assignment/runs/{current}?q=ZJ00"),
    ("assignment run, weak only", "/assignment/runs/{current}?weak=1"),
    ("assignment run (other)", "/assignment/runs/{other}"),
    ("assignment loads", "/assignment/loads"),
)


def demo_app(database_url: str | None) -> tuple[Flask, int]:
    """An app on a fresh database holding the demo call, and the call's id."""
    url = database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite"
    app = create_app({"SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": url})
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    call_line = next(line for line in result.output.splitlines()
                     if line.startswith("Demo call "))
    return app, int(call_line.split()[2])


def demo_runs(app: Flask, call_id: int) -> dict[str, int]:
    """The demo's current assignment run and its other (randomized) run, by id."""
    with app.app_context():
        runs = db.session.execute(select(AssignmentRun.id, AssignmentRun.is_current)
                                  .where(AssignmentRun.call_id == call_id)).all()
    return {"current": next(i for i, current in runs if current),
            "other": next(i for i, current in runs if not current)}


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the sorted values lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def time_page(client: FlaskClient, url: str, requests: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of each of `requests` GETs of `url`, after a warm-up.

    The CPU time (this process, the database included for SQLite) tells the page's own
    cost apart from waiting on a machine that other work keeps busy.
    """
    assert client.get(url).status_code == 200, url
    wall, cpu = [], []
    for _ in range(requests):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, url
    return wall, cpu


def main() -> None:
    """Build the demo call, log in as staff and time each page."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--only", default="", help="time only pages whose name holds this")
    args = parser.parse_args()
    app, call_id = demo_app(args.database_url)
    runs = demo_runs(app, call_id)
    client = app.test_client()
    client.post("/login", data={"username": "staff", "password": "staff123"})
    backend = app.config["SQLALCHEMY_DATABASE_URI"].split(":", 1)[0]
    print(f"demo call {call_id}, {backend}, {args.requests} requests per page")
    print(f"{'page':28s} {'median':>9s} {'p95':>9s} {'CPU median':>11s}")
    wanted = [(name, path) for name, path in PAGES if not args.only or args.only in name]
    for name, path in wanted:
        wall, cpu = time_page(client, f"/staff/calls/{call_id}{path.format(**runs)}",
                               args.requests)
        print(f"{name:28s} {statistics.median(wall):6.1f} ms {percentile(wall, 0.95):6.1f} ms "
              f"{statistics.median(cpu):8.1f} ms")


if __name__ == "__main__":
    main()
