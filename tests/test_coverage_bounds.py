"""Coverage at its edges (issue 21), worked by hand: a visit at the first moment of a
year (Beijing) counts for that year and not the one before; a member's coverage holds
the pairings in force on the span's last day, each household that matters once; days
together count each kind of togetherness from the span's first moment to its last."""

import datetime
import zoneinfo

import pytest

from tests import factories as f
from villages.models import Household, HouseholdTag
from visits.models import Visit
from visits.supervision.coverage import coverage_by, coverage_by_member, together_days

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
T = HouseholdTag.Code
YEAR_2025 = {"start": datetime.date(2025, 1, 1), "end": datetime.date(2025, 12, 31)}
YEAR_2026 = {"start": datetime.date(2026, 1, 1), "end": datetime.date(2026, 12, 31)}
NEW_YEAR = datetime.datetime(2026, 1, 1, 0, 0, tzinfo=SHANGHAI)


def _household(village, name, *tags):
    household = f.HouseholdFactory(village=village, head_name=name)
    household.tags.set(HouseholdTag.objects.filter(code__in=tags))
    return household


def test_a_visit_at_the_years_first_moment_counts_for_that_year_only(station_a, cadre_user):
    veteran = _household(station_a.village, "老党员", T.VETERAN)
    f.VisitFactory(
        station=station_a, author=cadre_user.cadre, household=veteran, occurred_at=NEW_YEAR
    )
    households = Household.objects.all()
    assert coverage_by("village", households, **YEAR_2026)[None] == {"total": 1, "not_visited": 0}
    assert coverage_by("village", households, **YEAR_2025)[None] == {"total": 1, "not_visited": 1}


def test_a_members_coverage_holds_the_pairings_in_force_on_the_last_day_each_household_once(
    station_a, cadre_user
):
    """X's pairings, the span being 2026 (its last day 31 December):

    - 老党员: paired until 31 December and again from 31 December: one household;
    - 困难户: from 31 December: counted;  双标签: until 31 December: counted;
    - 上访户: until 30 December: not;
    - 五保户: from 1 January 2027: not;   普通户 (no tag that matters): not;
    - Y's 富裕户: Y's, not X's.
    Nobody visited any of them: X has 3 households, 3 not visited."""
    village, x = station_a.village, cadre_user.cadre
    y = f.CadreFactory(township=village.township)
    last = YEAR_2026["end"]
    veteran = _household(village, "老党员", T.VETERAN)
    f.PairingFactory(cadre=x, household=veteran, end_date=last)
    f.PairingFactory(cadre=x, household=veteran, start_date=last)
    f.PairingFactory(cadre=x, household=_household(village, "困难户", T.HARDSHIP), start_date=last)
    f.PairingFactory(cadre=x, household=_household(village, "双标签", T.SUBSISTENCE), end_date=last)
    f.PairingFactory(
        cadre=x,
        household=_household(village, "上访户", T.PETITIONER),
        end_date=datetime.date(2026, 12, 30),
    )
    f.PairingFactory(
        cadre=x,
        household=_household(village, "五保户", T.FIVE_GUARANTEES),
        start_date=datetime.date(2027, 1, 1),
    )
    f.PairingFactory(cadre=x, household=_household(village, "普通户"))
    f.PairingFactory(cadre=y, household=_household(village, "富裕户", T.WELL_OFF))
    found = coverage_by_member(Household.objects.all(), **YEAR_2026)
    assert found[x.pk] == {"total": 3, "not_visited": 3}
    assert found[y.pk] == {"total": 1, "not_visited": 1}


def test_days_together_count_each_kind_from_the_first_moment_to_the_last(station_a, cadre_user):
    """X ate with a household at 00:00 on 1 January 2026 (counted in 2026, not 2025), and
    on 3 March only ate (counted): 2 days in 2026. Y worked with one on 2 January: Y's
    day is not X's, and Y is not asked."""
    x = cadre_user.cadre
    y = f.CadreFactory(township=station_a.village.township)
    for when in (NEW_YEAR, datetime.datetime(2026, 3, 3, 12, tzinfo=SHANGHAI)):
        f.VisitFactory(station=station_a, author=x, occurred_at=when, ate_together=True)
    f.VisitFactory(
        station=station_a,
        author=y,
        occurred_at=datetime.datetime(2026, 1, 2, 9, tzinfo=SHANGHAI),
        worked_together=True,
    )
    assert together_days(cadres=[x.pk], **YEAR_2026) == {x.pk: 2}
    assert together_days(cadres=[x.pk], **YEAR_2025) == {}
    assert together_days(cadre=x, **YEAR_2026) == {x.pk: 2}
    assert Visit.objects.count() == 3
