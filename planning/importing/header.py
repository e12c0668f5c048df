"""Finding the header of a roster sheet and what each column means.

Rosters put titles, notes and cover blocks above the header, split it over two merged rows
("数字化基础" over "数控化率 | 联网率"), add a units row under it, and name columns in many ways.
The header is the row (within the first rows of the sheet) whose cells match the most canonical fields
through the synonyms in ``templates/header_synonyms.csv``; a caller can name the row and any column's
field instead.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from planning.importing.cells import filled
from planning.importing.config import ImportConfig
from planning.importing.normalize import parse_level
from planning.importing.readers.grids import Grid, Merge
from planning.base.schema import FIELD_BY_KEY
from planning.base.textnorm import fold, header_key, strip_brackets

_YEAR = re.compile(r"(?:19|20)\d{2}(?:年度?|年)?")
_UNIT_NOTE = re.compile(r"(?:金额)?单位[:：]\s*(亿元|千万元|百万元|万元|千元|元)")
_UNIT_CELL = re.compile(r"^[(\[]?(?:单位[:：])?\s*(亿元|千万元|百万元|万元|千元|元|%|‰|人|个|家|台|套|项|年|月|是/否|y/n)[)\]]?$")
_COLUMN_NUMBER = re.compile(r"^(?:\(?\d{1,3}\)?|[甲乙丙丁戊己庚辛壬癸])$")
_PERCENT = re.compile(r"[%％‰]")
_WORD = re.compile(r"[a-z0-9&]+|[\u3400-\u9fff]+")
IDENTITY = ("name", "credit_code")

# how a column's field was found, weakest last
EXACT, NORMALISED, BY_TOKENS, BY_VALUES = "exact", "normalised", "tokens", "values"
_VALUE_SAMPLE = 200  # data rows looked at to recognise a column by its values
_VALUE_SHARE = 0.9  # share of the filled cells that must read as a level


@dataclass
class Column:
    index: int
    header: str  # what the sheet says, parent and child joined with " / "
    field: str | None = None
    score: float = 0.0
    how: str | None = None  # EXACT, NORMALISED, BY_TOKENS or BY_VALUES
    unit: str | None = None  # unit named in the header or in a units row
    year: int | None = None


@dataclass
class HeaderLayout:
    header_row: int  # 0-based index of the header row (the lowest one of a multi-row header)
    first_header_row: int
    data_start: int
    columns: list[Column]
    units_row: int | None = None
    column_number_row: int | None = None
    sheet_money_unit: str | None = None
    duplicates: dict[str, list[int]] = field(default_factory=dict)

    @property
    def mapping(self) -> dict[str, int]:
        return {c.field: c.index for c in self.columns if c.field}

    def column(self, key: str) -> Column | None:
        for column in self.columns:
            if column.field == key:
                return column
        return None


class HeaderMatcher:
    """The field a header text names: exactly a synonym, a synonym once normalised (brackets, units, %,
    the year, 占比 for 率...), or by its words (every word of a synonym in the header, English word order
    and extra words allowed)."""

    def __init__(self, cfg: ImportConfig):
        self.cfg = cfg
        self.synonyms = cfg.synonyms
        self._by_length = sorted(
            ((key, fld) for key, fld in cfg.synonyms.items() if len(key) >= 2), key=lambda kv: -len(kv[0])
        )
        self._cache: dict[str, tuple[str | None, float, str | None]] = {}
        self._units = sorted(cfg.money_units, key=len, reverse=True)
        self._chinese_equivalents = sorted(((variant, word) for variant, word in cfg.header_word_equivalents.items()
                                            if not variant.isascii()), key=lambda vw: -len(vw[0]))
        phrases: dict[frozenset[str], str | None] = {}
        for text, fld in cfg.synonym_phrases:
            words = self.words(text)
            if words:
                phrases[words] = fld if phrases.get(words, fld) == fld else None
        self._phrases = [(words, fld) for words, fld in phrases.items() if fld]

    def match(self, text: str) -> tuple[str | None, float]:
        fld, score, _ = self.match_how(text)
        return fld, score

    def match_how(self, text: str) -> tuple[str | None, float, str | None]:
        """(field, score, how) for a header text; (None, 0.0, None) when no field is named."""
        hit = self._cache.get(text)
        if hit is None:
            hit = self._match(text, header_key(text))
            self._cache[text] = hit
        return hit

    def _match(self, text: str, key: str) -> tuple[str | None, float, str | None]:
        if not key:
            return None, 0.0, None
        if key in self.synonyms:
            return self.synonyms[key], 1.0, EXACT
        for candidate in self._normal_forms(key):
            if candidate in self.synonyms:
                return self.synonyms[candidate], 0.95, NORMALISED
        hit = self._by_words(text)
        if hit[0]:
            return hit
        if len(key) > 24:  # a sentence, not a column name
            return None, 0.0, None
        for synonym, fld in self._by_length:
            # in an English header, English words only match the whole header: "name" must not claim
            # "Sheet Name"; in a Chinese one they may ("ERP应用情况")
            if synonym in key and len(key) <= len(synonym) + 10 and not (synonym.isascii() and key.isascii()):
                return fld, 0.6 * len(synonym) / max(len(key), 1) + 0.3, BY_TOKENS
        return None, 0.0, None

    def _normal_forms(self, key: str) -> list[str]:
        base, _ = strip_brackets(key)
        base = re.split(r"[/／]", _PERCENT.sub("", base))[0] if base else base
        forms = []
        for candidate in (base, _YEAR.sub("", base)):
            candidate = candidate.strip(":：*-_.")
            forms.append(candidate)
            for variant, word in self._chinese_equivalents:
                candidate = candidate.replace(variant, word)
            forms.append(candidate)
        return forms

    def words(self, text: str) -> frozenset[str]:
        """The header's words: lower case, brackets (units) and % left out, equivalent words made one
        ('penetration' -> 'rate'), stop words dropped, a plural's or gerund's ending cut."""
        folded = unicodedata.normalize("NFKC", text).lower()
        folded, _ = strip_brackets(folded)
        words = set()
        for word in _WORD.findall(_PERCENT.sub(" ", folded)):
            if word in self.cfg.header_stop_words:
                continue
            word = self.cfg.header_word_equivalents.get(word, word)
            if word.isascii() and len(word) > 4:
                word = word[:-3] if word.endswith("ing") else word[:-1] if word.endswith("s") else word
            words.add(self.cfg.header_word_equivalents.get(word, word))
        return frozenset(words)

    def _by_words(self, text: str) -> tuple[str | None, float, str | None]:
        """The synonym whose words are all in the header (two or more, or the header's one word), the longest
        winning; a tie between two fields names none."""
        words = self.words(text)
        if not 1 <= len(words) <= 8:
            return None, 0.0, None
        best, best_size = set(), 0
        for phrase, fld in self._phrases:
            if len(phrase) == 1 and len(words) > 1:
                continue
            if phrase <= words:
                if len(phrase) > best_size:
                    best, best_size = {fld}, len(phrase)
                elif len(phrase) == best_size:
                    best.add(fld)
        if len(best) != 1:
            return None, 0.0, None
        return best.pop(), 0.5 + 0.4 * best_size / len(words), BY_TOKENS

    def unit_of(self, text: str) -> str | None:
        folded = fold(text)
        _, brackets = strip_brackets(folded)
        places = brackets + re.split(r"[/／]", folded)[1:]
        note = _UNIT_NOTE.search(folded)
        if note:
            return note.group(1)
        for place in places:
            place = place.replace("单位:", "").replace("单位：", "")
            for unit in self._units:
                if place == unit or place.endswith(unit) and len(place) <= len(unit) + 2:
                    return unit
        return None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _filled_texts(rows: Grid, merged: list[Merge], limit: int) -> list[list[str]]:
    """Texts of the first rows with each merged range's value copied into all its cells."""
    width = max((len(r) for r in rows[:limit]), default=0)
    texts = [[_cell_text(row[c]) if c < len(row) else "" for c in range(width)] for row in rows[:limit]]
    for r0, c0, r1, c1 in merged:
        if r0 >= limit or c0 >= width:
            continue
        value = texts[r0][c0]
        for r in range(r0, min(r1, limit - 1) + 1):
            for c in range(c0, min(c1, width - 1) + 1):
                texts[r][c] = value
    return texts


def _year_of(text: str) -> int | None:
    match = re.search(r"(19|20)\d{2}", text)
    return int(match.group(0)) if match else None


def _parent_labels(texts: list[list[str]], merged: list[Merge], r: int, cfg: ImportConfig) -> list[str]:
    """The text above each header cell when it belongs to the header: a group label merged across
    columns, or the same cell merged down; never a title or a note ("填报单位：…")."""
    row = texts[r]
    if r == 0:
        return [""] * len(row)
    above = texts[r - 1]
    spans = set()
    for r0, c0, r1, c1 in merged:
        if r0 <= r - 1 <= r1 and (c1 > c0 or r1 >= r):
            spans.update(range(c0, c1 + 1))
    labels = []
    for c in range(len(row)):
        text = above[c] if c < len(above) else ""
        folded = fold(text)
        is_note = ":" in folded or len(folded) > 24 or any(folded.startswith(p) for p in cfg.note_prefixes)
        labels.append(text if text and c in spans and not is_note else "")
    return labels


def _columns_for_row(texts: list[list[str]], r: int, matcher: HeaderMatcher, parents: list[str]) -> list[Column]:
    columns = []
    row = texts[r]
    above = parents
    for c, own in enumerate(row):
        parent = above[c] if c < len(above) else ""
        candidates = []
        if own:
            candidates.append(own)
            if parent and parent != own:
                candidates.append(parent + own)
        elif parent:
            candidates.append(parent)
        best = Column(c, " / ".join(t for t in dict.fromkeys((parent, own)) if t) if own else parent)
        for text in candidates:
            fld, score, how = matcher.match_how(text)
            if fld and score > best.score:
                best.field, best.score, best.how = fld, score, how
        if best.field:
            best.unit = matcher.unit_of(own or parent) or (matcher.unit_of(parent) if parent else None)
            best.year = _year_of(own) or _year_of(parent)
        columns.append(best)
    return columns


def _row_score(columns: list[Column]) -> float:
    fields = {c.field: c.score for c in columns if c.field}
    if not any(k in fields for k in IDENTITY):
        return 0.0
    return sum(fields.values()) + sum(2.0 for k in IDENTITY if k in fields)


def _resolve_duplicates(columns: list[Column]) -> dict[str, list[int]]:
    """One column per field: the best match, then the latest year named, then the first."""
    by_field: dict[str, list[Column]] = {}
    for column in columns:
        if column.field:
            by_field.setdefault(column.field, []).append(column)
    duplicates = {}
    for key, group in by_field.items():
        if len(group) < 2:
            continue
        keep = max(group, key=lambda col: (round(col.score, 2), col.year or 0, -col.index))
        for column in group:
            if column is not keep:
                column.field = None
        duplicates[key] = [c.index for c in group]
    return duplicates


def detect_header(
    rows: Grid,
    merged: list[Merge],
    cfg: ImportConfig,
    matcher: HeaderMatcher | None = None,
    header_row: int | None = None,
) -> HeaderLayout | None:
    """The header layout of a sheet, or None when no row looks like a roster header.

    ``header_row`` (0-based) forces the header row; columns are still matched from its text.
    """
    matcher = matcher or HeaderMatcher(cfg)
    limit = min(len(rows), cfg.header_scan_rows if header_row is None else max(header_row + 3, 3))
    if limit == 0:
        return None
    texts = _filled_texts(rows, merged, limit)
    if header_row is not None:
        best_row = header_row
        best_columns = _columns_for_row(texts, header_row, matcher, _parent_labels(texts, merged, header_row, cfg))
    else:
        best_row, best_columns, best_score = -1, [], 0.0
        for r in range(limit):
            if not any(texts[r]):
                continue
            columns = _columns_for_row(texts, r, matcher, _parent_labels(texts, merged, r, cfg))
            score = _row_score(columns)
            if score > best_score + 1e-9:
                best_row, best_columns, best_score = r, columns, score
        if best_row < 0 or sum(1 for c in best_columns if c.field) < 2:
            return None
    layout = HeaderLayout(best_row, best_row, best_row + 1, best_columns)
    if best_row > 0 and _is_parent_row(texts, best_row, merged):
        layout.first_header_row = best_row - 1
    layout.duplicates = _resolve_duplicates(best_columns)
    _detect_rows_below(rows, layout, matcher)
    _level_by_values(rows, layout, matcher)
    for r in range(layout.first_header_row):
        note = _UNIT_NOTE.search(fold(" ".join(texts[r])))
        if note:
            layout.sheet_money_unit = note.group(1)
    return layout


def _is_parent_row(texts: list[list[str]], r: int, merged: list[Merge]) -> bool:
    """Whether the row above the header belongs to it (a merged group row of a two-level header)."""
    above = r - 1
    for r0, c0, r1, c1 in merged:
        if r0 <= above <= r1 and (c1 > c0 or r1 >= r):
            return True
    return False


def _detect_rows_below(rows: Grid, layout: HeaderLayout, matcher: HeaderMatcher) -> None:
    """A units row ("万元 | % | 人") or a column-number row ("甲 乙 1 2 3") under the header."""
    for _ in range(2):
        r = layout.data_start
        if r >= len(rows):
            return
        cells = [(c, _cell_text(v)) for c, v in enumerate(rows[r]) if _cell_text(v)]
        if not cells:
            return
        folded = [(c, fold(t)) for c, t in cells]
        if all(_UNIT_CELL.match(t) for _, t in folded):
            layout.units_row = r
            for c, t in folded:
                unit = _UNIT_CELL.match(t).group(1)
                if c < len(layout.columns) and unit in matcher.cfg.money_units:
                    layout.columns[c].unit = layout.columns[c].unit or unit
            layout.data_start += 1
        elif len(folded) >= 3 and all(_COLUMN_NUMBER.match(t) for _, t in folded):
            layout.column_number_row = r
            layout.data_start += 1
        else:
            return


def _level_by_values(rows: Grid, layout: HeaderLayout, matcher: HeaderMatcher) -> None:
    """When no column is the MIIT level, a column whose header says 'level' (等级, 级别) and whose values
    read as levels (1-4, 一级-四级) is."""
    sample = rows[layout.data_start:layout.data_start + _VALUE_SAMPLE]
    found = layout.column("miit_level")
    if found and found.how == BY_TOKENS and _holds_levels(sample, found.index, matcher.cfg) is False:
        found.field, found.score, found.how = None, 0.0, None  # '信用等级' holding AAA is no MIIT level
    elif found:
        return
    for column in layout.columns:
        header = fold(column.header)
        if column.field or column is found or not any(word in header for word in matcher.cfg.level_header_words):
            continue
        if _holds_levels(sample, column.index, matcher.cfg):
            column.field, column.score, column.how = "miit_level", 0.5, BY_VALUES
            return


def _holds_levels(sample: Grid, index: int, cfg: ImportConfig) -> bool | None:
    """Whether nearly all the column's filled cells read as MIIT levels; None when none is filled."""
    values = [row[index] for row in sample if index < len(row)]
    values = [v for v in values if filled(v)]
    if not values:
        return None
    read = sum(1 for v in values if isinstance(parse_level(v, cfg), int))
    return read >= _VALUE_SHARE * len(values)


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def parse_column_spec(spec: str, layout: HeaderLayout) -> int | None:
    """A column named by letter (B), 1-based number (2) or header text."""
    spec = spec.strip()
    if re.fullmatch(r"[A-Za-z]{1,3}", spec):
        index = 0
        for ch in spec.upper():
            index = index * 26 + ord(ch) - 64
        return index - 1
    if spec.isdigit():
        return int(spec) - 1
    key = header_key(spec)
    for column in layout.columns:
        if header_key(column.header) == key or any(header_key(p) == key for p in column.header.split(" / ")):
            return column.index
    return None


def apply_overrides(layout: HeaderLayout, overrides: dict[str, str]) -> list[str]:
    """Apply {column spec: field key or '' to ignore}; returns the specs that could not be used."""
    bad = []
    for spec, key in overrides.items():
        index = parse_column_spec(spec, layout)
        if index is None or index >= len(layout.columns) or (key and key not in FIELD_BY_KEY):
            bad.append(spec)
            continue
        if key:
            for column in layout.columns:
                if column.field == key:
                    column.field = None
        layout.columns[index].field = key or None
        layout.columns[index].score = 1.0 if key else 0.0
        layout.columns[index].how = EXACT if key else None  # named by the user
    return bad
