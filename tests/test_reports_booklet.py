"""The monthly booklet (汇编) as a PDF: read back with pdftotext and pdfimages, it holds
the cover, the contents, every summary figure as the report computes it, the charts and
the month's major events with their photos; scoped like the report; bounded queries."""

# Fixtures come from tests.supervision_helpers by import; their use as arguments redefines them.
# ruff: noqa: F811

import io
import re
import subprocess

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from tests import factories as f
from tests.concern_helpers import ConcernFactory
from tests.jobs import fetch, run_worker
from tests.supervision_helpers import NOVEMBER, at, freeze, november  # noqa: F401
from visits.models import Concern, VisitPhoto
from visits.reports import booklet
from visits.reports.booklet import EVENT_PHOTOS, booklet_pdf, column_blocks, summary_value
from visits.reports.booklet_photos import PhotoFetcher
from visits.reports.monthly import build_report

pytestmark = pytest.mark.django_db

NOV = {"month": "2026-11"}
ROAD = "村东头机耕路塌方，三户人家出行困难，户主刘一电话13907391234"
WATER = "白水村饮水管道冻裂，请求乡里协调维修"


@pytest.fixture(autouse=True)
def _december(monkeypatch, settings, tmp_path):
    freeze(monkeypatch)
    settings.MEDIA_ROOT = tmp_path / "media"


def _jpeg(colour):
    out = io.BytesIO()
    Image.new("RGB", (1200, 900), colour).save(out, "JPEG")
    return ContentFile(out.getvalue(), name="photo.jpg")


def _photos(visit, n):
    for colour in ("red", "green", "blue", "yellow", "white")[:n]:
        VisitPhoto.objects.create(visit=visit, image=_jpeg(colour))


def _major_event(station, household, description, *, photos, when, **fields):
    visit = f.VisitFactory(
        station=station,
        household=household,
        occurred_at=when,
        author=f.CadreFactory(township=station.village.township),
    )
    _photos(visit, photos)
    return ConcernFactory(
        station=station,
        household=household,
        raised_in=visit,
        description=description,
        major_event=True,
        raised_at=when,
        **fields,
    )


@pytest.fixture
def events(november, station_a, station_a2, station_b):
    """Two major events of township A in November (one with four photos, one with one),
    one ordinary concern, one major event of township B."""
    road = _major_event(
        station_a,
        november.liu,
        ROAD,
        photos=4,
        when=at(11, 6),
        state=Concern.State.DONE,
        result="已组织村民抢修，路面恢复通行",
    )
    water = _major_event(station_a2, november.chen, WATER, photos=1, when=at(11, 30, 23, 30))
    ConcernFactory(station=station_a, household=november.zhang, raised_at=at(11, 8))
    _major_event(station_b, None, "金石村山体滑坡", photos=1, when=at(11, 9))
    return road, water


def _pdf(client, user, name, pk, query=NOV):
    client.force_login(user)
    return fetch(client, reverse(name, args=[pk, "pdf"]), query)


def _text(pdf, tmp_path):
    path = tmp_path / "booklet.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _images(pdf, tmp_path):
    path = tmp_path / "images.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout
    return [line for line in listing.splitlines()[2:] if line.strip()]


def _lines(text):
    """The PDF's lines with every space removed: a table row reads "label value"."""
    return ["".join(line.split()) for line in text.splitlines()]


def test_the_township_booklet_is_an_a4_pdf_download(client, staff_a, township_a, events, tmp_path):
    response = _pdf(client, staff_a, "supervision:report_township", township_a.pk)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response.content.startswith(b"%PDF")
    path = tmp_path / "booklet.pdf"
    path.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert re.search(r"Page size:\s+595\.\d* x 841\.\d* pts \(A4\)", info)


def test_the_booklet_holds_cover_contents_and_every_summary_figure(
    client, staff_a, township_a, events, tmp_path
):
    response = _pdf(client, staff_a, "supervision:report_township", township_a.pk)
    text = _text(response.content, tmp_path)
    report = build_report(user=staff_a, period=NOVEMBER, township=township_a)
    pages = text.split("\f")
    # The cover: title, place, period.
    assert report.title in pages[0] and township_a.name in pages[0]
    # The contents, on its own page, name every part with the page it starts on.
    contents = _lines(pages[1])
    for table in report.tables:
        if table.key not in ("summary", "major_events", "definitions"):
            assert any(re.fullmatch(rf"{re.escape(table.title)}\.*\d+", ln) for ln in contents)
    numbered = [int(m[1]) for ln in contents if (m := re.search(r"\.(\d+)$", ln))]
    assert numbered == sorted(numbered) and numbered[0] >= 3
    # Every summary figure, formatted as the supervision pages format it.
    lines = _lines(text)
    for label, value, _definition in report.summary:
        expected = "".join(f"{label}{summary_value(value)}".split())
        assert any(expected in line for line in lines), (label, value)


def test_summary_figures_match_the_supervision_page(client, staff_a, township_a, events, tmp_path):
    client.force_login(staff_a)
    page = client.get(reverse("supervision:supervision_township", args=[township_a.pk]), NOV)
    totals = page.context["totals"]
    text = "".join(
        _text(
            _pdf(client, staff_a, "supervision:report_township", township_a.pk).content, tmp_path
        ).split()
    )
    report = build_report(user=staff_a, period=NOVEMBER, township=township_a)
    values = [value for _label, value, _definition in report.summary]
    # November's six visits (the 23:30 one on the 30th included) and the two the major
    # events were raised in.
    assert totals["visits"] == 8 and values[0] == 8
    assert totals["concerns"]["raised"] == 3
    for label, value, _definition in report.summary:
        assert "".join(f"{label}{summary_value(value)}".split()) in text


