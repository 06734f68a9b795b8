"""An office's inbox (issue 14): its lists — all open, to acknowledge, overdue, due this
week — and acknowledging (签收) several new concerns in one post, each through the move
service, so a concern moved meanwhile is told and the others are still acknowledged.

"Today" is Wednesday 2 December 2026 (Beijing); this week ends on Sunday the 6th.
"""

# Fixtures come from tests.concern_helpers by import; their use as arguments redefines them.
# ruff: noqa: F811

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.concern_helpers import (  # noqa: F401 (fixtures)
    ConcernFactory,
    assign_data,
    move,
    office_a,
    office_a2,
    office_user,
    other_office_user,
)
from tests.supervision_helpers import at
from visits.concerns import services as services
from visits.models import Concern, ConcernEvent

pytestmark = pytest.mark.django_db

S = Concern.State


def _clock(monkeypatch, moment):
    monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(datetime.UTC))


@pytest.fixture(autouse=True)
def _wednesday(monkeypatch):
    _clock(monkeypatch, at(12, 2, 10))


def _due(station, office, day, text, **extra):
    return ConcernFactory(
        station=station,
        assigned=True,
        office=office,
        raised_at=at(11, 20),
        deadline=datetime.date(2026, 12, day) if day > 0 else datetime.date(2026, 11, 30),
        description=text,
        **extra,
    )


@pytest.fixture
def lists(station_a, office_a, office_a2):
    """By hand: 逾期 (30 Nov), 今天到期 (2 Dec), 周日到期 (6 Dec), 下周一到期 (7 Dec, next
    week), 已签收 (5 Dec, acknowledged), 已办完 (done), and one of the other office."""
    rows = {
        "overdue": _due(station_a, office_a, 0, "逾期"),
        "today": _due(station_a, office_a, 2, "今天到期"),
        "sunday": _due(station_a, office_a, 6, "周日到期"),
        "monday": _due(station_a, office_a, 7, "下周一到期"),
        "signed": _due(station_a, office_a, 5, "已签收", acknowledged_at=at(11, 21)),
        "done": _due(
            station_a,
            office_a,
            3,
            "已办完",
            state=S.DONE,
            done_at=at(12, 1),
            done_on=datetime.date(2026, 12, 1),
        ),
        "other": _due(station_a, office_a2, 2, "司法所的事"),
    }
    return rows


def _texts(page):
    """The rows' descriptions, in the order the page lists them."""
    found = []
    for text in ("逾期", "今天到期", "周日到期", "下周一到期", "已签收", "已办完", "司法所的事"):
        if f"\n    {text}<br>" in page.text:
            found.append(text)
    return sorted(found, key=lambda text: page.text.index(f"\n    {text}<br>"))


def _get(client, office, tab=None):
    url = reverse("concerns:office_concerns", args=[office.pk])
    return client.get(url, {"tab": tab} if tab else {})


def test_each_list_holds_what_its_definition_says(client, office_user, office_a, lists):
    client.force_login(office_user)
    everything = _get(client, office_a)
    assert _texts(everything) == ["逾期", "今天到期", "已签收", "周日到期", "下周一到期"]
    assert "全部待办 (5)" in everything.text and "待签收 (4)" in everything.text
    assert "逾期 (1)" in everything.text and "本周到期 (3)" in everything.text
    assert "已办结 (1)" in everything.text
    assert "办理期限在今天（含）至本周日之间的待办诉求。" in everything.text
    assert _texts(_get(client, office_a, "overdue")) == ["逾期"]
    assert _texts(_get(client, office_a, "week")) == ["今天到期", "已签收", "周日到期"]
    assert _texts(_get(client, office_a, "new")) == ["逾期", "今天到期", "周日到期", "下周一到期"]
    assert _texts(_get(client, office_a, "done")) == ["已办完"]
    assert _get(client, office_a, "nonsense").status_code == 404


def test_an_office_acknowledges_several_at_once(client, office_user, office_a, lists):
    client.force_login(office_user)
    page = _get(client, office_a, "new")
    picks = [f"{c.pk}:{c.version}" for c in (lists["overdue"], lists["today"], lists["sunday"])]
    for pick in picks:
        assert f'value="{pick}"' in page.text
    assert f'value="{lists["signed"].pk}:' not in page.text  # acknowledged already: no box
    url = reverse("concerns:office_acknowledge", args=[office_a.pk]) + "?tab=new"
    response = client.post(url, {"concern": picks})
    assert response.status_code == 302 and response.url.endswith("?tab=new")
    after = client.get(response.url)
    assert "已签收 3 件。" in after.text
    assert _texts(after) == ["下周一到期"]
    events = ConcernEvent.objects.filter(move="acknowledge")
    assert sorted(e.concern_id for e in events) == sorted(
        c.pk for c in (lists["overdue"], lists["today"], lists["sunday"])
    )
    assert {e.actor for e in events} == {office_user}
    # Sent again (a double click): nothing more, and no error.
    again = client.post(url, {"concern": picks})
    assert events.count() == 3
    assert "未签收：" not in client.get(again.url).text


