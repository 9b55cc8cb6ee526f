"""Conflict detection under rules C1–C7: joins on small tables, never a loop over all pairs.

Each rule yields rows (app, expert, rule, evidence, evidence_en), only for the pairs found:
the evidence in Chinese (staff pages in Chinese, the export and the CSV) and in English
(pages in English). Both name the same people, units, dates and reasons.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

import numpy as np
import pandas as pd

from assignment.conflicts.context import (
    ROLE_NAMES,
    ROLE_NAMES_EN,
    Context,
    person_name_key,
    typed_frame,
)
from assignment.conflicts.model import STAFF_RULE, ConflictInputs, ConflictPolicy
from assignment.conflicts.result import ConflictSet, PossibleMatch, RemovedConflict
from assignment.stopping import ShouldStop, checkpoint, never


def _rows(app: pd.Series | np.ndarray | list[int], expert: pd.Series | np.ndarray | list[int],
          rule: str,
          evidence: Sequence[str], evidence_en: Sequence[str]) -> pd.DataFrame:
    """A frame of rule rows, each with its Chinese and its English evidence."""
    return pd.DataFrame({"app": np.asarray(app, dtype=np.int64),
                         "expert": np.asarray(expert, dtype=np.int64),
                         "rule": rule, "evidence": pd.Series(list(evidence), dtype=object),
                         "evidence_en": pd.Series(list(evidence_en), dtype=object)})


def _in_window(until: pd.Series, start: date) -> pd.Series:
    """True where a relation's end date is missing or on/after the window's first day."""
    dates = pd.to_datetime(until, errors="coerce")
    return dates.isna() | (dates >= pd.Timestamp(start))


def _date_texts(until: pd.Series) -> np.ndarray:
    """Dates as YYYY-MM-DD strings, '' where missing."""
    dates = pd.to_datetime(until, errors="coerce")
    return dates.dt.strftime("%Y-%m-%d").fillna("").to_numpy(dtype=object)


def _lookup(values: list[str], indexes: pd.Series) -> np.ndarray:
    """values[i] for each index, as an object array (for vectorised string building)."""
    looked_up: np.ndarray = np.asarray(values, dtype=object)[indexes.to_numpy(dtype=np.int64)]
    return looked_up


def _unit_phrases(ctx: Context, joined: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per row, '<expert's unit><link>，为项目<role> <app's unit>' and its English, each
    built once per distinct case."""
    if joined.empty:
        return np.array([], dtype=object), np.array([], dtype=object)
    keys = ["unit_l", "unit_r", "link", "role"]
    codes, cases = pd.MultiIndex.from_frame(joined[keys]).factorize()
    names, units = ctx.units.names, ctx.units
    zh = np.array([
        f"{names[ur]}{units.describe_link(ul, ur, link)}，为项目{ROLE_NAMES[role]} {names[ul]}"
        for ul, ur, link, role in cases], dtype=object)
    en = np.array([
        f"{names[ur]}{units.describe_link(ul, ur, link, english=True)}, the application's "
        f"{ROLE_NAMES_EN[role]} {names[ul]}"
        for ul, ur, link, role in cases], dtype=object)
    described: tuple[np.ndarray, np.ndarray] = (zh[codes], en[codes])
    return described


def _with_reason(texts: Iterable[str], reasons: Iterable[str], colon: str) -> list[str]:
    """Each text, followed by its reason after `colon` when there is one."""
    return [f"{text}{colon}{reason}" if reason else text
            for text, reason in zip(texts, reasons, strict=True)]


def _c1_current_unit(ctx: Context, policy: ConflictPolicy) -> pd.DataFrame:
    """C1: the expert works at (or under, or above) one of the application's units."""
    joined = ctx.units.join(ctx.app_units, ctx.expert_units)
    typed = [""] * len(ctx.expert_ids)
    for expert in ctx.inputs.experts:
        typed[ctx.expert_pos[expert.expert_id]] = expert.unit_name
    by_name = joined["by_name"].to_numpy(dtype=bool)
    typed_names = _lookup(typed, joined["expert"])
    names = _lookup(ctx.expert_names, joined["expert"])
    phrases, phrases_en = _unit_phrases(ctx, joined)
    suffix = np.where(by_name, "（按填报的工作单位名称“" + typed_names + "”匹配）", "")
    suffix_en = np.where(by_name, " (matched by the unit name given, “" + typed_names + "”)", "")
    evidence = "专家 " + names + " 任职于 " + phrases + suffix.astype(object)
    evidence_en = "Expert " + names + " works at " + phrases_en + suffix_en.astype(object)
    return _rows(joined["app"], joined["expert"], "C1", evidence, evidence_en)


