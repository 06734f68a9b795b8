"""Exports of the supervision lists: the same figures as the page, the page's
period and filters, the user's place only, bad input refused, bounded queries."""

# Fixtures come from the helpers by import; their use as arguments redefines them.
# ruff: noqa: F811

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from tests import factories as f
from tests.supervision_helpers import at, freeze, november  # noqa: F401
from tests.supervision_reported_helpers import reported  # noqa: F401
from visits.supervision.definitions import DEFINITIONS
from visits.supervision.shortfalls import KINDS

pytestmark = pytest.mark.django_db

NOV = {"month": "2026-11"}


@pytest.fixture(autouse=True)
def _december(monkeypatch):
    freeze(monkeypatch)


def _download(client, name, pk, fmt="xlsx", query=NOV):
    response = client.get(reverse(name, args=[pk, fmt]), query)
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content), response


def _sheet(content):
    """The first sheet's rows, headers first."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def _rows_by_first_column(rows):
    headers = rows[0]
    return {row[0]: dict(zip(headers, row, strict=True)) for row in rows[1:]}


# The county's townships ----------------------------------------------------------


def test_the_county_export_holds_the_pages_figures_as_numbers(
    client, supervisor, reported, township_a, township_b
):
    client.force_login(supervisor)
    page = client.get(reverse("supervision:supervision_county", args=[supervisor.county_id]), NOV)
    export_url = reverse(
        "supervision:supervision_county_export", args=[supervisor.county_id, "xlsx"]
    )
    assert f'href="{export_url}?month=2026-11"' in page.text
    content, response = _download(
        client, "supervision:supervision_county_export", supervisor.county_id
    )
    assert "attachment" in response["Content-Disposition"]
    rows = _sheet(content)
    assert rows[0][:4] == ["乡镇", "乡镇代码", "走访", "接访"]
    by_name = _rows_by_first_column(rows)
    assert set(by_name) == {township_a.name, township_b.name}
    for page_row in page.context["rows"]:
        row = list(by_name[page_row["township"].name].values())
        figures = page_row["meeting_figures"]
        assert (row[1] or "") == page_row["township"].code  # a blank cell: not coded yet
        assert row[2:7] == [
            page_row["visits"],
            page_row["receptions"],
            page_row["households_reached"],
            page_row["duty_held"],
            page_row["duty_due"],
        ]
        assert row[7:9] == [page_row["paired_contacts"], page_row["paired_contacts_due"]]
        assert row[12:] == [
            figures["meetings"],
            figures["by_kind"]["concern_analysis"],
            figures["deeds"],
            pytest.approx(float(figures["money_raised"])),
            figures["people_helped"],
        ]
    a = list(by_name[township_a.name].values())
    # Hand-counted: 6 visits, 1 reception; 3 meetings, 2 deeds, 2000.50 yuan, 42 people.
    assert a[2:4] == [6, 1]
    assert a[12:] == [3, 1, 2, 2000.5, 42]
    # Card coverage in per cent, as the page shows it: 高石村 1 of 3, 白水村 0 of 1.
    assert a[9] == 25.0 and "25.0%" in page.text


def test_the_county_export_as_csv_has_a_bom_and_the_same_rows(
    client, supervisor, reported, township_a
):
    client.force_login(supervisor)
    content, response = _download(
        client, "supervision:supervision_county_export", supervisor.county_id, "csv"
    )
    assert response["Content-Type"].startswith("text/csv")
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name[township_a.name][2:4] == ["6", "1"]
    assert by_name[township_a.name][-3:] == ["2", "2000.50", "42"]


def test_the_county_export_keeps_the_pages_filter_and_period(
    client, supervisor, reported, township_a
):
    client.force_login(supervisor)
    rows = _sheet(
        _download(
            client,
            "supervision:supervision_county_export",
            supervisor.county_id,
            query={**NOV, "q": "石门"},
        )[0]
    )
    assert [row[0] for row in rows[1:]] == [township_a.name]
    december = _sheet(
        _download(
            client,
            "supervision:supervision_county_export",
            supervisor.county_id,
            query={"month": "2026-12", "q": "石门"},
        )[0]
    )
    # December: one visit (00:30 on the 1st), the night talk, no deeds.
    assert december[1][2] == 1 and december[1][12:] == [1, 0, 0, 0, 0]


# The township's stations, the station's members ------------------------------------


def test_the_township_export_lists_the_stations_figures_filtered(
    client, staff_a, reported, township_a, station_a, station_a2
):
    client.force_login(staff_a)
    page = client.get(reverse("supervision:supervision_township", args=[township_a.pk]), NOV)
    assert (
        reverse("supervision:supervision_township_export", args=[township_a.pk, "csv"]) in page.text
    )
    rows = _rows_by_first_column(
        _sheet(_download(client, "supervision:supervision_township_export", township_a.pk)[0])
    )
    assert set(rows) == {station_a.name, station_a2.name}
    a = list(rows[station_a.name].values())
    assert a[1] == station_a.village.name
    assert (a[2] or "") == station_a.village.code  # a blank cell: not coded yet
    assert a[3:5] == [4, 1]  # visits, receptions at 高石村
    assert a[13:] == [2, 1, 1, 1200.5, 30]
    only = _sheet(
        _download(
            client,
            "supervision:supervision_township_export",
            township_a.pk,
            query={**NOV, "q": "白水"},
        )[0]
    )
    assert [row[0] for row in only[1:]] == [station_a2.name]


def test_the_station_export_lists_the_members_as_the_page_does(
    client, staff_a, reported, november, station_a
):
    client.force_login(staff_a)
    page = client.get(reverse("supervision:supervision_station", args=[station_a.pk]), NOV)
    assert (
        reverse("supervision:supervision_station_export", args=[station_a.pk, "xlsx"]) in page.text
    )
    rows = _rows_by_first_column(
        _sheet(_download(client, "supervision:supervision_station_export", station_a.pk)[0])
    )
    assert set(rows) == {row["cadre"].name for row in page.context["members"]}
    chief = list(rows[november.chief.name].values())
    # Ratings 2, seen 87.5 %.
    assert chief[-2:] == [2, 87.5]
    wang = list(rows[november.wang.name].values())
    assert wang[4] == 3  # his three visits logged at 高石村
    assert wang[-2:] == [0, None]
    filtered = _sheet(
        _download(
            client,
            "supervision:supervision_station_export",
            station_a.pk,
            query={**NOV, "role": "chief"},
        )[0]
    )
    assert [row[0] for row in filtered[1:]] == [november.chief.name]


# Shortfalls -----------------------------------------------------------------------


def test_the_shortfall_exports_hold_the_listed_shortfalls(
    client, supervisor, staff_a, november, township_a, station_b
):
    client.force_login(supervisor)
    query = {**NOV, "kind": "logs_missing"}
    page = client.get(
        reverse("supervision:supervision_county_shortfalls", args=[supervisor.county_id]), query
    )
    url = reverse(
        "supervision:supervision_county_shortfalls_export", args=[supervisor.county_id, "xlsx"]
    )
    assert f'href="{url}?month=2026-11&amp;kind=logs_missing"' in page.text
    rows = _sheet(
        _download(
            client,
            "supervision:supervision_county_shortfalls_export",
            supervisor.county_id,
            query=query,
        )[0]
    )
    # Nothing logged ever: red, 0 of 1, never done.
    assert rows[1:] == [
        [
            station_b.village.township.name,
            station_b.name,
            None,
            str(KINDS["logs_missing"]),
            "严重不足",
            0,
            1,
            0,
            1,
            None,
            None,
            None,
        ]
    ]

    client.force_login(staff_a)
    page = client.get(
        reverse("supervision:supervision_township_shortfalls", args=[township_a.pk]), NOV
    )
    content, _response = _download(
        client, "supervision:supervision_township_shortfalls_export", township_a.pk, "csv"
    )
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) - 1 == page.context["count"]
    listed = [
        (s.station.name, s.cadre.name if s.cadre else "", s.actual)
        for s in page.context["shortfalls"]
    ]
    assert [(r[1], r[2], int(r[5])) for r in rows[1:]] == listed


def test_text_that_a_spreadsheet_would_run_is_neutralised(client, staff_a, township_a, november):
    f.StationFactory(village=f.VillageFactory(township=township_a, name="=1+1村"), name="=1+1")
    client.force_login(staff_a)
    rows = _sheet(_download(client, "supervision:supervision_township_export", township_a.pk)[0])
    assert "'=1+1" in [row[0] for row in rows]


# Who may export what ----------------------------------------------------------------


def _export_urls(county, township, station, fmt="xlsx"):
    return {
        "county": reverse("supervision:supervision_county_export", args=[county.pk, fmt]),
        "county_shortfalls": reverse(
            "supervision:supervision_county_shortfalls_export", args=[county.pk, fmt]
        ),
        "township": reverse("supervision:supervision_township_export", args=[township.pk, fmt]),
        "township_shortfalls": reverse(
            "supervision:supervision_township_shortfalls_export", args=[township.pk, fmt]
        ),
        "station": reverse("supervision:supervision_station_export", args=[station.pk, fmt]),
    }


def test_township_staff_cannot_export_another_township(
    client, staff_a, county, township_a, township_b, station_a, station_b
):
    client.force_login(staff_a)
    mine = _export_urls(county, township_a, station_a)
    theirs = _export_urls(county, township_b, station_b)
    for name in ("township", "township_shortfalls", "station"):
        assert client.get(mine[name], NOV).status_code == 200, name
        assert client.get(theirs[name], NOV).status_code == 404, name
    for name in ("county", "county_shortfalls"):
        assert client.get(mine[name], NOV).status_code == 403, name


def test_the_supervisor_exports_every_township_of_their_county_only(
    client, supervisor, other_supervisor, county, township_a, township_b, station_b
):
    elsewhere = f.TownshipFactory(county=other_supervisor.county, name="九公桥镇")
    client.force_login(supervisor)
    for name, url in _export_urls(county, township_b, station_b).items():
        assert client.get(url, NOV).status_code == 200, name
    rows = _sheet(_download(client, "supervision:supervision_county_export", county.pk)[0])
    assert {row[0] for row in rows[1:]} == {township_a.name, township_b.name}
    assert (
        client.get(
            reverse("supervision:supervision_township_export", args=[elsewhere.pk, "xlsx"]), NOV
        ).status_code
        == 404
    )
    client.force_login(other_supervisor)
    for name, url in _export_urls(county, township_a, station_b).items():
        assert client.get(url, NOV).status_code == 404, name


def test_cadres_and_anonymous_users_get_no_export(
    client, cadre_user, county, township_a, station_a
):
    urls = _export_urls(county, township_a, station_a)
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response.url, name
    client.force_login(cadre_user)
    for name, url in urls.items():
        assert client.get(url).status_code == 403, name


def test_a_bad_period_gives_the_page_and_its_message_not_a_file(
    client, staff_a, supervisor, county, township_a, station_a
):
    for user, names in (
        (staff_a, ("township", "township_shortfalls", "station")),
        (supervisor, ("county", "county_shortfalls")),
    ):
        client.force_login(user)
        for name in names:
            response = client.get(
                _export_urls(county, township_a, station_a)[name], {"month": "2026-13"}
            )
            assert response.status_code == 400, name
            assert "输入一个有效的日期。" in response.text, name


def test_an_unknown_format_is_not_found(client, supervisor, county, township_a, station_a):
    client.force_login(supervisor)
    for name, url in _export_urls(county, township_a, station_a, "pdf").items():
        assert client.get(url, NOV).status_code == 404, name


# Query budgets ----------------------------------------------------------------------


def _grow(township, size):
    for _ in range(size):
        station = f.StationFactory(village=f.VillageFactory(township=township))
        member = f.CadreFactory(township=township)
        f.AssignmentFactory(cadre=member, station=station)
        f.VisitFactory(station=station, author=member, occurred_at=at(11, 4))


@pytest.mark.parametrize(
    ("name", "budget"),
    [
        ("county", 16),
        # +5: the shortfalls' "for how long" (see the pages); +1: the working calendar's
        # holidays in the period, for the duty days owed.
        ("county_shortfalls", 20),
        ("township", 16),
        ("township_shortfalls", 20),
        ("station", 20),
    ],
)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_each_export_costs_the_same_queries_at_any_size(
    client,
    supervisor,
    reported,
    county,
    township_a,
    station_a,
    name,
    budget,
    fmt,
    django_assert_max_num_queries,
):
    client.force_login(supervisor)
    url = _export_urls(county, township_a, station_a, fmt)[name]
    for size in (1, 20):
        _grow(township_a, size)
        f.AssignmentFactory(station=station_a)
        with django_assert_max_num_queries(budget):
            response = client.get(url, NOV)
            content = b"".join(response.streaming_content)
        assert response.status_code == 200 and content


def test_the_workbook_says_what_each_column_counts(client, supervisor, reported):
    client.force_login(supervisor)
    content, _response = _download(
        client, "supervision:supervision_county_export", supervisor.county_id
    )
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames[1] == "口径说明"
    notes = {row[0]: row[1] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    duty = DEFINITIONS["duty_due"]
    assert notes[str(duty.label)] == str(duty.text)
    headers = next(book.worksheets[0].iter_rows(values_only=True))
    assert str(duty.label) in headers
