"""Every spreadsheet the project hands out is safe to open: no cell runs as a formula.

Every text in the county is replaced by one starting with = + - @, a tab or a
carriage return; then every route is opened and each xlsx or CSV it returns is
read back cell by cell. A route that takes a format is fetched in both; a
workbook the worker builds (the county's, a township's, the city's report) is
fetched once built, as its asker downloads it.
"""

import csv
import io

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from openpyxl import load_workbook

from tests.hardening_world import ROUTES, build_world
from tests.jobs import fetch
from villages.exports import FORMULA_STARTS

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
POISONS = ['=HYPERLINK("http://evil.example","x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1)"]
POISONS += ["\t=1+1", "\r=1+1"]
# Fields the app parses rather than shows, or that must stay unique or valid to log in.
KEPT = {
    "password",
    "username",
    "email",
    "name_pinyin",
    "duty_days",
    "serial",
    "code",
    "seed",
    "public_key",
}


def _poison_everything(poisons=POISONS):
    """Replace every free text of our apps' rows by a hostile one (unique per row)."""
    number = 0
    for app in ("villages", "cadres", "stations", "visits"):
        for model in apps.get_app_config(app).get_models():
            if model._meta.label_lower.startswith(f"{app}.historical"):
                continue
            texts = [
                field.name
                for field in model._meta.concrete_fields
                if isinstance(field, models.CharField | models.TextField)
                and not field.choices
                and field.name not in KEPT
                and "phone" not in field.name
            ]
            if not texts:
                continue
            for row in model._default_manager.all():
                for name in texts:
                    limit = model._meta.get_field(name).max_length or 200
                    value = f"{poisons[number % len(poisons)]}{row.pk}"[:limit]
                    setattr(row, name, value)
                    number += 1
                model._default_manager.filter(pk=row.pk).update(
                    **{name: getattr(row, name) for name in texts}
                )


def _body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _dangerous(text):
    if not isinstance(text, str) or not text.startswith(FORMULA_STARTS):
        return False
    try:
        float(text)  # -12 is a number, not a formula
    except ValueError:
        return True
    return False


def _cells(response):
    kind = response.headers.get("Content-Type", "")
    body = _body(response)
    if kind.startswith(XLSX):
        book = load_workbook(io.BytesIO(body))
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    yield "xlsx", cell.data_type, cell.value
    elif kind.startswith("text/csv"):
        for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))):
            for value in row:
                yield "csv", "s", value


@pytest.fixture
def poisoned(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    _poison_everything()
    return world


def test_no_exported_cell_runs_as_a_formula(client, poisoned):
    checked, unsafe = [], []
    for name, (role, kwargs) in sorted(ROUTES.items()):
        if kwargs is None:
            continue
        client.force_login(poisoned.user(role))
        args = kwargs(poisoned)
        formats = ["csv", "xlsx"] if "fmt" in args else [None]
        for fmt in formats:
            url = reverse(name, kwargs=args | ({"fmt": fmt} if fmt else {}))
            response = fetch(client, url)
            if response.status_code != 200:
                continue
            cells = list(_cells(response))
            if not cells:
                continue
            checked.append(url)
            unsafe += [
                (url, value)
                for kind, data_type, value in cells
                if data_type == "f" or _dangerous(value)
            ]
    assert not unsafe
    exports = [n for n, (_r, kwargs) in ROUTES.items() if kwargs and "fmt" in kwargs(poisoned)]
    # Every route that takes a format gave a spreadsheet in both (and was read).
    assert len(checked) >= 2 * len(exports), (checked, exports)


def test_the_poison_reached_the_exports(client, poisoned):
    client.force_login(poisoned.staff)
    response = client.get(reverse("villages:household_export", kwargs={"fmt": "csv"}))
    text = _body(response).decode("utf-8-sig")
    assert "'=HYPERLINK" in text or "'+1+cmd" in text or "'@SUM" in text


def test_the_problems_of_an_import_are_safe_to_open(client, poisoned, settings):
    client.force_login(poisoned.staff)
    rows = "户主姓名,村\n" + "".join(f'{p.strip()}x,"{p}"\n' for p in POISONS)
    upload = io.BytesIO(rows.encode())
    upload.name = "hostile.csv"
    response = client.post(reverse("villages:import_upload", args=["households"]), {"file": upload})
    assert response.status_code == 302
    problems = client.get(response.url + "problems.csv")

    cells = list(_cells(problems))

    assert len(cells) > 3
    assert not [value for _kind, _type, value in cells if _dangerous(value)]
