"""The call workbook's sheets and columns (DESIGN.md "The call workbook") as data.

Import, export, the template and its 说明 sheet all read these specs, so a column is
described once: its English key, Chinese label, kind, whether it is required, its
allowed values and an example.
"""

from __future__ import annotations

from dataclasses import dataclass

from reviewapp.call_settings_model import (
    DEGREES,
    RECOMMENDATIONS,
    RELATION_KINDS,
    STAGES,
    TITLES,
    UNIT_TYPES,
    CallSettings,
)

# Kinds of cell, with the wording the 说明 sheet shows for each.
KIND_NAMES = {
    "id": "编号 id",
    "ids": "编号列表 id list (; 分隔)",
    "text": "文本 text",
    "list": "列表 list (; 分隔)",
    "money": "金额 万元 money (e.g. 50, 50.5万)",
    "date": "日期 date (YYYY-MM-DD)",
    "bool": "是/否 yes/no",
    "int": "整数 whole number",
    "number": "数字 number",
    "choice": "选项 choice",
    "track": "项目类别 track (id or name)",
    "years": "年份列表 years (; 分隔)",
    "province": "省份 province (新疆、新疆维吾尔自治区、兵团 …)",
    "sex": "性别 sex (男/女)",
    "unit_type": "单位性质 unit type (公司 → 企业 …)",
    "title": "职称 title (教授 → 正高级 …)",
    "degree": "学位 degree (工学博士 → 博士 …)",
    "stage": "研究阶段 stage (小试 → 实验研究 …)",
    "direction": "支持方向 direction",
    "directions": "支持方向列表 directions (; 分隔)",
    "score": "分数 score (0.5 分一档)",
}
YES_NO = ("是", "否")
ID_LENGTH = 64


@dataclass(frozen=True)
class Column:
    """One column: header key and label, kind, record field, and what the template shows."""

    key: str
    label: str
    kind: str
    required: bool = False
    choices: tuple[str, ...] = ()
    example: object = ""
    field: str = ""
    minimum: float = 0
    maximum: float = 0
    max_length: int = 0  # longest text the database column holds; 0 = no limit

    @property
    def attr(self) -> str:
        """The record attribute this column fills (money keys `*_wan` become `*_yuan`)."""
        if self.field:
            return self.field
        return self.key[:-4] + "_yuan" if self.kind == "money" else self.key


    @property
    def limit(self) -> int:
        """The longest text allowed: ids 64 characters unless stated, free text unlimited."""
        return self.max_length or (ID_LENGTH if self.kind == "id" else 0)


@dataclass(frozen=True)
class SheetSpec:
    """One sheet: its English key, Chinese name, columns, and whether a workbook must have it."""

    key: str
    name: str
    columns: tuple[Column, ...]
    required: bool = False

    @property
    def required_columns(self) -> tuple[Column, ...]:
        """The columns every row must fill."""
        return tuple(column for column in self.columns if column.required)


def unit_columns() -> tuple[Column, ...]:
    """Columns of the units (单位) sheet."""
    return (
        Column("unit_id", "单位编号", "id", True, example="U001"),
        Column("name", "单位名称", "text", True, example="新疆某某科技有限公司", max_length=200),
        Column("unit_type", "单位性质", "unit_type", True, UNIT_TYPES, example="企业",
               max_length=40),
        Column("province", "所在省份", "province", True, example="新疆", max_length=40),
        Column("legal_person", "独立法人", "bool", choices=YES_NO, example="是"),
        Column("blacklisted_until", "失信黑名单截止日期", "date", example=""),
        Column("audit_years", "审计报告年度", "years", example="2023;2024"),
        Column("credit_code", "统一社会信用代码", "id", example="91650100MA77XXXX0X",
               max_length=40),
        Column("parent_unit_id", "上级单位编号", "id", example=""),
    )