def _c2_past_unit(ctx: Context, policy: ConflictPolicy) -> pd.DataFrame:
    """C2: the expert worked at one of the application's units within the window."""
    jobs = ctx.jobs[_in_window(ctx.jobs["until"], policy.window_start(
        policy.past_employment_years))]
    units = np.array([ctx.units.lookup(u) for u in jobs["unit_id"]], dtype=np.int64)
    jobs = jobs.assign(unit=units)
    joined = ctx.units.join(ctx.app_units, jobs.drop(columns=["unit_id"]))
    dates = _date_texts(joined["until"])
    dated = dates != ""
    when = np.where(dated, dates + " 前曾任职于 ",
                    "曾任职于（未填截止日期，视为仍在期限内） ").astype(object)
    when_en = np.where(dated, " until " + dates,
                       " (no end date given: counted as within the window)").astype(object)
    names = _lookup(ctx.expert_names, joined["expert"])
    phrases, phrases_en = _unit_phrases(ctx, joined)
    evidence = "专家 " + names + " " + when + phrases
    evidence_en = "Expert " + names + " worked at " + phrases_en + when_en
    return _rows(joined["app"], joined["expert"], "C2", evidence, evidence_en)


def _c3_pi_or_relative(ctx: Context, policy: ConflictPolicy) -> pd.DataFrame:
    """C3: the expert is the PI (same person id) or a relative (亲属) of the PI."""
    experts = typed_frame(list(zip(ctx.expert_ids, range(len(ctx.expert_ids)), strict=True)),
                          {"pi_id": object, "expert": np.int64})
    same = ctx.pi_frame().merge(experts, on="pi_id")
    names = _lookup(ctx.expert_names, same["expert"])
    pi_ids = same["pi_id"].to_numpy(dtype=object)
    self_rows = _rows(same["app"], same["expert"], "C3",
                      "专家 " + names + " 即项目负责人（人员编号 " + pi_ids + "）",
                      "Expert " + names + " is the PI (person id " + pi_ids + ")")
    pairs = ctx.person_pairs()
    kin = pairs[pairs["kind"] == "亲属"]
    names, pis = _lookup(ctx.expert_names, kin["expert"]), _lookup(ctx.pi_names, kin["app"])
    kin_rows = _rows(kin["app"], kin["expert"], "C3",
                     "专家 " + names + " 与项目负责人 " + pis + " 为亲属关系",
                     "Expert " + names + " is a relative of the PI " + pis)
    return pd.concat([self_rows, kin_rows], ignore_index=True)


def _c4_collaboration(ctx: Context, policy: ConflictPolicy) -> pd.DataFrame:
    """C4: the expert collaborated with the PI within the window."""
    pairs = ctx.person_pairs()
    pairs = pairs[pairs["kind"] == "合作"]
    pairs = pairs[_in_window(pairs["until"], policy.window_start(policy.collaboration_years))]
    years = policy.collaboration_years
    names, pis = _lookup(ctx.expert_names, pairs["expert"]), _lookup(ctx.pi_names, pairs["app"])
    dates = _date_texts(pairs["until"])
    dated = dates != ""
    when = np.where(dated, "合作至 " + dates + f"（近 {years} 年内）",
                    "有合作关系（未填截止日期，视为仍在期限内）").astype(object)
    when_en = np.where(dated, " until " + dates + f" (within {years} years)",
                       " (no end date given: counted as within the window)").astype(object)
    return _rows(pairs["app"], pairs["expert"], "C4",
                 "专家 " + names + " 与项目负责人 " + pis + " " + when,
                 "Expert " + names + " collaborated with the PI " + pis + when_en)


def _c5_advisor(ctx: Context, policy: ConflictPolicy) -> pd.DataFrame:
    """C5: the expert is or was the PI's advisor or student (any time)."""
    pairs = ctx.person_pairs()
    pairs = pairs[pairs["kind"] == "师生"]
    names, pis = _lookup(ctx.expert_names, pairs["expert"]), _lookup(ctx.pi_names, pairs["app"])
    return _rows(pairs["app"], pairs["expert"], "C5",
                 "专家 " + names + " 与项目负责人 " + pis + " 为师生关系",
                 "Expert " + names + " and the PI " + pis + " are advisor and student")


