"""Ratings by the masses (群众测评) and vote rounds on what they were most and least satisfied with.

Township staff enter households' rating sheets and vote rounds; supervisors
read them; cadres are kept out; bad input writes nothing.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from visits.models import Rating, VoteItem, VoteRound

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def members(station_a, township_a):
    """Two current members of 高石村's station and one who left."""
    li = f.CadreFactory(township=township_a, name="李明")
    zhang = f.CadreFactory(township=township_a, name="张华")
    gone = f.CadreFactory(township=township_a, name="赵强")
    f.AssignmentFactory(cadre=li, station=station_a)
    f.AssignmentFactory(cadre=zhang, station=station_a)
    f.AssignmentFactory(
        cadre=gone,
        station=station_a,
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2024, 12, 31),
    )
    return li, zhang, gone


def _sheet_url(station):
    return f"{reverse('spotchecks:rating_new')}?station={station.pk}"


# Rating sheets ------------------------------------------------------------------------------


def test_a_sheet_saves_one_rating_per_rated_member(client, staff_a, station_a, members):
    li, zhang, _ = members
    household = f.HouseholdFactory(village=station_a.village)

    response = _login(client, staff_a).post(
        _sheet_url(station_a),
        {
            "household": household.pk,
            "rated_on": "2026-03-20",
            f"cadre_{li.pk}": "satisfied",
            f"cadre_{zhang.pk}": "",  # not rated on this sheet
        },
    )

    assert response.status_code == 302
    rating = Rating.objects.get()
    assert (rating.cadre, rating.station, rating.household) == (li, station_a, household)
    assert (rating.value, rating.rated_on) == ("satisfied", datetime.date(2026, 3, 20))
    assert rating.entered_by == staff_a


def test_the_sheet_starts_with_a_choice_of_the_users_stations(
    client, staff_a, station_a, station_a2, station_b
):
    response = _login(client, staff_a).get(reverse("spotchecks:rating_new"))

    assert response.status_code == 200
    offered = set(response.context["chooser"].fields["station"].queryset)
    assert offered == {station_a, station_a2}
    assert not Rating.objects.exists()


def test_the_sheet_offers_only_current_members(client, staff_a, station_a, members):
    li, zhang, gone = members

    form = _login(client, staff_a).get(_sheet_url(station_a)).context["form"]

    assert {c.name for c in form.members} == {"张华", "李明"}
    assert f"cadre_{gone.pk}" not in form.fields


def test_an_anonymous_sheet_is_accepted(client, staff_a, station_a, members):
    li, zhang, _ = members

    _login(client, staff_a).post(
        _sheet_url(station_a),
        {"household": "", "rated_on": "2026-03-20", f"cadre_{zhang.pk}": "not_satisfied"},
    )

    rating = Rating.objects.get()
    assert rating.household is None and rating.value == "not_satisfied"


@pytest.mark.parametrize(
    "bad",
    [
        {"rated_on": "2026-03-20"},  # nobody rated
        {"rated_on": "", "li": "satisfied"},
        {"rated_on": "tomorrow", "li": "satisfied"},
        {"rated_on": "2026-03-20", "li": "excellent"},
        {"rated_on": "2026-03-20", "li": "satisfied", "household": "other_village"},
    ],
)
def test_a_bad_sheet_is_refused_and_nothing_is_written(
    client, staff_a, station_a, station_a2, members, bad
):
    li, _, _ = members
    data = {"rated_on": bad["rated_on"]}
    if data["rated_on"] == "tomorrow":  # worked out when the test runs, not when collected
        data["rated_on"] = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    if "li" in bad:
        data[f"cadre_{li.pk}"] = bad["li"]
    if bad.get("household") == "other_village":
        data["household"] = f.HouseholdFactory(village=station_a2.village).pk

    response = _login(client, staff_a).post(_sheet_url(station_a), data)

    assert response.status_code == 400
    assert response.context["form"].errors
    assert not Rating.objects.exists()


