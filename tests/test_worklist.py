"""The township's start page leads: a worklist of what waits, each item with its count, its
definition and the page where it is done (issue 14). The world is worked out by hand in
``tests/worklist_helpers.py``."""

# Fixtures come from the helpers by import; their use as arguments redefines them.
# ruff: noqa: F811

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests import factories as f
from tests.concern_helpers import ConcernFactory, office_a, office_b  # noqa: F401
from tests.worklist_helpers import EXPECTED_A, TODAY, at, world  # noqa: F401
from visits.supervision.definitions import WORKLIST

pytestmark = pytest.mark.django_db


def _items(response):
    return {item.key: item for item in response.context["worklist"]}


def _page(client, user, township):
    client.force_login(user)
    response = client.get(reverse("supervision:township_overview", args=[township.pk]))
    assert response.status_code == 200
    return response


def test_the_worklist_counts_what_waits_as_worked_out_by_hand(client, staff_a, world, township_a):
    items = _items(_page(client, staff_a, township_a))
    assert {key: item.count for key, item in items.items()} == EXPECTED_A


def test_each_item_says_what_it_counts_and_links_to_where_it_is_done(
    client, staff_a, world, township_a
):
    response = _page(client, staff_a, township_a)
    text = response.text
    pk = township_a.pk
    links = {
        "overdue": reverse("concerns:township_concerns", args=[pk]) + "?tab=overdue",
        "to_assign": reverse("concerns:township_concerns", args=[pk]) + "?tab=escalated",
        "missed_duty": reverse("stations:duty_calendar_month", args=[pk, 2026, 12]),
        "stale_cards": reverse("stations:card_stale", args=[pk]),
        "no_card": reverse("stations:card_township", args=[pk]),
        "unread_feedback": reverse("cadres:feedback_inbox") + f"?show=unread&amp;township={pk}",
        "members_behind": reverse("supervision:supervision_township_shortfalls", args=[pk])
        + "?group=kind",
    }
    for key, href in links.items():
        item = re.search(
            rf'<li class="worklist-item[^"]*" data-item="{key}">(.*?)</li>', text, re.S
        )
        assert item, key
        assert f'href="{href}"' in item.group(1), key
        assert str(WORKLIST[key].text) in item.group(1), key
        assert f">{EXPECTED_A[key]}<" in item.group(1), key
    assert "逾期诉求" in text and "批办到业务站所" in text


def test_every_action_page_opens_and_shows_the_rows_counted(client, staff_a, world, township_a):
    client.force_login(staff_a)
    items = _items(_page(client, staff_a, township_a))
    overdue = client.get(items["overdue"].url)
    assert [c.pk for c in overdue.context["page"]] == [world.overdue.pk]
    waiting = client.get(items["to_assign"].url)
    assert {c.pk for c in waiting.context["page"]} == {c.pk for c in world.escalated}
    calendar = client.get(items["missed_duty"].url)
    assert calendar.text.count("未值班") >= 2
    assert client.get(items["stale_cards"].url).context["rows"][0]["stale"] == 2
    unread = client.get(items["unread_feedback"].url)
    assert len(list(unread.context["page"])) == 2
    assert client.get(items["members_behind"].url).context["count"] >= 1
    assert client.get(items["no_card"].url).status_code == 200


def test_items_with_nothing_waiting_stay_and_say_so_quietly(client, staff_b, township_b):
    response = _page(client, staff_b, township_b)
    items = _items(response)
    assert set(items) == set(EXPECTED_A)
    assert all(item.count == 0 for item in items.values())
    assert response.text.count('<span class="muted small">暂无</span>') == len(items)
    assert 'class="worklist-item done"' in response.text
    assert "没有待办事项" in response.text


