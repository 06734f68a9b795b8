"""Pages a cadre opens stay light: first load ≤ 60 KB compressed, a repeat load ≤ 15 KB,
nothing from another host. (`make bench` measures the same under production settings.)"""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db

FIRST_LOAD = 60 * 1024
REPEAT_LOAD = 15 * 1024
ASSET = re.compile(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"')


@pytest.fixture
def busy_cadre(client, cadre_user, chief_user, station_a):
    """A cadre with a realistic load: 5 paired households, a station of 150, a full history."""
    me = cadre_user.cadre
    households = [f.HouseholdFactory(village=station_a.village) for _ in range(150)]
    for household in households[:5]:
        f.PairingFactory(cadre=me, household=household)
    for household in households[:25]:
        f.VisitFactory(
            station=station_a, author=me, household=household, follow_up=True, seen="情况" * 40
        )
    client.force_login(cadre_user)
    return client


def _weight(client, url):
    html = client.get(url).content
    assets = [a for a in ASSET.findall(html.decode()) if a.startswith("/static/")]
    asset_bytes = 0
    for asset in assets:
        path = finders.find(asset.removeprefix("/static/"))
        with open(path, "rb") as handle:
            asset_bytes += len(gzip.compress(handle.read()))
    return len(gzip.compress(html)), asset_bytes, html.decode()


@pytest.mark.parametrize(
    "name",
    [
        "visits:today",
        "visits:visit_new",
        "visits:reception_new",
        "visits:my_history",
        "cadres:feedback_new",
        "station",
    ],
)
def test_cadre_pages_fit_the_budget(busy_cadre, station_a, name):
    url = station_a.get_absolute_url() if name == "station" else reverse(name)
    html_bytes, asset_bytes, html = _weight(busy_cadre, url)
    assert html_bytes + asset_bytes <= FIRST_LOAD
    assert html_bytes <= REPEAT_LOAD  # static files are cached for a year after the first load
    external = [a for a in ASSET.findall(html) if re.match(r"^(https?:)?//", a)]
    assert external == []


def test_a_visit_page_fits_the_budget(busy_cadre, cadre_user):
    visit = cadre_user.cadre.visits.first()
    html_bytes, asset_bytes, _ = _weight(busy_cadre, visit.get_absolute_url())
    assert html_bytes + asset_bytes <= FIRST_LOAD


def test_every_page_a_cadre_opens_fits_the_budget(client, settings, tmp_path):
    """Not only the pages above: every page the world's cadre or chief can open."""
    from tests.cadre_pages import cadre_pages
    from tests.hardening_world import build_world

    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    pages = cadre_pages(client, world)
    assert len({name for _role, name, _url in pages}) > 15
    heavy, external = {}, {}
    for role, name, url in pages:
        client.force_login(world.user(role))
        html_bytes, asset_bytes, html = _weight(client, url)
        if html_bytes + asset_bytes > FIRST_LOAD or html_bytes > REPEAT_LOAD:
            heavy[name] = (html_bytes, asset_bytes)
        outside = [a for a in ASSET.findall(html) if re.match(r"^(https?:)?//", a)]
        if outside:
            external[name] = outside
    assert heavy == {} and external == {}
