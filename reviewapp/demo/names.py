"""Chinese person names (with a Latin spelling for e-mail addresses) and Xinjiang places."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """Split "王wang 李li" into (("王", "wang"), ("李", "li"))."""
    pairs = []
    for token in text.split():
        han = "".join(ch for ch in token if not ch.isascii())
        pairs.append((han, token[len(han):]))
    return tuple(pairs)


SURNAMES = _pairs(
    "王wang 李li 张zhang 刘liu 陈chen 杨yang 赵zhao 黄huang 周zhou 吴wu 徐xu 孙sun 胡hu "
    "朱zhu 高gao 林lin 何he 郭guo 马ma 罗luo 梁liang 宋song 郑zheng 谢xie 韩han 唐tang "
    "冯feng 于yu 董dong 程cheng 曹cao 袁yuan 邓deng 许xu 沈shen 曾zeng 彭peng 吕lv 苏su "
    "卢lu 蒋jiang 蔡cai 贾jia 丁ding 魏wei 薛xue 叶ye 余yu 潘pan 杜du 戴dai 夏xia 钟zhong "
    "田tian 任ren 姜jiang 范fan 方fang 石shi 姚yao 谭tan 廖liao 邹zou 熊xiong 金jin 陆lu "
    "郝hao 孔kong 白bai 崔cui 康kang 毛mao 邱qiu 秦qin 史shi 顾gu 侯hou 邵shao 孟meng "
    "龙long 段duan 雷lei 钱qian 汤tang 尹yin 常chang 武wu 乔qiao 贺he 龚gong 文wen"
)
MALE_CHARS = _pairs(
    "伟wei 强qiang 磊lei 军jun 勇yong 杰jie 涛tao 斌bin 超chao 刚gang 辉hui 鹏peng 飞fei "
    "波bo 健jian 国guo 志zhi 海hai 峰feng 亮liang 东dong 俊jun 成cheng 振zhen 永yong "
    "德de 庆qing 浩hao 泽ze 博bo 宇yu 建jian"
)
FEMALE_CHARS = _pairs(
    "丽li 芳fang 娟juan 敏min 静jing 燕yan 霞xia 琳lin 婷ting 慧hui 颖ying 雪xue 梅mei "
    "兰lan 洁jie 倩qian 萍ping 丹dan 红hong 玉yu 欣xin 雨yu"
)
NEUTRAL_CHARS = _pairs(
    "明ming 华hua 平ping 新xin 文wen 林lin 春chun 晓xiao 云yun 宁ning 瑞rui 晨chen "
    "阳yang 天tian 立li 学xue 思si 嘉jia 子zi 佳jia 鑫xin 秀xiu"
)
# Uyghur and Kazakh names are written given name · father's name.
MINORITY_MALE = _pairs(
    "艾尔肯erkin 买买提memet 阿不都abdu 吐尔洪turghun 艾力eli 热合曼rahman 阿里木alim "
    "亚森yasin 叶尔兰erlan 努尔兰nurlan 巴合提baqit 努尔艾力nureli"
)
MINORITY_FEMALE = _pairs(
    "古丽米拉gulmira 阿依古丽aygul 热依拉reyila 迪丽努尔dilnur 玛依拉mayila 阿依努尔aynur "
    "帕提古丽patigul 再努尔zaynur"
)
MINORITY_FATHER = _pairs(
    "吐尔逊tursun 阿不都热合曼abdurahman 买买提memet 艾则孜aziz 依明imin 卡德尔qadir "
    "司马义ismail 托合提toxti 哈力克halik 加帕尔japar 努尔旦nurdan 赛力克serik"
)

# Counties and districts where demonstrations take place.
XJ_SITES = (
    "乌鲁木齐市米东区", "乌鲁木齐市头屯河区", "克拉玛依市独山子区", "石河子市", "昌吉州玛纳斯县",
    "昌吉州吉木萨尔县", "昌吉州准东经济技术开发区", "伊犁州霍城县", "伊犁州察布查尔县",
    "哈密市伊州区",
    "吐鲁番市高昌区", "巴州库尔勒市", "巴州尉犁县", "阿克苏地区阿瓦提县", "阿克苏地区温宿县",
    "喀什地区莎车县", "喀什地区麦盖提县", "和田地区墨玉县", "阿勒泰地区富蕴县", "塔城地区沙湾市",
    "博州精河县", "五家渠市", "阿拉尔市", "图木舒克市", "霍尔果斯市", "博州阿拉山口市",
)

# Xinjiang cities with their administrative division code (for credit codes).
XJ_CITIES = (
    ("乌鲁木齐", "650100"), ("克拉玛依", "650200"), ("石河子", "659001"), ("昌吉", "652300"),
    ("伊犁", "654000"), ("哈密", "650500"), ("吐鲁番", "650400"), ("库尔勒", "652800"),
    ("阿克苏", "652900"), ("喀什", "653100"), ("和田", "653200"), ("阿勒泰", "654300"),
    ("塔城", "654200"), ("博乐", "652700"), ("五家渠", "659004"), ("阿拉尔", "659002"),
)
# Out-of-region cities: (city, province, division code).
OUTER_CITIES = (
    ("北京", "北京", "110100"), ("上海", "上海", "310100"), ("深圳", "广东", "440300"),
    ("广州", "广东", "440100"), ("杭州", "浙江", "330100"), ("南京", "江苏", "320100"),
    ("苏州", "江苏", "320500"), ("天津", "天津", "120100"), ("青岛", "山东", "370200"),
    ("武汉", "湖北", "420100"), ("长沙", "湖南", "430100"), ("郑州", "河南", "410100"),
    ("合肥", "安徽", "340100"), ("大连", "辽宁", "210200"), ("西安", "陕西", "610100"),
    ("成都", "四川", "510100"), ("兰州", "甘肃", "620100"), ("西宁", "青海", "630100"),
    ("银川", "宁夏", "640100"), ("拉萨", "西藏", "540100"),
)
BRANDS = (
    "天山", "昆仑", "丝路", "雪莲", "绿洲", "金穗", "胡杨", "西域", "博格达", "天润", "瀚海",
    "金疆", "阳光", "泰昆", "汇通", "中亚", "新丝路", "塔河", "玉龙", "银河", "华泰", "鑫源",
    "众信", "创新", "长风", "宏远", "北辰", "聚能", "星火", "同创",
)


@dataclass
class NameMaker:
    """Draws person names and e-mail local parts, never the same name twice."""

    rng: random.Random
    used: set[str] = field(default_factory=set)
    used_mail: set[str] = field(default_factory=set)

    def person(self, sex: str, minority_share: float = 0.0) -> tuple[str, str]:
        """A fresh (name, latin) pair for a person of this sex (男/女)."""
        while True:
            if self.rng.random() < minority_share:
                pool = MINORITY_MALE if sex == "男" else MINORITY_FEMALE
                given, father = self.rng.choice(pool), self.rng.choice(MINORITY_FATHER)
                name, latin = f"{given[0]}·{father[0]}", f"{given[1]}.{father[1]}"
            else:
                pool = (MALE_CHARS if sex == "男" else FEMALE_CHARS) + NEUTRAL_CHARS
                surname = self.rng.choice(SURNAMES)
                chars = [self.rng.choice(pool) for _ in range(self.rng.choice((1, 2, 2)))]
                name = surname[0] + "".join(c[0] for c in chars)
                latin = surname[1] + "".join(c[1] for c in chars)
            if name not in self.used:
                self.used.add(name)
                return name, latin

    def email(self, latin: str, domain: str) -> str:
        """A unique address at a reserved `.example` domain, so no real mailbox is hit."""
        local, n = latin, 1
        while f"{local}@{domain}" in self.used_mail:
            n += 1
            local = f"{latin}{n}"
        self.used_mail.add(f"{local}@{domain}")
        return f"{local}@{domain}"
