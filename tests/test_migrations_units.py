"""The station's free-text sponsor becomes the unit register (issue 15): a database at the
schema of before (stations 0008, cadres 0010) is migrated forward, and each county's
distinct texts are one unit each, the stations pointing at it and the first secretaries
and resident team members serving there now sent by it. Going back restores the text.

Runs on SQLite and on PostgreSQL like the rest of the suite.
"""

import datetime

import pytest

from cadres.models import Cadre, SponsoringUnit
from stations.models import WorkStation
from tests.migrating import latest, migrate

BEFORE_THE_UNITS = [("stations", "0008_station_months"), ("cadres", "0010_city_supervisor")]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def old_schema():
    apps = migrate(BEFORE_THE_UNITS)
    yield apps
    migrate(latest())


def _fill(apps):
    County = apps.get_model("villages", "County")
    Township = apps.get_model("villages", "Township")
    Village = apps.get_model("villages", "Village")
    Station = apps.get_model("stations", "WorkStation")
    Cadre = apps.get_model("cadres", "Cadre")
    Assignment = apps.get_model("stations", "Assignment")
    longhui, shaoyang = County.objects.create(name="隆回县"), County.objects.create(name="邵阳县")
    shimen = Township.objects.create(county=longhui, name="石门乡")
    tangdu = Township.objects.create(county=shaoyang, name="塘渡口镇")

    def station(township, name, sponsor):
        village = Village.objects.create(township=township, name=name)
        return Station.objects.create(village=village, name=name, sponsoring_unit=sponsor)

    gaoshi = station(shimen, "高石村", "县农业农村局")
    station(shimen, "白水村", " 县农业农村局 ")  # the same text with stray spaces
    station(shimen, "大田村", "县水利局")
    station(shimen, "横江村", "")
    station(tangdu, "金石村", "县农业农村局")  # another county: another unit
    start = datetime.date(2025, 1, 1)
    secretary = Cadre.objects.create(township=shimen, name="罗建军")
    Assignment.objects.create(
        cadre=secretary, station=gaoshi, role="first_secretary", start_date=start
    )
    member = Cadre.objects.create(township=shimen, name="王明")
    Assignment.objects.create(cadre=member, station=gaoshi, role="member", start_date=start)
    gone = Cadre.objects.create(township=shimen, name="刘红梅")
    Assignment.objects.create(
        cadre=gone,
        station=gaoshi,
        role="resident",
        start_date=start,
        end_date=datetime.date(2025, 6, 30),
    )


def test_each_countys_distinct_sponsor_texts_become_its_units(old_schema):
    _fill(old_schema)

    migrate(latest())

    units = {(u.county.name, u.name, u.level) for u in SponsoringUnit.objects.all()}
    assert units == {
        ("隆回县", "县农业农村局", "county"),
        ("隆回县", "县水利局", "county"),
        ("邵阳县", "县农业农村局", "county"),
    }
    sponsors = {
        s.name: (s.sponsoring_unit.county.name, s.sponsoring_unit.name)
        if s.sponsoring_unit
        else None
        for s in WorkStation.objects.select_related("sponsoring_unit__county")
    }
    assert sponsors == {
        "高石村": ("隆回县", "县农业农村局"),
        "白水村": ("隆回县", "县农业农村局"),
        "大田村": ("隆回县", "县水利局"),
        "横江村": None,
        "金石村": ("邵阳县", "县农业农村局"),
    }
    # The first secretary serving there now was sent by the sponsor; a township member,
    # and a resident whose posting ended, were not.
    sent = dict(Cadre.objects.values_list("name", "sponsoring_unit__name"))
    assert sent == {"罗建军": "县农业农村局", "王明": None, "刘红梅": None}


def test_going_back_gives_the_text_again(old_schema):
    _fill(old_schema)
    migrate(latest())

    apps = migrate(BEFORE_THE_UNITS)

    Station = apps.get_model("stations", "WorkStation")
    texts = dict(Station.objects.values_list("name", "sponsoring_unit"))
    assert texts == {
        "高石村": "县农业农村局",
        "白水村": "县农业农村局",
        "大田村": "县水利局",
        "横江村": "",
        "金石村": "县农业农村局",
    }
