"""Spot checks: drawing a cadre's paired households, recording answers, the cadre's results.

Township staff draw and record, county supervisors read, cadres are kept
out; a draw is reproducible from its seed and checked against the register.
"""

import datetime

import pytest
from django.urls import reverse

from tests import factories as f
from villages.models import HouseholdTag
from visits.models import SpotCheck, SpotCheckAnswer
from visits.spotchecks import services as spotchecks

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def _paired(cadre, n, *, village, **household):
    households = [f.HouseholdFactory(village=village, **household) for _ in range(n)]
    for h in households:
        f.PairingFactory(cadre=cadre, household=h)
    return households


@pytest.fixture
def cadre_a(station_a, township_a):
    cadre = f.CadreFactory(township=township_a, name="李明")
    f.AssignmentFactory(cadre=cadre, station=station_a)
    return cadre


@pytest.fixture
def drawn(cadre_a, station_a, staff_a):
    """A draw of 3 of 6 households of 李明, by township A's staff."""
    _paired(cadre_a, 6, village=station_a.village)
    return spotchecks.draw(cadre=cadre_a, size=3, seed=20260301, by=staff_a)


def _draw(client, cadre, size, seed=""):
    return client.post(
        reverse("spotchecks:spot_check_draw"),
        {"cadre": cadre.pk, "sample_size": size, "seed": seed},
    )


# The draw ------------------------------------------------------------------------------


def test_a_draw_is_recorded_with_who_when_size_seed_and_the_households(
    client, staff_a, cadre_a, station_a
):
    households = _paired(cadre_a, 8, village=station_a.village)

    response = _draw(_login(client, staff_a), cadre_a, 4, seed=12345)

    check = SpotCheck.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("spotchecks:spot_check_detail", args=[check.pk])
    assert (check.cadre, check.drawn_by, check.sample_size, check.seed) == (
        cadre_a,
        staff_a,
        4,
        12345,
    )
    assert check.township == cadre_a.township
    assert check.pairings_count == 8
    assert check.drawn_at is not None
    drawn = list(check.answers.order_by("position").values_list("household_id", flat=True))
    assert len(set(drawn)) == 4
    assert set(drawn) <= {h.pk for h in households}


def test_the_same_seed_over_the_same_pairings_draws_the_same_households(
    client, staff_a, cadre_a, station_a
):
    households = _paired(cadre_a, 12, village=station_a.village)
    client = _login(client, staff_a)

    _draw(client, cadre_a, 5, seed=777)
    _draw(client, cadre_a, 5, seed=777)
    _draw(client, cadre_a, 5, seed=778)

    first, again, other = (
        list(check.answers.order_by("position").values_list("household_id", flat=True))
        for check in SpotCheck.objects.order_by("pk")
    )
    assert first == again
    assert first != other
    # Reproducible by hand: random.Random(seed) over the households ordered by pk.
    by_pk = sorted(h.pk for h in households)
    assert first == spotchecks.draw_households(list(reversed(by_pk)), seed=777, size=5)
    import random

    assert first == random.Random(777).sample(by_pk, 5)


def test_a_blank_seed_draws_with_a_new_seed_that_is_stored(client, staff_a, cadre_a, station_a):
    _paired(cadre_a, 5, village=station_a.village)

    _draw(_login(client, staff_a), cadre_a, 2)

    check = SpotCheck.objects.get()
    drawn = list(check.answers.order_by("position").values_list("household_id", flat=True))
    pairs = spotchecks.paired_households(cadre_a)
    assert drawn == spotchecks.draw_households(pairs, seed=check.seed, size=2)


def test_only_the_cadres_current_pairings_are_drawn(client, staff_a, cadre_a, station_a):
    current = _paired(cadre_a, 3, village=station_a.village)
    ended = f.HouseholdFactory(village=station_a.village)
    f.PairingFactory(
        cadre=cadre_a,
        household=ended,
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2025, 6, 30),
    )
    someone_elses = f.HouseholdFactory(village=station_a.village)
    f.PairingFactory(household=someone_elses, cadre=f.CadreFactory(township=cadre_a.township))

    _draw(_login(client, staff_a), cadre_a, 3, seed=1)

    check = SpotCheck.objects.get()
    assert set(check.answers.values_list("household_id", flat=True)) == {h.pk for h in current}
    assert check.pairings_count == 3


def test_a_sample_larger_than_the_pairings_is_refused_with_the_count_and_nothing_drawn(
    client, staff_a, cadre_a, station_a
):
    _paired(cadre_a, 2, village=station_a.village)

    response = _draw(_login(client, staff_a), cadre_a, 3)

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == ["sample_size"]
    assert "李明" in errors["sample_size"][0] and "2" in errors["sample_size"][0]
    assert not SpotCheck.objects.exists()
    assert not SpotCheckAnswer.objects.exists()


