"""Official division codes on places: each rule checked, with a Chinese message and nothing
written; unique when given, blank allowed many times; shown in the registers and the
exports; the demo's and the bench's codes well formed."""

import csv
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests import factories as f
from villages import validators
from villages.models import County, Township, Village
from visits.demo import data as demo_data
from visits.demo.places import division_codes

pytestmark = pytest.mark.django_db

COUNTY = "430524"
TOWNSHIP = "430524201000"
VILLAGE = "430524201201"


def coded(county, township, village=None):
    """Codes on the fixtures' places, written past the checks (as a data migration would)."""
    County.objects.filter(pk=county.pk).update(code=COUNTY)
    Township.objects.filter(pk=township.pk).update(code=TOWNSHIP)
    if village is not None:
        Village.objects.filter(pk=village.pk).update(code=VILLAGE)
    county.refresh_from_db()
    township.refresh_from_db()


def messages_of(error):
    return [str(m) for m in error.messages]


# The rules, one by one ----------------------------------------------------------------


@pytest.mark.parametrize("value", ["43052", "4305241", "43052a", "４３０５２４", "430 524"])
def test_a_county_code_is_six_ascii_digits(value):
    with pytest.raises(ValidationError) as error:
        validators.validate_county_code(value)
    assert messages_of(error.value) == ["县的区划代码是 6 位数字（GB/T 2260），如 430524。"]


def test_good_and_blank_codes_pass():
    validators.validate_county_code("430524")
    validators.validate_county_code("")
    validators.validate_division_code("430524201201")
    validators.validate_township_code(TOWNSHIP, COUNTY)
    validators.validate_village_code(VILLAGE, TOWNSHIP)
    validators.validate_urban_rural_code("220")
    validators.validate_urban_rural_code("")


@pytest.mark.parametrize("value", ["43052420100", "4305242010001", "43052420100O", "4305-2420100"])
def test_a_statistical_code_is_twelve_ascii_digits(value):
    with pytest.raises(ValidationError) as error:
        validators.validate_division_code(value)
    assert messages_of(error.value) == ["统计用区划代码是 12 位数字，如 430524101201。"]


def test_full_width_digits_and_spaces_are_normalised():
    assert validators.normalise_code(" ４３０５２４ 201 201 ") == VILLAGE


@pytest.mark.parametrize(
    ("code", "county", "message"),
    [
        ("430525201000", COUNTY, "乡镇的代码应以所属县的代码 430524 开头。"),
        ("430524201001", COUNTY, "乡镇的代码以 000 结尾"),
        ("430524000000", COUNTY, "第 7 至 9 位（乡镇自己的三位）不能是 000"),
        (TOWNSHIP, "", "请先给所属县填写 6 位区划代码"),
    ],
)
def test_a_townships_code_sits_in_its_county(code, county, message):
    with pytest.raises(ValidationError) as error:
        validators.validate_township_code(code, county)
    assert message in messages_of(error.value)[0]


@pytest.mark.parametrize(
    ("code", "township", "message"),
    [
        ("430524202201", TOWNSHIP, "村的代码应以所属乡镇代码的前 9 位 430524201 开头。"),
        ("430524201000", TOWNSHIP, "村的代码不能以 000 结尾"),
        (VILLAGE, "", "请先给所属乡镇填写 12 位代码"),
    ],
)
def test_a_villages_code_sits_in_its_township(code, township, message):
    with pytest.raises(ValidationError) as error:
        validators.validate_village_code(code, township)
    assert message in messages_of(error.value)[0]


@pytest.mark.parametrize("value", ["100", "211", "22", "2200", "村庄"])
def test_the_urban_rural_code_is_one_of_the_list(value):
    with pytest.raises(ValidationError) as error:
        validators.validate_urban_rural_code(value)
    assert messages_of(error.value) == ["城乡分类代码应为 111、112、121、122、123、210、220 之一。"]


