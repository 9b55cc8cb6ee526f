"""Project rules: outputs and stage (E11), demonstration (E12), duration (E19), direction (E20)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reviewapp.eligibility.facts import (
    ApplicationFacts,
    RuleOutcome,
    failed,
    flagged,
    passed,
)
from reviewapp.vocabulary import STAGE_WORDS


def _paper_like(output: str, paper_only: list[str]) -> bool:
    """Whether an output form is only a paper, monograph or soft-science report."""
    return any(word in output for word in paper_only)


def check_e11(facts: ApplicationFacts, params: Mapping[str, Any]) -> RuleOutcome:
    """E11: some output is more than a paper/monograph/report, and the stage is not excluded.

    Blank outputs or a blank stage fail: the application then shows neither.
    """
    app = facts.application
    outputs = [o.strip() for o in app.output_types if o.strip()]
    paper_only = list(params["paper_only_outputs"])
    problems_zh, problems_en = [], []
    if not outputs:
        problems_zh.append("未填写成果形式")
        problems_en.append("no output form given")
    elif all(_paper_like(o, paper_only) for o in outputs):
        problems_zh.append("成果只体现为" + "、".join(outputs))
        problems_en.append("outputs are only " + ", ".join(outputs))
    stage = app.stage.strip()
    if not stage:
        problems_zh.append("未填写研究阶段")
        problems_en.append("no research stage given")
    elif stage in params["excluded_stages"]:
        problems_zh.append(f"处于{stage}阶段")
        problems_en.append(f"at the {stage} stage")
    if problems_zh:
        return failed("E11", "；".join(problems_zh), "; ".join(problems_en))
    if stage not in STAGE_WORDS.canonical:
        return flagged("E11", f"研究阶段“{stage}”无法识别，请人工核对",
                       f"research stage '{stage}' not recognised: staff check")
    return passed("E11", f"成果形式：{'、'.join(outputs)}；研究阶段：{stage}",
                  f"outputs: {', '.join(outputs)}; stage: {stage}")


def check_e12(facts: ApplicationFacts, params: Mapping[str, Any]) -> RuleOutcome:
    """E12: the demonstration site and scale and the quantified outputs are all stated."""
    app = facts.application
    fields = (("示范地点", "demo site", app.demo_site), ("示范规模", "demo scale", app.demo_scale),
              ("量化产出指标", "quantified outputs", app.quantified_outputs))
    missing = [(zh, en) for zh, en, value in fields if not value.strip()]
    if missing:
        return failed("E12", "未填写：" + "、".join(zh for zh, _ in missing),
                      "missing: " + ", ".join(en for _, en in missing))
    return passed("E12", f"示范地点 {app.demo_site.strip()}；规模 {app.demo_scale.strip()}",
                  f"demo at {app.demo_site.strip()}, scale {app.demo_scale.strip()}")


def check_e19(facts: ApplicationFacts, params: Mapping[str, Any]) -> RuleOutcome:
    """E19 (soft): the execution period equals the call's usual duration (24 months)."""
    months, usual = facts.application.duration_months, int(params["duration_months"])
    if months == usual:
        return passed("E19", f"执行期 {months} 个月", f"{months} months")
    return flagged("E19", f"执行期 {months} 个月 ≠ {usual} 个月", f"{months} months ≠ {usual}")


def check_e20(facts: ApplicationFacts, params: Mapping[str, Any]) -> RuleOutcome:
    """E20: the direction is one of the call's support directions (exact name)."""
    direction = facts.application.direction.strip()
    if direction in facts.settings.directions:
        return passed("E20", f"支持方向：{direction}", f"direction: {direction}")
    return failed("E20", f"支持方向“{direction or '未填写'}”不在本批次支持方向之列",
                  f"direction '{direction}' is not a support direction of the call")
