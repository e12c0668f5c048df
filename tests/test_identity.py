import pandas as pd

from planning.importing.importer import import_rosters
from planning.reference.identity import firm_keys, shown_key
from tests.roster_files import FIRMS, simple_rows, write_xlsx


def test_a_firm_is_its_valid_code_else_its_folded_name():
    frame = pd.DataFrame({
        "credit_code": ["91110000600037341L", "91110000600037341A", None, None],
        "credit_code_status": ["valid", "bad_check", "missing", "missing"],
        "name": ["甲公司", "乙 公司", "ＡＢＣ Co", None],
    })
    keys = list(firm_keys(frame))
    assert keys == ["91110000600037341L", "name:乙公司", "name:abcco", None]
    assert [shown_key(k) for k in keys[:3]] == ["91110000600037341L", "乙公司", "abcco"]


def test_the_importer_merges_firms_by_the_same_identity(tmp_path):
    firms = FIRMS + [
        ("无代码 公司", None, "合肥市", None, None, 10, 5, None),
        ("无代码公司", "91110000600037341A", "合肥市", None, None, 12, 5, None),  # an invalid code: by name
    ]
    report = import_rosters([write_xlsx(tmp_path / "d.xlsx", simple_rows(firms))]).report
    duplicate = [n for n in report.rejected if n.kind == "reject.duplicate"]
    assert [(n.row, n.params["key"]) for n in duplicate] == [(6, "无代码公司")]
