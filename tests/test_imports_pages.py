"""The import pages: upload → preview → confirm, for township staff only."""

import csv
import io
import os
import time
import uuid

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from cadres.models import User
from tests import factories as f
from tests.jobs import confirmed
from tests.test_imports import GOOD_HOUSEHOLDS, HOUSEHOLDS, make_xlsx
from villages.imports import service
from villages.models import Household

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def places(station_a, station_a2, station_b):
    f.VillageGroupFactory(village=station_a.village, name="第一组")
    f.VillageGroupFactory(village=station_a.village, name="第二组")
    return station_a.village


def upload(client, path, kind="households"):
    with path.open("rb") as handle:
        return client.post(reverse("villages:import_upload", args=[kind]), {"file": handle})


def token_of(response):
    """The token in the preview URL the upload redirected to."""
    assert response.status_code == 302, response.content.decode()[:500]
    return uuid.UUID(response.url.rstrip("/").rsplit("/", 1)[-1])


def stored_files(user):
    try:
        return default_storage.listdir(f"imports/{user.pk}")[1]
    except FileNotFoundError:
        return []


def test_upload_preview_confirm_imports_the_file(client, tmp_path, places, staff_a):
    client.force_login(staff_a)
    response = upload(client, make_xlsx(tmp_path, GOOD_HOUSEHOLDS, "花名册.xlsx"))
    token = token_of(response)
    assert len(stored_files(staff_a)) == 1

    preview = client.get(response.url)
    assert preview.status_code == 200
    text = preview.text
    assert "花名册.xlsx" in text
    assert "确认导入" in text
    assert "张三（高石村）" in text
    assert Household.objects.count() == 0  # the preview writes nothing

    done = confirmed(client, reverse("villages:import_confirm", args=["households", token]))
    assert "已导入花名册.xlsx：新增3条，修改0条，未变0条。" in done.text
    assert Household.objects.count() == 3
    assert stored_files(staff_a) == []  # the stored file is gone after confirm
    again = client.post(reverse("villages:import_confirm", args=["households", token]))
    assert again.status_code == 404


def test_reimporting_the_same_file_reports_everything_unchanged(client, tmp_path, places, staff_a):
    client.force_login(staff_a)
    path = make_xlsx(tmp_path, GOOD_HOUSEHOLDS)
    for expected in ("新增3条，修改0条，未变0条", "新增0条，修改0条，未变3条"):
        token = token_of(upload(client, path))
        done = confirmed(client, reverse("villages:import_confirm", args=["households", token]))
        assert expected in done.text
    assert Household.objects.count() == 3


def test_a_file_with_problems_lists_them_and_cannot_be_confirmed(client, tmp_path, places, staff_a):
    client.force_login(staff_a)
    rows = [HOUSEHOLDS, GOOD_HOUSEHOLDS[1], ["黑石村", "", "赵六", "12345", 1, "", ""]]
    token = token_of(upload(client, make_xlsx(tmp_path, rows)))

    preview = client.get(reverse("villages:import_preview", args=["households", token]))
    assert "发现2个问题" in preview.text
    assert "第3行" in preview.text
    assert "石门乡没有“黑石村”这个村" in preview.text
    assert "确认导入" not in preview.text

    # A confirm sent anyway (an old tab, a forged form) checks the file again.
    response = confirmed(client, reverse("villages:import_confirm", args=["households", token]))
    assert response.status_code == 200
    assert "石门乡没有“黑石村”这个村" in response.text
    assert "没有从" in response.text and "发现2个问题" in response.text  # refused, and why
    # The job's page links to the preview, which checks the file again and lists all.
    assert reverse("villages:import_preview", args=["households", token]) in response.text
    assert Household.objects.count() == 0

    listing = client.get(reverse("villages:import_problems", args=["households", token]))
    assert listing["Content-Type"] == "text/csv"
    lines = list(csv.reader(io.StringIO(listing.content.decode("utf-8-sig"))))
    assert lines[0] == ["行", "列", "问题"]
    assert [line[:2] for line in lines[1:]] == [["3", "村"], ["3", "联系电话"]]


@pytest.mark.parametrize(
    ("name", "data", "text"),
    [
        ("empty.xlsx", b"", "文件是空的"),
        ("renamed.xlsx", "村,户主姓名\n高石村,张三\n".encode(), "不是有效的Excel工作簿"),
    ],
)
def test_a_file_that_is_no_workbook_gets_a_chinese_message(
    client, tmp_path, places, staff_a, name, data, text
):
    client.force_login(staff_a)
    path = tmp_path / name
    path.write_bytes(data)
    response = upload(client, path)
    if response.status_code == 302:  # stored, then refused by the preview
        response = client.get(response.url)
    assert response.status_code == 200
    assert text in response.text
    assert Household.objects.count() == 0


