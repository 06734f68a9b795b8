"""The late and incomplete figures of the monthly materials against a hand-worked month,
and every materials page's query count at two sizes."""

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from stations.models import Assignment, MaterialsStandard, StationMonth
from tests import factories as f
from visits.materials import figures, selectors
from visits.models import Visit
from visits.supervision.period import Period
from visits.supervision.upkeep import duty_days

pytestmark = pytest.mark.django_db

OCT = (2026, 10)
_NUMBERS = itertools.count()
TODAY = datetime.date(2026, 12, 4)


def _at(month, day, hour=10, minute=0, year=2026):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def _member(station, name, role=Assignment.Role.MEMBER, **kwargs):
    cadre = f.CadreFactory(township=station.village.township, name=name)
    start = kwargs.pop("start", datetime.date(2025, 1, 1))
    f.AssignmentFactory(cadre=cadre, station=station, role=role, start_date=start, **kwargs)
    return cadre


def _visit(station, author, occurred, created):
    visit = f.VisitFactory(station=station, author=author, occurred_at=occurred)
    Visit.objects.filter(pk=visit.pk).update(created_at=created)
    return visit


@pytest.fixture
def october(station_a, station_a2):
    """October 2026 at 高石, worked by hand.

    Duty days: 6th and 27th held, 13th and 20th not → 2 without a record.
    Visits (K = 3 days): written 2 hours after (no), exactly 72 hours after (no: more than
    K days is late), 72 hours and a minute after (late), the 31st at 23:30 written 5 Nov
    (late, and October's in Beijing time); 1 Nov 00:00 written 10 Nov is November's.
    郑九 (from the 31st) and 冯十 (to the 1st) served in October and wrote nothing; 褚十二
    wrote at 00:00 on the 1st (late: October's third late log); 卫十三 only at 23:59 on
    30 September → silent are 李二, 孙六, 吴八, 郑九, 冯十, 卫十三 (6).
    白水: one duty day not held, 吴八's late visit, 陈十一 silent (吴八 wrote there).
    Members: the chief wrote; 李二 wrote nothing; 王三 started in November; 赵四 ended in
    September; 钱五 is away; 孙六 (deputy) wrote only in November; 周七 (first secretary)
    is not a member; 吴八 wrote in October at the other station → 李二, 孙六, 吴八 are silent.
    """
    chief = _member(station_a, "站长甲", Assignment.Role.CHIEF)
    _member(station_a, "李二")
    _member(station_a, "王三", start=datetime.date(2026, 11, 1))
    _member(station_a, "赵四", end_date=datetime.date(2026, 9, 30))
    _member(station_a, "钱五", away=True)
    deputy = _member(station_a, "孙六", Assignment.Role.DEPUTY)
    _member(station_a, "周七", Assignment.Role.FIRST_SECRETARY)
    wu = _member(station_a, "吴八")
    _member(station_a, "郑九", start=datetime.date(2026, 10, 31))  # serves the last day
    _member(station_a, "冯十", end_date=datetime.date(2026, 10, 1))  # served the first day
    chu = _member(station_a, "褚十二")  # wrote at midnight starting the month
    wei = _member(station_a, "卫十三")  # wrote only a minute before it
    f.AssignmentFactory(
        cadre=wu,
        station=station_a2,
        role=Assignment.Role.MEMBER,
        start_date=datetime.date(2025, 1, 1),
    )
    _member(station_a2, "陈十一")  # 白水's, silent there
    f.DutyDayFactory(station=station_a2, date=datetime.date(2026, 10, 14), held=False)
    for day, held in ((6, True), (13, False), (20, False), (27, True)):
        f.DutyDayFactory(station=station_a, date=datetime.date(2026, 10, day), held=held)
    _visit(station_a, chief, _at(10, 10), _at(10, 10, 12))
    _visit(station_a, chief, _at(10, 10), _at(10, 13))
    _visit(station_a, chief, _at(10, 10), _at(10, 13, 10, 1))
    _visit(station_a, chief, _at(10, 31, 23, 30), _at(11, 5))
    _visit(station_a, deputy, _at(11, 1, 0, 0), _at(11, 10))
    _visit(station_a2, wu, _at(10, 15), _at(10, 15))
    _visit(station_a2, wu, _at(10, 16), _at(10, 25))
    _visit(station_a, chu, _at(10, 1, 0, 0), _at(10, 8))  # late, October's
    _visit(station_a, wei, _at(9, 30, 23, 59), _at(10, 9))  # late, September's
    return station_a


