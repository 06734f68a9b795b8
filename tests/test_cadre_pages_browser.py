"""Every page a cadre opens fits a 360 px phone screen: no sideways scrolling.

The pages are found (``tests.cadre_pages``), not listed, so a page added for
cadres later is checked too. Each is opened in Chromium at 360 × 740 by the
cadre or the chief who would use it.
"""

import pytest

from tests.cadre_pages import cadre_pages
from tests.factories import PASSWORD
from tests.hardening_world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, base, user):
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/login/" not in url)


def test_every_page_a_cadre_opens_fits_a_phone_screen(
    live_server, page, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    pages = cadre_pages(client, world)
    assert len(pages) > 30
    too_wide, opened = {}, 0
    for role in ("cadre", "chief"):
        _log_in(page, live_server.url, world.user(role))
        for _role, name, url in (p for p in pages if p[0] == role):
            response = page.goto(live_server.url + url)
            assert response.status == 200, (role, name)
            opened += 1
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > page.viewport_size["width"]:
                too_wide[f"{role}: {name}"] = width
    assert opened == len(pages)
    assert too_wide == {}
