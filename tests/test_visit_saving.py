"""Saving a visit as cadres meet it: one visit after another, a token that is not
theirs, the same form twice at once, and corrections that change the companions or
add photos (issue 21). Each fails with a mutant of ``visits.services`` that no other
test caught."""

import datetime
import time
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from tests import photo_files
from tests.concurrency import at_once
from visits.models import Visit


@pytest.fixture
def paired(cadre_user, station_a):
    household = f.HouseholdFactory(village=station_a.village, head_name="张三")
    f.PairingFactory(cadre=cadre_user.cadre, household=household)
    return household


def _form(household, station, **overrides):
    return {
        "token": str(uuid.uuid4()),
        "household": household.pk,
        "station": station.pk,
        "kind": "home",
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "seen": "老两口身体尚好，房屋漏雨",
        "asked": "希望帮助申请危房改造",
        **overrides,
    }


def _phone(user):
    client = Client()
    client.force_login(user)
    return client


def _photo(name):
    return SimpleUploadedFile(name, photo_files.jpeg((640, 480)), content_type="image/jpeg")


@pytest.mark.django_db
def test_two_different_visits_logged_one_after_the_other_are_both_saved(
    client, cadre_user, paired, station_a
):
    client.force_login(cadre_user)
    url = reverse("visits:visit_new")
    first = client.post(url, _form(paired, station_a, seen="上午走访，屋顶漏雨"))
    second = client.post(url, _form(paired, station_a, seen="下午回访，已联系维修"))

    visits = list(Visit.objects.order_by("pk"))
    assert [v.seen for v in visits] == ["上午走访，屋顶漏雨", "下午回访，已联系维修"]
    assert first.url.startswith(visits[0].get_absolute_url())
    assert second.url.startswith(visits[1].get_absolute_url())
    assert "已保存" in client.get(second.url).text


@pytest.mark.django_db
def test_another_cadres_token_is_refused_and_what_i_typed_comes_back(
    cadre_user, chief_user, paired, station_a
):
    token = str(uuid.uuid4())
    _phone(chief_user).post(
        reverse("visits:visit_new"), _form(paired, station_a, token=token, seen="站长的记录")
    )
    mine = _form(paired, station_a, token=token, seen="我写的走访情况")

    response = _phone(cadre_user).post(reverse("visits:visit_new"), mine)

    assert response.status_code == 400
    assert "表单已失效，请重新打开" in response.text
    assert "我写的走访情况" in response.text  # still on the screen, to send again
    assert "站长的记录" not in response.text
    chiefs = Visit.objects.get()
    assert (chiefs.author, chiefs.seen) == (chief_user.cadre, "站长的记录")


@pytest.mark.django_db
def test_a_correction_keeps_a_changed_list_of_companions(
    client, cadre_user, chief_user, paired, station_a
):
    client.force_login(cadre_user)
    other = f.CadreFactory(township=station_a.village.township, name="李四")
    f.AssignmentFactory(cadre=other, station=station_a)
    client.post(
        reverse("visits:visit_new"), _form(paired, station_a, companions=[chief_user.cadre.pk])
    )
    visit = Visit.objects.get()
    url = reverse("visits:visit_edit", args=[visit.pk])
    data = _form(paired, station_a, companions=[other.pk], seen="改为李四同去")

    assert client.post(url, data).status_code == 302
    assert list(visit.companions.all()) == [other]

    data = _form(paired, station_a, seen="其实是一个人去的")  # every box unticked
    assert client.post(url, data).status_code == 302
    assert not visit.companions.exists()
    assert "李四" not in client.get(visit.get_absolute_url()).text