def test_the_incomplete_counts_of_the_hand_worked_month(october, station_a2):
    counts = figures.incomplete_counts(
        stations=[october, station_a2], year=2026, month=10, late_log_days=3, today=TODAY
    )
    mine = counts[october.pk]
    assert (mine.missed_duty, mine.late_logs, mine.silent_members) == (2, 3, 6)
    assert mine.any
    theirs = counts[station_a2.pk]
    assert (theirs.missed_duty, theirs.late_logs, theirs.silent_members) == (1, 1, 1)
    assert theirs.any
    # By ids, one station alone: the other's rows stay out.
    alone = figures.incomplete_counts(
        stations=[october.pk], year=2026, month=10, late_log_days=3, today=TODAY
    )
    assert list(alone) == [october.pk]
    assert (alone[october.pk].missed_duty, alone[october.pk].silent_members) == (2, 6)


def test_the_details_name_the_days_visits_and_members(october):
    details = figures.incomplete_details(
        station=october, year=2026, month=10, late_log_days=3, today=TODAY
    )
    assert [d.date.day for d in details.missed_duty] == [13, 20]
    assert [timezone.localtime(v.occurred_at).day for v in details.late_logs] == [1, 10, 31]
    assert sorted(a.cadre.name for a in details.silent_members) == sorted(
        ["李二", "孙六", "吴八", "郑九", "冯十", "卫十三"]
    )


def test_missed_duty_days_are_the_supervision_pages_number(october):
    period = Period.month(*OCT)
    upkeep = duty_days(period=period, by="station", today=TODAY, station=[october.pk])
    counts = figures.incomplete_counts(
        stations=[october], year=2026, month=10, late_log_days=3, today=TODAY
    )
    assert counts[october.pk].missed_duty == upkeep[october.pk]["duty_missed"] == 2


def test_a_longer_allowance_makes_fewer_late_logs(october):
    counts = figures.incomplete_counts(
        stations=[october], year=2026, month=10, late_log_days=5, today=TODAY
    )
    # Only 褚十二's, written seven days after, is still late.
    assert counts[october.pk].late_logs == 1


def test_a_duty_day_of_today_is_not_yet_missing(station_a):
    f.DutyDayFactory(station=station_a, date=datetime.date(2026, 12, 1), held=False)
    f.DutyDayFactory(station=station_a, date=datetime.date(2026, 12, 4), held=False)
    details = figures.incomplete_details(
        station=station_a, year=2026, month=12, late_log_days=3, today=TODAY
    )
    assert [d.date.day for d in details.missed_duty] == [1]
    assert details.any
    counts = figures.incomplete_counts(
        stations=[station_a], year=2026, month=12, late_log_days=3, today=TODAY
    )
    assert counts[station_a.pk].missed_duty == 1
    lines = figures.month_lines(
        stations=[station_a], year=2026, month=12, due_day=5, late_log_days=3, today=TODAY
    )
    assert lines[0].incomplete.missed_duty == 1


@pytest.mark.parametrize(
    ("submitted", "today", "verdict", "days"),
    [
        (_at(11, 5, 23, 59), TODAY, figures.ON_TIME, 0),  # the due day, Beijing time
        (_at(11, 6, 0, 10), TODAY, figures.LATE, 1),
        (_at(11, 20), TODAY, figures.LATE, 15),
        (None, TODAY, figures.OVERDUE, 29),  # 5 Nov to 4 Dec
        (None, datetime.date(2026, 11, 5), figures.NOT_DUE, 0),
        (None, datetime.date(2026, 11, 6), figures.OVERDUE, 1),
    ],
)
def test_timeliness(station_a, submitted, today, verdict, days):
    row = None
    if submitted is not None:
        row = StationMonth(station=station_a, year=2026, month=10, first_submitted_at=submitted)
    result = figures.timeliness(row, year=2026, month=10, due_day=5, today=today)
    assert (result.verdict, result.days_late) == (verdict, days)
    assert result.submitted_on == (timezone.localdate(submitted) if submitted else None)
    assert result.due == datetime.date(2026, 11, 5)


def test_due_dates_cross_the_year_and_short_months():
    assert figures.due_date(2026, 12, 5) == datetime.date(2027, 1, 5)
    assert figures.due_date(2027, 1, 28) == datetime.date(2027, 2, 28)


def test_a_resubmitted_month_keeps_its_first_verdict(station_a):
    row = StationMonth(
        station=station_a,
        year=2026,
        month=10,
        first_submitted_at=_at(11, 3),
        submitted_at=_at(11, 25),
    )
    assert figures.timeliness(row, year=2026, month=10, due_day=5, today=TODAY).verdict == (
        figures.ON_TIME
    )