def test_the_upload_form_refuses_other_files_and_big_ones(
    client, tmp_path, places, staff_a, settings
):
    client.force_login(staff_a)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    response = upload(client, pdf)
    assert response.status_code == 200
    assert "请选择Excel工作簿（.xlsx、.xls）、OpenDocument表格（.ods）或CSV文件" in response.text

    settings.IMPORT_MAX_BYTES = 1024
    big = tmp_path / "big.csv"
    big.write_text("村,户主姓名\n" + "高石村,张三\n" * 200, encoding="utf-8")
    response = upload(client, big)
    assert response.status_code == 200
    assert "文件超过" in response.text
    assert stored_files(staff_a) == []


def test_another_users_token_cannot_be_previewed_or_confirmed(
    client, tmp_path, places, staff_a, staff_b, township_a
):
    client.force_login(staff_a)
    token = token_of(upload(client, make_xlsx(tmp_path, GOOD_HOUSEHOLDS)))
    for user in (f.UserFactory(role=User.Role.TOWNSHIP, township=township_a), staff_b):
        other = Client()
        other.force_login(user)
        for name in ("villages:import_preview", "villages:import_problems"):
            assert other.get(reverse(name, args=["households", token])).status_code == 404
        for name in ("villages:import_confirm", "villages:import_cancel"):
            assert other.post(reverse(name, args=["households", token])).status_code == 404
    assert Household.objects.count() == 0
    assert len(stored_files(staff_a)) == 1  # still there for its owner

    # The owner's token under another kind is not found either.
    assert client.get(reverse("villages:import_preview", args=["cadres", token])).status_code == 404
    assert (
        client.get(reverse("villages:import_preview", args=["households", token])).status_code
        == 200
    )


def test_discarding_a_preview_deletes_the_stored_file(client, tmp_path, places, staff_a):
    client.force_login(staff_a)
    token = token_of(upload(client, make_xlsx(tmp_path, GOOD_HOUSEHOLDS)))
    response = client.post(
        reverse("villages:import_cancel", args=["households", token]), follow=True
    )
    assert "已放弃上传的文件" in response.text
    assert stored_files(staff_a) == []
    assert Household.objects.count() == 0


def test_a_new_upload_replaces_the_waiting_file_of_that_kind(client, tmp_path, places, staff_a):
    client.force_login(staff_a)
    first = token_of(upload(client, make_xlsx(tmp_path, GOOD_HOUSEHOLDS)))
    token_of(upload(client, make_xlsx(tmp_path, GOOD_HOUSEHOLDS, "second.xlsx")))
    assert len(stored_files(staff_a)) == 1
    assert (
        client.get(reverse("villages:import_preview", args=["households", first])).status_code
        == 404
    )


