"""Conditions written as data, validated on load, evaluated over the whole roster at once.

A province writes conditions in its template files, never code:

    {"field": "tier", "op": "in", "value": ["良好", "领先"]}
    {"all": [{"field": "miit_level", "op": ">=", "value": 3}, {"not": {"field": "specialized", "op": "==", "value": false}}]}

Nothing from a file is evaluated as code: each operator is a fixed numpy or pandas operation. A
condition that names an unknown field or operator, or a value of the wrong type, is refused when the
file is loaded, with a message that says where.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from planning.base.bilingual import Named
from planning.base.errors import ConfigError
from planning.base.messages import message, tr
from planning.base.schema import FIELDS
from planning.base.template_files import type_name, where_in

NUMBER, TEXT, FLAG, DATE = "number", "text", "flag", "date"
_KIND_TYPES = {
    "money": NUMBER, "count": NUMBER, "rate": NUMBER, "level": NUMBER, "flag": FLAG, "date": DATE,
}

OPERATORS = {
    "==": (NUMBER, TEXT, FLAG, DATE), "!=": (NUMBER, TEXT, FLAG, DATE),
    "<": (NUMBER, DATE), "<=": (NUMBER, DATE), ">": (NUMBER, DATE), ">=": (NUMBER, DATE),
    "between": (NUMBER, DATE, TEXT), "in": (NUMBER, TEXT), "not_in": (NUMBER, TEXT),
    "contains": (TEXT,), "starts_with": (TEXT,), "is_blank": (NUMBER, TEXT, FLAG, DATE),
    "not_blank": (NUMBER, TEXT, FLAG, DATE),
}
@dataclass(frozen=True)
class FieldInfo(Named):
    key: str
    type: str
    zh: str
    en: str
    # Values a province may write for a coded field (e.g. tier "良好" for "good"): alias -> code.
    aliases: dict | None = None


def roster_fields() -> dict[str, FieldInfo]:
    fields = {}
    for f in FIELDS:
        fields[f.key] = FieldInfo(f.key, _KIND_TYPES.get(f.kind, TEXT), f.zh, f.en)
    fields["credit_code_status"] = FieldInfo("credit_code_status", TEXT, "信用代码状态", "Credit code status")
    fields["city_code"] = FieldInfo("city_code", TEXT, "地市代码", "City code")
    fields["county_code"] = FieldInfo("county_code", TEXT, "区县代码", "County code")
    return fields


class ConditionError(ConfigError):
    """A condition in a template file is not valid; the message says where and why."""

    prefix = "config.condition."


@dataclass(frozen=True)
class Condition:
    """A validated condition tree. ``op`` is 'all', 'any', 'not' or a leaf operator."""

    op: str
    field: str | None = None
    value: object = None
    children: tuple["Condition", ...] = ()

    def fields(self) -> set[str]:
        if self.field:
            return {self.field}
        return set().union(*(c.fields() for c in self.children)) if self.children else set()

    def to_dict(self) -> dict:
        if self.op in ("all", "any"):
            return {self.op: [c.to_dict() for c in self.children]}
        if self.op == "not":
            return {"not": self.children[0].to_dict()}
        out = {"field": self.field, "op": self.op}
        if self.op not in ("is_blank", "not_blank"):
            out["value"] = self.value
        return out


ALWAYS = Condition("all")


def operator_name(op: object) -> object:
    """An operator as a message parameter: its words in the reader's language."""
    return message(f"condition.op.{op}") if op in OPERATORS else op


