import pytest

from planning.reference.regions import region_index

REGIONS = region_index()


@pytest.mark.parametrize("text", ["合肥", "合肥市", "安徽省合肥市", "安徽合肥", "Hefei", "HEFEI", "hefei shi", " 合 肥 市 "])
def test_city_forms_resolve_to_canonical(text):
    resolution = REGIONS.resolve_city(text, "340000")
    assert resolution.region is not None and resolution.region.name == "合肥市"
    assert resolution.region.code == "340100"


def test_city_with_county_in_one_cell():
    resolution = REGIONS.resolve_city("合肥市肥西县")
    assert resolution.region.name == "合肥市" and resolution.rest == "肥西县"
    county = REGIONS.resolve_county(resolution.rest, resolution.region.code)
    assert county.region.name == "肥西县"


def test_county_short_form_within_city():
    assert REGIONS.resolve_county("肥西", "340100").region.code == "340123"
    assert REGIONS.resolve_county("巢湖", "340100").region.name == "巢湖市"


def test_county_typed_as_city_gives_its_city():
    resolution = REGIONS.resolve_city("肥西县")
    assert resolution.region.name == "合肥市" and resolution.how == "via_county"


def test_ambiguous_short_name_settled_by_province():
    # 朝阳 is a city in Liaoning; 朝阳区 is a district of Beijing (and of Changchun)
    assert REGIONS.resolve_city("朝阳", "210000").region.name == "朝阳市"
    county = REGIONS.resolve_county("朝阳区", None, "110000")
    assert county.region.name == "朝阳区" and county.region.province_code == "110000"


def test_unknown_city():
    assert REGIONS.resolve_city("火星市").region is None


def test_every_anhui_city_by_short_name_and_pinyin():
    cities = [r for r in REGIONS.by_code.values() if r.level == "city" and r.code.startswith("34")]
    assert len(cities) == 16
    for city in cities:
        assert REGIONS.resolve_city(city.short, "340000").region is city
        assert REGIONS.resolve_city(city.pinyin, "340000").region is city


def test_dominant_province():
    assert REGIONS.dominant_province(["合肥", "芜湖市", "Bengbu", "朝阳"]) == "340000"


@pytest.mark.parametrize("code, name", [("540481", "米林市"), ("540581", "错那市"), ("653228", "和康县"),
                                        ("653229", "和安县"), ("659012", "白杨市"), ("500157", "两江新区"),
                                        ("460302", "西沙区"), ("460303", "南沙区")])
def test_divisions_created_since_2021_are_in_force(code, name):
    region = REGIONS.by_code[code]
    assert region.name == name and region.level == "county"
    assert REGIONS.resolve_county(name, region.parent).region is region


@pytest.mark.parametrize("code", ["540422", "540530", "500105", "500112", "460321", "620201"])
def test_obsolete_and_invented_rows_are_gone(code):
    assert code not in REGIONS.by_code


def test_no_county_repeats_its_city():
    for region in REGIONS.by_code.values():
        parent = REGIONS.by_code.get(region.parent or "")
        if region.level == "county" and parent is not None and parent.level == "city":
            assert region.name != parent.name, region


@pytest.mark.parametrize("former, city, code, year", [
    ("米林县", "540400", "540481", "2023"),
    ("错那县", "540500", "540581", "2023"),
    ("渝北区", "500100", "500157", "2025"),
    ("横县", "450100", "450181", "2021"),
])
def test_former_county_names_resolve_to_the_unit_in_force(former, city, code, year):
    for within in (city, None):
        resolution = REGIONS.resolve_county(former, within, city[:2] + "0000")
        assert resolution.region.code == code
        assert resolution.renamed and resolution.alias.changed == year and resolution.alias.name == former


def test_current_name_is_not_reported_as_an_alias():
    resolution = REGIONS.resolve_county("米林市", "540400")
    assert resolution.region.code == "540481" and resolution.alias is None and not resolution.renamed


def test_former_name_shared_with_a_unit_in_force_elsewhere():
    # 江北区 was abolished in Chongqing (2025) but is still a district of Ningbo
    assert REGIONS.resolve_county("江北区", "330200").region.code == "330205"
    assert not REGIONS.resolve_county("江北区", "330200").renamed
    assert REGIONS.resolve_county("江北区", "500100").region.code == "500157"
    assert REGIONS.resolve_county("江北", None, "500000").region.code == "500157"


def test_other_names_of_a_unit_in_force_are_not_renames():
    for text in ("大柴旦行政区", "大柴旦行政委员会", "大柴旦"):
        resolution = REGIONS.resolve_county(text, "632800")
        assert resolution.region.code == "632857" and not resolution.renamed


def test_former_city_names():
    resolution = REGIONS.resolve_city("莱芜市", "370000")
    assert resolution.region.name == "济南市" and resolution.renamed
    resolution = REGIONS.resolve_city("山东省莱芜市钢城区")
    assert resolution.region.name == "济南市" and resolution.rest == "钢城区" and resolution.renamed
    assert REGIONS.resolve_county(resolution.rest, resolution.region.code).region.code == "370117"


def test_every_alias_points_to_a_unit_in_force_of_its_level():
    from planning.base.paths import template_path
    from planning.reference.regions import load_aliases

    aliases = load_aliases(template_path("regions", "gb2260_aliases.csv"))
    assert len(aliases) > 100
    for alias in aliases:
        region = REGIONS.by_code[alias.code]
        assert region.level == alias.level and alias.name != region.name
        assert alias.former_code not in REGIONS.by_code or alias.former_code == alias.code
