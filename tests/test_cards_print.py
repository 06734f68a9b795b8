"""Printing contact cards: an A4 page of eight with cut marks, and the same as a PDF.

The PDF must hold the station's name as text (pdftotext) and its QR codes
must decode (zbarimg on a rasterised page) to the station's public page.
"""

import datetime
import re
import subprocess

import pytest
from django.urls import reverse

from stations.cards import services as cards
from stations.cards.selectors import qr_svg
from stations.models import Assignment
from tests import factories as f
from tests.jobs import fetch
from villages.models import TownshipContact

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 24)


def _login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def issued(station_a, chief_user, cadre_user):
    """Ten cards of station A (two sheets), with the township's police station on them."""
    station_a.office_phone = "0739-7123456"
    station_a.duty_days = "2,5"
    station_a.save()
    chief_user.cadre.phone_public_since = TODAY  # the chief agreed to print their number
    chief_user.cadre.save()
    TownshipContact.objects.create(
        township=station_a.village.township,
        name="石门乡派出所",
        position="值班电话",
        phone="0739-7110110",
    )
    for _ in range(10):
        f.HouseholdFactory(village=station_a.village)
    return cards.issue_for_village(station=station_a, by=None, today=TODAY)


def test_the_print_page_lays_out_eight_cards_a_sheet(
    client, staff_a, station_a, cadre_user, issued
):
    response = _login(client, staff_a).get(
        reverse("stations:card_print"), {"station": station_a.pk}
    )
    assert response.status_code == 200
    html = response.text
    sheets = response.context["sheets"]
    assert [len(s) for s in sheets] == [8, 2]
    assert html.count('class="cardface"') == 10
    assert html.count('class="sheet"') == 2
    assert html.count('class="cut ') == 2 * 16
    assert "css/cards.css" in html
    assert "style=" not in html and "<style" not in html and "<script" not in html
    # What each card says.
    assert "每周二、周五" in html
    assert "石门乡派出所" in html and "0739-7110110" in html
    assert "工作站值班电话" in html and "0739-7123456" in html
    chief = Assignment.objects.get(station=station_a, role="chief").cadre
    assert chief.name in html and chief.phone in html
    # A member who did not agree is named, with a dash for the number.
    assert cadre_user.cadre.name in html and cadre_user.cadre.phone not in html
    assert html.count("<svg") == 10
    # One QR code for the station's public page, decoded from the PDF below.
    assert sheets[0][0]["qr"] == sheets[1][1]["qr"]
    assert issued[0].serial in html


def test_one_card_can_be_printed_alone(client, staff_a, issued):
    card = issued[3]
    response = _login(client, staff_a).get(reverse("stations:card_print"), {"card": card.pk})
    assert response.status_code == 200
    assert response.text.count('class="cardface"') == 1
    assert card.serial in response.text and issued[4].serial not in response.text


def test_cards_issued_on_a_day_can_be_printed(client, staff_a, station_a, issued):
    newer = f.HouseholdFactory(village=station_a.village)
    card = cards.issue_card(household=newer, by=None, today=TODAY + datetime.timedelta(days=1))
    response = _login(client, staff_a).get(
        reverse("stations:card_print"), {"station": station_a.pk, "issued_on": "2026-11-25"}
    )
    assert response.text.count('class="cardface"') == 1
    assert card.serial in response.text


def test_voided_cards_are_not_printed(client, staff_a, station_a, issued):
    cards.reissue_card(card=issued[0], by=None, today=TODAY)
    response = _login(client, staff_a).get(
        reverse("stations:card_print"), {"station": station_a.pk}
    )
    assert issued[0].serial not in response.text
    assert response.text.count('class="cardface"') == 10
    response = client.get(reverse("stations:card_print"), {"card": issued[0].pk})
    assert response.status_code == 404


@pytest.mark.parametrize(
    "query",
    [{}, {"station": "abc"}, {"card": "1", "station": "1"}, {"station": "1", "issued_on": "昨天"}],
)
def test_a_bad_selection_is_explained_in_chinese(client, staff_a, station_a, query):
    response = _login(client, staff_a).get(reverse("stations:card_print"), query)
    assert response.status_code == 400
    assert "请" in response.text


def test_another_townships_cards_are_not_printed(client, staff_b, station_a, issued):
    _login(client, staff_b)
    assert client.get(reverse("stations:card_print"), {"station": station_a.pk}).status_code == 404
    assert client.get(reverse("stations:card_print"), {"card": issued[0].pk}).status_code == 404
    assert client.get(reverse("stations:card_print_pdf"), {"card": issued[0].pk}).status_code == 404


def test_cadres_may_not_print_and_anonymous_users_log_in(client, cadre_user, station_a, issued):
    url = reverse("stations:card_print")
    assert client.get(url, {"station": station_a.pk}).status_code == 302
    assert _login(client, cadre_user).get(url, {"station": station_a.pk}).status_code == 403
    assert (
        client.get(reverse("stations:card_print_pdf"), {"station": station_a.pk}).status_code == 403
    )


