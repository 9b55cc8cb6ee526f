"""Unit name normalisation and likely-duplicate reports."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assignment.conflicts import Unit
from assignment.names import likely_duplicate_units, normalise_unit_name


def test_spellings_of_one_unit_share_a_key():
    """Full-width, spaces, brackets and the LLC suffix do not change the key."""
    spellings = ["新疆某某科技有限责任公司（乌鲁木齐）", "新疆 某某科技有限公司(乌鲁木齐)",
                 "新疆某某科技有限公司【乌鲁木齐】", "新疆某某科技有限公司（乌鲁木齐） "]
    assert len({normalise_unit_name(name) for name in spellings}) == 1
    assert normalise_unit_name("ＡＢＣ 大学") == normalise_unit_name("abc大学")


def test_joint_stock_company_stays_distinct():
    """股份有限公司 is another legal form than 有限公司."""
    assert normalise_unit_name("某某股份有限公司") != normalise_unit_name("某某有限公司")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=30))
def test_normalising_is_idempotent(name):
    """A key normalises to itself."""
    key = normalise_unit_name(name)
    assert normalise_unit_name(key) == key


def test_duplicates_are_reported_with_reasons():
    """Same name, same credit code and near-same names are grouped; strangers are not."""
    units = [
        Unit("U1", "新疆某某科技有限责任公司"),
        Unit("U2", "新疆 某某科技有限公司"),
        Unit("U3", "喀什农业研究所", credit_code="12650000ABC"),
        Unit("U4", "喀什市农业科学研究所", credit_code="12650000abc"),
        Unit("U5", "新疆大学化学化工学院"),
        Unit("U6", "新疆大学化学与化工学院"),
        Unit("U7", "清华大学"),
        Unit("U7", "清华大学"),
    ]
    groups = {group.unit_ids: group.reasons for group in likely_duplicate_units(units)}
    assert groups == {("U1", "U2"): ("same_name",), ("U3", "U4"): ("same_credit_code",),
                      ("U5", "U6"): ("similar_name",)}
