import pytest

from planning.reference import creditcode as cc

PUBLISHED_VALID = [
    "91110000600037341L",
    "9144030071526726XG",
    "91350100M000100Y43",
    "91310115MA1K3BTP2B",
    "91620105L015101280",
    "914403001922038216",
]


@pytest.mark.parametrize("code", PUBLISHED_VALID)
def test_published_codes_are_valid(code):
    assert cc.validate(code) == (code, cc.VALID)


def test_institution_code_is_valid_but_not_an_enterprise():
    assert cc.validate("121200004013590816")[1] == cc.NOT_ENTERPRISE


def test_check_character_matches_published_codes():
    for code in PUBLISHED_VALID:
        assert cc.check_character(code[:17]) == code[17]


@pytest.mark.parametrize(
    "raw, status",
    [
        ("91310115MA1H8R7C6D", cc.BAD_CHECK),  # published on a blog, check character is 7
        ("91110000600O37341L", cc.BAD_CHARSET),  # letter O is not in the alphabet
        ("9111000060003734", cc.BAD_LENGTH),
        ("91A10000600037341L", cc.BAD_STRUCTURE),  # positions 3-8 must be digits
        ("99110000600037341L", cc.BAD_STRUCTURE),  # authority 9 has no category 9
        ("110108000000016", cc.LEGACY_REGISTRATION),
        ("60003734-1", cc.ORGANIZATION_CODE),
        ("", cc.MISSING),
        (None, cc.MISSING),
    ],
)
def test_invalid_and_legacy_codes(raw, status):
    assert cc.validate(raw)[1] == status


def test_cleaning_full_width_spaces_and_case():
    assert cc.validate(" 9111 0000-6000 3734 1l ") == ("91110000600037341L", cc.VALID)
    assert cc.validate("９１１１００００６０００３７３４１Ｌ") == ("91110000600037341L", cc.VALID)


def test_numbers_from_excel_lost_digits():
    assert cc.validate(9.14403001922038e17)[1] == cc.LOST_DIGITS
    assert cc.validate("9.14403E+17")[1] == cc.LOST_DIGITS
    # a 15-digit registration number survives as a number
    assert cc.validate(110108000000016.0)[1] == cc.LEGACY_REGISTRATION


def test_individual_business_and_cooperative_flagged():
    body = "440300MA5D" + "00000"
    for prefix in ("92", "93"):
        first17 = prefix + body
        code = first17 + cc.check_character(first17)
        assert cc.classify(code) == cc.NOT_ENTERPRISE
        assert cc.category_of(code) == prefix


def test_lookalike_suggestion():
    assert cc.suggest_fix("91110000600O37341L") == "91110000600037341L"
    assert cc.suggest_fix("91310115MA1H8R7C6D") is None


def test_vectorised_matches_scalar_on_many_codes():
    import random

    rng = random.Random(7)
    codes = []
    for _ in range(2000):
        first17 = "91" + "".join(rng.choice("0123456789") for _ in range(6)) + \
            "".join(rng.choice(cc.ALPHABET) for _ in range(9))
        code = first17 + cc.check_character(first17)
        if rng.random() < 0.3:
            code = code[:17] + rng.choice(cc.ALPHABET)
        codes.append(code)
    batch = cc.classify_many(codes)
    for code, status in zip(codes, batch):
        expected = cc.VALID if cc.check_character(code[:17]) == code[17] else cc.BAD_CHECK
        assert status == expected


def test_org_code_check():
    assert cc.org_code_valid("600037341")
    assert cc.org_code_valid("71526726X")
    assert not cc.org_code_valid("600037342")


def test_org_codes_valid_over_a_column_agrees_with_one_at_a_time():
    import random
    from tests.synthetic_roster import make_credit_code
    rng = random.Random(11714)
    codes = [make_credit_code(rng, "91", "340100", modern=k % 2 == 0) for k in range(200)]
    broken = [c[:16] + ("0" if c[16] != "0" else "1") for c in codes[:50]]
    broken = [b + cc.check_character(b) for b in broken]
    both = codes + broken
    assert cc.org_codes_valid(both).tolist() == [cc.org_code_valid(c[8:17]) for c in both]
    assert cc.org_codes_valid(codes).all() and not cc.org_codes_valid(broken).any()
    assert cc.classify_many(broken) == [cc.VALID] * 50  # GB 32100 decides validity
