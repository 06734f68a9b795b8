"""A county supervisor drills from the county down to one visit in real Chromium,
then downloads the county's monthly report and finds the page's figure in it."""

# Fixtures come from the helpers by import; their use as arguments redefines them.
# ruff: noqa: F811

import re

import openpyxl
import pytest
from django.urls import reverse

from tests.factories import PASSWORD
from tests.jobs import run_worker
from tests.supervision_helpers import freeze, november  # noqa: F401
from tests.supervision_reported_helpers import reported  # noqa: F401
from visits.models import Visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEEN = "村道塌方一处，老人出行不便"


@pytest.fixture
def desk(browser):
    """The county office's desktop browser (the shared fixtures emulate a phone)."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True
    )
    yield context.new_page()
    context.close()


def _cells(row):
    return [cell.strip() for cell in row.locator("td").all_inner_texts()]


def _row(page, name):
    """The table row whose first cell links to ``name`` (a visit list's rows link
    to their author too, but in the last cell)."""
    first_cell = page.locator("td:first-child > a", has_text=re.compile(f"^{re.escape(name)}$"))
    return page.locator("tbody tr").filter(has=first_cell)


def test_a_supervisor_drills_down_to_one_visit_and_downloads_the_county_report(
    live_server,
    desk,
    monkeypatch,
    supervisor,
    reported,
    november,
    township_a,
    station_a2,
    tmp_path,
):
    freeze(monkeypatch)  # 15 December 2026: November is over.
    Visit.objects.filter(pk=november.late_evening.pk).update(seen=SEEN)
    page = desk
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("county")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    county_url = reverse("supervision:supervision_county", args=[supervisor.county_id])
    page.goto(f"{live_server.url}{county_url}?month=2026-11")

    # The county: township A's row, as counted by hand (6 visits, 1 reception;
    # 3 meetings, 1 concern-analysis meeting, 2 deeds, 2000.50 yuan, 42 people).
    township_row = _row(page, township_a.name)
    cells = _cells(township_row)
    assert cells[1:3] == ["6", "1"]
    assert cells[-5:] == ["3", "1", "2", "2000.50", "42"]
    county_visits = cells[1]
    assert page.get_by_text("2300.50").first.is_visible()

    # → the township: 白水村's station logged 2 visits in November.
    township_row.get_by_role("link", name=township_a.name, exact=True).click()
    page.wait_for_url(re.compile(r"/supervision/townships/\d+/\?month=2026-11$"))
    station_row = _row(page, station_a2.name)
    assert _cells(station_row)[1] == "2"
    assert page.locator(".most-seen").inner_text() == november.chief.name

    # → the station: 王明 moved here on 16 November; only what he logged here counts.
    station_row.get_by_role("link", name=station_a2.name, exact=True).click()
    page.wait_for_url(re.compile(r"/supervision/stations/\d+/\?month=2026-11$"))
    member_row = _row(page, november.wang.name)
    assert _cells(member_row)[3] == "2"

    # → the member: five visits in November, at both stations.
    member_row.get_by_role("link", name=november.wang.name, exact=True).click()
    page.wait_for_url(re.compile(r"/supervision/members/\d+/\?month=2026-11$"))
    assert _cells(_row(page, "高石村群众工作站"))[1] == "3"
    assert _cells(_row(page, "白水村群众工作站"))[1] == "2"

    # → the visit of 30 November at 23:30 Beijing time, listed under November.
    page.get_by_role("link", name="2026-11-30 23:30", exact=True).click()
    page.wait_for_url(re.compile(r"/visits/\d+/$"))
    assert page.get_by_text(SEEN).is_visible()

    # Back at the county: the monthly report, downloaded and reopened.
    page.goto(f"{live_server.url}{county_url}?month=2026-11")
    report_url = reverse("supervision:report_county", args=[supervisor.county_id, "xlsx"])
    townships_table = page.locator("table").filter(has=_row(page, township_a.name))
    visits_header = townships_table.locator("thead th").nth(1).inner_text().strip()
    page.locator(f'a[href="{report_url}?month=2026-11"]').first.click()
    # The workbook is built by the worker: its page says so, then offers the file.
    page.wait_for_url(re.compile(r"/jobs/[0-9a-f-]+/$"))
    assert page.get_by_text("等待后台处理").is_visible()
    run_worker()
    download_link = page.get_by_role("link", name=re.compile("^下载"))
    download_link.wait_for(timeout=15_000)  # the page reloads itself every few seconds
    with page.expect_download() as download:
        download_link.click()
    path = tmp_path / "report.xlsx"
    download.value.save_as(path)
    book = openpyxl.load_workbook(path, read_only=True)
    found = None
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        if not rows or visits_header not in rows[0]:
            continue
        for row in rows[1:]:
            if row[0] == township_a.name:
                found = row[rows[0].index(visits_header)]
                break
        if found is not None:
            break
    assert found == int(county_visits) == 6
