"""Deterministic synthetic rosters of invented manufacturing firms in Anhui province.

Every firm is invented: names, credit codes, people and phone numbers are drawn at random. Only the
places (GB/T 2260 cities and counties of Anhui, from ``templates/regions/gb2260.csv``) and the industry
divisions (GB/T 4754-2017, 13-43) are real.

- :func:`generate_firms` draws firms with clean canonical values.
- :func:`write_roster` writes them to an xlsx, either clean (one header row, canonical values) or
  messy (what city submissions really look like: titles, a two-level merged header, section headings
  and subtotals per city, numbers with units, damaged and legacy credit codes, duplicates, footnotes,
  a hidden option sheet and an instructions sheet), and returns the :class:`Truth`: what a correct
  importer must report for that file.

The same seed gives a byte-identical file (XlsxWriter with fixed document properties).

Regenerate the bundled sample from the project root with::

    python -m tests.synthetic_roster --sample
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import math
import random
import sys
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from planning.reference import creditcode  # noqa: E402

SAMPLE_PATH = ROOT / "resources" / "samples" / "sample_roster.xlsx"
SAMPLE_FIRMS = 2000
SAMPLE_SEED = 20240315
FIXED_CREATED = dt.datetime(2024, 3, 15, 9, 30, 0)

PROVINCE = "34"
# Characters allowed both in GB 11714 organisation codes and in the GB 32100 check alphabet.
SHARED_ALPHABET = "".join(c for c in creditcode.ALPHABET if c in creditcode.ORG_ALPHABET)

# ----------------------------------------------------------------------------------------- places


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    short: str
    pinyin: str
    city_code: str
    city_name: str
    city_short: str
    city_pinyin: str


@lru_cache(maxsize=1)
def anhui_places() -> tuple[dict[str, Place], tuple[Place, ...]]:
    """(cities by code, counties) of Anhui; development zones (5th digit 7) are left out."""
    path = ROOT / "templates" / "regions" / "gb2260.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["code"].startswith(PROVINCE)]
    cities = {}
    for r in rows:
        if r["level"] == "city" and r["parent"] == PROVINCE + "0000":
            cities[r["code"]] = Place(r["code"], r["name"], r["short"], r["pinyin"],
                                      r["code"], r["name"], r["short"], r["pinyin"])
    counties = []
    for r in rows:
        if r["level"] == "county" and r["parent"] in cities and r["code"][4] != "7":
            city = cities[r["parent"]]
            counties.append(Place(r["code"], r["name"], r["short"] or r["name"], r["pinyin"],
                                  city.code, city.name, city.short, city.pinyin))
    return cities, tuple(sorted(counties, key=lambda p: p.code))


# Rough share of each city in Anhui's manufacturing firms.
CITY_WEIGHTS = {
    "340100": 20, "340200": 12, "340300": 6, "340400": 4, "340500": 6, "340600": 4, "340700": 3,
    "340800": 7, "341000": 3, "341100": 8, "341200": 7, "341300": 5, "341500": 6, "341600": 4,
    "341700": 2, "341800": 6,
}
AREA_CODES = {
    "340100": "0551", "340200": "0553", "340300": "0552", "340400": "0554", "340500": "0555",
    "340600": "0561", "340700": "0562", "340800": "0556", "341000": "0559", "341100": "0550",
    "341200": "0558", "341300": "0557", "341500": "0564", "341600": "0558", "341700": "0566",
    "341800": "0563",
}

# ----------------------------------------------------------------------------------------- industry

# division -> (weight, words used in firm names, some GB/T 4754-2017 classes (code, name))
INDUSTRY: dict[int, tuple[float, tuple[str, ...], tuple[tuple[str, str], ...]]] = {
    13: (5, ("粮油", "米业", "饲料", "农产品"), (("1311", "稻谷加工"), ("1329", "其他饲料加工"), ("1331", "食用植物油加工"), ("1351", "牲畜屠宰"))),
    14: (3, ("食品", "乳业", "调味品"), (("1411", "糕点、面包制造"), ("1431", "米、面制品制造"), ("1462", "酱油、食醋及类似制品制造"))),
    15: (2, ("酒业", "茶业", "饮品"), (("1512", "白酒制造"), ("1513", "啤酒制造"), ("1530", "精制茶加工"))),
    16: (0.1, ("卷烟",), (("1620", "卷烟制造"),)),
    17: (3, ("纺织", "棉纺", "丝绸"), (("1711", "棉纺纱加工"), ("1713", "棉印染精加工"), ("1742", "绢纺和丝织加工"))),
    18: (3, ("服饰", "服装", "制衣"), (("1811", "运动机织服装制造"), ("1819", "其他机织服装制造"), ("1830", "服饰制造"))),
    19: (1, ("皮革", "鞋业", "羽绒"), (("1910", "皮革鞣制加工"), ("1953", "塑料鞋制造"), ("1941", "羽毛(绒)加工"))),
    20: (2, ("木业", "竹木"), (("2011", "锯材加工"), ("2021", "胶合板制造"), ("2041", "竹制品制造"))),
    21: (2, ("家具", "家居"), (("2110", "木质家具制造"), ("2130", "金属家具制造"))),
    22: (2, ("纸业", "包装"), (("2221", "机制纸及纸板制造"), ("2231", "纸和纸板容器制造"))),
    23: (1.5, ("印务", "印刷"), (("2311", "书、报刊印刷"), ("2319", "包装装潢及其他印刷"))),
    24: (1.5, ("文具", "工艺品", "体育用品"), (("2411", "文具制造"), ("2439", "其他工艺美术及礼仪用品制造"), ("2442", "专项运动器材及配件制造"))),
    25: (0.5, ("能源", "焦化"), (("2511", "原油加工及石油制品制造"), ("2521", "炼焦"))),
    26: (5, ("化工", "新材料", "涂料"), (("2614", "有机化学原料制造"), ("2641", "涂料制造"), ("2651", "初级形态塑料及合成树脂制造"), ("2662", "专项化学用品制造"))),
    27: (2.5, ("药业", "制药", "生物医药"), (("2710", "化学药品原料药制造"), ("2720", "化学药品制剂制造"), ("2740", "中成药生产"), ("2770", "卫生材料及医药用品制造"))),
    28: (0.5, ("化纤",), (("2822", "涤纶纤维制造"), ("2811", "化纤浆粕制造"))),
    29: (6, ("塑业", "橡胶", "塑胶"), (("2911", "轮胎制造"), ("2922", "塑料板、管、型材制造"), ("2929", "塑料零件及其他塑料制品制造"))),
    30: (7, ("建材", "水泥", "玻璃", "陶瓷"), (("3011", "水泥制造"), ("3021", "水泥制品制造"), ("3041", "平板玻璃制造"), ("3091", "石墨及碳素制品制造"))),
    31: (1, ("钢铁", "特钢"), (("3110", "炼铁"), ("3120", "炼钢"), ("3130", "钢压延加工"))),
    32: (2, ("铜业", "铝业", "有色金属"), (("3211", "铜冶炼"), ("3251", "铜压延加工"), ("3252", "铝压延加工"))),
    33: (8, ("金属制品", "五金", "钢结构"), (("3311", "金属结构制造"), ("3340", "金属丝绳及其制品制造"), ("3360", "金属表面处理及热处理加工"))),
    34: (8, ("机械", "泵业", "轴承", "通用设备"), (("3411", "锅炉及辅助设备制造"), ("3441", "泵及真空设备制造"), ("3451", "滚动轴承制造"), ("3484", "机械零部件加工"))),
    35: (7, ("智能装备", "专用设备", "模具"), (("3511", "矿山机械制造"), ("3525", "模具制造"), ("3531", "食品、酒、饮料及茶生产专用设备制造"), ("3562", "半导体器件专用设备制造"))),
    36: (6, ("汽车部件", "汽配", "汽车零部件"), (("3612", "新能源车整车制造"), ("3670", "汽车零部件及配件制造"))),
    37: (1.5, ("船舶", "车辆", "轨道交通设备"), (("3731", "金属船舶制造"), ("3714", "高铁设备、配件制造"), ("3761", "自行车制造"))),
    38: (8, ("电气", "电器", "电池", "光伏"), (("3821", "变压器、整流器和电感器制造"), ("3841", "锂离子电池制造"), ("3825", "光伏设备及元器件制造"), ("3851", "家用制冷电器具制造"))),
    39: (6, ("电子", "光电", "半导体", "通信"), (("3922", "通信终端设备制造"), ("3973", "集成电路制造"), ("3974", "显示器件制造"), ("3982", "电子电路制造"))),
    40: (1.5, ("仪器仪表", "仪表", "传感"), (("4011", "工业自动控制系统装置制造"), ("4014", "实验分析仪器制造"), ("4021", "环境监测专用仪器仪表制造"))),
    41: (0.8, ("日用制品", "刷业"), (("4111", "鬃毛加工、制刷及清扫工具制造"), ("4190", "其他未列明制造业"))),
    42: (1, ("再生资源", "环保科技"), (("4210", "金属废料和碎屑加工处理"), ("4220", "非金属废料和碎屑加工处理"))),
    43: (0.5, ("设备维修", "机电维修"), (("4320", "通用设备修理"), ("4330", "专用设备修理"))),
}


@lru_cache(maxsize=1)
def division_names() -> dict[str, str]:
    path = ROOT / "templates" / "industry" / "gbt4754_manufacturing.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return {r["code"]: r["name_zh"] for r in csv.DictReader(fh)}


# ----------------------------------------------------------------------------------------- people

BRAND_CHARS = (
    "华鑫瑞恒泰达宏信德源盛丰昌隆兴凯博远通诚安宁康辉荣正新海天金宇科力创奥嘉晟鼎汇锦永祥福东中"
    "腾飞耀明光聚全和美立峰益振众欣佳睿智联银润泽云翔升旭日星辰江淮徽皖山川林森雅富贵豪威拓启航"
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程汪"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红文辉建国志刚海燕晓东春梅新民永红小军"
REMARKS = (
    "2023年新增规上企业", "已完成数字化转型诊断", "拟申报省级智能工厂", "省级数字化车间", "企业搬迁中",
    "已上云", "拟实施ERP升级", "市级专精特新培育对象", "产值同比增长", "联系人已变更",
    "2022年度数据", "计划2025年完成MES部署",
)


def _org_code(rng: random.Random, modern: bool, digits_only: bool = False) -> str:
    """A GB 11714 organisation code (8 characters + check), drawn from the shared alphabet."""
    while True:
        if modern and not digits_only:
            body = "MA" + "".join(rng.choice(SHARED_ALPHABET) for _ in range(6))
        else:
            body = "".join(rng.choice("0123456789") for _ in range(8))
        total = sum(creditcode.ORG_ALPHABET.index(c) * w for c, w in zip(body, creditcode.ORG_WEIGHTS))
        check = 11 - total % 11
        char = "X" if check == 10 else "0" if check == 11 else str(check)
        if digits_only and char == "X":
            continue
        return body + char


def make_credit_code(rng: random.Random, prefix: str, division: str, modern: bool) -> str:
    org = _org_code(rng, modern)
    first17 = prefix + division + org
    return first17 + creditcode.check_character(first17)


def legacy_registration_number(rng: random.Random, division: str) -> str:
    """A 15-digit business registration number (GB/T 17710 MOD 11,10 check digit)."""
    body = division + "".join(rng.choice("0123456789") for _ in range(8))
    p = 10
    for ch in body:
        s = (p + int(ch)) % 10 or 10
        p = (s * 2) % 11
    return body + str((11 - p) % 10)


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _mobile(rng: random.Random) -> str:
    return "1" + rng.choice("35789") + "".join(rng.choice("0123456789") for _ in range(9))


# ----------------------------------------------------------------------------------------- firms


def _clip_rate(x: float) -> float:
    x = min(100.0, max(0.0, round(x, 1)))
    if 0 < x < 1:  # a rate below 1 % is not a plausible survey answer; keep units unambiguous
        x = 0.0 if x < 0.5 else 1.0
    return x


def generate_firms(n: int, seed: int) -> list[dict]:
    """``n`` invented firms with clean canonical values (roster field keys of planning.base.schema).

    Private keys (starting with ``_``) carry what a writer needs: codes of the places, the code
    category ('91', '92', '93') and the division.
    """
    rng = random.Random(seed)
    cities, counties = anhui_places()
    by_city: dict[str, list[Place]] = {}
    for place in counties:
        by_city.setdefault(place.city_code, []).append(place)
    city_codes = sorted(by_city)
    city_weights = [CITY_WEIGHTS.get(c, 3) for c in city_codes]
    divisions = sorted(INDUSTRY)
    division_weights = [INDUSTRY[d][0] for d in divisions]
    div_names = division_names()

    n93 = max(1, round(n * 0.001)) if n >= 200 else 0
    n92 = round(n * 0.01)
    categories = ["91"] * n
    special = rng.sample(range(n), n92 + n93) if n92 + n93 else []
    for k, i in enumerate(special):
        categories[i] = "92" if k < n92 else "93"
    forced = list(divisions) if n >= len(divisions) else []
    forced_at = dict(zip(rng.sample(range(n), len(forced)), forced)) if forced else {}

    names: set[str] = set()
    codes: set[str] = set()
    firms = []
    for i in range(n):
        category = categories[i]
        city_code = rng.choices(city_codes, city_weights)[0]
        place = rng.choice(by_city[city_code])
        if category == "93":
            division = rng.choice((13, 15))
        else:
            division = forced_at.get(i) or rng.choices(divisions, division_weights)[0]
        _, words, classes = INDUSTRY[division]
        klass, _ = rng.choice(classes)

        year = min(2023, 1990 + int(34 * rng.random() ** 0.7))
        established = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        code = None
        while code is None or code in codes:
            code = make_credit_code(rng, category, place.code, modern=year >= 2016)
        codes.add(code)

        prefix_choices = [place.city_short]
        if place.short not in ("郊区",) and len(place.short) >= 2:
            prefix_choices += [place.short, place.short]
        name = None
        while name is None or name in names:
            prefix = rng.choice(prefix_choices)
            brand = "".join(rng.sample(BRAND_CHARS, 2))
            word = rng.choice(words)
            if category == "92":
                name = f"{prefix}{brand}{word}{rng.choice(('加工厂', '厂', '制品厂'))}"
            elif category == "93":
                name = f"{prefix}{brand}{'茶叶' if division == 15 else '农产品'}专业合作社"
            else:
                suffix = rng.choices(("有限公司", "股份有限公司", "厂"), (80, 12, 8))[0]
                if suffix == "有限公司" and rng.random() < 0.25:
                    suffix = "科技有限公司"
                name = f"{prefix}{brand}{word}{suffix}"
        names.add(name)

        scale = 0.9 if category == "91" else 0.3
        revenue = math.exp(rng.gauss(math.log(2800 * scale), 1.25) + (2023 - year) * 0.015)
        revenue = round(min(max(revenue, 20.0), 3_000_000.0), 2)
        productivity = math.exp(rng.gauss(math.log(60), 0.5))
        employees = max(3, int(round(revenue / productivity)))
        z = (math.log(revenue) - math.log(2800)) / 1.25
        s = 0.7 * z + rng.gauss(0, 0.8)
        level = 1 if s < 0.1 else 2 if s < 1.2 else 3 if s < 2.1 else 4
        assessed = rng.random() >= 0.08
        lv = level
        cnc = _clip_rate(rng.gauss(12 + 14 * lv, 10))
        rd = _clip_rate(rng.gauss(20 + 15 * lv, 12))
        net = _clip_rate(rng.gauss(8 + 16 * lv, 10))
        has_erp = rng.random() < (0.35, 0.6, 0.85, 0.95)[lv - 1]
        has_mes = rng.random() < (0.05, 0.2, 0.55, 0.85)[lv - 1]
        specialized = category == "91" and rng.random() < 0.05 + 0.05 * (lv - 1) + (0.05 if revenue > 20000 else 0)
        if rng.random() < 0.85:
            phone = _mobile(rng)
        else:
            phone = f"{AREA_CODES[city_code]}-{rng.choice('2345678')}{rng.randint(0, 9999999):07d}"
        firms.append({
            "credit_code": code,
            "name": name,
            "city": place.city_name,
            "county": place.name,
            "industry_code": klass,
            "industry_name": div_names[str(division)],
            "revenue_wan": revenue,
            "employees": float(employees),
            "miit_level": level if assessed else None,
            "cnc_rate": cnc,
            "rd_tool_rate": rd,
            "networking_rate": net,
            "has_erp": has_erp,
            "has_mes": has_mes,
            "specialized": specialized,
            "established": established,
            "contact": _person(rng),
            "phone": phone,
            "remarks": rng.choice(REMARKS) if rng.random() < 0.12 else None,
            "_city_code": city_code,
            "_county_code": place.code,
            "_category": category,
            "_division": str(division),
        })
    return firms


# ----------------------------------------------------------------------------------------- truth


@dataclass
class Truth:
    """What a correct importer must report for one generated file (rows are 1-based)."""

    enterprise_rows: int = 0
    enterprises: int = 0
    invalid_credit_codes: list[tuple[int, str]] = field(default_factory=list)  # (row, kind)
    not_enterprise_codes: list[tuple[int, str]] = field(default_factory=list)  # (row, '92'/'93')
    missing_credit_codes: int = 0
    placeholder_credit_codes: list[int] = field(default_factory=list)  # rows with '—' or '/' for the code
    duplicate_credit_codes: dict[str, int] = field(default_factory=dict)
    revenue_total_wan: float = 0.0
    by_city: dict[str, int] = field(default_factory=dict)
    by_level: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, list[int]] = field(default_factory=dict)  # kind -> rows
    rejected: dict[str, list[int]] = field(default_factory=dict)  # kind -> rows
    sheet: str = ""
    header_row: int = 0
    data_rows: tuple[int, int] = (0, 0)
    other_sheets: dict[str, str] = field(default_factory=dict)  # sheet -> reason kind
    rows: dict[int, dict] = field(default_factory=dict)  # row -> expected canonical values

    def summary(self) -> dict:
        out = asdict(self)
        out.pop("rows")
        out["invalid_credit_codes"] = [list(x) for x in self.invalid_credit_codes]
        out["not_enterprise_codes"] = [list(x) for x in self.not_enterprise_codes]
        out["data_rows"] = list(self.data_rows)
        return out


class _TruthBuilder:
    def __init__(self, sheet: str):
        self.truth = Truth(sheet=sheet)
        self.by_city: dict[str, int] = {}
        self.by_level = {k: 0 for k in ("1", "2", "3", "4", "unknown")}
        self.codes: dict[str, int] = {}
        self.revenue = 0.0
        self.first_by_code: set[str] = set()

    def skip(self, kind: str, row: int) -> None:
        self.truth.skipped.setdefault(kind, []).append(row)

    def enterprise(self, row: int, expected: dict, *, identity: bool = True) -> None:
        t = self.truth
        t.enterprise_rows += 1
        t.rows[row] = expected
        city = expected["city"] or "unknown"
        self.by_city[city] = self.by_city.get(city, 0) + 1
        level = expected["miit_level"]
        self.by_level[str(level) if level else "unknown"] += 1
        if expected["revenue_wan"] is not None:
            self.revenue += expected["revenue_wan"]
        status = expected["credit_code_status"]
        if status == creditcode.MISSING:
            t.missing_credit_codes += 1
        elif status == creditcode.NOT_ENTERPRISE:
            t.not_enterprise_codes.append((row, expected["credit_code"][:2]))
        elif status != creditcode.VALID:
            t.invalid_credit_codes.append((row, "cc." + status))
        if not identity:
            t.rejected.setdefault("reject.no_identity", []).append(row)
            return
        code = expected["credit_code"]
        if status in creditcode.ACCEPTED:
            self.codes[code] = self.codes.get(code, 0) + 1
            if code in self.first_by_code:
                t.rejected.setdefault("reject.duplicate", []).append(row)
                return
            self.first_by_code.add(code)
        t.enterprises += 1

    def finish(self) -> Truth:
        t = self.truth
        t.revenue_total_wan = round(self.revenue, 4)
        t.by_city = dict(sorted(self.by_city.items(), key=lambda kv: (-kv[1], kv[0])))
        t.by_level = self.by_level
        t.duplicate_credit_codes = dict(sorted((c, k) for c, k in self.codes.items() if k > 1))
        for rows in list(t.skipped.values()) + list(t.rejected.values()):
            rows.sort()
        t.skipped = dict(sorted(t.skipped.items()))
        t.rejected = dict(sorted(t.rejected.items()))
        return t


def _expected(firm: dict) -> dict:
    """The canonical values a correct importer gives for a firm written cleanly."""
    keys = ("credit_code", "name", "city", "county", "industry_code", "industry_name", "revenue_wan",
            "employees", "miit_level", "cnc_rate", "rd_tool_rate", "networking_rate", "has_erp", "has_mes",
            "specialized", "established", "contact", "phone", "remarks")
    out = {k: firm[k] for k in keys}
    out["credit_code_status"] = creditcode.VALID if firm["_category"] == "91" else creditcode.NOT_ENTERPRISE
    return out


# ----------------------------------------------------------------------------------------- writing


def _workbook(path: Path):
    import xlsxwriter

    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                               "strings_to_urls": False})
    workbook.set_properties({
        "title": "安徽省制造业企业数字化转型基础情况调查表（合成示例）",
        "author": "DTPlan synthetic roster generator",
        "company": "",
        "comments": "All firms are invented.",
        "created": FIXED_CREATED,
    })
    return workbook


LEVEL_ZH = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}
LEVEL_NAMED = {1: "一级（初始级）", 2: "二级（规范级）", 3: "三级（集成级）", 4: "四级（协同级）"}

CLEAN_HEADERS = (
    "序号", "统一社会信用代码", "企业名称", "所属地市", "所属区县", "行业代码", "行业名称", "营业收入（万元）",
    "从业人员（人）", "数字化水平等级", "关键工序数控化率（%）", "数字化研发设计工具普及率（%）", "设备联网率（%）",
    "应用ERP", "应用MES", "专精特新", "成立日期", "联系人", "联系电话", "备注", "主要产品",
)
PRODUCTS = ("零部件", "成套设备", "原材料", "终端产品", "配套件", "半成品")


def write_clean_rows(worksheet, firms, start_row: int, formats: dict, first_serial: int = 1) -> None:
    """Rows of the clean style (also used by the benchmark to write 10^5-row rosters)."""
    date_fmt, money_fmt = formats["date"], formats["money"]
    write_row, write_number, write_datetime = worksheet.write_row, worksheet.write_number, worksheet.write_datetime
    for k, f in enumerate(firms):
        r = start_row + k
        level = f["miit_level"]
        write_row(r, 0, (
            first_serial + k, f["credit_code"], f["name"], f["city"], f["county"], "C" + f["industry_code"],
            f["industry_name"]))
        write_number(r, 7, f["revenue_wan"], money_fmt)
        write_row(r, 8, (
            f["employees"], LEVEL_ZH[level] if level else None, f["cnc_rate"], f["rd_tool_rate"],
            f["networking_rate"], "是" if f["has_erp"] else "否", "是" if f["has_mes"] else "否",
            "是" if f["specialized"] else "否"))
        write_datetime(r, 16, f["established"], date_fmt)
        write_row(r, 17, (f["contact"], f["phone"], f["remarks"], PRODUCTS[len(f["name"]) % len(PRODUCTS)]))


def clean_formats(workbook) -> dict:
    return {"date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "money": workbook.add_format({"num_format": "#,##0.00"}),
            "header": workbook.add_format({"bold": True})}


def write_roster(path: str | Path, firms: list[dict], *, messy: bool, seed: int) -> Truth:
    """Write ``firms`` to ``path`` (xlsx) and return what a correct importer must report for it."""
    path = Path(path)
    if messy:
        return _write_messy(path, firms, seed)
    workbook = _workbook(path)
    formats = clean_formats(workbook)
    sheet = workbook.add_worksheet("企业名单")
    sheet.write_row(0, 0, CLEAN_HEADERS, formats["header"])
    write_clean_rows(sheet, firms, 1, formats)
    workbook.close()
    builder = _TruthBuilder("企业名单")
    builder.skip("row.header", 1)
    for k, firm in enumerate(firms):
        builder.enterprise(k + 2, _expected(firm))
    truth = builder.finish()
    truth.header_row, truth.data_rows = 1, (2, len(firms) + 1)
    return truth


# ---------------------------------------------------------------------- the messy style

MESSY_HEADERS = (
    "序号", "企业（单位）名称", "统一社会信用代码", "所属地市", "所属区县", "行业代码", "营业收入（万元）",
    "从业人员（人）", "数字化水平等级", None, None, None, "是否应用ERP", "是否应用MES", "专精特新", "成立日期",
    "联系人", "联系电话", "备注",
)
RATE_HEADERS = ("关键工序数控化率", "数字化研发设计工具普及率", "设备联网率")
WIDTH = len(MESSY_HEADERS)
C_SERIAL, C_NAME, C_CODE, C_CITY, C_COUNTY, C_IND, C_REV, C_EMP, C_LEVEL, C_CNC, C_RD, C_NET, C_ERP, C_MES, \
    C_SPEC, C_DATE, C_CONTACT, C_PHONE, C_REMARK = range(WIDTH)
CN_NUMERALS = "一二三四五六七八九十"
NOTES = (
    "注：1. 营业收入为2023年度数据，单位为万元；2. 数字化水平等级以中小企业数字化水平评测结果为准，"
    "未参加评测的填“未评测”；3. 各项比率按百分数填报。",
    "填表人：王立新　　联系电话：0551-62871234　　填报日期：2024年3月15日",
)
INSTRUCTIONS = (
    "填表说明",
    "一、本表由各市经济和信息化局组织辖区内制造业企业填报，经审核后报送省经济和信息化厅。",
    "二、统一社会信用代码请填写营业执照上的18位代码，请将该列设置为文本格式，避免后几位变成0。",
    "三、营业收入填写上年度营业收入，金额单位为万元，保留两位小数。",
    "四、行业代码按《国民经济行业分类》（GB/T 4754-2017）填写到小类（四位数字）。",
    "五、数字化水平等级按中小企业数字化水平评测结果填写一级至四级，未参加评测的填写“未评测”。",
    "六、关键工序数控化率、数字化研发设计工具普及率、设备联网率请按百分比填写。",
    "七、是否应用ERP、MES及是否为专精特新企业，请从下拉列表中选择。",
)


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _plain(number: float) -> str:
    text = f"{number:.6f}".rstrip("0").rstrip(".")
    return text or "0"


def _chinese_number(k: int) -> str:
    if k <= 10:
        return CN_NUMERALS[k - 1]
    if k < 20:
        return "十" + CN_NUMERALS[k - 11]
    return CN_NUMERALS[k // 10 - 1] + "十" + (CN_NUMERALS[k % 10 - 1] if k % 10 else "")


class _MessyWriter:
    def __init__(self, path: Path, firms: list[dict], seed: int):
        self.rng = random.Random(seed * 7919 + 17)
        self.firms = firms
        self.workbook = _workbook(path)
        wb = self.workbook
        border = {"border": 1, "font_name": "宋体", "font_size": 10}
        self.fmt = {
            "title": wb.add_format({"bold": True, "font_size": 16, "align": "center", "font_name": "黑体"}),
            "note": wb.add_format({"font_size": 10}),
            "head": wb.add_format({**border, "bold": True, "align": "center", "valign": "vcenter",
                                   "text_wrap": True, "bg_color": "#D9E1F2"}),
            "cell": wb.add_format(border),
            "text": wb.add_format({**border, "num_format": "@"}),
            "money": wb.add_format({**border, "num_format": "#,##0.00"}),
            "int": wb.add_format({**border, "num_format": "0"}),
            "pct": wb.add_format({**border, "num_format": "0.0%"}),
            "date": wb.add_format({**border, "num_format": "yyyy-mm-dd"}),
            "date_cn": wb.add_format({**border, "num_format": "yyyy\"年\"m\"月\"d\"日\""}),
            "section": wb.add_format({**border, "bold": True, "bg_color": "#FFF2CC"}),
            "total": wb.add_format({**border, "bold": True, "num_format": "#,##0.00"}),
        }
        self.sheet = wb.add_worksheet("企业名单")
        self.builder = _TruthBuilder("企业名单")

    # ---- what each firm's cells say, and what a correct importer makes of them

    def plan(self) -> None:
        """Decide, deterministically, which firms get which damage."""
        rng, firms = self.rng, self.firms
        n = len(firms)
        plain = [i for i, f in enumerate(firms) if f["_category"] == "91"]
        rng.shuffle(plain)
        digits_only = [i for i in plain if firms[i]["credit_code"].isdigit()]
        self.code_style: dict[int, str] = {}
        take = lambda pool, k: [pool.pop() for _ in range(min(k, len(pool)))]  # noqa: E731
        lost = take(digits_only, max(2, round(n * 0.0015)))
        for i in lost:
            plain.remove(i)
            self.code_style[i] = "lost_digits"
        for style, share, least in (("missing", 0.02, 3), ("bad_check", 0.01, 2), ("legacy", 0.002, 2),
                                    ("lower", 0.004, 1), ("spaces", 0.004, 1), ("full_width", 0.003, 1)):
            for i in take(plain, max(least, round(n * share))):
                self.code_style[i] = style
        self.duplicates = take(plain, max(1, round(n * 0.01)))

    def code_cell(self, i: int, firm: dict):
        """(value, format, expected code, expected status) of the credit-code cell."""
        code, style = firm["credit_code"], self.code_style.get(i, "plain")
        status = creditcode.VALID if firm["_category"] == "91" else creditcode.NOT_ENTERPRISE
        if style == "plain":
            return code, "text", code, status
        if style == "lower":
            return code.lower(), "text", code, status
        if style == "spaces":
            return f"{code[:8]} {code[8:12]} {code[12:]}", "text", code, status
        if style == "full_width":
            return _full_width(code), "text", code, status
        if style == "missing":
            value = self.rng.choice((None, None, None, "—", "/"))
            return value, "text", None, creditcode.MISSING
        if style == "bad_check":
            wrong = self.rng.choice([c for c in creditcode.ALPHABET if c != code[17]])
            return code[:17] + wrong, "text", code[:17] + wrong, creditcode.BAD_CHECK
        if style == "legacy":
            number = legacy_registration_number(self.rng, firm["_county_code"])
            return number, "text", number, creditcode.LEGACY_REGISTRATION
        if style == "lost_digits":
            digits = f"{int(code):.15g}"  # Excel keeps 15 significant digits
            shown = str(int(Decimal(digits)))  # and shows them followed by zeros
            return float(digits), "int", shown, creditcode.LOST_DIGITS
        raise AssertionError(style)

    def revenue_cell(self, revenue: float):
        """(value, format, stated value in 万元 or None)."""
        rng = self.rng
        u = rng.random()
        if u < 0.03:
            return None, "money", None
        if u < 0.80:
            return revenue, "money", revenue
        if u < 0.85:
            return f"{revenue:,.2f}", "text", revenue
        if u < 0.88:
            return _full_width(f"{revenue:.2f}"), "text", revenue
        if u < 0.91 and revenue >= 10000:
            return f"{_plain(revenue / 10000)}亿元", "text", revenue
        if u < 0.94:
            return f"{_plain(revenue)}万元", "text", revenue
        if u < 0.97:
            return f"{_plain(revenue)}万", "text", revenue
        return f"{round(revenue * 10000):,}元", "text", revenue

    def level_cell(self, level):
        rng = self.rng
        if level is None:
            return rng.choice((None, "未评测", "未评测")), "cell"
        u = rng.random()
        if u < 0.55:
            return LEVEL_ZH[level], "cell"
        if u < 0.70:
            return level, "int"
        if u < 0.78:
            return f"L{level}", "cell"
        return LEVEL_NAMED[level], "cell"

    def flag_cell(self, value: bool, style: str):
        rng = self.rng
        if rng.random() < 0.03:
            return None, None
        if rng.random() < 0.1:
            return ("√" if value else "×"), value
        if style == "是否":
            return ("是" if value else "否"), value
        return ("有" if value else "无"), value

    def specialized_cell(self, value: bool):
        rng = self.rng
        if value:
            return rng.choice(("是", "是", "省级专精特新", "国家级专精特新小巨人")), True
        u = rng.random()
        if u < 0.5:
            return "否", False
        return None, None

    def rate_cells(self, firm: dict):
        """Cells for the three rates: CNC as text '45%', R&D tool as points, networking as 0-1 numbers."""
        rng = self.rng
        out = []
        for key, style in (("cnc_rate", "text"), ("rd_tool_rate", "points"), ("networking_rate", "fraction")):
            value = firm[key]
            u = rng.random()
            if u < 0.04:
                out.append((None, "cell", None))
                continue
            odd = u > 0.97
            if style == "text" and not odd or style != "text" and odd and value not in (0.0,):
                out.append((f"{_plain(value)}%", "cell", value))
            elif style == "points" or style == "text":
                out.append((value, "cell", value))
            else:
                out.append((round(value / 100, 4), "pct", value))
        return out

    def date_cell(self, date: dt.date):
        u = self.rng.random()
        if u < 0.03:
            return None, "cell", None
        if u < 0.10:
            return f"{date.year}年{date.month}月", "cell", dt.date(date.year, date.month, 1)
        if u < 0.13:
            return f"{date.year}/{date.month}/{date.day}", "cell", date
        return date, "date_cn" if u > 0.9 else "date", date

    def city_cell(self, firm: dict):
        cities, _ = anhui_places()
        city = cities[firm["_city_code"]]
        u = self.rng.random()
        if u < 0.05:
            return None
        if u < 0.65:
            return city.name
        if u < 0.85:
            return city.short
        if u < 0.96:
            return "安徽省" + city.name
        return city.pinyin

    def county_cell(self, firm: dict):
        _, counties = anhui_places()
        place = next(p for p in counties if p.code == firm["_county_code"])
        u = self.rng.random()
        if u < 0.04:
            return None, None
        if u < 0.78 or len(place.short) < 2 or place.short == place.name:
            return place.name, place.name
        return place.short, place.name

    def industry_cell(self, firm: dict):
        """(value, format, expected code, expected industry name).

        A cell holding only the division's name keeps it as the industry name and gives no code: the
        roster records what the file states, and tagging (planning.strategy.sectors) finds the division by name.
        """
        klass, division = firm["industry_code"], firm["_division"]
        u = self.rng.random()
        if u < 0.04:
            return None, "cell", None, None
        if u < 0.45:
            return "C" + klass, "cell", klass, None
        if u < 0.65:
            return klass, "text", klass, None
        if u < 0.75:
            return int(klass), "int", klass, None
        if u < 0.85:
            return "C" + division, "cell", division, None
        if u < 0.90:
            return division, "text", division, None
        return firm["industry_name"], "cell", None, firm["industry_name"]

    def phone_cell(self, phone: str):
        u = self.rng.random()
        if u < 0.04:
            return None, "cell", None
        if u < 0.2 and "-" not in phone:
            return int(phone), "int", phone
        return phone, "text", phone

    # ---- the sheet

    def firm_row(self, r: int, serial: int, i: int, firm: dict, *, revenue: float | None = None) -> None:
        ws, fmt = self.sheet, self.fmt

        def put(col, value, style="cell"):
            if value is None:
                ws.write_blank(r, col, None, fmt[style])
            elif isinstance(value, (dt.date, dt.datetime)):
                ws.write_datetime(r, col, value, fmt[style])
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                ws.write_number(r, col, value, fmt[style])
            else:
                ws.write_string(r, col, value, fmt[style])

        put(C_SERIAL, serial)
        put(C_NAME, firm["name"])
        code_value, code_fmt, code, status = self.code_cell(i, firm)
        put(C_CODE, code_value, code_fmt)
        if status == creditcode.MISSING and code_value is not None:
            self.builder.truth.placeholder_credit_codes.append(r + 1)
        city = self.city_cell(firm)
        put(C_CITY, city)
        county_value, county = self.county_cell(firm)
        put(C_COUNTY, county_value)
        ind_value, ind_fmt, ind_code, ind_name = self.industry_cell(firm)
        put(C_IND, ind_value, ind_fmt)
        rev_value, rev_fmt, rev = self.revenue_cell(firm["revenue_wan"] if revenue is None else revenue)
        put(C_REV, rev_value, rev_fmt)
        employees = firm["employees"]
        if self.rng.random() < 0.03:
            put(C_EMP, None)
            employees = None
        elif self.rng.random() < 0.05:
            put(C_EMP, f"{int(employees)}人")
        else:
            put(C_EMP, employees, "int")
            self._sums[1] += employees  # SUBTOTAL adds numbers only, as Excel does
        level_value, level_fmt = self.level_cell(firm["miit_level"])
        put(C_LEVEL, level_value, level_fmt)
        rates = self.rate_cells(firm)
        for col, (value, style, _) in zip((C_CNC, C_RD, C_NET), rates):
            put(col, value, style)
        erp_value, erp = self.flag_cell(firm["has_erp"], "是否")
        put(C_ERP, erp_value)
        mes_value, mes = self.flag_cell(firm["has_mes"], "有无")
        put(C_MES, mes_value)
        spec_value, spec = self.specialized_cell(firm["specialized"])
        put(C_SPEC, spec_value)
        date_value, date_fmt, date = self.date_cell(firm["established"])
        put(C_DATE, date_value, date_fmt)
        contact = firm["contact"] if self.rng.random() > 0.03 else None
        put(C_CONTACT, contact)
        phone_value, phone_fmt, phone = self.phone_cell(firm["phone"])
        put(C_PHONE, phone_value, phone_fmt)
        put(C_REMARK, firm["remarks"])
        expected = {
            "credit_code": code, "credit_code_status": status, "name": firm["name"], "city": firm["city"],
            "county": county, "industry_code": ind_code, "industry_name": ind_name, "revenue_wan": rev, "employees": employees,
            "miit_level": firm["miit_level"], "cnc_rate": rates[0][2], "rd_tool_rate": rates[1][2],
            "networking_rate": rates[2][2], "has_erp": erp, "has_mes": mes, "specialized": spec,
            "established": date, "contact": contact, "phone": phone, "remarks": firm["remarks"],
        }
        self.builder.enterprise(r + 1, expected)
        self._sums[0] += rev_value if isinstance(rev_value, float) else 0.0

    def write(self) -> Truth:
        self.plan()
        ws, fmt, rng, b = self.sheet, self.fmt, self.rng, self.builder
        cities, _ = anhui_places()
        last_col = WIDTH - 1
        ws.set_column(C_SERIAL, C_SERIAL, 5)
        ws.set_column(C_NAME, C_NAME, 30)
        ws.set_column(C_CODE, C_CODE, 21)
        ws.set_column(C_CITY, C_IND, 10)
        ws.set_column(C_REV, C_SPEC, 11)
        ws.set_column(C_DATE, C_DATE, 12)
        ws.set_column(C_CONTACT, C_PHONE, 12)
        ws.set_column(C_REMARK, C_REMARK, 20)
        ws.merge_range(0, 0, 0, last_col, "安徽省2024年制造业企业数字化转型基础情况调查表", fmt["title"])
        ws.merge_range(1, 0, 1, 8, "填报单位（盖章）：安徽省经济和信息化厅（汇总）", fmt["note"])
        ws.merge_range(1, 9, 1, last_col, "金额单位：万元", fmt["note"])
        b.skip("row.title", 1)
        b.skip("row.title", 2)
        for col, text in enumerate(MESSY_HEADERS):
            if text is not None:
                ws.merge_range(2, col, 3, col, text, fmt["head"])
        ws.merge_range(2, C_CNC, 2, C_NET, "数字化基础", fmt["head"])
        ws.write_row(3, C_CNC, RATE_HEADERS, fmt["head"])
        ws.set_row(3, 30)
        ws.freeze_panes(4, 2)
        b.skip("row.header", 3)
        b.skip("row.header", 4)
        b.truth.header_row = 4

        # Firms by city (code order), within a city by county, duplicates a little later in the block.
        blocks: dict[str, list[tuple[int, dict | None]]] = {}
        order = sorted(range(len(self.firms)), key=lambda i: (self.firms[i]["_county_code"], rng.random()))
        for i in order:
            blocks.setdefault(self.firms[i]["_city_code"], []).append((i, None))
        for i in self.duplicates:
            block = blocks[self.firms[i]["_city_code"]]
            at = next(k for k, (j, _) in enumerate(block) if j == i)
            block.insert(rng.randint(at + 1, len(block)), (i, {"duplicate": True}))
        city_list = sorted(blocks)
        orphan_city = city_list[len(city_list) // 2]
        block = blocks[orphan_city]
        block.insert(rng.randint(1, len(block)), (-1, None))
        blank_rows = set()
        for _ in range(4):
            city = rng.choice(city_list)
            blank_rows.add((city, rng.randint(1, len(blocks[city]))))

        self._sums = [0.0, 0.0]
        self._grand = [0.0, 0.0]
        r, serial = 4, 0
        subtotal_rows = []
        for k, city_code in enumerate(city_list, start=1):
            ws.merge_range(r, 0, r, last_col, f"{_chinese_number(k)}、{cities[city_code].name}", fmt["section"])
            b.skip("row.section", r + 1)
            r += 1
            first = r
            for pos, (i, extra) in enumerate(blocks[city_code]):
                if (city_code, pos) in blank_rows:
                    ws.set_row(r, None, fmt["cell"])
                    b.skip("row.blank", r + 1)
                    r += 1
                serial += 1
                if i < 0:
                    self.orphan_row(r, serial, city_code)
                else:
                    firm = self.firms[i]
                    revenue = None
                    if extra:
                        revenue = round(firm["revenue_wan"] * (1 + rng.choice((-1, 1)) * rng.uniform(0.01, 0.05)), 2)
                    self.firm_row(r, serial, i, firm, revenue=revenue)
                r += 1
            self.subtotal(r, first, r - 1, f"{cities[city_code].name}小计")
            b.skip("row.total", r + 1)
            subtotal_rows.append(r)
            r += 1
        ws.set_row(r, None, fmt["cell"])
        b.skip("row.blank", r + 1)
        r += 1
        ws.merge_range(r, 0, r, C_REV - 1, "合计", fmt["total"])
        self.total_cells(r, 4, r - 1)
        b.skip("row.total", r + 1)
        r += 1
        for note in NOTES:
            ws.merge_range(r, 0, r, last_col, note, fmt["note"])
            b.skip("row.note", r + 1)
            r += 1
        b.truth.data_rows = (5, r)

        self.validations(4, r - 1)
        self.instructions_sheet()
        self.options_sheet()
        self.workbook.close()
        truth = b.finish()
        truth.other_sheets = {"填表说明": "sheet.summary", "下拉选项": "sheet.hidden"}
        return truth

    def orphan_row(self, r: int, serial: int, city_code: str) -> None:
        """An enterprise row with numbers but neither name nor credit code: it must be rejected."""
        ws, fmt = self.sheet, self.fmt
        cities, counties = anhui_places()
        place = next(p for p in counties if p.city_code == city_code)
        ws.write_number(r, C_SERIAL, serial, fmt["cell"])
        ws.write_blank(r, C_NAME, None, fmt["cell"])
        ws.write_blank(r, C_CODE, None, fmt["text"])
        ws.write_blank(r, C_CITY, None, fmt["cell"])
        ws.write_string(r, C_COUNTY, place.name, fmt["cell"])
        ws.write_string(r, C_IND, "C3484", fmt["cell"])
        ws.write_number(r, C_REV, 1234.5, fmt["money"])
        ws.write_number(r, C_EMP, 36, fmt["int"])
        ws.write_string(r, C_LEVEL, "二级", fmt["cell"])
        for col in range(C_CNC, WIDTH):
            ws.write_blank(r, col, None, fmt["cell"])
        self._sums[0] += 1234.5
        self._sums[1] += 36
        self.builder.enterprise(r + 1, {
            "credit_code": None, "credit_code_status": creditcode.MISSING, "name": None,
            "city": cities[city_code].name, "county": place.name, "industry_code": "3484", "industry_name": None,
            "revenue_wan": 1234.5, "employees": 36.0, "miit_level": 2,
        }, identity=False)

    def subtotal(self, r: int, first: int, last: int, label: str) -> None:
        ws, fmt = self.sheet, self.fmt
        ws.write_blank(r, C_SERIAL, None, fmt["total"])
        ws.write_string(r, C_NAME, label, fmt["total"])
        for col in range(C_CODE, C_REV):
            ws.write_blank(r, col, None, fmt["total"])
        self.total_cells(r, first, last, self._sums)
        for col in range(C_LEVEL, WIDTH):
            ws.write_blank(r, col, None, fmt["total"])
        self._grand[0] += self._sums[0]
        self._grand[1] += self._sums[1]
        self._sums = [0.0, 0.0]

    def total_cells(self, r: int, first: int, last: int, sums: list[float] | None = None) -> None:
        ws, fmt = self.sheet, self.fmt
        sums = sums if sums is not None else self._grand
        for col, value in ((C_REV, sums[0]), (C_EMP, sums[1])):
            letter = chr(ord("A") + col)
            ws.write_formula(r, col, f"=SUBTOTAL(9,{letter}{first + 1}:{letter}{last + 1})", fmt["total"],
                             round(value, 2))

    def validations(self, first: int, last: int) -> None:
        ws = self.sheet
        for col, source in ((C_LEVEL, "=下拉选项!$A$2:$A$6"), (C_ERP, "=下拉选项!$B$2:$B$3"),
                            (C_MES, "=下拉选项!$B$2:$B$3"), (C_SPEC, "=下拉选项!$C$2:$C$5")):
            ws.data_validation(first, col, last, col, {"validate": "list", "source": source,
                                                        "error_type": "warning", "show_error": False})

    def instructions_sheet(self) -> None:
        ws = self.workbook.add_worksheet("填表说明")
        ws.set_column(0, 0, 110)
        wrap = self.workbook.add_format({"text_wrap": True, "font_size": 11})
        ws.write_string(0, 0, INSTRUCTIONS[0], self.fmt["title"])
        for k, line in enumerate(INSTRUCTIONS[1:], start=1):
            ws.write_string(k, 0, line, wrap)

    def options_sheet(self) -> None:
        ws = self.workbook.add_worksheet("下拉选项")
        cities, _ = anhui_places()
        columns = (
            ("数字化水平等级", ("一级", "二级", "三级", "四级", "未评测")),
            ("是否", ("是", "否")),
            ("专精特新", ("国家级专精特新小巨人", "省级专精特新", "是", "否")),
            ("地市", tuple(c.name for c in cities.values())),
        )
        for col, (head, values) in enumerate(columns):
            ws.write_string(0, col, head)
            for k, value in enumerate(values, start=1):
                ws.write_string(k, col, value)
        ws.hide()


def _write_messy(path: Path, firms: list[dict], seed: int) -> Truth:
    writer = _MessyWriter(path, firms, seed)
    return writer.write()


# ----------------------------------------------------------------------------------------- CLI


def sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def write_sample(path: Path = SAMPLE_PATH) -> Truth:
    return write_roster(path, generate_firms(SAMPLE_FIRMS, SAMPLE_SEED), messy=True, seed=SAMPLE_SEED)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", action="store_true", help=f"regenerate {SAMPLE_PATH.relative_to(ROOT)}")
    parser.add_argument("--out", help="write a roster here instead")
    parser.add_argument("-n", type=int, default=SAMPLE_FIRMS, help="number of firms")
    parser.add_argument("--seed", type=int, default=SAMPLE_SEED)
    parser.add_argument("--clean", action="store_true", help="the clean style instead of the messy one")
    parser.add_argument("--truth", action="store_true", help="print the truth as JSON")
    args = parser.parse_args(argv)
    if args.sample:
        path, truth = SAMPLE_PATH, write_sample()
    elif args.out:
        path = Path(args.out)
        truth = write_roster(path, generate_firms(args.n, args.seed), messy=not args.clean, seed=args.seed)
    else:
        parser.print_help()
        return 2
    if args.truth:
        print(json.dumps(truth.summary(), ensure_ascii=False, indent=1, default=str))
    print(f"{path}: {path.stat().st_size / 1024:.0f} KB, {truth.enterprise_rows} enterprise rows, "
          f"sha256 {sha256(path)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
