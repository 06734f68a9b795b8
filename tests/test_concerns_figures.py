"""Concern figures against a hand-counted fixture, and overdue around month ends
and around midnight in Asia/Shanghai."""

# Fixtures come from tests.concern_helpers by import; their use as arguments redefines them.
# ruff: noqa: F811

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from tests.concern_helpers import (  # noqa: F401 (fixtures)
    ConcernFactory,
    move,
    office_a,
    office_a2,
    office_user,
    raise_concern,
)
from visits.concerns.figures import FIGURES, concern_figures, concern_figures_by
from visits.models import Concern

pytestmark = pytest.mark.django_db

S = Concern.State
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NOV_1, NOV_30 = datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)


def at(month, day, hour=10, minute=0, year=2026):
    """A moment in Beijing time."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def d(month, day, year=2026):
    return datetime.date(year, month, day)


@pytest.fixture
def november(station_a, station_a2, station_b, cadre_user, office_a, office_a2):
    """Thirteen concerns whose figures for November 2026 are counted by hand below."""
    me = cadre_user.cadre

    def concern(key, **fields):
        fields.setdefault("station", station_a)
        fields.setdefault("escalated_at", None)
        return key, ConcernFactory(description=key, **fields)

    def assigned(raised, deadline, **fields):
        return {
            "raised_at": raised,
            "escalated_at": raised,
            "office": office_a,
            "assigned_at": raised + datetime.timedelta(hours=20),
            "deadline": deadline,
            "state": S.ASSIGNED,
            **fields,
        }

    rows = dict(
        [
            # Solved on the spot: a land dispute mediated there and then.
            concern(
                "c1",
                raised_by=me,
                category="dispute_land",
                state=S.ON_SPOT,
                raised_at=at(11, 3),
                done_at=at(11, 3),
                done_on=d(11, 3),
                closed_at=at(11, 3),
                mediation="succeeded",
                mediation_at=at(11, 3),
            ),
            # Raised in October, done in November on time, satisfied.
            concern(
                "c2",
                **assigned(
                    at(10, 28),
                    d(11, 10),
                    state=S.CLOSED,
                    done_at=at(11, 8),
                    done_on=d(11, 8),
                    verdict="satisfied",
                    verdict_at=at(11, 12),
                    closed_at=at(11, 12),
                ),
            ),
            # Done late, feedback due.
            concern(
                "c3",
                raised_by=me,
                **assigned(
                    at(11, 5), d(11, 20), state=S.DONE, done_at=at(11, 25), done_on=d(11, 25)
                ),
            ),
            # Deadline the 29th, not done: overdue on the 30th.
            concern("c4", **assigned(at(11, 10), d(11, 29))),
            # Deadline the 30th, not done: not overdue on the 30th (it is by December).
            concern("c5", **assigned(at(11, 12), d(11, 30))),
            # A family dispute handled at the other station, mediation failed.
            concern(
                "c6",
                station=station_a2,
                category="dispute_family",
                state=S.STATION,
                raised_at=at(11, 15),
                mediation="failed",
                mediation_at=at(11, 16),
            ),
            # Closed as explained.
            concern(
                "c7",
                state=S.EXPLAINED,
                raised_at=at(11, 20),
                escalated_at=at(11, 20),
                closed_at=at(11, 22),
                explanation="不符合政策",
            ),
            # Raised at 23:30 on the 30th, Beijing time: November.
            concern("c8", raised_at=at(11, 30, 23, 30), escalated_at=at(11, 30, 23, 30)),
            # Raised at 00:10 on 1 December, Beijing time (still 30 November in UTC).
            concern("c9", raised_at=at(12, 1, 0, 10), escalated_at=at(12, 1, 0, 10)),
            # Done on its deadline day late in the evening, basically satisfied.
            concern(
                "c10",
                **assigned(
                    at(11, 2),
                    d(11, 15),
                    state=S.CLOSED,
                    done_at=at(11, 15, 23, 50),
                    done_on=d(11, 15),
                    verdict="basically",
                    verdict_at=at(11, 20),
                    closed_at=at(11, 20),
                ),
            ),
            # Not satisfied: reopened, no longer done, and its deadline has passed.
            concern(
                "c11",
                **assigned(
                    at(11, 4),
                    d(11, 12),
                    state=S.ESCALATED,
                    verdict="not_satisfied",
                    verdict_at=at(11, 20),
                ),
            ),
            # Another township.
            concern("c12", station=station_b, raised_at=at(11, 10), escalated_at=at(11, 10)),
            # A neighbours' dispute with the judicial office, referred on.
            concern(
                "c13",
                category="dispute_neighbours",
                **assigned(
                    at(11, 8),
                    d(12, 10),
                    office=office_a2,
                    mediation="referred",
                    mediation_at=at(11, 9),
                ),
            ),
        ]
    )
    return rows


# Counted by hand from the fixture (today: 5 December, so the period is over).
TOWNSHIP_A_NOVEMBER = {
    "raised": 10,  # c1 c3 c4 c5 c6 c7 c8 c10 c11 c13
    "solved_on_spot": 1,  # c1
    "escalated": 8,  # c3 c4 c5 c7 c8 c10 c11 c13
    "done": 3,  # c2 c3 c10 (c1 is on the spot, c11 was reopened)
    "done_on_time": 2,  # c2 c10
    "overdue": 2,  # c4 c11 on 30 November
    # Due in November: the deadlines 10 (c2), 20 (c3), 29 (c4), 30 (c5), 15 (c10) and
    # 12 (c11) November; c13's is in December, c1 c6 c7 c8 have none.
    "due": 6,
    "due_closed": 3,  # c2 (done 8 Nov), c3 (done 25 Nov, late), c10 (done 15 Nov)
    "done_rate": 3 / 6,  # 办结率 = closed ÷ due = 50%
    "disputes": 3,  # found in November: c1 (land), c6 (family), c13 (neighbours)
    "disputes_mediated": 1,  # c1 only: c6 failed, c13 was referred on
    "mediation_rate": 1 / 3,
    "verdicts": 3,  # c2 c10 c11
    "satisfied": 2,  # c2 c10
    "satisfaction": 2 / 3,
}


def test_each_township_figure_against_the_hand_count(november, township_a):
    figures = concern_figures(township=township_a, start=NOV_1, end=NOV_30, today=d(12, 5))
    assert set(figures) == set(FIGURES)
    for name, expected in TOWNSHIP_A_NOVEMBER.items():
        assert figures[name] == pytest.approx(expected), name


def test_the_figures_take_one_query(november, township_a, django_assert_num_queries):
    with django_assert_num_queries(1):
        concern_figures(township=township_a, start=NOV_1, end=NOV_30, today=d(12, 5))


def test_overdue_counts_on_the_periods_last_day_or_today(november, township_a):
    mid_month = concern_figures(township=township_a, start=NOV_1, end=NOV_30, today=d(11, 25))
    assert mid_month["overdue"] == 1  # only c11 by 25 November; c3 was done that day
    december = concern_figures(township=township_a, start=d(12, 1), end=d(12, 31), today=d(12, 5))
    assert december["overdue"] == 3  # c4, c5 and c11 on 5 December
    assert december["raised"] == 1  # c9


def test_figures_for_the_county_a_station_a_cadre_and_a_user(
    november, county, station_a, cadre_user, staff_b, supervisor
):
    period = {"start": NOV_1, "end": NOV_30, "today": d(12, 5)}
    assert concern_figures(county=county, **period)["raised"] == 11
    assert concern_figures(station=station_a, **period)["raised"] == 9
    assert concern_figures(cadre=cadre_user.cadre, **period)["raised"] == 2
    assert concern_figures(user=staff_b, **period)["raised"] == 1
    assert concern_figures(user=supervisor, **period)["raised"] == 11
    # A user's place narrows any place asked for.
    assert concern_figures(user=staff_b, station=station_a, **period)["raised"] == 0


def test_figures_grouped_per_township_and_category_in_one_query(
    november, county, township_a, township_b, django_assert_num_queries
):
    with django_assert_num_queries(1):
        per_township = concern_figures_by(
            "township", county=county, start=NOV_1, end=NOV_30, today=d(12, 5)
        )
    assert per_township[township_a.pk] == pytest.approx(TOWNSHIP_A_NOVEMBER)
    assert per_township[township_b.pk]["raised"] == 1
    per_category = concern_figures_by(
        "category", township=township_a, start=NOV_1, end=NOV_30, today=d(12, 5)
    )
    assert per_category["dispute_neighbours"]["disputes"] == 1
    assert per_category["help_subsistence"]["raised"] == 7  # c3 c4 c5 c7 c8 c10 c11


def test_rates_are_none_when_nothing_was_counted(township_a):
    figures = concern_figures(township=township_a, start=NOV_1, end=NOV_30)
    assert figures["done_rate"] is None and figures["satisfaction"] is None
    assert figures["raised"] == 0


# Overdue and on time, in Beijing days --------------------------------------------


@pytest.mark.parametrize(
    ("deadline", "today", "overdue"),
    [
        (d(11, 30), d(11, 30), False),
        (d(11, 30), d(12, 1), True),
        (d(2, 28, 2027), d(2, 28, 2027), False),
        (d(2, 28, 2027), d(3, 1, 2027), True),  # no 29 February in 2027
        (d(2, 29, 2028), d(2, 29, 2028), False),
        (d(2, 29, 2028), d(3, 1, 2028), True),
        (d(12, 31), d(1, 1, 2027), True),  # across the year end
        (d(4, 30), d(5, 1), True),
    ],
)
def test_overdue_from_the_day_after_the_deadline(station_a, office_a, deadline, today, overdue):
    concern = ConcernFactory(
        station=station_a,
        assigned=True,
        office=office_a,
        raised_at=at(1, 2, year=2026),
        deadline=deadline,
    )
    assert concern.is_overdue(today) is overdue
    in_db = Concern.objects.overdue(on=today).filter(pk=concern.pk).exists()
    assert in_db is overdue


def _freeze(monkeypatch, moment):
    monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(datetime.UTC))


def test_overdue_starts_at_midnight_beijing_time_not_utc(
    client, monkeypatch, staff_a, township_a, station_a, office_a
):
    ConcernFactory(
        station=station_a,
        assigned=True,
        office=office_a,
        raised_at=at(11, 20),
        deadline=d(11, 30),
        description="月底到期",
    )
    client.force_login(staff_a)
    url = reverse("concerns:township_concerns", args=[township_a.pk])
    _freeze(monkeypatch, at(11, 30, 23, 59))
    assert "逾期 (0)" in client.get(url).text
    # One minute later it is 1 December in Beijing, still 30 November in UTC.
    _freeze(monkeypatch, at(12, 1, 0, 1))
    assert timezone.now().date() == d(11, 30)
    page = client.get(url, {"tab": "overdue"})
    assert "逾期 (1)" in page.text and "月底到期" in page.text


@pytest.mark.parametrize(
    ("done_at", "on_time"),
    [(at(11, 30, 23, 59), True), (at(12, 1, 0, 1), False)],
)
def test_done_on_time_is_judged_in_beijing_days(
    station_a, cadre_user, staff_a, office_a, office_user, done_at, on_time
):
    concern = raise_concern(cadre_user, station_a, now=at(11, 20))
    concern = move(
        concern, "assign", staff_a, now=at(11, 20, 11), office=office_a, deadline=d(11, 30)
    )
    concern = move(concern, "done", office_user, now=done_at, result="已办理")
    assert concern.done_on_time is on_time
    figures = concern_figures(
        station=station_a, start=done_at.date(), end=done_at.date(), today=d(12, 5)
    )
    assert (figures["done"], figures["done_on_time"]) == (1, 1 if on_time else 0)


def test_a_concern_raised_in_a_late_logged_visit_counts_on_the_visits_day(station_a, cadre_user):
    visit = f.VisitFactory(station=station_a, author=cadre_user.cadre, occurred_at=at(10, 31, 20))
    raise_concern(cadre_user, station_a, visit=visit, now=at(11, 2))
    october = concern_figures(station=station_a, start=d(10, 1), end=d(10, 31), today=d(12, 5))
    november = concern_figures(station=station_a, start=NOV_1, end=NOV_30, today=d(12, 5))
    assert (october["raised"], november["raised"]) == (1, 0)
    assert november["escalated"] == 1  # escalated when it was written down


# The rates as the seeds define them (issue 14) ------------------------------------


def _dispute(station, raised, **fields):
    return ConcernFactory(
        station=station, category="dispute_land", state=S.STATION, raised_at=raised, **fields
    )


def test_the_mediation_rate_divides_by_the_disputes_found_in_the_period(station_a):
    """调处率 = disputes mediated ÷ disputes found (排查) in the period: 33 of 35 is 94.3%."""
    ok = {"mediation": "succeeded"}
    # 35 disputes found in November; the last one at 23:30 on the 30th, Beijing time.
    found = [_dispute(station_a, at(11, 1 + n % 29)) for n in range(34)]
    found.append(_dispute(station_a, at(11, 30, 23, 30)))
    # 33 of them mediated successfully in November, the last at 23:50 on the 30th (15:50 UTC).
    for concern in found[:32]:
        Concern.objects.filter(pk=concern.pk).update(**ok, mediation_at=concern.raised_at)
    Concern.objects.filter(pk=found[34].pk).update(**ok, mediation_at=at(11, 30, 23, 50))
    # One mediated successfully at 00:10 on 1 December, Beijing time (still 30 November in
    # UTC): not by November's last day.
    Concern.objects.filter(pk=found[32].pk).update(**ok, mediation_at=at(12, 1, 0, 10))
    # One whose mediation failed.
    Concern.objects.filter(pk=found[33].pk).update(mediation="failed", mediation_at=at(11, 20))
    # Found in October and mediated in November: October's dispute, not November's.
    _dispute(station_a, at(10, 20), **ok, mediation_at=at(11, 5))
    # Found at 00:05 on 1 December, Beijing time: December's.
    _dispute(station_a, at(12, 1, 0, 5))
    november = concern_figures(station=station_a, start=NOV_1, end=NOV_30, today=d(12, 5))
    # 32 on their day + 1 at 23:50 on the 30th = 33 mediated; 35 found: 33 / 35 = 94.3%.
    assert (november["disputes"], november["disputes_mediated"]) == (35, 33)
    assert round(november["mediation_rate"] * 100, 1) == 94.3
    december = concern_figures(station=station_a, start=d(12, 1), end=d(12, 31), today=d(12, 5))
    # Found in December: the one of 00:05 on the 1st, not mediated yet: 0 ÷ 1.
    assert (december["disputes"], december["disputes_mediated"]) == (1, 0)
    assert december["mediation_rate"] == 0


def test_the_completion_rate_divides_the_closed_by_the_due_at_month_ends(station_a, office_a):
    """办结率 = concerns due in the period and done or closed by its last day ÷ those due."""

    def due(deadline, **fields):
        raised = at(deadline.month, 1) - datetime.timedelta(days=20)
        fields = {"state": S.ASSIGNED, **fields}
        return ConcernFactory(
            station=station_a,
            office=office_a,
            raised_at=raised,
            assigned_at=raised,
            deadline=deadline,
            **fields,
        )

    # Due 30 November, done at 23:50 that evening, Beijing time: closed in November.
    due(d(11, 30), state=S.DONE, done_at=at(11, 30, 23, 50), done_on=d(11, 30))
    # Due 30 November, done at 00:10 on 1 December, Beijing time (30 November in UTC): late.
    due(d(11, 30), state=S.DONE, done_at=at(12, 1, 0, 10), done_on=d(12, 1))
    # Due 30 November, closed as explained at 23:55 that evening, Beijing time.
    due(d(11, 30), state=S.EXPLAINED, closed_at=at(11, 30, 23, 55))
    # Due 1 December: December's.
    due(d(12, 1))
    # Due 31 October, done on 3 November: done in November, but due in October.
    due(d(10, 31), state=S.DONE, done_at=at(11, 3), done_on=d(11, 3))
    november = concern_figures(station=station_a, start=NOV_1, end=NOV_30, today=d(12, 5))
    # Due in November: three (the 30th); closed by then: the 23:50 and the 23:55 ones.
    assert (november["due"], november["due_closed"]) == (3, 2)
    assert november["done_rate"] == pytest.approx(2 / 3)
    # Done in November: the 23:50 one and October's late one (1 December's is December's).
    assert november["done"] == 2
    october = concern_figures(station=station_a, start=d(10, 1), end=d(10, 31), today=d(12, 5))
    # Due in October: one, not closed by 31 October: 0 ÷ 1, and nothing done in October.
    assert (october["due"], october["due_closed"], october["done_rate"]) == (1, 0, 0)
    assert october["done"] == 0
    # While November is not over, only deadlines up to today are due: by 29 November none.
    midway = concern_figures(station=station_a, start=NOV_1, end=NOV_30, today=d(11, 29))
    assert (midway["due"], midway["done_rate"]) == (0, None)
