"""The cadre's first journey in a real browser on a 360 px phone screen."""

import pytest

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_cadre_logs_in_on_a_phone_and_lands_on_their_station(live_server, page, cadre_user):
    station = cadre_user.cadre.assignments.get().station
    page.goto(live_server.url)
    # Anonymous: sent to the login page, in Chinese.
    assert page.locator("h1").inner_text() == "登录"
    assert _fits_the_screen(page)
    page.get_by_label("用户名").fill("cadre")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/visits/today/")
    assert page.locator("h1").inner_text() == "我的工作站"
    page.get_by_role("link", name=station.name).click()
    page.wait_for_url(f"{live_server.url}{station.get_absolute_url()}")
    assert page.locator("h1").inner_text() == station.name
    assert page.get_by_text("本周值班").is_visible()
    assert _fits_the_screen(page)


def test_the_language_switch_turns_the_page_english(live_server, page, cadre_user):
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Log in"
    page.get_by_label("User name").fill("cadre")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_selector("text=My paired households")
    assert page.locator("html").get_attribute("lang") == "en"
