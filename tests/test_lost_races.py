"""A page read before someone else changed the row: whoever comes second is told
what happened, in Chinese, and nothing of theirs is written; never a 500, never
silence. These run the races one step after the other (so on SQLite too); the
same races with real concurrent transactions are in the *_concurrency tests."""

# Fixtures come from tests.concern_helpers by import; their use as arguments redefines them.
# ruff: noqa: F811

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from tests.concern_helpers import (  # noqa: F401 (fixtures)
    assign_data,
    household_a,
    move,
    office_a,
    office_a2,
    raise_concern,
)
from visits import hiding
from visits import services as visit_services
from visits.concerns import services
from visits.erasure import ERASED_NAME, erase_household
from visits.models import Concern, ConcernEvent, Visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def concern(cadre_user, station_a, household_a):
    return raise_concern(cadre_user, station_a, household=household_a)


@pytest.fixture
def visit(cadre_user, station_a, household_a):
    return f.VisitFactory(
        station=station_a, author=cadre_user.cadre, household=household_a, seen="屋顶漏雨"
    )


def _assign_post(office, version):
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    return {"assign-office": office.pk, "assign-deadline": deadline, "assign-version": version}


# Concerns -------------------------------------------------------------------------------


def test_a_move_on_a_concern_hidden_meanwhile_is_told_so(concern, staff_a, office_a):
    seen = Concern.objects.get(pk=concern.pk)  # the mover's page
    hiding.hide(obj=concern, by=staff_a)
    with pytest.raises(services.ConcernHidden) as told:
        services.make_move(
            concern=seen, move="assign", user=staff_a, data={**assign_data(office_a), "note": ""}
        )
    assert told.value.concern.hidden_by == staff_a
    assert not ConcernEvent.objects.filter(move="assign").exists()


def test_the_move_page_says_who_hid_the_concern_with_a_409(client, concern, staff_a, office_a):
    other = f.UserFactory(
        username="township-b", role="township", township=staff_a.township, first_name="王主任"
    )
    hiding.hide(obj=concern, by=other)
    client.force_login(staff_a)
    url = reverse("visits:concern_move", args=[concern.pk, "assign"])
    response = client.post(url, _assign_post(office_a, concern.version))
    assert response.status_code == 409
    assert "已由王主任于" in response.text and "隐藏，本次操作未保存" in response.text
    concern = Concern.all_objects.get(pk=concern.pk)
    assert concern.state == Concern.State.ESCALATED and concern.office is None
    assert not ConcernEvent.objects.filter(move="assign").exists()


def test_a_second_assignment_by_the_same_login_from_another_window_is_told(
    client, concern, staff_a, office_a, office_a2
):
    client.force_login(staff_a)
    url = reverse("visits:concern_move", args=[concern.pk, "assign"])
    seen_version = concern.version
    assert client.post(url, _assign_post(office_a, seen_version)).status_code == 302
    # The same clerk, from a second window read before the first assignment.
    response = client.post(url, _assign_post(office_a2, seen_version))
    assert response.status_code == 409
    assert "批办至民政办" in response.text and "未保存" in response.text
    concern.refresh_from_db()
    assert concern.office == office_a
    assert ConcernEvent.objects.filter(move="assign").count() == 1
    # The very same form sent again (a double tap) is still no news.
    assert client.post(url, _assign_post(office_a, seen_version)).status_code == 302


def test_a_move_from_a_page_read_before_the_erasure_does_not_bring_the_data_back(
    concern, household_a, staff_a, office_a
):
    seen = Concern.objects.get(pk=concern.pk)  # the page still shows the description
    erase_household(household=household_a, by=staff_a)
    move(seen, "assign", staff_a, **assign_data(office_a))
    concern.refresh_from_db()
    assert concern.state == Concern.State.ASSIGNED
    assert concern.description == ERASED_NAME
    assert concern.history.first().description == ERASED_NAME