def test_printing_refuses_post(client, staff_a, station_a, issued):
    _login(client, staff_a)
    assert (
        client.post(reverse("stations:card_print") + f"?station={station_a.pk}").status_code == 405
    )
    assert (
        client.post(reverse("stations:card_print_pdf") + f"?station={station_a.pk}").status_code
        == 405
    )


def test_a_supervisor_may_print(client, supervisor, station_a, issued):
    response = _login(client, supervisor).get(
        reverse("stations:card_print"), {"station": station_a.pk}
    )
    assert response.status_code == 200


def test_the_print_page_costs_the_same_queries_at_any_size(
    client, staff_a, station_a, issued, django_assert_max_num_queries
):
    _login(client, staff_a)
    for size in (1, 30):
        for _ in range(size):
            f.HouseholdFactory(village=station_a.village)
        cards.issue_for_village(station=station_a, by=None, today=TODAY)
        # 11: +3 for the stale count (what the station prints today: station, members,
        # township contacts; the count itself is one of the page's queries before)
        with django_assert_max_num_queries(12):
            response = client.get(reverse("stations:card_print"), {"station": station_a.pk})
        assert response.status_code == 200


def test_the_pdf_holds_the_station_name_as_text_and_qr_codes_to_the_public_page(
    client, staff_a, station_a, issued, tmp_path
):
    # Built by the worker: the clerk gets the job's page, then the file.
    response = fetch(
        _login(client, staff_a), reverse("stations:card_print_pdf"), {"station": station_a.pk}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "cards.pdf"
    pdf.write_bytes(response.content)
    assert response.content.startswith(b"%PDF-")

    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert station_a.name in text
    assert "连心卡" in text
    assert issued[0].serial in text and issued[9].serial in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"^Pages:\s+2$", info, re.M)
    assert "595.276 x 841.89 pts (A4)" in info, info

    subprocess.run(
        ["pdftoppm", "-r", "200", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    (page,) = tmp_path.glob("p*.png")
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(page)], capture_output=True, text=True
    ).stdout.split()
    public = "http://testserver" + station_a.get_public_url()
    assert decoded == [public] * 8

    # The code opens the public page without a login, and it names no household.
    client.logout()
    page = client.get(public)
    assert page.status_code == 200
    assert station_a.name in page.text
    for card in issued:
        assert card.household.head_name not in page.text


def test_the_qr_code_uses_the_public_address_when_one_is_set(
    client, staff_a, station_a, issued, settings
):
    settings.PUBLIC_BASE_URL = "https://lxk.example.gov.cn/"
    response = _login(client, staff_a).get(reverse("stations:card_print"), {"card": issued[0].pk})
    expected = qr_svg("https://lxk.example.gov.cn" + station_a.get_public_url())
    assert response.context["sheets"][0][0]["qr"] == expected


def test_a_large_selection_comes_as_several_pdfs(client, staff_a, station_a, issued, settings):
    for _ in range(75):
        f.HouseholdFactory(village=station_a.village)
    cards.issue_for_village(station=station_a, by=None, today=TODAY)  # 85 cards in all
    response = _login(client, staff_a).get(
        reverse("stations:card_print"), {"station": station_a.pk}
    )
    assert response.context["count"] == 85
    parts = response.context["pdf_parts"]
    assert [(first, last) for _url, first, last in parts] == [(1, 80), (81, 85)]
    assert "第81–85张的PDF" in response.text
    url, _first, _last = parts[1]
    assert "part=2" in url and f"station={station_a.pk}" in url
    second = fetch(client, url)
    assert second.status_code == 200
    assert second["Content-Type"] == "application/pdf"
    assert "-2.pdf" in second["Content-Disposition"]
    assert client.get(url.replace("part=2", "part=3")).status_code == 404


def test_printing_cards_is_logged_like_an_export(client, staff_a, station_a, issued):
    from villages.models import AccessLog

    _login(client, staff_a)
    page = client.get(
        reverse("stations:card_print"), {"station": station_a.pk}, REMOTE_ADDR="10.1.2.3"
    )
    assert page.status_code == 200
    pdf = fetch(client, reverse("stations:card_print_pdf"), {"card": issued[0].pk})
    assert pdf.status_code == 200
    logs = list(AccessLog.objects.order_by("pk"))
    assert [(log.action, log.model, log.rows) for log in logs] == [
        (AccessLog.Action.EXPORT, "stations.contactcard", 10),
        (AccessLog.Action.EXPORT, "stations.contactcard", 1),
    ]
    assert logs[0].user == staff_a and logs[0].address == "10.1.2.3"
    assert logs[0].filters == {"station": str(station_a.pk)}
    assert station_a.name in logs[0].what
    assert logs[1].filters == {"card": str(issued[0].pk)} and logs[1].what.endswith(".pdf")


def test_a_refused_print_selection_logs_nothing(client, staff_a, station_a, issued):
    from villages.models import AccessLog

    response = _login(client, staff_a).get(reverse("stations:card_print"), {"station": "x"})
    assert response.status_code == 400
    assert not AccessLog.objects.exists()
