"""Research stages (研究阶段), from what offices write: 小试 is laboratory work, 中间试验 中试."""

from __future__ import annotations

from reviewapp.vocabulary.base import Vocabulary, patterns, table

STAGE_WORDS = Vocabulary(
    key="stage", label_zh="研究阶段", label_en="research stage",
    canonical=("基础研究", "实验研究", "中试", "产业化示范", "推广应用"),
    spellings=table({
        "基础研究": ("基础研究阶段", "应用基础研究", "理论研究", "basic research"),
        "实验研究": ("实验研究阶段", "实验室研究", "实验室阶段", "试验研究", "小试", "小试阶段",
                 "实验室小试", "研发阶段", "experimental research"),
        "中试": ("中试阶段", "中间试验", "中试熟化", "中试放大", "工程化验证", "pilot",
               "pilot test"),
        "产业化示范": ("产业化", "产业化阶段", "产业化应用", "产业化应用示范", "应用示范",
                  "示范应用", "工程化示范", "产业示范", "示范", "demonstration"),
        "推广应用": ("推广", "应用推广", "推广阶段", "推广应用阶段", "成果推广", "产业化推广",
                 "规模化推广", "大面积推广", "extension"),
    }),
    patterns=patterns(
        (r"推广", "推广应用"),
        (r"中试|中间试验", "中试"),
        (r"示范", "产业化示范"),
    ),
)
