"""Each county's standards (考核标准) and the defaults they start from.

A county that has never edited its standards works to the defaults (the
seeds' figures; contacts per paired household from the
``PAIRED_CONTACTS_PER_YEAR`` setting): ``standard_for`` hands back an unsaved
row with those values, so reading a page never writes. The row is created
the first time the county supervisor saves the form.
"""

from django.conf import settings

# Model imports are deferred: villages.models imports the defaults below.


def default_contacts_per_year():
    return settings.PAIRED_CONTACTS_PER_YEAR


def all_seven_haves():
    from stations.models import WorkStation

    return [name for name, _label in WorkStation.SEVEN_HAVES]


def standard_for(county_id):
    """The county's standards: its saved row, or an unsaved one with the defaults."""
    from villages.models import Standard

    return Standard.objects.filter(county_id=county_id).first() or Standard(county_id=county_id)


def contacts_quota(*, county_id=None, township_id=None):
    """Contacts per paired household a year in the county (of the township); one query."""
    from villages.models import Standard

    rows = Standard.objects.all()
    if county_id is not None:
        rows = rows.filter(county_id=county_id)
    if township_id is not None:
        rows = rows.filter(county__townships=township_id)
    quota = rows.values_list("contacts_per_paired_household", flat=True).first()
    return default_contacts_per_year() if quota is None else quota


def contacts_quota_of(village_ref):
    """``contacts_quota`` as an expression, for the county of the village ``village_ref``
    (an ``OuterRef``): lets a page read the quota inside a query it makes anyway."""
    from django.db.models import IntegerField, Subquery, Value
    from django.db.models.functions import Coalesce

    from villages.models import Standard

    quota = Standard.objects.filter(county__townships__villages=village_ref).values(
        "contacts_per_paired_household"
    )[:1]
    return Coalesce(
        Subquery(quota), Value(default_contacts_per_year()), output_field=IntegerField()
    )


def village_days_for(standard, rank_class):
    """Days a year in a village for a cadre of ``rank_class``."""
    from cadres.models import Cadre

    return {
        Cadre.RankClass.LEADERSHIP: standard.village_days_leadership,
        Cadre.RankClass.SECTION: standard.village_days_section,
        Cadre.RankClass.ORDINARY: standard.village_days_ordinary,
    }.get(rank_class, standard.village_days_ordinary)
