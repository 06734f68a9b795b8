"""Township staff issue contact cards for a village and print them, in a real browser."""

import datetime
import re
import subprocess

import pytest

from tests import factories as f
from tests.factories import PASSWORD
from villages.models import TownshipContact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MM = 96 / 25.4  # CSS pixels per millimetre


@pytest.fixture
def desk(browser):
    """The township office's desktop browser (the shared fixtures emulate a phone)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    yield context.new_page()
    context.close()


def test_staff_issue_a_villages_cards_and_print_eight_to_a_sheet(
    live_server, desk, staff_a, station_a, chief_user, cadre_user, tmp_path
):
    page = desk
    TownshipContact.objects.create(
        township=station_a.village.township,
        name="石门乡派出所",
        position="值班电话",
        phone="0739-7110110",
    )
    for _ in range(11):
        f.HouseholdFactory(village=station_a.village)
    # The chief agreed to have their number printed on the cards.
    chief_user.cadre.phone_public_since = datetime.date(2026, 1, 5)
    chief_user.cadre.save()

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("township")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/townships/\d+/$"))

    page.get_by_role("link", name="连心卡", exact=True).click()
    page.get_by_role("link", name=station_a.name).click()
    assert page.locator("h1").inner_text() == f"连心卡 · {station_a.name}"
    page.get_by_role("button", name="为所有未持卡的农户发卡").click()
    assert page.get_by_text("已发放11张连心卡。").is_visible()
    assert page.get_by_role("button", name="补发").count() == 11

    page.get_by_role("link", name="打印全部有效连心卡").click()
    page.wait_for_url(re.compile(r"/cards/print/"))
    sheets = page.locator("section.sheet")
    assert sheets.count() == 2
    first = sheets.nth(0)
    assert first.locator(".cardface").count() == 8
    assert sheets.nth(1).locator(".cardface").count() == 3

    # The first sheet is an A4 page; its cards are 85.6 × 54 mm, two across and four down.
    sheet_box = first.bounding_box()
    assert sheet_box["width"] == pytest.approx(210 * MM, abs=1)
    assert sheet_box["height"] == pytest.approx(297 * MM, abs=1)
    boxes = [first.locator(".cardface").nth(i).bounding_box() for i in range(8)]
    assert all(b["width"] == pytest.approx(85.6 * MM, abs=1) for b in boxes)
    assert all(b["height"] == pytest.approx(54 * MM, abs=1) for b in boxes)
    assert len({round(b["x"]) for b in boxes}) == 2
    assert len({round(b["y"]) for b in boxes}) == 4
    assert all(
        sheet_box["y"] <= b["y"] and b["y"] + b["height"] <= sheet_box["y"] + sheet_box["height"]
        for b in boxes
    )
    card = first.locator(".cardface").first
    assert station_a.name in card.inner_text()
    assert chief_user.cadre.phone in card.inner_text()
    assert "石门乡派出所" in card.inner_text()
    assert card.locator("svg").is_visible()
    assert first.locator(".cut").count() == 16

    # Printing from the browser gives two A4 pages without the toolbar.
    pdf = tmp_path / "printed.pdf"
    page.emulate_media(media="print")
    assert not page.locator(".toolbar").is_visible()
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"^Pages:\s+2$", info, re.M), info
    assert "(A4)" in info


def test_on_a_phone_the_cards_stack_in_one_column(live_server, page, staff_a, station_a):
    from stations.cards import services as cards

    for _ in range(3):
        f.HouseholdFactory(village=station_a.village)
    cards.issue_for_village(station=station_a, by=staff_a)
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("township")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/townships/\d+/$"))
    page.goto(f"{live_server.url}/stations/cards/print/?station={station_a.pk}")
    assert page.locator(".cardface").count() == 3
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