def test_the_model_checks_a_village_against_its_township(county, township_a, station_a):
    coded(county, township_a)
    village = station_a.village
    village.code, village.urban_rural_code = "430524202201", "999"
    with pytest.raises(ValidationError) as error:
        village.full_clean()
    assert error.value.message_dict == {
        "code": ["村的代码应以所属乡镇代码的前 9 位 430524201 开头。"],
        "urban_rural_code": ["城乡分类代码应为 111、112、121、122、123、210、220 之一。"],
    }
    village.code, village.urban_rural_code = VILLAGE, "220"
    village.full_clean()


def test_a_code_already_taken_is_the_code_fields_error(county, township_a, station_a, station_a2):
    coded(county, township_a, station_a.village)
    other = station_a2.village
    other.code = VILLAGE
    with pytest.raises(ValidationError) as error:
        other.full_clean()
    assert error.value.message_dict == {"code": ["已有别的村使用这个统计用区划代码。"]}


def test_a_parents_code_stays_while_places_under_it_carry_codes(county, township_a, station_a):
    coded(county, township_a, station_a.village)
    county.code = "430525"
    with pytest.raises(ValidationError) as error:
        county.full_clean()
    assert "下辖已有 1 处地方的代码以 430524 开头" in error.value.message_dict["code"][0]
    township_a.code = "430524202000"
    with pytest.raises(ValidationError) as error:
        township_a.full_clean()
    assert "以 430524201 开头" in error.value.message_dict["code"][0]


# The database ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "code"),
    [
        (County, "43052"),
        (County, "43052x"),
        (Township, "43052420100x"),
        (Township, "4305242010"),
        (Village, "43052420120١"),  # an Arabic-Indic digit: a digit to Python, not to GLOB
    ],
)
def test_the_database_refuses_a_code_of_the_wrong_shape(county, township_a, station_a, model, code):
    row = {County: county, Township: township_a, Village: station_a.village}[model]
    with transaction.atomic(), pytest.raises(IntegrityError):
        model.objects.filter(pk=row.pk).update(code=code)
    row.refresh_from_db()
    assert row.code == ""


def test_the_database_refuses_an_unknown_urban_rural_code(station_a):
    with transaction.atomic(), pytest.raises(IntegrityError):
        Village.objects.filter(pk=station_a.village.pk).update(urban_rural_code="999")


def test_codes_are_unique_and_blanks_are_not_codes(county, township_a, township_b):
    coded(county, township_a)
    # Many places without a code yet.
    for _ in range(3):
        f.VillageFactory(township=township_a)
        f.TownshipFactory(county=county)
        f.CountyFactory()
    f.VillageFactory(township=township_a, code=VILLAGE)
    with transaction.atomic(), pytest.raises(IntegrityError):
        f.VillageFactory(township=township_b, code=VILLAGE)
    with transaction.atomic(), pytest.raises(IntegrityError):
        Township.objects.filter(pk=township_b.pk).update(code=TOWNSHIP)
    with transaction.atomic(), pytest.raises(IntegrityError):
        f.CountyFactory(code=COUNTY)
    assert Village.objects.filter(code="").count() == 3


# The village form and the admin: a message, never a 500, nothing changed ----------------


def _village_form(name, **fields):
    return {
        "name": name,
        "groups-TOTAL_FORMS": 0,
        "groups-INITIAL_FORMS": 0,
        "groups-MIN_NUM_FORMS": 0,
        "groups-MAX_NUM_FORMS": 1000,
        **fields,
    }


