"""Conflict detection under rules C1–C7: joins on small tables, never a loop over all pairs.

Each rule yields rows (app, expert, rule, evidence); evidence is written in Chinese for
the staff and the export, and only for the pairs found.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import numpy as np
import pandas as pd

from assignment.conflicts.context import ROLE_NAMES, Context, person_name_key, typed_frame
from assignment.conflicts.model import STAFF_RULE, ConflictInputs, ConflictPolicy
from assignment.conflicts.result import ConflictSet, PossibleMatch, RemovedConflict


def _rows(app: pd.Series | np.ndarray, expert: pd.Series | np.ndarray, rule: str,
          evidence: list[str]) -> pd.DataFrame:
    """A frame of rule rows."""
    return pd.DataFrame({"app": np.asarray(app, dtype=np.int64),
                         "expert": np.asarray(expert, dtype=np.int64),
                         "rule": rule, "evidence": pd.Series(evidence, dtype=object)})


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


def _unit_phrases(ctx: Context, joined: pd.DataFrame) -> np.ndarray:
    """'<expert's unit><link>，为项目<role> <app's unit>' per row, built once per distinct case."""
    if joined.empty:
        return np.array([], dtype=object)
    keys = ["unit_l", "unit_r", "link", "role"]
    codes, cases = pd.MultiIndex.from_frame(joined[keys]).factorize()
    names = ctx.units.names
    phrases = np.array([
        f"{names[ur]}{ctx.units.describe_link(ul, ur, link)}，为项目{ROLE_NAMES[role]} {names[ul]}"
        for ul, ur, link, role in cases], dtype=object)
    described: np.ndarray = phrases[codes]
    return described


def _c1_current_unit(ctx: Context, policy: ConflictPolicy) -> pd.DataFrame:
    """C1: the expert works at (or under, or above) one of the application's units."""
    joined = ctx.units.join(ctx.app_units, ctx.expert_units)
    typed = [""] * len(ctx.expert_ids)
    for expert in ctx.inputs.experts:
        typed[ctx.expert_pos[expert.expert_id]] = expert.unit_name
    suffix = np.where(joined["by_name"].to_numpy(dtype=bool),
                      "（按填报的工作单位名称“" + _lookup(typed, joined["expert"]) + "”匹配）",
                      "").astype(object)
    evidence = ("专家 " + _lookup(ctx.expert_names, joined["expert"]) + " 任职于 "
                + _unit_phrases(ctx, joined) + suffix)
    return _rows(joined["app"], joined["expert"], "C1", list(evidence))


def _c2_past_unit(ctx: Context, policy: ConflictPolicy) -> pd.DataFrame:
    """C2: the expert worked at one of the application's units within the window."""
    jobs = ctx.jobs[_in_window(ctx.jobs["until"], policy.window_start(
        policy.past_employment_years))]
    units = np.array([ctx.units.lookup(u) for u in jobs["unit_id"]], dtype=np.int64)
    jobs = jobs.assign(unit=units)
    joined = ctx.units.join(ctx.app_units, jobs.drop(columns=["unit_id"]))
    dates = _date_texts(joined["until"])
    when = np.where(dates != "", dates + " 前曾任职于 ",
                    "曾任职于（未填截止日期，视为仍在期限内） ").astype(object)
    evidence = ("专家 " + _lookup(ctx.expert_names, joined["expert"]) + " " + when
                + _unit_phrases(ctx, joined))
    return _rows(joined["app"], joined["expert"], "C2", list(evidence))


def _c3_pi_or_relative(ctx: Context, policy: ConflictPolicy) -> pd.DataFrame:
    """C3: the expert is the PI (same person id) or a relative (亲属) of the PI."""
    experts = typed_frame(list(zip(ctx.expert_ids, range(len(ctx.expert_ids)), strict=True)),
                          {"pi_id": object, "expert": np.int64})
    same = ctx.pi_frame().merge(experts, on="pi_id")
    self_rows = _rows(same["app"], same["expert"], "C3", [
        f"专家 {ctx.expert_names[e]} 即项目负责人（人员编号 {pi}）"
        for e, pi in zip(same["expert"], same["pi_id"], strict=True)])
    pairs = ctx.person_pairs()
    kin = pairs[pairs["kind"] == "亲属"]
    kin_rows = _rows(kin["app"], kin["expert"], "C3", [
        f"专家 {ctx.expert_names[e]} 与项目负责人 {ctx.pi_names[a]} 为亲属关系"
        for e, a in zip(kin["expert"], kin["app"], strict=True)])
    return pd.concat([self_rows, kin_rows], ignore_index=True)


