"""Degrees (学位): 博士 / 硕士 / 学士 / 无, from what offices write.

A doctorate still being studied for (在读) is no doctorate yet: it is left unknown for
staff to read, never taken as 博士.
"""

from __future__ import annotations

import re

from reviewapp.vocabulary.base import Vocabulary, patterns, table

ORDER = {"博士": 3, "硕士": 2, "学士": 1, "无": 0}

DEGREE_WORDS = Vocabulary(
    key="degree", label_zh="学位", label_en="degree",
    canonical=tuple(ORDER),
    spellings=table({
        "博士": ("博士学位", "博士研究生", "博士研究生毕业", "博士后", "工学博士", "理学博士",
               "农学博士", "医学博士", "管理学博士", "经济学博士", "哲学博士", "phd", "ph.d",
               "doctor", "doctorate", "dphil", "d.eng"),
        "硕士": ("硕士学位", "硕士研究生", "工学硕士", "理学硕士", "农学硕士", "工程硕士",
               "专业硕士", "医学硕士", "mba", "mpa", "master", "msc", "m.sc", "meng"),
        "学士": ("学士学位", "本科", "大学本科", "本科学士", "工学学士", "理学学士", "农学学士",
               "bachelor", "bsc", "b.sc", "beng"),
        "无": ("无学位", "暂无", "大专", "专科", "大学专科", "高职", "中专", "高中", "none",
              "-", "—", "/"),
    }),
    refuse=re.compile(r"在读|肄业|结业|攻读|未获"),
    patterns=patterns(
        (r"博士", "博士"),
        (r"硕士", "硕士"),
        (r"学士", "学士"),
    ),
    pick=lambda values: max(values, key=ORDER.__getitem__),
)

