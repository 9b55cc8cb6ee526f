"""Reads for the committee's pages: calls, the current run and what it shows."""

from __future__ import annotations

from reviewapp.extensions import db
from reviewapp.models import Call


def committee_call(call_id: int) -> Call | None:
    """The call with this id, if there is one."""
    return db.session.get(Call, call_id)
