"""Imports that take the township's own sheets: a title row and columns of its own (left out
with a note on the preview), old .xls and .ods workbooks, and CSV files saved in Big5 or
Shift-JIS (decoded right when their header reads, refused with a message naming the
encoding when not, never imported as mojibake)."""

import datetime
import io
import zipfile

import pytest
import xlwt

from cadres.models import Cadre
from tests import factories as f
from tests.test_imports import HOUSEHOLDS, make_csv, make_xlsx, problems, run
from tests.test_imports_pages import upload
from villages.imports import service
from villages.models import Household

pytestmark = pytest.mark.django_db

# A township's household register as it keeps it: a title row, then its own columns
# (序号 and 备注 were always left out; 性别 and 民族 are its own) around ours.
TITLE = ["石门乡农户花名册（2026年12月）"]
HEADER = ["序号", "村", "村民小组", "户主姓名", "性别", "民族", "联系电话", "家庭人口", "备注"]
ROWS = [
    [1, "高石村", "第一组", "张三", "男", "汉族", "13900000001", 4, "低保户"],
    [2, "高石村", "第二组", "李四", "女", "瑶族", "", 3, ""],
]


def test_the_townships_own_register_imports_without_edits(tmp_path, places, township_a, staff_a):
    path = make_xlsx(tmp_path, [TITLE, HEADER, *ROWS])
    result = service.preview(
        kind=service.KINDS["households"],
        township=township_a,
        data=path.read_bytes(),
        filename=path.name,
    )
    assert problems(result) == []
    assert result.rows == 2
    assert result.notes == ["以下列本导入不使用，已忽略：“性别”、“民族”。"]
    run("households", township_a, path, staff_a)
    assert set(Household.objects.values_list("head_name", "members")) == {("张三", 4), ("李四", 3)}


def test_the_preview_page_notes_the_columns_left_out(client, tmp_path, places, staff_a):
    client.force_login(staff_a)
    response = upload(client, make_xlsx(tmp_path, [TITLE, HEADER, *ROWS]))
    page = client.get(response.url) if response.status_code == 302 else response
    assert "以下列本导入不使用，已忽略：“性别”、“民族”。" in page.text
    assert "无法识别此列" not in page.text


def _xls(tmp_path, rows):
    book = xlwt.Workbook()
    sheet = book.add_sheet("花名册")
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            sheet.write(r, c, value)
    path = tmp_path / "花名册.xls"
    book.save(str(path))
    return path


