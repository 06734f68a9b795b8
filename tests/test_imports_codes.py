"""Imports that name the village by its statistical division code (村代码): real xlsx and
CSV files. The code is matched first; a name beside it must agree; a code the township
does not have, one of the wrong shape, or one that names another village than the name
does is the row's message, and nothing is written."""

import pytest

from stations.models import Assignment, Pairing
from tests import factories as f
from tests.test_imports import check, counts, has_problem, make_csv, make_xlsx, problems, run
from villages.models import County, Household, Township, Village

pytestmark = pytest.mark.django_db

GAOSHI, BAISHUI, JINSHI = "430524201201", "430524201202", "430524101201"


@pytest.fixture
def coded(county, township_a, township_b, station_a, station_a2, station_b):
    """高石村 and 白水村 of 石门乡, 金石村 of 金石桥镇, each with its code."""
    County.objects.filter(pk=county.pk).update(code="430524")
    Township.objects.filter(pk=township_a.pk).update(code="430524201000")
    Township.objects.filter(pk=township_b.pk).update(code="430524101000")
    for station, code in ((station_a, GAOSHI), (station_a2, BAISHUI), (station_b, JINSHI)):
        Village.objects.filter(pk=station.village.pk).update(code=code)
    f.VillageGroupFactory(village=station_a.village, name="第一组")
    return {"gaoshi": station_a.village, "baishui": station_a2.village}


def _make(kind, tmp_path, rows):
    return make_xlsx(tmp_path, rows) if kind == "xlsx" else make_csv(tmp_path, rows)


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_households_by_code_alone_land_in_their_villages(
    tmp_path, coded, township_a, staff_a, kind
):
    rows = [
        ["村代码", "村民小组", "户主姓名", "联系电话"],
        [GAOSHI, "第一组", "张三", "13900000001"],
        [BAISHUI, "", "王五", ""],
    ]
    result = run("households", township_a, _make(kind, tmp_path, rows), staff_a)
    assert problems(result) == []
    assert counts(result) == (2, 0, 0)
    assert Household.objects.get(head_name="张三").village == coded["gaoshi"]
    assert Household.objects.get(head_name="王五").village == coded["baishui"]
    # The same file again changes nothing: the code finds the same households.
    result = run("households", township_a, _make(kind, tmp_path, rows), staff_a)
    assert counts(result) == (0, 0, 2)


def test_a_code_typed_as_a_number_and_a_name_that_agrees_are_accepted(
    tmp_path, coded, township_a, staff_a
):
    # Excel keeps a long number typed into a cell as a number: 430524201201 (an int).
    rows = [
        ["村", "统计用区划代码", "户主姓名"],
        ["高石", int(GAOSHI), "张三"],  # the name without its 村, as names alone may be
        ["白水村", f" {BAISHUI[:6]} {BAISHUI[6:]} ", "李四"],  # spaces pasted along
        ["白水村", "", "王五"],  # a blank code: the name alone, as before
    ]
    result = run("households", township_a, make_xlsx(tmp_path, rows), staff_a)
    assert problems(result) == []
    assert counts(result) == (3, 0, 0)
    assert Household.objects.get(head_name="张三").village == coded["gaoshi"]
    assert Household.objects.get(head_name="李四").village == coded["baishui"]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_wrong_code_gives_each_row_its_message_and_writes_nothing(
    tmp_path, coded, township_a, staff_a, kind
):
    rows = [
        ["村", "村代码", "户主姓名"],
        ["高石村", GAOSHI, "张三"],  # good
        ["高石村", BAISHUI, "李四"],  # another village's code than the name
        ["", "430524201299", "王五"],  # no such village
        ["", JINSHI, "赵六"],  # another township's village
        ["", "43052420120", "钱七"],  # eleven digits
        ["", "高石村", "孙八"],  # the name in the code's column
        ["", "", "周九"],  # neither
    ]
    result = run("households", township_a, _make(kind, tmp_path, rows), staff_a)
    assert has_problem(
        result,
        3,
        "村代码",
        "代码 430524201202 是白水村的，本行的村名却是“高石村”：请改正代码或村名。",
    )
    assert has_problem(result, 4, "村代码", "石门乡没有代码为 430524201299 的村。")
    assert has_problem(result, 5, "村代码", "石门乡没有代码为 430524101201 的村。")
    assert has_problem(result, 6, "村代码", "“43052420120”：统计用区划代码是 12 位数字")
    assert has_problem(result, 7, "村代码", "“高石村”：统计用区划代码是 12 位数字")
    assert has_problem(result, 8, "村", "必填")
    assert len(result.problems) == 6
    assert not Household.objects.exists()