def application_columns(settings: CallSettings) -> tuple[Column, ...]:
    """Columns of the applications (申报项目) sheet; the track may be named by id or name."""
    tracks = tuple(track.track_id for track in settings.tracks)
    return (
        Column("app_id", "项目编号", "id", True, example="A001"),
        Column("title", "项目名称", "text", True, example="高效节水滴灌技术引进与示范",
               max_length=300),
        Column("track", "项目类别", "track", True, tracks, example=tracks[0] if tracks else ""),
        Column("direction", "支持方向", "direction", True, settings.directions,
               example="智慧农业", max_length=60),
        Column("lead_unit_id", "申报单位编号", "id", True, example="U001"),
        Column("partner_unit_ids", "区外合作单位编号", "ids", example="U002"),
        Column("participant_unit_ids", "参与单位编号", "ids", example=""),
        Column("agreements_signed", "合作协议已签订", "bool", choices=YES_NO, example="是"),
        Column("achievement_count", "引进成果数量", "int", example=1),
        Column("achievement_types", "引进成果类型", "list", example="专利"),
        Column("achievement_ip_clear", "知识产权清晰", "bool", choices=YES_NO, example="是"),
        Column("pi_id", "负责人编号", "id", True, example="P001"),
        Column("pi_name", "负责人姓名", "text", True, example="张伟", max_length=100),
        Column("pi_sex", "负责人性别", "sex", choices=("男", "女"), example="男", max_length=4),
        Column("pi_birth_date", "负责人出生日期", "date", example="1975-06-01"),
        Column("pi_title", "负责人职称", "title", choices=TITLES, example="正高级",
               max_length=20),
        Column("pi_degree", "负责人学位", "degree", choices=DEGREES, example="博士",
               max_length=20),
        Column("pi_employed_by_lead", "负责人与申报单位签约", "bool", choices=YES_NO, example="是"),
        Column("pi_months_per_year", "负责人每年投入月数", "number", example=8, maximum=12),
        Column("pi_aid_staff", "援疆科技人员", "bool", choices=YES_NO, example="否"),
        Column("pi_service_end", "在疆服务截止日期", "date", example=""),
        Column("pi_letters", "承诺函及推荐函", "bool", choices=YES_NO, example="否"),
        Column("pi_blacklisted_until", "负责人失信黑名单截止日期", "date", example=""),
        Column("requested_wan", "申请财政经费(万元)", "money", True, example=50),
        Column("self_funding_wan", "自筹经费(万元)", "money", example=100),
        Column("outsourced_wan", "外拨经费(万元)", "money", example=10),
        Column("duration_months", "执行期(月)", "int", example=24, minimum=1),
        Column("stage", "研究阶段", "stage", choices=STAGES, example="产业化示范",
               max_length=20),
        Column("output_types", "成果形式", "list", example="新技术;专利"),
        Column("demo_site", "示范地点", "text", example="昌吉州玛纳斯县"),
        Column("demo_scale", "示范规模", "text", example="示范面积 1000 亩"),
        Column("quantified_outputs", "量化产出指标", "text", example="节水 30%，增产 10%"),
        Column("adoption_units", "推广应用单位", "list", example=""),
        Column("keywords", "关键词", "list", example="滴灌;节水"),
        Column("abstract", "项目摘要", "text", example="引进区外成熟的滴灌技术，在本地示范推广。"),
        Column("partner_supported", "援疆省市已支持", "bool", choices=YES_NO, example="否"),
        Column("chain_leader", "链主或骨干企业牵头", "bool", choices=YES_NO, example="否"),
        Column("commissioner", "援疆科技特派员实施", "bool", choices=YES_NO, example="否"),
        Column("classified", "涉密", "bool", choices=YES_NO, example="否"),
    )


def expert_columns(settings: CallSettings) -> tuple[Column, ...]:
    """Columns of the experts (专家) sheet."""
    return (
        Column("expert_id", "专家编号", "id", True, example="E001"),
        Column("name", "姓名", "text", True, example="李明", max_length=100),
        Column("unit_id", "工作单位编号", "id", example=""),
        Column("unit_name", "工作单位", "text", example="某某农业大学", max_length=200),
        Column("province", "所在省份", "province", example="江苏", max_length=40),
        Column("title", "职称", "title", choices=TITLES, example="正高级", max_length=40),
        Column("directions", "熟悉领域", "directions", choices=settings.directions,
               example="智慧农业"),
        Column("keywords", "研究方向关键词", "list", example="节水灌溉;农业物联网"),
        Column("profile", "专家简介", "text", example="长期从事节水灌溉研究。"),
        Column("max_load", "最多评审数", "int", example=10),
        Column("available", "是否可用", "bool", choices=YES_NO, example="是"),
        Column("email", "邮箱", "text", example="liming@example.edu.cn", max_length=200),
    )


def relation_columns() -> tuple[Column, ...]:
    """Columns of the relations (关系) sheet."""
    return (
        Column("person_id", "人员编号", "id", True, example="E001"),
        Column("relation", "关系类型", "choice", True, RELATION_KINDS, example="合作"),
        Column("other_id", "对方编号", "id", True, example="P001"),
        Column("until", "截止日期", "date", example="2024-12-31"),
    )


def avoidance_columns() -> tuple[Column, ...]:
    """Columns of the avoidance requests (回避申请) sheet; each row names an expert or a unit."""
    return (
        Column("app_id", "项目编号", "id", True, example="A001"),
        Column("expert_id", "专家编号", "id", example="E001"),
        Column("unit_id", "单位编号", "id", example=""),
        Column("reason", "理由", "text", example="存在竞争关系"),
    )


def call_sheets(settings: CallSettings) -> tuple[SheetSpec, ...]:
    """The five sheets of a call workbook, in the order the template and export write them."""
    return (
        SheetSpec("units", "单位", unit_columns(), required=True),
        SheetSpec("applications", "申报项目", application_columns(settings), required=True),
        SheetSpec("experts", "专家", expert_columns(settings), required=True),
        SheetSpec("relations", "关系", relation_columns()),
        SheetSpec("avoidance", "回避申请", avoidance_columns()),
    )


# The status column of the reviews sheet: blank reads as submitted.
REVIEW_ROW_STATUSES = ("draft", "submitted")


def review_sheet(settings: CallSettings) -> SheetSpec:
    """The reviews (评审意见) sheet: one score column per rubric indicator, headed by its key."""
    scores = tuple(
        Column(
            indicator.key, indicator.name, "score", True, example=indicator.points,
            field=indicator.key, maximum=indicator.points,
        )
        for indicator in settings.rubric
    )
    return SheetSpec(
        "reviews", "评审意见",
        (
            Column("app_id", "项目编号", "id", True, example="A001"),
            Column("expert_id", "专家编号", "id", True, example="E001"),
            # What `export-reviews` writes besides the scores; a draft row is not imported.
            Column("status", "状态", "choice", choices=REVIEW_ROW_STATUSES,
                   example="submitted"),
            *scores,
            Column("total", "总分", "number", maximum=100, example=""),
            Column("recommendation", "推荐意见", "choice", choices=RECOMMENDATIONS,
                   example=RECOMMENDATIONS[1]),
            Column("comment", "评审意见", "text", example="技术路线清晰，示范规模合理。"),
            Column("submitted_at", "提交时间", "text", example=""),
        ),
        required=True,
    )
