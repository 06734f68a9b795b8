"""Cards that know they are stale: anything a card prints that changes after it was issued
(a member joining or leaving, a role, a phone, the township's contacts, the duty rule) makes
it stale, a reprint shows the card as issued (never today's rule beside the old members),
and the township prints its reissued cards together."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from stations.cards import services as cards
from stations.models import Assignment, ContactCard, WorkStation
from tests import factories as f
from villages.models import TownshipContact

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(station_a, chief_user, cadre_user, staff_a):
    """Two households of station A (every Tuesday) holding cards issued today."""
    WorkStation.objects.filter(pk=station_a.pk).update(
        duty_rule="weekdays", duty_days="2", office_phone="0739-7123456"
    )
    station_a.refresh_from_db()
    TownshipContact.objects.create(
        township=station_a.village.township,
        order=1,
        name="李书记",
        position="党委书记",
        phone="13907390001",
    )
    for _ in range(2):
        f.HouseholdFactory(village=station_a.village)
    made = cards.issue_for_village(station=station_a, by=staff_a)
    assert not cards.stale_cards().exists()
    return made


def _stale():
    return set(cards.stale_cards().values_list("pk", flat=True))


def test_a_member_joining_makes_the_cards_stale(issued, station_a):
    f.AssignmentFactory(
        station=station_a, cadre=f.CadreFactory(township=station_a.village.township)
    )
    assert _stale() == {c.pk for c in issued}


def test_a_new_duty_rule_makes_the_cards_stale(issued, station_a):
    WorkStation.objects.filter(pk=station_a.pk).update(duty_rule="month_days", duty_days="5,15,25")
    assert _stale() == {c.pk for c in issued}


def test_a_phone_made_public_makes_the_cards_stale(issued, cadre_user):
    cadre = cadre_user.cadre
    cadre.phone_public_since = None if cadre.phone_public_since else datetime.date(2026, 1, 1)
    cadre.save()
    assert _stale() == {c.pk for c in issued}


def test_a_new_chief_makes_the_cards_stale(issued, station_a, cadre_user):
    Assignment.objects.filter(station=station_a, cadre=cadre_user.cadre).update(role="deputy")
    assert _stale() == {c.pk for c in issued}


def test_a_township_contact_changing_makes_the_cards_stale(issued):
    TownshipContact.objects.update(phone="13907390002")
    assert _stale() == {c.pk for c in issued}


def test_the_stale_list_says_what_changed(client, staff_a, issued, station_a):
    f.AssignmentFactory(
        station=station_a, cadre=f.CadreFactory(township=station_a.village.township)
    )
    WorkStation.objects.filter(pk=station_a.pk).update(duty_days="4")
    client.force_login(staff_a)
    response = client.get(reverse("stations:card_stale", args=[station_a.village.township_id]))
    [row] = response.context["rows"]
    assert row["stale"] == 2
    assert [str(c) for c in row["changed"]] == ["成员", "值班规则"]
    assert "成员、值班规则" in response.text


def test_a_reprint_shows_the_card_as_issued_and_says_it_is_stale(
    client, staff_a, issued, station_a
):
    WorkStation.objects.filter(pk=station_a.pk).update(duty_rule="month_days", duty_days="5,15,25")
    client.force_login(staff_a)
    page = client.get(reverse("stations:card_print"), {"station": station_a.pk})
    # The rule it was issued with, beside the members it was issued with.
    assert "每周二" in page.text and "每月5日" not in page.text
    assert "其中2张连心卡已过期" in page.text
    # Reissued, it prints today's rule and is no longer flagged.
    cards.reissue_stale(stations=[station_a], by=staff_a)
    page = client.get(reverse("stations:card_print"), {"station": station_a.pk})
    assert "每月5日、15日、25日" in page.text and "已过期" not in page.text


def test_the_township_prints_its_reissued_cards_together(
    client, staff_a, issued, station_a, station_a2, station_b
):
    f.HouseholdFactory(village=station_a2.village)
    cards.issue_for_village(station=station_a2, by=staff_a)
    f.HouseholdFactory(village=station_b.village)
    elsewhere = cards.issue_for_village(station=station_b, by=staff_a)
    township = station_a.village.township
    WorkStation.objects.filter(village__township=township).update(duty_days="4")
    client.force_login(staff_a)
    response = client.post(reverse("stations:card_reissue_stale", args=[township.pk]), follow=True)
    assert "已补发3张过期连心卡" in response.text
    today = f"{timezone.localdate():%Y-%m-%d}"
    link = f"{reverse('stations:card_print')}?township={township.pk}&amp;issued_on={today}"
    assert link in response.text and "打印本乡镇今天发放的3张连心卡" in response.text
    page = client.get(reverse("stations:card_print"), {"township": township.pk, "issued_on": today})
    printed = {c["card"].station_id for sheet in page.context["sheets"] for c in sheet}
    assert printed == {station_a.pk, station_a2.pk}
    assert page.context["count"] == 3
    assert elsewhere[0].serial not in page.text
    pdf = client.get(reverse("stations:card_print_pdf"), {"township": township.pk})
    assert pdf.status_code == 302
    # Another township's cards: not found.
    other = client.get(reverse("stations:card_print"), {"township": station_b.village.township_id})
    assert other.status_code == 404


def test_cards_of_a_village_all_fresh_after_issue(issued):
    assert ContactCard.objects.valid().count() == 2
    assert all(c.fingerprint and c.duty_text == "每周二" for c in ContactCard.objects.all())
