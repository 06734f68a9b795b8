"""Activity figures against the hand-built November in tests.supervision_helpers:
month ends in Beijing time, a cadre who rotated mid-month, days in a village,
paired contacts pro-rated to the period, card coverage, duty days, concerns."""

# Fixtures come from tests.supervision_helpers by import; their use as arguments redefines them.
# ruff: noqa: F811

import datetime

import pytest

from tests.concern_helpers import ConcernFactory
from tests.supervision_helpers import AFTER, DECEMBER, NOVEMBER, OCTOBER, november  # noqa: F401
from villages.models import Standard
from visits.concerns.figures import concern_figures
from visits.supervision import activity, contacts
from visits.supervision.period import Period

pytestmark = pytest.mark.django_db


def figures(period=NOVEMBER, **place):
    # One county in these tests: its saved standard, or the defaults.
    standard = Standard.objects.first() or Standard()
    return activity.activity(period=period, standard=standard, today=AFTER, **place)


def test_the_last_evening_of_november_in_beijing_counts_in_november(november, station_a2):
    assert november.late_evening.occurred_at.astimezone(datetime.UTC).hour == 15
    assert november.late_evening.occurred_at.astimezone(datetime.UTC).day == 30
    nov = figures(station=station_a2)
    # 20 Nov night visit and 30 Nov 23:30; not 31 Oct 23:59, not 1 Dec 00:30.
    assert nov["visits"] == 2
    assert nov["by_kind"]["night"] == 1 and nov["by_kind"]["home"] == 1
    assert figures(OCTOBER, station=station_a2)["visits"] == 1
    assert figures(DECEMBER, station=station_a2)["visits"] == 1


def test_a_station_month_counted_by_hand(november, station_a):
    nov = figures(station=station_a)
    assert nov["by_kind"] == {"home": 2, "field": 1, "night": 0, "phone": 1, "meeting": 0}
    assert nov["visits"] == 4
    assert nov["receptions"] == 1
    assert nov["logged"] == 5
    # 刘一 (home visit and phone call) and 张二; the field visit had no household.
    assert nov["households_reached"] == 2
    assert (nov["duty_scheduled"], nov["duty_held"], nov["duty_missed"]) == (4, 2, 2)
    # 刘一's card is valid; 张二's was voided on 20 Nov; 李四's issued in December.
    assert (nov["carded"], nov["households"]) == (1, 3)
    assert nov["card_coverage"] == pytest.approx(1 / 3)


def test_the_rotated_cadre_counts_at_each_station_for_what_was_logged_there(
    november, station_a, station_a2, township_a
):
    wang = november.wang
    assert figures(cadre=wang, station=station_a)["visits"] == 3
    assert figures(cadre=wang, station=station_a2)["visits"] == 2
    assert figures(cadre=wang)["visits"] == 5
    rows = activity.activity_by(
        "station",
        period=NOVEMBER,
        standard=Standard.objects.for_county(township_a.county_id),
        keys=[station_a.pk, station_a2.pk],
        cadre=wang,
        today=AFTER,
    )
    assert rows[station_a.pk]["visits"] == 3 and rows[station_a2.pk]["visits"] == 2
    members = activity.activity_by(
        "cadre",
        period=NOVEMBER,
        standard=Standard.objects.for_county(township_a.county_id),
        keys=[wang.pk, november.chief.pk],
        station=station_a2,
        today=AFTER,
    )
    assert members[wang.pk]["visits"] == 2 and members[wang.pk]["village_days"] == 2
    assert members[november.chief.pk]["visits"] == 0


def test_days_in_a_village_are_distinct_local_dates_without_phone_calls(
    november, station_a, station_a2
):
    wang = november.wang
    # 3 Nov (twice), 5 Nov as the chief's companion, 20 Nov, 30 Nov late evening;
    # not the phone call on 10 Nov, not 31 Oct or 1 Dec.
    assert figures(cadre=wang)["village_days"] == 4
    assert figures(cadre=wang, station=station_a)["village_days"] == 2
    assert figures(cadre=wang, station=station_a2)["village_days"] == 2
    # The chief: 5 Nov, and the reception on the duty day of 11 Nov at the station.
    assert figures(cadre=november.chief)["village_days"] == 2
    assert figures(cadre=november.member)["village_days"] == 0


def test_paired_contacts_are_pro_rated_to_the_days_each_pairing_lasted(november, station_a):
    wang = figures(cadre=november.wang)
    # Two pairings of 15 days each in November; each contacted twice, counted once
    # (the cap for a month at 3 a year is ceil(3 × 30 / 365) = 1).
    assert (wang["paired"], wang["paired_contacted"], wang["paired_contacts"]) == (2, 2, 2)
    assert wang["paired_contacts_expected"] == pytest.approx(3 * 30 / 365)
    assert wang["paired_contacts_due"] == 0
    station = figures(station=station_a)
    # 刘一 (15 days, 王明) and 张二 (30 days, the chief).
    assert station["paired"] == 2 and station["paired_contacts"] == 2
    assert station["paired_contacts_expected"] == pytest.approx(3 * 45 / 365)


def test_the_quota_comes_from_the_county_standard(november, county):
    Standard.objects.create(county=county, contacts_per_paired_household=36)
    wang = activity.activity(
        period=NOVEMBER,
        standard=Standard.objects.for_county(county.pk),
        cadre=november.wang,
        today=AFTER,
    )
    assert wang["paired_contacts_expected"] == pytest.approx(36 * 30 / 365)
    assert wang["paired_contacts_due"] == 2
    # The cap is now ceil(36 × 30 / 365) = 3: both contacts of each pairing count.
    assert wang["paired_contacts"] == 4


