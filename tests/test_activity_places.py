"""The activity figures of one place for a login that sees more than the place (a
superuser, or a township's clerk asking for their county): each place's concerns are
its own, and a grouping the figures do not know is refused.

Worked out by hand: four concerns raised in November, one at each of 高石村 (station
A, raised by the cadre 周平), 白水村 (A2, the same township), 金石村 (B, township B)
and a station of 邵东县, another county."""

import datetime

import pytest

from tests import factories as f
from tests.concern_helpers import ConcernFactory
from tests.supervision_helpers import SHANGHAI, freeze
from villages.models import Standard
from visits.concerns.figures import COUNTS, RATES
from visits.supervision import activity
from visits.supervision.period import Period

pytestmark = pytest.mark.django_db

NOVEMBER = Period.month(2026, 11)
AFTER = datetime.date(2026, 12, 15)  # November is over
RAISED = datetime.datetime(2026, 11, 10, 9, tzinfo=SHANGHAI)


@pytest.fixture
def world(county, township_a, station_a, station_a2, station_b):
    elsewhere = f.StationFactory(
        village=f.VillageFactory(township=f.TownshipFactory(county=f.CountyFactory(name="邵东县")))
    )
    cadre = f.CadreFactory(township=township_a, name="周平")
    ConcernFactory(station=station_a, household=None, raised_at=RAISED, raised_by=cadre)
    for station in (station_a2, station_b, elsewhere):
        ConcernFactory(station=station, household=None, raised_at=RAISED)
    return cadre


def _november(user, county):
    """What every read here asks: November as of 15 December, by ``user``, against
    ``county``'s standard."""
    return {
        "period": NOVEMBER,
        "standard": Standard.objects.for_county(county.pk),
        "user": user,
        "today": AFTER,
    }


def _raised(user, standard_of, **place):
    figures = activity.activity(**_november(user, standard_of), **place)
    return figures["concerns"]["raised"]


def test_each_place_counts_its_own_concerns_for_a_login_that_sees_every_place(
    world, superuser, county, township_a, township_b, station_a, station_a2, station_b
):
    assert _raised(superuser, county, county=county) == 3  # not 邵东县's
    assert _raised(superuser, county, township=township_a) == 2
    assert _raised(superuser, county, station=station_a2) == 1
    assert _raised(superuser, county, cadre=world) == 1  # the one 周平 raised
    dated = _november(superuser, county)
    townships = activity.activity_by(
        "township", keys=[township_a.pk, township_b.pk], county=county, **dated
    )
    assert [townships[k]["concerns"]["raised"] for k in (township_a.pk, township_b.pk)] == [2, 1]
    keys = [station_a.pk, station_a2.pk]
    stations = activity.activity_by("station", keys=keys, township=township_a, **dated)
    assert [stations[k]["concerns"]["raised"] for k in keys] == [1, 1]
    cadres = activity.activity_by("cadre", keys=[world.pk], station=station_a, **dated)
    assert cadres[world.pk]["concerns"]["raised"] == 1
    assert cadres[world.pk]["village_days"] == 0  # 周平 has logged no visit


def test_a_township_clerk_asking_for_the_county_gets_their_townships_concerns(
    world, staff_a, county, township_a, township_b
):
    assert _raised(staff_a, county, county=county) == 2  # 高石村 and 白水村, not 金石村
    townships = activity.activity_by(
        "township",
        keys=[township_a.pk, township_b.pk],
        **_november(staff_a, county),
        county=county,
    )
    assert [townships[k]["concerns"]["raised"] for k in (township_a.pk, township_b.pk)] == [2, 0]


def test_a_grouping_the_figures_do_not_know_is_refused(county, superuser):
    with pytest.raises(ValueError):
        activity.activity_by(
            "county",
            keys=[county.pk],
            period=NOVEMBER,
            standard=Standard.objects.for_county(county.pk),
            user=superuser,
        )


def test_a_station_with_nothing_recorded_has_every_count_at_nought(county, township_a, superuser):
    """A new station: no visit, duty day, pairing, household or concern in November.
    Its counts are 0 and its shares none (there is nothing to divide); its households
    and cards, counted per household, have no row to count and show as "—"."""
    empty = f.StationFactory(village=f.VillageFactory(township=township_a, name="新建村"))
    rows = activity.activity_by(
        "station",
        keys=[empty.pk],
        **_november(superuser, county),
        township=township_a,
    )
    figures = rows[empty.pk]
    assert set(figures.pop("by_kind").values()) == {0}
    assert figures.pop("concerns") == {**dict.fromkeys(COUNTS, 0), **dict.fromkeys(RATES)}
    assert figures == {
        "visits": 0,
        "receptions": 0,
        "logged": 0,
        "households_reached": 0,
        "duty_scheduled": 0,
        "duty_due": 0,
        "duty_held": 0,
        "duty_missed": 0,
        "paired": 0,
        "paired_contacted": 0,
        "paired_contacts": 0,
        "paired_contacts_expected": 0.0,
        "paired_contacts_due": 0,
        "households": None,
        "carded": None,
        "card_coverage": None,
    }


def test_the_figures_are_of_the_day_asked_not_of_the_clock(
    monkeypatch, county, township_a, station_a, superuser
):
    """November asked for on 15 December while the server's clock says 20 November (a
    report built for another day). A concern 周平 raised, assigned on the 10th, due on the
    25th and still open is overdue by the month's end; of his two farmer friends, the one
    whose friendship ended on the 25th is no longer his on the 30th."""
    freeze(monkeypatch, datetime.date(2026, 11, 20))
    cadre = f.CadreFactory(township=township_a, name="周平")
    ConcernFactory(
        station=station_a, household=None, raised_at=RAISED, raised_by=cadre, assigned=True
    )
    for ended in (datetime.date(2026, 11, 25), None):
        f.FarmerFriendFactory(cadre=cadre, village=station_a.village, ended_on=ended)
    dated = _november(superuser, county)
    place = activity.activity(township=township_a, **dated)
    assert place["concerns"]["overdue"] == 1
    assert place["farmer_friends"] == 1
    member = activity.activity_by("cadre", keys=[cadre.pk], township=township_a, **dated)
    assert member[cadre.pk]["concerns"]["overdue"] == 1
    assert member[cadre.pk]["farmer_friends"] == 1


def test_each_members_farmer_friends_are_those_the_asker_may_see(
    county, township_a, township_b, station_a, station_b, staff_a
):
    """周平 has a friend in 高石村 (township A) and one in 金石村 (township B); 李红 has none.
    Township A's clerk, asking for the county's members, sees one friend of 周平's and
    none of 李红's."""
    zhou = f.CadreFactory(township=township_a, name="周平")
    li = f.CadreFactory(township=township_a, name="李红")
    for station in (station_a, station_b):
        f.FarmerFriendFactory(cadre=zhou, village=station.village)
    members = activity.activity_by(
        "cadre",
        keys=[zhou.pk, li.pk],
        **_november(staff_a, county),
        county=county,
    )
    assert [members[k]["farmer_friends"] for k in (zhou.pk, li.pk)] == [1, 0]


def test_a_members_concerns_at_a_station_are_those_they_raised(world, superuser, county, station_a):
    """At 高石村 周平 raised one concern in November and another cadre one more: 周平's
    figures per station count his own."""
    ConcernFactory(station=station_a, household=None, raised_at=RAISED)
    stations = activity.activity_by(
        "station",
        keys=[station_a.pk],
        **_november(superuser, county),
        cadre=world,
    )
    assert stations[station_a.pk]["concerns"]["raised"] == 1
