"""Moving models between apps keeps every row: a database built at the schema of
before the move (the four apps' migrations as they stood) is migrated forward,
and what was in it is found through the models where they live now.

Runs on SQLite and on PostgreSQL like the rest of the suite.
"""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from cadres.models import Office, User
from stations.models import WorkStation
from tests.migrating import latest, migrate
from villages.models import AccessLog
from visits.models import Concern, Rating, SpotCheck, SpotCheckAnswer, VoteItem, VoteRound

# The leaf migrations of each app before the spot checks moved to visits and
# the business office to cadres (main at 628ec14).
BEFORE_THE_MOVE = [
    ("villages", "0006_access_log"),
    ("cadres", "0005_spot_checks_and_ratings"),
    ("stations", "0003_card_serial_counter"),
    ("visits", "0006_soft_delete"),
]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def old_schema():
    apps = migrate(BEFORE_THE_MOVE)
    yield apps
    migrate(latest())


def _fill_old_schema(apps):
    """Rows of every moved model, written through the models as they were."""
    County = apps.get_model("villages", "County")
    Township = apps.get_model("villages", "Township")
    Village = apps.get_model("villages", "Village")
    Household = apps.get_model("villages", "Household")
    HouseholdTag = apps.get_model("villages", "HouseholdTag")
    OldUser = apps.get_model("cadres", "User")
    Cadre = apps.get_model("cadres", "Cadre")
    WorkStation = apps.get_model("stations", "WorkStation")
    OldOffice = apps.get_model("visits", "Office")
    OldConcern = apps.get_model("visits", "Concern")
    OldSpotCheck = apps.get_model("cadres", "SpotCheck")
    OldAnswer = apps.get_model("cadres", "SpotCheckAnswer")
    OldRating = apps.get_model("cadres", "Rating")
    OldRound = apps.get_model("cadres", "VoteRound")
    OldItem = apps.get_model("cadres", "VoteItem")
    OldAccessLog = apps.get_model("villages", "AccessLog")

    county = County.objects.create(name="隆回县")
    township = Township.objects.create(county=county, name="石门乡")
    village = Village.objects.create(township=township, name="高石村")
    station = WorkStation.objects.create(village=village)
    household = Household.objects.create(village=village, head_name="刘德华")
    tag, _ = HouseholdTag.objects.get_or_create(code="elderly")
    cadre = Cadre.objects.create(township=township, name="王建国")
    clerk = OldUser.objects.create(username="clerk", role="township", township=township)
    office = OldOffice.objects.create(township=township, name="民政办", kind="civil_affairs")
    OldUser.objects.create(username="minzheng", role="office", office=office)
    OldConcern.objects.create(
        township=township,
        station=station,
        village=village,
        household=household,
        created_by=clerk,
        category="help_medical",
        description="屋顶漏雨",
        state="assigned",
        raised_at=datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC),
        office=office,
        deadline=datetime.date(2026, 12, 20),
    )
    check = OldSpotCheck.objects.create(
        township=township,
        cadre=cadre,
        drawn_by=clerk,
        drawn_at=datetime.datetime(2026, 11, 21, 9, tzinfo=datetime.UTC),
        sample_size=1,
        seed=7,
        pairings_count=1,
    )
    answer = OldAnswer.objects.create(spot_check=check, household=household, position=1)
    answer.cadre_tags.add(tag)
    OldRating.objects.create(
        station=station,
        cadre=cadre,
        household=household,
        rated_on=datetime.date(2026, 11, 20),
        value="satisfied",
        entered_by=clerk,
    )
    vote_round = OldRound.objects.create(
        township=township, title="十一月测评", held_on=datetime.date(2026, 11, 30), entered_by=clerk
    )
    OldItem.objects.create(round=vote_round, kind="most", text="修通组道", votes=12)
    OldAccessLog.objects.create(
        username="clerk", action="export", model="cadres.spotcheckanswer", rows=1
    )
    return {"office": office.pk, "answer": answer.pk}


