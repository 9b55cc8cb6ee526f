"""Time the pure eligibility engine on copies of the demo call (run by hand)."""

from __future__ import annotations

import argparse
import dataclasses
import time

from reviewapp.call_settings_model import template_2025
from reviewapp.demo import DEMO_DEADLINE
from reviewapp.demo.generator import build_demo
from reviewapp.eligibility import check_book, summarize


def main() -> None:
    """Check the demo applications, copied `--copies` times, and print the rate."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=30, help="copies of the 180 demo apps")
    args = parser.parse_args()
    book = build_demo().book
    apps = tuple(dataclasses.replace(a, app_id=f"{a.app_id}-{n}")
                 for n in range(args.copies) for a in book.applications)
    scaled = dataclasses.replace(book, applications=apps)
    start = time.perf_counter()
    results = check_book(scaled, template_2025(), DEMO_DEADLINE)
    seconds = time.perf_counter() - start
    ineligible = sum(not summarize(o).eligible for o in results.values())
    print(f"{len(apps)} applications × 22 rules in {seconds:.2f} s "
          f"({len(apps) / seconds:,.0f} applications/s); {ineligible} ineligible")


if __name__ == "__main__":
    main()
