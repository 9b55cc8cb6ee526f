"""Provinces (所在省份) as their short names, from what offices write.

Full names (新疆维吾尔自治区), short names, addresses that start with one (江苏省南京市),
pinyin, the Xinjiang Production and Construction Corps (兵团) and its cities, the cities
of Xinjiang, and the cities with separate planning (深圳 lies in 广东) all resolve.
"""

from __future__ import annotations

import re

from reviewapp.vocabulary.base import Vocabulary, normalize, table

HOME = "新疆"
PROVINCES = (
    "北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆",
    "四川", "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆", "台湾", "香港", "澳门",
)
FULL_NAMES = {
    "内蒙古": "内蒙古自治区", "广西": "广西壮族自治区", "西藏": "西藏自治区",
    "宁夏": "宁夏回族自治区", "新疆": "新疆维吾尔自治区", "香港": "香港特别行政区",
    "澳门": "澳门特别行政区",
}
MUNICIPALITIES = ("北京", "天津", "上海", "重庆")
PINYIN = {
    "北京": "beijing", "天津": "tianjin", "河北": "hebei", "山西": "shanxi",
    "内蒙古": "innermongolia", "辽宁": "liaoning", "吉林": "jilin", "黑龙江": "heilongjiang",
    "上海": "shanghai", "江苏": "jiangsu", "浙江": "zhejiang", "安徽": "anhui",
    "福建": "fujian", "江西": "jiangxi", "山东": "shandong", "河南": "henan", "湖北": "hubei",
    "湖南": "hunan", "广东": "guangdong", "广西": "guangxi", "海南": "hainan",
    "重庆": "chongqing", "四川": "sichuan", "贵州": "guizhou", "云南": "yunnan",
    "西藏": "tibet", "陕西": "shaanxi", "甘肃": "gansu", "青海": "qinghai", "宁夏": "ningxia",
    "新疆": "xinjiang", "台湾": "taiwan", "香港": "hongkong", "澳门": "macao",
}
# Cities an office writes instead of a province.
CITIES = {
    "广东": ("深圳", "广州", "珠海", "东莞", "佛山"), "辽宁": ("大连", "沈阳"),
    "山东": ("青岛", "济南"), "浙江": ("宁波", "杭州"), "福建": ("厦门", "福州"),
    "江苏": ("南京", "苏州", "无锡"), "湖北": ("武汉",), "四川": ("成都",), "陕西": ("西安",),
    "甘肃": ("兰州",), "湖南": ("长沙",), "河南": ("郑州",), "黑龙江": ("哈尔滨",),
    "新疆": ("乌鲁木齐", "克拉玛依", "吐鲁番", "哈密", "昌吉", "博尔塔拉", "博州", "巴音郭楞",
           "巴州", "库尔勒", "阿克苏", "克孜勒苏", "克州", "喀什", "和田", "伊犁", "伊宁",
           "塔城", "阿勒泰", "石河子", "五家渠", "阿拉尔", "图木舒克", "北屯", "铁门关", "双河",
           "可克达拉", "昆玉", "胡杨河", "新星", "白杨", "兵团", "新疆生产建设兵团", "新疆兵团"),
}
SUFFIXES = ("省", "市", "自治区", "壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区",
            "地区", "自治州", "州")
_PLACE_PREFIX = re.compile(r"^(中国|中华人民共和国)")


def _spellings() -> dict[str, str]:
    """Every province, city and Corps spelling → the province's short name."""
    entries: dict[str, list[str]] = {short: [] for short in PROVINCES}
    for short in PROVINCES:
        entries[short] += [short + suffix for suffix in SUFFIXES[:3]]
        entries[short] += [FULL_NAMES.get(short, short), PINYIN[short]]
    for short, cities in CITIES.items():
        entries[short] += [city + suffix for city in cities for suffix in ("", "市", "地区")]
    entries["新疆"] += ["新疆自治区", "新疆区", "新疆维吾尔族自治区", "xj"]
    entries["内蒙古"] += ["内蒙"]
    return table(entries)


class _Provinces(Vocabulary):
    """Provinces also read from the start of an address (江苏省南京市 → 江苏)."""

    def lookup(self, text: object) -> str | None:
        """The short name of the province a cell names, or None."""
        found = super().lookup(text)
        if found is not None:
            return found
        key = _PLACE_PREFIX.sub("", normalize(text))
        if key != normalize(text) and (found := super().lookup(key)) is not None:
            return found
        if re.search(r"兵团|第[一二三四五六七八九十]{1,3}师", key):
            return HOME
        for spelling in _PREFIXES:
            if key.startswith(spelling):
                return self.spellings[spelling]
        return None


_SPELLINGS = _spellings()
# Chinese spellings an address may start with, longest first (黑龙江省 before 黑龙江).
_PREFIXES = sorted((s for s in _SPELLINGS if len(s) >= 2 and not s.isascii()),
                   key=len, reverse=True)
PROVINCE_WORDS = _Provinces(
    key="province", label_zh="省份", label_en="province",
    canonical=PROVINCES, spellings=_SPELLINGS,
)


def province_of(text: object) -> str | None:
    """The short name of the province a cell names (新疆维吾尔自治区 → 新疆), or None."""
    return PROVINCE_WORDS.lookup(text)
