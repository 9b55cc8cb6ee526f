"""Tracks, directions, stages and yes/no cells as applications write them."""

from __future__ import annotations

import pytest

from reviewapp.call_settings_model import template_2025
from reviewapp.vocabulary import (
    STAGE_WORDS,
    YES_NO_WORDS,
    direction_vocabulary,
    track_vocabulary,
)

SETTINGS = template_2025()
TRACK_WORDS = track_vocabulary(tuple((t.track_id, t.name, t.name_en) for t in SETTINGS.tracks))
DIRECTION_WORDS = direction_vocabulary(SETTINGS.directions)

TRACKS = [
    ("T1", "T1"), ("t1", "T1"), ("Ｔ１", "T1"), (" T1 ", "T1"), ("援疆省市科技合作项目", "T1"),
    ("援疆省市科技合作", "T1"), ("援疆省市科技合作类", "T1"), ("（一）援疆省市科技合作项目", "T1"),
    ("一、援疆省市科技合作项目", "T1"), ("Aid-province S&T cooperation", "T1"),
    ("T2", "T2"), ("t2", "T2"), ("Ｔ２", "T2"), ("省区（区校）创新合作项目", "T2"),
    ("省区(区校)创新合作项目", "T2"), ("省区【区校】创新合作项目", "T2"),
    ("省区创新合作项目", "T2"), ("省区创新合作", "T2"), ("省区（区校）创新合作类", "T2"),
    ("(二)省区（区校）创新合作项目", "T2"), ("Province/university cooperation", "T2"),
    ("T3", None), ("重点研发", None),
]
DIRECTIONS = [
    ("智慧农业", "智慧农业"), ("智慧农业领域", "智慧农业"), ("13.智慧农业", "智慧农业"),
    ("生物医药与大健康", "生物医药与大健康"), ("生物医药和大健康", "生物医药与大健康"),
    ("生物医药及大健康", "生物医药与大健康"), ("现代物流产业", "现代物流产业"),
    ("现代物流", "现代物流产业"), ("文化和旅游", "文化和旅游"), ("文化旅游", "文化和旅游"),
    ("文化与旅游", "文化和旅游"), ("先进制造与新材料", "先进制造和新材料"),
    ("先进制造、新材料", "先进制造和新材料"), ("绿色畜牧产品及优质果蔬", "绿色畜牧产品和优质果蔬"),
    ("棉花与纺织服装", "棉花和纺织服装"), ("粮食与食品加工", "粮食和食品加工"),
    ("煤炭清洁高效利用产业", "煤炭清洁高效利用"), ("新型电力系统方向", "新型电力系统"),
    ("数字经济", "数字经济"), ("（十一）数字经济", "数字经济"), ("油气生产加工", "油气生产加工"),
    ("装备制造业", None), ("区块链", None),
]
STAGES = [
    ("基础研究", "基础研究"), ("应用基础研究", "基础研究"), ("基础研究阶段", "基础研究"),
    ("实验研究", "实验研究"), ("实验室研究", "实验研究"), ("小试", "实验研究"),
    ("小试阶段", "实验研究"), ("试验研究", "实验研究"), ("中试", "中试"), ("中试阶段", "中试"),
    ("中间试验", "中试"), ("中试熟化", "中试"), ("产业化示范", "产业化示范"),
    ("产业化", "产业化示范"), ("产业化应用示范", "产业化示范"), ("应用示范", "产业化示范"),
    ("示范应用", "产业化示范"), ("推广应用", "推广应用"), ("推广", "推广应用"),
    ("应用推广", "推广应用"), ("规模化推广", "推广应用"), ("产业化推广", "推广应用"),
    ("量产", None), ("成熟", None),
]
YES_NO = [
    ("是", "是"), ("否", "否"), ("有", "是"), ("无", "否"), ("已签订", "是"), ("未签订", "否"),
    ("已签", "是"), ("未签", "否"), ("已提供", "是"), ("未提供", "否"), ("清晰", "是"),
    ("不清晰", "否"), ("√", "是"), ("×", "否"), ("✓", "是"), ("Y", "是"), ("n", "否"),
    ("Yes", "是"), ("NO", "否"), ("TRUE", "是"), ("false", "否"), ("1", "是"), ("0", "否"),
    ("１", "是"), ("是的", "是"), ("没有", "否"), ("签了", None), ("待定", None), ("2", None),
]


@pytest.mark.parametrize("table", [TRACKS, DIRECTIONS, STAGES, YES_NO])
def test_each_table_holds_twenty_real_spellings(table: list) -> None:
    assert len([row for row in table if row[1] is not None]) >= 20


@pytest.mark.parametrize(("text", "expected"), TRACKS)
def test_tracks(text: str, expected: str | None) -> None:
    assert TRACK_WORDS.lookup(text) == expected


@pytest.mark.parametrize(("text", "expected"), DIRECTIONS)
def test_directions(text: str, expected: str | None) -> None:
    assert DIRECTION_WORDS.lookup(text) == expected


@pytest.mark.parametrize(("text", "expected"), STAGES)
def test_stages(text: str, expected: str | None) -> None:
    assert STAGE_WORDS.lookup(text) == expected


@pytest.mark.parametrize(("text", "expected"), YES_NO)
def test_yes_no(text: str, expected: str | None) -> None:
    assert YES_NO_WORDS.lookup(text) == expected
