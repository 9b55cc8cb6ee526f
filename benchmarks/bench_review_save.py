"""Time saving a review draft on the demo call with the Flask test client (run by hand).

    .venv/bin/python benchmarks/bench_review_save.py [--saves 200] [--database-url URL]

Builds the demo call (`reviewapp demo`, seed 2025) in a temporary SQLite file (or in the
empty database `--database-url` names), logs in as expert1, declares no conflict on one
task and saves its draft `--saves` times through the review form's POST (the autosave
request: JSON answer, compare-and-set on the version), each with the version the
previous save returned. Prints the median and 95th-percentile milliseconds of a save,
after one warm-up save; the target is p95 under 100 ms on SQLite.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time

from bench_pages import demo_app, percentile

HEADERS = {"Accept": "application/json", "X-Background-Save": "1"}
SCORES = {"necessity": "12", "maturity": "16.5", "technical": "15", "outputs": "11",
          "benefit": "16", "team": "8"}
COMMENT = "项目必要性较强，成果成熟度较高，技术路线可行；示范规模与量化指标需进一步明确。" * 4


def main() -> None:
    """Save the draft repeatedly and print the timing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    app, _ = demo_app(args.database_url)
    client = app.test_client()
    assert client.post("/login", data={"username": "expert1",
                                       "password": "expert123"}).status_code == 302
    listing = client.get("/expert/").get_data(as_text=True)
    tasks = re.findall(r'href="/expert/assignments/(\d+)"', listing)
    # A task still waiting for its declaration: its page offers the "none" answer.
    task = next(t for t in tasks if 'value="none"' in client.get(
        f"/expert/assignments/{t}").get_data(as_text=True))
    client.post(f"/expert/assignments/{task}", data={"decision": "none", "reason": ""})
    url = f"/expert/assignments/{task}/review"
    version = 0
    times = []
    for n in range(args.saves + 1):
        body = {**SCORES, "recommendation": "同意支持", "comment": f"{COMMENT}{n}",
                "version": str(version), "action": "save"}
        start = time.perf_counter()
        response = client.post(url, data=body, headers=HEADERS)
        elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        version = response.json["version"]
        if n:  # the first save inserts the row and warms the caches
            times.append(elapsed)
    print(f"{len(times)} draft saves of assignment {task} on "
          f"{app.config['SQLALCHEMY_DATABASE_URI'].split(':', 1)[0]}: "
          f"median {statistics.median(times):.1f} ms, p95 {percentile(times, 0.95):.1f} ms, "
          f"max {max(times):.1f} ms")


if __name__ == "__main__":
    main()
