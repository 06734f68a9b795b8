"""A published round's pages read its stored rows a page at a time: a city's round ranks
6,120 stations and 135 units, which made the public page 2.9 MB of one table. The page
shows the best ranked of each kind and lists a kind whole, a page at a time; the public
page names no one and offers no workbook. The rows shown are those published, in their
order (the round of ``tests/test_assessment.py``, with a third station)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stations.models import AssessmentRound
from tests import factories as f
from tests import test_assessment
from tests.supervision_helpers import AFTER, freeze, november  # noqa: F401
from visits.assessment.frozen import freeze as freeze_results
from visits.assessment.results import round_results
from visits.views import assessment as assessment_views

pytestmark = pytest.mark.django_db
world = test_assessment.world


@pytest.fixture(autouse=True)
def _december(monkeypatch):
    freeze(monkeypatch)


@pytest.fixture
def published(world, township_a, monkeypatch):
    """The round published with three stations and two units; the best one of each
    shown, two rows a page of a kind's whole list."""
    monkeypatch.setattr(assessment_views, "SHOWN", 1)
    monkeypatch.setattr(assessment_views, "LISTED_PER_PAGE", 2)
    assessment, *_rest = world
    f.StationFactory(village=f.VillageFactory(township=township_a, name="新村"))
    freeze_results(assessment, today=AFTER)
    AssessmentRound.objects.filter(pk=assessment.pk).update(published=True)
    assessment.refresh_from_db()
    return assessment


def _rows(page, kind):
    [table] = [t for t in page.context["tables"] if t["kind"] == kind]
    return [(r.rank, r.name, r.total) for r in table["rows"]]


def _ranked(assessment, kind):
    return [(r.rank, r.name, r.total) for r in round_results(assessment, today=AFTER)[kind]]


def test_the_public_page_shows_the_best_ranked_and_each_list_a_page_at_a_time(client, published):
    stations, units = _ranked(published, "station"), _ranked(published, "unit")
    assert len(stations) == 3 and len(units) == 2
    url = published.get_public_url()

    page = client.get(url)
    assert [t["kind"] for t in page.context["tables"]] == ["station", "unit"]
    assert re.findall(r"<h2>(.*?)</h2>", page.text) == ["工作站", "派驻单位"]
    assert re.findall(r"<th>(.*?)</th>", page.text) == ["工作站", "部门"]
    assert _rows(page, "station") == stations[:1] and _rows(page, "unit") == units[:1]
    assert "共 3 个，此处列出排名前 1 的" in page.text and "?list=station" in page.text
    assert "共 2 个，此处列出排名前 1 的" in page.text and "?list=unit" in page.text
    assert "Excel" not in page.text  # the workbook is the round's own page's
    assert "罗书记" not in page.text and "台账规范" not in page.text  # names no one

    first = client.get(url, {"list": "station"})
    assert [t["kind"] for t in first.context["tables"]] == ["station"]
    assert _rows(first, "station") == stations[:2] and "page=2" in first.text
    second = client.get(url, {"list": "station", "page": 2})
    assert _rows(second, "station") == stations[2:]
    whole_units = client.get(url, {"list": "unit"})
    assert [t["kind"] for t in whole_units.context["tables"]] == ["unit"]
    assert _rows(whole_units, "unit") == units and "page=2" not in whole_units.text
    # First secretaries are not listed on the public page, whatever is asked.
    cadres = client.get(url, {"list": "cadre"})
    assert [t["kind"] for t in cadres.context["tables"]] == ["station", "unit"]
    assert "罗书记" not in cadres.text
    out_of_range = client.get(url, {"list": "station", "page": 99})
    assert out_of_range.status_code == 200 and _rows(out_of_range, "station") == stations[2:]


def test_the_public_page_opens_by_its_own_key_only(client, published):
    other = AssessmentRound.objects.create(
        county=published.county, title="另一轮", start=published.start, end=published.end
    )
    assert client.get(published.get_public_url()).status_code == 200
    for key in ("x" * 12, other.public_key):  # no round's, and a round not published
        url = reverse("assessment:round_public", args=[key])
        assert client.get(url).status_code == 404


def test_a_published_rounds_pages_read_a_page_of_its_stored_rows(client, published, supervisor):
    """A page of the stored rows, not the round's every row: each read of them is limited
    (a count aside), on the round's page and on the public page."""
    client.force_login(supervisor)
    for url, kinds in (
        (published.get_absolute_url(), ["station", "unit", "cadre"]),
        (published.get_public_url(), ["station", "unit"]),
    ):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url)
        assert [t["kind"] for t in page.context["tables"]] == kinds
        assert _rows(page, "station") == _ranked(published, "station")[:1]
        reads = [
            q["sql"]
            for q in queries.captured_queries
            if '"stations_assessmentresult"' in q["sql"] and "COUNT(" not in q["sql"]
        ]
        assert len(reads) == len(kinds)
        limits = [re.search(r"LIMIT (\d+)", sql) for sql in reads]
        assert all(limit and int(limit[1]) <= 1 for limit in limits), reads
