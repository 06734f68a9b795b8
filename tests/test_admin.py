"""Superusers keep the registers in the admin: every page of it must load."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from cadres.models import Feedback
from tests import factories as f
from tests.concern_helpers import ConcernFactory

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
    f.ContactCardFactory(household=household, station=station_a)
    f.DutyDayFactory(station=station_a, cadre=cadre_user.cadre)
    f.VisitFactory(station=station_a, author=cadre_user.cadre, household=household)
    ConcernFactory(station=station_a, household=household, assigned=True)  # + its office


@pytest.mark.parametrize(
    "model", list(admin.site._registry), ids=lambda m: f"{m._meta.app_label}.{m.__name__}"
)
def test_every_admin_changelist_add_and_change_page_loads(admin_client, filled, model):
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    changelist = reverse(f"{prefix}_changelist")
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "高"}).status_code == 200
    assert admin_client.get(reverse(f"{prefix}_add")).status_code == 200
    obj = model.objects.first()
    assert obj is not None, "the fixture should fill every registered model"
    assert admin_client.get(reverse(f"{prefix}_change", args=[obj.pk])).status_code == 200


def test_the_admin_is_for_superusers_only(client, staff_a):
    client.force_login(staff_a)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
