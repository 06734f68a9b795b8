"""Excel import of households, cadres, assignments and pairings: real files, built here.

Each broken file must give row-level Chinese messages and write nothing; a
good file must land in the register, and the same file twice changes nothing.
"""

import csv
import datetime
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from cadres.models import Cadre
from stations.models import Assignment, Pairing
from tests import factories as f
from villages.imports import service
from villages.models import Household, HouseholdTag
from villages.pinyin import search_key

pytestmark = pytest.mark.django_db

HOUSEHOLDS = ["村", "村民小组", "户主姓名", "联系电话", "家庭人口", "住址", "标签"]
CADRES = ["姓名", "联系电话", "工作单位", "职务", "职级类别"]
ASSIGNMENTS = ["干部姓名", "联系电话", "工作站", "职务", "开始日期", "结束日期"]
PAIRINGS = ["干部姓名", "干部电话", "村", "户主姓名", "户主电话", "开始日期"]

GOOD_HOUSEHOLDS = [
    HOUSEHOLDS,
    ["高石村", "第一组", "张三", "13900000001", 4, "高石村一组12号", "困难户、低保户"],
    ["高石村", "2组", "李四", "", 2, "", ""],
    ["白水村", "", "王五", "0739-5234567", "", "", "老党员"],
]


# Files, written to tmp_path the way a clerk's Excel would


def make_xlsx(tmp_path, rows, name="import.xlsx", *, title=None):
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def make_csv(tmp_path, rows, *, encoding="utf-8", name="import.csv", delimiter=","):
    path = tmp_path / name
    with path.open("w", encoding=encoding, newline="") as out:
        csv.writer(out, delimiter=delimiter).writerows(rows)
    return path


def check(kind, township, path):
    return service.preview(
        kind=service.KINDS[kind], township=township, data=path.read_bytes(), filename=path.name
    )


def run(kind, township, path, user):
    return service.apply(
        kind=service.KINDS[kind],
        township=township,
        user=user,
        data=path.read_bytes(),
        filename=path.name,
    )


def problems(result):
    """Each problem as 'row|column|message' (row 0 for the whole file)."""
    return [f"{p.row or 0}|{p.column}|{p.message}" for p in result.problems]


def has_problem(result, row, column, text):
    return any(
        (p.row or 0) == row and p.column == column and text in p.message for p in result.problems
    )


def counts(result):
    return result.created, result.updated, result.unchanged


@pytest.fixture
def places(station_a, station_a2, station_b):
    """高石村 (groups 第一组, 第二组) and 白水村 in township A; 金石村 in township B."""
    f.VillageGroupFactory(village=station_a.village, name="第一组")
    f.VillageGroupFactory(village=station_a.village, name="第二组")
    return station_a.village


def tag_codes(household):
    return {tag.code for tag in household.tags.all()}


# Households


def test_a_good_household_file_lands_in_the_register(tmp_path, places, township_a, staff_a):
    result = run("households", township_a, make_xlsx(tmp_path, GOOD_HOUSEHOLDS), staff_a)

    assert problems(result) == []
    assert counts(result) == (3, 0, 0)
    zhang = Household.objects.get(head_name="张三")
    assert (zhang.village.name, zhang.group.name) == ("高石村", "第一组")
    assert (zhang.phone, zhang.members, zhang.address) == ("13900000001", 4, "高石村一组12号")
    assert tag_codes(zhang) == {"hardship", "subsistence"}
    assert zhang.name_pinyin == search_key("张三")
    li = Household.objects.get(head_name="李四")
    assert (li.group.name, li.phone, li.members, tag_codes(li)) == ("第二组", "", 2, set())
    wang = Household.objects.get(head_name="王五")
    assert (wang.village.name, wang.group, wang.members) == ("白水村", None, 1)
    assert tag_codes(wang) == {"veteran"}
    # The pinyin search of the visit form finds imported households.
    assert list(Household.objects.search("zs")) == [zhang]
    # Bulk writes still leave a history, with who imported and the tags of the time.
    record = zhang.history.get()
    assert record.history_user == staff_a
    assert {t.householdtag.code for t in record.tags.all()} == {"hardship", "subsistence"}


