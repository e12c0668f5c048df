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