def test_a_cadre_without_pairings_cannot_be_drawn_and_nothing_is_written(client, staff_a, cadre_a):
    response = _draw(_login(client, staff_a), cadre_a, 1)

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["cadre"]
    assert not SpotCheck.objects.exists()


@pytest.mark.parametrize(
    ("size", "seed"), [("0", ""), ("51", ""), ("abc", ""), ("2", "-1"), ("2", "x")]
)
def test_bad_sizes_and_seeds_are_refused_and_nothing_is_written(
    client, staff_a, cadre_a, station_a, size, seed
):
    _paired(cadre_a, 3, village=station_a.village)

    response = _draw(_login(client, staff_a), cadre_a, size, seed)

    assert response.status_code == 400
    assert response.context["form"].errors
    assert not SpotCheck.objects.exists()


def test_staff_cannot_draw_another_townships_cadre(client, staff_b, cadre_a, station_a):
    _paired(cadre_a, 3, village=station_a.village)

    response = _draw(_login(client, staff_b), cadre_a, 1)

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["cadre"]
    assert not SpotCheck.objects.exists()


# Recording answers ----------------------------------------------------------------------


def _tag(code):
    return HouseholdTag.objects.get(code=code)


@pytest.fixture
def one_drawn(cadre_a, station_a, staff_a):
    """A draw of the one household of 李明: 王秀英, 4 members, 低保 and left-behind."""
    household = f.HouseholdFactory(village=station_a.village, head_name="王秀英", members=4)
    household.tags.set([_tag("subsistence"), _tag("left_behind")])
    f.PairingFactory(cadre=cadre_a, household=household)
    check = spotchecks.draw(cadre=cadre_a, size=1, seed=3, by=staff_a)
    return check.answers.get()


def _answer_url(answer):
    return reverse("spotchecks:spot_check_answer", args=[answer.spot_check_id, answer.pk])


def _answer(client, answer, **data):
    return client.post(_answer_url(answer), data)


def test_answers_checked_against_the_register_give_the_right_knows_the_people(
    client, staff_a, one_drawn
):
    response = _answer(
        _login(client, staff_a),
        one_drawn,
        contact="phone",
        knows_name="on",
        was_visited="on",
        cadre_asked="on",
        cadre_members="4",
        cadre_head_name="王 秀英",  # spaces typed between characters do not matter
        cadre_tags=[_tag("subsistence").pk],  # forgot "left-behind"
    )

    assert response.status_code == 302
    answer = SpotCheckAnswer.objects.get()
    assert answer.recorded_by == staff_a and answer.recorded_at is not None
    assert (answer.knows_name, answer.knows_phone, answer.was_visited) == (True, False, True)
    assert (answer.members_right, answer.head_name_right, answer.tags_right) == (True, True, False)

    page = client.get(reverse("spotchecks:spot_check_detail", args=[one_drawn.spot_check_id]))
    rates = page.context["rates"]
    assert rates["known_rate"] == pytest.approx(2 / 3)
    assert rates["knows_rate"] == pytest.approx(2 / 3)


def test_a_wrong_member_count_and_name_count_against_the_cadre(client, staff_a, one_drawn):
    _answer(
        _login(client, staff_a),
        one_drawn,
        contact="visit",
        knows_name="on",
        knows_phone="on",
        was_visited="on",
        cadre_asked="on",
        cadre_members="5",
        cadre_head_name="王秀兰",
        cadre_tags=[_tag("subsistence").pk, _tag("left_behind").pk],
    )

    answer = SpotCheckAnswer.objects.get()
    assert (answer.members_right, answer.head_name_right, answer.tags_right) == (False, False, True)
    rates = client.get(
        reverse("spotchecks:spot_check_detail", args=[answer.spot_check_id])
    ).context["rates"]
    assert rates["known_rate"] == 1
    assert rates["knows_rate"] == pytest.approx(1 / 3)


def test_the_cadres_answers_are_checked_against_the_register_as_it_is_when_recorded(
    client, staff_a, one_drawn
):
    household = one_drawn.household
    household.members = 5
    household.save()

    _answer(
        _login(client, staff_a),
        one_drawn,
        contact="phone",
        cadre_asked="on",
        cadre_members="5",
        cadre_head_name="王秀英",
        cadre_tags=[_tag("subsistence").pk, _tag("left_behind").pk],
    )

    answer = SpotCheckAnswer.objects.get()
    assert (answer.members_right, answer.head_name_right, answer.tags_right) == (True, True, True)


