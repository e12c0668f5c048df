"""Reading the JSON template files a province edits, with messages that say which file and where."""

from __future__ import annotations

import json
from pathlib import Path

from planning.base.errors import ConfigError

MAX_TEMPLATE_BYTES = 20 * 1024 * 1024


def read_json(path: Path) -> dict:
    try:
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            raise ConfigError(f"{path.name}: too large for a template file")
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path.name}, line {exc.lineno}, column {exc.colno}: {exc.msg}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path.name}: not UTF-8 text ({exc.reason})") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path.name}: the file must hold a JSON object")
    return data


def require(data: dict, key: str, kind: type | tuple, where: str):
    if key not in data:
        raise ConfigError(f"{where}: missing '{key}'")
    value = data[key]
    if not isinstance(value, kind) or (kind in (int, float, (int, float)) and isinstance(value, bool)):
        names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise ConfigError(f"{where}: '{key}' must be {names}, not {type(value).__name__}")
    return value


def items_with_ids(data: dict, key: str, noun: str, where: str):
    """(entry, its id, where it is) for each entry of the list ``data[key]``, refusing a repeated id."""
    seen: set[str] = set()
    for k, item in enumerate(require(data, key, list, where)):
        item_id = require(item, "id", str, f"{where}, {noun} {k + 1}")
        at = f"{where}, {noun} '{item_id}'"
        if item_id in seen:
            raise ConfigError(f"{at}: duplicate id")
        seen.add(item_id)
        yield item, item_id, at
