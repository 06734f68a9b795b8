"""What the accessibility crawl (test_accessibility_browser) found, held in place by quick
checks that need no browser (issue 20): the site's icon, Chinese for Django's new empty
choice, every marked message in the catalogue, help and errors that inputs point at,
named navigation, headed table columns."""

import ast
import io
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from PIL import Image

from villages.models import TownshipContact

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
TEMPLATES = ROOT / "templates"
IDS = re.compile(r'\sid="([^"]+)"')
DESCRIBED_BY = re.compile(r'aria-describedby="([^"]+)"')


def _missing_ids(html):
    ids = set(IDS.findall(html))
    return [i for refs in DESCRIBED_BY.findall(html) for i in refs.split() if i not in ids]


def test_the_site_has_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    body = b"".join(response.streaming_content)
    assert len(body) < 10 * 1024
    with Image.open(io.BytesIO(body)) as icon:
        assert icon.format == "ICO"
        assert (32, 32) in icon.info["sizes"]


def test_a_selects_empty_choice_is_in_chinese(client, staff_a):
    # Django 6.1 names it "- Select an option -"; its own Chinese catalogue does not.
    client.force_login(staff_a)
    html = client.get(reverse("villages:household_create")).text
    assert '<option value="" selected>- 请选择 -</option>' in html
    assert "Select an option" not in html


def test_the_monthly_reports_csv_links_are_in_chinese(client, supervisor, township_a):
    client.force_login(supervisor)
    html = client.get(reverse("supervision:supervision_township", args=[township_a.pk])).text
    assert "重大事件" in html
    assert "Major events" not in html


def _marked_messages():
    """(file, context, message) for every literal passed to a gettext function, whatever
    name it was imported under (makemessages reads only the usual names)."""
    kinds = {"gettext", "gettext_lazy", "gettext_noop", "pgettext", "pgettext_lazy"}
    for app in ("villages", "cadres", "stations", "visits", "config"):
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text())
            names = {
                alias.asname or alias.name: alias.name
                for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
                for alias in node.names
                if alias.name in kinds
            }
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) in names):
                    continue
                args = [a.value for a in node.args if isinstance(a, ast.Constant)]
                if names[node.func.id].startswith("pgettext") and len(args) >= 2:
                    yield path.relative_to(ROOT), args[0], args[1]
                elif not names[node.func.id].startswith("pgettext") and args:
                    yield path.relative_to(ROOT), None, args[0]


def test_every_marked_message_is_in_the_chinese_catalogue():
    po = polib.pofile(ROOT / "config" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po")
    known = {(e.msgctxt, e.msgid) for e in po if e.translated()}
    missing = [m for m in _marked_messages() if (m[1], m[2]) not in known]
    assert missing == [], "run `make messages` and translate them"


def test_the_concern_forms_help_is_read_with_its_box(client, staff_a, station_a):
    client.force_login(staff_a)
    html = client.get(reverse("visits:concern_new")).text
    assert 'aria-describedby="id_major_event_helptext"' in html
    assert _missing_ids(html) == []


def test_errors_are_read_with_their_inputs(client, staff_a, township_a):
    client.force_login(staff_a)
    html = client.post(reverse("visits:concern_new"), {"description": ""}).text
    assert "_error" in html
    assert _missing_ids(html) == []

    # A row of a formset: the contact settings with a bad phone number.
    TownshipContact.objects.create(township=township_a, name="乡政府", phone="07395230000")
    url = reverse("villages:township_contacts", args=[township_a.pk])
    form = client.get(url).context["formset"]
    data = {f"{form.prefix}-TOTAL_FORMS": "1", f"{form.prefix}-INITIAL_FORMS": "1"}
    data |= {f"{form.prefix}-MIN_NUM_FORMS": "0", f"{form.prefix}-MAX_NUM_FORMS": "1000"}
    row = form.forms[0]
    data |= {row.add_prefix(k): v for k, v in row.initial.items() if v is not None}
    data |= {row.add_prefix("id"): row.instance.pk, row.add_prefix("phone"): "12"}
    html = client.post(url, data).text
    assert 'aria-describedby="id_contacts-0-phone_error"' in html
    assert _missing_ids(html) == []


def test_every_formset_input_has_a_label(client, staff_a, township_a):
    client.force_login(staff_a)
    html = client.get(reverse("villages:township_contacts", args=[township_a.pk])).text
    inputs = re.findall(r'<input(?![^>]*type="hidden")[^>]*\sid="(id_contacts-\d+-\w+)"', html)
    labelled = set(re.findall(r'<label for="(id_contacts-\d+-\w+)"', html))
    assert inputs and set(inputs) <= labelled
    assert re.search(
        r'<label for="id_contacts-0-name" class="visually-hidden">[^<]+，第1行</label>', html
    )


def _templates():
    return sorted(TEMPLATES.rglob("*.html"))


def test_every_navigation_has_a_name():
    # Screen readers list the landmarks by name: two unnamed <nav>s read alike.
    unnamed = [
        f"{t.relative_to(TEMPLATES)}: {tag}"
        for t in _templates()
        for tag in re.findall(r"<nav\b[^>]*>", t.read_text())
        if "aria-label" not in tag
    ]
    assert unnamed == []


def test_no_table_column_is_headed_by_nothing():
    empty = [
        f"{t.relative_to(TEMPLATES)}"
        for t in _templates()
        if re.search(r"<th(\s[^>]*)?>\s*</th>", t.read_text())
    ]
    assert empty == []
