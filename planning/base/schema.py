"""The canonical roster: the fields every imported enterprise record has, whatever the source file.

Each field has a kind that decides how raw cells are normalised (see :mod:`planning.importing.normalize`), the
column's pandas dtype in a roster frame and its SQLite type in a project file, and the Chinese and English
labels used in reports, exports and the GUI.
"""

from __future__ import annotations

from dataclasses import dataclass

from planning.base.bilingual import Named


# kind -> (pandas dtype, SQLite type); every other kind is text: Python objects with None for missing, TEXT
_KIND_TYPES: dict[str, tuple[str, str]] = {
    "money": ("float64", "REAL"), "count": ("float64", "REAL"), "rate": ("float64", "REAL"),
    "level": ("Int8", "INTEGER"), "flag": ("boolean", "INTEGER"), "date": ("datetime64[s]", "TEXT"),
}
_TEXT_TYPES = ("object", "TEXT")


@dataclass(frozen=True)
class Field(Named):
    key: str
    kind: str  # text | credit_code | region | industry_code | money | count | rate | flag | level | date | systems
    zh: str
    en: str

    @property
    def dtype(self) -> str:
        return _KIND_TYPES.get(self.kind, _TEXT_TYPES)[0]

    @property
    def sql_type(self) -> str:
        return _KIND_TYPES.get(self.kind, _TEXT_TYPES)[1]


FIELDS: tuple[Field, ...] = (
    Field("credit_code", "credit_code", "统一社会信用代码", "Unified social credit code"),
    Field("name", "text", "企业名称", "Enterprise name"),
    Field("city", "region", "所属地市", "City"),
    Field("county", "region", "所属区县", "County"),
    Field("industry_code", "industry_code", "行业代码", "Industry code"),
    Field("industry_name", "text", "行业名称", "Industry"),
    Field("revenue_wan", "money", "营业收入（万元）", "Revenue (10k CNY)"),
    Field("employees", "count", "从业人员（人）", "Employees"),
    Field("miit_level", "level", "数字化水平等级", "MIIT digital level"),
    Field("cnc_rate", "rate", "关键工序数控化率（%）", "Key-process CNC rate (%)"),
    Field("rd_tool_rate", "rate", "数字化研发设计工具普及率（%）", "Digital R&D tool rate (%)"),
    Field("networking_rate", "rate", "设备联网率（%）", "Equipment networking rate (%)"),
    Field("has_erp", "flag", "应用ERP", "Uses ERP"),
    Field("has_mes", "flag", "应用MES", "Uses MES"),
    Field("specialized", "flag", "专精特新", "Specialised SME (专精特新)"),
    Field("established", "date", "成立日期", "Established"),
    Field("contact", "text", "联系人", "Contact"),
    Field("phone", "text", "联系电话", "Phone"),
    Field("remarks", "text", "备注", "Remarks"),
)

# Not roster fields themselves: a column that lists systems in use ("ERP、MES") sets the two flags,
# and a serial-number column is recognised so that it is neither lost as data nor taken for one.
AUXILIARY_FIELDS: tuple[Field, ...] = (
    Field("systems", "systems", "已应用信息系统", "Systems in use"),
    Field("serial", "serial", "序号", "No."),
)

FIELD_BY_KEY: dict[str, Field] = {f.key: f for f in FIELDS + AUXILIARY_FIELDS}
ROSTER_KEYS: tuple[str, ...] = tuple(f.key for f in FIELDS)

EXTRA_PREFIX = "extra:"  # columns the importer could not map keep their header after this prefix