def _register():
    return sorted(
        (
            h.village_id,
            h.group_id,
            h.head_name,
            h.phone,
            h.members,
            h.address,
            *sorted(tag_codes(h)),
        )
        for h in Household.objects.all()
    )


def test_the_same_household_file_twice_changes_nothing(tmp_path, places, township_a, staff_a):
    path = make_xlsx(tmp_path, GOOD_HOUSEHOLDS)
    run("households", township_a, path, staff_a)
    register, history = _register(), Household.history.count()

    again = check("households", township_a, path)
    assert counts(again) == (0, 0, 3)
    assert again.summary() == "新增0条，修改0条，未变3条。"
    assert counts(run("households", township_a, path, staff_a)) == (0, 0, 3)
    assert _register() == register
    assert Household.history.count() == history


def test_a_later_file_updates_the_households_it_matches(tmp_path, places, township_a, staff_a):
    run("households", township_a, make_xlsx(tmp_path, GOOD_HOUSEHOLDS), staff_a)
    later = [
        HOUSEHOLDS,
        ["高石村", "第一组", "张三", "13900000001", 5, "高石村一组12号", "困难户"],
        ["高石村", "第二组", "李四", "13900000002", 2, "", ""],  # the phone is filled in
        ["白水村", "", "王五", "0739-5234567", "", "", "老党员"],
    ]
    result = run("households", township_a, make_xlsx(tmp_path, later, "later.xlsx"), staff_a)

    assert counts(result) == (0, 2, 1)
    assert Household.objects.count() == 3
    zhang = Household.objects.get(head_name="张三")
    assert (zhang.members, tag_codes(zhang)) == (5, {"hardship"})
    assert Household.objects.get(head_name="李四").phone == "13900000002"
    assert zhang.history.count() == 2


def test_a_file_without_the_optional_columns_keeps_what_the_register_holds(
    tmp_path, places, township_a, staff_a
):
    run("households", township_a, make_xlsx(tmp_path, GOOD_HOUSEHOLDS), staff_a)
    short = [["村", "户主姓名"], ["高石村", "张三"], ["高石村", "李四"]]
    result = run("households", township_a, make_xlsx(tmp_path, short, "short.xlsx"), staff_a)

    assert counts(result) == (0, 0, 2)
    zhang = Household.objects.get(head_name="张三")
    assert (zhang.phone, zhang.address, tag_codes(zhang)) == (
        "13900000001",
        "高石村一组12号",
        {"hardship", "subsistence"},
    )


def test_namesakes_are_told_apart_by_phone_and_group(tmp_path, places, township_a, staff_a):
    rows = [
        HOUSEHOLDS,
        ["高石村", "第一组", "刘强", "13900000011", 3, "", ""],
        ["高石村", "第一组", "刘强", "13900000012", 3, "", ""],
        ["高石村", "第一组", "陈红", "", 3, "", ""],
        ["高石村", "第二组", "陈红", "", 3, "", ""],
    ]
    path = make_xlsx(tmp_path, rows)
    assert counts(run("households", township_a, path, staff_a)) == (4, 0, 0)
    assert counts(run("households", township_a, path, staff_a)) == (0, 0, 4)

    vague = [HOUSEHOLDS, ["高石村", "", "刘强", "", "", "", ""]]
    result = check("households", township_a, make_xlsx(tmp_path, vague, "vague.xlsx"))
    assert has_problem(result, 2, "户主姓名", "有多户户主叫“刘强”")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_files_in_each_encoding_excel_saves_are_read(
    tmp_path, places, township_a, staff_a, encoding
):
    path = make_csv(tmp_path, GOOD_HOUSEHOLDS, encoding=encoding)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    if encoding == "gb18030":
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")

    result = run("households", township_a, path, staff_a)

    assert problems(result) == []
    assert counts(result) == (3, 0, 0)
    zhang = Household.objects.get(head_name="张三")
    assert (zhang.group.name, zhang.members) == ("第一组", 4)
    assert tag_codes(zhang) == {"hardship", "subsistence"}


def test_excel_unicode_text_is_read_too(tmp_path, places, township_a, staff_a):
    path = make_csv(tmp_path, GOOD_HOUSEHOLDS, encoding="utf-16", name="农户.txt", delimiter="\t")
    assert counts(run("households", township_a, path, staff_a)) == (3, 0, 0)


