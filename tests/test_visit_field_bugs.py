"""What cadres met in the field with the visit and reception forms (issue 16), each fixed:
the household's wording and rule agree, the search never puts the CSRF token in a URL,
a saved visit says so, and a new reception's history shows no change nobody made."""

import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from visits.models import Visit

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


def _visit(station, **overrides):
    data = {
        "token": str(uuid.uuid4()),
        "station": station.pk,
        "kind": "home",
        "household": "",
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "seen": "老两口身体尚好",
    }
    data.update(overrides)
    return data


def _reception(station, **overrides):
    data = {
        "token": str(uuid.uuid4()),
        "station": station.pk,
        "village": station.village_id,
        "visitor_name": "李大娘",
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "asked": "咨询医保缴费",
        "handled": "当场讲解",
    }
    data.update(overrides)
    return data


def _changes_shown(phone, visit):
    """The visit page's list of changes ("修改记录"), empty when it shows none."""
    page = phone.get(visit.get_absolute_url()).text
    return page.split("<h2>修改记录</h2>")[1].split("</section>")[0] if "修改记录" in page else ""


def test_the_household_field_says_which_visits_may_go_without_one(phone, station_a):
    form = phone.get(reverse("visits:visit_new")).text
    assert "可不选）" not in form.split("田间地头")[0]  # never a plain "(optional)"
    assert "恳谈会、田间地头可不选" in form
    assert "不涉及具体农户（恳谈会、田间地头）" in form

    refused = phone.post(reverse("visits:visit_new"), _visit(station_a))
    assert refused.status_code == 400
    assert "只有恳谈会和田间地头可以不选农户" in refused.text
    assert Visit.objects.count() == 0

    for kind in ("field", "meeting"):
        saved = phone.post(reverse("visits:visit_new"), _visit(station_a, kind=kind))
        assert saved.status_code == 302
    assert Visit.objects.filter(household=None).count() == 2


def test_a_reception_still_may_go_without_a_household(phone, station_a):
    form = phone.get(reverse("visits:reception_new")).text
    assert "（可不选）" in form
    assert phone.post(reverse("visits:reception_new"), _reception(station_a)).status_code == 302


def test_find_without_javascript_posts_so_no_token_lands_in_a_url(phone, paired, station_a):
    form = phone.get(reverse("visits:visit_new")).text
    assert 'formmethod="get"' not in form
    find = re.search(r"<button[^>]*>查找</button>", form).group(0)
    assert 'name="find"' in find

    typed = _visit(station_a, seen="门前道路积水", q="zs", find="1")
    response = phone.post(reverse("visits:visit_new"), typed)
    assert response.status_code == 200
    assert "张三" in response.text  # found
    assert "门前道路积水" in response.text  # kept
    assert Visit.objects.count() == 0  # and nothing saved


def test_find_in_a_correction_saves_nothing(phone, paired, station_a, cadre_user):
    visit = f.VisitFactory(station=station_a, author=cadre_user.cadre, household=paired)
    data = _visit(station_a, household=paired.pk, seen="改过的内容", q="zs", find="1")
    response = phone.post(reverse("visits:visit_edit", args=[visit.pk]), data)
    assert response.status_code == 200
    assert "改过的内容" in response.text
    visit.refresh_from_db()
    assert visit.seen != "改过的内容"


def test_a_saved_visit_says_saved_also_when_sent_again(phone, paired, station_a):
    data = _visit(station_a, household=paired.pk)
    first = phone.post(reverse("visits:visit_new"), data, follow=True)
    assert "已保存" in first.text
    # The phone resends a visit whose answer it never got: the same page, saved once.
    again = phone.post(reverse("visits:visit_new"), data, follow=True)
    assert "已保存" in again.text
    assert Visit.objects.count() == 1
    # The visit's page opened later (no token of this send) does not claim it.
    assert "已保存" not in phone.get(Visit.objects.get().get_absolute_url()).text


def test_a_new_reception_shows_no_change_in_its_history(phone, station_a, cadre_user):
    f.DutyDayFactory(station=station_a, cadre=cadre_user.cadre, date=timezone.localdate())
    phone.post(reverse("visits:reception_new"), _reception(station_a))
    visit = Visit.objects.get()
    assert visit.duty_day is not None
    assert [h.history_type for h in visit.history.all()] == ["+"]
    assert "修改" not in _changes_shown(phone, visit)


def test_a_new_visit_with_companions_is_one_creation_in_its_history(
    phone, paired, station_a, chief_user
):
    data = _visit(station_a, household=paired.pk, companions=[chief_user.cadre.pk])
    phone.post(reverse("visits:visit_new"), data)
    visit = Visit.objects.get()
    records = list(visit.history.all())
    assert [h.history_type for h in records] == ["+"]
    # The one entry knows who went along.
    assert [c.cadre_id for c in records[0].companions.all()] == [chief_user.cadre.pk]
    assert "修改" not in _changes_shown(phone, visit)
