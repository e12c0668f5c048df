"""Reading the JSON template files a province edits, with messages that say which file and where."""

from __future__ import annotations

import json
from pathlib import Path

from planning.base.errors import ConfigError
from planning.base.messages import MESSAGES, message

MAX_TEMPLATE_BYTES = 20 * 1024 * 1024


def read_json(path: Path) -> dict:
    try:
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            raise ConfigError("file.too_large", file=path.name)
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise ConfigError("file.unreadable", file=str(path), detail=exc.strerror or str(exc)) from exc
    except json.JSONDecodeError as exc:
        raise ConfigError("file.json", file=path.name, line=exc.lineno, column=exc.colno, detail=exc.msg) from exc
    except UnicodeDecodeError as exc:
        raise ConfigError("file.encoding", file=path.name, detail=exc.reason) from exc
    if not isinstance(data, dict):
        raise ConfigError("not_object", where=path.name)
    return data


def where_in(where, place: str, **params) -> dict:
    """A place inside ``where`` (a file name or another place) as a message parameter:
    ``config.where.<place>`` with ``params`` (a rule's id, an entry's number...)."""
    return message(f"config.where.{place}", where=where, **params)


def key_name(key: str) -> object:
    """A template's key (or dotted path) as a message parameter: its name in the reader's language where
    the catalogue has one (``config.key.<key>``), else the key as written."""
    kind = f"config.key.{key}"
    return message(kind) if kind in MESSAGES else key


def place_of(where, key: str, entry: object = None) -> dict:
    """The place of ``key`` (and of one ``entry`` under it, such as an action's id) inside ``where``."""
    place = where_in(where, "part", part=key_name(key))
    return place if entry is None else where_in(place, "entry", id=str(entry))


def type_name(kind: type | tuple | str) -> dict:
    """What a value must be (text, a number, a list...) as a message parameter."""
    if isinstance(kind, tuple):
        kind = "number" if set(kind) <= {int, float} else kind[0]
    return message(f"config.type.{kind if isinstance(kind, str) else kind.__name__}")


def require(data: dict, key: str, kind: type | tuple, where):
    if not isinstance(data, dict):
        raise ConfigError("not_object", where=where)
    if key not in data:
        raise ConfigError("missing", where=where, key=key_name(key))
    value = data[key]
    if not isinstance(value, kind) or (kind in (int, float, (int, float)) and isinstance(value, bool)):
        raise ConfigError("wrong_type", where=where, key=key_name(key), expected=type_name(kind),
                          found=type_name(type(value)))
    return value


def items_with_ids(data: dict, key: str, noun: str, where):
    """(entry, its id, where it is) for each entry of the list ``data[key]``, refusing a repeated id."""
    seen: set[str] = set()
    name = message(f"config.noun.{noun}")
    for k, item in enumerate(require(data, key, list, where)):
        item_id = require(item, "id", str, where_in(where, "item_number", noun=name, number=k + 1))
        at = where_in(where, "item", noun=name, id=item_id)
        if item_id in seen:
            raise ConfigError("duplicate_id", where=at)
        seen.add(item_id)
        yield item, item_id, at
