"""Moves on a concern as people read them afterwards: the timeline says who did what,
when, with each note and value; facts a move clears are gone from the page; a stale
page is told even when it would make the very same move (issue 21: each fails with a
mutant of ``visits.concerns.services`` no other test caught)."""

# Fixtures come from tests.concern_helpers by import; their use as arguments redefines them.
# ruff: noqa: F811

import datetime
import re
import uuid
import zoneinfo
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from tests import factories as f
from tests.concern_helpers import (  # noqa: F401 (fixtures)
    OfficeFactory,
    assign_data,
    move,
    office_a,
    office_a2,
    office_user,
    raise_concern,
)
from visits.concerns import flow, services
from visits.concerns.figures import concern_figures
from visits.models import Concern

pytestmark = pytest.mark.django_db

S = Concern.State
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def t(day, hour=10):
    """A moment in November 2026, Beijing time (the demo seeder replays moves like this)."""
    return datetime.datetime(2026, 11, day, hour, tzinfo=SHANGHAI)


def _timeline(html):
    """Each entry of the page's timeline as the text a reader sees, spaces collapsed."""
    section = html.split('<ul class="plain timeline">', 1)[1].split("</ul>", 1)[0]
    entries = section.split("<li>")[1:]
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", e)).split()) for e in entries]


def _when(moment):
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _state(value):
    return str(S(value).label)


@pytest.fixture
def journey(station_a, cadre_user, staff_a, office_a, office_user):
    """A land dispute from the station to the office, mediated twice, done, fed back,
    found wanting by the household and closed as explained, each move at its moment."""
    concern, _ = services.raise_concern(
        user=cadre_user,
        station=station_a,
        move=flow.MOVES["keep_at_station"],
        token=uuid.uuid4(),
        fields={"category": "dispute_land", "description": "宅基地边界纠纷"},
        now=t(2),
    )
    deadline = datetime.date(2026, 11, 20)
    steps = [
        ("mediation", cadre_user, t(3), {"outcome": "failed"}),
        ("escalate", cadre_user, t(4), {"note": "村里调解不成"}),
        ("assign", staff_a, t(5), {"office": office_a, "deadline": deadline}),
        ("mediation", office_user, t(6), {"outcome": "succeeded"}),
        ("done", office_user, t(7), {"result": "司法所调解达成协议"}),
        ("feedback", cadre_user, t(8), {"how": "phone", "on": datetime.date(2026, 11, 8)}),
        ("reopen", cadre_user, t(9), {"note": "对结果不满意"}),
        ("explain", staff_a, t(10), {"explanation": "已依法解释，属历史遗留"}),
    ]
    for name, user, moment, data in steps:
        concern = move(concern, name, user, now=moment, **data)
    return concern, steps


def test_the_timeline_says_who_did_what_and_when_with_each_note_and_value(
    client, journey, cadre_user, staff_a, office_a
):
    concern, _ = journey
    client.force_login(staff_a)
    page = client.get(concern.get_absolute_url()).text
    due = gettext("due %(day)s") % {
        "day": date_format(datetime.date(2026, 11, 20), "SHORT_DATE_FORMAT")
    }

    def entry(moment, actor, name, states=(), *details):
        arrow = [f"{_state(states[0])} → {_state(states[1])}"] if states else []
        return " ".join([f"{_when(moment)} · {actor}", str(flow.label_of(name)), *arrow, *details])

    clerk = "民政办李干事"
    expected = [
        entry(t(2), cadre_user, "keep_at_station"),
        entry(t(3), cadre_user, "mediation", (S.STATION, S.STATION), "· 调处未成功"),
        entry(t(4), cadre_user, "escalate", (S.STATION, S.ESCALATED), "村里调解不成"),
        entry(t(5), staff_a, "assign", (S.ESCALATED, S.ASSIGNED), f"· {office_a.name} · {due}"),
        entry(t(6), clerk, "mediation", (S.ASSIGNED, S.ASSIGNED), "· 调处成功"),
        entry(t(7), clerk, "done", (S.ASSIGNED, S.DONE), "司法所调解达成协议"),
        entry(t(8), cadre_user, "feedback", (S.DONE, S.FED_BACK), "· 电话"),
        entry(t(9), cadre_user, "reopen", (S.FED_BACK, S.ESCALATED), "对结果不满意"),
        entry(t(10), staff_a, "explain", (S.ESCALATED, S.EXPLAINED), "已依法解释，属历史遗留"),
    ]
    assert _timeline(page) == expected


def test_a_reopened_concern_loses_its_feedback_and_once_explained_is_not_overdue(
    client, journey, staff_a
):
    concern, _ = journey
    client.force_login(staff_a)
    page = client.get(concern.get_absolute_url()).text
    facts = page.split('<dl class="facts">', 1)[1].split("</dl>", 1)[0]
    assert "<dt>反馈</dt>" not in facts  # the feedback was for the result the household refused
    assert "不满意" in facts
    assert "已逾期" not in page  # its deadline has passed, but it is closed


def test_feedback_names_how_when_and_who(client, station_a, cadre_user, staff_a, office_a):
    concern = raise_concern(cadre_user, station_a, now=t(2))
    concern = move(concern, "assign", staff_a, now=t(3), **assign_data(office_a))
    concern = move(concern, "done", staff_a, now=t(4), result="已纳入低保")
    on = datetime.date(2026, 11, 5)
    concern = move(concern, "feedback", cadre_user, now=t(5), how="phone", on=on)
    client.force_login(staff_a)
    facts = client.get(concern.get_absolute_url()).text.split('<dl class="facts">', 1)[1]
    assert f"电话 · {date_format(on, 'SHORT_DATE_FORMAT')} · {cadre_user}" in facts


