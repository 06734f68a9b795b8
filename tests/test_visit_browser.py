"""A day's logging on a 360 px phone in real Chromium: photos, a lost connection, few taps."""

import os

import pytest
from PIL import Image

from tests import factories as f
from tests.factories import PASSWORD
from tests.page_waits import wait_until
from visits.models import Concern, Visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def paired(cadre_user, station_a):
    household = f.HouseholdFactory(village=station_a.village, head_name="张三")
    f.PairingFactory(cadre=cadre_user.cadre, household=household)
    return household


@pytest.fixture
def logged_in(live_server, page, cadre_user, settings):
    # The walks count taps on a loaded test machine, not a weak signal: the phone waits
    # for the server's page rather than showing the kept copy of the plain form after 5 s
    # (tests/test_phone_offline_browser.py tests that).
    settings.PHONE_PAGE_WAIT_SECONDS = 120
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("cadre")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/visits/today/")
    # The start page installs the service worker, which fetches the pages it keeps; the
    # test's own requests wait until it runs the page, as a cadre's phone settles before
    # the next tap (the live server's one SQLite connection answers one at a time, and a
    # request meeting a locked table gets the 503 page).
    wait_until(page, "!!navigator.serviceWorker.controller", timeout=20000)
    # And until the page's own requests through it are over (a walk still met a busy
    # server once, waiting 30 s for the form of its first tap).
    page.wait_for_load_state("networkidle")
    return page


@pytest.fixture
def big_photo(tmp_path):
    """A 3000×2000 noisy JPEG of a few MB, like a phone camera's."""
    path = tmp_path / "IMG_20261123.jpg"
    Image.frombytes("RGB", (3000, 2000), os.urandom(3000 * 2000 * 3)).save(path, quality=95)
    return path


def _open_form(page, link):
    """Tap ``link`` and wait for the visit form; a page without it fails with its text."""
    link.click()
    try:
        page.get_by_label("所见情况").wait_for(timeout=30000)
    except Exception as error:  # noqa: BLE001 - reported with what the phone showed
        raise AssertionError(
            f"no visit form at {page.url}: {page.inner_text('body')[:300]}"
        ) from error


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_paired_household_visit_takes_three_taps_besides_typing(paired, logged_in):
    page, taps = logged_in, 0
    _open_form(page, page.get_by_role("link", name="记录", exact=True).first)
    taps += 1
    page.get_by_label("所见情况").click()
    taps += 1
    page.keyboard.type("老人腿脚不便，屋顶漏雨")
    page.get_by_role("button", name="保存").click()
    taps += 1
    page.wait_for_url("**/visits/*/?saved=*")
    assert page.get_by_text("已保存").is_visible()
    assert taps <= 6
    visit = Visit.objects.get()
    assert visit.household == paired
    assert visit.kind == "home"
    assert "屋顶漏雨" in page.content()
    assert _fits(page)


def test_a_home_visit_with_a_concern_takes_six_interactions_besides_typing(paired, logged_in):
    page, taps = logged_in, 0
    _open_form(page, page.get_by_role("link", name="记录", exact=True).first)
    taps += 1
    page.get_by_label("所见情况").click()
    taps += 1
    page.keyboard.type("屋顶漏雨")
    page.get_by_label("群众诉求").click()
    taps += 1
    page.keyboard.type("申请危房改造")
    page.get_by_label("记为民情诉求").select_option(label="住房（危房改造）")
    taps += 1
    page.get_by_label("上报乡镇").check()
    taps += 1
    page.get_by_role("button", name="保存").click()
    taps += 1
    page.wait_for_url("**/visits/*/?saved=*")
    assert taps <= 6  # it took 16 (and 5 pages) when the concern was a second form
    concern = Concern.objects.get()
    assert (concern.raised_in, concern.household) == (Visit.objects.get(), paired)
    assert concern.description == "申请危房改造" and concern.category == "help_housing"