def test_an_unreached_household_gives_no_known_by_the_people(client, staff_a, one_drawn):
    _answer(_login(client, staff_a), one_drawn, contact="unreached")

    rates = client.get(
        reverse("spotchecks:spot_check_detail", args=[one_drawn.spot_check_id])
    ).context["rates"]
    assert rates["answered"] == 1 and rates["reached"] == 0
    assert rates["known_rate"] is None and rates["knows_rate"] is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "contact"),
        ({"contact": "fax"}, "contact"),
        ({"contact": "unreached", "knows_name": "on"}, "contact"),
        ({"contact": "phone", "cadre_asked": "on"}, "cadre_members"),
        ({"contact": "phone", "cadre_asked": "on", "cadre_members": "0"}, "cadre_members"),
        ({"contact": "phone", "cadre_members": "3"}, "cadre_asked"),
        (
            {"contact": "phone", "cadre_asked": "on", "cadre_members": "3", "cadre_tags": "999"},
            "cadre_tags",
        ),
    ],
)
def test_bad_answers_are_refused_on_the_right_field_and_nothing_is_written(
    client, staff_a, one_drawn, data, field
):
    response = _answer(_login(client, staff_a), one_drawn, **data)

    assert response.status_code == 400
    assert field in response.context["form"].errors
    answer = SpotCheckAnswer.objects.get()
    assert answer.recorded_at is None and answer.contact == ""
    assert not answer.cadre_tags.exists()


def test_recording_again_corrects_the_answer(client, staff_a, one_drawn):
    client = _login(client, staff_a)
    _answer(
        client,
        one_drawn,
        contact="phone",
        knows_name="on",
        cadre_asked="on",
        cadre_members="1",
        cadre_head_name="王秀英",
    )
    _answer(client, one_drawn, contact="unreached")

    answer = SpotCheckAnswer.objects.get()
    assert answer.contact == "unreached"
    assert not answer.knows_name and not answer.cadre_asked
    assert answer.members_right is None
    form = client.get(_answer_url(answer)).context["form"]
    assert form.initial["contact"] == "unreached"


# Pages: places, roles, methods ------------------------------------------------------------


def test_township_b_gets_404_on_township_as_draws(client, staff_b, drawn):
    client = _login(client, staff_b)
    answer = drawn.answers.first()

    assert client.get(reverse("spotchecks:spot_check_detail", args=[drawn.pk])).status_code == 404
    assert client.get(_answer_url(answer)).status_code == 404
    assert client.post(_answer_url(answer), {"contact": "phone"}).status_code == 404
    assert (
        client.get(reverse("spotchecks:cadre_spot_checks", args=[drawn.cadre_id])).status_code
        == 404
    )
    assert list(client.get(reverse("spotchecks:spot_check_list")).context["page"]) == []
    assert SpotCheckAnswer.objects.filter(recorded_at__isnull=False).count() == 0


def test_an_answer_is_only_found_under_its_own_draw(client, staff_a, drawn, cadre_a):
    other = spotchecks.draw(cadre=cadre_a, size=1, seed=9, by=staff_a)
    url = reverse("spotchecks:spot_check_answer", args=[other.pk, drawn.answers.first().pk])

    assert _login(client, staff_a).get(url).status_code == 404


def test_the_county_supervisor_reads_but_cannot_draw_or_record(client, supervisor, drawn):
    client = _login(client, supervisor)
    answer = drawn.answers.first()

    assert client.get(reverse("spotchecks:spot_check_detail", args=[drawn.pk])).status_code == 200
    assert client.get(reverse("spotchecks:spot_check_list")).status_code == 200
    assert (
        client.get(reverse("spotchecks:cadre_spot_checks", args=[drawn.cadre_id])).status_code
        == 200
    )
    assert client.get(reverse("spotchecks:spot_check_draw")).status_code == 403
    assert _draw(client, drawn.cadre, 1).status_code == 403
    assert client.post(_answer_url(answer), {"contact": "phone"}).status_code == 403
    assert SpotCheck.objects.count() == 1


def test_another_countys_supervisor_gets_404(client, other_supervisor, drawn):
    response = _login(client, other_supervisor).get(
        reverse("spotchecks:spot_check_detail", args=[drawn.pk])
    )
    assert response.status_code == 404


def test_cadres_are_kept_out_of_spot_checks(client, cadre_user, chief_user, drawn):
    answer = drawn.answers.first()
    for user in (cadre_user, chief_user):
        client = _login(client, user)
        for url in (
            reverse("spotchecks:spot_check_list"),
            reverse("spotchecks:spot_check_draw"),
            reverse("spotchecks:spot_check_detail", args=[drawn.pk]),
            _answer_url(answer),
            reverse("spotchecks:cadre_spot_checks", args=[drawn.cadre_id]),
            reverse("spotchecks:spot_check_summary"),
        ):
            assert client.get(url).status_code == 403, url


