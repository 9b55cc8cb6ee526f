"""Unit types (单位性质): 企业 / 高校 / 科研院所 / 医疗卫生机构, from what offices write.

Social organisations and government bodies are known too (no call admits them, so the
rules fail them by name). 事业单位 and 其他 say nothing about which type a unit is: they
stay unknown.
"""

from __future__ import annotations

import re

from reviewapp.vocabulary.base import Vocabulary, patterns, table

UNIT_TYPE_WORDS = Vocabulary(
    key="unit_type", label_zh="单位性质", label_en="unit type",
    canonical=("企业", "高校", "科研院所", "医疗卫生机构", "社会组织", "党政机关"),
    spellings=table({
        "企业": ("公司", "企业法人", "企业单位", "国有企业", "国企", "央企", "中央企业",
               "民营企业", "民企", "私营企业", "股份制企业", "外资企业", "合资企业",
               "有限责任公司", "股份有限公司", "高新技术企业", "科技型中小企业",
               "enterprise", "company"),
        "高校": ("高等学校", "高等院校", "普通高校", "普通高等学校", "大学", "学院", "本科院校",
               "高职院校", "高等职业院校", "职业技术学院", "university", "college"),
        "科研院所": ("科研院所", "科研机构", "科研单位", "研究所", "研究院", "科研事业单位",
                 "科学研究机构", "研究机构", "institute", "research institute"),
        "医疗卫生机构": ("医疗机构", "卫生机构", "医疗卫生单位", "医院", "三甲医院",
                    "三级甲等医院", "疾控中心", "疾病预防控制中心", "妇幼保健院",
                    "卫生院", "hospital"),
        "社会组织": ("社会团体", "社团", "民办非企业单位", "民非", "基金会", "行业协会", "学会",
                 "协会"),
        "党政机关": ("机关", "行政机关", "政府部门", "机关单位", "党政部门"),
    }),
    refuse=re.compile(r"^(事业单位|其他|其它)$"),
    patterns=patterns(
        (r"(医院|卫生|疾控|医疗|保健院)", "医疗卫生机构"),
        (r"(研究所|研究院|科学院|院所|科研)", "科研院所"),
        (r"(大学|学院|高校|高等)", "高校"),
        (r"(公司|企业|集团|厂)$", "企业"),
    ),
)
