"""Date fields open with their date filled in: a browser's date input takes only
yyyy-mm-dd, so a date written the Chinese way (2026/12/03) would be dropped and the
cadre left to pick today's date by hand (issue 20, item 1)."""

import ast
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


def _date_value(html, name):
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
    assert 'type="date"' in tag
    return re.search(r'value="([^"]*)"', tag).group(1)


def test_the_deed_form_opens_with_today_as_a_date_the_browser_takes(client, cadre_user, station_a):
    client.force_login(cadre_user)
    html = client.get(reverse("visits:deed_new", args=[station_a.pk])).text
    assert _date_value(html, "done_on") == timezone.localdate().isoformat()


def test_the_rating_form_opens_with_today_as_a_date_the_browser_takes(client, staff_a, station_a):
    client.force_login(staff_a)
    html = client.get(reverse("spotchecks:rating_new"), {"station": station_a.pk}).text
    assert _date_value(html, "rated_on") == timezone.localdate().isoformat()


def test_every_date_input_is_the_one_iso_widget():
    """A date input built by hand takes the language's format: only villages.forms.DateInput
    (which writes yyyy-mm-dd) may render one."""
    by_hand = []
    for app in ("villages", "cadres", "stations", "visits"):
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if (
                    isinstance(node, ast.Call)
                    and getattr(node.func, "attr", None) == "DateInput"
                    and "'date'" in ast.unparse(node).replace('"', "'")
                ):
                    by_hand.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert by_hand == []
