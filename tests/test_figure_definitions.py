"""Every figure is defined once, in words, beside its number (issue 14): the same
sentence on the page, in the monthly workbook and in the booklet; and the figures
the issue found contradicting each other agree now.

The hand-built November is ``tests.supervision_helpers``'; "today" is 15 December
unless a test says otherwise.
"""

# Fixtures come from tests.supervision_helpers by import; their use as arguments redefines them.
# ruff: noqa: F811

import datetime
import io
import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from openpyxl import load_workbook

from tests import factories as f
from tests.concern_helpers import ConcernFactory
from tests.jobs import fetch
from tests.supervision_helpers import at, freeze, november  # noqa: F401
from visits import glossary
from visits.concerns.definitions import DEFINITIONS as CONCERNS
from visits.models import Concern, Visit
from visits.supervision.definitions import DEFINITIONS as ACTIVITY

pytestmark = pytest.mark.django_db

NOV = {"month": "2026-11"}
DEC = {"month": "2026-12"}


@pytest.fixture(autouse=True)
def _december(monkeypatch):
    freeze(monkeypatch)


def _text(definition):
    return escape(str(definition.text))


def _figure(html, key):
    """The number a page shows beside ``key``'s label in a ``dl.figures``, and whether its
    definition follows it."""
    definition = glossary.definition(key)
    pattern = (
        rf"<dt>{re.escape(escape(str(definition.label)))}</dt>\s*<dd[^>]*>([^<]*)</dd>\s*"
        rf'<dd class="definition">{re.escape(_text(definition))}</dd>'
    )
    match = re.search(pattern, html)
    assert match, key
    return match.group(1).strip()


# The township's concerns: 已办结 2 beside 办结率 0% -------------------------------------


@pytest.fixture
def concerns_of_december(station_a, monkeypatch):
    """On 4 December: two concerns done in December that were due in November (done late)
    and none of December's deadlines reached yet; a dispute raised in October and
    mediated on 2 December."""
    freeze(monkeypatch, datetime.date(2026, 12, 4))
    for day in (2, 3):
        ConcernFactory(
            station=station_a,
            assigned=True,
            raised_at=at(11, 1),
            deadline=datetime.date(2026, 11, 25),
            state=Concern.State.DONE,
            done_at=at(12, day),
            done_on=datetime.date(2026, 12, day),
        )
    ConcernFactory(
        station=station_a,
        assigned=True,
        raised_at=at(12, 1),
        deadline=datetime.date(2026, 12, 20),
    )
    ConcernFactory(
        station=station_a,
        category="dispute_land",
        state=Concern.State.STATION,
        raised_at=at(10, 20),
        mediation="succeeded",
        mediation_at=at(12, 2),
    )


def test_the_township_inbox_rates_agree_with_their_counts(
    client, staff_a, township_a, concerns_of_december
):
    client.force_login(staff_a)
    html = client.get(reverse("concerns:township_concerns", args=[township_a.pk])).text
    # Done in December: 2. Due in December so far (1–4 December): none, so no rate
    # (it used to read 0% beside "done 2").
    assert _figure(html, "concerns.done") == "2"
    assert _figure(html, "concerns.due") == "0"
    assert _figure(html, "concerns.done_rate") == "—"
    # No dispute found in December: no mediation rate (it used to read 100% for
    # October's dispute mediated in December).
    assert _figure(html, "concerns.disputes") == "0"
    assert _figure(html, "concerns.mediation_rate") == "—"


# Duty days: held ÷ due so far --------------------------------------------------------


def test_duty_days_to_come_are_not_counted(client, staff_a, november, township_a, station_a):
    # The roster runs to the end of December; on 15 December the 2nd and the 9th are due.
    f.DutyDayFactory(station=station_a, date=datetime.date(2026, 12, 9), held=False)
    for day in (16, 23, 30):
        f.DutyDayFactory(station=station_a, date=datetime.date(2026, 12, day))
    client.force_login(staff_a)
    page = client.get(reverse("supervision:supervision_township", args=[township_a.pk]), DEC)
    # 2 December held, 9 December not: 1 / 2 (it used to be held / scheduled: 1 / 5).
    assert _figure(page.text, "activity.duty_days") == "1 / 2"
    row = next(r for r in page.context["rows"] if r["station"] == station_a)
    assert (row["duty_held"], row["duty_due"], row["duty_scheduled"]) == (1, 2, 5)
    assert "1 / 2</td>" in page.text


