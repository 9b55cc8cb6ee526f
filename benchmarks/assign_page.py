"""A page run on a generated call: the time of each stage of `run_assignment`, and the pages.

Run by hand: `.venv/bin/python benchmarks/assign_page.py [--apps 500] [--experts 1000]
[--requests N]`.
A temporary SQLite database holds a generated call (the demo generator); the run goes
through the same service the page calls (conflicts → affinity → solve → store with the
explanations), then the run page (first page, page 3, a search), the assignment page and
the loads page are rendered through the test client (with `--requests N > 1`: one warm-up,
then the median of N). Prints one JSON line: sizes, status, stage timings and page times in
seconds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from reviewapp import create_app
from reviewapp.call_settings_model import template_2025
from reviewapp.demo.generator import generate_demo_book
from reviewapp.extensions import db
from reviewapp.models import User
from reviewapp.services.assignment import RunRequest, run_assignment
from reviewapp.services.call_import import create_call, store_call_book


def main() -> None:
    """Generate, store, run and render; print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--apps", type=int, default=500)
    parser.add_argument("--experts", type=int, default=1000)
    parser.add_argument("--per-app", type=int, default=5)
    parser.add_argument("--requests", type=int, default=1,
                        help="requests per page after one warm-up; the median is printed")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite'}",
                      "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
    with app.app_context():
        db.create_all()
        call = create_call("bench", date(2025, 3, 31), template_2025())
        store_call_book(call, generate_demo_book(seed=3, n_applications=args.apps,
                                                 n_experts=args.experts))
        staff = User(username="staff", role="staff")
        staff.set_password("secret123")
        db.session.add(staff)
        db.session.commit()
        call_id = call.id
        started = time.perf_counter()
        run = run_assignment(call_id, RunRequest(args.per_app))
        total = time.perf_counter() - started
        run_id, status, timings = run.id, run.status, dict(run.summary.get("timings", {}))
    client = app.test_client()
    client.post("/login", data={"username": "staff", "password": "secret123"})
    pages = {}
    for name, url in (("run_page", f"/staff/calls/{call_id}/assignment/runs/{run_id}"),
                      ("run_page_3", f"/staff/calls/{call_id}/assignment/runs/{run_id}?page=3"),
                      ("run_page_search",
                       f"/staff/calls/{call_id}/assignment/runs/{run_id}?q=ZJ00"),
                      ("assignment_page", f"/staff/calls/{call_id}/assignment"),
                      ("loads_page", f"/staff/calls/{call_id}/assignment/loads")):
        times = []
        for _ in range(args.requests + (args.requests > 1)):
            began = time.perf_counter()
            assert client.get(url).status_code == 200, url
            times.append(time.perf_counter() - began)
        pages[name] = round(statistics.median(times[-args.requests:]), 3)
    print(json.dumps({"applications": args.apps, "experts": args.experts, "k": args.per_app,
                      "status": status, "run_seconds": round(total, 3), "timings": timings,
                      **pages}))


if __name__ == "__main__":
    main()
