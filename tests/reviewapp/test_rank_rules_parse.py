"""The `--quota` syntax and the checks on a call's funding rules, without a database."""

from __future__ import annotations

import dataclasses

import click
import pytest

from reviewapp.call_settings_model import template_2025
from reviewapp.commands.scoring import parse_quota
from reviewapp.services.ranking import RankingError, funding_rules


def test_quota_syntax_reads_track_group_value_and_bounds():
    """Each part lands in the stored quota's shape; `*` means every track."""
    assert parse_quota("T1:direction:数字经济:min=2,max=5") == {
        "track": "T1", "group": "direction", "value": "数字经济", "min_count": 2,
        "max_count": 5, "max_wan": None,
    }
    every = parse_quota("*:partner_province:上海:max_wan=120.5")
    assert every["track"] is None and every["max_wan"] == "120.5"


@pytest.mark.parametrize(("text", "says"), [
    ("T1:direction", "TRACK:GROUP:VALUE:BOUNDS"),
    ("T1:direction:数字经济", "TRACK:GROUP:VALUE:BOUNDS"),
    ("T1:region:新疆:min=1", "GROUP"),
    ("T1:direction:数字经济:least=2", "min=N"),
    ("T1:direction:数字经济:min=-1", "≥ 0"),
    ("T1:direction:数字经济:max=1.5", "whole"),
    ("T1:direction:数字经济:max_wan=lots", "≥ 0"),
])
def test_malformed_quotas_name_the_syntax(text, says):
    """A malformed --quota is refused with what to write instead."""
    with pytest.raises(click.BadParameter, match=says):
        parse_quota(text)


def test_stored_rules_are_read_and_overridden():
    """Stored cut, lottery, seed and quotas apply; a non-None override replaces each."""
    quota = parse_quota("T1:direction:数字经济:min=1,max_wan=100")
    settings = dataclasses.replace(template_2025(), funding={
        "max_cut_percent": 20, "lottery": True, "lottery_seed": 7, "quotas": [quota],
    })
    rules = funding_rules(settings)
    assert (rules.max_cut_percent, rules.lottery, rules.lottery_seed) == (20, True, 7)
    (only,) = rules.quotas_for("T1")
    assert only.quota.group == "direction:数字经济" and only.quota.max_yuan == 1_000_000
    assert rules.quotas_for("T2") == ()
    plain = funding_rules(settings, {"max_cut_percent": 0, "lottery": False, "quotas": []})
    assert (plain.max_cut_percent, plain.lottery, plain.quotas) == (0, False, ())
    assert funding_rules(settings, {"lottery": None}).lottery is True


@pytest.mark.parametrize(("funding", "says"), [
    ({"max_cut_percent": 100}, "0 to 99"),
    ({"max_cut_percent": 12.5}, "0 to 99"),
    ({"lottery_seed": -3}, "lottery_seed"),
    ({"quotas": ["T1:direction:数字经济:min=1"]}, "expected a mapping"),
    ({"quotas": [{"track": "T9", "group": "direction", "value": "数字经济", "min_count": 1}]},
     "no track T9"),
    ({"quotas": [{"track": "T1", "group": "direction", "value": "火星", "min_count": 1}]},
     "no direction"),
    ({"quotas": [{"track": "T1", "group": "direction", "value": "数字经济"}]}, "give min_count"),
    ({"quotas": [{"track": "T1", "group": "direction", "value": "数字经济", "min_count": 3,
                  "max_count": 2}]}, "exceeds"),
])
def test_bad_stored_rules_are_refused(funding, says):
    """Rules a ranking cannot honour stop it with a message naming the fault."""
    settings = dataclasses.replace(template_2025(), funding=funding)
    with pytest.raises(RankingError, match=says):
        funding_rules(settings)
