"""Hostile uploads, as real files: zip bombs, formulas, endless sheets, odd encodings, fake photos.

Each is refused with a message naming what is wrong, and nothing is written.
Messages are checked in English (the source text) so that the test holds
whether or not the Chinese catalogue has been compiled yet.
"""

import io
import time
import uuid
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook
from PIL import EpsImagePlugin, Image, ImageFile

from cadres.models import Feedback
from tests import factories as f
from tests import photo_files
from tests.jobs import confirmed
from tests.test_imports import GOOD_HOUSEHOLDS, make_xlsx, run
from villages.imports import service
from villages.models import Household
from visits.models import Visit, VisitPhoto
from visits.photos import reencode
from visits.reports.booklet_photos import shrunk

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def places(station_a, station_a2, station_b):
    """The villages and groups GOOD_HOUSEHOLDS names, as in test_imports."""
    f.VillageGroupFactory(village=station_a.village, name="第一组")
    f.VillageGroupFactory(village=station_a.village, name="第二组")
    return station_a.village


def messages_of(result):
    return [f"{p.row or 0}|{p.column}|{p.message}" for p in result.problems]


# Spreadsheets ------------------------------------------------------------------------------


def test_a_zip_bomb_is_refused_before_it_is_unpacked(
    tmp_path, places, township_a, staff_a, settings
):
    settings.IMPORT_MAX_UNZIPPED_BYTES = 1024 * 1024
    good = make_xlsx(tmp_path, GOOD_HOUSEHOLDS)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            out.writestr(item, source.read(item))
        # Two megabytes of blanks that deflate to a few kilobytes.
        out.writestr("xl/media/padding.bin", b" " * (2 * 1024 * 1024))
    assert bomb.stat().st_size < 50_000

    result = run("households", township_a, bomb, staff_a)

    assert messages_of(result) == [
        "0||This workbook unpacks to more than 1 MB, far more than a register needs. "
        "Copy the rows into a new workbook, or save it as CSV."
    ]
    assert Household.objects.count() == 0


def test_a_workbook_with_too_many_parts_is_refused(tmp_path, places, township_a, staff_a):
    many = tmp_path / "many.xlsx"
    good = make_xlsx(tmp_path, GOOD_HOUSEHOLDS)
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(many, "w") as out:
        for item in source.infolist():
            out.writestr(item, source.read(item))
        for number in range(1001):
            out.writestr(f"xl/media/{number}.bin", b"")

    result = run("households", township_a, many, staff_a)

    assert "unpacks to more than" in result.problems[0].message
    assert Household.objects.count() == 0


def test_a_formula_in_a_workbook_is_refused_naming_its_row_and_column(
    tmp_path, places, township_a, staff_a
):
    rows = [list(row) for row in GOOD_HOUSEHOLDS]
    rows[2][4] = "=1+1"  # 家庭人口 of 李四, row 3
    result = run("households", township_a, make_xlsx(tmp_path, rows), staff_a)

    assert messages_of(result) == [
        "3|家庭人口|This cell holds a formula (=1+1). Formulas are not imported: "
        "copy the column and paste it back as values."
    ]
    assert Household.objects.count() == 0


def test_a_sheet_running_far_below_its_rows_is_refused_without_walking_it(
    tmp_path, places, township_a, staff_a, settings
):
    settings.IMPORT_MAX_ROWS = 10
    book = Workbook()
    sheet = book.active
    for row in GOOD_HOUSEHOLDS:
        sheet.append(row)
    sheet.cell(row=500_000, column=1, value="高石村")  # half a million rows down
    path = tmp_path / "far.xlsx"
    book.save(path)

    result = run("households", township_a, path, staff_a)

    assert messages_of(result) == [
        "0||The file has more than 10 rows: split it into smaller files."
    ]
    assert Household.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("latin.csv", "Village,Head of household\nHill,Zoë Müller\n".encode("latin-1")),
        ("shiftjis.csv", "村,氏名\n高石村,山田\n".encode("shift_jis")),
        ("utf16-no-bom.csv", "村,户主姓名\n高石村,张三\n".encode("utf-16-le")),
        ("binary.csv", bytes(range(256)) * 8),
        ("nul.csv", b"\x00\x00\x00\x00village\x00"),
        ("huge-field.csv", b'"' + b"x" * 200_000 + b'"\n'),
        ("photo.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
        ("report.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
    ],
)
def test_odd_encodings_and_wrong_files_write_nothing(
    tmp_path, places, township_a, staff_a, name, data
):
    path = tmp_path / name
    path.write_bytes(data)

    result = run("households", township_a, path, staff_a)

    assert not result.ok
    assert result.problems and all(p.message for p in result.problems)
    assert Household.objects.count() == 0


