"""Register exports: xlsx that openpyxl opens and CSV with a BOM, Chinese headers
(English for English users), numbers as numbers, formulas neutralised, the
list's filters and the user's place respected, phones masked for supervisors."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from stations.models import Assignment
from tests import factories as f
from villages.exports import safe
from villages.models import HouseholdTag

pytestmark = pytest.mark.django_db

HOUSEHOLD_HEADERS = [
    "村（社区）",
    "村代码",
    "村民小组",
    "户主",
    "电话",
    "家庭人口",
    "住址",
    "标签",
    "结对干部",
    "最近走访",
]


def _code(village, code):
    """Give the village ``code``, and its township and county the codes it is made from."""
    township = village.township
    type(township.county).objects.filter(pk=township.county_id).update(code=code[:6])
    type(township).objects.filter(pk=township.pk).update(code=code[:9] + "000")
    type(village).objects.filter(pk=village.pk).update(code=code)


def _body(response):
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _xlsx(response):
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(_body(response))).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = _body(response)
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.fixture
def register(station_a, station_b, cadre_user):
    village = station_a.village
    _code(village, "430524201201")
    group = f.VillageGroupFactory(village=village, name="第一组")
    zhang = f.HouseholdFactory(
        village=village, group=group, head_name="张三", phone="13912345678", members=5
    )
    zhang.tags.add(*HouseholdTag.objects.filter(code__in=["hardship", "subsistence"]))
    f.PairingFactory(household=zhang, cadre=cadre_user.cadre)
    # Text a spreadsheet would run as a formula.
    f.HouseholdFactory(village=village, head_name="李四", address='=HYPERLINK("http://x")')
    f.HouseholdFactory(village=village, head_name="王五", address="@SUM(A1)")
    f.HouseholdFactory(village=village, head_name="赵六", address="-1+2")
    f.HouseholdFactory(village=village, head_name="钱七", address="\tcmd")
    f.HouseholdFactory(village=station_b.village, head_name="外乡户")
    return {"zhang": zhang, "group": group}


def test_the_household_export_opens_in_excel_with_chinese_headers(client, staff_a, register):
    client.force_login(staff_a)
    rows = _xlsx(client.get(reverse("villages:household_export", args=["xlsx"])))
    assert rows[0] == HOUSEHOLD_HEADERS
    by_name = {row[3]: row for row in rows[1:]}
    assert set(by_name) == {"张三", "李四", "王五", "赵六", "钱七"}  # not the other township's
    zhang = by_name["张三"]
    # The village's code is text beside its name (a number would show as 4.30524E+11).
    assert zhang[:6] == ["高石村", "430524201201", "第一组", "张三", "13912345678", 5]
    assert isinstance(zhang[5], int)
    assert zhang[7] == "困难户、低保户"
    assert zhang[8] == register["zhang"].pairings.get().cadre.name
    assert by_name["李四"][6] == '\'=HYPERLINK("http://x")'
    assert by_name["王五"][6] == "'@SUM(A1)"
    assert by_name["赵六"][6] == "'-1+2"
    assert by_name["钱七"][6] == "'\tcmd"


def test_the_csv_export_starts_with_a_bom_and_neutralises_formulas(client, staff_a, register):
    client.force_login(staff_a)
    rows = _csv(client.get(reverse("villages:household_export", args=["csv"])))
    assert rows[0] == HOUSEHOLD_HEADERS
    assert {row[1] for row in rows[1:]} == {"430524201201"}
    addresses = {row[3]: row[6] for row in rows[1:]}
    assert addresses["李四"] == '\'=HYPERLINK("http://x")'
    assert addresses["王五"] == "'@SUM(A1)"


def test_exports_respect_the_lists_filters(client, staff_a, register):
    client.force_login(staff_a)
    url = reverse("villages:household_export", args=["csv"])
    rows = _csv(client.get(url, {"q": "zs"}))
    assert [row[3] for row in rows[1:]] == ["张三"]
    rows = _csv(client.get(url, {"group": register["group"].pk}))
    assert [row[3] for row in rows[1:]] == ["张三"]


def test_an_export_filtered_on_another_townships_village_is_empty(
    client, staff_a, register, station_b
):
    client.force_login(staff_a)
    rows = _csv(
        client.get(
            reverse("villages:household_export", args=["csv"]), {"village": station_b.village_id}
        )
    )
    assert rows == [HOUSEHOLD_HEADERS]


def test_the_list_links_to_its_export_with_the_same_filters(client, staff_a, register):
    client.force_login(staff_a)
    response = client.get(reverse("villages:household_list"), {"q": "zs"})
    assert f'href="{reverse("villages:household_export", args=["xlsx"])}?q=zs"' in response.text
    assert f'href="{reverse("villages:household_export", args=["csv"])}?q=zs"' in response.text


def test_supervisors_get_masked_phones_in_exports(client, supervisor, register):
    client.force_login(supervisor)
    rows = _xlsx(client.get(reverse("villages:household_export", args=["xlsx"])))
    phones = {row[3]: row[4] for row in rows[1:]}
    assert phones["张三"] == "139****5678"
    assert "外乡户" in phones  # the whole county
    cadres = _csv(client.get(reverse("cadres:cadre_export", args=["csv"])))
    assert all("****" in row[2] for row in cadres[1:] if row[2])


def test_english_users_get_english_headers(client, staff_a, register):
    client.force_login(staff_a)
    client.cookies["django_language"] = "en"
    rows = _csv(client.get(reverse("villages:household_export", args=["csv"])))
    assert rows[0][:6] == [
        "Village",
        "Village code",
        "Village group",
        "Head of household",
        "Phone",
        "Number of members",
    ]


def test_every_register_exports_with_chinese_headers(
    client, staff_a, register, station_a, chief_user
):
    f.AssignmentFactory(
        cadre=f.CadreFactory(township=station_a.village.township, name="=老站长"),
        station=station_a,
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2024, 12, 31),
    )
    client.force_login(staff_a)
    expected = {
        "villages:village_export": [
            "乡镇（街道）",
            "名称",
            "统计用区划代码",
            "城乡分类代码",
            "村民小组",
            "群众工作站",
            "农户",
        ],
        "cadres:cadre_export": [
            "乡镇（街道）",
            "姓名",
            "电话",
            "工作单位",
            "职务",
            "职级类别",
            "所在工作站",
        ],
        "stations:station_export": ["乡镇（街道）", "村（社区）", "村代码", "名称", "派驻单位"],
        "stations:assignment_export": [
            "干部",
            "职务",
            "工作站",
            "村（社区）",
            "村代码",
            "角色",
            "开始日期",
            "结束日期",
            "暂离",
        ],
        "stations:pairing_export": [
            "干部",
            "农户",
            "村（社区）",
            "村代码",
            "村民小组",
            "开始日期",
            "结束日期",
        ],
    }
    for name, headers in expected.items():
        rows = _xlsx(client.get(reverse(name, args=["xlsx"])))
        assert rows[0][: len(headers)] == headers, name
        assert len(rows) > 1, name
    villages = _xlsx(client.get(reverse("villages:village_export", args=["xlsx"])))
    assert ["石门乡", "高石村", "430524201201", None, "第一组", "高石村群众工作站", 5] in villages
    stations = _xlsx(client.get(reverse("stations:station_export", args=["xlsx"])))
    assert stations[1][-3:] == [2, 5, 0]  # members, households, valid cards: numbers
    assignments = _xlsx(client.get(reverse("stations:assignment_export", args=["xlsx"])))
    old = next(row for row in assignments if row[0] == "'=老站长")
    assert old[4] == "430524201201"
    assert old[6:9] == [datetime.datetime(2020, 1, 1), datetime.datetime(2024, 12, 31), "否"]
    assert Assignment.objects.count() == 3


def test_safe_cells():
    assert safe("=1+1") == "'=1+1"
    assert safe("+8613912345678") == "'+8613912345678"
    assert safe("\r\n") == "'\r\n"
    assert safe("张三") == "张三"
    assert safe(5) == 5
    assert safe(None) == ""
    assert safe(datetime.date(2026, 1, 5)) == datetime.date(2026, 1, 5)


@pytest.mark.parametrize("n", [3, 30])
@pytest.mark.parametrize(
    "name",
    [
        "villages:village_export",
        "villages:household_export",
        "cadres:cadre_export",
        "stations:station_export",
        "stations:assignment_export",
        "stations:pairing_export",
    ],
)
def test_exports_run_a_fixed_number_of_queries(
    client, staff_a, station_a, n, name, django_assert_max_num_queries
):
    township = station_a.village.township
    hardship = HouseholdTag.objects.get(code="hardship")
    for _ in range(n):
        village = f.VillageFactory(township=township)
        station = f.StationFactory(village=village)
        f.VillageGroupFactory(village=village)
        household = f.HouseholdFactory(village=village)
        household.tags.add(hardship)
        cadre = f.CadreFactory(township=township)
        f.AssignmentFactory(cadre=cadre, station=station)
        f.PairingFactory(cadre=cadre, household=household)
    client.force_login(staff_a)
    # Two of them write the access log: the export, then its row count.
    with django_assert_max_num_queries(9):
        body = _body(client.get(reverse(name, args=["csv"])))
    assert body.count(b"\n") >= n + 1
