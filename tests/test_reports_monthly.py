"""The monthly report (月报): figures against the hand-built November, identical to the
page and in the xlsx and the CSVs; neutralised text, masked phones, logged downloads;
who may download which report; bad periods; query budgets at two sizes."""

# Fixtures come from tests.supervision_helpers by import; their use as arguments redefines them.
# ruff: noqa: F811

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from stations.models import WorkStation
from tests import factories as f
from tests.concern_helpers import ConcernFactory
from tests.jobs import fetch, run_worker
from tests.supervision_helpers import NOVEMBER, at, freeze, november  # noqa: F401
from villages.models import AccessLog, Township
from visits.models import Concern, Deed, Meeting
from visits.reports.blocks import Figure
from visits.reports.monthly import build_report
from visits.reports.titles import table_keys
from visits.supervision.charts import Chart

pytestmark = pytest.mark.django_db

NOV = {"month": "2026-11"}
FORMULA = '=HYPERLINK("http://x.cn")'  # fits a head of household's 30 characters


@pytest.fixture(autouse=True)
def _december(monkeypatch):
    freeze(monkeypatch)


@pytest.fixture
def handled(november, station_a, station_a2):
    """November's concerns, a meeting and a deed on top of the visits:

    - at 高石村: one concern raised 11-03 and escalated, from a household whose name
      starts with "=" (and whose text does too), marked a major event;
    - at 白水村: one solved on the spot at 23:30 on 30 November (Beijing time);
    - one raised on 1 December: not November's.
    """
    evil = f.HouseholdFactory(village=station_a.village, head_name=FORMULA, phone="13907391234")
    ConcernFactory(
        station=station_a,
        household=evil,
        raised_at=at(11, 3, 10),
        description="=1+2 修路",
        result="已回电 13907391234",
        major_event=True,
        raised_by=november.wang,
    )
    ConcernFactory(
        station=station_a2,
        household=november.chen,
        raised_at=at(11, 30, 23, 30),
        escalated_at=None,
        state=Concern.State.ON_SPOT,
        raised_by=november.wang,
    )
    ConcernFactory(station=station_a2, household=november.chen, raised_at=at(12, 1, 0, 30))
    meeting = Meeting.objects.create(
        station=station_a2,
        kind=Meeting.Kind.EDUCATION,
        held_at=at(11, 30, 23, 30),
        villagers=30,
        topics="+政策宣讲",
    )
    meeting.attendees.set([november.wang])
    deed = Deed.objects.create(
        station=station_a,
        what="@修机耕路",
        category=Deed.Category.ROAD,
        done_on=datetime.date(2026, 11, 30),
        money_raised=Decimal("12000.50"),
        people_helped=120,
    )
    deed.cadres.set([november.wang])
    return evil


def _report_url(place, fmt, kind="township"):
    return reverse(f"supervision:report_{kind}", args=[place.pk, fmt])


def _summary(report):
    return {figure.label: figure.value for figure in report.summary}


def _rows(table):
    return [list(row) for row in table.rows]


def _workbook(response):
    return load_workbook(io.BytesIO(response.content))