def test_staff_give_a_village_its_code(client, staff_a, county, township_a, station_a):
    coded(county, township_a)
    client.force_login(staff_a)
    url = reverse("villages:village_edit", args=[station_a.village.pk])
    response = client.post(
        url, _village_form("高石村", code="４３０５２４ ２０１２０１", urban_rural_code="210")
    )
    assert response.status_code == 302
    village = Village.objects.get(pk=station_a.village.pk)
    assert (village.code, village.urban_rural_code) == (VILLAGE, "210")
    page = client.get(reverse("villages:village_detail", args=[village.pk]))
    assert '区划代码 <span class="code">430524201201</span>' in page.text
    assert "城乡分类 210 乡中心区" in page.text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"code": "43052420120"}, "统计用区划代码是 12 位数字"),
        ({"code": "430524202201"}, "村的代码应以所属乡镇代码的前 9 位 430524201 开头。"),
        ({"code": "430524201000"}, "村的代码不能以 000 结尾"),
        ({"code": "4305242012011"}, "12"),  # longer than the field
        ({"code": "=1+1"}, "统计用区划代码是 12 位数字"),
        ({"urban_rural_code": "999"}, "999"),  # the choice field names the value it refuses
        ({"code": "taken"}, "已有别的村使用这个统计用区划代码。"),
    ],
)
def test_a_bad_code_on_the_form_is_explained_and_changes_nothing(
    client, staff_a, county, township_a, station_a, station_a2, fields, message
):
    coded(county, township_a, station_a2.village)
    if fields.get("code") == "taken":
        fields = {"code": VILLAGE}
    client.force_login(staff_a)
    url = reverse("villages:village_edit", args=[station_a.village.pk])
    response = client.post(url, _village_form("高石村改", **fields))
    assert response.status_code == 200
    assert message in response.text
    village = Village.objects.get(pk=station_a.village.pk)
    assert (village.name, village.code, village.urban_rural_code) == ("高石村", "", "")


def test_a_township_without_a_code_is_named_in_the_message(client, staff_a, station_a):
    client.force_login(staff_a)
    response = client.post(reverse("villages:village_create"), _village_form("新村", code=VILLAGE))
    assert response.status_code == 200
    assert "请先给所属乡镇填写 12 位代码" in response.text
    assert not Village.objects.filter(name="新村").exists()


def test_the_admin_explains_a_bad_township_code(admin_client, county, township_a):
    coded(county, township_a)
    url = reverse("admin:villages_township_change", args=[township_a.pk])
    data = {
        "county": county.pk,
        "name": township_a.name,
        "code": "430525201000",
        "contacts-TOTAL_FORMS": 0,
        "contacts-INITIAL_FORMS": 0,
        "errand_guides-TOTAL_FORMS": 0,
        "errand_guides-INITIAL_FORMS": 0,
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "乡镇的代码应以所属县的代码 430524 开头。" in response.text
    township_a.refresh_from_db()
    assert township_a.code == TOWNSHIP
    response = admin_client.post(url, {**data, "code": "430524202000"})
    assert response.status_code == 302
    township_a.refresh_from_db()
    assert township_a.code == "430524202000"


def test_the_admin_lists_and_finds_places_by_code(admin_client, county, township_a, station_a):
    coded(county, township_a, station_a.village)
    villages = admin_client.get(reverse("admin:villages_village_changelist"), {"q": "430524201"})
    assert VILLAGE in villages.text and "高石村" in villages.text
    counties = admin_client.get(reverse("admin:villages_county_changelist"), {"q": COUNTY})
    assert "隆回县" in counties.text
    townships = admin_client.get(reverse("admin:villages_township_changelist"), {"q": "4305242"})
    assert TOWNSHIP in townships.text


# Shown in the registers and the exports ---------------------------------------------------


def test_the_village_list_shows_each_villages_code(
    client, supervisor, county, township_a, station_a
):
    coded(county, township_a, station_a.village)
    client.force_login(supervisor)
    response = client.get(reverse("villages:village_list"))
    assert f'<td class="code">{VILLAGE}</td>' in response.text


def test_the_overviews_show_the_county_and_township_codes(
    client, supervisor, county, township_a, township_b
):
    coded(county, township_a)
    client.force_login(supervisor)
    page = client.get(reverse("supervision:county_overview", args=[county.pk]))
    assert f'<span class="code">{COUNTY}</span>' in page.text
    assert f'<td class="code">{TOWNSHIP}</td>' in page.text
    page = client.get(reverse("supervision:township_overview", args=[township_a.pk]))
    assert f'<span class="code">{TOWNSHIP}</span>' in page.text


@pytest.mark.parametrize("n", [2, 20])
def test_codes_cost_the_village_list_no_query(
    client, staff_a, county, township_a, n, django_assert_max_num_queries
):
    coded(county, township_a)
    for k in range(n):
        f.StationFactory(village=f.VillageFactory(township=township_a, code=f"430524201{k + 201}"))
    client.force_login(staff_a)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("villages:village_list"))
    assert response.text.count('<td class="code">430524201') == n