def test_a_township_clerk_counts_only_their_township(client, staff_b, world, township_b):
    items = _items(_page(client, staff_b, township_b))
    assert {key: item.count for key, item in items.items()} == {
        "overdue": 1,
        "to_assign": 2,
        "missed_duty": 1,
        "stale_cards": 0,
        "no_card": 1,
        "unread_feedback": 1,
        "members_behind": 0,
    }


def test_another_townships_start_page_is_not_found(client, staff_b, world, township_a):
    client.force_login(staff_b)
    response = client.get(reverse("supervision:township_overview", args=[township_a.pk]))
    assert response.status_code == 404


def test_the_feedback_inbox_filters_unread_and_one_township(
    client, supervisor, staff_a, world, township_a, township_b
):
    client.force_login(supervisor)
    url = reverse("cadres:feedback_inbox")
    assert len(list(client.get(url).context["page"])) == 4
    assert len(list(client.get(url, {"show": "unread"}).context["page"])) == 3
    one = client.get(url, {"show": "unread", "township": township_a.pk})
    assert len(list(one.context["page"])) == 2
    assert client.get(url, {"township": "x"}).status_code == 200
    client.force_login(staff_a)
    # Township staff read only their own township's, whatever they ask for.
    assert client.get(url, {"township": township_b.pk}).status_code == 404


def _grow(station, office, n):
    for i in range(n):
        f.HouseholdFactory(village=station.village)
        ConcernFactory(station=station, household=None)
        ConcernFactory(
            station=station,
            household=None,
            assigned=True,
            office=office,
            raised_at=at(TODAY.replace(day=1)),
        )
        cadre = f.CadreFactory(township=station.village.township)
        f.AssignmentFactory(cadre=cadre, station=station)
        f.FarmerFriendFactory(cadre=cadre, village=station.village)
        # Past months' duty days, none held (this month's are the world's).
        day = datetime.date(2026, 10, 1) + datetime.timedelta(days=3 * n + i)
        f.DutyDayFactory(station=station, date=day, cadre=cadre)


@pytest.mark.parametrize(
    ("name", "user_fixture", "budget"),
    [
        # +3: what the stations print on a card today (stations, members, contacts), to
        # count the stale cards
        ("supervision:township_overview", "staff_a", 33),
        # 20: no last day, no station's households reached (``measures``)
        ("supervision:county_overview", "supervisor", 20),
    ],
)
def test_start_pages_cost_the_same_queries_at_two_sizes(
    client,
    request,
    django_assert_max_num_queries,
    world,
    station_a,
    station_a2,
    office_a,
    name,
    user_fixture,
    budget,
):
    user = request.getfixturevalue(user_fixture)
    place = station_a.village.township if "township" in name else station_a.village.township.county
    client.force_login(user)
    counts = []
    for size in (1, 9):
        _grow(station_a, office_a, size)
        _grow(station_a2, office_a, size)
        with django_assert_max_num_queries(budget) as queries:
            assert client.get(reverse(name, args=[place.pk])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_each_item_names_its_action_and_a_duty_day_missed_on_the_first_counts(
    client, staff_a, world, township_a, station_a2
):
    f.DutyDayFactory(station=station_a2, date=datetime.date(2026, 12, 1))  # not held
    response = _page(client, staff_a, township_a)
    actions = {
        "overdue": "Chase the offices",
        "to_assign": "Assign them to an office",
        "missed_duty": "See the duty calendar",
        "stale_cards": "Reissue the cards",
        "no_card": "Issue cards",
        "unread_feedback": "Read and reply",
        "members_behind": "See who is behind on what",
    }
    for key, words in actions.items():
        item = re.search(
            rf'<li class="worklist-item[^"]*" data-item="{key}">(.*?)</li>', response.text, re.S
        )
        with translation.override("zh-hans"):
            assert f">{translation.gettext(words)}</a>" in item.group(1), key
    assert _items(response)["missed_duty"].count == EXPECTED_A["missed_duty"] + 1
    waiting = sum(1 for n in EXPECTED_A.values() if n)
    assert response.context["worklist_waiting"] == waiting
