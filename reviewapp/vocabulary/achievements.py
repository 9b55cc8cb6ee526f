"""Introduced achievements (引进成果类型), read by meaning for E05.

Each listed achievement gets a kind (a patent of any sort, an S&T progress award, a
technical invention award, another S&T achievement such as 软件著作权 or 植物新品种, or a
paper, which is no transferable achievement),
and an award gets its level (national, provincial-or-ministerial, prefecture or lower)
and grade (特等奖, 一/二/三等奖). What the parser cannot place stays None for staff.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reviewapp.vocabulary.base import normalize
from reviewapp.vocabulary.provinces import HOME, MUNICIPALITIES, PROVINCES

PATENT, PROGRESS_AWARD, INVENTION_AWARD, OTHER, PAPER = (
    "patent", "progress_award", "invention_award", "other", "paper")
KINDS = (PATENT, PROGRESS_AWARD, INVENTION_AWARD, OTHER)  # what a call may accept
AWARDS = (PROGRESS_AWARD, INVENTION_AWARD)
NATIONAL, PROVINCIAL, PREFECTURE = "national", "provincial", "prefecture"
LEVELS = (NATIONAL, PROVINCIAL, PREFECTURE)
KIND_NAMES = {PATENT: ("专利", "patent"), PROGRESS_AWARD: ("科技进步奖", "S&T progress award"),
              INVENTION_AWARD: ("技术发明奖", "technical invention award"),
              OTHER: ("其他科技成果", "other S&T achievement"),
              PAPER: ("论文论著", "paper or monograph")}
LEVEL_NAMES = {NATIONAL: ("国家级", "national"), PROVINCIAL: ("省部级", "provincial/ministerial"),
               PREFECTURE: ("地市级及以下", "prefecture or lower")}

_PATENT = re.compile(r"专利|实用新型|外观设计|pct|patent")
_INVENTION_AWARD = re.compile(r"(技术)?发明奖|发明类")
_PROGRESS_AWARD = re.compile(r"(科技|科学技术)进步|进步奖|科学技术奖|科技奖|科技成果奖")
_OTHER = re.compile(r"著作权|软著|新品种|品种权|标准|新药|证书|布图设计|技术秘密|专有技术"
                    r"|成果登记|成果鉴定|自然科学奖|农业技术推广奖")
_PAPER = re.compile(r"论文|论著|专著|著作$|研究报告|paper")
_GRADE = re.compile(r"[特一二三1-3]等奖?")
_ETC = re.compile(r"等(科技)?(成果|奖励|奖项|类)?$|等科技成果")
_SOCIETY = re.compile(r"学会|协会|联合会|基金会|商会|联盟")
_MUNICIPAL = re.compile("(" + "|".join(MUNICIPALITIES) + ")市")
_PREFECTURE = re.compile(r"市级|地市|地厅|厅局级|县级|区县|市|自治州|州|地区|盟|县|旗"
                         r"|第[一二三四五六七八九十0-9]{1,3}师|师市")
_NATIONAL = re.compile(r"国家(级|科学技术|科技|技术发明|自然科学)|国务院|national")
_PROVINCIAL = re.compile(r"省部级|省级|部级|省|自治区|部|委|兵团|国家.{1,8}局|provincial"
                         r"|ministerial|" + "|".join(p for p in PROVINCES if p != HOME) + "|新疆")


@dataclass(frozen=True)
class Achievement:
    """One achievement as written and what the parser made of it (None: not found)."""

    text: str
    kind: str | None
    level: str | None
    grade: str | None
    vague: bool  # written as "…等": an open list the rule cannot judge alone

    @property
    def is_award(self) -> bool:
        """True for an S&T progress or technical invention award."""
        return self.kind in AWARDS


def _kind(key: str) -> str | None:
    """The kind a reduced text names; an award outranks a patent it mentions."""
    if _INVENTION_AWARD.search(key) and not re.search(r"发明专利", key.replace("发明奖", "")):
        return INVENTION_AWARD
    if _PROGRESS_AWARD.search(key):
        return PROGRESS_AWARD
    if _PATENT.search(key):
        return PATENT
    if _OTHER.search(key):
        return OTHER
    if _PAPER.search(key):
        return PAPER
    return None


def _level(key: str) -> str | None:
    """The awarding level: 北京市 is provincial, 乌鲁木齐市 and 昌吉州 are not; societies: None."""
    if _SOCIETY.search(key):
        return None
    municipal = bool(_MUNICIPAL.search(key))
    rest = _MUNICIPAL.sub("", key)
    if _PREFECTURE.search(rest):
        return PREFECTURE
    if _NATIONAL.search(rest):
        return NATIONAL
    if municipal or _PROVINCIAL.search(rest):
        return PROVINCIAL
    return None


def _grade(key: str) -> str | None:
    """特等奖, 一等奖, 二等奖 or 三等奖, when written."""
    match = _GRADE.search(key)
    if match is None:
        return None
    head = match.group(0)[0]
    return {"1": "一", "2": "二", "3": "三"}.get(head, head) + "等奖" if head != "特" else "特等奖"


def parse_achievement(text: str) -> Achievement:
    """Read one achievement cell item: kind, level and grade (for awards), and "等"."""
    key = normalize(text)
    kind = _kind(key)
    award = kind in AWARDS
    vague = bool(_ETC.search(_GRADE.sub("", key)))
    return Achievement(text=text.strip(), kind=kind, level=_level(key) if award else None,
                       grade=_grade(key) if award else None, vague=vague)
