"""The committee's exports: ranked lists with decisions in Chinese headers, and the print rows.

Every cell goes through `safe_cells`, so no text ever becomes a formula.
"""

from __future__ import annotations

import io
from typing import Any

import xlsxwriter

from reviewapp.local_time import format_datetime
from reviewapp.models import Call
from reviewapp.money import yuan_to_wan
from reviewapp.safe_cells import XLSX_OPTIONS, guard_value
from reviewapp.services.committee import DecisionPage

OUTCOME_ZH = {"approve": "立项", "reserve": "备选", "reject": "不立项"}
FLAG_ZH = {"partner_supported": "援疆省市已支持", "strong_team": "团队实力强、诚信良好",
           "chain_leader": "链主或骨干企业牵头", "commissioner": "援疆科技特派员实施",
           "industrial_prospects": "产业化前景好"}
LIST_COLUMNS = (
    "排名", "项目编号", "项目名称", "支持方向", "综合得分", "得分下限", "得分上限", "平均分",
    "去极值平均分", "申请经费(万元)", "累计经费(万元)", "线上概率", "是否资助", "摇号区",
    "同等条件优先", "形式审查调整", "异常评审", "委员会决定", "批准经费(万元)", "核减理由", "备注",
)


def _wan(yuan: int | None) -> float | None:
    """Yuan as a 万元 number for a cell."""
    value = yuan_to_wan(yuan)
    return None if value is None else float(value)


def list_rows(data: DecisionPage, rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """One track's rows in the order of LIST_COLUMNS."""
    out = []
    for row in rows:
        decision = data.decisions.get(row["app_id"])
        out.append((
            row["rank"], row["app_id"], row["title"], row["direction"], round(row["score"], 2),
            round(row["score_low"], 2), round(row["score_high"], 2), round(row["mean"], 2),
            round(row["trimmed"], 2), _wan(row["requested_yuan"]), _wan(row["cumulative_yuan"]),
            None if row["p_above_line"] is None else round(row["p_above_line"], 3),
            "是" if row["funded"] else "否", "是" if row["in_lottery_zone"] else "否",
            "；".join(FLAG_ZH[f] for f in row["flags"]),
            "；".join(f"{o['rule']} {o['verdict']}→{o['override']}" for o in row["overrides"]),
            len(row["outliers"]),
            OUTCOME_ZH.get(decision.outcome or "", "") if decision else "",
            _wan(decision.approved_yuan) if decision else None,
            decision.cut_reason if decision else "", decision.note if decision else "",
        ))
    return out


def committee_workbook(call: Call, data: DecisionPage) -> bytes:
    """One sheet per track (ranked list with decisions), then 会议信息 with seeds and freezing."""
    target = io.BytesIO()
    book = xlsxwriter.Workbook(target, XLSX_OPTIONS)
    header = book.add_format({"bold": True, "bg_color": "#EEF2F7"})
    for track_id, _summary, rows in data.tracks:
        sheet = book.add_worksheet(f"{track_id} 排名")
        sheet.write_row(0, 0, LIST_COLUMNS, header)
        for r, values in enumerate(list_rows(data, rows), start=1):
            sheet.write_row(r, 0, [guard_value(v) for v in values])
        sheet.freeze_panes(1, 2)
        sheet.set_column(2, 2, 36)
    info, found = data.info, data.decision_list
    facts = [
        ("批次", call.name),
        ("排序计算时间", format_datetime(info.run.created_at) if info else ""),
        ("计算人", info.made_by if info else ""),
        ("抽样随机种子", info.run.sampler_seed if info else None),
        ("摇号随机种子", info.run.lottery_seed if info else None),
        ("名单状态", "已冻结" if found is not None and found.frozen else "未冻结"),
        ("冻结人", data.frozen_by),
        ("冻结时间", format_datetime(found.frozen_at) if found and found.frozen_at else ""),
        ("会议纪要", found.notes if found else ""),
    ]
    sheet = book.add_worksheet("会议信息")
    sheet.write_row(0, 0, ("项目", "内容"), header)
    for r, (key, value) in enumerate(facts, start=1):
        sheet.write_row(r, 0, [key, guard_value(value)])
    sheet.set_column(1, 1, 60)
    book.close()
    return target.getvalue()
