"""Unified social credit codes (GB 32100-2015) and the older identifiers rosters still carry.

A code is 18 characters: registration authority (1), organisation category (1), administrative
division (6 digits), the GB 11714 organisation code (9) and a mod-31 check character. Older rosters hold
15-digit business registration numbers or 9-character organisation codes; these are recognised and
flagged, never checked as credit codes. Checking is vectorised because rosters run to 10^5 rows.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from dataclasses import dataclass

import numpy as np

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = np.array([pow(3, i, 31) for i in range(17)], dtype=np.int64)
ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# Registration authority -> organisation categories allowed after it (GB 32100 tables).
CATEGORIES = {
    "1": "1239", "2": "19", "3": "123459", "4": "19", "5": "1239", "6": "129", "7": "129",
    "8": "19", "9": "123", "A": "19", "N": "1239", "Y": "1",
}

VALID = "valid"
NOT_ENTERPRISE = "not_enterprise"  # a valid code of an individual business, cooperative, institution...
MISSING = "missing"
LEGACY_REGISTRATION = "legacy_registration_number"
ORGANIZATION_CODE = "organization_code"
LOST_DIGITS = "lost_digits"
BAD_LENGTH = "bad_length"
BAD_CHARSET = "bad_charset"
BAD_STRUCTURE = "bad_structure"
BAD_CHECK = "bad_check"

ACCEPTED = frozenset({VALID, NOT_ENTERPRISE})

_LUT = np.full(128, -1, dtype=np.int64)
for _i, _c in enumerate(ALPHABET):
    _LUT[ord(_c)] = _i
_AUTH_CAT_OK = np.zeros((31, 31), dtype=bool)
for _a, _cats in CATEGORIES.items():
    for _c in _cats:
        _AUTH_CAT_OK[ALPHABET.index(_a), ALPHABET.index(_c)] = True

_ORG_LUT = np.full(128, -1, dtype=np.int64)
for _i, _c in enumerate(ORG_ALPHABET):
    _ORG_LUT[ord(_c)] = _i
_ORG_CHECK_LUT = np.full(128, -1, dtype=np.int64)  # a check character's value: 0-9, X for 10
for _i in range(10):
    _ORG_CHECK_LUT[ord(str(_i))] = _i
_ORG_CHECK_LUT[ord("X")] = 10

_STRIP = re.compile(r"[\s\-—_.·/\\'\"‘’“”]+")
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?E\+?\d+$")
_ORG_CODE = re.compile(r"^[0-9A-Z]{8}[0-9X]$")
# Look-alike letters that are not in the alphabet, and the digit a typist most likely meant.
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "Z": "2", "S": "5", "V": "U"})


@dataclass(frozen=True)
class CleanCode:
    code: str | None  # cleaned text, None when the cell was empty
    lost_digits: bool  # Excel stored it as a number and kept only 15 significant digits


def clean(raw: object) -> CleanCode:
    """Normalise a raw cell: full-width to ASCII, upper case, no separators; detect numeric damage."""
    if raw is None:
        return CleanCode(None, False)
    if isinstance(raw, bool):
        return CleanCode(str(raw).upper(), False)
    if isinstance(raw, (int, float)):
        if isinstance(raw, float):
            if raw != raw or raw in (float("inf"), float("-inf")):
                return CleanCode(None, False)
            if not raw.is_integer():
                return CleanCode(repr(raw), True)
            # what Excel shows: 15 significant digits, the rest zeros
            raw = int(Decimal(f"{raw:.15g}")) if abs(raw) >= 1e15 else int(raw)
        digits = str(raw)
        return CleanCode(digits, len(digits) > 15)
    text = unicodedata.normalize("NFKC", str(raw)).upper().strip()
    if _SCIENTIFIC.match(text):  # "9.14403E+17": a spreadsheet showed a number, the digits are gone
        return CleanCode(text, True)
    text = _STRIP.sub("", text)
    return CleanCode(text or None, False)


_CLEAN_18 = re.compile(r"[0-9A-Z]{18}")


def clean_many(values, missing: frozenset[str] = frozenset()) -> tuple[list[str | None], list[bool]]:
    """:func:`clean` over a column; codes already in canonical form (the usual case) pass straight
    through. Cells holding a 'no value' word (无, —...) count as missing."""
    lost = [False] * len(values)
    fullmatch = _CLEAN_18.fullmatch

    def cleaned(i: int, value: object) -> str | None:
        if value is None or (isinstance(value, str) and value.strip().lower() in missing):
            return None
        result = clean(value)
        lost[i] = result.lost_digits
        return result.code

    codes = [value if type(value) is str and fullmatch(value) else cleaned(i, value) for i, value in enumerate(values)]
    return codes, lost


def org_code_valid(body: str) -> bool:
    """Check the GB 11714 organisation code (8 characters + check) embedded in positions 9-17."""
    if not _ORG_CODE.match(body):
        return False
    total = sum(ORG_ALPHABET.index(c) * w for c, w in zip(body[:8], ORG_WEIGHTS))
    check = 11 - total % 11
    expected = "X" if check == 10 else "0" if check == 11 else str(check)
    return body[8] == expected


def org_codes_valid(codes: list[str]) -> np.ndarray:
    """:func:`org_code_valid` over 18-character credit codes at once: whether each one's embedded
    organisation code passes its own GB 11714 mod-11 check."""
    if not codes:
        return np.zeros(0, dtype=bool)
    chars = np.minimum(np.array(codes, dtype="<U18").view(np.uint32).reshape(-1, 18)[:, 8:17], 127)
    body = _ORG_LUT[chars[:, :8]]
    check = 11 - (np.where(body < 0, 0, body) @ np.array(ORG_WEIGHTS, dtype=np.int64)) % 11
    expected = np.where(check == 11, 0, check)
    return (body >= 0).all(axis=1) & (_ORG_CHECK_LUT[chars[:, 8]] == expected)


def check_character(first17: str) -> str:
    total = sum(ALPHABET.index(c) * int(w) for c, w in zip(first17, WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def classify_many(codes: list[str | None], lost_digits: list[bool] | None = None) -> list[str]:
    """Status of each cleaned code (see the module constants). Vectorised over the 18-char ones."""
    n = len(codes)
    lengths = np.array([len(code) if code is not None else -1 for code in codes], dtype=np.int64)
    usual = lengths == 18
    if lost_digits is not None:
        usual &= ~np.array(lost_digits, dtype=bool)
    status = np.full(n, MISSING, dtype=object)
    for i in np.flatnonzero(~usual & (lengths >= 0)).tolist():
        code = codes[i]
        if lost_digits is not None and lost_digits[i]:
            status[i] = LOST_DIGITS
        elif len(code) == 15 and code.isdigit():
            status[i] = LEGACY_REGISTRATION
        elif len(code) == 9 and _ORG_CODE.match(code):
            status[i] = ORGANIZATION_CODE
        else:
            status[i] = BAD_LENGTH
    idx18 = np.flatnonzero(usual)
    if not idx18.size:
        return status.tolist()
    chars = np.array([codes[i] for i in idx18.tolist()], dtype="<U18").view(np.uint32).reshape(-1, 18)
    values = _LUT[np.minimum(chars, 127)]
    values[chars > 127] = -1
    charset_ok = (values >= 0).all(axis=1)
    safe = np.where(values < 0, 0, values)
    structure_ok = (safe[:, 2:8] < 10).all(axis=1) & _AUTH_CAT_OK[safe[:, 0], safe[:, 1]]
    check_ok = (31 - (safe[:, :17] @ WEIGHTS) % 31) % 31 == safe[:, 17]
    enterprise = (safe[:, 0] == 9) & (safe[:, 1] == 1)
    status[idx18] = np.select(
        [~charset_ok, ~structure_ok, ~check_ok, enterprise],
        np.array([BAD_CHARSET, BAD_STRUCTURE, BAD_CHECK, VALID], dtype=object),
        default=NOT_ENTERPRISE)
    return status.tolist()


def classify(code: str | None, lost_digits: bool = False) -> str:
    return classify_many([code], [lost_digits])[0]


def validate(raw: object) -> tuple[str | None, str]:
    """Clean and classify one raw cell: (cleaned code, status)."""
    cleaned = clean(raw)
    return cleaned.code, classify(cleaned.code, cleaned.lost_digits)


def suggest_fix(code: str) -> str | None:
    """The valid code meant when look-alike letters (O for 0, I for 1...) were typed, if that is one."""
    if len(code) != 18:
        return None
    swapped = code.translate(_LOOKALIKES)
    if swapped != code and classify(swapped) in ACCEPTED:
        return swapped
    return None


def category_of(code: str) -> str:
    """Registration authority + category, e.g. '91' enterprise, '92' individual business, '93' cooperative."""
    return code[:2]