# Visits and receptions are never one figure ---------------------------------------


def test_the_overviews_count_visits_and_receptions_apart(
    client, staff_a, supervisor, county, township_a, station_a, monkeypatch
):
    freeze(monkeypatch, datetime.date(2026, 12, 15))
    for day in (1, 2):
        f.VisitFactory(station=station_a, kind=Visit.Kind.HOME, occurred_at=at(12, day))
    for day in (1, 8, 15):
        f.VisitFactory(
            station=station_a, kind=Visit.Kind.RECEPTION, household=None, occurred_at=at(12, day)
        )
    client.force_login(staff_a)
    page = client.get(reverse("supervision:township_overview", args=[township_a.pk]))
    row = next(r for r in page.context["rows"] if r["station"] == station_a)
    # Two visits and three receptions, not "five visits".
    assert (row["visits"], row["receptions"]) == (2, 3)
    assert _text(ACTIVITY["receptions"]) in page.text
    client.force_login(supervisor)
    page = client.get(reverse("supervision:county_overview", args=[county.pk]))
    row = next(r for r in page.context["rows"] if r["township"] == township_a)
    assert (row["visits"], row["receptions"]) == (2, 3)


# One quota, one pair of numbers ---------------------------------------------------------


def test_a_members_paired_contacts_read_the_same_everywhere_on_the_page(client, staff_a, november):
    client.force_login(staff_a)
    html = client.get(reverse("supervision:supervision_member", args=[november.chief.pk]), NOV).text
    # The chief's pairing with 张二 owes 3 × 30 / 365 = 0.25 contacts in November: 0 due;
    # one contact (5 November). Both figures say 1 / 0 (the activity card used to say 1 / 0.2).
    shown = re.findall(
        rf"<dt>{re.escape(str(ACTIVITY['paired_contacts'].label))}</dt>\s*<dd[^>]*>([^<]*)</dd>",
        html,
    )
    assert shown == ["1 / 0", "1 / 0"]
    assert "1 / 0.2" not in html


# The same sentence in the page, the workbook and the booklet -------------------------


def test_every_figure_on_the_township_page_has_its_definition_beside_it(
    client, staff_a, november, township_a
):
    client.force_login(staff_a)
    html = client.get(reverse("supervision:supervision_township", args=[township_a.pk]), NOV).text
    for key in ("activity.visits", "activity.receptions", "activity.duty_days"):
        _figure(html, key)
    for name in ("raised", "done", "due", "done_rate", "disputes", "mediation_rate"):
        _figure(html, f"concerns.{name}")
    # The stations table's columns are defined under it.
    assert html.count(_text(ACTIVITY["paired_contacts"])) == 2  # the figure and the column


def test_the_workbook_and_the_booklet_say_what_the_page_says(
    client, staff_a, november, township_a, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(staff_a)
    url = reverse("supervision:report_township", args=[township_a.pk, "xlsx"])
    book = load_workbook(io.BytesIO(fetch(client, url, NOV).content))
    sheet = book["口径说明"]
    defined = {row[1]: row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    for definition in (CONCERNS["done_rate"], CONCERNS["mediation_rate"]):
        assert defined[str(definition.label)] == str(definition.text)
    summary = book["汇总"]
    rows = {row[0]: row[3] for row in summary.iter_rows(min_row=2, values_only=True)}
    assert rows["办结率"] == str(CONCERNS["done_rate"].text)
    # The booklet prints the sentence beside the figure.
    pdf = fetch(client, reverse("supervision:report_township", args=[township_a.pk, "pdf"]), NOV)
    path = tmp_path / "booklet.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = "".join(text.split())
    assert "".join(str(CONCERNS["mediation_rate"].text).split()) in flat


def test_every_definition_is_a_sentence_in_both_languages():
    for family in glossary.FAMILIES.values():
        for key, definition in family.items():
            with translation.override("zh-hans"):
                label, text = str(definition.label), str(definition.text)
            assert label and text.endswith("。"), key
            with translation.override("en"):
                assert str(definition.text).endswith("."), key


def test_the_page_queries_stay_bounded_with_definitions(
    client, staff_a, november, township_a, django_assert_max_num_queries
):
    client.force_login(staff_a)
    # 32: the reminders sent (催办次数) are one count of their own. +2: a finished month
    # whose card rollups are not written yet asks them first, then the households.
    with django_assert_max_num_queries(34):
        client.get(reverse("supervision:supervision_township", args=[township_a.pk]), NOV)