def test_a_refused_file_through_the_pages_shows_why_and_writes_nothing(
    client, tmp_path, places, staff_a, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORT_MAX_UNZIPPED_BYTES = 1024 * 1024
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("[Content_Types].xml", b" " * (2 * 1024 * 1024))
    client.force_login(staff_a)
    client.cookies["django_language"] = "en"

    upload = SimpleUploadedFile("bomb.xlsx", bomb.getvalue())
    response = client.post(reverse("villages:import_upload", args=["households"]), {"file": upload})
    assert response.status_code == 302
    preview = client.get(response.url)
    assert "unpacks to more than 1 MB" in preview.content.decode()
    confirm = confirmed(client, response.url + "confirm/")
    assert confirm.status_code == 200
    assert "Nothing was imported from bomb.xlsx" in confirm.content.decode()
    assert "unpacks to more than 1 MB" in confirm.content.decode()
    assert Household.objects.count() == 0


def test_an_upload_over_the_cap_is_refused_by_the_form(client, tmp_path, staff_a, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORT_MAX_BYTES = 1024
    client.force_login(staff_a)
    client.cookies["django_language"] = "en"
    upload = SimpleUploadedFile("big.csv", b"a,b\n" * 1000)

    response = client.post(reverse("villages:import_upload", args=["households"]), {"file": upload})

    assert response.status_code == 200
    assert "larger than" in response.content.decode()
    assert service.max_bytes() == 1024


# Photos ------------------------------------------------------------------------------------


def _upload(data, name="photo.jpg"):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def _image(mode, size, fmt):
    out = io.BytesIO()
    Image.new(mode, size).save(out, format=fmt)
    return out.getvalue()


def test_a_pixel_bomb_is_refused_before_it_is_decoded():
    # 42 million pixels in a PNG of a few kilobytes: past the cap, below Pillow's own error.
    bomb = _image("1", (7000, 6000), "PNG")
    assert len(bomb) < 100_000
    with pytest.raises(ValidationError) as refused:
        reencode(_upload(bomb, "bomb.png"))
    assert "too many pixels" in refused.value.messages[0]


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n",
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        b"GIF89a\x01\x00\x01\x00",  # a header and nothing after it
        b"\xff\xd8\xff\xe0" + b"\x00" * 32,  # a JPEG that stops at once
        b"",
    ],
    ids=["pdf", "svg", "truncated-gif", "truncated-jpeg", "empty"],
)
def test_files_that_only_claim_to_be_photos_are_refused(data):
    with pytest.raises(ValidationError) as refused:
        reencode(_upload(data))
    assert "is not a photo" in refused.value.messages[0]


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_real_photos_in_the_formats_phones_send_become_a_fresh_jpeg(fmt):
    stored = reencode(_upload(_image("RGB", (40, 30), fmt), f"photo.{fmt.lower()}"))
    with Image.open(stored) as image:
        assert image.format == "JPEG"
        assert image.size == (40, 30)
        assert not image.getexif()


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_images_in_formats_phones_do_not_send_are_refused(fmt):
    # Every format Pillow can read is more decoder code facing hostile input:
    # only what a phone's camera or screenshot sends is decoded.
    with pytest.raises(ValidationError) as refused:
        reencode(_upload(_image("RGB", (40, 30), fmt), f"photo.{fmt.lower()}"))
    assert refused.value.messages == [
        f"The file photo.{fmt.lower()} is not a photo (JPEG, PNG or WebP)."
    ]


