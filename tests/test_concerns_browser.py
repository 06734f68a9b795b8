"""A concern's whole way in real Chromium, each person in their own browser:
the cadre records it from a visit, the township assigns it, the office does
it, the cadre feeds it back and records the household's verdict."""

# Fixtures come from tests.concern_helpers by import; their use as arguments redefines them.
# ruff: noqa: F811

import datetime

import pytest
from django.utils import timezone

from tests import factories as f
from tests.concern_helpers import household_a, office_a, office_user  # noqa: F401 (fixtures)
from tests.factories import PASSWORD
from visits.models import Concern

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def log_in(browser, browser_context_args, live_server):
    contexts = []

    def open_as(username):
        context = browser.new_context(**browser_context_args)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_load_state()
        return page

    yield open_as
    for context in contexts:
        context.close()


def test_a_concern_from_a_visit_to_the_households_verdict(
    log_in, live_server, cadre_user, staff_a, office_a, office_user, household_a, station_a
):
    visit = f.VisitFactory(
        station=station_a, author=cadre_user.cadre, household=household_a, asked="家里老人生病"
    )

    # The cadre, on a phone, records it from the visit and escalates it.
    cadre = log_in("cadre")
    cadre.wait_for_url("**/visits/today/")
    cadre.goto(f"{live_server.url}{visit.get_absolute_url()}")
    cadre.get_by_role("link", name="记为民情诉求").click()
    cadre.get_by_label("类别").select_option(label="低保救助")
    cadre.get_by_label("诉求内容").fill("老人长期患病，申请纳入低保")
    cadre.get_by_label("上报乡镇").check()
    assert _fits(cadre)
    cadre.get_by_role("button", name="保存").click()
    cadre.get_by_text("民情诉求已记录").wait_for()
    concern = Concern.objects.get()
    assert concern.state == "escalated"
    assert _fits(cadre)

    # Township staff, at a desk, find it in their inbox and assign it.
    staff = log_in("township")
    staff.goto(f"{live_server.url}/townships/{station_a.village.township_id}/concerns/")
    staff.get_by_role("link", name="老人长期患病").click()
    staff.get_by_text("批办到站所").first.click()
    staff.get_by_label("承办站所").select_option(label="民政办")
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    staff.get_by_label("办结时限").fill(deadline.isoformat())
    staff.get_by_role("button", name="批办到站所").click()
    staff.get_by_text("已保存：批办到站所").wait_for()
    concern.refresh_from_db()
    assert (concern.state, concern.office, concern.deadline) == ("assigned", office_a, deadline)

    # The office sees it in its own inbox and reports it done.
    office = log_in("office")
    office.goto(f"{live_server.url}/offices/{office_a.pk}/")
    office.get_by_role("link", name="老人长期患病").click()
    office.get_by_text("站所办结").first.click()
    office.get_by_label("办理结果").fill("已纳入低保，按月发放")
    office.get_by_role("button", name="站所办结").click()
    office.get_by_text("已保存：站所办结").wait_for()

    # Back on the cadre's phone: the start page says feedback is due.
    cadre.goto(f"{live_server.url}/visits/today/")
    cadre.get_by_text("我的待办事项").first.wait_for()
    cadre.get_by_role("link", name="老人长期患病").click()
    assert cadre.get_by_text("已办结，待反馈").first.is_visible()
    cadre.get_by_text("已向群众反馈").first.click()
    cadre.get_by_label("当面").check()
    cadre.get_by_role("button", name="已向群众反馈").click()
    cadre.get_by_text("已保存：已向群众反馈").wait_for()
    cadre.get_by_text("群众满意，销号").first.click()
    cadre.get_by_label("基本满意").check()
    cadre.get_by_role("button", name="群众满意，销号").click()
    cadre.get_by_text("已保存：群众满意，销号").wait_for()
    assert _fits(cadre)

    concern.refresh_from_db()
    assert concern.state == "closed" and concern.verdict == "basically"
    moves = list(concern.events.values_list("move", "actor__username"))
    assert moves == [
        ("raise_to_township", "cadre"),
        ("assign", "township"),
        ("done", "office"),
        ("feedback", "cadre"),
        ("close", "cadre"),
    ]
    # The timeline shows every step to the township as well.
    staff.goto(f"{live_server.url}{concern.get_absolute_url()}")
    timeline = staff.locator(".timeline").inner_text()
    for step in ("上报乡镇", "批办到站所", "站所办结", "已向群众反馈", "群众满意，销号"):
        assert step in timeline
