"""A cadre whose login timed out while typing a visit loses nothing: the send lands
on the login page, the visit waits in the phone's outbox, and the first page after
logging in sends it."""

import pytest

from cadres import session_timeout
from tests import factories as f
from tests.factories import PASSWORD
from visits.models import Visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server):
    page.get_by_label("用户名").fill("cadre")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_a_visit_typed_before_the_idle_timeout_survives_it(
    live_server, page, cadre_user, station_a, monkeypatch
):
    f.PairingFactory(
        cadre=cadre_user.cadre,
        household=f.HouseholdFactory(village=station_a.village, head_name="张三"),
    )
    page.goto(f"{live_server.url}/login/")
    _log_in(page, live_server)
    page.wait_for_url(f"{live_server.url}/visits/today/")
    page.goto(f"{live_server.url}/visits/new/")
    page.locator("label.choice", has_text="张三").locator("input").check()
    page.get_by_label("所见情况").fill("屋顶漏雨，需要修缮")

    # The phone stays in a pocket longer than the idle timeout (the live server
    # runs in this process, so it reads the moved clock).
    later = session_timeout.wall_clock() + 60 + 240 * 60
    monkeypatch.setattr(session_timeout, "wall_clock", lambda: later)
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/login/?next=/visits/new/")
    assert not Visit.objects.exists()

    _log_in(page, live_server)
    page.wait_for_url("**/visits/new/")
    # It waited in the phone's outbox, and went as soon as a page opened.
    page.get_by_text("已送达").wait_for()
    visit = Visit.objects.get()
    assert (visit.seen, visit.household.head_name) == ("屋顶漏雨，需要修缮", "张三")
