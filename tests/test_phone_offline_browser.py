"""The phone through a cut connection, in real Chromium (issue 16's offline phone, issue 19's
resends): the visit form opens without signal, a visit typed there keeps its photo, and a
send that gets no answer or a busy server is sent again by itself, once."""

import re
import time

import pytest
from PIL import Image

from tests import factories as f
from tests.factories import PASSWORD
from visits.models import Visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def paired(cadre_user, station_a):
    household = f.HouseholdFactory(village=station_a.village, head_name="张三")
    f.PairingFactory(cadre=cadre_user.cadre, household=household)
    return household


@pytest.fixture
def phone(live_server, page, cadre_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("cadre")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/visits/today/")
    # The start page installs the service worker; wait until it runs the page.
    assert _eventually(lambda: page.evaluate("() => !!navigator.serviceWorker.controller"))
    # The start page opened once more through the worker, so it is kept on the phone even
    # when the worker's own fetch of it while installing met a busy server (the live
    # server's one SQLite connection answers one request at a time).
    page.goto(f"{live_server.url}/visits/today/")
    assert _eventually(lambda: page.evaluate(KEPT, "/visits/today/"))
    return page


# Whether the worker keeps a copy of the page at the given path.
KEPT = """async (path) => {
  for (const name of await caches.keys()) {
    const cache = name.startsWith("gzz-pages-") && await caches.open(name);
    if (cache && await cache.match(path, { ignoreVary: true })) return true;
  }
  return false;
}"""


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "IMG_0001.jpg"
    Image.new("RGB", (640, 480), (120, 160, 90)).save(path, quality=90)
    return path


def _eventually(check, seconds=20):
    # Polls the page, never the database: SQLite's shared test database locks its
    # tables while the live server writes.
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.2)
    return check()


def test_the_visit_form_opens_offline_and_a_visit_typed_there_arrives_once_with_its_photo(
    live_server, paired, phone, photo
):
    page = phone
    page.goto(f"{live_server.url}/visits/new/")  # opened once with signal
    page.context.set_offline(True)
    page.goto(f"{live_server.url}/visits/today/")
    page.goto(f"{live_server.url}/visits/new/")
    assert page.get_by_role("heading", name="记一次走访").is_visible()

    page.locator(".picker").get_by_text("张三").click()
    page.get_by_label("所见情况").fill("屋后山体有裂缝")
    page.get_by_text("时间、同行干部、照片、位置").click()
    page.locator("input[type=file]").set_input_files(str(photo))
    page.get_by_role("button", name="保存").click()
    page.get_by_text("没有网络，未发送").wait_for()
    assert page.get_by_text("1 条走访记录待发送").is_visible()
    # The start page (its kept copy) says what waits.
    page.goto(f"{live_server.url}/visits/today/")
    page.get_by_text("1 条走访记录待发送").wait_for()
    assert Visit.objects.count() == 0

    page.context.set_offline(False)
    # Sent by itself (the page hears the network is back; Background Sync too).
    page.get_by_text("已发送：这台手机上保存的 1 条记录已送达").wait_for()
    visit = Visit.objects.get()
    assert (visit.household, visit.seen) == (paired, "屋后山体有裂缝")
    assert visit.photos.count() == 1
    time.sleep(1)  # a second send (page, worker) would save nothing more
    assert Visit.objects.count() == 1

    # Log-out empties the phone's copies of the pages: the next person sees none of them.
    kept = "async () => (await caches.keys()).filter(n => n.startsWith('gzz-pages')).length"
    assert page.evaluate(kept) == 1
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/login/")
    assert _eventually(lambda: page.evaluate(kept) == 0)


def test_a_cut_send_then_a_busy_server_still_saves_the_visit_once_with_no_second_tap(
    live_server, paired, phone, settings
):
    settings.OUTBOX_RETRY_SECONDS = [2, 2, 2]
    page, answers = phone, []

    def answer(route):
        if route.request.method != "POST":
            route.continue_()
            return
        answers.append(route.request.method)
        if len(answers) == 1:
            route.abort("connectionreset")
        elif len(answers) == 2:
            route.fulfill(status=503, content_type="text/html", body="<h1>503</h1>")
        else:
            route.continue_()

    page.context.route(re.compile(r"/visits/new/"), answer)
    page.get_by_role("link", name="记录", exact=True).first.click()
    page.get_by_label("所见情况").fill("低保材料已收齐")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("连接中断，未发送").wait_for()
    page.get_by_text("服务器繁忙，未发送").wait_for()
    page.wait_for_url("**/visits/*/?saved=*")
    assert page.get_by_text("已保存").is_visible()
    assert len(answers) == 3
    visit = Visit.objects.get()
    assert (visit.household, visit.seen) == (paired, "低保材料已收齐")


def test_a_refused_visit_shows_the_remarks_on_the_form_and_keeps_its_photo(
    live_server, paired, phone, photo
):
    page = phone
    page.goto(f"{live_server.url}/visits/new/")
    page.get_by_text("时间、同行干部、照片、位置").click()
    page.locator("input[type=file]").set_input_files(str(photo))
    page.get_by_role("button", name="保存").click()  # nothing written, no household
    page.locator("#id_seen_error").get_by_text("请填写所见情况或群众诉求").wait_for()
    assert page.url == f"{live_server.url}/visits/new/"  # the form, never an error page
    assert page.locator("input[type=file]").evaluate("input => input.files.length") == 1
    page.locator(".picker").get_by_text("张三").click()
    page.get_by_label("所见情况").fill("补上了")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/visits/*/?saved=*")
    assert Visit.objects.get().photos.count() == 1