@pytest.mark.django_db
def test_photos_added_in_a_correction_are_kept_beside_the_earlier_ones(
    client, cadre_user, paired, station_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(cadre_user)
    data = _form(paired, station_a, photos=[_photo("first.jpg")])
    client.post(reverse("visits:visit_new"), data)
    visit = Visit.objects.get()
    earlier = visit.photos.get()

    data = _form(paired, station_a, photos=[_photo("a.jpg"), _photo("b.jpg")], seen="补两张照片")
    response = client.post(reverse("visits:visit_edit", args=[visit.pk]), data)

    assert response.status_code == 302
    photos = list(visit.photos.order_by("pk"))
    assert len(photos) == 3 and photos[0] == earlier
    page = client.get(visit.get_absolute_url()).text
    for photo in photos:
        url = reverse("visits:visit_photo", args=[photo.pk])
        assert url in page
        served = client.get(url)
        assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
        assert b"".join(served.streaming_content)[:2] == b"\xff\xd8"  # a JPEG, not empty


@pytest.mark.django_db
def test_a_visit_can_be_corrected_up_to_the_last_second_of_the_window(
    client, cadre_user, paired, station_a, settings, monkeypatch
):
    settings.VISIT_EDIT_HOURS = 72
    client.force_login(cadre_user)
    client.post(reverse("visits:visit_new"), _form(paired, station_a))
    visit = Visit.objects.get()
    url = reverse("visits:visit_edit", args=[visit.pk])
    window_ends = visit.created_at + datetime.timedelta(hours=72)

    monkeypatch.setattr(timezone, "now", lambda: window_ends)
    assert client.get(url).status_code == 200
    monkeypatch.setattr(timezone, "now", lambda: window_ends + datetime.timedelta(seconds=1))
    assert client.get(url).status_code == 403


# The same form arriving twice at the same moment needs real concurrent transactions.


@pytest.fixture
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite runs one write transaction at a time")


@pytest.fixture
def _slow_insert(monkeypatch):
    """Each request holds its new visit a moment before committing, as a slow phone's
    would: the other request, which looked for the token before it was committed, then
    finds the unique token taken when it inserts."""
    save = Visit.save

    def slow_save(self, *args, **kwargs):
        save(self, *args, **kwargs)
        if not kwargs.get("update_fields"):
            time.sleep(0.4)

    monkeypatch.setattr(Visit, "save", slow_save)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_postgresql_only", "_slow_insert")
def test_the_same_form_arriving_twice_at_once_makes_one_visit_and_no_error(
    cadre_user, paired, station_a
):
    # An earlier visit of the cadre's: the request that loses finds the visit of its own token.
    earlier = _form(paired, station_a, seen="上周的走访")
    _phone(cadre_user).post(reverse("visits:visit_new"), earlier)
    data = _form(paired, station_a)
    phones = [_phone(cadre_user), _phone(cadre_user)]

    responses = at_once(*(lambda p=p: p.post(reverse("visits:visit_new"), data) for p in phones))

    visit = Visit.objects.get(token=data["token"])
    assert Visit.objects.count() == 2
    assert [r.status_code for r in responses] == [302, 302], responses
    assert {r.url for r in responses} == {f"{visit.get_absolute_url()}?saved={data['token']}"}
    assert visit.author == cadre_user.cadre


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_postgresql_only", "_slow_insert")
def test_two_cadres_sending_one_token_at_once_one_is_saved_the_other_told(
    cadre_user, chief_user, paired, station_a
):
    token = str(uuid.uuid4())
    forms = {
        cadre_user: _form(paired, station_a, token=token, seen="组员的记录"),
        chief_user: _form(paired, station_a, token=token, seen="站长的记录"),
    }

    responses = at_once(
        *(lambda u=u, d=d: _phone(u).post(reverse("visits:visit_new"), d) for u, d in forms.items())
    )

    visit = Visit.objects.get()
    assert sorted(r.status_code for r in responses) == [302, 400], responses
    told = next(r for r in responses if r.status_code == 400)
    assert "表单已失效，请重新打开" in told.text
    assert visit.seen in {"组员的记录", "站长的记录"}
    assert visit.seen not in told.text  # the loser sees their own text, not the winner's


def test_the_service_says_whether_a_send_saved_the_visit(cadre_user, station_a):
    """``log_visit`` returns ``(visit, created)``: True for the send that saved it,
    False for a resend of the same form, which finds it."""
    from visits.services import log_visit

    send = {
        "author": cadre_user.cadre,
        "station": station_a,
        "token": uuid.uuid4(),
        "fields": {"occurred_at": timezone.now(), "kind": Visit.Kind.FIELD, "seen": "田间"},
    }
    first, created = log_visit(**send)
    assert created is True
    again, created = log_visit(**send)
    assert (again, created) == (first, False)
