"""E05 by meaning: each introduced achievement's kind, and an award's level and grade.

The guide asks for 1–2 achievements of the out-of-region partner, each a provincial-or-
higher S&T progress or technical invention award, or a patent, "等" (and the like), with
clear IP. A provincial award is exactly what it asks for; a prefecture award is below it;
a kind the call does not name, an award of unknown level, or an achievement written as
"…等" is for staff to judge (a flag), never a silent pass or fail.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reviewapp.eligibility.facts import ApplicationFacts, RuleOutcome, failed, flagged, passed
from reviewapp.vocabulary.achievements import (
    KIND_NAMES,
    LEVEL_NAMES,
    OTHER,
    PAPER,
    Achievement,
    parse_achievement,
)

PASS, FLAG, FAIL = "pass", "flag", "fail"


def described(item: Achievement) -> tuple[str, str]:
    """What the parser read, e.g. 「科技进步奖，省部级，一等奖」 / "S&T progress award, …"."""
    if item.kind is None:
        return "未能识别成果类别", "kind not recognised"
    zh, en = [KIND_NAMES[item.kind][0]], [KIND_NAMES[item.kind][1]]
    if item.is_award:
        level = LEVEL_NAMES.get(item.level or "")
        zh.append(level[0] if level else "级别未写明")
        en.append(level[1] if level else "level not stated")
        if item.grade:
            zh.append(item.grade)
            en.append(item.grade)
    return "，".join(zh), ", ".join(en)


def judge(item: Achievement, params: Mapping[str, Any]) -> tuple[str, str, str]:
    """One achievement's verdict with the reason in Chinese and English."""
    kinds, levels = set(params["achievement_kinds"]), set(params["achievement_levels"])
    wanted_zh = "、".join(LEVEL_NAMES[level][0] for level in params["achievement_levels"]
                         if level in LEVEL_NAMES)
    if item.kind is None:
        return (FLAG, "无法判断是否属于要求的科技成果，请人工核对",
                "cannot tell its kind: staff check")
    if item.vague:
        return FLAG, "写作“…等”，具体成果须人工核对", "written as '… etc.': staff check"
    if item.kind == PAPER:
        return FAIL, "论文论著不属于可引进的科技成果", "a paper is no achievement to introduce"
    if item.kind not in kinds:
        if item.kind == OTHER:
            return (FLAG, "属于“等”类其他科技成果，须人工判断",
                    "another S&T achievement: staff judge")
        return FAIL, "本批次不接受此类成果", "this call does not accept this kind"
    if not item.is_award:
        return PASS, "符合", "accepted"
    if item.level is None:
        return FLAG, "奖励级别未写明或无法判断，请人工核对", "award level unknown: staff check"
    if item.level not in levels:
        level_zh, level_en = LEVEL_NAMES[item.level]
        return (FAIL, f"奖励级别为{level_zh}，须为{wanted_zh}",
                f"a {level_en} award; the call needs {', '.join(params['achievement_levels'])}")
    return PASS, "符合", "accepted"


def check_e05(facts: ApplicationFacts, params: Mapping[str, Any]) -> RuleOutcome:
    """E05: min..max achievements, each of an accepted kind and level, with clear IP."""
    app = facts.application
    low, high = int(params["min_achievements"]), int(params["max_achievements"])
    problems_zh, problems_en = [], []
    if not low <= app.achievement_count <= high:
        problems_zh.append(f"引进成果 {app.achievement_count} 项，应为 {low}–{high} 项")
        problems_en.append(f"{app.achievement_count} achievements, need {low}–{high}")
    if not app.achievement_ip_clear:
        problems_zh.append("知识产权归属不清晰")
        problems_en.append("IP ownership not clear")
    items = [parse_achievement(text) for text in app.achievement_types if text.strip()]
    if not items:
        problems_zh.append("未填写成果类型")
        problems_en.append("no achievement type given")
    verdicts, notes_zh, notes_en = [], [], []
    for item in items:
        verdict, why_zh, why_en = judge(item, params)
        read_zh, read_en = described(item)
        verdicts.append(verdict)
        notes_zh.append(f"“{item.text}”（{read_zh}）：{why_zh}")
        notes_en.append(f"'{item.text}' ({read_en}): {why_en}")
    zh, en = "；".join(problems_zh + notes_zh), "; ".join(problems_en + notes_en)
    if problems_zh or FAIL in verdicts:
        return failed("E05", zh, en)
    if FLAG in verdicts:
        return flagged("E05", zh, en)
    return passed("E05", f"引进成果 {app.achievement_count} 项，知识产权清晰；{zh}",
                  f"{app.achievement_count} achievements, IP clear; {en}")