def test_the_county_standard_moves_the_due_date(county, station_a):
    MaterialsStandard.objects.create(county=county, due_day=10, late_log_days=3)
    lines = figures.month_lines(
        stations=[station_a], year=2026, month=10, due_day=10, late_log_days=3, today=TODAY
    )
    assert lines[0].timeliness.due == datetime.date(2026, 11, 10)
    assert figures.standard_for(county.pk).due_day == 10


def test_the_summary_counts_each_verdict(station_a, station_a2, station_b):
    StationMonth.objects.create(
        station=station_a, year=2026, month=10, state="approved", first_submitted_at=_at(11, 2)
    )
    StationMonth.objects.create(
        station=station_a2, year=2026, month=10, state="submitted", first_submitted_at=_at(11, 9)
    )
    lines = figures.month_lines(
        stations=[station_a, station_a2, station_b],
        year=2026,
        month=10,
        due_day=5,
        late_log_days=3,
        today=TODAY,
    )
    summary = figures.summary(lines)
    assert [line.state_label for line in lines] == ["已由县审定", "已由工作站报送", "未报送"]
    assert lines[2].timeliness.days_late == 29
    assert summary | {} == {
        "stations": 3,
        "on_time": 1,
        "late": 1,
        "overdue": 1,
        "not_due": 0,
        "incomplete": 0,
        "approved": 1,
    }


# Pages: what they show, and their queries at two sizes ------------------------------


def _grow(township, n):
    """``n`` more stations in ``township``, each with a chief, a visit and a duty day."""
    year, month = selectors.previous_month()
    for _ in range(n):
        i = next(_NUMBERS)
        station = f.StationFactory(village=f.VillageFactory(township=township, name=f"村{i}"))
        chief = _member(station, f"站长{i}", Assignment.Role.CHIEF)
        f.VisitFactory(station=station, author=chief, occurred_at=_at(month, 9, year=year))
        f.DutyDayFactory(station=station, date=datetime.date(year, month, 9))
        StationMonth.objects.create(station=station, year=year, month=month, state="submitted")


PAGES = [
    ("materials:township_months", "staff_a", lambda c, t, s: [t.pk]),
    ("materials:county_months", "supervisor", lambda c, t, s: [c.pk]),
    ("materials:county_notice", "supervisor", lambda c, t, s: [c.pk, *selectors.previous_month()]),
    ("materials:station_month", "staff_a", lambda c, t, s: [s.pk]),
    ("stations:station_detail", "chief_user", lambda c, t, s: [s.pk]),
]


@pytest.mark.parametrize(("name", "who", "args"), PAGES)
def test_page_queries_stay_bounded(
    client,
    request,
    county,
    township_a,
    station_a,
    chief_user,
    name,
    who,
    args,
    django_assert_max_num_queries,
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    url = reverse(name, args=args(county, township_a, station_a))
    budgets = {}
    for size in (1, 6):
        _grow(township_a, size)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        budgets[size] = len(queries)
    assert budgets[1] == budgets[6], budgets
    assert budgets[6] <= 30


def test_the_township_list_shows_whats_waiting_and_offers_review(client, staff_a, township_a):
    _grow(township_a, 2)
    client.force_login(staff_a)
    page = client.get(reverse("materials:township_months", args=[township_a.pk]))
    assert "待乡镇审核 (2)" in page.text
    assert "审核通过，报县审定" in page.text


def test_the_notice_lists_the_late_and_the_pdf_reads_back(
    client, supervisor, county, township_a, station_a, tmp_path
):
    import subprocess

    year, month = OCT  # long past its due date: 高石 never submitted it
    client.force_login(supervisor)
    page = client.get(reverse("materials:county_notice", args=[county.pk, year, month]))
    assert page.status_code == 200
    assert station_a.name in page.text
    assert "逾期" in page.text
    pdf = client.get(reverse("materials:county_notice_pdf", args=[county.pk, year, month]))
    assert pdf["Content-Type"] == "application/pdf"
    path = tmp_path / "notice.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "月度材料迟报和不完整情况通报" in "".join(text.split())


def test_the_county_standard_form_saves_and_refuses_a_bad_day(client, supervisor, county):
    client.force_login(supervisor)
    url = reverse("materials:county_standard", args=[county.pk])
    assert client.post(url, {"due_day": "31", "late_log_days": "3"}).status_code == 400
    assert not MaterialsStandard.objects.exists()
    assert client.post(url, {"due_day": "8", "late_log_days": "2"}).status_code == 302
    standard = MaterialsStandard.objects.get()
    assert (standard.due_day, standard.late_log_days) == (8, 2)


def test_a_future_month_page_is_not_found(client, staff_a, township_a):
    client.force_login(staff_a)
    url = reverse("materials:township_months_of", args=[township_a.pk, 2099, 1])
    assert client.get(url).status_code == 404
