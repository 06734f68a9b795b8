"""Superusers keep the registers in the admin: every page of it must load."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cadres.models import Cadre, Feedback, SponsoringUnit
from stations.models import WorkStation
from tests import factories as f
from tests.concern_helpers import ConcernFactory
from villages.jobs.services import request_job
from villages.models import AccessLog, Standard
from visits.models import Deed, Meeting, Rating, VisitPhoto, VoteItem, VoteRound
from visits.spotchecks import services as spotchecks

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(station_a, cadre_user):
    Group.objects.create(name="乡群工办")
    Feedback.objects.create(
        author=cadre_user, township=station_a.village.township, text="希望增加语音输入"
    )
    group = f.VillageGroupFactory(village=station_a.village, name="第三组")
    household = f.HouseholdFactory(village=station_a.village, group=group)
    f.PairingFactory(cadre=cadre_user.cadre, household=household)
    f.FarmerFriendFactory(cadre=cadre_user.cadre, village=station_a.village)
    f.ContactCardFactory(household=household, station=station_a)
    f.DutyDayFactory(station=station_a, cadre=cadre_user.cadre)
    f.VisitFactory(station=station_a, author=cadre_user.cadre, household=household)
    ConcernFactory(station=station_a, household=household, assigned=True)  # + its office
    meeting = Meeting.objects.create(
        station=station_a, kind="education", held_at=timezone.now(), topics="宣讲惠农政策"
    )
    meeting.attendees.set([cadre_user.cadre])
    deed = Deed.objects.create(
        station=station_a, what="硬化村道", category="road", done_on=timezone.localdate()
    )
    deed.cadres.set([cadre_user.cadre])
    Standard.objects.create(county=station_a.village.township.county)
    # The county's city (a prefecture), so the prefecture admin has a row to show.
    county = station_a.village.township.county
    county.prefecture = f.PrefectureFactory(name="邵阳市")
    county.save()
    # A sponsoring unit of the county, sponsoring the station and sending its cadre.
    unit = SponsoringUnit.objects.create(county=county, name="县农业农村局")
    WorkStation.objects.filter(pk=station_a.pk).update(sponsoring_unit=unit)
    Cadre.objects.filter(pk=cadre_user.cadre.pk).update(sponsoring_unit=unit)
    # A file asked for: a background job and its row in the worker's queue.
    request_job(
        user=cadre_user, key="admin", title="月报", builder="visits.reports.jobs.build", params={}
    )
    # Spot checks, ratings and vote rounds (cadres app).
    check = spotchecks.draw(cadre=cadre_user.cadre, size=1, seed=7, by=None)
    Rating.objects.create(
        station=station_a,
        cadre=cadre_user.cadre,
        household=household,
        value="satisfied",
        rated_on=timezone.localdate(),
    )
    vote_round = VoteRound.objects.create(
        township=station_a.village.township,
        title="高石村第一季度测评",
        held_on=timezone.localdate(),
    )
    VoteItem.objects.create(round=vote_round, kind="most", text="修通村道", votes=12)
    AccessLog.objects.create(action=AccessLog.Action.REVEAL, model="villages.household")
    assert check.answers.exists()
    # A failed login fills django-axes' attempt and failure-log tables.
    Client().post(reverse("login"), {"username": cadre_user.username, "password": "wrong"})


@pytest.mark.parametrize(
    "model", list(admin.site._registry), ids=lambda m: f"{m._meta.app_label}.{m.__name__}"
)
def test_every_admin_changelist_add_and_change_page_loads(admin_client, filled, model):
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    changelist = reverse(f"{prefix}_changelist")
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "高"}).status_code == 200
    add = admin_client.get(reverse(f"{prefix}_add"))
    # Read-only admins (the access log) refuse the add page.
    may_add = admin.site._registry[model].has_add_permission(add.wsgi_request)
    assert add.status_code == (200 if may_add else 403)
    obj = model.objects.first()
    assert obj is not None, "the fixture should fill every registered model"
    assert admin_client.get(reverse(f"{prefix}_change", args=[obj.pk])).status_code == 200


def test_the_admin_is_for_superusers_only(client, staff_a):
    client.force_login(staff_a)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


def test_the_admin_shows_a_visits_photos_but_takes_no_upload(
    admin_client, station_a, settings, tmp_path
):
    # An upload here would skip the visit form's decoding and re-encoding.
    settings.MEDIA_ROOT = tmp_path
    visit = f.VisitFactory(station=station_a)
    photo = VisitPhoto.objects.create(visit=visit, image=ContentFile(b"\xff\xd8", "photo.jpg"))
    response = admin_client.get(reverse("admin:visits_visit_change", args=[visit.pk]))
    assert response.status_code == 200
    assert photo.image.name in response.text
    assert 'type="file"' not in response.text