def test_a_database_of_before_the_move_keeps_every_row(old_schema):
    ids = _fill_old_schema(old_schema)

    migrate(latest())

    office = Office.objects.get(pk=ids["office"])
    assert (office.name, office.township.name) == ("民政办", "石门乡")
    assert User.objects.get(username="minzheng").office == office
    assert Concern.objects.get(description="屋顶漏雨").office == office
    answer = SpotCheckAnswer.objects.get(pk=ids["answer"])
    assert answer.spot_check.cadre.name == "王建国"
    assert [t.code for t in answer.cadre_tags.all()] == ["elderly"]
    assert SpotCheck.objects.count() == 1
    assert Rating.objects.get().value == Rating.Value.SATISFIED
    assert VoteRound.objects.get().items.get().text == "修通组道"
    assert VoteItem.objects.count() == 1
    # The access log names the model where it lives now.
    assert AccessLog.objects.get().model == "visits.spotcheckanswer"


def test_permissions_follow_the_moved_models(old_schema):
    """A group given the right to change spot checks keeps it after the move."""
    old = ContentType.objects.get_or_create(app_label="cadres", model="spotcheck")[0]
    permission = Permission.objects.get_or_create(
        content_type=old, codename="change_spotcheck", defaults={"name": "Can change spot check"}
    )[0]

    migrate(latest())

    permission.refresh_from_db()
    assert permission.content_type == ContentType.objects.get_for_model(SpotCheck)
    assert permission.content_type.app_label == "visits"


def test_stations_of_before_the_public_keys_each_get_their_own(old_schema):
    """The QR address of each existing station is random and unique after migrating."""
    County = old_schema.get_model("villages", "County")
    Township = old_schema.get_model("villages", "Township")
    Village = old_schema.get_model("villages", "Village")
    OldStation = old_schema.get_model("stations", "WorkStation")
    township = Township.objects.create(county=County.objects.create(name="隆回县"), name="石门乡")
    for name in ("高石村", "大水田村", "白水洞村"):
        OldStation.objects.create(village=Village.objects.create(township=township, name=name))

    migrate(latest())

    keys = list(WorkStation.objects.values_list("public_key", flat=True))
    assert len(keys) == 3 and len(set(keys)) == 3
    assert all(len(key) >= 12 for key in keys)


BEFORE_THE_PLACE_CHECKS = [("cadres", "0006_office_in_spot_checks_out")]


@pytest.fixture
def before_the_place_checks():
    apps = migrate(BEFORE_THE_PLACE_CHECKS)
    yield apps
    migrate(latest())


def test_place_fields_left_over_from_another_role_are_cleared(before_the_place_checks):
    """Logins that kept a place field of another level lose it; their own place stays."""
    apps = before_the_place_checks
    County = apps.get_model("villages", "County")
    Township = apps.get_model("villages", "Township")
    OldOffice = apps.get_model("cadres", "Office")
    OldUser = apps.get_model("cadres", "User")
    county = County.objects.create(name="隆回县")
    township = Township.objects.create(county=county, name="石门乡")
    office = OldOffice.objects.create(township=township, name="民政办")
    OldUser.objects.create(username="clerk", role="township", township=township, county=county)
    OldUser.objects.create(username="boss", role="county", county=county, office=office)
    OldUser.objects.create(username="minzheng", role="office", office=office, township=township)
    OldUser.objects.create(username="cadre", role="cadre", township=township, county=county)
    OldUser.objects.create(username="gone", role="", township=township)

    migrate(latest())

    places = {
        u.username: (u.county_id, u.township_id, u.office_id)
        for u in User.objects.order_by("username")
    }
    assert places == {
        "boss": (county.pk, None, None),
        "cadre": (None, None, None),
        "clerk": (None, township.pk, None),
        "gone": (None, None, None),
        "minzheng": (None, None, office.pk),
    }
