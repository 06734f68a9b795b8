"""A visit that raises a concern in the same form (issue 16): what was asked becomes the
concern, with its category and what happens next, saved with the visit or not at all."""

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from visits.models import Concern, Visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def paired(cadre_user, station_a):
    household = f.HouseholdFactory(village=station_a.village, head_name="张三")
    f.PairingFactory(cadre=cadre_user.cadre, household=household)
    return household


@pytest.fixture
def phone(client, cadre_user):
    client.force_login(cadre_user)
    return client


def _visit(household, station, **overrides):
    data = {
        "token": str(uuid.uuid4()),
        "station": station.pk,
        "kind": "home",
        "household": household.pk,
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "seen": "房屋后墙开裂",
        "asked": "申请危房改造补助",
        "concern_category": "help_housing",
        "concern_move": "raise_to_township",
    }
    data.update(overrides)
    return data


def test_what_was_asked_becomes_a_concern_of_the_visit(phone, paired, station_a, cadre_user):
    response = phone.post(reverse("visits:visit_new"), _visit(paired, station_a))
    assert response.status_code == 302
    visit = Visit.objects.get()
    concern = Concern.objects.get()
    assert concern.raised_in == visit
    assert (concern.description, concern.category) == ("申请危房改造补助", "help_housing")
    assert concern.household == paired and concern.station == station_a
    assert concern.state == Concern.State.ESCALATED
    assert concern.raised_by == cadre_user.cadre
    # The visit's page shows it.
    assert "申请危房改造补助" in phone.get(visit.get_absolute_url()).text


def test_a_concern_solved_on_the_spot_keeps_what_was_done(phone, paired, station_a):
    data = _visit(
        paired, station_a, concern_move="solve_on_spot", concern_result="当场讲解了补助政策"
    )
    phone.post(reverse("visits:visit_new"), data)
    concern = Concern.objects.get()
    assert concern.state == Concern.State.ON_SPOT
    assert concern.result == "当场讲解了补助政策"


def test_a_visit_without_a_category_raises_no_concern(phone, paired, station_a):
    phone.post(reverse("visits:visit_new"), _visit(paired, station_a, concern_category=""))
    assert Visit.objects.count() == 1
    assert Concern.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"concern_move": ""}, "请选择如何办理"),
        ({"concern_move": "solve_on_spot"}, "请填写当场是如何解决的"),
        ({"asked": ""}, "它就是这条民情诉求的内容"),
        ({"concern_category": "nonsense"}, "有效的选项"),
        ({"concern_move": "assign"}, "有效的选项"),
    ],
)
def test_an_incomplete_concern_saves_neither_the_visit_nor_the_concern(
    phone, paired, station_a, change, message
):
    response = phone.post(reverse("visits:visit_new"), _visit(paired, station_a, **change))
    assert response.status_code == 400
    assert message in response.text
    assert Visit.objects.count() == 0 and Concern.objects.count() == 0


def test_a_resent_visit_raises_its_concern_once(phone, paired, station_a):
    data = _visit(paired, station_a)
    phone.post(reverse("visits:visit_new"), data)
    phone.post(reverse("visits:visit_new"), data)
    assert Visit.objects.count() == 1 and Concern.objects.count() == 1


def test_a_correction_offers_no_concern(phone, paired, station_a, cadre_user):
    visit = f.VisitFactory(station=station_a, author=cadre_user.cadre, household=paired)
    page = phone.get(reverse("visits:visit_edit", args=[visit.pk])).text
    assert "concern_category" not in page


def test_the_form_warns_of_a_household_whose_concern_is_still_open(phone, paired, station_a):
    form = reverse("visits:visit_new")
    assert "有未办结的诉求" not in phone.get(form).text
    phone.post(form, _visit(paired, station_a))  # taken to the township: open
    assert "有未办结的诉求" in phone.get(form).text


def test_a_concern_taken_elsewhere_keeps_no_result_typed_before_the_move_changed(
    phone, paired, station_a
):
    """The result is what was done on the spot; a concern taken to the township has none
    yet, even if the form still carried text typed under another choice."""
    data = _visit(paired, station_a, concern_result="当场讲解了补助政策")
    assert phone.post(reverse("visits:visit_new"), data).status_code == 302
    concern = Concern.objects.get()
    assert concern.state == Concern.State.ESCALATED
    assert concern.result == ""
