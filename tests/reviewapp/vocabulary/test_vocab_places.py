"""Unit types and provinces as units and experts write them, and what each must mean."""

from __future__ import annotations

import pytest

from reviewapp.vocabulary import PROVINCE_WORDS, UNIT_TYPE_WORDS

UNIT_TYPES = [
    ("企业", "企业"), ("公司", "企业"), ("有限责任公司", "企业"), ("股份有限公司", "企业"),
    ("国有企业", "企业"), ("国企", "企业"), ("民营企业", "企业"), ("私营企业", "企业"),
    ("高新技术企业", "企业"), ("新疆某某科技有限公司", "企业"), ("企业法人", "企业"),
    ("高校", "高校"), ("高等学校", "高校"), ("高等院校", "高校"), ("普通高等学校", "高校"),
    ("大学", "高校"), ("学院", "高校"), ("高职院校", "高校"), ("新疆医科大学", "高校"),
    ("科研院所", "科研院所"), ("科研机构", "科研院所"), ("研究所", "科研院所"),
    ("研究院", "科研院所"), ("科研事业单位", "科研院所"), ("新疆农业科学院", "科研院所"),
    ("医疗卫生机构", "医疗卫生机构"), ("医院", "医疗卫生机构"), ("三甲医院", "医疗卫生机构"),
    ("医疗机构", "医疗卫生机构"), ("疾控中心", "医疗卫生机构"),
    ("新疆医科大学第一附属医院", "医疗卫生机构"), ("Enterprise", "企业"),
    ("社会团体", "社会组织"), ("行政机关", "党政机关"),
    ("事业单位", None), ("其他", None), ("个人", None),
]
PROVINCES = [
    ("新疆", "新疆"), ("新疆维吾尔自治区", "新疆"), ("新疆自治区", "新疆"),
    ("新疆维吾尔族自治区", "新疆"), ("兵团", "新疆"), ("新疆生产建设兵团", "新疆"),
    ("新疆兵团", "新疆"), ("兵团第八师", "新疆"), ("第八师石河子市", "新疆"),
    ("乌鲁木齐市", "新疆"), ("昌吉州", "新疆"), ("喀什地区", "新疆"), ("中国新疆", "新疆"),
    ("Xinjiang", "新疆"), ("北京", "北京"), ("北京市", "北京"), ("北京市海淀区", "北京"),
    ("江苏", "江苏"), ("江苏省", "江苏"), ("江苏省南京市", "江苏"), ("深圳", "广东"),
    ("深圳市", "广东"), ("广西壮族自治区", "广西"), ("宁夏回族自治区", "宁夏"),
    ("内蒙", "内蒙古"), ("黑龙江省", "黑龙江"), ("ＪＩＡＮＧＳＵ", "江苏"),
    ("上海 ", "上海"), ("陕西省西安市", "陕西"), ("香港特别行政区", "香港"),
    ("火星", None), ("区外", None), ("", None),
]


@pytest.mark.parametrize("table", [UNIT_TYPES, PROVINCES])
def test_each_table_holds_twenty_real_spellings(table: list) -> None:
    assert len([row for row in table if row[1] is not None]) >= 20


@pytest.mark.parametrize(("text", "expected"), UNIT_TYPES)
def test_unit_types(text: str, expected: str | None) -> None:
    assert UNIT_TYPE_WORDS.lookup(text) == expected


@pytest.mark.parametrize(("text", "expected"), PROVINCES)
def test_provinces(text: str, expected: str | None) -> None:
    assert PROVINCE_WORDS.lookup(text) == expected