def _csv(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


# Figures against the hand-built November ------------------------------------------


def test_the_township_report_counts_november_by_hand(
    handled, november, staff_a, township_a, station_a, station_a2
):
    report = build_report(user=staff_a, period=NOVEMBER, township=township_a)
    assert report.place == township_a and report.period == NOVEMBER
    # "石门乡 2026年11月 群众工作月报" once the translations are in.
    assert report.title.startswith("石门乡 2026年11月 ")
    summary = _summary(report)
    # Six visits, the last at 23:30 on 30 November, Beijing time; one reception.
    assert summary[_("Visits")] == 6
    assert summary[_("Receptions")] == 1
    assert summary[_("Concerns raised")] == 2  # the 1 December one is December's
    assert summary[_("Solved on the spot")] == 1
    assert summary[_("Meetings")] == 1
    assert summary[_("Practical deeds")] == 1
    assert isinstance(summary[_("Money raised (yuan)")], Decimal)
    assert summary[_("Money raised (yuan)")] == Decimal("12000.50")
    assert summary[_("Duty days held")] == 2 and summary[_("Duty days due so far")] == 4
    # Every headline figure says what it counts, beside its number.
    assert all(isinstance(fig, Figure) and fig.definition for fig in report.summary)
    assert [t.key for t in report.tables] == table_keys(county=False)


def test_a_supervisor_s_report_of_a_township_is_the_township_s_own(
    handled, staff_a, supervisor, township_a, station_b
):
    """The county's supervisor sees both townships; a report of one counts that one, as
    its own staff's does: whole, and each table alone (its CSV)."""
    from visits.models import Rating

    f.VisitFactory(station=station_b, occurred_at=at(11, 9))
    member = f.CadreFactory(township=station_b.village.township)
    f.AssignmentFactory(cadre=member, station=station_b)
    Rating.objects.create(
        station=station_b, cadre=member, value="satisfied", rated_on=datetime.date(2026, 11, 9)
    )
    own = build_report(user=staff_a, period=NOVEMBER, township=township_a)
    theirs = build_report(user=supervisor, period=NOVEMBER, township=township_a)
    assert _summary(theirs) == _summary(own)
    assert _summary(theirs)[_("Visits")] == 6  # not 7: 金石村's is township B's
    for key in ("summary", "stations", "members"):
        alone = build_report(user=supervisor, period=NOVEMBER, township=township_a, only=key)
        assert [list(row) for row in alone.table(key).rows] == [
            list(row) for row in own.table(key).rows
        ], key
    with pytest.raises(ValueError, match="exactly one"):
        build_report(user=supervisor, period=NOVEMBER)
    with pytest.raises(ValueError, match="exactly one"):
        build_report(
            user=supervisor,
            period=NOVEMBER,
            county=station_b.village.township.county,
            township=township_a,
        )
    # The whole report draws its charts, and prints who asked for it; a table alone, none.
    assert theirs.charts and all(isinstance(chart, Chart) for chart in theirs.charts)
    assert theirs.user == supervisor
    assert (
        build_report(user=supervisor, period=NOVEMBER, township=township_a, only="summary").charts
        == []
    )


def test_the_rotated_cadre_counts_at_each_station_for_what_was_logged_there(
    handled, november, staff_a, township_a, station_a, station_a2
):
    report = build_report(user=staff_a, period=NOVEMBER, township=township_a)
    stations = report.table("stations")
    visits = stations.headers.index(_("Visits"))
    by_station = {row[1]: row for row in _rows(stations)}
    # 高石村: 王明's two visits on the 3rd and his call on the 10th, the chief's on the 5th.
    assert by_station[station_a.name][visits] == 4
    # 白水村: 王明 from the 16th, including 23:30 on the 30th (not 1 December's).
    assert by_station[station_a2.name][visits] == 2
    members = report.table("members")
    wang = next(row for row in _rows(members) if row[1] == "王明")
    served = wang[members.headers.index(_("Stations served"))]
    assert station_a.name in served and station_a2.name in served
    assert "2026-11-15" in served and "2026-11-16" in served
    assert wang[members.headers.index(_("Visits"))] == 5  # all he wrote in the township


def test_the_major_events_carry_their_visit_photos(handled, staff_a, township_a):
    report = build_report(user=staff_a, period=NOVEMBER, township=township_a)
    assert [e.description for e in report.major_events] == ["=1+2 修路"]
    assert report.major_events[0].photos == []
    assert len(_rows(report.table("major_events"))) == 1


def test_the_summary_is_the_pages_figures(client, handled, staff_a, township_a):
    client.force_login(staff_a)
    page = client.get(
        reverse("supervision:supervision_township", args=[township_a.pk]), NOV
    ).context
    summary = _summary(build_report(user=staff_a, period=NOVEMBER, township=township_a))
    totals, concerns = page["totals"], page["totals"]["concerns"]
    assert summary[_("Visits")] == totals["visits"]
    assert summary[_("Receptions")] == totals["receptions"]
    assert summary[_("Households reached")] == totals["households_reached"]
    assert summary[_("Card coverage")] == (totals["card_coverage"])
    assert summary[_("Concerns raised")] == concerns["raised"]
    assert summary[_("Completion rate")] == concerns["done_rate"]
    assert summary[_("Mediation rate")] == concerns["mediation_rate"]
    assert summary[_("Meetings")] == page["meeting_figures"]["meetings"]
    assert summary[_("Ratings of members")] == page["spot_figures"]["ratings"]


def test_the_county_report_has_its_townships_and_all_their_stations(
    handled, supervisor, county, township_a, township_b, station_b
):
    report = build_report(user=supervisor, period=NOVEMBER, county=county)
    assert [t.key for t in report.tables] == table_keys(county=True)
    townships = {row[0]: row for row in _rows(report.table("townships"))}
    assert set(townships) == {township_a.name, township_b.name}
    stations = _rows(report.table("stations"))
    assert {row[2] for row in stations} == {"金石村", "高石村", "白水村"}
    assert _summary(report)[_("Visits")] == 6


def test_the_report_lists_places_with_their_codes(
    handled, supervisor, county, township_a, township_b, station_a, station_b
):
    type(county).objects.filter(pk=county.pk).update(code="430524")
    type(township_a).objects.filter(pk=township_a.pk).update(code="430524201000")
    type(station_a.village).objects.filter(pk=station_a.village.pk).update(code="430524201201")
    report = build_report(user=supervisor, period=NOVEMBER, county=county)
    townships = report.table("townships")
    assert townships.headers[:2] == [_("Township"), _("Township code")]
    assert {row[0]: row[1] for row in _rows(townships)} == {
        township_a.name: "430524201000",
        township_b.name: "",  # not coded yet
    }
    stations = report.table("stations")
    assert stations.headers[2:4] == [_("Village"), _("Village code")]
    assert {row[2]: row[3] for row in _rows(stations)}["高石村"] == "430524201201"


# The workbook ---------------------------------------------------------------------


def test_the_workbook_holds_every_table_and_the_same_numbers(client, handled, staff_a, township_a):
    client.force_login(staff_a)
    response = fetch(client, _report_url(township_a, "xlsx"), NOV)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = _workbook(response)
    report = build_report(user=staff_a, period=NOVEMBER, township=township_a)
    assert book.sheetnames == [t.title for t in report.tables]
    sheet = book[report.table("summary").title]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(report.summary)
    for (label, number, share, definition), figure in zip(rows, report.summary, strict=True):
        assert label == figure.label and definition == figure.definition
        value = share if figure.kind == "percent" else number
        if figure.value is None:
            assert value is None
        else:
            # Numbers are numeric cells, not text.
            assert isinstance(value, (int, float)), (label, value)
            assert value == pytest.approx(float(figure.value)), label
    percent_cells = [row[2] for row in sheet.iter_rows(min_row=2) if row[2].value is not None]
    assert percent_cells and all(c.number_format == "0.0%" for c in percent_cells)


def test_the_workbook_neutralises_formulas(client, handled, staff_a, township_a):
    client.force_login(staff_a)
    book = _workbook(fetch(client, _report_url(township_a, "xlsx"), NOV))
    texts = [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows(min_row=2, values_only=True)
        for cell in row
        if isinstance(cell, str)
    ]
    assert "'" + FORMULA in texts and "'=1+2 修路" in texts
    assert "'+政策宣讲" in texts and "'@修机耕路" in texts
    assert not any(t.startswith(("=", "+", "-", "@")) for t in texts)


def test_the_workbook_is_logged(client, handled, staff_a, township_a):
    client.force_login(staff_a)
    fetch(client, _report_url(township_a, "xlsx"), NOV)
    entry = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert entry.user == staff_a and entry.what.endswith(".xlsx") and entry.rows > 0
    assert entry.filters == {"month": "2026-11"}


# The CSVs -------------------------------------------------------------------------


def test_each_table_is_a_csv_with_a_bom_and_the_same_numbers(client, handled, staff_a, township_a):
    client.force_login(staff_a)
    report = build_report(user=staff_a, period=NOVEMBER, township=township_a)
    for key in table_keys(county=False):
        response = fetch(client, _report_url(township_a, "csv"), {**NOV, "table": key})
        assert response.status_code == 200, key
        lines = _csv(response)
        assert lines[0] == report.table(key).headers
    summary = _csv(fetch(client, _report_url(township_a, "csv"), {**NOV, "table": "summary"}))
    by_label = {row[0]: row for row in summary[1:]}
    for figure in report.summary:
        number, share = by_label[figure.label][1:3]
        written = share if figure.kind == "percent" else number
        if figure.value is None:
            assert written == ""
        else:
            assert Decimal(written) == pytest.approx(Decimal(str(figure.value)))


def test_a_table_built_alone_is_the_whole_report_s(
    handled, staff_a, supervisor, county, township_a, station_b
):
    """A CSV builds its one table (``build_report(only=…)``): the same headers and rows
    as in the workbook's report, for every table of a township's and a county's."""
    for user, place, is_county in (
        (staff_a, {"township": township_a}, False),
        (supervisor, {"county": county}, True),
    ):
        whole = build_report(user=user, period=NOVEMBER, **place)
        for key in table_keys(county=is_county):
            alone = build_report(user=user, period=NOVEMBER, only=key, **place)
            assert [t.key for t in alone.tables] == [key]
            table = alone.table(key)
            assert table.headers == whole.table(key).headers, key
            assert [list(row) for row in table.rows] == [
                list(row) for row in whole.table(key).rows
            ], key
            assert alone.title == whole.title


def test_a_table_s_csv_reads_only_what_it_is_made_of(client, handled, supervisor, county):
    """The concerns' CSV reads no member figures, no shortfalls and no supervision
    page: a handful of queries where the whole county report runs about sixty."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(supervisor)
    url = _report_url(county, "csv", "county")
    with CaptureQueriesContext(connection) as whole:
        build_report(user=supervisor, period=NOVEMBER, county=county)
    with CaptureQueriesContext(connection) as concerns:
        response = client.get(url, {**NOV, "table": "concerns"})
        assert response.status_code == 200
        assert "=1+2 修路" in b"".join(response.streaming_content).decode("utf-8-sig")
    assert len(concerns) < len(whole) / 2
    assert not [q for q in concerns if "stations_pairing" in q["sql"]]


def test_the_summary_s_csv_reads_the_totals_without_the_page(
    handled, staff_a, supervisor, county, township_a
):
    """The summary is the place's totals: alone (its CSV) it reads neither the places'
    rows nor the charts of the supervision page, only what the totals are made of."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from visits.supervision import pages

    chart = '"visits_visitmonth"."month" AS "month"'  # the twelve months' chart
    for user, place in ((supervisor, {"county": county}), (staff_a, {"township": township_a})):
        with CaptureQueriesContext(connection) as summary:
            build_report(user=user, period=NOVEMBER, only="summary", **place)
        with CaptureQueriesContext(connection) as page:
            if "county" in place:
                townships = Township.objects.visible_to(user).in_place(county=county)
                pages.county_page(county, period=NOVEMBER, user=user, townships=townships)
            else:
                stations = WorkStation.objects.visible_to(user).in_place(township=township_a)
                pages.township_page(township_a, period=NOVEMBER, user=user, stations=stations)
        assert [q for q in page if chart in q["sql"]], "the page draws the chart"
        assert not [q for q in summary if chart in q["sql"]], place
        # Its pairings are summed in SQL: one table asks nothing twice, nothing is kept.
        assert [q for q in summary if "WITH pairings AS MATERIALIZED" in q["sql"]], place
        # Nor the members never spot-checked, by name: the pages list them, not the summary.
        unranked = 'ORDER BY "cadres_cadre"."name"'
        assert not [q for q in summary if unranked in q["sql"]], place
        assert len(summary) < len(page), place


def test_an_unknown_table_or_format_is_a_404(client, staff_a, supervisor, county, township_a):
    client.force_login(staff_a)
    for query in ({"table": "nope"}, {"table": "townships"}):
        assert fetch(client, _report_url(township_a, "csv"), {**NOV, **query}).status_code == 404
    assert fetch(client, _report_url(township_a, "docx"), NOV).status_code == 404
    client.force_login(supervisor)
    url = _report_url(county, "csv", "county")
    assert client.get(url, {**NOV, "table": "townships"}).status_code == 200


def test_phones_are_masked_for_everyone(client, handled, staff_a, supervisor, county, township_a):
    """The report is printed and passed up: full numbers stay in the (logged) register."""

    def phones(user, url):
        client.force_login(user)
        rows = _csv(client.get(url, {**NOV, "table": "concerns"}))
        column = rows[0].index(_("Phone"))
        return {row[column] for row in rows[1:]}

    for user, url in (
        (staff_a, _report_url(township_a, "csv")),
        (supervisor, _report_url(county, "csv", "county")),
    ):
        seen = phones(user, url)
        assert "139****1234" in seen and "13907391234" not in seen
    # A number written into the text is starred out too.
    text = b"".join(client.get(url, {**NOV, "table": "concerns"}).streaming_content)
    assert "已回电 ***".encode() in text and b"13907391234" not in text


# Who may download which report ----------------------------------------------------


def test_township_staff_get_their_own_township_only(
    client, staff_a, county, township_a, township_b
):
    client.force_login(staff_a)
    assert fetch(client, _report_url(township_a, "xlsx"), NOV).status_code == 200
    assert fetch(client, _report_url(township_b, "xlsx"), NOV).status_code == 404
    # The county's report is the supervisor's, as the county page is.
    assert fetch(client, _report_url(county, "xlsx", "county"), NOV).status_code == 403


def test_a_supervisor_gets_their_county_only(
    client, supervisor, other_supervisor, county, township_a, township_b
):
    client.force_login(supervisor)
    for url in (
        _report_url(county, "xlsx", "county"),
        _report_url(township_a, "xlsx"),
        _report_url(township_b, "csv"),
    ):
        assert fetch(client, url, NOV).status_code == 200, url
    client.force_login(other_supervisor)
    assert fetch(client, _report_url(county, "xlsx", "county"), NOV).status_code == 404
    assert fetch(client, _report_url(township_a, "xlsx"), NOV).status_code == 404


def test_cadres_and_strangers_get_no_report(client, cadre_user, county, township_a):
    assert fetch(client, _report_url(township_a, "xlsx"), NOV).status_code == 302
    client.force_login(cadre_user)
    assert fetch(client, _report_url(township_a, "xlsx"), NOV).status_code == 403
    assert fetch(client, _report_url(county, "xlsx", "county"), NOV).status_code == 403


def test_the_report_only_reads(client, staff_a, township_a):
    client.force_login(staff_a)
    assert client.post(_report_url(township_a, "xlsx"), NOV).status_code == 405


@pytest.mark.parametrize("query", [{"month": "2026-13"}, {"start": "2026-11-01"}])
def test_a_bad_period_gives_the_page_and_its_message(
    client, staff_a, supervisor, county, township_a, query
):
    for user, url in (
        (staff_a, _report_url(township_a, "xlsx")),
        (supervisor, _report_url(county, "csv", "county")),
    ):
        client.force_login(user)
        response = client.get(url, query)
        assert response.status_code == 400
        assert response.context["period_form"].errors
        assert "totals" not in response.context
        assert not AccessLog.objects.exists()


def test_the_supervision_pages_link_to_the_report(client, supervisor, county, township_a):
    client.force_login(supervisor)
    page = client.get(reverse("supervision:supervision_county", args=[county.pk]), NOV).text
    assert f'href="{_report_url(county, "xlsx", "county")}?month=2026-11"' in page
    assert f'href="{_report_url(county, "pdf", "county")}?month=2026-11"' in page
    assert f"{_report_url(county, 'csv', 'county')}?month=2026-11&amp;table=townships" in page
    page = client.get(reverse("supervision:supervision_township", args=[township_a.pk]), NOV).text
    assert f'href="{_report_url(township_a, "xlsx")}?month=2026-11"' in page
    assert "table=townships" not in page


# Query budgets ----------------------------------------------------------------------


def _grow(township, wang, size):
    """``size`` more stations, each with a member, a household, a card, a duty day, a
    visit, a concern, a meeting and a deed in November."""
    for _n in range(size):
        station = f.StationFactory(village=f.VillageFactory(township=township))
        member = f.CadreFactory(township=township)
        f.AssignmentFactory(cadre=member, station=station)
        household = f.HouseholdFactory(village=station.village)
        f.PairingFactory(cadre=member, household=household)
        f.ContactCardFactory(household=household, station=station)
        f.DutyDayFactory(station=station, date=datetime.date(2026, 11, 3), cadre=member)
        f.VisitFactory(station=station, author=member, household=household, occurred_at=at(11, 4))
        ConcernFactory(station=station, household=household, raised_at=at(11, 5), major_event=True)
        meeting = Meeting.objects.create(
            station=station, kind=Meeting.Kind.NIGHT_TALK, held_at=at(11, 6), topics="夜谈"
        )
        meeting.attendees.set([member, wang])
        deed = Deed.objects.create(
            station=station, what="修路", category=Deed.Category.ROAD, done_on=at(11, 7).date()
        )
        deed.cadres.set([member])


# Claiming the task, the job's progress and state, storing the file.
WORKER_QUERIES = 15


@pytest.mark.parametrize(
    ("kind", "fmt", "budget"),
    # +5 each since the shortfalls say for how long (last duty day, log, village day, paired
    # contact; missed duty dates); +2: a finished month whose card rollups are not written
    # yet asks them first, then the households (per row and in total)
    [("township", "xlsx", 67), ("county", "xlsx", 72), ("township", "csv", 62)],
)
def test_the_report_costs_the_same_queries_at_any_size(
    client,
    handled,
    supervisor,
    county,
    township_a,
    november,
    kind,
    fmt,
    budget,
    django_assert_max_num_queries,
):
    client.force_login(supervisor)
    place = county if kind == "county" else township_a
    query = {**NOV, "table": "meetings"} if fmt == "csv" else NOV
    url = _report_url(place, fmt, kind)
    run_worker()  # the worker's own first-time rows (its heartbeat) out of the count
    for size in (1, 15):
        _grow(township_a, november.wang, size)
        if fmt == "csv":
            with django_assert_max_num_queries(budget):
                response = client.get(url, query)
                b"".join(response.streaming_content)
            assert response.status_code == 200
            continue
        # The workbook: asking, the worker's build (the report's queries and the
        # worker's own), the download; each bounded whatever the size.
        with django_assert_max_num_queries(12):
            asked = client.get(url, {**query, "again": "1"})
        with django_assert_max_num_queries(budget + WORKER_QUERIES):
            run_worker()
        with django_assert_max_num_queries(10):
            response = client.get(f"{asked.url}file")
            b"".join(response.streaming_content)
        assert response.status_code == 200
