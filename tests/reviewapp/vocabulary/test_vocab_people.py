"""Titles, degrees and sexes as PIs and experts write them, and what each must mean."""

from __future__ import annotations

import pytest

from reviewapp.vocabulary import DEGREE_WORDS, SEX_WORDS, TITLE_WORDS

TITLES = [
    ("正高级", "正高级"), ("正高", "正高级"), ("教授", "正高级"), ("二级教授", "正高级"),
    ("研究员", "正高级"), ("研究员（二级）", "正高级"), ("主任医师", "正高级"),
    ("教授级高工", "正高级"), ("教授级高级工程师", "正高级"), ("正高级工程师", "正高级"),
    ("正高级农艺师", "正高级"), ("教授/博导", "正高级"), ("教授、博士生导师", "正高级"),
    ("副高级", "副高级"), ("副教授", "副高级"), ("副研究员", "副高级"), ("副主任医师", "副高级"),
    ("高级工程师", "副高级"), ("高工", "副高级"), ("高级农艺师", "副高级"),
    ("高级畜牧师", "副高级"), ("高级兽医师", "副高级"), ("副高职称", "副高级"),
    ("中级", "中级"), ("讲师", "中级"), ("工程师", "中级"), ("助理研究员", "中级"),
    ("主治医师", "中级"), ("农艺师", "中级"), ("初级", "初级"), ("助理工程师", "初级"),
    ("助教", "初级"), ("技术员", "初级"), ("无", "无"), ("无职称", "无"), ("暂无", "无"),
    ("Professor", "正高级"), ("Ｓｅｎｉｏｒ Ｅｎｇｉｎｅｅｒ", "副高级"), (" 教授 ", "正高级"),
    ("院士", None), ("特级", None), ("博导", None),
]
DEGREES = [
    ("博士", "博士"), ("博士研究生", "博士"), ("工学博士", "博士"), ("理学博士", "博士"),
    ("农学博士", "博士"), ("医学博士", "博士"), ("管理学博士", "博士"), ("博士学位", "博士"),
    ("博士后", "博士"), ("PhD", "博士"), ("Ph.D.", "博士"), ("博士（工学）", "博士"),
    ("硕士", "硕士"), ("硕士研究生", "硕士"), ("工学硕士", "硕士"), ("工程硕士", "硕士"),
    ("MBA", "硕士"), ("学士", "学士"), ("本科", "学士"), ("大学本科", "学士"),
    ("工学学士", "学士"), ("无", "无"), ("大专", "无"), ("专科", "无"),
    ("博士在读", None), ("在读博士", None), ("博士（在读）", None), ("博士肄业", None),
    ("研究生", None),
]
SEXES = [
    ("男", "男"), ("女", "女"), ("男性", "男"), ("女性", "女"), ("M", "男"), ("F", "女"),
    ("m", "男"), ("f", "女"), ("Male", "男"), ("FEMALE", "女"), (" 男 ", "男"), ("男士", "男"),
    ("女士", "女"), ("Ｍ", "男"), ("Ｆ", "女"), ("男同志", "男"), ("女同志", "女"),
    ("man", "男"), ("woman", "女"), ("male ", "男"), ("未知", None), ("其他", None),
]


@pytest.mark.parametrize(("vocabulary", "table"), [
    (TITLE_WORDS, TITLES), (DEGREE_WORDS, DEGREES), (SEX_WORDS, SEXES)])
def test_each_table_holds_twenty_real_spellings(vocabulary: object, table: list) -> None:
    assert len([row for row in table if row[1] is not None]) >= 20


@pytest.mark.parametrize(("text", "expected"), TITLES)
def test_titles(text: str, expected: str | None) -> None:
    assert TITLE_WORDS.lookup(text) == expected


@pytest.mark.parametrize(("text", "expected"), DEGREES)
def test_degrees(text: str, expected: str | None) -> None:
    assert DEGREE_WORDS.lookup(text) == expected


@pytest.mark.parametrize(("text", "expected"), SEXES)
def test_sexes(text: str, expected: str | None) -> None:
    assert SEX_WORDS.lookup(text) == expected