def test_partial_success_says_which_failed_and_why(
    client, office_user, office_a, lists, staff_a, station_a
):
    colleague = office_user.__class__.objects.create(
        username="office_b", role="office", office=office_a, first_name="王干事"
    )
    client.force_login(office_user)
    today, sunday, monday, other = (lists[k] for k in ("today", "sunday", "monday", "other"))
    # The one of another office first: the others are tried after it all the same.
    picks = [f"{c.pk}:{c.version}" for c in (other, today, sunday, monday)]
    # Meanwhile: a colleague acknowledges one, the township hides another.
    move(sunday, "acknowledge", colleague)
    monday.hidden_at, monday.hidden_by = timezone.now(), staff_a
    monday.save()
    response = client.post(
        reverse("concerns:office_acknowledge", args=[office_a.pk]) + "?tab=new",
        {"concern": picks},
    )
    page = client.get(response.url).text
    assert "已签收 1 件。" in page
    assert "未签收：低保救助 · 高石村 · " in page
    assert "王干事" in page and "签收" in page  # who came first
    assert "该诉求已被隐藏，未保存。" in page
    assert f"未签收：#{other.pk}：不在本站所的待办中。" in page
    today.refresh_from_db()
    other.refresh_from_db()
    assert today.acknowledged_at is not None and other.acknowledged_at is None


def test_bad_picks_change_nothing_and_say_so(client, office_user, office_a, lists):
    client.force_login(office_user)
    url = reverse("concerns:office_acknowledge", args=[office_a.pk])
    for bad in (["abc"], [f"{lists['today'].pk}"], ["1:2:3"], [f"{lists['today'].pk}:-1"]):
        response = client.post(url, {"concern": bad})
        assert response.status_code == 400 and "无法读取所选内容" in response.text, bad
    empty = client.post(url, {})
    assert empty.status_code == 400 and "请先勾选要签收的诉求" in empty.text
    assert not ConcernEvent.objects.filter(move="acknowledge").exists()


def test_only_the_offices_own_staff_acknowledge(
    client, office_a, lists, other_office_user, staff_a, supervisor, cadre_user, office_user
):
    url = reverse("concerns:office_acknowledge", args=[office_a.pk])
    pick = {"concern": [f"{lists['today'].pk}:{lists['today'].version}"]}
    assert client.post(url, pick).status_code == 302  # to the login
    for user, status in ((other_office_user, 404), (staff_a, 403), (supervisor, 403)):
        client.force_login(user)
        assert client.post(url, pick).status_code == status
    client.force_login(staff_a)
    assert 'name="concern"' not in _get(client, office_a).text  # reads, no boxes
    client.force_login(office_user)
    assert client.get(url).status_code == 405
    assert not ConcernEvent.objects.filter(move="acknowledge").exists()


def test_a_reassigned_concern_is_new_again_for_the_office_it_goes_to(
    client, office_user, other_office_user, office_a, office_a2, lists, staff_a
):
    concern = move(lists["today"], "acknowledge", office_user)
    assert concern.acknowledged_at is not None
    concern = move(concern, "reassign", staff_a, note="职责在司法所", **assign_data(office_a2))
    assert concern.acknowledged_at is None
    client.force_login(other_office_user)
    assert "今天到期" in _texts(_get(client, office_a2, "new"))


def test_the_inbox_costs_the_same_queries_at_two_sizes(
    client, office_user, office_a, station_a, staff_a, django_assert_max_num_queries
):
    client.force_login(office_user)
    for size in (2, 30):
        for n in range(size):
            concern = _due(station_a, office_a, 0 if n % 2 else 4, "待办")
            if n % 6 == 3:  # overdue ones
                move(concern, "remind", staff_a)
        for tab in ("assigned", "new", "overdue", "week", "done"):
            with django_assert_max_num_queries(8):
                assert _get(client, office_a, tab).status_code == 200


def test_acknowledging_keeps_the_moment_it_was_made_and_records_no_note(office_user, lists):
    concern = lists["today"]
    outcomes = services.acknowledge_many(
        office=concern.office,
        user=office_user,
        picks={concern.pk: concern.version},
        now=at(12, 1, 8, 15),
    )
    assert [(pk, error) for pk, _concern, error in outcomes] == [(concern.pk, None)]
    concern.refresh_from_db()
    assert concern.acknowledged_at == at(12, 1, 8, 15)
    event = ConcernEvent.objects.get(move="acknowledge")
    assert (event.at, event.note, event.value, event.office) == (at(12, 1, 8, 15), "", "", None)
