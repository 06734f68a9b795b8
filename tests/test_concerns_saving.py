"""Raising a concern as people meet it: a form resent, a token that is another
user's, a household of another village, a dispute settled on the spot (issue 21:
each fails with a mutant of ``visits.concerns.services`` no other test caught)."""

# Fixtures come from tests.concern_helpers by import; their use as arguments redefines them.
# ruff: noqa: F811

import time
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from tests.concern_helpers import household_a  # noqa: F401 (fixtures)
from tests.concurrency import at_once
from visits.concerns import flow, services
from visits.concerns.figures import concern_figures
from visits.models import Concern

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit_a(station_a, cadre_user, household_a):
    return f.VisitFactory(
        station=station_a, author=cadre_user.cadre, household=household_a, asked="申请低保"
    )


def _raise_data(**extra):
    return {
        "token": str(uuid.uuid4()),
        "category": "help_subsistence",
        "description": "老人长期患病，申请低保",
        "urgency": "normal",
        "disposition": "raise_to_township",
        **extra,
    }


def _phone(client, user):
    client.force_login(user)
    return client


def test_a_resent_form_says_recorded_once_and_shows_the_same_concern(client, cadre_user, visit_a):
    client = _phone(client, cadre_user)
    url = reverse("visits:concern_from_visit", args=[visit_a.pk])
    data = _raise_data()
    first = client.post(url, data, follow=True)
    second = client.post(url, data, follow=True)
    assert "民情诉求已记录" in first.text
    assert "民情诉求已记录" not in second.text
    assert first.redirect_chain == second.redirect_chain
    assert Concern.objects.count() == 1


def test_another_users_token_is_refused_and_their_concern_is_untouched(
    client, cadre_user, chief_user, visit_a
):
    token = str(uuid.uuid4())
    url = reverse("visits:concern_from_visit", args=[visit_a.pk])
    _phone(client, chief_user).post(url, _raise_data(token=token, description="站长记下的诉求"))

    response = _phone(client, cadre_user).post(
        url, _raise_data(token=token, description="我记下的诉求")
    )

    assert response.status_code == 400
    assert "表单已失效，请重新打开" in response.text
    assert "我记下的诉求" in response.text
    concern = Concern.objects.get()
    assert (concern.created_by, concern.description) == (chief_user, "站长记下的诉求")


def test_a_household_of_another_village_is_refused_and_nothing_written(
    cadre_user, station_a, station_a2
):
    elsewhere = f.HouseholdFactory(village=station_a2.village)
    with pytest.raises(services.MoveRefused):
        services.raise_concern(
            user=cadre_user,
            station=station_a,
            move=flow.MOVES["raise_to_township"],
            token=uuid.uuid4(),
            fields={
                "category": Concern.Category.HELP_SUBSISTENCE,
                "description": "申请低保",
                "household": elsewhere,
            },
        )
    assert not Concern.objects.exists()


def test_a_dispute_settled_on_the_spot_counts_as_mediated_that_day(
    client, cadre_user, visit_a, station_a
):
    client = _phone(client, cadre_user)
    data = _raise_data(
        category="dispute_land", disposition="solve_on_spot", result="当场调解，双方签字"
    )
    client.post(reverse("visits:concern_from_visit", args=[visit_a.pk]), data)
    today = timezone.localdate()
    figures = concern_figures(station=station_a, start=today, end=today)
    # Found (排查) and mediated successfully the same day: 调处率 1 of 1.
    assert (figures["disputes"], figures["disputes_mediated"]) == (1, 1)
    page = client.get(Concern.objects.get().get_absolute_url()).text
    timeline = page.split('<ul class="plain timeline">', 1)[1].split("</ul>", 1)[0]
    assert "调处成功" in timeline  # the raising itself records the outcome
    assert "当场调解，双方签字" in timeline  # and what was done there and then


# The same form arriving twice at the same moment needs real concurrent transactions.


@pytest.fixture
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite runs one write transaction at a time")


@pytest.fixture
def _slow_insert(monkeypatch):
    """Each request holds its new concern a moment before committing: the other, which
    looked for the token before that, finds the unique token taken when it inserts."""
    save = Concern.save

    def slow_save(self, *args, **kwargs):
        save(self, *args, **kwargs)
        time.sleep(0.4)

    monkeypatch.setattr(Concern, "save", slow_save)


def _post(user, url, data):
    client = Client()
    client.force_login(user)
    return client.post(url, data)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_postgresql_only", "_slow_insert")
def test_a_form_arriving_twice_at_once_records_one_concern_and_shows_it(cadre_user, visit_a):
    url = reverse("visits:concern_from_visit", args=[visit_a.pk])
    _post(cadre_user, url, _raise_data(description="上周记下的诉求"))  # an earlier one
    data = _raise_data()

    responses = at_once(*(lambda: _post(cadre_user, url, data) for _ in range(2)))

    concern = Concern.objects.get(token=data["token"])
    assert [r.status_code for r in responses] == [302, 302], responses
    assert {r.url for r in responses} == {concern.get_absolute_url()}
    assert Concern.objects.count() == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_postgresql_only", "_slow_insert")
def test_two_people_sending_one_token_at_once_one_is_recorded_the_other_told(
    cadre_user, chief_user, visit_a
):
    url = reverse("visits:concern_from_visit", args=[visit_a.pk])
    token = str(uuid.uuid4())
    forms = {
        cadre_user: _raise_data(token=token, description="组员记下的诉求"),
        chief_user: _raise_data(token=token, description="站长记下的诉求"),
    }

    responses = at_once(*(lambda u=u, d=d: _post(u, url, d) for u, d in forms.items()))

    concern = Concern.objects.get()
    assert sorted(r.status_code for r in responses) == [302, 400], responses
    told = next(r for r in responses if r.status_code == 400)
    assert "表单已失效，请重新打开" in told.text
    assert concern.description not in told.text


def test_the_concerns_history_names_who_raised_it_outside_a_request_too(
    admin_client, cadre_user, station_a
):
    """A command or a job raising a concern has no request to name the user: the
    service names them, and the admin's history of the concern shows who."""
    cadre_user.first_name = "王建国"
    cadre_user.save()
    concern, _ = services.raise_concern(
        user=cadre_user,
        station=station_a,
        move=flow.MOVES["raise_to_township"],
        token=uuid.uuid4(),
        fields={"category": "infra_road", "description": "村道塌方"},
    )
    page = admin_client.get(reverse("admin:visits_concern_history", args=[concern.pk])).text
    assert "王建国" in page
