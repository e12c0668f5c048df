"""The roster frame built from the sheets' normalised columns: canonical dtypes (:mod:`planning.base.schema`),
every extra column kept, and where each row came from."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planning.base.schema import FIELD_BY_KEY, ROSTER_KEYS


@dataclass
class SheetPart:
    """The enterprise rows of one sheet, normalised into columns."""

    columns: dict[str, object]
    rejected: np.ndarray  # bool per row
    extras: dict[str, list]
    file: str
    sheet: str
    rows: np.ndarray  # 1-based row numbers


def roster_frame(parts: list[SheetPart]) -> tuple[pd.DataFrame, np.ndarray]:
    """Every part's rows in one frame, with their source file, sheet and row, and which rows are rejected."""
    frame = _columns(parts)
    frame["source_file"] = pd.Series(np.concatenate([np.full(len(p.rows), p.file, dtype=object) for p in parts]),
                                     dtype=object)
    frame["source_sheet"] = pd.Series(np.concatenate([np.full(len(p.rows), p.sheet, dtype=object) for p in parts]),
                                      dtype=object)
    frame["source_row"] = np.concatenate([p.rows for p in parts]).astype(np.int64)
    return frame, np.concatenate([p.rejected for p in parts])


def _masked_array(values: list, dtype: str) -> pd.api.extensions.ExtensionArray:
    """pd.array(values, dtype) for lists of Python ints or booleans and None, several times faster."""
    cells = np.array(values, dtype=object)
    mask = pd.isna(cells)
    if dtype == "boolean":
        data = np.zeros(len(cells), dtype=bool)
        data[~mask] = cells[~mask].astype(bool)
        return pd.arrays.BooleanArray(data, mask)
    if dtype == "Int8":
        data = np.zeros(len(cells), dtype=np.int8)
        data[~mask] = cells[~mask].astype(np.int8)
        return pd.arrays.IntegerArray(data, mask)
    return pd.array(values, dtype=dtype)


def _columns(parts: list[SheetPart]) -> pd.DataFrame:
    """One frame from the sheets' columns, with canonical dtypes and every extra column kept."""
    columns: dict[str, object] = {}
    lengths = [len(p.rows) for p in parts]
    keys = list(ROSTER_KEYS) + ["credit_code_status", "city_code", "county_code"]
    for key in keys:
        dtype = FIELD_BY_KEY[key].dtype if key in FIELD_BY_KEY else "object"  # the codes and statuses are text
        pieces = []
        for part, length in zip(parts, lengths):
            values = part.columns.get(key)
            if values is None:
                values = np.full(length, np.nan) if dtype == "float64" else [None] * length
            pieces.append(values)
        if dtype == "float64":
            columns[key] = np.concatenate([np.asarray(p, dtype=float) for p in pieces])
        elif dtype == "datetime64[s]":
            columns[key] = pd.array(np.concatenate([np.asarray(p, dtype="datetime64[D]") for p in pieces])
                                    .astype("datetime64[s]"))
        else:
            merged: list = []
            for p in pieces:
                merged.extend(p)
            if dtype == "object":  # kept as Python objects, None for missing: no string inference
                columns[key] = pd.Series(merged, dtype=object)
            else:
                columns[key] = _masked_array(merged, dtype)
    extra_names: list[str] = []
    for part in parts:
        extra_names.extend(k for k in part.extras if k not in extra_names)
    for extra in extra_names:
        merged = []
        for part, length in zip(parts, lengths):
            merged.extend(part.extras.get(extra) or [None] * length)
        columns[extra] = merged
    return pd.DataFrame(columns)