def test_moves_count_in_the_figures_of_the_day_they_were_made(
    station_a, cadre_user, staff_a, office_a
):
    """Escalated, mediated and judged on the day of the move, not of the raising;
    a dispute is found on the day it is raised."""
    dispute = raise_concern(
        cadre_user, station_a, "keep_at_station", now=t(2), category="dispute_land"
    )
    move(dispute, "mediation", cadre_user, now=t(12), outcome="succeeded")
    move(dispute, "escalate", cadre_user, now=t(13))
    closed = raise_concern(cadre_user, station_a, now=t(2))
    closed = move(closed, "assign", staff_a, now=t(3), **assign_data(office_a))
    closed = move(closed, "done", staff_a, now=t(4), result="已办")
    closed = move(closed, "feedback", cadre_user, now=t(5), how="phone", on=t(5).date())
    move(closed, "close", cadre_user, now=t(14), verdict="satisfied")
    reopened = raise_concern(cadre_user, station_a, now=t(2))
    reopened = move(reopened, "assign", staff_a, now=t(3), **assign_data(office_a))
    reopened = move(reopened, "done", staff_a, now=t(4), result="已办")
    reopened = move(reopened, "feedback", cadre_user, now=t(5), how="phone", on=t(5).date())
    move(reopened, "reopen", cadre_user, now=t(15))

    def span(first, last):
        return concern_figures(station=station_a, start=t(first).date(), end=t(last).date())

    def on(day):
        return span(day, day)

    # A dispute is found the day it is raised and counts as mediated from the day
    # of the mediation: up to the 11th not yet, up to the 12th mediated.
    assert (span(2, 11)["disputes"], span(2, 11)["disputes_mediated"]) == (1, 0)
    assert span(2, 12)["disputes_mediated"] == 1
    assert on(12)["disputes"] == 0  # found on the 2nd, not on the day it was mediated
    assert (on(13)["escalated"], on(14)["verdicts"]) == (1, 1)
    assert (on(15)["verdicts"], on(15)["satisfied"]) == (1, 0)
    assert on(2)["verdicts"] == 0


# Offices ------------------------------------------------------------------------


def test_an_office_closed_or_of_another_township_cannot_be_assigned(
    station_a, cadre_user, staff_a, office_a, township_b
):
    concern = raise_concern(cadre_user, station_a)
    closed = OfficeFactory(township=office_a.township, name="撤并的农技站", active=False)
    elsewhere = OfficeFactory(township=township_b, name="金石桥民政办")
    for office in (closed, elsewhere):
        seen = Concern.objects.get(pk=concern.pk)  # the page as the clerk opened it
        with pytest.raises(services.MoveRefused):
            move(seen, "assign", staff_a, **assign_data(office))
    concern.refresh_from_db()
    assert (concern.state, concern.office, concern.version) == (S.ESCALATED, None, 1)


# Stale pages --------------------------------------------------------------------


def _assign_post(office, version, deadline):
    return {
        "assign-office": office.pk,
        "assign-deadline": deadline,
        "assign-note": "",
        "assign-version": version,
    }


def test_a_stale_page_making_the_very_same_assignment_is_told_who_came_first(
    client, station_a, cadre_user, staff_a, office_a, township_a
):
    concern = raise_concern(cadre_user, station_a)
    seen = concern.version
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    wang = f.UserFactory(username="wang", role="township", township=township_a, first_name="王主任")
    move(concern, "assign", wang, office=office_a, deadline=deadline)
    client.force_login(staff_a)
    url = reverse("visits:concern_move", args=[concern.pk, "assign"])

    response = client.post(url, _assign_post(office_a, seen, deadline))

    assert response.status_code == 409
    assert "已由王主任于" in response.text
    assert concern.events.filter(move="assign").count() == 1


def test_a_stale_reassignment_is_told_though_the_state_is_unchanged(
    client, station_a, cadre_user, staff_a, office_a, office_a2, township_a
):
    raise_concern(cadre_user, station_a)  # another concern of the township
    concern = raise_concern(cadre_user, station_a)
    concern = move(concern, "assign", staff_a, **assign_data(office_a))
    seen = concern.version
    deadline = timezone.localdate() + datetime.timedelta(days=20)
    move(concern, "reassign", staff_a, office=office_a2, deadline=deadline, note="改由司法所")
    client.force_login(staff_a)
    url = reverse("visits:concern_move", args=[concern.pk, "reassign"])
    data = {
        "reassign-office": office_a.pk,
        "reassign-deadline": deadline,
        "reassign-note": "仍由民政办",
        "reassign-version": seen,
    }

    response = client.post(url, data)

    assert response.status_code == 409
    concern.refresh_from_db()
    assert concern.office == office_a2


def test_a_move_on_one_concern_leaves_the_others_pages_current(
    client, station_a, cadre_user, staff_a, office_a, office_a2
):
    first = raise_concern(cadre_user, station_a)
    second = raise_concern(cadre_user, station_a)
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    client.force_login(staff_a)
    for concern, office in ((first, office_a), (second, office_a2)):
        url = reverse("visits:concern_move", args=[concern.pk, "assign"])
        response = client.post(url, _assign_post(office, concern.version, deadline), follow=True)
        assert "已保存：批办" in response.text
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.office, second.office) == (office_a, office_a2)
    # The same form sent again is no news: no second "saved", no second move.
    url = reverse("visits:concern_move", args=[second.pk, "assign"])
    again = client.post(url, _assign_post(office_a2, 1, deadline), follow=True)
    assert "已保存" not in again.text
    assert second.events.filter(move="assign").count() == 1
