"""ECharts options for the committee's charts, built from a stored run (plain JSON data).

The page embeds each option as JSON and `committee_charts.js` hands it to the vendored
ECharts, so no chart needs inline script. Every chart also has its numbers in a table
on the page, and colours are paired with a legend in words.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from flask_babel import gettext as _

from reviewapp.money import yuan_to_wan

FONT = '"WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif'
FUNDED, ZONE, UNFUNDED, LINE = "#0b5cad", "#d97706", "#9aa5b1", "#b42318"


def _base() -> dict[str, Any]:
    """Options every chart shares: the CJK font, a tooltip, room for labels."""
    return {"textStyle": {"fontFamily": FONT, "fontSize": 13}, "animation": False,
            "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
            "grid": {"left": 8, "right": 24, "top": 40, "bottom": 24, "containLabel": True}}


def _intervals(name: str, spans: list[tuple[float, float, float]],
               colours: list[str]) -> dict[str, Any]:
    """Intervals (low, centre, high) per category as a horizontal box from low to high."""
    return {
        "type": "boxplot", "name": name, "boxWidth": [4, 14],
        "data": [{"value": [round(lo, 2), round(lo, 2), round(c, 2), round(h, 2), round(h, 2)],
                  "itemStyle": {"color": colour, "borderColor": colour}}
                 for (lo, c, h), colour in zip(spans, colours, strict=True)],
    }


def caterpillar(rows: list[dict[str, Any]], line_rank: int | None) -> dict[str, Any]:
    """Each application's 90 % rank interval and expected rank, best at the top, with the line."""
    colours = [ZONE if r["in_lottery_zone"] else FUNDED if r["funded"] else UNFUNDED
               for r in rows]
    option = _base()
    option["tooltip"] = {"trigger": "item"}
    option["grid"]["top"] = 30
    option["xAxis"] = {"type": "value", "min": 0, "max": len(rows) + 1, "name": _("Rank"),
                       "nameLocation": "middle", "nameGap": 24}
    option["yAxis"] = {"type": "category", "inverse": True,
                       "data": [f"{r['rank']}. {r['app_id']}" for r in rows]}
    spans = [(r["rank_q05"], r["expected_rank"], r["rank_q95"]) for r in rows]
    series = [_intervals(_("Rank interval, 90 percent"), spans, colours)]
    if line_rank is not None:
        series[0]["markLine"] = {
            "symbol": "none", "lineStyle": {"color": LINE, "width": 2, "type": "solid"},
            "label": {"formatter": _("Funding line"), "color": LINE},
            "data": [{"xAxis": line_rank + 0.5}]}
    option["series"] = series
    return option


def score_histogram(tracks: dict[str, list[float]]) -> dict[str, Any]:
    """Review totals per track in 5-point bins."""
    edges = list(range(0, 100, 5))
    option = _base()
    option["legend"] = {"top": 0}
    option["xAxis"] = {"type": "category", "name": _("Review total"), "nameLocation": "middle",
                       "nameGap": 28, "data": [f"{e}–{e + 5}" for e in edges]}
    option["grid"]["bottom"] = 40
    option["yAxis"] = {"type": "value", "name": _("Reviews"), "minInterval": 1}
    option["series"] = [
        {"type": "bar", "name": track,
         "data": [sum(1 for x in totals if e <= x < e + 5 or (e == 95 and x == 100))
                  for e in edges]}
        for track, totals in tracks.items()
    ]
    return option


def leniency(rows: list[dict[str, Any]], labels: dict[str, str]) -> dict[str, Any]:
    """Each expert's leniency (points above an average expert) with its 90 % interval."""
    option = _base()
    option["tooltip"] = {"trigger": "item"}
    option["xAxis"] = {"type": "value", "name": _("Points"), "nameLocation": "middle",
                       "nameGap": 24}
    option["yAxis"] = {"type": "category", "inverse": True,
                       "data": [labels[r["expert_id"]] for r in rows]}
    colours = [FUNDED if r["low"] > 0 else LINE if r["high"] < 0 else UNFUNDED for r in rows]
    spans = [(r["low"], r["leniency"], r["high"]) for r in rows]
    series = _intervals(_("Interval, 90 percent"), spans, colours)
    series["markLine"] = {"symbol": "none", "label": {"formatter": "0"},
                          "lineStyle": {"color": "#1f2933"}, "data": [{"xAxis": 0}]}
    option["series"] = [series]
    return option


def budget_use(funded: list[dict[str, Any]], key: str) -> dict[str, Any]:
    """Money awarded (万元) per direction or per partner province, a stack per track."""
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in funded:
        groups = row[key] if isinstance(row[key], list) else [row[key]]
        for group in groups or [_("none")]:
            totals[group][row["track"]] += row["awarded_yuan"]
    groups = sorted(totals, key=lambda g: -sum(totals[g].values()))
    tracks = sorted({row["track"] for row in funded})
    option = _base()
    option["legend"] = {"top": 0}
    option["xAxis"] = {"type": "value", "name": _("10k yuan"), "nameLocation": "middle",
                       "nameGap": 28}
    option["grid"]["bottom"] = 40
    option["yAxis"] = {"type": "category", "inverse": True, "data": groups}
    option["series"] = [
        {"type": "bar", "stack": "money", "name": track,
         "label": {"show": True, "position": "inside"},
         "data": [float(yuan_to_wan(totals[g][track]) or 0) for g in groups]}
        for track in tracks
    ]
    return option
