"""Per-firm overrides of the computed tags, with a reason, and the audit trail of every change.

Overrides are keyed by firm identity, so they survive a re-import of a corrected roster: the valid credit
code, else the name and the county as merging matches firms (:func:`planning.reference.identity.merge_keys`),
so that two 宏达机械厂 in different counties have overrides of their own. Projects saved before the county
was part of the key hold overrides under the name alone; those still apply to the firms of that name,
unless a firm has one of its own. The audit trail records who changed what, when, from what, and why;
it only grows.
"""

from __future__ import annotations

import getpass
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from planning.base.errors import ConfigError
from planning.reference.identity import COUNTY_SEPARATOR, NAME_KEY_PREFIX, merge_keys

OVERRIDABLE = ("key_sector", "division", "tier", "track", "actions")


def override_keys(frame: pd.DataFrame) -> np.ndarray:
    """Each firm's override key: its valid credit code, else its name and county; None with neither."""
    return merge_keys(frame)


def name_only_key(key: str | None) -> str | None:
    """The key a firm without a code had before the county was part of it (``name:X@county`` ->
    ``name:X``); None for a credit code."""
    if not isinstance(key, str) or not key.startswith(NAME_KEY_PREFIX) or COUNTY_SEPARATOR not in key:
        return None
    return key.rsplit(COUNTY_SEPARATOR, 1)[0]


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some service contexts
        return "unknown"


@dataclass
class Override:
    key: str
    field: str
    value: object  # text, or a list of action ids for "actions"
    reason: str
    author: str
    time: str


@dataclass
class AuditEntry:
    time: str
    author: str
    key: str
    firm: str
    field: str
    old: object
    new: object
    reason: str


@dataclass
class OverrideStore:
    overrides: dict[tuple[str, str], Override] = field(default_factory=dict)
    audit: list[AuditEntry] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.overrides)

    def set(self, key: str, field_name: str, value: object, reason: str, *, old: object = None, firm: str = "",
            author: str | None = None, when: datetime | None = None) -> Override:
        if field_name not in OVERRIDABLE:
            raise ValueError(f"cannot override '{field_name}' (only {', '.join(OVERRIDABLE)})")
        if not reason or not reason.strip():
            raise ValueError("an override needs a reason")
        if not key:
            raise ValueError("the firm has neither a valid credit code nor a name to key the override")
        stamp = (when or datetime.now()).isoformat(timespec="seconds")
        author = author or current_user()
        if field_name == "actions":
            value = list(value)
        override = Override(key, field_name, value, reason.strip(), author, stamp)
        self.overrides[(key, field_name)] = override
        self.audit.append(AuditEntry(stamp, author, key, firm, field_name, old, value, reason.strip()))
        return override

    def clear(self, key: str, field_name: str, reason: str, *, firm: str = "", author: str | None = None,
              when: datetime | None = None) -> Override | None:
        removed = self.overrides.pop((key, field_name), None)
        if removed is None and name_only_key(key):  # an override from before the county was in the key
            removed = self.overrides.pop((name_only_key(key), field_name), None)
        if removed is not None:
            stamp = (when or datetime.now()).isoformat(timespec="seconds")
            self.audit.append(AuditEntry(stamp, author or current_user(), key, firm, field_name,
                                         removed.value, None, reason.strip() or "-"))
        return removed

    def for_field(self, field_name: str) -> dict[str, Override]:
        return {key: o for (key, f), o in self.overrides.items() if f == field_name}

    def for_key(self, key: str) -> list[Override]:
        """The firm's overrides: under its key, and under its name alone where it has none of its own."""
        own = [o for (k, _), o in self.overrides.items() if k == key]
        older = name_only_key(key)
        fields = {o.field for o in own}
        return own + [o for (k, f), o in self.overrides.items() if older is not None and k == older and f not in fields]

    def by_row(self, field_name: str, keys) -> dict[int, Override]:
        """The override of ``field_name`` of each row whose firm has one (``keys``: override_keys of the
        rows), its own or one under its name alone."""
        row_of = {k: i for i, k in enumerate(keys) if k is not None}
        rows_named: dict[str, list[int]] = {}
        for i, k in enumerate(keys):
            older = name_only_key(k)
            if older is not None:
                rows_named.setdefault(older, []).append(i)
        found: dict[int, Override] = {}
        own: set[int] = set()
        for key, override in self.for_field(field_name).items():
            if key in row_of:
                found[row_of[key]] = override
                own.add(row_of[key])
            for row in rows_named.get(key, ()):
                if row not in own:
                    found[row] = override
        return found

    def copy(self) -> "OverrideStore":
        return OverrideStore(dict(self.overrides), list(self.audit))

    def to_dict(self) -> dict:
        return {
            "overrides": [asdict(o) for o in self.overrides.values()],
            "audit": [asdict(a) for a in self.audit],
        }

    @classmethod
    def from_dict(cls, data: dict, where: str = "overrides") -> "OverrideStore":
        store = cls()
        try:
            for item in data.get("overrides", []):
                override = Override(**{k: item[k] for k in ("key", "field", "value", "reason", "author", "time")})
                if override.field not in OVERRIDABLE:
                    raise ConfigError("override.field", where=where, field=override.field)
                store.overrides[(override.key, override.field)] = override
            for item in data.get("audit", []):
                store.audit.append(AuditEntry(**{k: item[k] for k in
                                                 ("time", "author", "key", "firm", "field", "old", "new", "reason")}))
        except (KeyError, TypeError) as exc:
            raise ConfigError("override.malformed", where=where, detail=str(exc)) from None
        return store

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "OverrideStore":
        from planning.base.template_files import read_json

        return cls.from_dict(read_json(path), path.name)
