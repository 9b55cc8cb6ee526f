"""Edges of the project rules E11, E12, E19, E20."""

from __future__ import annotations

import pytest

from tests.helpers.eligibility_factory import good_app, run, verdict


@pytest.mark.parametrize(("stage", "expected"), [
    ("中试", "pass"), ("产业化示范", "pass"), ("推广应用", "pass"),
    ("基础研究", "fail"), ("实验研究", "fail"), ("", "fail"),
])
def test_e11_stage(stage: str, expected: str) -> None:
    assert verdict("E11", good_app(stage=stage)) == expected


@pytest.mark.parametrize(("outputs", "expected"), [
    (("论文", "专利"), "pass"), (("新产品",), "pass"),
    (("论文", "论著"), "fail"), (("软科学研究报告",), "fail"), ((), "fail"),
])
def test_e11_outputs(outputs: tuple[str, ...], expected: str) -> None:
    assert verdict("E11", good_app(output_types=outputs)) == expected


@pytest.mark.parametrize("blank", ["demo_site", "demo_scale", "quantified_outputs"])
def test_e12_each_field_required(blank: str) -> None:
    assert verdict("E12", good_app()) == "pass"
    outcome = run("E12", good_app(**{blank: "  "}))
    assert outcome.verdict == "fail"


@pytest.mark.parametrize(("months", "expected"), [(24, "pass"), (23, "flag"), (36, "flag")])
def test_e19_duration_flags_never_fails(months: int, expected: str) -> None:
    assert verdict("E19", good_app(duration_months=months)) == expected


def test_e20_direction() -> None:
    assert verdict("E20", good_app(direction="数字经济")) == "pass"
    assert verdict("E20", good_app(direction=" 数字经济 ")) == "pass"
    assert verdict("E20", good_app(direction="人工智能")) == "fail"
    assert verdict("E20", good_app(direction="")) == "fail"
