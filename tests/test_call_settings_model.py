"""CallSettings: funding rules default, survive a JSON round trip, and old calls still load."""

from __future__ import annotations

import dataclasses
import json

from reviewapp.call_settings_model import (
    PRIORITY_FLAGS,
    CallSettings,
    default_funding,
    template_2025,
)

QUOTAS = [
    {"track": "T1", "group": "direction", "value": "数字经济", "min_count": 2, "max_count": 5,
     "max_wan": None},
    {"track": None, "group": "partner_province", "value": "上海", "min_count": None,
     "max_count": None, "max_wan": 120.5},
]


def test_funding_defaults_to_no_cuts_no_lottery_no_quotas():
    """The 2025 template funds in rank order with nothing switched on, experts hidden."""
    assert template_2025().funding == {
        "max_cut_percent": 0, "lottery": False, "lottery_seed": None, "quotas": [],
        "priorities": list(PRIORITY_FLAGS), "show_expert_identities": False,
    }


def test_funding_round_trips_through_json():
    """Settings with funding rules come back equal after to_json → JSON text → from_json."""
    funding = {"max_cut_percent": 20, "lottery": True, "lottery_seed": 42, "quotas": QUOTAS,
               "priorities": ["chain_leader"], "show_expert_identities": True}
    settings = dataclasses.replace(template_2025(), funding=funding, reviewers_per_app=3)
    stored = json.loads(json.dumps(settings.to_json(), ensure_ascii=False))
    assert CallSettings.from_json(stored) == settings
    assert stored["funding"]["quotas"][0]["value"] == "数字经济"


def test_settings_stored_before_funding_existed_take_the_defaults():
    """A call stored without `funding`, or with only some of its keys, loads with defaults."""
    old = template_2025().to_json()
    del old["funding"]
    assert CallSettings.from_json(old).funding == default_funding()
    partial = CallSettings.from_json({"funding": {"max_cut_percent": 10}})
    assert partial.funding == {**default_funding(), "max_cut_percent": 10}


def test_loaded_funding_does_not_share_the_stored_lists():
    """Editing a loaded call's quotas leaves the stored dict untouched."""
    stored = {"funding": {"quotas": [dict(QUOTAS[0])]}}
    loaded = CallSettings.from_json(stored)
    loaded.funding["quotas"][0]["min_count"] = 9
    assert stored["funding"]["quotas"][0]["min_count"] == 2
    assert default_funding()["quotas"] == []
