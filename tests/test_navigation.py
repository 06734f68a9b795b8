"""The township's and the county's bars: sections, no entry twice, the area of the page
marked (aria-current) the same on every page of it, the feedback inbox reachable (issue 14)."""

import re

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db


def _nav(response):
    found = re.search(r'<nav class="place-nav"[^>]*>(.*?)</nav>', response.text, re.S)
    return found.group(1) if found else None


def _current(nav):
    """(section key, entry key) of every entry marked as the page's area."""
    marked = []
    for section, body in re.findall(
        r'<li class="nav-section current" data-section="(\w+)">(.*?)</ul>', nav, re.S
    ):
        marked += [
            (section, key) for key in re.findall(r'aria-current="page" data-entry="(\w+)"', body)
        ]
    return marked


def _get(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def test_the_township_bar_is_in_sections_with_no_entry_twice(client, staff_a, township_a):
    nav = _nav(
        _get(client, staff_a, reverse("supervision:township_overview", args=[township_a.pk]))
    )
    sections = re.findall(r'data-section="(\w+)"', nav)
    assert sections == ["start", "registers", "duty", "cards", "concerns", "work", "supervision"]
    labels = re.findall(r'data-entry="\w+">([^<]+)</a>', nav)
    hrefs = re.findall(r'<a href="([^"]+)"', nav)
    assert len(labels) == len(set(labels)) and len(hrefs) == len(set(hrefs))
    assert labels.count("督导") == 1
    assert reverse("cadres:feedback_inbox") in nav


AREAS = [
    ("households", "registers", lambda t, h, s: reverse("villages:household_list")),
    ("households", "registers", lambda t, h, s: reverse("villages:household_detail", args=[h.pk])),
    ("households", "registers", lambda t, h, s: reverse("villages:household_edit", args=[h.pk])),
    ("duty", "duty", lambda t, h, s: reverse("stations:duty_calendar", args=[t.pk])),
    ("duty", "duty", lambda t, h, s: reverse("stations:station_duty", args=[s.pk])),
    ("cards", "cards", lambda t, h, s: reverse("stations:card_township", args=[t.pk])),
    ("cards", "cards", lambda t, h, s: reverse("stations:card_stale", args=[t.pk])),
    ("concerns", "concerns", lambda t, h, s: reverse("concerns:township_concerns", args=[t.pk])),
    ("feedback", "work", lambda t, h, s: reverse("cadres:feedback_inbox")),
    ("worklist", "start", lambda t, h, s: reverse("supervision:township_overview", args=[t.pk])),
    (
        "supervision",
        "supervision",
        lambda t, h, s: reverse("supervision:supervision_township", args=[t.pk]),
    ),
    (
        "supervision",
        "supervision",
        lambda t, h, s: reverse("supervision:supervision_station", args=[s.pk]),
    ),
]


@pytest.mark.parametrize(("entry", "section", "url"), AREAS)
def test_every_page_of_an_area_marks_the_same_entry(
    client, staff_a, township_a, station_a, entry, section, url
):
    household = f.HouseholdFactory(village=station_a.village)
    nav = _nav(_get(client, staff_a, url(township_a, household, station_a)))
    assert nav is not None
    assert _current(nav) == [(section, entry)]
    assert nav.count('aria-current="page"') == 1


def test_entries_for_township_staff_alone_are_not_shown_to_a_supervisor(
    client, supervisor, township_a
):
    nav = _nav(
        _get(client, supervisor, reverse("supervision:township_overview", args=[township_a.pk]))
    )
    assert reverse("villages:import_index") not in nav
    assert reverse("concerns:township_hidden", args=[township_a.pk]) not in nav
    assert reverse("stations:duty_calendar", args=[township_a.pk]) in nav


def test_the_county_bar_marks_its_area_and_reaches_the_feedback_inbox(client, supervisor, county):
    response = _get(client, supervisor, reverse("supervision:county_overview", args=[county.pk]))
    nav = _nav(response)
    assert _current(nav) == [("start", "ranking")]
    assert reverse("cadres:feedback_inbox") in nav
    shortfalls = _get(
        client, supervisor, reverse("supervision:supervision_county_shortfalls", args=[county.pk])
    )
    assert _current(_nav(shortfalls)) == [("supervision", "shortfalls")]
    labels = re.findall(r'data-entry="\w+">([^<]+)</a>', nav)
    assert len(labels) == len(set(labels))


def test_cadres_get_no_office_bar(client, cadre_user):
    assert _nav(_get(client, cadre_user, reverse("visits:today"))) is None
