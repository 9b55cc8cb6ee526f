"""What the committee's view modules share: the call lookup and the labels of flags."""

from __future__ import annotations

from flask import abort
from flask_babel import lazy_gettext as _l

from reviewapp.models import Call
from reviewapp.services.committee import committee_call

FLAG_LABELS = {
    "partner_supported": _l("Aid province supports"),
    "strong_team": _l("Strong team"),
    "chain_leader": _l("Chain leader"),
    "commissioner": _l("S&T commissioner"),
    "industrial_prospects": _l("Industrial prospects"),
}
RECOMMENDATION_SHORT = {"优先支持": _l("Priority"), "同意支持": _l("Support"),
                        "不予支持": _l("Do not support")}


def call_or_404(call_id: int) -> Call:
    """The call, or 404."""
    call = committee_call(call_id)
    if call is None:
        abort(404)
    return call
