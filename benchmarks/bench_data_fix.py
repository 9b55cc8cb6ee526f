"""Time a data fix (修改数据) with its eligibility re-run on a generated call (run by hand).

    .venv/bin/python benchmarks/bench_data_fix.py [--apps 300] [--experts 100] [--repeat 5]

Prints the median seconds of `update_application` (parse, store, audit, re-run the check on
every application of the call, one commit) and of `update_unit`, on a temporary SQLite.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date

from sqlalchemy import select

from reviewapp import create_app
from reviewapp.call_settings_model import template_2025
from reviewapp.demo.generator import generate_demo_book
from reviewapp.extensions import db
from reviewapp.models import Application, Unit
from reviewapp.services.call_import import create_call, store_call_book
from reviewapp.services.data_fix import update_application, update_unit
from reviewapp.services.eligibility import run_eligibility


def timed(repeat: int, fix) -> float:
    """Median seconds of `fix(n)` over `repeat` runs, each changing the data."""
    seconds = []
    for n in range(repeat):
        start = time.perf_counter()
        result = fix(n)
        seconds.append(time.perf_counter() - start)
        assert result.ok and result.changes, result.errors
    return statistics.median(seconds)


def main() -> None:
    """Store a checked demo call, then time application and unit fixes."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--apps", type=int, default=300)
    parser.add_argument("--experts", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tempfile.mkdtemp()}/bench.db",
                      "SECRET_KEY": "bench"})
    with app.app_context():
        db.create_all()
        call = create_call("bench", date(2025, 3, 31), template_2025())
        store_call_book(call, generate_demo_book(seed=3, n_applications=args.apps,
                                                 n_experts=args.experts))
        db.session.commit()
        run_eligibility(call.id)
        app_id = db.session.scalars(select(Application.app_id)
                                    .where(Application.call_id == call.id)).first()
        unit_id = db.session.scalars(select(Unit.unit_id).where(Unit.call_id == call.id)).first()
        app_s = timed(args.repeat, lambda n: update_application(
            call.id, app_id, {"requested_wan": f"{40 + n}.5"}, "bench", None))
        unit_s = timed(args.repeat, lambda n: update_unit(
            call.id, unit_id, {"credit_code": f"9165{n:014d}"}, "bench", None))
    print(f"applications={args.apps} update_application={app_s:.3f}s update_unit={unit_s:.3f}s")


if __name__ == "__main__":
    main()