def test_the_preview_says_the_same_and_writes_nothing(tmp_path, coded, township_a):
    rows = [["村代码", "户主姓名"], ["430524201299", "张三"]]
    result = check("households", township_a, make_csv(tmp_path, rows))
    assert problems(result) == ["2|村代码|石门乡没有代码为 430524201299 的村。"]
    assert not Household.objects.exists()


def test_a_file_with_neither_the_village_nor_its_code_is_refused(tmp_path, coded, township_a):
    result = check("households", township_a, make_xlsx(tmp_path, [["户主姓名"], ["张三"]]))
    assert has_problem(result, 1, "村", "缺少")


def test_pairings_take_the_villages_code_too(tmp_path, coded, township_a, staff_a):
    cadre = f.CadreFactory(township=township_a, name="李明", phone="13800000001")
    f.HouseholdFactory(village=coded["gaoshi"], head_name="张三")
    f.HouseholdFactory(village=coded["baishui"], head_name="张三")
    rows = [
        ["干部姓名", "村代码", "户主姓名", "开始日期"],
        ["李明", BAISHUI, "张三", "2026-03-01"],
    ]
    result = run("pairings", township_a, make_xlsx(tmp_path, rows), staff_a)
    assert problems(result) == []
    assert Pairing.objects.get(cadre=cadre).household.village == coded["baishui"]
    rows[1] = ["李明", "430524201299", "张三", "2026-04-01"]
    result = run("pairings", township_a, make_csv(tmp_path, rows), staff_a)
    assert problems(result) == ["2|村代码|石门乡没有代码为 430524201299 的村。"]
    assert Pairing.objects.count() == 1


@pytest.mark.parametrize("n", [2, 40])
def test_matching_by_code_costs_no_query_per_row(
    tmp_path, coded, township_a, n, django_assert_max_num_queries
):
    rows = [["村代码", "户主姓名"], *([GAOSHI, f"户主{k}"] for k in range(n))]
    path = make_xlsx(tmp_path, rows)
    with django_assert_max_num_queries(6):
        result = check("households", township_a, path)
    assert counts(result) == (n, 0, 0)


@pytest.mark.parametrize("kind", ["assignments", "roster"])
def test_assignments_and_rosters_find_the_station_by_its_villages_code(
    tmp_path, coded, township_a, staff_a, station_a2, kind
):
    f.CadreFactory(township=township_a, name="李明", phone="13800000001")
    header = ["干部姓名", "联系电话", "村代码", "工作站", "开始日期"]
    rows = [
        header,
        ["李明", "13800000001", BAISHUI, "", "2026-03-01"],
    ]
    result = run(kind, township_a, make_xlsx(tmp_path, rows), staff_a)
    assert problems(result) == []
    assert Assignment.objects.get(cadre__name="李明").station == station_a2
    # A station's name beside the code must be that village's station.
    rows = [
        header,
        ["李明", "13800000001", BAISHUI, "高石村", "2026-05-01"],
        ["李明", "13800000001", JINSHI, "", "2026-06-01"],
    ]
    result = run(kind, township_a, make_csv(tmp_path, rows), staff_a)
    assert problems(result) == [
        "2|村代码|代码 430524201202 是白水村的，本行的村名却是“高石村”：请改正代码或村名。",
        "3|村代码|石门乡没有代码为 430524101201 的村。",
    ]
    assert Assignment.objects.count() == 1
