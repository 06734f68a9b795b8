"""Choices under a parent's: a supervisor who may choose a township is offered its
stations (or villages) once the township is chosen, not the county's hundreds at once
(``villages.filters.CHAINED``); staff of one township are offered their own."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# Every list whose filters offer a station (or a village) beside a township.
LISTS = [
    ("stations:assignment_list", "station"),
    ("stations:pairing_list", "village"),
    ("cadres:cadre_list", "station"),
    ("spotchecks:spot_check_list", "station"),
    ("spotchecks:rating_list", "station"),
    ("visits:meeting_list", "station"),
    ("visits:deed_list", "station"),
]


def _offered(response, name):
    return list(response.context["filter"].form.fields[name].queryset)


def _row(station, name):
    return station if name == "station" else station.village


@pytest.mark.parametrize(("url", "name"), LISTS)
def test_a_supervisor_is_offered_the_chosen_townships_stations(
    client, supervisor, station_a, station_a2, station_b, url, name
):
    client.force_login(supervisor)
    response = client.get(reverse(url))
    assert response.status_code == 200
    assert _offered(response, name) == []
    assert "先选择乡镇并点击筛选" in response.text
    response = client.get(reverse(url), {"township": station_b.village.township_id})
    assert _offered(response, name) == [_row(station_b, name)]
    # A link naming the station (or village) alone shows it chosen.
    response = client.get(reverse(url), {name: _row(station_a, name).pk})
    assert _offered(response, name) == [_row(station_a, name)]
    assert not response.context["filter"].form.errors


@pytest.mark.parametrize(("url", "name"), LISTS)
def test_staff_of_one_township_are_offered_their_own_at_once(
    client, staff_a, station_a, station_a2, station_b, url, name
):
    client.force_login(staff_a)
    response = client.get(reverse(url))
    assert response.status_code == 200
    assert {r.pk for r in _offered(response, name)} == {
        _row(station_a, name).pk,
        _row(station_a2, name).pk,
    }
    assert "先选择乡镇并点击筛选" not in response.text