def _c6_avoidance(ctx: Context, policy: ConflictPolicy) -> pd.DataFrame:
    """C6: the applicant asked to avoid the expert, or every expert of a unit."""
    direct, by_unit = [], []
    for request in ctx.inputs.avoidance:
        app = ctx.app_pos.get(request.app_id)
        if app is None:
            continue
        if request.expert_id and request.expert_id in ctx.expert_pos:
            direct.append((app, ctx.expert_pos[request.expert_id], request.reason))
        if request.unit_id:
            by_unit.append((app, ctx.units.lookup(request.unit_id), request.reason))
    direct_frame = typed_frame(direct, {"app": np.int64, "expert": np.int64, "reason": object})
    names = _lookup(ctx.expert_names, direct_frame["expert"])
    reasons = direct_frame["reason"].tolist()
    direct_rows = _rows(direct_frame["app"], direct_frame["expert"], "C6",
                        _with_reason("申报方申请回避专家 " + names, reasons, "："),
                        _with_reason("The applicant asked to avoid expert " + names, reasons,
                                     ": "))
    requests = typed_frame(by_unit, {"app": np.int64, "unit": np.int64, "reason": object})
    joined = ctx.units.join(requests, ctx.expert_units)
    unit_names, units = ctx.units.names, ctx.units
    cases = list(zip(joined["expert"], joined["unit_l"], joined["unit_r"], joined["link"],
                     strict=True))
    reasons = joined["reason"].tolist()
    unit_rows = _rows(joined["app"], joined["expert"], "C6", _with_reason([
        f"申报方申请回避单位 {unit_names[ul]} 的专家；专家 {ctx.expert_names[e]} 任职于 "
        f"{unit_names[ur]}{units.describe_link(ul, ur, link)}" for e, ul, ur, link in cases],
        reasons, "："), _with_reason([
        f"The applicant asked to avoid the experts of {unit_names[ul]}; expert "
        f"{ctx.expert_names[e]} works at {unit_names[ur]}"
        f"{units.describe_link(ul, ur, link, english=True)}" for e, ul, ur, link in cases],
        reasons, ": "))
    return pd.concat([direct_rows, unit_rows], ignore_index=True)


def _c7_declared(ctx: Context, policy: ConflictPolicy) -> pd.DataFrame:
    """C7: the expert declared a conflict with the application."""
    rows = [(ctx.app_pos[d.app_id], ctx.expert_pos[d.expert_id], d.reason)
            for d in ctx.inputs.declared
            if d.app_id in ctx.app_pos and d.expert_id in ctx.expert_pos]
    frame = typed_frame(rows, {"app": np.int64, "expert": np.int64, "reason": object})
    names, reasons = _lookup(ctx.expert_names, frame["expert"]), frame["reason"].tolist()
    return _rows(frame["app"], frame["expert"], "C7",
                 _with_reason("专家 " + names + " 声明回避", reasons, "："),
                 _with_reason("Expert " + names + " declared a conflict", reasons, ": "))


RULES = {"C1": _c1_current_unit, "C2": _c2_past_unit, "C3": _c3_pi_or_relative,
         "C4": _c4_collaboration, "C5": _c5_advisor, "C6": _c6_avoidance, "C7": _c7_declared}


def _staff_added(ctx: Context) -> pd.DataFrame:
    """Conflicts staff added by hand."""
    added = [o for o in ctx.inputs.overrides
             if o.action == "add" and o.app_id in ctx.app_pos and o.expert_id in ctx.expert_pos]
    reasons = [o.reason for o in added]
    return _rows([ctx.app_pos[o.app_id] for o in added],
                 [ctx.expert_pos[o.expert_id] for o in added],
                 STAFF_RULE, _with_reason(["工作人员添加回避"] * len(added), reasons, "："),
                 _with_reason(["Added by staff"] * len(added), reasons, ": ")).assign(
        rule=pd.Series([o.rule or STAFF_RULE for o in added], dtype=object))


def _unknown_ids(ctx: Context) -> list[str]:
    """Requests and overrides that name an application or expert this call does not have."""
    notes = []
    named = ([("avoidance", a.app_id, a.expert_id) for a in ctx.inputs.avoidance]
             + [("declared", d.app_id, d.expert_id) for d in ctx.inputs.declared]
             + [(f"staff {o.action}", o.app_id, o.expert_id) for o in ctx.inputs.overrides])
    for source, app_id, expert_id in named:
        if app_id not in ctx.app_pos or (expert_id and expert_id not in ctx.expert_pos):
            notes.append(f"{source}: unknown application {app_id!r} or expert {expert_id!r}")
    return notes


