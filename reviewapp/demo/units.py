"""Demo units: real-sounding Xinjiang and partner organisations, plus made-up enterprises."""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from reviewapp.call_settings_model import AID_PROVINCES, DIRECTIONS, WESTERN_PROVINCES
from reviewapp.demo.names import BRANDS, OUTER_CITIES, XJ_CITIES
from reviewapp.demo.vocab import VOCAB
from reviewapp.workbook.records import UnitRecord

_BIO, _AGRI = "生物医药与大健康", "智慧农业/绿色畜牧产品和优质果蔬/粮食和食品加工/棉花和纺织服装"

# name | type | province | mail slug | directions the unit is known for (empty: any)
CATALOGUE = f"""
新疆大学|高校|新疆|xju|
石河子大学|高校|新疆|shzu|
新疆农业大学|高校|新疆|xjau|{_AGRI}
塔里木大学|高校|新疆|taru|棉花和纺织服装/绿色畜牧产品和优质果蔬/智慧农业
新疆医科大学|高校|新疆|xjmu|{_BIO}
新疆师范大学|高校|新疆|xjnu|文化和旅游/数字经济/绿色环保
喀什大学|高校|新疆|ksu|
伊犁师范大学|高校|新疆|ylnu|
新疆工程学院|高校|新疆|xjie|煤炭清洁高效利用/绿色矿业及加工/装备制造
中国科学院新疆理化技术研究所|科研院所|新疆|xjipc|先进制造和新材料/生物医药与大健康/数字经济
中国科学院新疆生态与地理研究所|科研院所|新疆|egi|绿色环保/智慧农业
新疆农业科学院|科研院所|新疆|xaas|{_AGRI}
新疆畜牧科学院|科研院所|新疆|xjxk|绿色畜牧产品和优质果蔬
新疆农垦科学院|科研院所|新疆|xjnk|棉花和纺织服装/智慧农业/装备制造
新疆维吾尔自治区中药民族药研究所|科研院所|新疆|xjzmy|{_BIO}
新疆林业科学院|科研院所|新疆|xjly|绿色畜牧产品和优质果蔬/绿色环保
新疆维吾尔自治区环境保护科学研究院|科研院所|新疆|xjhk|绿色环保/煤炭清洁高效利用
新疆医科大学第一附属医院|医疗卫生机构|新疆|xjmu1|{_BIO}
新疆维吾尔自治区人民医院|医疗卫生机构|新疆|xjph|{_BIO}
新疆维吾尔自治区中医医院|医疗卫生机构|新疆|xjtcm|{_BIO}
石河子大学第一附属医院|医疗卫生机构|新疆|shzu1|{_BIO}
喀什地区第一人民医院|医疗卫生机构|新疆|ks1h|{_BIO}
伊犁哈萨克自治州友谊医院|医疗卫生机构|新疆|ylyy|{_BIO}
清华大学|高校|北京|tsinghua|
中国农业大学|高校|北京|cau|{_AGRI}
北京理工大学|高校|北京|bit|装备制造/先进制造和新材料/数字经济
中国石油大学（北京）|高校|北京|cupb|油气生产加工
中国科学院过程工程研究所|科研院所|北京|ipe|煤炭清洁高效利用/绿色矿业及加工/绿色环保
首都医科大学附属北京安贞医院|医疗卫生机构|北京|anzhen|{_BIO}
天津大学|高校|天津|tju|
天津工业大学|高校|天津|tiangong|棉花和纺织服装/先进制造和新材料
河北农业大学|高校|河北|hebau|{_AGRI}
太原理工大学|高校|山西|tyut|煤炭清洁高效利用/绿色矿业及加工
大连理工大学|高校|辽宁|dlut|
中国科学院大连化学物理研究所|科研院所|辽宁|dicp|油气生产加工/煤炭清洁高效利用/新型电力系统
吉林大学|高校|吉林|jlu|
哈尔滨工业大学|高校|黑龙江|hit|装备制造/先进制造和新材料/新型电力系统
东北农业大学|高校|黑龙江|neau|{_AGRI}
上海交通大学|高校|上海|sjtu|
东华大学|高校|上海|dhu|棉花和纺织服装
上海交通大学医学院附属瑞金医院|医疗卫生机构|上海|ruijin|{_BIO}
南京农业大学|高校|江苏|njau|{_AGRI}
江南大学|高校|江苏|jiangnan|粮食和食品加工/棉花和纺织服装
中国矿业大学|高校|江苏|cumt|煤炭清洁高效利用/绿色矿业及加工
浙江大学|高校|浙江|zju|
浙江理工大学|高校|浙江|zstu|棉花和纺织服装
中国科学技术大学|高校|安徽|ustc|
合肥工业大学|高校|安徽|hfut|装备制造/新型电力系统
福州大学|高校|福建|fzu|
南昌大学|高校|江西|ncu|粮食和食品加工/生物医药与大健康
山东大学|高校|山东|sdu|
中国石油大学（华东）|高校|山东|upc|油气生产加工
郑州大学|高校|河南|zzu|
中国农业科学院棉花研究所|科研院所|河南|icr|棉花和纺织服装/智慧农业
华中农业大学|高校|湖北|hzau|{_AGRI}
武汉大学|高校|湖北|whu|
华中科技大学同济医学院附属协和医院|医疗卫生机构|湖北|whxh|{_BIO}
中南大学|高校|湖南|csu|绿色矿业及加工/先进制造和新材料/现代物流产业
华南理工大学|高校|广东|scut|
中山大学|高校|广东|sysu|
中国科学院深圳先进技术研究院|科研院所|广东|siat|数字经济/生物医药与大健康/装备制造
西安交通大学|高校|陕西|xjtu|
西北农林科技大学|高校|陕西|nwafu|{_AGRI}
长安大学|高校|陕西|chd|现代物流产业/绿色环保
西安石油大学|高校|陕西|xsyu|油气生产加工
四川大学|高校|四川|scu|
西南石油大学|高校|四川|swpu|油气生产加工
电子科技大学|高校|四川|uestc|数字经济/新型电力系统
四川大学华西医院|医疗卫生机构|四川|wchscu|{_BIO}
兰州大学|高校|甘肃|lzu|
中国科学院兰州化学物理研究所|科研院所|甘肃|licp|先进制造和新材料/油气生产加工
甘肃农业大学|高校|甘肃|gsau|{_AGRI}
青海大学|高校|青海|qhu|
中国科学院西北高原生物研究所|科研院所|青海|nwipb|{_BIO}
宁夏大学|高校|宁夏|nxu|
宁夏医科大学|高校|宁夏|nxmu|{_BIO}
西藏大学|高校|西藏|utibet|文化和旅游/绿色环保
"""
# Colleges that are not legal persons themselves: (name, parent name, slug).
COLLEGES = (
    ("新疆大学化工学院", "新疆大学", "xju-hg"),
    ("石河子大学农学院", "石河子大学", "shzu-nx"),
    ("新疆农业大学食品科学与药学学院", "新疆农业大学", "xjau-sp"),
    ("新疆医科大学药学院", "新疆医科大学", "xjmu-yx"),
)
CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
AUDIT_YEARS = (2023, 2024)