def test_hiding_a_concern_someone_hid_first_names_them_and_changes_nothing(
    client, concern, staff_a
):
    first = f.UserFactory(
        username="township-b", role="township", township=staff_a.township, first_name="王主任"
    )
    seen = Concern.objects.get(pk=concern.pk)
    hiding.hide(obj=concern, by=first)
    with pytest.raises(hiding.AlreadyHidden):
        hiding.hide(obj=seen, by=staff_a)
    client.force_login(staff_a)
    versions = Concern.history.filter(id=concern.pk).count()
    response = client.post(reverse("visits:concern_hide", args=[concern.pk]), follow=True)
    assert "已由王主任于" in response.text and "隐藏，本次未作改动" in response.text
    assert Concern.all_objects.get(pk=concern.pk).hidden_by == first
    assert Concern.history.filter(id=concern.pk).count() == versions
    # Restored twice: the second is told too.
    assert hiding.restore(obj=seen, by=staff_a).hidden_at is None
    response = client.post(reverse("visits:concern_restore", args=[concern.pk]), follow=True)
    assert "已被他人恢复" in response.text
    assert Concern.history.filter(id=concern.pk).count() == versions + 1


def test_hiding_writes_the_row_as_it_is_not_as_the_page_read_it(concern, staff_a, office_a):
    seen = Concern.objects.get(pk=concern.pk)
    move(concern, "assign", staff_a, **assign_data(office_a))
    hiding.hide(obj=seen, by=staff_a)
    hidden = Concern.all_objects.get(pk=concern.pk)
    assert hidden.state == Concern.State.ASSIGNED and hidden.office == office_a
    last = Concern.history.filter(id=concern.pk).first()
    assert last.history_change_reason == "hidden"
    assert (last.state, last.version) == (Concern.State.ASSIGNED, hidden.version)


# Visits ---------------------------------------------------------------------------------


def test_a_correction_of_a_visit_hidden_meanwhile_keeps_it_hidden(visit, staff_a):
    seen = Visit.objects.get(pk=visit.pk)  # the cadre's form
    hiding.hide(obj=visit, by=staff_a)
    with pytest.raises(visit_services.VisitHidden):
        visit_services.edit_visit(visit=seen, fields={"seen": "屋顶漏雨，已修好"})
    hidden = Visit.all_objects.get(pk=visit.pk)
    assert hidden.hidden_at is not None and hidden.seen == "屋顶漏雨"


def test_the_correction_form_says_who_hid_the_visit_with_a_409(
    client, cadre_user, visit, staff_a, household_a
):
    client.force_login(cadre_user)
    url = reverse("visits:visit_edit", args=[visit.pk])
    assert client.get(url).status_code == 200
    hiding.hide(obj=visit, by=staff_a)
    assert client.get(url).status_code == 404  # a fresh look: nothing to correct
    occurred = timezone.localtime(visit.occurred_at).strftime("%Y-%m-%dT%H:%M")
    data = {
        "household": household_a.pk,
        "kind": "home",
        "occurred_at": occurred,
        "seen": "屋顶漏雨，已修好",
    }
    response = client.post(url, data)
    assert response.status_code == 409
    assert "隐藏，您的修改未保存" in response.text
    assert "屋顶漏雨，已修好" in response.text  # what was typed comes back
    hidden = Visit.all_objects.get(pk=visit.pk)
    assert hidden.hidden_at is not None and hidden.seen == "屋顶漏雨"


def test_a_correction_keeps_a_follow_up_handed_over_meanwhile(visit, chief_user):
    seen = Visit.objects.get(pk=visit.pk)
    Visit.objects.filter(pk=visit.pk).update(follow_up=True, follow_up_owner=chief_user.cadre)
    visit_services.edit_visit(visit=seen, fields={"seen": "屋顶漏雨，已修好"})
    visit.refresh_from_db()
    assert visit.seen == "屋顶漏雨，已修好" and visit.follow_up_owner == chief_user.cadre


def test_closing_the_follow_up_of_a_visit_hidden_meanwhile_is_told(
    client, cadre_user, visit, staff_a
):
    Visit.objects.filter(pk=visit.pk).update(follow_up=True, follow_up_owner=cadre_user.cadre)
    seen = Visit.objects.get(pk=visit.pk)
    hiding.hide(obj=visit, by=staff_a)
    with pytest.raises(visit_services.VisitHidden):
        visit_services.close_follow_up(visit=seen)
    assert Visit.all_objects.get(pk=visit.pk).follow_up_closed_on is None


def test_hiding_a_visit_someone_hid_first_is_told(client, cadre_user, visit, staff_a):
    hiding.hide(obj=visit, by=staff_a)
    client.force_login(cadre_user)
    response = client.post(reverse("visits:visit_hide", args=[visit.pk]), follow=True)
    assert response.status_code == 200
    assert "隐藏，本次未作改动" in response.text
    assert Visit.all_objects.get(pk=visit.pk).hidden_by == staff_a
