"""Every page speaks English when English is chosen: no Chinese outside the data.

The county of ``hardening_world`` is named in ASCII only, so a Chinese
character on a page rendered in English is interface text that was never
marked for translation (or a translation used as the source). Every route of
the project is opened by the role that uses it; a route missing from
``hardening_world.ROUTES`` fails the walk, so new pages are checked too.
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from tests.hardening_world import DJANGO_ROUTES, ROUTES, build_world, project_routes, url_of
from tests.test_export_safety import _body, _cells

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
# The language switch names Chinese in Chinese, marked with lang="zh-hans": that is meant.
IN_CHINESE = re.compile(r"<(\w+)[^>]*\blang=\"zh[^\"]*\"[^>]*>.*?</\1>", re.DOTALL)
# Binary documents: their text is checked where it is made (the PDF tests read them back).
SKIPPED_TYPES = ("application/pdf", "image/")


def _chinese_headers():
    """The Chinese column headers an import accepts: the template lists them as values to use."""
    from villages.imports.service import KINDS

    return {h for kind in KINDS.values() for c in kind.columns for h in (c.zh, *c.aliases)}


def chinese_in(text):
    """Each stretch of Chinese on the page, with a little context."""
    text = IN_CHINESE.sub("", text)
    return [text[max(0, m.start() - 40) : m.end() + 40] for m in CJK.finditer(text)]


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world()


@pytest.fixture
def english(client):
    client.cookies[translation.trans_real.settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield client


def test_every_route_is_walked():
    missing = [
        name
        for name, _route, _methods in project_routes()
        if name not in ROUTES | dict.fromkeys(DJANGO_ROUTES)
    ]
    assert not missing, f"routes without an entry in hardening_world.ROUTES: {missing}"


# Pages that answer with another status on purpose, and are read all the same.
STATUS = {"stations:station_public_retired": 410}


def test_every_page_in_english_has_no_chinese_interface_text(english, world):
    found, opened = {}, 0
    readable = {n for n, _r, methods in project_routes() if methods is None or "GET" in methods}
    for name in sorted(ROUTES.keys() & readable):
        role, kwargs = ROUTES[name]
        url = url_of(name, world)
        if url is None:
            continue
        english.force_login(world.user(role))
        response = english.get(url, follow=True)
        if response.status_code != STATUS.get(name, 200):
            found[name] = [f"status {response.status_code}"]
            continue
        kind = response.headers.get("Content-Type", "")
        if kind.startswith(SKIPPED_TYPES):
            continue
        opened += 1
        if kind.startswith("text/html"):
            stretches = chinese_in(_body(response).decode())
        else:  # spreadsheets: their headers and cells
            accepted = _chinese_headers()
            stretches = [
                str(value)
                for _k, _t, value in _cells(response)
                if CJK.search(str(value)) and value not in accepted
            ]
        if stretches:
            found[name] = stretches[:5]
    assert not found, "\n".join(f"{name}: {stretches}" for name, stretches in found.items())
    assert opened > 80


@pytest.mark.parametrize("role", ["cadre", "chief", "township", "county", "office"])
def test_each_roles_start_page_is_in_english(english, world, role):
    english.force_login(world.user(role))
    response = english.get("/", follow=True)
    assert response.status_code == 200
    assert not chinese_in(response.content.decode())


def test_the_login_page_is_in_english(english):
    response = english.get("/login/")
    assert not chinese_in(response.content.decode())


def test_an_import_preview_with_problems_is_in_english(english, world):
    english.force_login(world.staff)
    rows = "Village,Head of household,Phone,Members\n"
    rows += "Hill Village,New Head,13907399999,3\nNowhere,Someone,12345,x\n,=1+1,,\n"
    upload = SimpleUploadedFile("households.csv", rows.encode())
    response = english.post(
        reverse("villages:import_upload", args=["households"]), {"file": upload}
    )
    assert response.status_code == 302

    preview = english.get(response.url)

    assert preview.status_code == 200
    assert "Nowhere" in preview.content.decode()
    assert not chinese_in(preview.content.decode())