def test_the_village_export_carries_the_codes(client, staff_a, county, township_a, station_a):
    coded(county, township_a, station_a.village)
    Village.objects.filter(pk=station_a.village.pk).update(urban_rural_code="220")
    client.force_login(staff_a)
    response = client.get(reverse("villages:village_export", args=["xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][:4] == ["乡镇（街道）", "名称", "统计用区划代码", "城乡分类代码"]
    assert rows[1][:4] == ["石门乡", "高石村", VILLAGE, "220"]
    assert isinstance(rows[1][2], str)  # text: Excel would show a number as 4.30524E+11
    response = client.get(reverse("villages:village_export", args=["csv"]))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(body)))[1][:4] == ["石门乡", "高石村", VILLAGE, "220"]


# The demo's and the bench's codes -------------------------------------------------------------


def _check_codes(county_code, townships):
    codes = division_codes(county_code, townships)
    validators.validate_county_code(county_code)
    everything = []
    for township_code, village_codes in codes.values():
        validators.validate_division_code(township_code)
        validators.validate_township_code(township_code, county_code)
        for code in village_codes:
            validators.validate_division_code(code)
            validators.validate_village_code(code, township_code)
        everything += [township_code, *village_codes]
    assert len(everything) == len(set(everything))
    return codes


def test_the_demo_codes_are_well_formed_and_unique():
    codes = _check_codes(demo_data.COUNTY_CODE, demo_data.TOWNSHIPS)
    assert demo_data.COUNTY_CODE == "430524"  # 隆回县 in GB/T 2260
    assert codes["石门乡"][0] == "430524201000"  # the first 乡
    assert codes["金石桥镇"][0] == "430524101000"  # the first 镇
    assert codes["石门乡"][1][:2] == ["430524201201", "430524201202"]


def test_the_bench_county_gets_well_formed_unique_codes(monkeypatch):
    import sys
    from pathlib import Path

    monkeypatch.setattr(demo_data, "TOWNSHIPS", list(demo_data.TOWNSHIPS))
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent / "bench"))
    sys.modules.pop("_county", None)
    import _county

    _county.grow_the_county()
    assert len(demo_data.TOWNSHIPS) == _county.COUNTY_TOWNSHIPS
    _check_codes(demo_data.COUNTY_CODE, demo_data.TOWNSHIPS)


def test_too_many_townships_for_their_codes_is_said_not_wrapped():
    with pytest.raises(ValueError, match="more townships or villages"):
        division_codes(COUNTY, [(f"乡{k}", "乡", ["村"]) for k in range(200)])


def test_the_supervision_exports_carry_the_codes(client, supervisor, county, township_a, station_a):
    coded(county, township_a, station_a.village)
    client.force_login(supervisor)
    url = reverse("supervision:supervision_county_export", args=[county.pk, "csv"])
    body = b"".join(client.get(url).streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:2] == ["乡镇", "乡镇代码"]
    assert [township_a.name, TOWNSHIP] in [row[:2] for row in rows[1:]]
    url = reverse("supervision:supervision_township_export", args=[township_a.pk, "csv"])
    body = b"".join(client.get(url).streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:3] == ["工作站", "村", "村代码"]
    assert rows[1][1:3] == ["高石村", VILLAGE]
