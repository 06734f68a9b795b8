"""Visits and concerns are hidden, never deleted: counted nowhere, restorable by township staff."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from stations.duty.selectors import station_month
from tests import factories as f
from tests.concern_helpers import ConcernFactory, OfficeFactory
from visits.concerns.figures import concern_figures
from visits.concerns.selectors import offices_page
from visits.models import Concern, Visit
from visits.supervision.overview import township_overview


@pytest.fixture
def visit(cadre_user, station_a):
    return f.VisitFactory(station=station_a, author=cadre_user.cadre, seen="屋顶漏雨")


@pytest.fixture
def concern(station_a):
    return ConcernFactory(station=station_a)


def _hide(client, obj):
    name = "visits:visit_hide" if isinstance(obj, Visit) else "visits:concern_hide"
    return client.post(reverse(name, args=[obj.pk]))


def _restore(client, obj):
    name = "visits:visit_restore" if isinstance(obj, Visit) else "visits:concern_restore"
    return client.post(reverse(name, args=[obj.pk]))


# Hiding a visit ---------------------------------------------------------------------


def test_a_cadre_hides_their_own_visit_within_the_edit_window(client, cadre_user, visit):
    client.force_login(cadre_user)
    page = client.get(visit.get_absolute_url())
    assert reverse("visits:visit_hide", args=[visit.pk]) in page.text
    response = _hide(client, visit)
    assert response.status_code == 302 and response["Location"] == reverse("visits:my_history")
    hidden = Visit.all_objects.get(pk=visit.pk)
    assert hidden.hidden_at is not None and hidden.hidden_by == cadre_user
    assert not Visit.objects.exists()  # gone from every page and figure...
    assert Visit.all_objects.count() == 1  # ...but never deleted
    assert client.get(visit.get_absolute_url()).status_code == 404
    assert "屋顶漏雨" not in client.get(reverse("visits:my_history")).text


def test_a_cadre_cannot_hide_after_the_edit_window_or_anothers_visit(
    client, cadre_user, chief_user, visit, settings
):
    client.force_login(chief_user)
    assert _hide(client, visit).status_code == 403  # not their visit
    Visit.objects.filter(pk=visit.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=settings.VISIT_EDIT_HOURS + 1)
    )
    client.force_login(cadre_user)
    assert _hide(client, visit).status_code == 403
    assert (
        reverse("visits:visit_hide", args=[visit.pk])
        not in client.get(visit.get_absolute_url()).text
    )
    assert Visit.objects.count() == 1


def test_hiding_is_post_only_and_scoped(client, staff_a, staff_b, supervisor, visit):
    url = reverse("visits:visit_hide", args=[visit.pk])
    client.force_login(staff_a)
    assert client.get(url).status_code == 405
    client.force_login(staff_b)
    assert client.post(url).status_code == 404
    client.force_login(supervisor)
    assert client.post(url).status_code == 403
    assert Visit.objects.count() == 1


def test_township_staff_hide_and_restore_a_visit(client, staff_a, visit, township_a):
    client.force_login(staff_a)
    response = _hide(client, visit)
    assert response["Location"] == reverse("concerns:township_hidden", args=[township_a.pk])
    hidden_page = client.get(response["Location"])
    assert hidden_page.status_code == 200
    assert reverse("visits:visit_restore", args=[visit.pk]) in hidden_page.text
    assert _restore(client, visit).status_code == 302
    restored = Visit.objects.get()
    assert restored.hidden_at is None and restored.hidden_by is None
    assert client.get(visit.get_absolute_url()).status_code == 200


def test_only_township_staff_restore(client, cadre_user, staff_b, visit):
    client.force_login(cadre_user)
    _hide(client, visit)
    assert _restore(client, visit).status_code == 403  # a cadre hides, never restores
    client.force_login(staff_b)
    assert _restore(client, visit).status_code == 404
    assert not Visit.objects.exists()


def test_hiding_and_restoring_leave_history_rows(client, staff_a, visit):
    client.force_login(staff_a)
    _hide(client, visit)
    _restore(client, visit)
    versions = list(Visit.history.filter(id=visit.pk).order_by("history_id"))
    assert [v.history_change_reason for v in versions[-2:]] == ["hidden", "restored"]
    assert versions[-2].hidden_at is not None and versions[-2].history_user == staff_a
    assert versions[-1].hidden_at is None


def test_hidden_visits_count_in_no_figure(client, staff_a, cadre_user, station_a, township_a):
    today = timezone.localdate()
    duty = f.DutyDayFactory(station=station_a, date=today, cadre=cadre_user.cadre, held=True)
    kept = f.VisitFactory(station=station_a, author=cadre_user.cadre)
    hidden = f.VisitFactory(
        station=station_a, author=cadre_user.cadre, kind=Visit.Kind.RECEPTION, duty_day=duty
    )

    def figures():
        row = township_overview(township_a)["rows"][0]
        month = station_month(station_a, today.year, today.month)
        # The overview counts visits and receptions apart (issue 14).
        return row["visits"], row["receptions"], month["receptions"]

    assert figures() == (1, 1, 1)
    client.force_login(staff_a)
    _hide(client, hidden)
    assert figures() == (1, 0, 0)
    assert kept.household.visits.count() == 1
    _restore(client, hidden)
    assert figures() == (1, 1, 1)


# Hiding a concern -----------------------------------------------------------------------


def test_a_concern_of_a_hidden_visit_no_longer_links_to_it(client, staff_a, visit):
    concern = ConcernFactory(station=visit.station, raised_in=visit)
    link = reverse("visits:visit_detail", args=[visit.pk])
    client.force_login(staff_a)
    assert link in client.get(concern.get_absolute_url()).text
    _hide(client, visit)
    page = client.get(concern.get_absolute_url())
    assert page.status_code == 200 and link not in page.text
    _restore(client, visit)
    assert link in client.get(concern.get_absolute_url()).text


def test_township_staff_hide_and_restore_a_concern(client, staff_a, concern, township_a):
    client.force_login(staff_a)
    assert (
        reverse("visits:concern_hide", args=[concern.pk])
        in client.get(concern.get_absolute_url()).text
    )
    assert _hide(client, concern).status_code == 302
    assert not Concern.objects.exists() and Concern.all_objects.count() == 1
    assert client.get(concern.get_absolute_url()).status_code == 404
    hidden_page = client.get(reverse("concerns:township_hidden", args=[township_a.pk]))
    assert reverse("visits:concern_restore", args=[concern.pk]) in hidden_page.text
    assert _restore(client, concern).status_code == 302
    assert client.get(concern.get_absolute_url()).status_code == 200
    reasons = [v.history_change_reason for v in Concern.history.filter(id=concern.pk)]
    assert "hidden" in reasons and "restored" in reasons


def test_concerns_are_hidden_by_township_staff_only(
    client, cadre_user, staff_b, supervisor, concern
):
    for user, status in ((cadre_user, 403), (supervisor, 403), (staff_b, 404)):
        client.force_login(user)
        assert _hide(client, concern).status_code == status
    assert Concern.objects.count() == 1


def test_hidden_concerns_count_in_no_figure(client, staff_a, station_a, township_a):
    office = OfficeFactory(township=township_a)
    kept = ConcernFactory(station=station_a, assigned=True, office=office)
    hidden = ConcernFactory(station=station_a, assigned=True, office=office)
    today = timezone.localdate()

    def figures():
        counts = concern_figures(
            township=township_a, start=today - datetime.timedelta(days=7), end=today
        )
        (row,) = offices_page(township_a, today=today)
        return counts["raised"], row.open_count

    assert figures() == (2, 2)
    client.force_login(staff_a)
    _hide(client, hidden)
    assert figures() == (1, 1)
    page = client.get(reverse("concerns:township_concerns", args=[township_a.pk]) + "?tab=assigned")
    assert reverse("visits:concern_detail", args=[hidden.pk]) not in page.text
    assert kept.pk in Concern.objects.values_list("pk", flat=True)
    _restore(client, hidden)
    assert figures() == (2, 2)


def test_a_resent_form_of_a_hidden_visit_finds_it_and_makes_no_second_one(cadre_user, visit):
    from visits.services import log_visit

    visit.token = uuid.uuid4()
    visit.save()
    visit.hidden_at = timezone.now()
    visit.save()
    found, created = log_visit(
        author=cadre_user.cadre, station=visit.station, token=visit.token, fields={}
    )
    assert (found.pk, created) == (visit.pk, False)
    assert Visit.all_objects.count() == 1


# The hidden list ---------------------------------------------------------------------------


def test_the_hidden_list_is_for_its_own_township_staff(
    client, staff_a, staff_b, supervisor, township_a
):
    url = reverse("concerns:township_hidden", args=[township_a.pk])
    assert client.get(url).status_code == 302
    client.force_login(staff_b)
    assert client.get(url).status_code == 404
    client.force_login(supervisor)
    assert client.get(url).status_code == 403
    client.force_login(staff_a)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 405


@pytest.mark.parametrize("n", [2, 20])
def test_the_hidden_list_costs_a_fixed_number_of_queries(
    client, staff_a, station_a, township_a, n, django_assert_max_num_queries
):
    now = timezone.now()
    for _ in range(n):
        f.VisitFactory(station=station_a, hidden_at=now, hidden_by=staff_a)
        ConcernFactory(station=station_a, hidden_at=now, hidden_by=staff_a)
    client.force_login(staff_a)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("concerns:township_hidden", args=[township_a.pk]))
    assert response.text.count("/restore/") == 2 * n
