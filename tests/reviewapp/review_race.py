"""One process of the two-process save race: wait for the start file, save, print the outcome.

    python tests/reviewapp/review_race.py DB_URL OPTIONS_JSON ASSIGNMENT VERSION VALUE START
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reviewapp import create_app  # noqa: E402
from reviewapp.extensions import db  # noqa: E402
from reviewapp.models import Assignment  # noqa: E402
from reviewapp.services.review_checks import ReviewInput  # noqa: E402
from reviewapp.services.review_writes import StaleReview, write_review  # noqa: E402


def main() -> None:
    """Save `necessity = VALUE` at VERSION once the start file exists; print won/stale."""
    url, options, assignment_id, version, value, start = sys.argv[1:7]
    app = create_app({"SQLALCHEMY_DATABASE_URI": url,
                      "SQLALCHEMY_ENGINE_OPTIONS": json.loads(options), "SECRET_KEY": "race"})
    with app.app_context():
        assignment = db.session.get(Assignment, int(assignment_id))
        data = ReviewInput(scores={"necessity": float(value)}, comment=f"value {value}")
        print("ready", flush=True)
        while not Path(start).exists():  # both processes are loaded before either saves
            time.sleep(0.01)
        try:
            write_review(assignment, data, int(version), False, False, None)
            print("won", flush=True)
        except StaleReview:
            print("stale", flush=True)
        db.engine.dispose()


if __name__ == "__main__":
    main()
