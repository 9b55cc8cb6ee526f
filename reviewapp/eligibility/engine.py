"""The rule table E01–E22 and the engine that runs a call's enabled rules."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from reviewapp.call_settings_model import CallSettings
from reviewapp.eligibility import (
    rules_achievements,
    rules_money,
    rules_pi,
    rules_project,
    rules_units,
)
from reviewapp.eligibility.facts import (
    ApplicationFacts,
    Rule,
    RuleOutcome,
    build_facts,
    rule_params,
)
from reviewapp.workbook.records import CallBook

HARD = "hard"
SOFT = "soft"

RULES: tuple[Rule, ...] = (
    Rule("E01", HARD, "申请自治区财政经费不超过上限", "Requested fiscal funds within the cap",
         ("requested_wan", "track"), rules_money.check_e01),
    Rule("E02", HARD, "申报单位为区内注册的独立法人高校、院所、医疗机构或企业",
         "Lead is a Xinjiang legal person of an allowed type",
         ("lead_unit_id", "unit_type", "province", "legal_person", "track"), rules_units.check_e02),
    Rule("E03", HARD, "联合至少一家区外独立法人合作单位",
         "At least one out-of-region legal-person partner",
         ("partner_unit_ids", "province", "legal_person", "unit_type"), rules_units.check_e03),
    Rule("E04", HARD, "已签订并上传合作协议", "Cooperation agreements signed and attached",
         ("agreements_signed",), rules_units.check_e04),
    Rule("E05", HARD, "引进区外省部级以上奖励或专利等成果1-2项，知识产权清晰",
         "1–2 awarded or patented achievements introduced, IP clear",
         ("achievement_count", "achievement_types", "achievement_ip_clear"),
         rules_achievements.check_e05),
    Rule("E06", HARD, "联合申报单位总数不超过3家", "At most 3 units apply jointly",
         ("lead_unit_id", "partner_unit_ids", "participant_unit_ids"), rules_units.check_e06),
    Rule("E07", HARD, "企业按2:1自筹经费", "Enterprise self-funding at least 2:1",
         ("self_funding_wan", "requested_wan", "lead_unit_id", "participant_unit_ids", "unit_type"),
         rules_money.check_e07),
    Rule("E08", HARD, "自筹企业提供2023、2024年度审计报告",
         "Funding enterprise has 2023 and 2024 audits",
         ("audit_years", "lead_unit_id", "participant_unit_ids"), rules_money.check_e08),
    Rule("E09", HARD, "医疗卫生机构牵头须明确推广应用单位", "Medical lead names adoption units",
         ("adoption_units", "unit_type"), rules_money.check_e09),
    Rule("E10", SOFT, "外拨比例原则上不超过30%", "Outsourced share at most 30 % (in principle)",
         ("outsourced_wan", "requested_wan"), rules_money.check_e10),
    Rule("E11", HARD, "成果不只为论文论著报告，且不处于基础或实验研究阶段",
         "Outputs beyond papers; not basic or experimental research",
         ("output_types", "stage"), rules_project.check_e11),
    Rule("E12", HARD, "明确示范地点、规模和量化产出",
         "Demonstration site, scale and quantified outputs",
         ("demo_site", "demo_scale", "quantified_outputs"), rules_project.check_e12),
    Rule("E13", HARD, "负责人为申报单位在职人员", "PI employed by the lead",
         ("pi_employed_by_lead",), rules_pi.check_e13),
    Rule("E14", HARD, "负责人副高级以上职称或博士学位（企业可放宽至中级）",
         "PI 副高级+ or doctorate (enterprise: 中级+)",
         ("pi_title", "pi_degree", "unit_type"), rules_pi.check_e14),
    Rule("E15", SOFT, "项目结束时负责人原则上未超过法定退休年龄",
         "PI not past retirement age at project end (in principle)",
         ("pi_sex", "pi_birth_date", "pi_title", "pi_degree", "duration_months"),
         rules_pi.check_e15),
    Rule("E16", HARD, "负责人每年投入不少于6个月", "PI works at least 6 months a year on it",
         ("pi_months_per_year",), rules_pi.check_e16),
    Rule("E17", HARD, "援疆科技人员服务期覆盖项目期并提供承诺函和推荐函",
         "Aid-staff PI serves through the project, letters attached",
         ("pi_aid_staff", "pi_service_end", "pi_letters", "duration_months"), rules_pi.check_e17),
    Rule("E18", HARD, "申报单位和负责人近3年无信用黑名单",
         "No credit blacklist of lead or PI in 3 years",
         ("blacklisted_until", "pi_blacklisted_until"), rules_pi.check_e18),
    Rule("E19", SOFT, "执行期一般为2年", "Execution period normally 24 months",
         ("duration_months",), rules_project.check_e19),
    Rule("E20", HARD, "属于本批次支持方向", "Names one of the support directions",
         ("direction",), rules_project.check_e20),
    Rule("E21", HARD, "合作单位符合项目类别要求", "Partner fits the track",
         ("track", "partner_unit_ids", "province", "name"), rules_units.check_e21),
    Rule("E22", HARD, "高校、院所牵头须联合至少1家新疆企业",
         "University/institute lead joined by a Xinjiang enterprise",
         ("lead_unit_id", "participant_unit_ids", "unit_type", "province"), rules_units.check_e22),
)
RULES_BY_ID: Mapping[str, Rule] = {rule.rule_id: rule for rule in RULES}


@dataclass(frozen=True)
class Verdict:
    """An application's overall verdict: eligible unless a hard rule failed."""

    eligible: bool
    failed: tuple[str, ...]
    flags: tuple[str, ...]


def enabled_rules(settings: CallSettings) -> tuple[Rule, ...]:
    """The call's enabled rules, in id order; unknown ids are ignored."""
    wanted = set(settings.enabled_rules)
    return tuple(rule for rule in RULES if rule.rule_id in wanted)


def check_application(facts: ApplicationFacts) -> list[RuleOutcome]:
    """Run the call's enabled rules, with its parameters, on one application."""
    params = rule_params(facts.settings)
    return [rule.check(facts, params) for rule in enabled_rules(facts.settings)]


def check_book(
    book: CallBook, settings: CallSettings, deadline: date
) -> dict[str, list[RuleOutcome]]:
    """Check every application of a workbook: app_id → outcomes of the enabled rules."""
    units = {unit.unit_id: unit for unit in book.units}
    return {
        app.app_id: check_application(build_facts(app, units, deadline, settings))
        for app in book.applications
    }


def summarize(outcomes: Iterable[RuleOutcome]) -> Verdict:
    """Fold outcomes (after any overrides) into eligible, failed ids and flagged ids."""
    listed = list(outcomes)
    failed = tuple(sorted(o.rule_id for o in listed if o.verdict == "fail"))
    flags = tuple(sorted(o.rule_id for o in listed if o.verdict == "flag"))
    return Verdict(eligible=not failed, failed=failed, flags=flags)