# PostScript is a program: Pillow hands an EPS file to Ghostscript to draw it.
EPS_DRAWING = """%!PS-Adobe-3.0 EPSF-3.0
%%BoundingBox: 0 0 120 90
0 0 1 setrgbcolor
newpath 10 10 moveto 110 80 lineto 10 80 lineto closepath fill
showpage
%%EOF
"""
EPS_LOOPING = """%!PS-Adobe-3.0 EPSF-3.0
%%BoundingBox: 0 0 120 90
{ } loop
%%EOF
"""


@pytest.fixture
def ghostscript_runs(monkeypatch):
    """Every time Pillow would start Ghostscript (recorded, and refused instead)."""
    runs = []

    def spy(*args, **kwargs):
        runs.append(args)
        raise OSError("Ghostscript must not run on an upload")

    monkeypatch.setattr(EpsImagePlugin, "Ghostscript", spy)
    return runs


def _visit_form(station, photos):
    return {
        "token": str(uuid.uuid4()),
        "kind": "meeting",
        "station": station.pk,
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "seen": "村民代表会议",
        "photos": photos,
    }


@pytest.mark.parametrize("text", [EPS_DRAWING, EPS_LOOPING], ids=["drawing", "looping"])
def test_a_postscript_file_sent_as_a_photo_is_refused_without_running_ghostscript(
    client, cadre_user, station_a, settings, tmp_path, ghostscript_runs, text
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(cadre_user)
    client.cookies["django_language"] = "en"
    eps = SimpleUploadedFile("scan.eps", text.encode(), content_type="image/jpeg")

    start = time.perf_counter()
    response = client.post(reverse("visits:visit_new"), _visit_form(station_a, [eps]))
    seconds = time.perf_counter() - start

    assert response.status_code == 400
    assert "The file scan.eps is not a photo (JPEG, PNG or WebP)." in response.text
    assert ghostscript_runs == []
    assert seconds < 5
    assert Visit.objects.count() == 0
    assert not any(tmp_path.rglob("*"))


def test_a_stored_photo_that_is_postscript_is_left_out_of_the_booklet_without_ghostscript(
    settings, tmp_path, station_a, ghostscript_runs
):
    # Photos from before re-encoding, or put in by hand: the booklet decodes what is on disk.
    settings.MEDIA_ROOT = tmp_path
    visit = f.VisitFactory(station=station_a)
    photo = VisitPhoto.objects.create(
        visit=visit, image=SimpleUploadedFile("photo.jpg", EPS_LOOPING.encode())
    )

    with pytest.raises(OSError):
        shrunk(photo)
    assert ghostscript_runs == []


# Pixels: memory goes by pixels, not bytes -------------------------------------------------


@pytest.fixture
def decoded(monkeypatch):
    """The size of every image Pillow decodes."""
    sizes, load = [], ImageFile.ImageFile.load

    def recorded(image):
        if image.tile:  # pixels still to decode
            sizes.append(image.size)
        return load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", recorded)
    return sizes


@pytest.fixture
def phone(client, cadre_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(cadre_user)
    client.cookies["django_language"] = "en"
    return client


def _pngs(names, size):
    data = photo_files.png(size)
    return [SimpleUploadedFile(name, data, content_type="image/png") for name in names]


def test_six_pixel_bombs_in_one_visit_are_refused_naming_each_before_any_is_decoded(
    phone, station_a, settings, tmp_path, decoded
):
    # Issue 17: six of these took 250 MB; four such visits at once, 1.2 GB more.
    names = [f"bomb-{n}.png" for n in range(1, 7)]
    photos = _pngs(names, (6300, 6300))
    assert photos[0].size < 50_000  # 40 million pixels

    response = phone.post(reverse("visits:visit_new"), _visit_form(station_a, photos))

    assert response.status_code == 400
    limit = f"{settings.VISIT_PHOTO_MAX_PIXELS:,}"
    for name in names:
        assert f"The photo {name} has too many pixels (at most {limit})" in response.text
    assert decoded == []
    assert Visit.objects.count() == 0
    assert not any(tmp_path.rglob("*"))


def test_photos_past_the_cap_of_one_form_are_refused_naming_the_first_past_it(
    phone, station_a, settings, tmp_path, decoded
):
    settings.VISIT_PHOTO_MAX_PIXELS = 1_000_000
    settings.VISIT_PHOTO_MAX_REQUEST_PIXELS = 2_500_000
    photos = _pngs(["yard.png", "roof.png", "kitchen.png", "well.png"], (1000, 1000))

    response = phone.post(reverse("visits:visit_new"), _visit_form(station_a, photos))

    assert response.status_code == 400
    assert (
        "Together the photos have too many pixels: from kitchen.png on they are past the "
        "2,500,000 pixels one form may send." in response.text
    )
    assert "yard.png" not in response.text
    assert decoded == []
    assert Visit.objects.count() == 0
    assert not any(tmp_path.rglob("*"))


def test_a_correction_with_photos_past_the_caps_changes_nothing(
    phone, cadre_user, station_a, settings, tmp_path, decoded
):
    settings.VISIT_PHOTO_MAX_REQUEST_PIXELS = 10_000_000
    visit = f.VisitFactory(station=station_a, author=cadre_user.cadre, seen="原来的记录")
    kept = VisitPhoto.objects.create(
        visit=visit, image=ContentFile(_image("RGB", (40, 30), "JPEG"), "x.jpg")
    )
    data = {
        "household": visit.household_id,
        "kind": visit.kind,
        "occurred_at": timezone.localtime(visit.occurred_at).strftime("%Y-%m-%dT%H:%M"),
        "seen": "改过的记录",
        "remove_photo": [kept.pk],
        "photos": _pngs(["a.png", "b.png"], (3000, 2000)),  # 6 + 6 million pixels
    }

    response = phone.post(reverse("visits:visit_edit", args=[visit.pk]), data)

    assert response.status_code == 400
    assert "from b.png on they are past the 10,000,000 pixels" in response.text
    assert decoded == []
    visit.refresh_from_db()
    assert visit.seen == "原来的记录"
    assert list(visit.photos.all()) == [kept]
    assert [p.name for p in tmp_path.rglob("*.jpg")] == [kept.image.name.rsplit("/", 1)[-1]]


def test_a_jpeg_counts_at_the_scale_its_decoder_holds(decoded):
    # 12 million pixels from a phone's camera: decoded at half scale, 3 million.
    stored = reencode(_upload(photo_files.jpeg((4000, 3000)), "camera.jpg"))
    assert decoded == [(2000, 1500)]
    with Image.open(stored) as image:
        assert image.size == (1600, 1200)


@pytest.mark.parametrize("kind", ["progressive", "split-scans"])
def test_a_jpeg_decoded_only_once_all_its_scans_are_read_counts_at_full_size(
    kind, settings, decoded
):
    # libjpeg keeps every coefficient of such a JPEG at full size, whatever the scale.
    data = (
        photo_files.jpeg((4000, 3000), progressive=True)
        if kind == "progressive"
        else photo_files.split_scan_jpeg(4000, 3000)
    )
    assert len(data) < 1_000_000
    with pytest.raises(ValidationError) as refused:
        reencode(_upload(data, f"{kind}.jpg"))
    assert refused.value.messages == [
        f"The photo {kind}.jpg has too many pixels (at most {settings.VISIT_PHOTO_MAX_PIXELS:,}); "
        "send a smaller copy of it."
    ]
    assert decoded == []


@pytest.mark.parametrize("kind", ["progressive", "split-scans"])
def test_a_small_jpeg_decoded_once_all_its_scans_are_read_is_still_a_photo(kind):
    data = (
        photo_files.jpeg((400, 300), progressive=True)
        if kind == "progressive"
        else photo_files.split_scan_jpeg(400, 300)
    )
    with Image.open(reencode(_upload(data))) as image:
        assert image.size == (400, 300)


# Requests too big to read --------------------------------------------------------------------


def test_a_request_over_the_cap_gets_a_bilingual_page_and_saves_nothing(
    client, cadre_user, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(cadre_user)

    response = client.post(reverse("cadres:feedback_new"), {"text": "意见" * 2000})

    assert response.status_code == 400
    assert "nothing was saved" in response.content.decode()
    assert "没有保存" in response.content.decode()
    assert not Feedback.objects.exists()


def test_more_files_than_any_form_takes_are_refused(client, cadre_user, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    client.force_login(cadre_user)
    photos = [SimpleUploadedFile(f"{n}.jpg", b"x") for n in range(5)]

    response = client.post(reverse("visits:visit_new"), {"photos": photos})

    assert response.status_code == 400