def _c4_collaboration(ctx: Context, policy: ConflictPolicy) -> pd.DataFrame:
    """C4: the expert collaborated with the PI within the window."""
    pairs = ctx.person_pairs()
    pairs = pairs[pairs["kind"] == "合作"]
    pairs = pairs[_in_window(pairs["until"], policy.window_start(policy.collaboration_years))]
    evidence = [
        f"专家 {ctx.expert_names[e]} 与项目负责人 {ctx.pi_names[a]} "
        + (f"合作至 {u}（近 {policy.collaboration_years} 年内）" if u
           else "有合作关系（未填截止日期，视为仍在期限内）")
        for e, a, u in zip(pairs["expert"], pairs["app"], _date_texts(pairs["until"]),
                           strict=True)]
    return _rows(pairs["app"], pairs["expert"], "C4", evidence)


def _c5_advisor(ctx: Context, policy: ConflictPolicy) -> pd.DataFrame:
    """C5: the expert is or was the PI's advisor or student (any time)."""
    pairs = ctx.person_pairs()
    pairs = pairs[pairs["kind"] == "师生"]
    return _rows(pairs["app"], pairs["expert"], "C5", [
        f"专家 {ctx.expert_names[e]} 与项目负责人 {ctx.pi_names[a]} 为师生关系"
        for e, a in zip(pairs["expert"], pairs["app"], strict=True)])


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
    direct_rows = _rows(direct_frame["app"], direct_frame["expert"], "C6", [
        f"申报方申请回避专家 {ctx.expert_names[e]}" + (f"：{r}" if r else "")
        for e, r in zip(direct_frame["expert"], direct_frame["reason"], strict=True)])
    requests = typed_frame(by_unit, {"app": np.int64, "unit": np.int64, "reason": object})
    joined = ctx.units.join(requests, ctx.expert_units)
    names, units = ctx.units.names, ctx.units
    unit_rows = _rows(joined["app"], joined["expert"], "C6", [
        f"申报方申请回避单位 {names[ul]} 的专家；专家 {ctx.expert_names[e]} 任职于 {names[ur]}"
        f"{units.describe_link(ul, ur, link)}" + (f"：{r}" if r else "")
        for e, ul, ur, link, r in zip(joined["expert"], joined["unit_l"], joined["unit_r"],
                                      joined["link"], joined["reason"], strict=True)])
    return pd.concat([direct_rows, unit_rows], ignore_index=True)


def _c7_declared(ctx: Context, policy: ConflictPolicy) -> pd.DataFrame:
    """C7: the expert declared a conflict with the application."""
    rows = [(ctx.app_pos[d.app_id], ctx.expert_pos[d.expert_id], d.reason)
            for d in ctx.inputs.declared
            if d.app_id in ctx.app_pos and d.expert_id in ctx.expert_pos]
    frame = typed_frame(rows, {"app": np.int64, "expert": np.int64, "reason": object})
    return _rows(frame["app"], frame["expert"], "C7", [
        f"专家 {ctx.expert_names[e]} 声明回避" + (f"：{r}" if r else "")
        for e, r in zip(frame["expert"], frame["reason"], strict=True)])


RULES = {"C1": _c1_current_unit, "C2": _c2_past_unit, "C3": _c3_pi_or_relative,
         "C4": _c4_collaboration, "C5": _c5_advisor, "C6": _c6_avoidance, "C7": _c7_declared}


def _staff_added(ctx: Context) -> pd.DataFrame:
    """Conflicts staff added by hand."""
    rows = [(ctx.app_pos[o.app_id], ctx.expert_pos[o.expert_id],
             o.rule or STAFF_RULE, "工作人员添加回避" + (f"：{o.reason}" if o.reason else ""))
            for o in ctx.inputs.overrides
            if o.action == "add" and o.app_id in ctx.app_pos and o.expert_id in ctx.expert_pos]
    return typed_frame(rows, {"app": np.int64, "expert": np.int64, "rule": object,
                              "evidence": object})


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
    removed = [RemovedConflict(ctx.app_ids[a], ctx.expert_ids[e], r, ev, why)
               for a, e, r, ev, why in zip(hit["app"], hit["expert"], hit["rule"],
                                           hit["evidence"], hit["rm_reason"], strict=True)]
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
                                   f"（负责人编号 {app.pi_id}），请核实是否同一人")
                     for expert_id in (namesakes.get(key, ()) if key else ())
                     if expert_id != app.pi_id)
    return found


def detect_conflicts(inputs: ConflictInputs, policy: ConflictPolicy) -> ConflictSet:
    """Every conflict the policy's rules find, plus staff additions, minus staff removals."""
    ctx = Context(inputs)
    frames = [RULES[rule](ctx, policy) for rule in RULES if rule in policy.rules]
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
        removed=tuple(removed),
        possible=tuple(possible_same_person(inputs)),
        ignored=tuple(_unknown_ids(ctx)),
    )