def _ods(tmp_path, rows):
    def cell(value):
        if isinstance(value, int):
            return (
                f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>"
            )
        return (
            '<table:table-cell office:value-type="string">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )

    body = "".join(
        "<table:table-row>" + "".join(cell(v) for v in values) + "</table:table-row>"
        for values in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="花名册">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    path = tmp_path / "花名册.ods"
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize("make", [_xls, _ods])
def test_old_xls_and_ods_workbooks_are_read(tmp_path, places, township_a, staff_a, make):
    result = run("households", township_a, make(tmp_path, [TITLE, HEADER, *ROWS]), staff_a)
    assert problems(result) == []
    zhang = Household.objects.get(head_name="张三")
    assert (zhang.phone, zhang.members, zhang.group.name) == ("13900000001", 4, "第一组")


@pytest.fixture
def places(station_a):
    """高石村 of township A, with its groups 第一组 and 第二组."""
    for name in ("第一组", "第二组"):
        f.VillageGroupFactory(village=station_a.village, name=name)
    return station_a.village


GOOD = [HOUSEHOLDS[:5], ["高石村", "第一组", "张三", "13900000001", 4]]


@pytest.mark.parametrize("encoding", ["big5", "shift_jis"])
def test_a_csv_in_big5_or_shift_jis_whose_header_reads_is_decoded_right(
    tmp_path, township_a, staff_a, encoding
):
    # A cadre roster in characters all three encodings hold: 姓名, 王明.
    data = "姓名\r\n王明\r\n".encode(encoding)
    path = tmp_path / "roster.csv"
    path.write_bytes(data)
    result = run("cadres", township_a, path, staff_a)
    assert problems(result) == []
    assert Cadre.objects.filter(name="王明").exists()


@pytest.mark.parametrize(("encoding", "name"), [("big5", "Big5"), ("shift_jis", "Shift-JIS")])
def test_a_csv_in_big5_or_shift_jis_that_does_not_read_is_refused_by_name(
    tmp_path, places, township_a, staff_a, encoding, name
):
    # A traditional (or Japanese) header: 戶主姓名, 聯繫電話 — no column this import knows.
    text = (
        "戶主姓名,聯絡電話\r\n張三,13900000001\r\n"
        if encoding == "big5"
        else "世帯主,電話\r\n山田,0312345678\r\n"
    )
    path = tmp_path / "import.csv"
    path.write_bytes(text.encode(encoding))
    result = run("households", township_a, path, staff_a)
    assert any(f"此文件似乎是{name}编码保存的" in p.message for p in result.problems)
    assert not Household.objects.exists()


def test_a_gb18030_csv_still_reads(tmp_path, places, township_a, staff_a):
    path = make_csv(tmp_path, GOOD, encoding="gb18030")
    assert problems(run("households", township_a, path, staff_a)) == []


# A station roster as a township keeps it --------------------------------------------


ROSTER_TITLE = ["石门乡群众工作站驻站干部花名册"]
ROSTER_HEADER = ["序号", "姓名", "性别", "驻站工作站", "站内职务", "开始日期", "备注"]


def test_a_townships_station_roster_imports_without_edits_and_shows_roles_and_dates(
    client, tmp_path, station_a, staff_a
):
    township = station_a.village.township
    for name in ("王站长", "李站员"):
        f.CadreFactory(township=township, name=name)
    rows = [
        ROSTER_TITLE,
        ROSTER_HEADER,
        [1, "王站长", "男", station_a.name, "站长", "2026-03-01", ""],
        [2, "李站员", "女", station_a.name, "站员", "2026-03-01", "新进"],
    ]
    path = make_xlsx(tmp_path, rows)
    client.force_login(staff_a)
    response = upload(client, path, kind="assignments")
    page = client.get(response.url)
    assert page.context["result"].rows == 2
    assert "以下列本导入不使用，已忽略：“性别”。" in page.text
    assert "职务：站长" in page.text and "开始日期：2026-03-01" in page.text
    result = run("assignments", township, path, staff_a)
    assert problems(result) == []
    assert set(station_a.assignments.values_list("cadre__name", "role", "start_date__month")) >= {
        ("王站长", "chief", 3),
        ("李站员", "member", 3),
    }


COMBINED_HEADER = [
    "序号",
    "姓名",
    "性别",
    "联系电话",
    "工作单位",
    "职务",
    "驻站工作站",
    "站内职务",
    "开始日期",
    "备注",
]


def test_a_combined_roster_adds_new_cadres_with_their_assignments(
    client, tmp_path, station_a, staff_a
):
    township = station_a.village.township
    f.CadreFactory(township=township, name="王站长")
    rows = [
        ["石门乡驻站干部花名册"],
        COMBINED_HEADER,
        [1, "王站长", "男", "", "乡政府", "副乡长", station_a.name, "站长", "2026-03-01", ""],
        [
            2,
            "赵新",
            "女",
            "13900000077",
            "乡农业站",
            "农技员",
            station_a.name,
            "站员",
            "2026-03-02",
            "",
        ],
    ]
    path = make_xlsx(tmp_path, rows)
    client.force_login(staff_a)
    page = client.get(upload(client, path, kind="roster").url)
    assert problems(page.context["result"]) == []
    assert "新增干部赵新" in page.text
    assert "站内职务：站员" in page.text and "开始日期：2026-03-02" in page.text
    assert "以下列本导入不使用，已忽略：“性别”。" in page.text
    result = run("roster", township, path, staff_a)
    assert problems(result) == []
    zhao = Cadre.objects.get(name="赵新")
    assert (zhao.phone, zhao.work_unit, zhao.position) == ("13900000077", "乡农业站", "农技员")
    assert set(station_a.assignments.values_list("cadre__name", "role", "start_date")) >= {
        ("王站长", "chief", datetime.date(2026, 3, 1)),
        ("赵新", "member", datetime.date(2026, 3, 2)),
    }
    # The same file again changes nothing.
    again = run("roster", township, path, staff_a)
    assert (again.created, again.updated, Cadre.objects.filter(name="赵新").count()) == (0, 0, 1)