def test_staff_cannot_rate_at_another_townships_station(client, staff_b, station_a, members):
    li, _, _ = members

    response = _login(client, staff_b).post(
        _sheet_url(station_a), {"rated_on": "2026-03-20", f"cadre_{li.pk}": "satisfied"}
    )

    assert response.status_code == 400
    assert "station" in response.context["chooser"].errors
    assert not Rating.objects.exists()


def test_the_ratings_list_shows_the_users_place_only_and_filters(
    client, staff_a, staff_b, supervisor, station_a, station_b, members
):
    li, zhang, _ = members
    day = datetime.date(2026, 3, 20)
    Rating.objects.create(station=station_a, cadre=li, value="satisfied", rated_on=day)
    Rating.objects.create(station=station_a, cadre=zhang, value="not_satisfied", rated_on=day)
    elsewhere = f.CadreFactory(township=station_b.village.township)
    Rating.objects.create(station=station_b, cadre=elsewhere, value="satisfied", rated_on=day)
    url = reverse("spotchecks:rating_list")

    def names(user, **params):
        page = _login(client, user).get(url, params).context["page"]
        return sorted(r.cadre.name for r in page)

    assert names(staff_a) == ["张华", "李明"]
    assert names(staff_a, value="not_satisfied") == ["张华"]
    assert names(staff_a, q="李") == ["李明"]
    assert names(staff_b) == [elsewhere.name]
    assert len(names(supervisor)) == 3


# Vote rounds --------------------------------------------------------------------------------


def _round_data(**extra):
    rows = [
        ("most", "修通村道", "30"),
        ("most", "安装路灯", "12"),
        ("least", "办事来回跑", "9"),
        ("least", "", ""),
    ]
    data = {
        "title": "2026年第一季度群众测评",
        "held_on": "2026-03-25",
        "voters": "120",
        "items-TOTAL_FORMS": str(len(rows)),
        "items-INITIAL_FORMS": "0",
    }
    for i, (kind, text, votes) in enumerate(rows):
        data.update({f"items-{i}-kind": kind, f"items-{i}-text": text, f"items-{i}-votes": votes})
    data.update(extra)
    return data


def test_a_vote_round_is_saved_with_its_items(client, staff_a, township_a):
    response = _login(client, staff_a).post(reverse("spotchecks:vote_round_new"), _round_data())

    vote_round = VoteRound.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("spotchecks:vote_round_detail", args=[vote_round.pk])
    assert (vote_round.township, vote_round.entered_by, vote_round.voters) == (
        township_a,
        staff_a,
        120,
    )
    assert sorted(vote_round.items.values_list("kind", "text", "votes")) == [
        ("least", "办事来回跑", 9),
        ("most", "修通村道", 30),
        ("most", "安装路灯", 12),
    ]
    detail = client.get(response.url)
    assert [i.text for i in detail.context["most"]] == ["修通村道", "安装路灯"]


def test_the_new_round_form_offers_blank_rows_of_both_kinds(client, staff_a):
    items = _login(client, staff_a).get(reverse("spotchecks:vote_round_new")).context["items"]

    kinds = [form.initial["kind"] for form in items]
    assert "most" in kinds and "least" in kinds


@pytest.mark.parametrize(
    ("extra", "where"),
    [
        ({"title": ""}, "form"),
        ({"held_on": "2099-01-01"}, "form"),
        ({"items-0-votes": ""}, "items"),  # a thing named without a count
        ({"items-3-votes": "4"}, "items"),  # a count without a thing
        ({"items-0-votes": "-1"}, "items"),
        ({"items-0-kind": "best"}, "items"),
    ],
)
def test_a_bad_round_is_refused_and_nothing_is_written(client, staff_a, extra, where):
    response = _login(client, staff_a).post(
        reverse("spotchecks:vote_round_new"), _round_data(**extra)
    )

    assert response.status_code == 400
    if where == "form":
        assert response.context["form"].errors
    else:
        assert response.context["items"].total_error_count()
    assert not VoteRound.objects.exists()
    assert not VoteItem.objects.exists()