def parse_condition(data: object, fields: dict[str, FieldInfo], where: str) -> Condition:
    """Validate a condition from a template; ``where`` names the file and rule for messages."""
    if data is None or data == {}:
        return ALWAYS
    if not isinstance(data, dict):
        raise ConditionError("not_object", where=where, found=type_name(type(data)))
    if "all" in data or "any" in data:
        op = "all" if "all" in data else "any"
        items = data[op]
        if not isinstance(items, list):
            raise ConditionError("not_list", where=where, op=op)
        return Condition(op, children=tuple(parse_condition(c, fields, where) for c in items))
    if "not" in data:
        return Condition("not", children=(parse_condition(data["not"], fields, where),))
    key = data.get("field")
    op = data.get("op")
    if key not in fields:
        raise ConditionError("unknown_field", where=where, field=key, known=sorted(fields))
    info = fields[key]
    at = where_in(where, "field", field=info.label_pair())
    if op not in OPERATORS:
        raise ConditionError("unknown_operator", where=at, op=op, known=list(OPERATORS))
    if info.type not in OPERATORS[op]:
        raise ConditionError("operator_type", where=at, op=operator_name(op), type=type_name(info.type))
    if op in ("is_blank", "not_blank"):
        return Condition(op, key)
    if "value" not in data:
        raise ConditionError("needs_value", where=at, op=operator_name(op))
    return Condition(op, key, _check_value(data["value"], op, info, where))


def _check_value(value: object, op: str, info: FieldInfo, where: str) -> object:
    where = where_in(where, "field", field=info.label_pair())
    if op in ("in", "not_in"):
        if not isinstance(value, list) or not value:
            raise ConditionError("needs_list", where=where, op=operator_name(op))
        return tuple(_scalar(v, info, where) for v in value)
    if op == "between":
        if not isinstance(value, list) or len(value) != 2:
            raise ConditionError("needs_range", where=where)
        low, high = (_scalar(v, info, where) for v in value)
        if low > high:
            raise ConditionError("low_above_high", where=where, low=str(low), high=str(high))
        return (low, high)
    if op in ("contains", "starts_with") and not isinstance(value, str):
        raise ConditionError("needs_text", where=where, op=operator_name(op))
    return _scalar(value, info, where)


def _scalar(value: object, info: FieldInfo, where: str) -> object:
    if info.type == NUMBER:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConditionError("not_number", where=where, value=repr(value))
        return float(value)
    if info.type == FLAG:
        if not isinstance(value, bool):
            raise ConditionError("not_flag", where=where, value=repr(value))
        return value
    if info.type == DATE:
        try:
            return np.datetime64(str(value), "D")
        except ValueError:
            raise ConditionError("not_date", where=where, value=repr(value)) from None
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise ConditionError("not_text", where=where, value=repr(value))
    text = str(value)
    if info.aliases is not None:
        if text not in info.aliases:
            raise ConditionError("not_known_value", where=where, value=text, known=sorted(set(info.aliases)))
        return info.aliases[text]
    return text


# ------------------------------------------------------------------ evaluation


def _column(frame: pd.DataFrame, info: FieldInfo):
    column = frame[info.key]
    if info.type == NUMBER:
        return column.to_numpy(dtype=float, na_value=np.nan)
    if info.type == DATE:
        return column.to_numpy(dtype="datetime64[D]")
    if info.type == FLAG:
        return column.astype("boolean")
    return column


def evaluate(condition: Condition, frame: pd.DataFrame, fields: dict[str, FieldInfo]) -> np.ndarray:
    """Boolean mask of the rows where the condition holds. Blank values never satisfy a comparison."""
    n = len(frame)
    if condition.op == "all":
        mask = np.ones(n, dtype=bool)
        for child in condition.children:
            mask &= evaluate(child, frame, fields)
        return mask
    if condition.op == "any":
        mask = np.zeros(n, dtype=bool)
        for child in condition.children:
            mask |= evaluate(child, frame, fields)
        return mask
    if condition.op == "not":
        return ~evaluate(condition.children[0], frame, fields)
    info = fields[condition.field]
    values = _column(frame, info)
    return _LEAF[info.type](values, condition.op, condition.value)


