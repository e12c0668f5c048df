"""What the planner searches and filters the roster by, as one boolean mask over the firms
(vectorised, so it runs as the planner types, even on 100k firms)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

FLAGS = ("overridden", "incomplete", "unclassified", "specialized", "funded", "unfunded")


@dataclass
class RosterFilter:
    text: str = ""  # part of the name or credit code
    city: str | None = None
    key_sector: str | None = None  # a sector id; "" for firms in no key sector
    tier: str | None = None
    track: str | None = None
    flag: str | None = None  # one of FLAGS

    def is_empty(self) -> bool:
        return not self.text.strip() and all(v is None for v in (self.city, self.key_sector, self.tier, self.track,
                                                                   self.flag))

    def mask(self, frame: pd.DataFrame, subsidy: np.ndarray | None = None) -> np.ndarray | None:
        """True for the firms to show; None when nothing is filtered."""
        if self.is_empty():
            return None
        keep = np.ones(len(frame), dtype=bool)
        text = self.text.strip().casefold()
        if text:
            name = frame["name"].astype("string").str.casefold().str.contains(text, regex=False, na=False)
            code = frame["credit_code"].astype("string").str.casefold().str.contains(text, regex=False, na=False)
            keep &= (name | code).to_numpy(dtype=bool)
        for column, value in (("city", self.city), ("tier", self.tier), ("track", self.track)):
            if value is not None:
                keep &= (frame[column] == value).fillna(False).to_numpy(dtype=bool)
        if self.key_sector is not None:
            sector = frame["key_sector"]
            keep &= (sector.isna() if self.key_sector == "" else (sector == self.key_sector).fillna(False)).to_numpy(dtype=bool)
        if self.flag is not None:
            keep &= self._flag(frame, subsidy)
        return keep

    def _flag(self, frame: pd.DataFrame, subsidy: np.ndarray | None) -> np.ndarray:
        funded = ~np.isnan(subsidy) if subsidy is not None and len(subsidy) == len(frame) else np.zeros(len(frame), bool)
        if self.flag == "overridden":
            return (frame["overridden"].fillna("") != "").to_numpy(dtype=bool)
        if self.flag == "incomplete":
            return frame["data_incomplete"].to_numpy(dtype=bool)
        if self.flag == "unclassified":
            return (frame["sector_source"] == "unclassified").to_numpy(dtype=bool)
        if self.flag == "specialized":
            return frame["specialized"].fillna(False).to_numpy(dtype=bool)
        if self.flag == "funded":
            return funded
        if self.flag == "unfunded":
            return ~funded
        raise ValueError(f"unknown flag {self.flag!r}")
