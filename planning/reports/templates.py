"""The export templates a province edits: report texts, workbook look, chart look (templates/report/).

``Texts`` reads a dotted key of ``report_template.json`` in one language and fills in its {fields};
a missing key or a broken placeholder names the file and the key instead of failing somewhere deep.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from planning.base.errors import ConfigError
from planning.base.paths import template_path
from planning.base.template_files import read_json

REPORT_TEMPLATE = "report_template.json"
WORKBOOK_STYLE = "workbook_style.json"
CHART_STYLE = "chart_style.json"


def load(name: str, folder: Path | None = None) -> dict:
    return read_json((folder or template_path("report")) / name)


@dataclass(frozen=True)
class Texts:
    data: dict
    lang: str = "zh"
    source: str = REPORT_TEMPLATE

    @classmethod
    def load(cls, lang: str = "zh", folder: Path | None = None) -> "Texts":
        return cls(load(REPORT_TEMPLATE, folder), "en" if lang == "en" else "zh")

    def raw(self, key: str):
        node = self.data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                raise ConfigError("missing", where=self.source, key=key)
            node = node[part]
        return node

    def has(self, key: str) -> bool:
        try:
            self.raw(key)
        except ConfigError:
            return False
        return True

    def __call__(self, key: str, **params) -> str:
        node = self.raw(key)
        if isinstance(node, dict):
            text = node.get(self.lang, node.get("zh"))
        else:
            text = node
        if not isinstance(text, str):
            raise ConfigError("report.text", where=self.source, key=key)
        try:
            return text.format(**params) if params else text
        except (KeyError, IndexError, ValueError) as exc:
            raise ConfigError("report.fill", where=self.source, key=key, text=repr(text), detail=str(exc)) from None

    def column_names(self, keys, style: dict | None = None) -> list[str]:
        """Column headers of the workbook style (its 'columns' entries) in this language."""
        columns = (style or load(WORKBOOK_STYLE))["columns"]
        missing = [key for key in keys if key not in columns]
        if missing:
            raise ConfigError("report.columns", where=WORKBOOK_STYLE, columns=[str(m) for m in missing])
        return [self.pick(columns[key]) for key in keys]

    def pick(self, node: dict) -> str:
        """A {zh, en} pair from another template (workbook columns, national references)."""
        return str(node.get(self.lang) or node.get("zh") or "")
