"""The importer's editable configuration: header synonyms and reading rules from ``templates/``."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from planning.base.errors import ConfigError
from planning.base.paths import template_path
from planning.base.schema import FIELD_BY_KEY
from planning.base.textnorm import header_key


@dataclass(frozen=True)
class ImportConfig:
    synonyms: dict[str, str]  # normalised header text -> field key
    synonym_phrases: tuple[tuple[str, str], ...]  # (synonym as written, lower case, field key)
    header_word_equivalents: dict[str, str]  # a header word -> the word the synonyms use ('占比' -> '率')
    header_stop_words: frozenset[str]
    level_header_words: tuple[str, ...]  # a header with one of these may hold the MIIT level: its values decide
    max_file_bytes: int
    max_uncompressed_bytes: int
    max_cells: int
    max_text_chars: int  # all cell text a reader would build, shared strings counted once per cell
    max_columns: int
    header_scan_rows: int
    missing_tokens: frozenset[str]  # every word taken for no value, the placeholder words included
    placeholder_words: frozenset[str]  # written where a value is still to come: reported as missing
    code_placeholder_words: frozenset[str]  # placeholders in a code column only ('0')
    money_units: dict[str, float]  # unit text -> factor to 万元
    default_money_unit: str
    count_units: tuple[str, ...]
    total_keywords: tuple[str, ...]
    note_prefixes: tuple[str, ...]
    firm_name_markers: tuple[str, ...]
    summary_sheet_keywords: tuple[str, ...]
    sheet_name_suffixes: tuple[str, ...]
    flag_true: frozenset[str]
    flag_false: frozenset[str]
    specialized_true: frozenset[str]
    level_words: dict[str, int]
    level_missing: frozenset[str]
    systems_tokens: dict[str, tuple[str, ...]]
    rate_fraction_share: float
    two_digit_year_pivot: int
    # the process every file from outside is read in (planning.importing.readers.isolation)
    reader_memory_mb: int = 1536
    reader_memory_share: float = 0.5  # of this machine's memory, when that is less than reader_memory_mb
    reader_seconds: float = 120.0
    # a project file (.dtplan) is checked in such a process, then read only when what its rows will take fits
    project_load_share: float = 0.25  # of this machine's memory
    project_bytes_per_row: dict[str, int] = field(default_factory=dict)  # table -> bytes a row takes, read
    project_bytes_per_json_byte: float = 0.0


def load_synonym_phrases(path: Path) -> list[tuple[str, str]]:
    """(synonym, field) rows of the synonyms file, checked: known fields, no synonym of two fields."""
    synonyms: dict[str, str] = {}
    phrases: list[tuple[str, str]] = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for line_no, row in enumerate(csv.DictReader(fh), start=2):
                field = (row.get("field") or "").strip()
                text = (row.get("synonym") or "").strip()
                if field not in FIELD_BY_KEY:
                    raise ConfigError("synonyms.unknown_field", file=path.name, line=line_no, field=field)
                if not text:
                    raise ConfigError("synonyms.empty", file=path.name, line=line_no, field={"field": field})
                key = header_key(text)
                if synonyms.get(key, field) != field:
                    raise ConfigError("synonyms.twice", file=path.name, line=line_no, text=text,
                                      field={"field": synonyms[key]})
                synonyms[key] = field
                phrases.append((text, field))
    except OSError as exc:
        raise ConfigError("file.unreadable", file=str(path), detail=exc.strerror or str(exc)) from exc
    return phrases


def _lower_all(items) -> tuple[str, ...]:
    return tuple(str(x).strip().lower() for x in items)


def load_import_config(settings_file: Path | None = None, synonyms_file: Path | None = None) -> ImportConfig:
    settings_file = settings_file or template_path("import_settings.json")
    synonyms_file = synonyms_file or template_path("header_synonyms.csv")
    try:
        raw = json.loads(settings_file.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise ConfigError("file.unreadable", file=str(settings_file), detail=exc.strerror or str(exc)) from exc
    except json.JSONDecodeError as exc:
        raise ConfigError("file.json", file=settings_file.name, line=exc.lineno, column=exc.colno, detail=exc.msg) from exc
    try:
        limits = raw["limits"]
        units = {k: float(v) for k, v in raw["money_units_to_wan"].items()}
        if raw["default_money_unit"] not in units:
            raise ConfigError("import_settings.default_unit", file=settings_file.name)
        phrases = load_synonym_phrases(synonyms_file)
        return ImportConfig(
            synonyms={header_key(text): field for text, field in phrases},
            synonym_phrases=tuple((text.lower(), field) for text, field in phrases),
            header_word_equivalents={str(variant).lower(): str(word).lower()
                                     for word, variants in raw["header_word_equivalents"].items()
                                     for variant in variants},
            header_stop_words=frozenset(_lower_all(raw["header_stop_words"])),
            level_header_words=_lower_all(raw["level_header_words"]),
            max_file_bytes=int(limits["max_file_mb"] * 1024 * 1024),
            max_uncompressed_bytes=int(limits["max_uncompressed_mb"] * 1024 * 1024),
            max_cells=int(limits["max_cells"]),
            max_text_chars=int(limits["max_text_chars"]),
            max_columns=int(limits["max_columns"]),
            header_scan_rows=int(limits["header_scan_rows"]),
            missing_tokens=frozenset(_lower_all(raw["missing_tokens"] + raw["placeholder_words"])),
            placeholder_words=frozenset(_lower_all(raw["placeholder_words"])),
            code_placeholder_words=frozenset(_lower_all(raw["code_placeholder_words"])),
            money_units=units,
            default_money_unit=raw["default_money_unit"],
            count_units=tuple(raw["count_units"]),
            total_keywords=_lower_all(raw["total_row_keywords"]),
            note_prefixes=_lower_all(raw["note_prefixes"]),
            firm_name_markers=_lower_all(raw["firm_name_markers"]),
            summary_sheet_keywords=_lower_all(raw["summary_sheet_keywords"]),
            sheet_name_suffixes=tuple(raw["sheet_name_suffixes"]),
            flag_true=frozenset(_lower_all(raw["flag_true"])),
            flag_false=frozenset(_lower_all(raw["flag_false"])),
            specialized_true=frozenset(_lower_all(raw["specialized_true"])),
            level_words={str(k): int(v) for k, v in raw["level_words"].items()},
            level_missing=frozenset(_lower_all(raw["level_missing"])),
            systems_tokens={k: _lower_all(v) for k, v in raw["systems_tokens"].items()},
            rate_fraction_share=float(raw["rate_fraction_share"]),
            two_digit_year_pivot=int(raw["two_digit_year_pivot"]),
            reader_memory_mb=int(raw["reader_process"]["memory_mb"]),
            reader_memory_share=float(raw["reader_process"]["memory_share_of_ram"]),
            reader_seconds=float(raw["reader_process"]["seconds"]),
            project_load_share=float(raw["project_files"]["load_share_of_ram"]),
            project_bytes_per_row={str(k): int(v) for k, v in raw["project_files"]["bytes_per_row"].items()},
            project_bytes_per_json_byte=float(raw["project_files"]["bytes_per_json_byte"]),
        )
    except KeyError as exc:
        raise ConfigError("missing", where=settings_file.name, key=str(exc.args[0])) from exc
    except (TypeError, ValueError) as exc:
        if isinstance(exc, ConfigError):
            raise
        raise ConfigError("import_settings.value", file=settings_file.name, detail=str(exc)) from exc


@lru_cache(maxsize=1)
def default_import_config() -> ImportConfig:
    return load_import_config()