def test_a_title_row_above_the_header_and_english_headers_are_accepted(
    tmp_path, places, township_a, staff_a
):
    english = ["Village", "Village group", "Head of household", "Phone", "Members"]
    rows = [english, ["高石村", "第一组", "张三", "13900000001", 4]]
    path = make_xlsx(tmp_path, rows, title="石门乡农户花名册")
    result = run("households", township_a, path, staff_a)
    assert problems(result) == []
    assert Household.objects.get().members == 4


def test_numbers_and_dates_typed_into_number_cells_are_read(tmp_path, places, township_a, staff_a):
    rows = [HOUSEHOLDS, ["高石村", "第一组", "张 三", 13900000001, "4人", "", "低保,困难户"]]
    result = run("households", township_a, make_xlsx(tmp_path, rows), staff_a)
    assert problems(result) == []
    zhang = Household.objects.get()
    assert (zhang.head_name, zhang.phone, zhang.members) == ("张三", "13900000001", 4)
    assert tag_codes(zhang) == {"hardship", "subsistence"}


BROKEN_HOUSEHOLDS = {
    # An unknown column is left out with a note: tests/test_imports_township_sheets.py.
    "missing header": (
        [["村", "村民小组", "联系电话"], ["高石村", "第一组", "13900000001"]],
        (1, "户主姓名", "缺少此必填列"),
    ),
    "bad phone": (
        [HOUSEHOLDS, GOOD_HOUSEHOLDS[1], ["高石村", "", "赵六", "12345", 1, "", ""]],
        (3, "联系电话", "“12345”：请填写 11 位手机号"),
    ),
    "unknown village": (
        [HOUSEHOLDS, ["黑石村", "", "赵六", "", 1, "", ""]],
        (2, "村", "石门乡没有“黑石村”这个村"),
    ),
    "village of the other township": (
        [HOUSEHOLDS, GOOD_HOUSEHOLDS[1], ["金石村", "", "赵六", "", 1, "", ""]],
        (3, "村", "石门乡没有“金石村”这个村"),
    ),
    "duplicate rows": (
        [HOUSEHOLDS, GOOD_HOUSEHOLDS[1], GOOD_HOUSEHOLDS[2], GOOD_HOUSEHOLDS[1]],
        (4, "户主姓名", "与第2行重复"),
    ),
    "formula": (
        [HOUSEHOLDS, ["高石村", "第一组", "张三", "", "=1+2", "", ""]],
        (2, "家庭人口", "公式"),
    ),
    "empty required cell": (
        [HOUSEHOLDS, ["高石村", "第一组", "", "13900000001", 1, "", ""]],
        (2, "户主姓名", "此项必填"),
    ),
    "unknown group": (
        [HOUSEHOLDS, ["高石村", "第九组", "赵六", "", 1, "", ""]],
        (2, "村民小组", "高石村没有“第九组”这个村民小组"),
    ),
    "unknown tag": (
        [HOUSEHOLDS, ["高石村", "", "赵六", "", 1, "", "困难户、贫困户"]],
        (2, "标签", "无法识别“贫困户”"),
    ),
    "bad number of members": (
        [HOUSEHOLDS, ["高石村", "", "赵六", "", "三口", "", ""]],
        (2, "家庭人口", "“三口”不是1到99之间的整数"),
    ),
    "header only": ([HOUSEHOLDS], (1, "", "表头下面没有数据行")),
}


@pytest.mark.parametrize("case", BROKEN_HOUSEHOLDS)
def test_a_broken_household_file_says_where_and_writes_nothing(
    tmp_path, places, township_a, staff_a, case
):
    rows, (row, column, text) = BROKEN_HOUSEHOLDS[case]
    result = run("households", township_a, make_xlsx(tmp_path, rows), staff_a)

    assert not result.ok
    assert has_problem(result, row, column, text), problems(result)
    assert Household.objects.count() == 0


