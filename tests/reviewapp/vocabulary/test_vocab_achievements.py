"""Introduced achievements as applicants write them: kind, award level and grade."""

from __future__ import annotations

import pytest

from reviewapp.vocabulary.achievements import parse_achievement

N, P, C = "national", "provincial", "prefecture"
PAT, PRO, INV, OTH, PAPER = "patent", "progress_award", "invention_award", "other", "paper"
ACHIEVEMENTS = [
    ("发明专利", PAT, None, None), ("实用新型专利", PAT, None, None),
    ("外观设计专利", PAT, None, None), ("授权专利", PAT, None, None),
    ("PCT国际专利", PAT, None, None), ("国际专利", PAT, None, None), ("专利", PAT, None, None),
    ("发明专利（ZL202110000000.1）", PAT, None, None),
    ("省部级科技进步奖", PRO, P, None), ("省部级以上科技进步奖", PRO, P, None),
    ("国家科技进步奖二等奖", PRO, N, "二等奖"), ("国家科学技术进步奖", PRO, N, None),
    ("新疆维吾尔自治区科学技术进步奖一等奖", PRO, P, "一等奖"),
    ("自治区科技进步三等奖", PRO, P, "三等奖"), ("江苏省科学技术奖一等奖", PRO, P, "一等奖"),
    ("北京市科学技术进步奖", PRO, P, None), ("兵团科技进步奖", PRO, P, None),
    ("教育部科技进步奖", PRO, P, None), ("农业农村部神农中华农业科技奖", PRO, P, None),
    ("国家能源局科技进步奖", PRO, P, None), ("浙江科技进步奖特等奖", PRO, P, "特等奖"),
    ("乌鲁木齐市科技进步奖", PRO, C, None), ("昌吉州科技进步二等奖", PRO, C, "二等奖"),
    ("深圳市科技进步奖", PRO, C, None), ("兵团第八师科技进步奖", PRO, C, None),
    ("国家技术发明奖", INV, N, None), ("省级技术发明奖二等奖", INV, P, "二等奖"),
    ("教育部技术发明奖一等奖", INV, P, "一等奖"), ("技术发明奖", INV, None, None),
    ("中国石油和化学工业联合会科技进步奖", PRO, None, None),
    ("软件著作权", OTH, None, None), ("计算机软件著作权", OTH, None, None),
    ("植物新品种权", OTH, None, None), ("国家标准", OTH, None, None),
    ("论文", PAPER, None, None), ("专著", PAPER, None, None), ("科技成果", None, None, None),
]


def test_the_table_holds_twenty_real_spellings() -> None:
    assert len(ACHIEVEMENTS) >= 20


@pytest.mark.parametrize(("text", "kind", "level", "grade"), ACHIEVEMENTS)
def test_achievements(text: str, kind: str | None, level: str | None, grade: str | None) -> None:
    item = parse_achievement(text)
    assert (item.kind, item.level, item.grade) == (kind, level, grade)
    assert not item.vague


@pytest.mark.parametrize("text", ["专利等", "省部级科技进步奖等", "专利等科技成果"])
def test_open_lists_are_vague(text: str) -> None:
    assert parse_achievement(text).vague


def test_a_grade_is_not_an_open_list() -> None:
    assert not parse_achievement("国家科技进步一等奖").vague
