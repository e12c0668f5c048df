"""Small text normalisers shared by the importer: full-width forms, whitespace, header keys."""

from __future__ import annotations

import re
import unicodedata

_WHITESPACE = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
_CJK = r"\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}]) | (?=[{_CJK}])")
_NEEDS_CLEAN = re.compile(
    rf"^\s|\s$|[\s\u3000\u00a0\u200b\ufeff]{{2,}}|[\t\r\n\u3000\u00a0\u200b\ufeff]|[{_CJK}] | [{_CJK}]"
)
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|<[^<>]*>")
_HEADER_JUNK = re.compile(r"^[*※#\s]+|[:：*※\s]+$")


def clean_text(value: str) -> str:
    """Trim, collapse whitespace runs (including full-width and no-break spaces), and drop spaces
    next to Chinese characters, which are typing slips in names ("安徽 某某 有限公司")."""
    if not _NEEDS_CLEAN.search(value):
        return value
    value = _WHITESPACE.sub(" ", value).strip()
    return _SPACE_NEAR_CJK.sub("", value)


def fold(value: str) -> str:
    """Full-width to ASCII (NFKC), lower case, no whitespace: for comparing, never for display."""
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", value)).lower()


def header_key(text: str) -> str:
    return _HEADER_JUNK.sub("", fold(text))


def strip_brackets(text: str) -> tuple[str, list[str]]:
    """Remove bracketed parts of a folded header and return them: '营业收入(万元)' -> ('营业收入', ['万元'])."""
    found = [m.group(0)[1:-1] for m in _BRACKETED.finditer(text)]
    return _BRACKETED.sub("", text), found
