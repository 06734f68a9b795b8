"""The cadre's start page (我的工作站): today's duty, paired households, open follow-ups."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def phone(client, cadre_user):
    client.force_login(cadre_user)
    return client


def _at(days_ago):
    return timezone.now() - datetime.timedelta(days=days_ago)


def test_paired_households_longest_unvisited_first_with_contacts_against_quota(
    phone, cadre_user, chief_user, station_a, settings
):
    settings.PAIRED_CONTACTS_PER_YEAR = 3
    me = cadre_user.cadre
    never = f.HouseholdFactory(village=station_a.village, head_name="王五")
    long_ago = f.HouseholdFactory(village=station_a.village, head_name="李四")
    recent = f.HouseholdFactory(village=station_a.village, head_name="张三")
    for household in (never, long_ago, recent):
        f.PairingFactory(cadre=me, household=household)
    today = timezone.localdate()
    early = 40
    f.VisitFactory(station=station_a, author=me, household=long_ago, occurred_at=_at(early))
    for days in (1, 2, 3):
        f.VisitFactory(station=station_a, author=me, household=recent, occurred_at=_at(days))
    # Someone else's visit is not my contact.
    f.VisitFactory(station=station_a, author=chief_user.cadre, household=never)
    response = phone.get(reverse("visits:today"))
    text = response.text
    assert response.status_code == 200
    assert text.index("王五") < text.index("李四") < text.index("张三")
    assert "尚未联系" in text
    assert f"{early} 天未联系" in text
    if today.timetuple().tm_yday > early:
        assert "今年联系 1/3 次" in text
    assert "今年联系 3/3 次" in text
    assert f"{reverse('visits:visit_new')}?household={never.pk}" in text


def test_a_visit_as_a_companion_counts_as_my_contact(phone, cadre_user, chief_user, station_a):
    household = f.HouseholdFactory(village=station_a.village, head_name="赵六")
    f.PairingFactory(cadre=cadre_user.cadre, household=household)
    joint = f.VisitFactory(
        station=station_a, author=chief_user.cadre, household=household, occurred_at=_at(2)
    )
    joint.companions.add(cadre_user.cadre)
    assert "2 天未联系" in phone.get(reverse("visits:today")).text


def test_my_duty_today_is_announced(phone, cadre_user, station_a):
    f.DutyDayFactory(station=station_a, cadre=cadre_user.cadre, date=timezone.localdate())
    response = phone.get(reverse("visits:today"))
    assert f"今天是您在{station_a.name}的值班日" in response.text
    assert "接访登记" in response.text


def test_who_else_is_on_duty_this_week(phone, chief_user, station_a):
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    f.DutyDayFactory(station=station_a, cadre=chief_user.cadre, date=monday)
    response = phone.get(reverse("visits:today"))
    assert chief_user.cadre.name in response.text


def test_open_follow_ups_newest_first_and_closed_ones_gone(phone, cadre_user, station_a):
    me = cadre_user.cadre
    old = f.VisitFactory(
        station=station_a, author=me, follow_up=True, occurred_at=_at(5), asked="修水渠"
    )
    new = f.VisitFactory(
        station=station_a, author=me, follow_up=True, occurred_at=_at(1), asked="办低保"
    )
    f.VisitFactory(station=station_a, author=me, follow_up=False, asked="问政策")
    text = phone.get(reverse("visits:today")).text
    assert text.index("办低保") < text.index("修水渠")
    assert "问政策" not in text
    response = phone.post(reverse("visits:follow_up_close", args=[new.pk]))
    assert response.status_code == 302
    new.refresh_from_db()
    assert new.follow_up_closed_on == timezone.localdate()
    assert "办低保" not in phone.get(reverse("visits:today")).text
    assert old.follow_up_closed_on is None


def test_closing_someone_elses_follow_up_is_refused(phone, chief_user, station_a):
    theirs = f.VisitFactory(station=station_a, author=chief_user.cadre, follow_up=True)
    assert phone.post(reverse("visits:follow_up_close", args=[theirs.pk])).status_code == 403
    theirs.refresh_from_db()
    assert theirs.follow_up_closed_on is None


def test_closing_a_follow_up_of_another_station_is_not_found(phone, station_b):
    other = f.VisitFactory(station=station_b, follow_up=True)
    assert phone.post(reverse("visits:follow_up_close", args=[other.pk])).status_code == 404


def test_closing_a_follow_up_is_post_only(phone, cadre_user, station_a):
    mine = f.VisitFactory(station=station_a, author=cadre_user.cadre, follow_up=True)
    assert phone.get(reverse("visits:follow_up_close", args=[mine.pk])).status_code == 405


def test_the_start_page_is_get_only(phone):
    assert phone.post(reverse("visits:today")).status_code == 405


def test_the_start_page_costs_the_same_queries_at_any_size(
    phone, cadre_user, chief_user, station_a, django_assert_max_num_queries
):
    me = cadre_user.cadre
    for size in (2, 25):
        for _ in range(size):
            household = f.HouseholdFactory(village=station_a.village)
            f.PairingFactory(cadre=me, household=household)
            f.VisitFactory(station=station_a, author=me, household=household, follow_up=True)
            f.DutyDayFactory(
                station=station_a,
                cadre=chief_user.cadre,
                date=timezone.localdate() - datetime.timedelta(days=size + _ + 10),
            )
        # 10: with whether today is a public holiday (no duty by the rule then)
        with django_assert_max_num_queries(10):
            assert phone.get(reverse("visits:today")).status_code == 200
