"""Names the templates give in both languages: one way to pick the reader's.

Template entries (tracks, tiers, sectors, actions, rules, fields, earmarks, scenarios, divisions) carry
a Chinese and an English name; Chinese is the default and any other language reads the English.
"""

from __future__ import annotations


def in_language(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


class Named:
    """Mixin for a template entry with ``zh`` and ``en`` names."""

    zh: str
    en: str

    def label(self, lang: str) -> str:
        return in_language(lang, self.zh, self.en)

    def label_pair(self) -> dict:
        """Both names as a message parameter (:mod:`planning.base.messages`), shown in the reader's language."""
        return {"zh": self.zh, "en": self.en}
