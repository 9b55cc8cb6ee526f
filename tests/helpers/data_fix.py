"""A stored, checked call with one planted failure per application, for the data-fix tests."""

from __future__ import annotations

from reviewapp.services.eligibility import run_eligibility
from tests.helpers.eligibility_factory import DEADLINE, UNITS, good_app
from tests.helpers.eligibility_store import store_call


def stored_call(checked: bool = True) -> int:
    """A001 asks 55万 (fails E01 only); A002 gives 5 months a year (fails E16 only)."""
    call_id = store_call(UNITS, (
        good_app(app_id="A001", requested_yuan=550_000, self_funding_yuan=1_100_000,
                 outsourced_yuan=0),
        good_app(app_id="A002", pi_id="P2", pi_months_per_year=5),
    ), DEADLINE)
    if checked:
        run_eligibility(call_id)
    return call_id
