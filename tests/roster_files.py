"""Small roster files written by the tests themselves (openpyxl), for importer behaviour tests."""

from __future__ import annotations

from pathlib import Path

import openpyxl

HEADER = ["序号", "企业名称", "统一社会信用代码", "所属地市", "所属区县", "行业代码", "营业收入（万元）",
          "从业人员", "数字化水平等级"]

FIRMS = [
    ("安徽甲机械有限公司", "91110000600037341L", "合肥市", "肥西县", "C3511", 1200, 120, "二级"),
    ("芜湖乙电子有限公司", "9144030071526726XG", "芜湖", "镜湖区", "3971", 800, 60, "一级"),
    ("蚌埠丙食品厂", "91350100M000100Y43", "蚌埠市", "怀远县", "C14", 300, 25, "三级"),
]


def write_xlsx(path: Path, rows: list[list], merges: tuple[str, ...] = (), sheet: str = "名单") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(list(row))
    for merge in merges:
        ws.merge_cells(merge)
    wb.save(path)
    return path


def simple_rows(firms=FIRMS) -> list[list]:
    return [HEADER] + [[i + 1, *firm] for i, firm in enumerate(firms)]
