"""GB 11714: the organisation code inside a credit code (characters 9-17) has its own check digit. A code
valid under GB 32100 whose embedded code fails that check is imported as valid, with a warning."""

from __future__ import annotations

import random

from planning.importing.importer import import_rosters
from planning.importing.quality_report import WARNING
from planning.reference import creditcode
from tests.synthetic_roster import make_credit_code


def _with_wrong_org_check(code: str) -> str:
    first17 = code[:16] + ("1" if code[16] != "1" else "2")
    return first17 + creditcode.check_character(first17)


def test_embedded_organisation_code_with_a_wrong_check_digit_is_a_warning(tmp_path):
    rng = random.Random(32100)
    good = [make_credit_code(rng, "91", "340104", modern=True) for _ in range(3)]
    bad = _with_wrong_org_check(good[1])
    assert creditcode.classify(bad) == creditcode.VALID and not creditcode.org_code_valid(bad[8:17])
    path = tmp_path / "roster.csv"
    rows = ["企业名称,统一社会信用代码,所属地市", f"甲有限公司,{good[0]},合肥市", f"乙有限公司,{bad},合肥市",
            f"丙有限公司,{good[2]},合肥市"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    roster = import_rosters([path])
    assert roster.frame["credit_code"].tolist() == [good[0], bad, good[2]]
    assert roster.frame["credit_code_status"].tolist() == [creditcode.VALID] * 3
    (issue,) = roster.report.issues
    assert (issue.row, issue.field, issue.kind, issue.severity) == (3, "credit_code", "cc.org_code_check", WARNING)
    assert issue.params["org"] == bad[8:17] and issue.raw == bad
    assert bad[8:17] in issue.message("zh") and "GB 11714" in issue.message("en")


def test_codes_built_by_the_synthetic_roster_raise_no_warning(tmp_path):
    rng = random.Random(11714)
    codes = [make_credit_code(rng, "91", "340104", modern=k % 2 == 0) for k in range(20)]
    path = tmp_path / "roster.csv"
    path.write_text("企业名称,统一社会信用代码\n" + "".join(f"企业{k}有限公司,{c}\n" for k, c in enumerate(codes)),
                    encoding="utf-8")
    assert not import_rosters([path]).report.issues
