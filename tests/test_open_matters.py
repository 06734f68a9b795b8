"""The cadre keeps one book: a follow-up whose visit raised a concern is one matter, shown
with the concern, and closes when the concern closes; the button says what it does; raising
a concern warns of an open, overdue one of the same kind (issue 14)."""

# ruff: noqa: F811

import datetime
import importlib
import re
import uuid

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from tests.concern_helpers import (  # noqa: F401
    ConcernFactory,
    S,
    move,
    office_a,
    raise_concern,
)
from visits.models import Concern, Visit

pytestmark = pytest.mark.django_db


def _today(client, user):
    client.force_login(user)
    response = client.get(reverse("visits:today"))
    assert response.status_code == 200
    return response


def _matters(text):
    return re.findall(r'<li class="matter" data-matter="([\w-]+)">(.*?)</li>', text, re.S)


@pytest.fixture
def household(station_a):
    return f.HouseholdFactory(village=station_a.village, head_name="张秋菊")


@pytest.fixture
def raised(cadre_user, station_a, household):
    """A visit with a follow-up that raised a concern the station handles itself."""
    visit = f.VisitFactory(
        station=station_a,
        author=cadre_user.cadre,
        household=household,
        follow_up=True,
        follow_up_owner=cadre_user.cadre,
        asked="家门口水管破裂",
    )
    concern = raise_concern(
        cadre_user,
        station_a,
        "keep_at_station",
        visit=visit,
        household=household,
        description="家门口水管破裂，需维修",
    )
    return visit, concern


def test_a_follow_up_that_raised_a_concern_is_one_matter(client, cadre_user, raised):
    visit, concern = raised
    text = _today(client, cadre_user).text
    matters = _matters(text)
    assert [kind for kind, _body in matters] == ["concern"]
    body = matters[0][1]
    assert concern.get_absolute_url() in body and visit.get_absolute_url() in body
    assert "诉求销号时自动关闭" in body
    assert reverse("visits:follow_up_close", args=[visit.pk]) not in text


def test_a_follow_up_closes_when_its_concern_closes(client, cadre_user, raised):
    visit, concern = raised
    concern = move(concern, "station_done", cadre_user, result="已联系水务站修好")
    visit.refresh_from_db()
    assert visit.follow_up_closed_on is None  # done is not closed: the household has its say
    concern = move(concern, "feedback", cadre_user, how="in_person", on=timezone.localdate())
    concern = move(concern, "close", cadre_user, verdict="satisfied")
    visit.refresh_from_db()
    assert visit.follow_up_closed_on == timezone.localdate()
    assert _matters(_today(client, cadre_user).text) == []


def test_closing_a_concern_closes_its_own_follow_up_whatever_else_is_open(
    client, cadre_user, staff_a, raised, station_a, household
):
    """Another visit's follow-up (the cadre's newest) and a concern raised elsewhere stay
    open; neither keeps this visit's follow-up open nor is closed with it."""
    visit, concern = raised
    newer = f.VisitFactory(
        station=station_a,
        author=cadre_user.cadre,
        household=household,
        follow_up=True,
        occurred_at=visit.occurred_at + datetime.timedelta(hours=1),
        asked="想问低保怎么申请",
    )
    elsewhere = raise_concern(cadre_user, station_a, "keep_at_station", household=household)
    move(concern, "explain", staff_a, explanation="已向农户解释政策")
    visit.refresh_from_db()
    newer.refresh_from_db()
    assert visit.follow_up_closed_on == timezone.localdate()
    assert newer.follow_up_closed_on is None
    assert Concern.objects.get(pk=elsewhere.pk).is_open
    kinds = [kind for kind, _body in _matters(_today(client, cadre_user).text)]
    assert sorted(kinds) == ["concern", "follow-up"]


def test_a_follow_up_stays_open_while_another_of_its_concerns_is_open(
    cadre_user, staff_a, raised, station_a, household
):
    visit, first = raised
    raise_concern(cadre_user, station_a, "keep_at_station", visit=visit, household=household)
    move(first, "explain", staff_a, explanation="已向农户解释政策")
    visit.refresh_from_db()
    assert visit.follow_up_closed_on is None


