"""Each role logs in, reads its start page and follows every item to the page where the work
is done, in real Chromium (issue 14). The world is ``tests/worklist_helpers.py``'s."""

# ruff: noqa: F811

import pytest
from django.urls import reverse

from tests import factories as f
from tests.concern_helpers import office_a, office_b, office_user  # noqa: F401
from tests.factories import PASSWORD
from tests.worklist_helpers import EXPECTED_A, world  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk(browser):
    """An office's desktop browser (the shared fixtures emulate a phone)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    yield context.new_page()
    context.close()


def _login(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def _follow_each(page, base, start, links):
    """Open each of ``links`` (a locator) from ``start``; every one answers with a page."""
    page.goto(start)
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs
    for href in hrefs:
        page.goto(start)
        page.locator(f'a[href="{href}"]').first.click()
        page.wait_for_load_state()
        assert page.url.startswith(base + href.split("?")[0]), href
        assert page.locator("h1").is_visible()
        assert "页面不存在" not in page.content() and "无权" not in page.locator("h1").inner_text()
    return hrefs


def test_each_role_reads_its_start_page_and_follows_every_item(
    live_server, desk, world, staff_a, supervisor, cadre_user, office_user, station_a, township_a
):
    base = live_server.url
    page = desk

    # The township: seven items, each with its count and its action.
    _login(page, base, "township")
    start = page.url
    assert start.endswith(reverse("supervision:township_overview", args=[township_a.pk]))
    items = page.locator("li.worklist-item")
    assert items.count() == len(EXPECTED_A)
    for key, count in EXPECTED_A.items():
        item = page.locator(f'li[data-item="{key}"]')
        assert item.locator(".worklist-count").inner_text() == str(count)
    _follow_each(page, base, start, page.locator("li.worklist-item a.button"))
    page.goto(start)
    assert page.locator('.place-nav a[aria-current="page"]').inner_text() == "待办事项"

    # The county: townships ranked; each leads to the township and to its exceptions.
    _login(page, base, "county")
    start = page.url
    assert start.endswith(reverse("supervision:county_overview", args=[supervisor.county_id]))
    assert page.locator("#ranking tbody tr").count() == 2
    _follow_each(page, base, start, page.locator("#ranking tbody a"))
    _follow_each(page, base, start, page.locator("#worst-stations tbody a"))

    # The cadre: one list of open matters; each opens its concern or its visit.
    f.VisitFactory(station=station_a, author=cadre_user.cadre, follow_up=True, asked="问养老保险")
    _login(page, base, "cadre")
    start = page.url
    assert start.endswith(reverse("visits:today"))
    matters = page.locator("li.matter")
    assert matters.count() == 5  # four concerns of the station, one follow-up
    _follow_each(page, base, start, page.locator("li.matter a"))
    page.goto(start)
    page.get_by_role("button", name="标记为已跟进").click()
    page.wait_for_load_state()
    assert page.locator("li.matter").count() == 4

    # The office: its inbox is its start page.
    _login(page, base, "office")
    assert page.url.endswith(reverse("concerns:office_concerns", args=[office_user.office_id]))
    assert page.locator("h1").is_visible()
