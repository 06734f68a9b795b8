"""Removing a household's personal data: the person goes (history too), the statistics stay."""

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from tests import factories as f
from tests.concern_helpers import ConcernFactory
from villages.models import AccessLog, Household, HouseholdTag
from visits.erasure import ERASED_NAME
from visits.models import Concern, ConcernEvent, Visit, VisitPhoto

PHONE = "13907391234"


def _jpeg():
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, "JPEG")
    return ContentFile(out.getvalue(), name="p.jpg")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def person(station_a, media):
    """A household with a tag, a corrected phone (two versions), a visit with a photo, a concern."""
    household = f.HouseholdFactory(
        village=station_a.village, head_name="张秋菊", phone="13900000000", address="高石村三组"
    )
    household.tags.add(HouseholdTag.objects.get(code="hardship"))
    household.phone = PHONE
    household.save()
    visit = f.VisitFactory(
        station=station_a, household=household, seen="张秋菊家漏雨", asked="申请危房改造"
    )
    photo = VisitPhoto.objects.create(visit=visit, image=_jpeg())
    concern = ConcernFactory(station=station_a, household=household, description="张秋菊申请低保")
    ConcernEvent.objects.create(
        concern=concern, move="raise", to_state=concern.state, version=1, note="电话13907391234"
    )
    return {"household": household, "visit": visit, "photo": photo, "concern": concern}


def _erase(client, household, address="127.0.0.1", **data):
    url = reverse("villages:household_erase", args=[household.pk])
    return client.post(url, data, REMOTE_ADDR=address)


def test_removal_drops_the_person_and_keeps_the_statistics(
    client, staff_a, station_a, person, media, django_capture_on_commit_callbacks
):
    household = person["household"]
    photo_file = media / person["photo"].image.name
    assert photo_file.exists()
    client.force_login(staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = _erase(client, household, confirm="on", reason="本人申请")
    assert response.status_code == 302

    household.refresh_from_db()
    assert household.head_name == ERASED_NAME
    assert (household.phone, household.address) == ("", "")
    # The statistics: still a household of the village, with its tag, visit and concern.
    assert Household.objects.filter(village=station_a.village).count() == 1
    assert list(household.tags.values_list("code", flat=True)) == ["hardship"]
    assert household.members >= 1
    assert Visit.objects.filter(household=household).count() == 1
    assert Concern.objects.filter(household=household).count() == 1
    # ... but nothing that names or describes the person.
    visit = Visit.objects.get()
    assert (visit.seen, visit.asked) == ("", "")
    assert visit.kind and visit.occurred_at  # what happened when stays
    assert "张秋菊" not in Concern.objects.get().description
    assert ConcernEvent.objects.get().note == ""
    assert not VisitPhoto.objects.exists()
    assert not photo_file.exists()


def test_removal_purges_every_history_version(client, staff_a, person):
    household = person["household"]
    before = household.history.count()
    assert before >= 2  # created, then the phone corrected
    client.force_login(staff_a)
    _erase(client, household, confirm="on")
    versions = household.history.all()
    assert versions.count() == before + 1  # the removal itself is a version
    for version in versions:
        assert version.head_name == ERASED_NAME
        assert (version.phone, version.address) == ("", "")
    assert versions.first().history_user == staff_a
    assert versions.first().history_change_reason == "personal data removed"
    for version in Visit.history.all():
        assert "张秋菊" not in version.seen
    for version in Concern.history.all():
        assert "张秋菊" not in version.description
    everything = [str(v.__dict__) for v in [*household.history.all(), *Visit.history.all()]]
    assert not any(PHONE in text or "高石村三组" in text for text in everything)


def test_removal_is_logged(client, staff_a, person):
    client.force_login(staff_a)
    _erase(client, person["household"], "10.0.0.5", confirm="on", reason="本人申请")
    log = AccessLog.objects.get(action=AccessLog.Action.ERASE)
    assert (log.user, log.object_id, log.address) == (staff_a, person["household"].pk, "10.0.0.5")
    assert log.what == "本人申请"


def test_removal_needs_the_confirmation(client, staff_a, person):
    household = person["household"]
    client.force_login(staff_a)
    page = client.get(reverse("villages:household_erase", args=[household.pk]))
    assert page.status_code == 200
    assert "张秋菊" in page.text and 'type="checkbox"' in page.text
    response = _erase(client, household)
    assert response.status_code == 400
    household.refresh_from_db()
    assert household.head_name == "张秋菊" and household.phone == PHONE
    assert not AccessLog.objects.filter(action=AccessLog.Action.ERASE).exists()


def test_removal_is_for_the_households_own_township_staff(
    client, staff_b, supervisor, cadre_user, person
):
    household = person["household"]
    url = reverse("villages:household_erase", args=[household.pk])
    assert client.post(url, {"confirm": "on"}).status_code == 302  # anonymous: login
    client.force_login(staff_b)
    assert client.post(url, {"confirm": "on"}).status_code == 404
    client.force_login(supervisor)
    assert client.post(url, {"confirm": "on"}).status_code == 403
    client.force_login(cadre_user)
    assert client.post(url, {"confirm": "on"}).status_code == 403
    assert client.put(url).status_code in (403, 405)
    household.refresh_from_db()
    assert household.head_name == "张秋菊"


def test_the_household_page_links_to_removal_for_staff_only(client, staff_a, supervisor, person):
    url = reverse("villages:household_erase", args=[person["household"].pk])
    detail = reverse("villages:household_detail", args=[person["household"].pk])
    client.force_login(staff_a)
    assert url in client.get(detail).text
    client.force_login(supervisor)
    assert url not in client.get(detail).text


def test_correction_keeps_working_and_leaves_a_version(client, staff_a, station_a, person):
    household = person["household"]
    client.force_login(staff_a)
    data = {
        "village": station_a.village.pk,
        "head_name": "张秋菊",
        "phone": "13911112222",
        "members": 3,
        "address": "高石村四组",
        "save_anyway": "on",
    }
    response = client.post(reverse("villages:household_edit", args=[household.pk]), data)
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.phone == "13911112222"
    assert household.history.first().history_user == staff_a


@pytest.mark.parametrize("n", [1, 15])
def test_removal_costs_a_bounded_number_of_queries(
    client, staff_a, station_a, media, n, django_assert_max_num_queries
):
    household = f.HouseholdFactory(village=station_a.village, phone=PHONE)
    for _ in range(n):
        visit = f.VisitFactory(station=station_a, household=household)
        VisitPhoto.objects.create(visit=visit, image=_jpeg())
        ConcernFactory(station=station_a, household=household)
    client.force_login(staff_a)
    with django_assert_max_num_queries(30):
        assert _erase(client, household, confirm="on").status_code == 302
    assert not VisitPhoto.objects.exists()