def test_a_round_without_any_item_is_refused(client, staff_a):
    data = _round_data()
    for i in range(3):
        data[f"items-{i}-text"] = data[f"items-{i}-votes"] = ""

    response = _login(client, staff_a).post(reverse("spotchecks:vote_round_new"), data)

    assert response.status_code == 400
    assert response.context["items"].non_form_errors()
    assert not VoteRound.objects.exists()


def test_township_b_gets_404_on_township_as_round(client, staff_a, staff_b, supervisor):
    _login(client, staff_a).post(reverse("spotchecks:vote_round_new"), _round_data())
    vote_round = VoteRound.objects.get()
    url = reverse("spotchecks:vote_round_detail", args=[vote_round.pk])

    assert _login(client, staff_b).get(url).status_code == 404
    assert list(client.get(reverse("spotchecks:vote_round_list")).context["page"]) == []
    assert _login(client, supervisor).get(url).status_code == 200


# Roles and methods --------------------------------------------------------------------------


def test_the_supervisor_reads_ratings_and_rounds_but_enters_nothing(
    client, supervisor, station_a, members
):
    client = _login(client, supervisor)

    assert client.get(reverse("spotchecks:rating_list")).status_code == 200
    assert client.get(reverse("spotchecks:vote_round_list")).status_code == 200
    assert client.get(reverse("spotchecks:rating_new")).status_code == 403
    assert client.post(reverse("spotchecks:vote_round_new"), _round_data()).status_code == 403
    assert not VoteRound.objects.exists()


def test_cadres_are_kept_out_of_ratings_and_votes(client, cadre_user, chief_user):
    for user in (cadre_user, chief_user):
        client = _login(client, user)
        for name in (
            "spotchecks:rating_list",
            "spotchecks:rating_new",
            "spotchecks:vote_round_list",
            "spotchecks:vote_round_new",
        ):
            assert client.get(reverse(name)).status_code == 403, name


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(reverse("spotchecks:rating_list"))
    assert response.status_code == 302 and reverse("login") in response.url


def test_lists_refuse_post(client, staff_a):
    client = _login(client, staff_a)
    assert client.post(reverse("spotchecks:rating_list")).status_code == 405
    assert client.post(reverse("spotchecks:vote_round_list")).status_code == 405


# Query budgets ------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 30])
def test_the_lists_and_the_sheet_cost_the_same_at_any_size(
    client, staff_a, station_a, township_a, django_assert_max_num_queries, n
):
    day = datetime.date(2026, 3, 20)
    for i in range(n):
        cadre = f.CadreFactory(township=township_a, name=f"站员{i}")
        f.AssignmentFactory(cadre=cadre, station=station_a)
        household = f.HouseholdFactory(village=station_a.village)
        Rating.objects.create(
            station=station_a, cadre=cadre, household=household, value="basically", rated_on=day
        )
        vote_round = VoteRound.objects.create(township=township_a, title=f"第{i}轮", held_on=day)
        VoteItem.objects.create(round=vote_round, kind="most", text="修路", votes=i)
    client = _login(client, staff_a)

    with django_assert_max_num_queries(7):
        ratings = client.get(reverse("spotchecks:rating_list"))
    with django_assert_max_num_queries(7):
        rounds = client.get(reverse("spotchecks:vote_round_list"))
    with django_assert_max_num_queries(8):
        sheet = client.get(_sheet_url(station_a))
    with django_assert_max_num_queries(7):
        detail = client.get(reverse("spotchecks:vote_round_detail", args=[vote_round.pk]))

    assert len(ratings.context["page"]) == n
    assert len(rounds.context["page"]) == n
    assert len(sheet.context["form"].members) == n
    assert detail.status_code == 200