def test_a_year_owes_the_full_quota(november, county):
    year = Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    chief = activity.activity(
        period=year,
        standard=Standard.objects.for_county(county.pk),
        cadre=november.chief,
        today=datetime.date(2027, 1, 10),
    )
    assert chief["paired_contacts_expected"] == pytest.approx(3)
    assert chief["paired_contacts_due"] == 3
    assert chief["paired_contacts"] == 1


def test_a_period_not_over_yet_is_measured_up_to_today(november, station_a, county):
    midway = activity.activity(
        period=NOVEMBER,
        standard=Standard.objects.for_county(county.pk),
        station=station_a,
        today=datetime.date(2026, 11, 15),
    )
    # Four duty days on the roster, two of them due by the 15th, both held.
    assert (midway["duty_scheduled"], midway["duty_due"], midway["duty_missed"]) == (4, 2, 0)
    assert midway["paired_contacts_expected"] == pytest.approx(3 * 30 / 365)


def test_township_figures_add_up_and_leave_other_townships_out(
    november, township_a, township_b, station_b, county
):
    from tests import factories as f

    f.VisitFactory(station=station_b, occurred_at=NOVEMBER.since)
    town = figures(township=township_a)
    assert town["visits"] == 6 and town["receptions"] == 1
    assert town["households_reached"] == 3
    assert (town["carded"], town["households"]) == (1, 4)
    rows = activity.activity_by(
        "township",
        period=NOVEMBER,
        standard=Standard.objects.for_county(county.pk),
        keys=[township_a.pk, township_b.pk],
        county=county,
        today=AFTER,
    )
    assert rows[township_a.pk]["visits"] == 6
    assert rows[township_b.pk]["visits"] == 1
    assert figures(county=county)["visits"] == 7


def test_concern_figures_are_the_concerns_selectors_own(november, station_a, township_a):
    ConcernFactory(station=station_a, raised_at=NOVEMBER.since, description="修路")
    ConcernFactory(station=station_a, raised_at=DECEMBER.since, description="十二月")
    expected = concern_figures(
        township=township_a, start=NOVEMBER.start, end=NOVEMBER.end, today=AFTER
    )
    assert figures(township=township_a)["concerns"] == expected
    assert expected["raised"] == 1


def test_visits_per_month_count_local_months(november, station_a2):
    months = dict(contacts.visits_per_month(end=DECEMBER.end, months=3, station=station_a2))
    assert months == {
        datetime.date(2026, 10, 1): 1,
        datetime.date(2026, 11, 1): 2,
        datetime.date(2026, 12, 1): 1,
    }


def test_a_standard_not_yet_saved_holds_the_seeds_defaults(county, settings):
    settings.PAIRED_CONTACTS_PER_YEAR = 3
    standard = Standard.objects.for_county(county.pk)
    assert standard.pk is None and not Standard.objects.exists()
    assert (
        standard.village_days_leadership,
        standard.village_days_section,
        standard.village_days_ordinary,
        standard.contacts_per_paired_household,
        standard.farmer_friends_per_member,
        standard.station_days_per_week,
        standard.analysis_meetings_per_quarter,
        len(standard.required_haves()),
    ) == (10, 10, 5, 3, 10, 1, 1, 7)


def test_per_village_a_visit_counts_at_the_village_it_was_about(
    november, station_a, station_a2, township_a
):
    from tests import factories as f

    # 陈三 of 白水村 comes to 高石's duty day on 12 November: a reception logged at 高石,
    # about 白水村. Per station it is 高石's; per village it is 白水村's.
    f.VisitFactory(
        station=station_a,
        author=november.chief,
        village=station_a2.village,
        household=november.chen,
        kind="reception",
        occurred_at=NOVEMBER.since + datetime.timedelta(days=11, hours=9),
    )
    gaoshi, baishui = station_a.village, station_a2.village
    rows = activity.activity_by(
        "village",
        period=NOVEMBER,
        standard=Standard.objects.for_county(township_a.county_id),
        keys=[gaoshi.pk, baishui.pk],
        township=township_a,
        today=AFTER,
    )
    # 高石村: home 3 Nov, field 3 Nov, home 5 Nov, phone 10 Nov; the reception of 11 Nov;
    # 刘一 and 张二 reached. Duty days 4, 11 (held), 18, 25 (missed). Cards: 刘一's of 3.
    # 白水村: night 20 Nov and home 30 Nov, and 陈三's reception at 高石; 陈三 reached; no
    # duty day; 陈三 holds no card.
    by_village = {
        village: (
            rows[village.pk]["visits"],
            rows[village.pk]["receptions"],
            rows[village.pk]["households_reached"],
            rows[village.pk]["duty_scheduled"],
            rows[village.pk]["duty_held"],
            rows[village.pk]["carded"],
            rows[village.pk]["households"],
        )
        for village in (gaoshi, baishui)
    }
    assert by_village == {gaoshi: (4, 1, 2, 4, 2, 1, 3), baishui: (2, 1, 1, 0, 0, 0, 1)}
    stations = activity.activity_by(
        "station",
        period=NOVEMBER,
        standard=Standard.objects.for_county(township_a.county_id),
        keys=[station_a.pk, station_a2.pk],
        township=township_a,
        today=AFTER,
    )
    assert stations[station_a.pk]["receptions"] == 2 and stations[station_a2.pk]["receptions"] == 0
