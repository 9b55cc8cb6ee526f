"""Time parsing and storing a 5,000-application call workbook on SQLite (run by hand).

    .venv/bin/python benchmarks/import_benchmark.py [--applications 5000] [--experts 3000]
        [--units 2000] [--database sqlite:///...]

Builds the demo generator's call book at that size (topped up with plain units), writes
it as an .xlsx, then times `parse_call_book` and `import_call` (parse + store in one
transaction) on a fresh SQLite file in a temporary folder unless --database is given.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from reviewapp import create_app
from reviewapp.call_settings_model import UNIT_TYPES
from reviewapp.demo.generator import generate_demo_book
from reviewapp.extensions import db
from reviewapp.services.call_import import import_call
from reviewapp.workbook.export import export_call_book
from reviewapp.workbook.parse import parse_call_book
from reviewapp.workbook.records import CallBook, UnitRecord

PROVINCES = ("新疆", "北京", "上海", "江苏", "广东", "陕西", "四川", "浙江")


def sized_book(applications: int, experts: int, units: int, seed: int) -> CallBook:
    """The demo book at this size, with plain extra units up to `units`."""
    book = generate_demo_book(seed=seed, n_applications=applications, n_experts=experts)
    rng = random.Random(seed)
    extra = tuple(
        UnitRecord(f"UX{index:05d}", f"补充单位{index}", rng.choice(UNIT_TYPES),
                   rng.choice(PROVINCES), audit_years=(2023, 2024))
        for index in range(max(units - len(book.units), 0))
    )
    return replace(book, units=book.units + extra)


def main() -> None:
    """Build the workbook, time parse and parse+store, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=5000)
    parser.add_argument("--experts", type=int, default=3000)
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--database", help="SQLAlchemy URL; default a fresh SQLite file")
    args = parser.parse_args()

    book = sized_book(args.applications, args.experts, args.units, args.seed)
    data = export_call_book(book)
    print(f"workbook: {len(book.applications)} applications, {len(book.units)} units, "
          f"{len(book.experts)} experts, {len(book.relations)} relations, "
          f"{len(book.avoidance)} avoidance; {len(data) / 1e6:.1f} MB")

    started, cpu = time.perf_counter(), time.process_time()
    parsed = parse_call_book(data)
    parse_seconds, parse_cpu = time.perf_counter() - started, time.process_time() - cpu
    assert parsed.book == book, "round trip changed the book"
    # CPU time too: on a shared machine the wall clock also counts other people's work.
    print(f"parse only:    {parse_seconds:.2f} s wall, {parse_cpu:.2f} s CPU")

    with tempfile.TemporaryDirectory() as folder:
        url = args.database or f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
        with app.app_context():
            db.create_all()
            started, cpu = time.perf_counter(), time.process_time()
            result = import_call(data, "benchmark", date(2025, 6, 30))
            total, total_cpu = time.perf_counter() - started, time.process_time() - cpu
            assert result.ok, result.issues[:5]
            db.session.remove()
            db.engine.dispose()
    print(f"parse + store: {total:.2f} s wall, {total_cpu:.2f} s CPU "
          f"(call {result.call_id}, target < 10 s)")


if __name__ == "__main__":
    main()