def test_every_problem_of_a_file_is_listed(tmp_path, places, township_a, staff_a):
    rows = [
        HOUSEHOLDS,
        GOOD_HOUSEHOLDS[1],
        ["黑石村", "", "赵六", "12345", 1, "", ""],
        ["高石村", "", "", "", "=A1", "", "贫困户"],
        GOOD_HOUSEHOLDS[1],
    ]
    result = check("households", township_a, make_xlsx(tmp_path, rows))
    assert [(p.row, p.column) for p in result.problems] == [
        (3, "村"),
        (3, "联系电话"),
        (4, "家庭人口"),
        (4, "户主姓名"),
        (4, "标签"),
        (5, "户主姓名"),
    ]


@pytest.mark.parametrize(
    ("name", "data", "text"),
    [
        ("empty.xlsx", b"", "文件是空的"),
        ("empty.csv", b"\xef\xbb\xbf\r\n", "文件是空的"),
        ("renamed.xlsx", "村,户主姓名\n高石村,张三\n".encode(), "不是有效的Excel工作簿"),
        ("photo.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "不是有效的Excel工作簿"),
        ("locked.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "可能设有密码"),
        ("photo.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "不是CSV文本文件"),
        ("report.pdf", b"%PDF-1.7\n", "请选择Excel工作簿"),
    ],
)
def test_files_that_are_no_sheet_get_a_clear_message(
    tmp_path, places, township_a, staff_a, name, data, text
):
    path = tmp_path / name
    path.write_bytes(data)
    result = run("households", township_a, path, staff_a)
    assert [(p.row, p.column) for p in result.problems] == [(None, "")]
    assert text in result.problems[0].message
    assert Household.objects.count() == 0


def test_a_broken_zip_and_a_zip_that_is_no_workbook_are_refused(
    tmp_path, places, township_a, staff_a
):
    good = make_xlsx(tmp_path, GOOD_HOUSEHOLDS).read_bytes()
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(good[: len(good) // 2])
    other = tmp_path / "document.xlsx"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    for path in (truncated, other):
        result = run("households", township_a, path, staff_a)
        assert "不是有效的Excel工作簿" in result.problems[0].message
    assert Household.objects.count() == 0


def test_a_workbook_without_rows_is_empty(tmp_path, places, township_a, staff_a):
    result = run("households", township_a, make_xlsx(tmp_path, []), staff_a)
    assert problems(result) == ["0||文件是空的。"]


def test_too_many_rows_are_refused(tmp_path, places, township_a, staff_a, settings):
    settings.IMPORT_MAX_ROWS = 2
    result = run("households", township_a, make_xlsx(tmp_path, GOOD_HOUSEHOLDS), staff_a)
    assert problems(result) == ["0||文件超过2行：请拆分成几个较小的文件。"]
    assert Household.objects.count() == 0


def test_the_template_reads_back_as_a_valid_empty_import(tmp_path, places, township_a):
    for kind in service.KINDS.values():
        path = tmp_path / f"{kind.slug}.xlsx"
        path.write_bytes(service.template_workbook(kind))
        sheet = load_workbook(path).worksheets[0]
        assert [c.value for c in sheet[1]] == [column.zh for column in kind.columns]
        result = check(kind.slug, township_a, path)
        assert problems(result) == ["1||表头下面没有数据行。"]


# Cadres


GOOD_CADRES = [
    CADRES,
    ["李明", "13800000001", "石门乡人民政府", "副乡长", "领导干部"],
    ["王芳", "13800000002", "县民政局", "科员", ""],
    ["李明", "13800000003", "石门乡林业站", "站长", "一般干部"],
]


def test_a_good_cadre_file_imports_and_twice_changes_nothing(
    tmp_path, township_a, township_b, staff_a
):
    path = make_xlsx(tmp_path, GOOD_CADRES)
    assert counts(run("cadres", township_a, path, staff_a)) == (3, 0, 0)
    li = Cadre.objects.get(phone="13800000001")
    assert (li.township, li.work_unit, li.position) == (township_a, "石门乡人民政府", "副乡长")
    assert (li.rank_class, li.name_pinyin) == (Cadre.RankClass.LEADERSHIP, search_key("李明"))
    assert Cadre.objects.get(name="王芳").rank_class == Cadre.RankClass.ORDINARY

    assert counts(run("cadres", township_a, path, staff_a)) == (0, 0, 3)
    assert Cadre.objects.count() == 3
    assert Cadre.history.count() == 3


def test_a_cadre_file_fills_in_and_changes_what_it_matches(tmp_path, township_a, staff_a):
    f.CadreFactory(township=township_a, name="王芳", phone="", position="")
    rows = [CADRES, ["王芳", "13800000002", "县民政局", "科员", "科级及以上"]]
    result = run("cadres", township_a, make_xlsx(tmp_path, rows), staff_a)
    assert counts(result) == (0, 1, 0)
    wang = Cadre.objects.get()
    assert (wang.phone, wang.position, wang.rank_class) == ("13800000002", "科员", "section")


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (["赵强", "1380000", "", "", ""], (3, "联系电话", "“1380000”：请填写 11 位手机号")),
        (["赵强", "", "", "", "处级"], (3, "职级类别", "无法识别“处级”")),
        (["", "13800000009", "", "", ""], (3, "姓名", "此项必填")),
    ],
)
def test_a_broken_cadre_row_writes_nothing(tmp_path, township_a, staff_a, row, expected):
    rows = [CADRES, GOOD_CADRES[1], row]
    result = run("cadres", township_a, make_xlsx(tmp_path, rows), staff_a)
    assert has_problem(result, *expected), problems(result)
    assert Cadre.objects.count() == 0


def test_duplicate_cadre_rows_are_refused(tmp_path, township_a, staff_a):
    rows = [*GOOD_CADRES, GOOD_CADRES[2]]
    result = run("cadres", township_a, make_xlsx(tmp_path, rows), staff_a)
    assert has_problem(result, 5, "姓名", "与第3行重复")
    assert Cadre.objects.count() == 0


# Assignments


@pytest.fixture
def cadres_a(township_a):
    return {
        "李明": f.CadreFactory(township=township_a, name="李明", phone="13800000001"),
        "王芳": f.CadreFactory(township=township_a, name="王芳", phone="13800000002"),
    }


def good_assignments(station_a, station_a2):
    return [
        ASSIGNMENTS,
        ["李明", "13800000001", station_a.name, "站长", "2026-01-05", ""],
        ["王芳", "", "白水村", "驻村工作队员", datetime.date(2026, 2, 1), ""],
        ["王芳", "", "高石村", "", "2025年3月1日", "2025-12-31"],
    ]


def test_a_good_assignment_file_imports_and_twice_changes_nothing(
    tmp_path, township_a, staff_a, cadres_a, station_a, station_a2
):
    path = make_xlsx(tmp_path, good_assignments(station_a, station_a2))
    assert counts(run("assignments", township_a, path, staff_a)) == (3, 0, 0)
    chief = Assignment.objects.get(cadre=cadres_a["李明"])
    assert (chief.station, chief.role, chief.start_date) == (
        station_a,
        Assignment.Role.CHIEF,
        datetime.date(2026, 1, 5),
    )
    assert chief.end_date is None
    past = Assignment.objects.get(cadre=cadres_a["王芳"], station=station_a)
    assert (past.role, past.end_date) == (Assignment.Role.MEMBER, datetime.date(2025, 12, 31))
    assert Assignment.objects.get(station=station_a2).role == Assignment.Role.RESIDENT

    assert counts(run("assignments", township_a, path, staff_a)) == (0, 0, 3)
    assert Assignment.objects.count() == 3


def test_an_end_date_closes_an_assignment_and_a_blank_never_reopens_it(
    tmp_path, township_a, staff_a, cadres_a, station_a
):
    f.AssignmentFactory(cadre=cadres_a["李明"], station=station_a, start_date="2025-01-01")
    ended = [ASSIGNMENTS, ["李明", "", "高石村", "站员", "2025-01-01", "2026-03-31"]]
    result = run("assignments", township_a, make_xlsx(tmp_path, ended), staff_a)
    assert counts(result) == (0, 1, 0)
    assert Assignment.objects.get().end_date == datetime.date(2026, 3, 31)

    blank = [ASSIGNMENTS, ["李明", "", "高石村", "站员", "2025-01-01", ""]]
    result = run("assignments", township_a, make_xlsx(tmp_path, blank, "blank.xlsx"), staff_a)
    assert counts(result) == (0, 0, 1)
    assert Assignment.objects.get().end_date == datetime.date(2026, 3, 31)


def test_a_station_cannot_get_a_second_current_chief(
    tmp_path, township_a, staff_a, cadres_a, station_a, chief_user
):
    rows = [ASSIGNMENTS, ["李明", "", "高石村", "站长", "2026-01-05", ""]]
    result = run("assignments", township_a, make_xlsx(tmp_path, rows), staff_a)
    assert has_problem(result, 2, "职务", "该工作站将有不止一名现任站长")
    assert chief_user.cadre.name in result.problems[0].message
    assert Assignment.objects.filter(cadre=cadres_a["李明"]).count() == 0

    # Ending the old chief's assignment in the same file makes room.
    old = chief_user.cadre.assignments.get()
    rows.append([chief_user.cadre.name, chief_user.cadre.phone, "高石村", "站长", old.start_date])
    rows[-1].append("2026-01-04")
    result = run("assignments", township_a, make_xlsx(tmp_path, rows, "rotation.xlsx"), staff_a)
    assert problems(result) == []
    assert counts(result) == (1, 1, 0)
    assert Assignment.objects.current().get(station=station_a, role="chief").cadre.name == "李明"


def test_two_chiefs_in_one_file_are_refused(tmp_path, township_a, staff_a, cadres_a, station_a):
    rows = [
        ASSIGNMENTS,
        ["李明", "", "高石村", "站长", "2026-01-05", ""],
        ["王芳", "", "高石村", "站长", "2026-01-06", ""],
    ]
    result = run("assignments", township_a, make_xlsx(tmp_path, rows), staff_a)
    assert has_problem(result, 2, "职务", "不止一名现任站长")
    assert has_problem(result, 3, "职务", "不止一名现任站长")
    assert Assignment.objects.count() == 0


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (["赵强", "", "高石村", "站员", "2026-01-05", ""], (2, "干部姓名", "没有干部“赵强”")),
        (["李明", "", "黑石村", "站员", "2026-01-05", ""], (2, "工作站", "没有名为“黑石村”")),
        (["李明", "", "金石村", "站员", "2026-01-05", ""], (2, "工作站", "没有名为“金石村”")),
        (["李明", "", "高石村", "组员", "2026-01-05", ""], (2, "职务", "无法识别“组员”")),
        (["李明", "", "高石村", "站员", "2026-13-05", ""], (2, "开始日期", "不是日期")),
        (["李明", "", "高石村", "站员", "2026-01-05", "2025-01-05"], (2, "结束日期", "早于")),
        (["李明", "139", "高石村", "站员", "2026-01-05", ""], (2, "联系电话", "“139”")),
    ],
)
def test_a_broken_assignment_row_writes_nothing(
    tmp_path, township_a, staff_a, cadres_a, station_a, station_a2, station_b, row, expected
):
    rows = [*good_assignments(station_a, station_a2), row]
    result = run("assignments", township_a, make_xlsx(tmp_path, rows), staff_a)
    expected = (expected[0] + 3, *expected[1:])
    assert has_problem(result, *expected), problems(result)
    assert Assignment.objects.count() == 0


def test_namesake_cadres_need_a_phone(tmp_path, township_a, staff_a, cadres_a, station_a):
    f.CadreFactory(township=township_a, name="李明", phone="13800000003")
    rows = [ASSIGNMENTS, ["李明", "", "高石村", "站员", "2026-01-05", ""]]
    result = run("assignments", township_a, make_xlsx(tmp_path, rows), staff_a)
    assert has_problem(result, 2, "干部姓名", "有多名干部叫“李明”")
    rows[1][1] = "13800000003"
    result = run("assignments", township_a, make_xlsx(tmp_path, rows, "phone.xlsx"), staff_a)
    assert counts(result) == (1, 0, 0)
    assert Assignment.objects.get().cadre.phone == "13800000003"


# Pairings


@pytest.fixture
def households_a(station_a, station_a2):
    return {
        "张三": f.HouseholdFactory(
            village=station_a.village, head_name="张三", phone="13900000001"
        ),
        "王五": f.HouseholdFactory(village=station_a2.village, head_name="王五", phone=""),
    }


GOOD_PAIRINGS = [
    PAIRINGS,
    ["李明", "13800000001", "高石村", "张三", "", "2026-01-05"],
    ["王芳", "", "白水村", "王五", "", "2026-01-05"],
    ["王芳", "", "高石村", "张三", "13900000001", "2026-02-01"],
]


def test_a_good_pairing_file_imports_and_twice_changes_nothing(
    tmp_path, township_a, staff_a, cadres_a, households_a
):
    path = make_xlsx(tmp_path, GOOD_PAIRINGS)
    assert counts(run("pairings", township_a, path, staff_a)) == (3, 0, 0)
    assert set(Pairing.objects.values_list("cadre__name", "household__head_name")) == {
        ("李明", "张三"),
        ("王芳", "王五"),
        ("王芳", "张三"),
    }
    assert Pairing.objects.current().count() == 3

    assert counts(run("pairings", township_a, path, staff_a)) == (0, 0, 3)
    assert Pairing.objects.count() == 3


def test_a_pairing_cannot_run_twice_at_once(tmp_path, township_a, staff_a, cadres_a, households_a):
    f.PairingFactory(cadre=cadres_a["李明"], household=households_a["张三"])
    result = run("pairings", township_a, make_xlsx(tmp_path, GOOD_PAIRINGS), staff_a)
    assert has_problem(result, 2, "结束日期", "将与该户同时有两条结对记录")
    assert Pairing.objects.count() == 1


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (["李明", "", "高石村", "赵六", "", "2026-01-05"], (5, "户主姓名", "没有户主为“赵六”")),
        (["李明", "", "金石村", "张三", "", "2026-01-05"], (5, "村", "石门乡没有“金石村”这个村")),
        (["李明", "", "高石村", "张三", "", "05/01/2026"], (5, "开始日期", "不是日期")),
        (["李明", "", "高石村", "张三", "", ""], (5, "开始日期", "此项必填")),
        (GOOD_PAIRINGS[1], (5, "开始日期", "与第2行重复")),
    ],
)
def test_a_broken_pairing_row_writes_nothing(
    tmp_path, township_a, staff_a, cadres_a, households_a, station_b, row, expected
):
    f.HouseholdFactory(village=station_b.village, head_name="张三")
    result = run("pairings", township_a, make_xlsx(tmp_path, [*GOOD_PAIRINGS, row]), staff_a)
    assert has_problem(result, *expected), problems(result)
    assert Pairing.objects.count() == 0