def _apply_removals(ctx: Context, rows: pd.DataFrame) -> tuple[pd.DataFrame, list[RemovedConflict]]:
    """Drop the rows staff cleared (the whole pair, or one rule of it) and record them."""
    removals = [o for o in ctx.inputs.overrides if o.action == "remove"
                and o.app_id in ctx.app_pos and o.expert_id in ctx.expert_pos]
    if not removals:
        return rows, []
    keys = typed_frame([(ctx.app_pos[o.app_id], ctx.expert_pos[o.expert_id], o.rule or "",
                         o.reason) for o in removals],
                       {"app": np.int64, "expert": np.int64, "rm_rule": object,
                        "rm_reason": object})
    hit = rows.reset_index().merge(keys, on=["app", "expert"])
    hit = hit[(hit["rm_rule"] == "") | (hit["rm_rule"] == hit["rule"])]
    removed = [RemovedConflict(ctx.app_ids[a], ctx.expert_ids[e], r, ev, why, ev_en)
               for a, e, r, ev, why, ev_en in zip(hit["app"], hit["expert"], hit["rule"],
                                                  hit["evidence"], hit["rm_reason"],
                                                  hit["evidence_en"], strict=True)]
    return rows.drop(index=pd.Index(hit["index"].unique())), removed


def possible_same_person(inputs: ConflictInputs) -> list[PossibleMatch]:
    """Experts named like a PI but under another id: flagged for staff, never forbidden.

    Applications in input order (the first record of an id naming a PI counts), and for
    each its namesakes in pool order; an expert id listed twice keeps its last name.
    """
    names = {expert.expert_id: "" for expert in inputs.experts}
    for expert in inputs.experts:
        names[expert.expert_id] = expert.name or expert.expert_id
    namesakes: dict[str, list[str]] = defaultdict(list)
    for expert_id, name in names.items():
        namesakes[person_name_key(name)].append(expert_id)
    found: list[PossibleMatch] = []
    seen: set[str] = set()
    for app in inputs.applications:
        if not app.pi_id or app.app_id in seen:
            continue
        seen.add(app.app_id)
        key = person_name_key(app.pi_name)
        found.extend(PossibleMatch(app.app_id, expert_id,
                                   f"专家 {names[expert_id]}（{expert_id}）与项目负责人同名"
                                   f"（负责人编号 {app.pi_id}），请核实是否同一人",
                                   f"Expert {names[expert_id]} ({expert_id}) has the name of "
                                   f"the PI (person id {app.pi_id}): check whether they are "
                                   "one person")
                     for expert_id in (namesakes.get(key, ()) if key else ())
                     if expert_id != app.pi_id)
    return found


def detect_conflicts(inputs: ConflictInputs, policy: ConflictPolicy,
                     should_stop: ShouldStop = never) -> ConflictSet:
    """Every conflict the policy's rules find, plus staff additions, minus staff removals.

    `should_stop` is polled while the indexes are built, before each rule and before the
    rows are combined; a True answer raises `assignment.stopping.Stopped`.
    """
    ctx = Context(inputs, should_stop)
    frames = []
    for rule in RULES:
        checkpoint(should_stop)
        if rule in policy.rules:
            frames.append(RULES[rule](ctx, policy))
    checkpoint(should_stop)
    frames.append(_staff_added(ctx))
    rows = pd.concat(frames, ignore_index=True).drop_duplicates(ignore_index=True)
    rows, removed = _apply_removals(ctx, rows)
    rows = rows.sort_values(["app", "expert", "rule"], kind="stable")
    return ConflictSet(
        app_ids=ctx.app_ids,
        expert_ids=ctx.expert_ids,
        app_idx=rows["app"].to_numpy(dtype=np.int32),
        expert_idx=rows["expert"].to_numpy(dtype=np.int32),
        rules=tuple(rows["rule"].tolist()),
        evidence=tuple(rows["evidence"].tolist()),
        evidence_en=tuple(rows["evidence_en"].tolist()),
        removed=tuple(removed),
        possible=tuple(possible_same_person(inputs)),
        ignored=tuple(_unknown_ids(ctx)),
    )
