"""The demo's assignment extras: one classified (涉密) application, and a second run to compare."""

from __future__ import annotations

import random

from reviewapp.extensions import db
from reviewapp.models import Application
from reviewapp.services.assignment import RunRequest, run_assignment
from reviewapp.services.audit import record_audit
from reviewapp.services.eligibility import eligible_application_ids


def flag_one_classified(call_id: int, seed: int) -> str | None:
    """Flag one eligible application 涉密, so the assignment page lists one to handle offline."""
    eligible = eligible_application_ids(call_id)
    if not eligible:
        return None
    chosen = db.session.get(Application, random.Random(seed).choice(sorted(eligible)))
    assert chosen is not None
    chosen.classified = True
    record_audit(None, "demo.classified", "application", chosen.app_id,
                 after={"classified": True}, call_id=call_id)
    db.session.commit()
    return chosen.app_id


def randomized_run_to_compare(call_id: int, per_app: int, seed: int) -> int:
    """A randomized run (probability cap 0.5) kept beside the current one, for comparison."""
    return run_assignment(call_id, RunRequest(per_app, "randomized", seed, 0.5,
                                              make_current=False)).id

