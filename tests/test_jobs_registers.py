"""Long register exports and an import's confirm step run in the background worker.

A workbook of more than ``EXPORT_INLINE_ROWS`` rows is built by the worker (the
asker waits on the job's page), holding the same rows, filters and masking as
the page's own export; a CSV always streams. Confirming an import hands the
stored file to the worker, whose outcome is a message on the job's page.
"""

import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from tests import factories as f
from tests.jobs import asked, confirmed, fetch, run_worker
from tests.test_imports import GOOD_HOUSEHOLDS, make_xlsx
from tests.test_imports_pages import places as places  # a fixture
from tests.test_imports_pages import token_of, upload
from tests.test_registers_exports import HOUSEHOLD_HEADERS
from tests.test_registers_exports import register as register  # a fixture
from villages.models import AccessLog, Household, Job

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _rows(response):
    assert response.status_code == 200, response.status_code
    body = b"".join(response.streaming_content) if response.streaming else response.content
    book = openpyxl.load_workbook(io.BytesIO(body))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def test_a_short_register_downloads_at_once(client, staff_a, register):
    client.force_login(staff_a)
    response = client.get(reverse("villages:household_export", args=["xlsx"]))
    assert response.status_code == 200 and asked(response) is None
    assert Job.objects.count() == 0


def test_a_long_register_is_built_by_the_worker_with_the_same_rows(
    client, staff_a, register, settings
):
    client.force_login(staff_a)
    url = reverse("villages:household_export", args=["xlsx"])
    inline = _rows(client.get(url, {"q": "zs"}))
    everything = _rows(client.get(url))
    settings.EXPORT_INLINE_ROWS = 2

    # Filtered to one row: still short enough for the request.
    assert asked(client.get(url, {"q": "zs"})) is None
    # All five rows: the worker builds it; the job's page shows progress, then the file.
    response = client.get(url)
    request = asked(response)
    assert request is not None and request.job.state == Job.State.QUEUED
    waiting = client.get(response.url)
    assert "正在" in waiting.text or "等待" in waiting.text
    assert reverse("villages:household_list") in waiting.text  # back to the list
    built = fetch(client, url)
    assert _rows(built) == everything
    assert everything[0] == HOUSEHOLD_HEADERS and len(everything) == 6
    assert inline[1:] == [row for row in everything if row[3] == "张三"]
    request.job.refresh_from_db()
    assert request.job.state == Job.State.DONE and request.job.rows == 5
    assert request.job.logged_as == "villages.household"


def test_the_workers_file_keeps_the_askers_masking_and_filters(
    client, supervisor, staff_a, register, station_a, settings
):
    settings.EXPORT_INLINE_ROWS = 1
    client.force_login(supervisor)
    url = reverse("villages:household_export", args=["xlsx"])
    rows = _rows(fetch(client, url, {"village": station_a.village_id}))
    phones = {row[3]: row[4] for row in rows[1:]}
    assert phones["张三"] == "139****5678"  # masked for a supervisor, as in the request
    assert "外乡户" not in phones  # the filter holds
    logged = AccessLog.objects.get(user=supervisor, action=AccessLog.Action.EXPORT)
    assert logged.rows == 5 and logged.filters == {"village": str(station_a.village_id)}

    # The township clerk asking the same gets a file of their own, unmasked.
    client.force_login(staff_a)
    rows = _rows(fetch(client, url, {"village": station_a.village_id}))
    assert {row[3]: row[4] for row in rows[1:]}["张三"] == "13912345678"
    assert Job.objects.count() == 2


def test_another_login_cannot_open_the_export_job(client, staff_a, register, settings):
    settings.EXPORT_INLINE_ROWS = 1
    client.force_login(staff_a)
    response = client.get(reverse("stations:pairing_export", args=["xlsx"]))
    assert asked(response) is None  # one pairing
    response = client.get(reverse("villages:village_export", args=["xlsx"]))
    assert asked(response) is None  # one village
    response = client.get(reverse("villages:household_export", args=["xlsx"]))
    run_worker()
    other = Client()
    other.force_login(f.UserFactory(role=staff_a.role, township=staff_a.township))
    assert other.get(response.url).status_code == 404
    assert other.get(f"{response.url}file").status_code == 404


def test_a_short_csv_streams_and_a_long_one_is_built_by_the_worker(
    client, staff_a, register, settings
):
    client.force_login(staff_a)
    url = reverse("villages:household_export", args=["csv"])
    response = client.get(url)
    assert response.status_code == 200 and response.streaming
    streamed = b"".join(response.streaming_content)
    assert Job.objects.count() == 0
    settings.EXPORT_INLINE_ROWS = 1
    built = fetch(client, url)
    assert built["Content-Type"] == "text/csv; charset=utf-8"
    assert built.content.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, for Excel
    # The same rows as the streamed file (the date in the file name aside).
    assert built.content == streamed
    assert Job.objects.get().rows == 5


def test_confirming_an_import_runs_in_the_worker(client, tmp_path, places, staff_a):
    client.force_login(staff_a)
    token = token_of(upload(client, make_xlsx(tmp_path, GOOD_HOUSEHOLDS, "花名册.xlsx")))
    url = reverse("villages:import_confirm", args=["households", token])
    first = client.post(url)
    second = client.post(url)  # a double click: the same job
    assert asked(first).job == asked(second).job
    assert Household.objects.count() == 0  # nothing written in the request
    page = client.get(first.url)
    assert "等待" in page.text  # waiting for the worker, shown as such
    run_worker()
    page = client.get(first.url)
    assert "已导入花名册.xlsx：新增3条，修改0条，未变0条。" in page.text
    assert "下载" not in page.text  # nothing to download
    assert client.get(f"{first.url}file").status_code == 404
    assert Household.objects.count() == 3
    assert client.get(second.url).status_code == 200  # the second click's page says the same


def test_a_refused_confirm_can_be_confirmed_again_once_fixed(
    client, tmp_path, places, staff_a, station_a
):
    client.force_login(staff_a)
    rows = [*GOOD_HOUSEHOLDS, ["新村", "", "孙八", "13900000009", 2, "", ""]]
    token = token_of(upload(client, make_xlsx(tmp_path, rows)))
    url = reverse("villages:import_confirm", args=["households", token])
    refused = confirmed(client, url)
    assert "没有从" in refused.text and "石门乡没有“新村”这个村" in refused.text
    assert Household.objects.count() == 0
    f.VillageFactory(township=station_a.village.township, name="新村")
    done = confirmed(client, url)
    assert "新增4条" in done.text
    assert Household.objects.count() == 4
