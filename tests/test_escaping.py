"""User text is escaped everywhere it is shown: every text in a county is a script tag,
and no page of any role lets one through as markup."""

import pytest

from tests.hardening_world import ROUTES, build_world, project_routes, url_of
from tests.test_export_safety import _body, _poison_everything

pytestmark = pytest.mark.django_db

# Short enough for the 20-character fields; each breaks out of text, attributes or a script.
PAYLOADS = ["<script>x()</script>", '"><b id=x>', "'><i id=y>", "<svg onload=z()>"]
LEAKS = ["<script>x()", '"><b id=x>', "'><i id=y>", "<svg onload"]


@pytest.fixture
def poisoned(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    _poison_everything(PAYLOADS)
    return world


def test_no_page_shows_user_text_as_markup(client, poisoned):
    readable = {n for n, _r, methods in project_routes() if methods is None or "GET" in methods}
    leaked, opened = {}, 0
    for name in sorted(ROUTES.keys() & readable):
        url = url_of(name, poisoned)
        if url is None:
            continue
        client.force_login(poisoned.user(ROUTES[name][0]))
        response = client.get(url, follow=True)
        if not response.headers.get("Content-Type", "").startswith("text/html"):
            continue
        opened += 1
        html = _body(response).decode()
        found = [leak for leak in LEAKS if leak in html]
        if found:
            leaked[name] = found
    assert not leaked
    assert opened > 60


def test_the_poison_is_on_the_pages(client, poisoned):
    client.force_login(poisoned.staff)
    html = client.get(url_of("villages:household_list", poisoned)).content.decode()
    assert "&lt;script&gt;" in html or "&quot;&gt;&lt;b" in html or "&lt;svg" in html