def test_households_of_another_township_are_never_touched(
    tmp_path, places, township_a, township_b, staff_a, staff_b
):
    path = make_xlsx(tmp_path, GOOD_HOUSEHOLDS)
    run("households", township_a, path, staff_a)
    result = run("households", township_b, path, staff_b)
    assert has_problem(result, 2, "村", "金石桥镇没有“高石村”这个村")
    assert Household.objects.filter(village__township=township_b).count() == 0


def test_every_tag_label_can_be_written(tmp_path, places, township_a, staff_a):
    labels = "、".join(str(tag) for tag in HouseholdTag.objects.all())
    rows = [HOUSEHOLDS, ["高石村", "", "赵六", "", 1, "", labels]]
    assert problems(run("households", township_a, make_xlsx(tmp_path, rows), staff_a)) == []
    assert len(tag_codes(Household.objects.get())) == HouseholdTag.objects.count()


def test_a_csv_cell_starting_with_equals_is_refused_as_a_formula(
    tmp_path, places, township_a, staff_a
):
    rows = [HOUSEHOLDS, ["高石村", "第一组", "张三", '=HYPERLINK("x")', 1, "", ""]]
    result = run("households", township_a, make_csv(tmp_path, rows), staff_a)
    assert has_problem(result, 2, "联系电话", "公式")
    assert Household.objects.count() == 0


@pytest.mark.parametrize(
    "cell",
    ["困难户 低保户", "困难户/低保户", "困难户，低保户", "hardship household; minimum subsistence"],
)
def test_tags_may_be_separated_in_the_usual_ways(tmp_path, places, township_a, staff_a, cell):
    rows = [HOUSEHOLDS, ["高石村", "", "赵六", "", 1, "", cell]]
    assert problems(run("households", township_a, make_xlsx(tmp_path, rows), staff_a)) == []
    assert tag_codes(Household.objects.get()) == {"hardship", "subsistence"}
