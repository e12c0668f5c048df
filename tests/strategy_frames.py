"""Roster frames built directly (no file), shaped like the importer's output, for strategy tests."""

from __future__ import annotations

import numpy as np
import pandas as pd

from planning.base.schema import ROSTER_KEYS


def roster_frame(rows: list[dict]) -> pd.DataFrame:
    columns = {}
    for key in ROSTER_KEYS + ("credit_code_status", "city_code", "county_code", "source_file", "source_sheet",
                              "source_row"):
        columns[key] = [row.get(key) for row in rows]
    frame = pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in columns.items()})
    for key in ("revenue_wan", "employees", "cnc_rate", "rd_tool_rate", "networking_rate"):
        frame[key] = pd.to_numeric(frame[key], errors="coerce").astype(float)
    frame["miit_level"] = pd.array([row.get("miit_level") for row in rows], dtype="Int8")
    for key in ("has_erp", "has_mes", "specialized"):
        frame[key] = pd.array([row.get(key) for row in rows], dtype="boolean")
    frame["credit_code_status"] = [row.get("credit_code_status", "valid") for row in rows]
    frame["source_row"] = np.arange(2, len(rows) + 2)
    frame["source_file"] = "test.xlsx"
    frame["source_sheet"] = "名单"
    return frame


def firm(**values) -> dict:
    base = {"name": "测试机械有限公司", "credit_code": "91110000600037341L", "city": "合肥市",
            "industry_code": "3511", "revenue_wan": 5000.0, "employees": 200.0}
    base.update(values)
    return base