def test_anonymous_users_are_sent_to_log_in(client, drawn):
    response = client.get(reverse("spotchecks:spot_check_detail", args=[drawn.pk]))
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_reading_pages_refuse_post(client, staff_a, drawn):
    client = _login(client, staff_a)
    assert client.post(reverse("spotchecks:spot_check_detail", args=[drawn.pk])).status_code == 405
    assert client.post(reverse("spotchecks:spot_check_list")).status_code == 405


def test_household_phones_are_masked_for_the_supervisor_and_shown_to_staff(
    client, staff_a, supervisor, one_drawn
):
    phone = one_drawn.household.phone
    url = reverse("spotchecks:spot_check_detail", args=[one_drawn.spot_check_id])

    staff_page = _login(client, staff_a).get(url).content.decode()
    supervisor_page = _login(client, supervisor).get(url).content.decode()

    # Staff call the household: masked, with a logged "show" (tests/test_privacy.py).
    masked = f"{phone[:3]}****{phone[-4:]}"
    show = reverse("villages:household_phone", args=[one_drawn.household_id])
    assert phone not in staff_page and masked in staff_page and show in staff_page
    assert phone not in supervisor_page and show not in supervisor_page
    assert masked in supervisor_page


def test_the_draw_form_offers_only_the_users_own_cadres(client, staff_a, cadre_a, township_b):
    elsewhere = f.CadreFactory(township=township_b)

    form = _login(client, staff_a).get(reverse("spotchecks:spot_check_draw")).context["form"]

    offered = set(form.fields["cadre"].queryset)
    assert cadre_a in offered and elsewhere not in offered


def test_the_list_filters_by_cadre_name(client, staff_a, drawn, station_a, township_a):
    other = f.CadreFactory(township=township_a, name="张华")
    _paired(other, 1, village=station_a.village)
    spotchecks.draw(cadre=other, size=1, seed=1, by=staff_a)

    page = (
        _login(client, staff_a)
        .get(reverse("spotchecks:spot_check_list"), {"q": "张"})
        .context["page"]
    )

    assert [c.cadre.name for c in page] == ["张华"]


def test_a_forged_cursor_is_a_404(client, staff_a, drawn):
    response = _login(client, staff_a).get(reverse("spotchecks:spot_check_list"), {"after": "!!"})
    assert response.status_code == 404


# Query budgets ----------------------------------------------------------------------------


def _grow_draws(staff, township, station, n):
    for _ in range(n):
        cadre = f.CadreFactory(township=township)
        households = _paired(cadre, 3, village=station.village)
        households[0].tags.set([_tag("hardship")])
        check = spotchecks.draw(cadre=cadre, size=3, seed=n, by=staff)
        for answer in check.answers.all():
            spotchecks.record_answer(
                answer=answer,
                data={
                    "contact": "phone",
                    "knows_name": True,
                    "cadre_asked": True,
                    "cadre_members": 3,
                    "cadre_head_name": answer.household.head_name,
                    "cadre_tags": [_tag("hardship")],
                },
                by=staff,
            )
    return check


@pytest.mark.parametrize("n", [1, 30])
def test_the_list_costs_the_same_at_any_size(
    client, staff_a, township_a, station_a, django_assert_max_num_queries, n
):
    _grow_draws(staff_a, township_a, station_a, n)
    client = _login(client, staff_a)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("spotchecks:spot_check_list"))

    assert len(response.context["page"]) == n


@pytest.mark.parametrize("n", [1, 30])
def test_a_draws_page_and_the_cadres_results_cost_the_same_at_any_size(
    client, staff_a, cadre_a, station_a, django_assert_max_num_queries, n
):
    households = _paired(cadre_a, n, village=station_a.village)
    for household in households:
        household.tags.set([_tag("hardship"), _tag("veteran")])
    big = spotchecks.draw(cadre=cadre_a, size=n, seed=5, by=staff_a)
    for answer in big.answers.all():
        spotchecks.record_answer(
            answer=answer,
            data={
                "contact": "visit",
                "cadre_asked": True,
                "cadre_members": 3,
                "cadre_tags": [_tag("hardship")],
            },
            by=staff_a,
        )
    for i in range(n - 1):
        spotchecks.draw(cadre=cadre_a, size=1, seed=i, by=staff_a)
    client = _login(client, staff_a)

    with django_assert_max_num_queries(10):
        detail = client.get(reverse("spotchecks:spot_check_detail", args=[big.pk]))
    with django_assert_max_num_queries(14):
        results = client.get(reverse("spotchecks:cadre_spot_checks", args=[cadre_a.pk]))

    assert len(detail.context["answers"]) == n
    assert detail.context["rates"]["knows_rate"] == pytest.approx(1 / 3)
    assert len(results.context["page"]) == n
