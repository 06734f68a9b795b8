"""Each pairing keeps its household's village (``stations`` 0017): pairings written
before it are given their households' villages, whichever county they are in.

Runs on SQLite and on PostgreSQL like the rest of the suite.
"""

import datetime

import pytest

from stations.models import Pairing
from tests.migrating import latest, migrate

BEFORE = [("stations", "0016_assessment_round_of_a_city")]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def old_schema():
    apps = migrate(BEFORE)
    yield apps
    migrate(latest())


def test_the_pairings_written_before_take_their_households_villages(old_schema):
    apps = old_schema
    County = apps.get_model("villages", "County")
    Township = apps.get_model("villages", "Township")
    Village = apps.get_model("villages", "Village")
    Household = apps.get_model("villages", "Household")
    Cadre = apps.get_model("cadres", "Cadre")
    OldPairing = apps.get_model("stations", "Pairing")
    shimen = Township.objects.create(county=County.objects.create(name="隆回县"), name="石门乡")
    tangdu = Township.objects.create(county=County.objects.create(name="邵阳县"), name="塘渡口镇")
    gaoshi = Village.objects.create(township=shimen, name="高石村")
    jinshi = Village.objects.create(township=tangdu, name="金石村")
    wang = Cadre.objects.create(township=shimen, name="王明")
    start = datetime.date(2026, 1, 1)
    for village, head in ((gaoshi, "张三"), (gaoshi, "李四"), (jinshi, "陈五")):
        household = Household.objects.create(village=village, head_name=head)
        OldPairing.objects.create(cadre=wang, household=household, start_date=start)

    migrate([("stations", "0017_pairing_keeps_its_village")])

    kept = {p.household.head_name: p.village.name for p in Pairing.objects.all()}
    assert kept == {"张三": "高石村", "李四": "高石村", "陈五": "金石村"}