def _numeric(values: np.ndarray, op: str, value) -> np.ndarray:
    present = ~np.isnan(values) if values.dtype.kind == "f" else ~np.isnat(values)
    with np.errstate(invalid="ignore"):
        if op == "is_blank":
            return ~present
        if op == "not_blank":
            return present
        if op == "in":
            return np.isin(values, np.array(value, dtype=values.dtype)) & present
        if op == "not_in":
            return ~np.isin(values, np.array(value, dtype=values.dtype)) & present
        if op == "between":
            return (values >= value[0]) & (values <= value[1]) & present
        return _COMPARE[op](values, value) & present


def _text(series: pd.Series, op: str, value) -> np.ndarray:
    present = series.notna().to_numpy()
    if op == "is_blank":
        return ~present | (series.astype(str).str.strip() == "").to_numpy()
    if op == "not_blank":
        return present & (series.astype(str).str.strip() != "").to_numpy()
    if op == "in":
        return series.isin(list(value)).to_numpy()
    if op == "not_in":
        return present & ~series.isin(list(value)).to_numpy()
    if op == "between":
        text = series.where(series.notna(), "")
        return present & ((text >= value[0]) & (text <= value[1])).to_numpy(dtype=bool)
    if op == "contains":
        return series.astype(str).str.contains(value, regex=False).to_numpy() & present
    if op == "starts_with":
        return series.astype(str).str.startswith(value).to_numpy() & present
    if op == "==":
        return (series == value).fillna(False).to_numpy(dtype=bool)
    if op == "!=":
        return present & (series != value).fillna(False).to_numpy(dtype=bool)
    raise ConditionError("operator_type", where="", op=operator_name(op), type=type_name(TEXT))  # unreachable after validation


def _flag(series: pd.Series, op: str, value) -> np.ndarray:
    present = series.notna().to_numpy()
    if op == "is_blank":
        return ~present
    if op == "not_blank":
        return present
    equal = (series == value).fillna(False).to_numpy(dtype=bool)
    return equal if op == "==" else present & ~equal


_COMPARE: dict[str, Callable] = {
    "==": np.equal, "!=": np.not_equal, "<": np.less, "<=": np.less_equal, ">": np.greater,
    ">=": np.greater_equal,
}
_LEAF = {NUMBER: _numeric, DATE: _numeric, TEXT: _text, FLAG: _flag}


def describe(condition: Condition, fields: dict[str, FieldInfo], lang: str, names: Callable | None = None) -> str:
    """The condition in words: '数字化水平等级 不低于 3', 'tier is one of Good, Leading'."""
    if condition.op in ("all", "any"):
        if not condition.children:
            return tr("condition.always", lang)
        joiner = tr("condition.and" if condition.op == "all" else "condition.or", lang)
        return joiner.join(describe(c, fields, lang, names) for c in condition.children)
    if condition.op == "not":
        return tr("condition.not", lang, inner=describe(condition.children[0], fields, lang, names))
    info = fields[condition.field]
    operator = tr(f"condition.op.{condition.op}", lang)
    if condition.op in ("is_blank", "not_blank"):
        return tr("condition.test_blank", lang, field=info.label(lang), operator=operator)
    shown = _show_value(condition.value, info, lang, names)
    return tr("condition.test", lang, field=info.label(lang), operator=operator, value=shown)


def _show_value(value, info: FieldInfo, lang: str, names: Callable | None) -> str:
    if isinstance(value, tuple):
        return tr("text.list", lang).join(_show_value(v, info, lang, names) for v in value)
    if isinstance(value, bool):
        return tr("value.yes" if value else "value.no", lang)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if names is not None:
        return names(info.key, value, lang)
    return str(value)


def show_actual(value: object, key: str, lang: str, names: Callable | None = None) -> str:
    """A firm's cell in words, for an explanation: blank, yes/no, a number, or a coded value's name."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return tr("value.blank", lang)
    if isinstance(value, (bool, np.bool_)):
        return tr("value.yes" if value else "value.no", lang)
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.1f}"
    if names is not None:
        return names(key, value, lang)
    return str(value)