def test_log_a_visit_with_a_photo_and_find_it_in_my_history(
    paired, logged_in, big_photo, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    page = logged_in
    # Wait for the form the tap opens: measured while the old page unloads, the
    # width check read a document that was gone (a failure under load).
    with page.expect_navigation():
        page.get_by_role("link", name="记一次走访").click()
    assert _fits(page)
    page.get_by_role("searchbox", name="查找农户").fill("zs")
    page.locator(".results").get_by_text("张三").click()
    page.get_by_label("所见情况").fill("帮助收割晚稻")
    page.get_by_text("时间、同行干部、照片、位置").click()
    page.get_by_label("同劳动").check()
    page.locator("input[type=file]").set_input_files(str(big_photo))
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/visits/*/?saved=*")
    visit = Visit.objects.get()
    assert visit.worked_together
    photo = visit.photos.get()
    # The phone shrank it before upload and the server re-encoded it.
    with Image.open(photo.image.path) as stored:
        assert max(stored.size) <= 1600
    # The photo loads (it may still be on its way when the address changes: the outbox's
    # send moves the page on, and a loaded CI machine read its width as 0 once).
    wait_until(
        page,
        "(() => { const img = document.querySelector('.photos img');"
        " return img && img.complete && img.naturalWidth > 0; })()",
        timeout=15000,
    )
    page.goto(page.url.split("/visits/")[0] + "/visits/mine/")
    assert page.get_by_text("帮助收割晚稻").is_visible()
    assert _fits(page)


def test_a_lost_connection_keeps_the_visit_and_sends_it_when_back(paired, logged_in):
    page = logged_in
    page.get_by_role("link", name="记录", exact=True).first.click()
    page.get_by_label("所见情况").fill("村道塌方，需要上报")
    page.context.set_offline(True)
    page.get_by_role("button", name="保存").click()
    page.get_by_text("没有网络，未发送").wait_for()
    assert Visit.objects.count() == 0
    page.context.set_offline(False)
    page.wait_for_url("**/visits/*/?saved=*")
    assert Visit.objects.get().seen == "村道塌方，需要上报"


def test_an_unsent_visit_is_sent_when_a_page_of_the_app_next_opens(paired, logged_in, live_server):
    page = logged_in
    page.get_by_role("link", name="记录", exact=True).first.click()
    page.get_by_label("所见情况").fill("五保户张三需要冬季棉被")
    page.get_by_label("需要跟进").check()
    page.context.set_offline(True)
    page.get_by_role("button", name="保存").click()
    page.get_by_text("没有网络，未发送").wait_for()
    page.close()  # the cadre gives up and puts the phone away

    later = logged_in.context.new_page()
    later.context.set_offline(False)  # back in signal
    # Sent by the page that opens (or by Background Sync, whichever comes first).
    for _ in range(20):
        later.goto(f"{live_server.url}/visits/mine/")
        if later.get_by_text("五保户张三需要冬季棉被").count():
            break
        later.wait_for_timeout(500)
    assert later.get_by_text("五保户张三需要冬季棉被").is_visible()
    visit = Visit.objects.get()
    assert visit.follow_up and visit.household == paired
    # Sent: nothing is offered again.
    later.goto(f"{live_server.url}/visits/new/")
    assert later.locator("[data-draft-offer]").is_hidden()


def test_a_search_leaves_no_false_unsent_visit_behind(paired, logged_in, live_server):
    page = logged_in
    page.goto(f"{live_server.url}/visits/new/")
    page.get_by_role("searchbox", name="查找农户").fill("zs")
    page.locator(".results").get_by_text("张三").wait_for()
    page.get_by_role("button", name="查找").click()  # in place: no page load, no token in a URL
    page.reload()
    assert page.locator("[data-draft-offer]").is_hidden()


def test_the_forms_work_without_javascript(browser, live_server, paired, cadre_user):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 360, "height": 740}, locale="zh-CN"
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("cadre")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(f"{live_server.url}/visits/new/")
    page.get_by_label("所见情况").fill("夜访留守老人")
    page.get_by_role("searchbox", name="查找农户").fill("zs")
    page.get_by_role("button", name="查找").click()
    page.wait_for_load_state()
    assert "csrfmiddlewaretoken" not in page.url
    assert page.get_by_label("所见情况").input_value() == "夜访留守老人"
    page.locator(".results").get_by_text("张三").click()
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/visits/*/?saved=*")
    assert Visit.objects.get().household == paired
    context.close()