def credit_code(rng: random.Random, kind: str, division: str) -> str:
    """An 18-character unified social credit code with a valid GB 32100 check character."""
    body = kind + division + "".join(rng.choice(CODE_CHARS) for _ in range(9))
    total = sum(CODE_CHARS.index(ch) * w for ch, w in zip(body, CODE_WEIGHTS, strict=True))
    return body + CODE_CHARS[(31 - total % 31) % 31]


@dataclass
class UnitPool:
    """The demo's units, indexed the ways the other generators need them."""

    units: list[UnitRecord] = field(default_factory=list)
    domains: dict[str, str] = field(default_factory=dict)
    tags: dict[str, tuple[str, ...]] = field(default_factory=dict)
    xj: dict[str, list[str]] = field(default_factory=dict)  # unit type → regular XJ units
    enterprises: dict[str, list[str]] = field(default_factory=dict)  # direction → XJ firms
    t1_partners: list[str] = field(default_factory=list)
    t2_partners: list[str] = field(default_factory=list)
    colleges: list[str] = field(default_factory=list)
    special: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)

    def add(self, unit: UnitRecord, domain: str, tags: tuple[str, ...] = ()) -> str:
        """Register a unit and return its id."""
        self.units.append(unit)
        self.domains[unit.unit_id] = domain
        self.tags[unit.unit_id] = tags
        self.by_name.setdefault(unit.name, unit.unit_id)
        return unit.unit_id

    def get(self, unit_id: str) -> UnitRecord:
        """The unit with this id."""
        return self.units[int(unit_id[1:]) - 1]

    def next_id(self) -> str:
        """The id the next unit gets."""
        return f"U{len(self.units) + 1:04d}"

    def suited(self, ids: list[str], direction: str) -> list[str]:
        """Those of `ids` known for `direction`, or all of them when none is."""
        fit = [uid for uid in ids if direction in self.tags[uid]]
        return fit or [uid for uid in ids if not self.tags[uid]] or ids


def _enterprise(pool: UnitPool, rng: random.Random, taken: set[str], direction: str,
                city: tuple[str, str, str], **extra: object) -> UnitRecord:
    """A made-up enterprise (城市+字号+行业+有限公司) in `city` = (name, province, division)."""
    vocab = VOCAB[direction]
    while True:
        suffix = rng.choice(("有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司"))
        prefix = "新疆" if city[1] == "新疆" and rng.random() < 0.35 else city[0]
        name = prefix + rng.choice(BRANDS) + rng.choice(vocab.industries) + suffix
        if name not in taken:
            taken.add(name)
            break
    code = credit_code(rng, "91", city[2]) if rng.random() < 0.85 else None
    audit = AUDIT_YEARS if rng.random() < 0.8 else (2022, *AUDIT_YEARS)
    fields: dict[str, Any] = {"audit_years": audit, "credit_code": code, **extra}
    return UnitRecord(pool.next_id(), name, "企业", city[1], **fields)


