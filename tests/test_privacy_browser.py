"""Township staff show a household's phone in full with one click, in a real browser (logged)."""

import re

import pytest

from tests import factories as f
from tests.factories import PASSWORD
from villages.models import AccessLog

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_show_puts_the_number_in_place_of_the_mask_and_logs_it(
    live_server, page, staff_a, station_a
):
    household = f.HouseholdFactory(village=station_a.village, phone="13907391234")
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("township")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/townships/\d+/$"))

    page.goto(f"{live_server.url}/households/{household.pk}/")
    assert page.get_by_text("139****1234").is_visible()
    assert not AccessLog.objects.exists()
    page.locator("form[data-reveal] button").click()
    link = page.locator('a[href="tel:13907391234"]')
    link.wait_for()
    assert link.inner_text() == "13907391234"
    assert page.url.endswith(f"/households/{household.pk}/")  # stayed on the page
    assert page.locator("form[data-reveal]").count() == 0
    log = AccessLog.objects.get()
    assert (log.user_id, log.object_id, log.field) == (staff_a.pk, household.pk, "phone")
    assert log.address == "127.0.0.1"