def test_the_template_downloads_with_chinese_headers(client, tmp_path, places, staff_a):
    client.force_login(staff_a)
    response = client.get(reverse("villages:import_template", args=["households"]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    path = tmp_path / "template.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    book = load_workbook(path)
    headers = [c.value for c in book.worksheets[0][1]]
    # The village's code comes beside its name (either may be given).
    assert headers == [HOUSEHOLDS[0], "村代码", *HOUSEHOLDS[1:]]
    # Filled in and uploaded, the template imports (the code left blank).
    sheet = book.worksheets[0]
    for row in GOOD_HOUSEHOLDS[1:]:
        values = dict(zip(HOUSEHOLDS, row, strict=True))
        sheet.append([values.get(header) for header in headers])
    book.save(path)
    token = token_of(upload(client, path))
    confirmed(client, reverse("villages:import_confirm", args=["households", token]))
    assert Household.objects.count() == 3


@pytest.mark.parametrize("kind", list(service.KINDS))
def test_each_kinds_pages_open_for_township_staff(client, staff_a, kind):
    client.force_login(staff_a)
    page = client.get(reverse("villages:import_upload", args=[kind]))
    assert page.status_code == 200
    assert reverse("villages:import_template", args=[kind]) in page.text
    assert client.get(reverse("villages:import_template", args=[kind])).status_code == 200


def test_the_township_overview_links_to_the_imports(client, staff_a, supervisor):
    client.force_login(staff_a)
    overview = reverse("supervision:township_overview", args=[staff_a.township_id])
    assert reverse("villages:import_index") in client.get(overview).text
    client.force_login(supervisor)
    assert reverse("villages:import_index") not in client.get(overview).text


def test_an_unknown_kind_is_not_found(client, staff_a):
    client.force_login(staff_a)
    assert client.get(reverse("villages:import_upload", args=["visits"])).status_code == 404


def _urls(token):
    return [
        ("get", reverse("villages:import_index")),
        ("get", reverse("villages:import_upload", args=["households"])),
        ("get", reverse("villages:import_template", args=["households"])),
        ("get", reverse("villages:import_preview", args=["households", token])),
        ("get", reverse("villages:import_problems", args=["households", token])),
        ("post", reverse("villages:import_confirm", args=["households", token])),
        ("post", reverse("villages:import_cancel", args=["households", token])),
    ]


@pytest.mark.parametrize("user_fixture", ["cadre_user", "chief_user", "supervisor", "superuser"])
def test_only_township_staff_may_import(client, request, tmp_path, places, staff_a, user_fixture):
    client.force_login(staff_a)
    token = token_of(upload(client, make_xlsx(tmp_path, GOOD_HOUSEHOLDS)))
    client.force_login(request.getfixturevalue(user_fixture))
    for method, url in _urls(token):
        assert getattr(client, method)(url).status_code == 403, url
    assert Household.objects.count() == 0


def test_anonymous_users_are_sent_to_login(client):
    for method, url in _urls(uuid.uuid4()):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_wrong_methods_are_refused(client, tmp_path, places, staff_a):
    client.force_login(staff_a)
    token = token_of(upload(client, make_xlsx(tmp_path, GOOD_HOUSEHOLDS)))
    for method, url in _urls(token):
        if url == reverse("villages:import_upload", args=["households"]):
            continue  # GET shows the form, POST uploads
        wrong = client.post if method == "get" else client.get
        assert wrong(url).status_code == 405, url
    assert client.put(reverse("villages:import_upload", args=["households"])).status_code == 405
    assert Household.objects.count() == 0


def test_the_preview_costs_the_same_queries_for_any_file_size(
    client, tmp_path, places, staff_a, django_assert_max_num_queries
):
    client.force_login(staff_a)
    for size in (5, 300):
        rows = [HOUSEHOLDS]
        rows += [
            ["高石村", "第一组", f"农户{n}", f"137{n:08d}", 3, "", "困难户"] for n in range(size)
        ]
        f.HouseholdFactory.create_batch(size, village=places)
        token = token_of(upload(client, make_xlsx(tmp_path, rows, f"{size}.xlsx")))
        url = reverse("villages:import_preview", args=["households", token])
        with django_assert_max_num_queries(10):
            response = client.get(url)
        assert f"新增</dt><dd>{size}</dd>" in response.text.replace("\n", "").replace(" ", "")


def test_the_english_interface_gives_english_headers_which_import_too(
    client, tmp_path, places, staff_a
):
    client.force_login(staff_a)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("villages:import_template", args=["households"]))
    path = tmp_path / "template.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    book = load_workbook(path)
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]][:4] == [
        "Village",
        "Village code",
        "Village group",
        "Head of household",
    ]
    sheet.append(["高石村", "", "第一组", "张三", "13900000001", 4, "", "hardship household"])
    book.save(path)
    token = token_of(upload(client, path))
    done = confirmed(client, reverse("villages:import_confirm", args=["households", token]))
    assert "1 new, 0 changed, 0 unchanged" in done.text
    assert Household.objects.get().tags.get().code == "hardship"


def test_a_register_changed_during_the_write_gives_a_message_not_an_error(
    client, tmp_path, station_a, staff_a, monkeypatch
):
    cadre = f.CadreFactory(township=station_a.village.township, name="李明", phone="13800000001")
    rows = [["干部姓名", "工作站", "职务", "开始日期"], ["李明", "高石村", "站长", "2026-01-05"]]
    kind = service.KINDS["assignments"]
    plan = kind.plan

    def plan_then_someone_saves_a_chief(items, lookups):
        planned = plan(items, lookups)
        f.AssignmentFactory(station=station_a, role="chief")  # a form saved at that moment
        return planned

    client.force_login(staff_a)
    token = token_of(upload(client, make_xlsx(tmp_path, rows), "assignments"))
    monkeypatch.setattr(kind, "plan", plan_then_someone_saves_a_chief)
    response = confirmed(client, reverse("villages:import_confirm", args=["assignments", token]))
    assert response.status_code == 200
    assert "导入过程中台账被他人修改，因此没有写入任何数据" in response.text
    assert "没有从" in response.text  # nothing was imported, said as a refusal
    assert not cadre.assignments.exists()


def test_files_nobody_confirmed_are_swept_at_the_next_upload(client, tmp_path, places, staff_a):
    client.force_login(staff_a)
    token_of(upload(client, make_xlsx(tmp_path, GOOD_HOUSEHOLDS)))
    (old,) = stored_files(staff_a)
    stale = time.time() - 2 * 24 * 3600
    os.utime(default_storage.path(f"imports/{staff_a.pk}/{old}"), (stale, stale))
    token_of(upload(client, make_xlsx(tmp_path, GOOD_HOUSEHOLDS), "cadres"))
    assert old not in stored_files(staff_a)
    assert len(stored_files(staff_a)) == 1