def build_units(rng: random.Random, firms_per_direction: int = 5) -> UnitPool:
    """All demo units: the catalogue, colleges, enterprises and the special cases."""
    pool = UnitPool(xj={kind: [] for kind in ("高校", "科研院所", "医疗卫生机构")})
    for line in CATALOGUE.strip().splitlines():
        name, kind, province, slug, tags = line.split("|")
        uid = pool.add(UnitRecord(pool.next_id(), name, kind, province),
                       f"{slug}.example", tuple(t for t in tags.split("/") if t))
        if province == "新疆":
            pool.xj[kind].append(uid)
        if province in AID_PROVINCES:
            pool.t1_partners.append(uid)
        if province in WESTERN_PROVINCES or name == "清华大学":
            pool.t2_partners.append(uid)
    for name, parent, slug in COLLEGES:
        parent_unit = pool.get(pool.by_name[parent])
        college = UnitRecord(pool.next_id(), name, parent_unit.unit_type, "新疆",
                             legal_person=False, parent_unit_id=parent_unit.unit_id)
        pool.colleges.append(pool.add(college, f"{slug}.example", pool.tags[parent_unit.unit_id]))
    taken: set[str] = set(pool.by_name)
    xj_cities = [(city, "新疆", code) for city, code in XJ_CITIES]
    for direction in DIRECTIONS:
        pool.enterprises[direction] = [
            pool.add(_enterprise(pool, rng, taken, direction, rng.choice(xj_cities)),
                     f"{pool.next_id().lower()}.example", (direction,))
            for _ in range(firms_per_direction)
        ]
    for city in OUTER_CITIES:
        firm = _enterprise(pool, rng, taken, rng.choice(DIRECTIONS), city)
        uid = pool.add(firm, f"{firm.unit_id.lower()}.example")
        (pool.t2_partners if city[1] in WESTERN_PROVINCES else pool.t1_partners).append(uid)
    _add_special(pool, rng, taken, xj_cities)
    return pool


def _add_special(pool: UnitPool, rng: random.Random, taken: set[str],
                 xj_cities: list[tuple[str, str, str]]) -> None:
    """Units that make eligibility and duplicate-name cases: blacklists, audits, variants."""
    for key, extra in (
        ("blacklisted_lead", {"blacklisted_until": date(2024, 6, 30)}),
        ("audit_missing", {"audit_years": (2024,)}),
        ("old_blacklist", {"blacklisted_until": date(2021, 3, 31)}),
    ):
        direction = rng.choice(DIRECTIONS)
        firm = _enterprise(pool, rng, taken, direction, rng.choice(xj_cities), **extra)
        pool.special[key] = pool.add(firm, f"{firm.unit_id.lower()}.example", (direction,))
    # The old blacklist ended more than three years ago: an ordinary lead again.
    old = pool.get(pool.special["old_blacklist"])
    pool.enterprises[pool.tags[old.unit_id][0]].append(old.unit_id)
    # The same firm typed twice: one credit code, 有限公司 vs 有限责任公司.
    direction = rng.choice(DIRECTIONS)
    firms = [pool.get(uid) for uid in pool.enterprises[direction]]
    original = next((f for f in firms if not f.name.endswith("股份有限公司")), firms[0])
    if original.credit_code is None:
        original = replace(original, credit_code=credit_code(rng, "91", xj_cities[0][2]))
        pool.units[int(original.unit_id[1:]) - 1] = original
    if original.name.endswith("有限责任公司"):
        variant_name = original.name.removesuffix("有限责任公司") + "有限公司"
    else:
        variant_name = original.name.removesuffix("有限公司") + "有限责任公司"
    variant = replace(original, unit_id=pool.next_id(), name=variant_name)
    pool.special["name_variant"] = pool.add(variant, f"{variant.unit_id.lower()}.example",
                                            (direction,))
    pool.enterprises[direction].append(variant.unit_id)
    # Half-width brackets for a university already listed with full-width ones.
    upc = pool.get(pool.by_name["中国石油大学（华东）"])
    bracket = replace(upc, unit_id=pool.next_id(), name="中国石油大学(华东)")
    pool.special["bracket_variant"] = pool.add(bracket, "upc.example", ("油气生产加工",))
    pool.t1_partners.append(bracket.unit_id)
    pool.special["beijing_non_partner"] = pool.by_name["北京理工大学"]
    pool.special["college"] = pool.by_name["石河子大学农学院"]
    outer = [uid for uid in pool.t2_partners if pool.get(uid).unit_type == "企业"]
    pool.special["outer_enterprise"] = outer[0]
