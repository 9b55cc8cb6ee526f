"""Time the staff call workspace on a large synthetic call (run by hand).

    .venv/bin/python benchmarks/bench_staff_tables.py [--apps 3000] [--experts 800]

Prints one line per page: median milliseconds over five requests, on a temporary SQLite.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date

from reviewapp import create_app
from reviewapp.call_settings_model import DIRECTIONS, UNIT_TYPES
from reviewapp.extensions import db
from reviewapp.models import Application, ApplicationUnit, Call, EligibilityResult, Expert, Unit
from reviewapp.services.accounts import create_user


def build_call(apps: int, experts: int) -> int:
    """Store a call with `apps` applications, one unit per two, and `experts` experts."""
    call = Call(name="bench", deadline=date(2025, 6, 30))
    db.session.add(call)
    db.session.flush()
    units = [Unit(call_id=call.id, unit_id=f"U{n}", name=f"单位{n}",
                  unit_type=UNIT_TYPES[n % 4], province="新疆" if n % 3 else "北京")
             for n in range(apps // 2 + 1)]
    db.session.add_all(units)
    db.session.flush()
    for n in range(apps):
        lead = units[n // 2]
        application = Application(
            call_id=call.id, app_id=f"A{n:05d}", title=f"项目{n}", track=f"T{n % 2 + 1}",
            direction=DIRECTIONS[n % len(DIRECTIONS)], lead_unit_id=lead.unit_id,
            pi_name=f"负责人{n}", requested_yuan=(n % 50 + 1) * 10_000)
        application.units = [ApplicationUnit(unit_id=lead.id, role="lead")]
        db.session.add(application)
    db.session.flush()
    ids = db.session.scalars(db.select(Application.id).where(Application.call_id == call.id))
    db.session.add_all(EligibilityResult(application_id=i, rule_id=f"E{r:02d}",
                                         verdict="fail" if (i + r) % 97 == 0 else "pass")
                       for i in ids for r in range(1, 23))
    db.session.add_all(Expert(call_id=call.id, expert_id=f"E{n}", name=f"专家{n}",
                              province="新疆" if n % 2 else "上海",
                              directions=[DIRECTIONS[n % 15], DIRECTIONS[(n + 3) % 15]])
                       for n in range(experts))
    db.session.commit()
    return call.id


def main() -> None:
    """Build the call, log in as staff and time each page."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--apps", type=int, default=3000)
    parser.add_argument("--experts", type=int, default=800)
    args = parser.parse_args()
    folder = tempfile.mkdtemp()
    app = create_app({"SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite",
                      "ARGON2_PROFILE": "CHEAPEST"})
    with app.app_context():
        db.create_all()
        call_id = build_call(args.apps, args.experts)
        create_user("bench", "staff", "bench-pass-1")
    client = app.test_client()
    client.post("/login", data={"username": "bench", "password": "bench-pass-1"})
    base = f"/staff/calls/{call_id}"
    pages = [
        ("overview", base),
        ("applications page 1", base + "/applications"),
        ("applications filtered+sorted", base + "/applications?direction=数字经济"
         "&verdict=eligible&sort=requested_yuan&dir=desc&page=3"),
        ("applications search", base + "/applications?q=负责人12"),
        ("applications export (all rows)", base + "/applications?export=xlsx"),
        ("experts by direction", base + "/experts?direction=智慧农业"),
        ("units page 1", base + "/units"),
    ]
    print(f"{args.apps} applications, {args.experts} experts, SQLite")
    for name, url in pages:
        times = []
        for _ in range(5):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (name, response.status_code)
        print(f"{name:34s} {statistics.median(times):8.1f} ms")


if __name__ == "__main__":
    main()
