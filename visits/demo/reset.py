"""Remove the demo county for ``seed_demo --reset``: every row in it, their history, and
the demo logins, in the order the foreign keys allow.
"""

from django.db.models import Q
from django.test.utils import override_settings

from cadres.models import Cadre, Office, SponsoringUnit, User
from stations.models import (
    AnnualPlan,
    AssessmentRound,
    Assignment,
    ContactCard,
    DutyDay,
    FarmerFriend,
    Pairing,
    StationMonth,
    WorkStation,
)
from villages.models import County, Household, Prefecture, Township, Village, VillageGroup
from visits.demo import data as d
from visits.demo.assessment import CITY_ROUND_TITLE
from visits.demo.scale import CITY_COUNTIES
from visits.models import Concern, ConcernEvent, Deed, Meeting, Rating, SpotCheck, Visit, VoteRound


def demo_county():
    """The demo county: 隆回县 of 邵阳市 (or of no city, as seeded before there were cities)."""
    return (
        County.objects.filter(name=d.COUNTY)
        .filter(Q(prefecture__name=d.PREFECTURE) | Q(prefecture__isnull=True))
        .order_by("prefecture_id")
        .first()
    )


def delete_demo_data():
    """Delete the demo county (and the city seed's copies of it), everything in them and
    their history, and the demo logins; the demo city too once it holds no county."""
    county = demo_county()
    counties = [] if county is None else [county, *_copies_of(county)]
    # Deleting rows would otherwise write a "deleted" history row for each of them.
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        for county in counties:
            _delete_county(county)
        User.objects.filter(username__in=list(d.DEMO_USERS)).delete()
        # The demo city's round (``visits.demo.assessment``), seeded again with the county.
        AssessmentRound.objects.filter(
            prefecture__name=d.PREFECTURE, title__endswith=CITY_ROUND_TITLE.format(year="")
        ).delete()
        # The demo's city units, once no county of the city is left to send them.
        SponsoringUnit.objects.filter(
            prefecture__name=d.PREFECTURE,
            prefecture__counties__isnull=True,
            name__in=list(d.CITY_SPONSORS),
        ).delete()
        Prefecture.objects.filter(
            name=d.PREFECTURE, counties__isnull=True, supervisors__isnull=True
        ).delete()


def _copies_of(county):
    """The city seed's copies of the demo county: the other counties of its city that
    bear the names the seed gives them."""
    if county.prefecture_id is None:
        return []
    names = [name for name, _code in CITY_COUNTIES if name != county.name]
    return list(County.objects.filter(prefecture_id=county.prefecture_id, name__in=names))


def _delete_county(county):
    townships = Township.objects.filter(county=county)
    villages = Village.objects.filter(township__county=county)
    stations = WorkStation.objects.filter(village__township__county=county)
    households = Household.objects.filter(village__township__county=county)
    cadres = Cadre.objects.filter(township__county=county)
    offices = Office.objects.filter(township__in=townships)
    # all_objects: hidden concerns and visits go too.
    concerns = Concern.all_objects.filter(Q(township__in=townships) | Q(station__in=stations))

    # History first, chosen by place so rows of objects deleted earlier go too.
    old_households = Household.history.filter(village__in=villages).values("id")
    old_cadres = Cadre.history.filter(township__in=townships).values("id")
    Visit.history.filter(Q(station__in=stations) | Q(village__in=villages)).delete()
    ContactCard.history.filter(county=county).delete()
    Pairing.history.filter(Q(household_id__in=old_households) | Q(cadre_id__in=old_cadres)).delete()
    FarmerFriend.history.filter(Q(village__in=villages) | Q(cadre_id__in=old_cadres)).delete()
    Assignment.history.filter(station__in=stations).delete()
    Cadre.history.filter(township__in=townships).delete()
    Household.history.filter(village__in=villages).delete()
    Concern.history.filter(Q(township__in=townships) | Q(station__in=stations)).delete()
    Meeting.history.filter(station__in=stations).delete()
    Deed.history.filter(station__in=stations).delete()

    # The stations' meetings and deeds, the spot checks, ratings and votes hold
    # on to stations, cadres and households.
    Meeting.objects.filter(station__in=stations).delete()
    Deed.objects.filter(Q(station__in=stations) | Q(household__in=households)).delete()
    SpotCheck.objects.filter(Q(township__in=townships) | Q(cadre__in=cadres)).delete()
    Rating.objects.filter(Q(station__in=stations) | Q(cadre__in=cadres)).delete()
    VoteRound.objects.filter(township__in=townships).delete()

    # Concerns and their events first: they hold on to visits, households and offices.
    ConcernEvent.objects.filter(Q(concern__in=concerns) | Q(office__in=offices)).delete()
    concerns.delete()
    Visit.all_objects.filter(
        Q(station__in=stations) | Q(village__in=villages) | Q(author__in=cadres)
    ).delete()
    DutyDay.objects.filter(station__in=stations).delete()
    # The months' moves name the demo's logins, deleted below.
    StationMonth.objects.filter(station__in=stations).delete()
    # The plans name the demo's logins as writers and approvers.
    AnnualPlan.objects.filter(station__in=stations).delete()
    ContactCard.objects.filter(Q(county=county) | Q(station__in=stations)).delete()
    Pairing.objects.filter(Q(household__in=households) | Q(cadre__in=cadres)).delete()
    FarmerFriend.objects.filter(Q(village__in=villages) | Q(cadre__in=cadres)).delete()
    Assignment.objects.filter(Q(station__in=stations) | Q(cadre__in=cadres)).delete()
    User.objects.filter(
        Q(username__in=list(d.DEMO_USERS))
        | Q(county=county)
        | Q(township__in=townships)
        | Q(office__in=offices)
        | Q(cadre__in=cadres)
    ).delete()
    offices.delete()
    cadres.delete()
    households.delete()
    stations.delete()
    SponsoringUnit.objects.filter(county=county).delete()
    VillageGroup.objects.filter(village__in=villages).delete()
    villages.delete()
    townships.delete()
    AssessmentRound.objects.filter(county=county).delete()
    county.delete()
