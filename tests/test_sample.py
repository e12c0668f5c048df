"""The bundled sample roster against the generator that made it.

The sample (resources/samples/sample_roster.xlsx) is regenerated here from its seed: the committed
file must be byte-identical, and the import summary (through the API and through ``main.py import
--json``) must give exactly the figures the generator knows are true. A clean roster must round-trip:
every firm comes back with the values it was written with.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import subprocess
import sys
import zipfile
from collections import Counter

import pandas as pd
import pytest

from planning.reference import creditcode
from planning.importing.importer import ImportOptions, import_rosters
from planning.reference.industry import division_from_name
from planning.base.messages import tr
from tests.conftest import ROOT
from tests.synthetic_roster import (
    INDUSTRY, SAMPLE_FIRMS, SAMPLE_PATH, SAMPLE_SEED, anhui_places, generate_firms, write_roster,
)

SAMPLE_REL = "resources/samples/sample_roster.xlsx"
NUMERIC = ("revenue_wan", "employees", "cnc_rate", "rd_tool_rate", "networking_rate")


# ------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """A fresh generation of the sample and its truth."""
    path = tmp_path_factory.mktemp("sample") / "sample_roster.xlsx"
    truth = write_roster(path, generate_firms(SAMPLE_FIRMS, SAMPLE_SEED), messy=True, seed=SAMPLE_SEED)
    return path, truth


@pytest.fixture(scope="module")
def truth(fresh):
    return fresh[1]


@pytest.fixture(scope="module")
def api_roster():
    return import_rosters([SAMPLE_PATH], ImportOptions())


@pytest.fixture(scope="module")
def api_summary(api_roster):
    # through JSON, exactly as a script would see it
    return json.loads(json.dumps(api_roster.report.to_summary("zh"), ensure_ascii=False))


@pytest.fixture(scope="module")
def cli_summary():
    out = subprocess.run([sys.executable, "main.py", "import", SAMPLE_REL, "--json"], cwd=ROOT,
                         capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.fixture(scope="module", params=["api", "cli"])
def summary(request):
    return request.getfixturevalue(f"{request.param}_summary")


def _sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


# ------------------------------------------------------------------ the committed file


def test_committed_sample_is_a_fresh_generation(fresh):
    path, _ = fresh
    assert SAMPLE_PATH.exists(), "run: python -m tests.synthetic_roster --sample"
    if _sha256(SAMPLE_PATH) != _sha256(path):
        same_content = _members(SAMPLE_PATH) == _members(path)
        pytest.fail("the committed sample differs from its generator; "
                    + ("only the zip compression differs (another zlib?)" if same_content else
                       "regenerate it: python -m tests.synthetic_roster --sample"))


def test_generation_is_deterministic(tmp_path):
    firms = generate_firms(300, 7)
    assert firms == generate_firms(300, 7)
    for messy in (True, False):
        a, b = tmp_path / f"a{messy}.xlsx", tmp_path / f"b{messy}.xlsx"
        write_roster(a, firms, messy=messy, seed=7)
        write_roster(b, generate_firms(300, 7), messy=messy, seed=7)
        assert _sha256(a) == _sha256(b)


def test_sample_is_small_enough():
    assert SAMPLE_PATH.stat().st_size < 400 * 1024


# ------------------------------------------------------------------ the generator itself


def test_generated_firms_are_plausible():
    firms = generate_firms(SAMPLE_FIRMS, SAMPLE_SEED)
    cities, counties = anhui_places()
    county_codes = {p.code: p for p in counties}
    assert len({f["name"] for f in firms}) == len(firms)
    assert len({f["credit_code"] for f in firms}) == len(firms)
    for f in firms:
        code = f["credit_code"]
        assert creditcode.classify(code) in creditcode.ACCEPTED, code
        assert code[:2] == f["_category"] and code[2:8] == f["_county_code"]
        assert creditcode.org_code_valid(code[8:17]), code
        assert all(c in creditcode.ALPHABET for c in code)
        place = county_codes[f["_county_code"]]
        assert place.code[4] != "7" and place.city_code in cities
        assert (f["city"], f["county"]) == (place.city_name, place.name)
        assert f["name"].endswith(("有限公司", "厂", "合作社"))
        assert 13 <= int(f["industry_code"][:2]) <= 43
        assert 1990 <= f["established"].year <= 2023
        for key in ("cnc_rate", "rd_tool_rate", "networking_rate"):
            assert 0 <= f[key] <= 100
    assert {f["_division"] for f in firms} == {str(d) for d in INDUSTRY}
    assert {f["_city_code"] for f in firms} == set(cities)
    categories = Counter(f["_category"] for f in firms)
    assert categories["92"] == 20 and 1 <= categories["93"] <= 2
    levels = Counter(f["miit_level"] for f in firms)
    assert levels[1] + levels[2] > 0.7 * len(firms) and levels[4] < levels[3] < levels[2]
    assert 0.05 < sum(f["specialized"] for f in firms) / len(firms) < 0.11
    revenue = sorted(f["revenue_wan"] for f in firms)
    assert revenue[len(revenue) // 2] < 5000 < revenue[-len(revenue) // 20]  # most firms are small
    by_level = {lv: sum(f["revenue_wan"] for f in firms if f["miit_level"] == lv) / levels[lv] for lv in (1, 2, 3)}
    assert by_level[1] < by_level[2] < by_level[3]


# ------------------------------------------------------------------ the summary's figures


def test_enterprise_counts(summary, truth):
    assert summary["enterprise_rows"] == truth.enterprise_rows
    assert summary["enterprises"] == truth.enterprises


def test_sheets(summary, truth):
    (file,) = summary["files"]
    assert file["refused"] is None and file["format"] == "xlsx"
    sheets = {s["sheet"]: s for s in file["sheets"]}
    roster = sheets.pop(truth.sheet)
    assert roster["imported"] is True
    assert roster["header_row"] == truth.header_row
    assert roster["data_rows"] == list(truth.data_rows)
    assert roster["unmapped"] == []
    assert set(roster["mapping"]) == {
        "serial", "name", "credit_code", "city", "county", "industry_code", "revenue_wan", "employees",
        "miit_level", "cnc_rate", "rd_tool_rate", "networking_rate", "has_erp", "has_mes", "specialized",
        "established", "contact", "phone", "remarks"}
    assert {name: (s["imported"], s["reason"]) for name, s in sheets.items()} == {
        name: (False, tr(kind, "zh")) for name, kind in truth.other_sheets.items()}


def _by_kind(notes) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for note in notes:
        out.setdefault(note["kind"], []).append(note["row"])
    return {k: sorted(v) for k, v in sorted(out.items())}


def test_skipped_rows(summary, truth):
    assert _by_kind(summary["skipped"]) == truth.skipped


def test_rejected_rows(summary, truth):
    assert _by_kind(summary["rejected"]) == truth.rejected


def test_invalid_credit_codes(summary, truth):
    got = sorted((i["row"], i["kind"]) for i in summary["invalid_credit_codes"])
    assert got == sorted(truth.invalid_credit_codes)


def test_missing_and_duplicate_credit_codes(summary, truth):
    assert summary["missing_credit_codes"] == truth.missing_credit_codes
    assert summary["duplicate_credit_codes"] == truth.duplicate_credit_codes


def test_no_other_value_problems(summary, truth):
    """The sample's only value problems are its credit codes (placeholders for missing ones reported with
    their word): every other cell is readable."""
    expected = sorted([(r, k) for r, k in truth.invalid_credit_codes]
                      + [(r, "cc.not_enterprise") for r, _ in truth.not_enterprise_codes]
                      + [(r, "value.placeholder") for r in truth.placeholder_credit_codes])
    assert sorted((i["row"], i["kind"]) for i in summary["issues"]) == expected


def test_revenue_total(summary, truth):
    assert summary["revenue_total_wan"] == pytest.approx(truth.revenue_total_wan, abs=0.01)


def test_by_city(summary, truth):
    assert summary["by_city"] == truth.by_city


def test_by_level(summary, truth):
    assert summary["by_level"] == truth.by_level


# ------------------------------------------------------------------ the values, row by row


def _same(key: str, expected, got) -> bool:
    if key in NUMERIC:
        if expected is None:
            return got is None or pd.isna(got)
        return got is not None and not pd.isna(got) and math.isclose(got, expected, rel_tol=0, abs_tol=1e-6)
    if got is None or got is pd.NA or (isinstance(got, float) and math.isnan(got)) or got is pd.NaT:
        got = None
    elif isinstance(got, pd.Timestamp):
        got = got.date()
    elif hasattr(got, "item"):  # numpy scalars
        got = got.item()
    if isinstance(expected, dt.date) and isinstance(got, dt.datetime):
        got = got.date()
    return got == expected


def _mismatches(frame: pd.DataFrame, expected_rows: dict[int, dict], keys) -> dict[str, list]:
    bad: dict[str, list] = {}
    for record in frame.to_dict("records"):
        expected = expected_rows[record["source_row"]]
        for key in keys:
            if key in expected and not _same(key, expected[key], record[key]):
                bad.setdefault(key, []).append((record["source_row"], expected[key], record[key]))
    return {k: v[:5] + ([f"... {len(v)} rows"] if len(v) > 5 else []) for k, v in bad.items()}


def test_sample_rows_come_back_as_written(api_roster, truth):
    frame = api_roster.frame
    imported = set(truth.rows) - {r for rows in truth.rejected.values() for r in rows}
    assert sorted(frame["source_row"]) == sorted(imported)
    keys = list(next(iter(truth.rows.values())))
    assert _mismatches(frame, truth.rows, keys) == {}


def test_sample_industry_written_as_a_name_keeps_the_division(api_roster, truth):
    """C3511, 3511, 3511 as a number, C35 and 35 give the code; a division's name alone stays the
    industry name (no code is invented) and names the division for the tagging step."""
    frame = api_roster.frame
    by_name = frame[frame["industry_code"].isna() & frame["industry_name"].notna()]
    assert len(by_name) > 50
    firms = {f["name"]: f for f in generate_firms(SAMPLE_FIRMS, SAMPLE_SEED)}
    for name, industry in zip(by_name["name"], by_name["industry_name"]):
        assert division_from_name(industry) == firms[name]["_division"]
    codes = frame["industry_code"].dropna()
    assert codes.str.fullmatch(r"\d{2}|\d{4}").all() and len(codes) + len(by_name) > 0.9 * len(frame)


def test_clean_roster_round_trips(tmp_path):
    firms = generate_firms(600, 11)
    path = tmp_path / "clean.xlsx"
    truth = write_roster(path, firms, messy=False, seed=11)
    roster = import_rosters([path])
    frame = roster.frame
    assert len(frame) == len(firms) == truth.enterprises
    assert list(frame["source_row"]) == list(range(2, len(firms) + 2))
    keys = ("credit_code", "name", "city", "county", "industry_code", "industry_name", "revenue_wan",
            "employees", "miit_level", "cnc_rate", "rd_tool_rate", "networking_rate", "has_erp", "has_mes",
            "specialized", "established", "contact", "phone", "remarks")
    bad = {}
    for firm, record in zip(firms, frame.to_dict("records")):
        for key in keys:
            if not _same(key, firm[key], record[key]):
                bad.setdefault(key, []).append((record["source_row"], firm[key], record[key]))
    assert bad == {}
    summary = roster.report.to_summary("en")
    assert summary["enterprises"] == len(firms)
    assert summary["revenue_total_wan"] == pytest.approx(truth.revenue_total_wan, abs=0.01)
    assert summary["by_city"] == truth.by_city
    assert summary["rejected"] == [] and summary["invalid_credit_codes"] == []
    assert _by_kind(summary["skipped"]) == truth.skipped