def test_a_follow_up_alone_offers_a_worded_action_not_a_red_state(client, cadre_user, station_a):
    visit = f.VisitFactory(
        station=station_a, author=cadre_user.cadre, follow_up=True, asked="问养老保险"
    )
    text = _today(client, cadre_user).text
    [(kind, body)] = _matters(text)
    assert kind == "follow-up"
    assert reverse("visits:follow_up_close", args=[visit.pk]) in body
    assert '<button type="submit" class="small secondary">标记为已跟进</button>' in body
    assert ">已办结</button>" not in text


def test_overdue_matters_come_first(client, cadre_user, station_a, office_a):
    today = timezone.localdate()
    f.VisitFactory(station=station_a, author=cadre_user.cadre, follow_up=True, asked="新的跟进")
    ConcernFactory(
        station=station_a,
        raised_by=cadre_user.cadre,
        assigned=True,
        office=office_a,
        raised_at=timezone.now() - datetime.timedelta(days=20),
        deadline=today - datetime.timedelta(days=2),
        description="已经逾期的诉求",
    )
    text = _today(client, cadre_user).text
    assert text.index("已经逾期的诉求") < text.index("新的跟进")


def test_the_data_migration_closes_follow_ups_of_closed_concerns(cadre_user, station_a):
    migration = importlib.import_module(
        "visits.migrations.0009_close_follow_ups_of_closed_concerns"
    )
    closed_on = datetime.datetime(2026, 11, 30, 17, 0, tzinfo=datetime.UTC)  # 1 Dec in Beijing

    def follow_up_with(*states):
        visit = f.VisitFactory(station=station_a, author=cadre_user.cadre, follow_up=True)
        for state in states:
            ConcernFactory(
                station=station_a,
                raised_in=visit,
                state=state,
                closed_at=closed_on if state in (S.CLOSED, S.EXPLAINED) else None,
            )
        return visit

    settled = follow_up_with(S.CLOSED, S.EXPLAINED)
    half = follow_up_with(S.CLOSED, S.STATION)
    alone = follow_up_with()
    on_spot = follow_up_with(S.ON_SPOT)
    migration.close_follow_ups(apps, None)
    closed = dict(Visit.objects.values_list("pk", "follow_up_closed_on"))
    assert closed[settled.pk] == datetime.date(2026, 12, 1)
    assert closed[half.pk] is None and closed[alone.pk] is None and closed[on_spot.pk] is None


# Raising a concern where one of the same kind is overdue -------------------------------


@pytest.fixture
def overdue(station_a, household, office_a):
    return ConcernFactory(
        station=station_a,
        household=household,
        assigned=True,
        office=office_a,
        category=Concern.Category.INFRA_WATER,
        raised_at=timezone.now() - datetime.timedelta(days=30),
        deadline=timezone.localdate() - datetime.timedelta(days=3),
        description="自来水停水一周",
    )


def _form(category, **extra):
    return {
        "token": str(uuid.uuid4()),
        "category": category,
        "description": "又来反映停水",
        "urgency": "normal",
        "disposition": "raise_to_township",
        **extra,
    }


def test_raising_warns_of_an_overdue_concern_of_the_same_kind(
    client, cadre_user, station_a, household, overdue
):
    visit = f.VisitFactory(station=station_a, author=cadre_user.cadre, household=household)
    client.force_login(cadre_user)
    url = reverse("visits:concern_from_visit", args=[visit.pk])
    shown = client.get(url)
    assert overdue.get_absolute_url() in shown.text  # before anything is typed
    refused = client.post(url, _form(Concern.Category.INFRA_WATER))
    assert refused.status_code == 400
    assert "该户已有一件同类诉求逾期未办结" in refused.text
    assert overdue.get_absolute_url() in refused.text
    assert Concern.objects.count() == 1
    saved = client.post(url, _form(Concern.Category.INFRA_WATER, record_anyway="on"))
    assert saved.status_code == 302
    assert Concern.objects.count() == 2


def test_another_kind_is_raised_without_a_warning(
    client, cadre_user, station_a, household, overdue
):
    visit = f.VisitFactory(station=station_a, author=cadre_user.cadre, household=household)
    client.force_login(cadre_user)
    url = reverse("visits:concern_from_visit", args=[visit.pk])
    assert client.post(url, _form(Concern.Category.INFRA_ROAD)).status_code == 302


def test_township_staff_entering_one_are_warned_too(client, staff_a, household, overdue):
    client.force_login(staff_a)
    data = _form(Concern.Category.INFRA_WATER, village=household.village_id, household=household.pk)
    response = client.post(reverse("visits:concern_new"), data)
    assert response.status_code == 400
    assert overdue.get_absolute_url() in response.text
