"""Who may open each register page: township staff read and write, county
supervisors read and export, cadres are refused, other places are not found."""

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db

# Pages that read (staff and supervisors) and pages that write (staff only),
# with the object of township A each needs: None, or a key of `place_a`.
READ_PAGES = [
    ("villages:village_list", None),
    ("villages:village_detail", "village"),
    ("villages:household_list", None),
    ("villages:household_detail", "household"),
    ("cadres:cadre_list", None),
    ("cadres:cadre_detail", "cadre"),
    ("stations:station_list", None),
    ("stations:assignment_list", None),
    ("stations:pairing_list", None),
]
EXPORTS = [
    "villages:village_export",
    "villages:household_export",
    "cadres:cadre_export",
    "stations:station_export",
    "stations:assignment_export",
    "stations:pairing_export",
]
WRITE_PAGES = [
    ("villages:village_create", None),
    ("villages:village_edit", "village"),
    ("villages:household_create", None),
    ("villages:household_edit", "household"),
    ("cadres:cadre_create", None),
    ("cadres:cadre_edit", "cadre"),
    ("stations:station_create", None),
    ("stations:station_edit", "station"),
    ("stations:assignment_create", None),
    ("stations:assignment_edit", "assignment"),
    ("stations:pairing_create", "household"),
    ("stations:pairing_edit", "pairing"),
]
OBJECT_PAGES = [page for page in READ_PAGES + WRITE_PAGES if page[1]]


@pytest.fixture
def place_a(station_a, cadre_user):
    household = f.HouseholdFactory(village=station_a.village, head_name="张三")
    cadre = cadre_user.cadre
    return {
        "village": station_a.village,
        "station": station_a,
        "household": household,
        "cadre": cadre,
        "assignment": cadre.assignments.get(),
        "pairing": f.PairingFactory(cadre=cadre, household=household),
    }


def _url(place, name, key, fmt=None):
    if fmt:
        return reverse(name, args=[fmt])
    return reverse(name, args=[place[key].pk] if key else [])


def _all_urls(place):
    pages = [_url(place, name, key) for name, key in READ_PAGES + WRITE_PAGES]
    return pages + [_url(place, name, None, "xlsx") for name in EXPORTS]


def test_anonymous_users_are_sent_to_login(client, place_a):
    for url in _all_urls(place_a):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


def test_cadres_do_not_use_the_registers(client, place_a, cadre_user):
    client.force_login(cadre_user)
    for url in _all_urls(place_a):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("user_fixture", ["staff_a", "supervisor", "superuser"])
def test_readers_open_every_read_page_and_export(client, request, place_a, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    for name, key in READ_PAGES:
        response = client.get(_url(place_a, name, key))
        assert response.status_code == 200, name
    for name in EXPORTS:
        for fmt in ("xlsx", "csv"):
            response = client.get(_url(place_a, name, None, fmt))
            assert response.status_code == 200, (name, fmt)
            assert response.streaming


@pytest.mark.parametrize("user_fixture", ["staff_a", "superuser"])
def test_township_staff_open_every_form(client, request, place_a, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    for name, key in WRITE_PAGES:
        response = client.get(_url(place_a, name, key))
        assert response.status_code == 200, name
        assert 'method="post"' in response.text


def test_county_supervisors_read_but_do_not_write(client, place_a, supervisor):
    client.force_login(supervisor)
    for name, key in WRITE_PAGES:
        assert client.get(_url(place_a, name, key)).status_code == 403, name
        assert client.post(_url(place_a, name, key), {}).status_code == 403, name


@pytest.mark.parametrize("user_fixture", ["staff_b", "other_supervisor"])
def test_another_places_objects_are_not_found(client, request, place_a, user_fixture):
    user = request.getfixturevalue(user_fixture)
    client.force_login(user)
    pages = OBJECT_PAGES if user.role == "township" else [p for p in READ_PAGES if p[1]]
    for name, key in pages:
        assert client.get(_url(place_a, name, key)).status_code == 404, name


def test_writes_to_another_townships_objects_are_not_found_and_change_nothing(
    client, place_a, staff_b
):
    client.force_login(staff_b)
    household = place_a["household"]
    response = client.post(
        reverse("villages:household_edit", args=[household.pk]),
        {"village": household.village_id, "head_name": "改名", "members": 2},
    )
    assert response.status_code == 404
    household.refresh_from_db()
    assert household.head_name == "张三"


def test_read_pages_refuse_a_post(client, place_a, staff_a):
    client.force_login(staff_a)
    for name, key in READ_PAGES:
        assert client.post(_url(place_a, name, key)).status_code == 405, name
    for name in EXPORTS:
        assert client.post(_url(place_a, name, None, "csv")).status_code == 405, name


def test_forms_refuse_other_methods(client, place_a, staff_a):
    client.force_login(staff_a)
    for name, key in WRITE_PAGES:
        url = _url(place_a, name, key)
        assert client.put(url).status_code == 405, name
        assert client.delete(url).status_code == 405, name


def test_an_unknown_export_format_is_not_found(client, place_a, staff_a):
    client.force_login(staff_a)
    for name in EXPORTS:
        assert client.get(_url(place_a, name, None, "pdf")).status_code == 404, name


def test_the_township_overview_links_to_the_registers(client, staff_a, township_a):
    client.force_login(staff_a)
    response = client.get(reverse("supervision:township_overview", args=[township_a.pk]))
    for name in [
        "villages:village_list",
        "villages:household_list",
        "cadres:cadre_list",
        "stations:station_list",
    ]:
        assert f'href="{reverse(name)}?township={township_a.pk}"' in response.text
    assert "农户台账" in response.text
    assert "干部名册" in response.text
