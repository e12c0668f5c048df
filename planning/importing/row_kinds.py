"""What kind of row each data row of a roster sheet is: an enterprise, an enterprise row without a name
or code, or a row that is not an enterprise (blank, serial number only, total, note, section heading,
repeated header), and the city a section heading names for the firms under it."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from planning.base.textnorm import fold
from planning.importing.cells import filled, first_text, is_serial
from planning.importing.config import ImportConfig
from planning.importing.readers.column_piece import ColumnPiece
from planning.reference import creditcode

ENTERPRISE, NO_IDENTITY, BLANK, SERIAL_ONLY, TOTAL, NOTE, SECTION, REPEATED_HEADER = range(8)
SKIP_KIND = {
    BLANK: "row.blank", SERIAL_ONLY: "row.serial_only", TOTAL: "row.total", NOTE: "row.note",
    SECTION: "row.section", REPEATED_HEADER: "row.repeated_header",
}


class RowClassifier:
    def __init__(self, cfg: ImportConfig, section_city: Callable[[str], str | None]):
        self.cfg = cfg
        self.section_city = section_city  # the city a section heading names, if any
        self._total = re.compile("|".join(re.escape(k) for k in cfg.total_keywords), re.IGNORECASE)
        self._firm = re.compile("|".join(re.escape(k) for k in cfg.firm_name_markers), re.IGNORECASE)

    def classify(self, data: ColumnPiece, raw, names, codes, layout, city_above: str | None = None):
        """Kind of every data row, the city named by the section heading above it (if any; ``city_above``
        is the one named before these rows), and the last city named.

        Most rows hold a firm's name: those are found with two scans over all names joined into one
        text; only the other rows are looked at one by one."""
        n = data.height
        kinds = np.full(n, ENTERPRISE, dtype=np.int8)
        header_texts = {fold(c.header.split(" / ")[-1]) for c in layout.columns if c.header}
        header_raw = {c.header.split(" / ")[-1] for c in layout.columns if c.header}
        data_keys = [k for k in raw if k not in ("name", "credit_code", "serial")]
        serial = raw.get("serial")
        total, firm = self._total, self._firm
        blob = _LowerBlob(names)
        usual = blob.rows_with_any(self.cfg.firm_name_markers) & ~blob.rows_with_any(self.cfg.total_keywords)
        usual &= np.array([name is not None and name not in header_raw for name in names], dtype=bool)
        city_marks: list[tuple[int, str]] = []
        for i in np.flatnonzero(~usual).tolist():
            name, code = names[i], codes[i]
            if name is not None or code is not None:
                text = fold(name) if name is not None else ""
                if text and (text in header_texts or (code is not None and fold(code) in header_texts)):
                    kinds[i] = REPEATED_HEADER
                elif text and not firm.search(text) and not _valid_code(code):
                    if total.search(text):
                        kinds[i] = TOTAL
                    elif self._is_note(text):
                        kinds[i] = NOTE
                    elif code is None and not any(filled(raw[k][i]) for k in data_keys):
                        kinds[i] = SECTION
                        city = self.section_city(name)
                        if city:
                            city_marks.append((i, city))
                continue
            row = data.row(i)
            cells = [v for v in row if filled(v)]
            if not cells:
                kinds[i] = BLANK
                continue
            if serial is not None and len(cells) == 1 and is_serial(serial[i]):
                kinds[i] = SERIAL_ONLY
                continue
            first = fold(first_text(row))
            if first and total.search(first) and not firm.search(first):
                kinds[i] = TOTAL
            elif first and self._is_note(first):
                kinds[i] = NOTE
            elif len(cells) <= 2 and not any(filled(raw[k][i]) for k in data_keys if k != "city"):
                kinds[i] = SECTION
                city = self.section_city(first_text(row))
                if city:
                    city_marks.append((i, city))
            else:
                kinds[i] = NO_IDENTITY
        section_city: list[str | None] = [None] * n
        if city_marks or city_above:
            positions = np.array([-1] + [i for i, _ in city_marks])
            names_of = [city_above] + [city for _, city in city_marks]
            last = np.searchsorted(positions, np.arange(n), side="right") - 1
            for i in np.flatnonzero((kinds == ENTERPRISE) | (kinds == NO_IDENTITY)).tolist():
                section_city[i] = names_of[last[i]]
        return kinds, section_city, city_marks[-1][1] if city_marks else city_above

    def _is_note(self, folded: str) -> bool:
        return any(folded.startswith(p) for p in self.cfg.note_prefixes)


class _LowerBlob:
    """Texts joined into one lower-cased text, so that a keyword scan over 10^5 firm names is one C-level
    search instead of 10^5 (a case-insensitive pattern would be several times slower)."""

    def __init__(self, texts: list[str | None]):
        parts = [t if t is not None else "" for t in texts]
        self.size = len(parts)
        joined = "\n".join(parts)
        self.text = joined.lower()
        self.starts = np.zeros(len(parts), dtype=np.int64)
        if len(self.text) != len(joined):  # a few letters grow when lower-cased (İ): one text at a time
            self.parts = [t.lower() for t in parts]
        else:
            self.parts = None
            if parts:
                lengths = np.fromiter(map(len, parts[:-1]), dtype=np.int64, count=len(parts) - 1)
                np.cumsum(lengths + 1, out=self.starts[1:])

    def rows_with_any(self, keywords) -> np.ndarray:
        """Which texts contain one of the keywords, ignoring case."""
        pattern = re.compile("|".join(re.escape(k.lower()) for k in keywords))
        if self.parts is not None:
            return np.array([pattern.search(t) is not None for t in self.parts], dtype=bool)
        mask = np.zeros(self.size, dtype=bool)
        hits = [m.start() for m in pattern.finditer(self.text)]
        if hits:
            mask[np.searchsorted(self.starts, hits, side="right") - 1] = True
        return mask


def _valid_code(code: str | None) -> bool:
    return code is not None and creditcode.classify(code) in creditcode.ACCEPTED