def test_the_major_events_are_printed_with_their_handling_and_photos(
    client, staff_a, township_a, events, tmp_path
):
    response = _pdf(client, staff_a, "supervision:report_township", township_a.pk)
    text = "".join(_text(response.content, tmp_path).split())
    assert "白水村饮水管道冻裂" in text
    assert "已组织村民抢修，路面恢复通行" in text
    # Paper leaves the system: no phone number, in a column or in the free text.
    assert "13907391234" not in text and "户主刘一电话***" in text
    assert "金石村山体滑坡" not in text  # township B's event
    # At most three photos of an event: 3 + 1.
    assert len(_images(response.content, tmp_path)) == EVENT_PHOTOS + 1


def test_the_charts_are_drawn_in_the_booklet(client, staff_a, township_a, events, tmp_path):
    report = build_report(user=staff_a, period=NOVEMBER, township=township_a)
    text = "".join(_text(booklet_pdf(report), tmp_path).split())
    assert report.charts
    for chart in report.charts:
        assert "".join(chart.title.split()) in text
        for bar in chart.bars:
            assert "".join(bar.text.split()) in text


def test_the_county_booklet_covers_every_township(
    client, supervisor, county, township_a, township_b, events, tmp_path
):
    response = _pdf(client, supervisor, "supervision:report_county", county.pk)
    assert response.status_code == 200
    text = "".join(_text(response.content, tmp_path).split())
    assert county.name in text and township_a.name in text and township_b.name in text
    assert "金石村山体滑坡" in text and "白水村饮水管道冻裂" in text


def test_another_townships_staff_get_not_found(
    client, staff_b, other_supervisor, county, township_a, events
):
    assert _pdf(client, staff_b, "supervision:report_township", township_a.pk).status_code == 404
    assert (
        _pdf(client, other_supervisor, "supervision:report_township", township_a.pk).status_code
        == 404
    )
    assert _pdf(client, other_supervisor, "supervision:report_county", county.pk).status_code == 404


def test_township_staff_and_cadres_do_not_get_the_county_booklet(
    client, staff_a, cadre_user, county, township_a
):
    assert _pdf(client, staff_a, "supervision:report_county", county.pk).status_code in (403, 404)
    assert _pdf(client, cadre_user, "supervision:report_township", township_a.pk).status_code == 403


def test_a_bad_period_is_refused_with_a_message(client, staff_a, township_a):
    response = _pdf(
        client, staff_a, "supervision:report_township", township_a.pk, {"month": "2026-13"}
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_a_photo_missing_from_storage_leaves_the_booklet_whole(
    client, staff_a, township_a, events, tmp_path
):
    road, _water = events
    for photo in road.raised_in.photos.all():
        photo.image.storage.delete(photo.image.name)
    response = _pdf(client, staff_a, "supervision:report_township", township_a.pk)
    assert response.status_code == 200
    assert len(_images(response.content, tmp_path)) == 1


def test_the_booklet_fetches_nothing_but_its_own_photos():
    fetcher = PhotoFetcher()
    for url in ("file:///etc/passwd", "http://example.com/x.png", "photo:0", "photo:x"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_a_wide_table_is_printed_in_blocks_that_repeat_its_naming_columns():
    kinds = ["text", "text", "text"] + ["int"] * 26
    blocks = column_blocks(kinds)
    assert all(block[:3] == [0, 1, 2] for block in blocks)
    assert all(len(block) <= booklet.BLOCK_COLUMNS for block in blocks)
    assert sorted({i for block in blocks for i in block}) == list(range(29))
    assert column_blocks(["date", "int", "text"]) == [[0, 1, 2]]


def test_a_long_table_prints_its_first_rows_and_says_so(
    monkeypatch, staff_a, township_a, events, tmp_path
):
    monkeypatch.setattr(booklet, "BOOKLET_ROWS", 1)
    report = build_report(user=staff_a, period=NOVEMBER, township=township_a)
    stations = booklet.booklet_table(report.table("stations"))
    assert (stations["shown"], stations["total"], stations["cut"]) == (1, 2, True)
    assert all(len(block["rows"]) == 1 for block in stations["blocks"])


def _grow(township, size):
    """``size`` more stations, each with a visit and a major event with three photos."""
    for _ in range(size):
        station = f.StationFactory(village=f.VillageFactory(township=township))
        household = f.HouseholdFactory(village=station.village)
        _major_event(station, household, "道路维修", photos=3, when=at(11, 12))


def test_the_booklet_costs_the_same_queries_at_any_size(
    client, staff_a, township_a, events, django_assert_max_num_queries
):
    client.force_login(staff_a)
    url = reverse("supervision:report_township", args=[township_a.pk, "pdf"])
    counts = []
    run_worker()  # the worker's own first-time rows (its heartbeat) out of the count
    for size in (1, 6):
        _grow(township_a, size)
        # Asking costs a few queries; the worker's build is what grows with the data.
        with django_assert_max_num_queries(12):
            assert client.get(url, {**NOV, "again": "1"}).status_code == 302
        # 82: +2 as a finished month whose card rollups are not written yet asks them
        # first, then the households (per row and in total).
        with django_assert_max_num_queries(82) as captured:
            run_worker()
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
