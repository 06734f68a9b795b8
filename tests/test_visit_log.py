"""Logging a visit on the phone: what is saved, what is refused, and that nothing is saved twice."""

import datetime
import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tests import factories as f
from tests import photo_files
from visits.models import Visit, VisitPhoto

pytestmark = pytest.mark.django_db


@pytest.fixture
def paired(cadre_user, station_a):
    household = f.HouseholdFactory(village=station_a.village, head_name="张三")
    f.PairingFactory(cadre=cadre_user.cadre, household=household)
    return household


@pytest.fixture
def phone(client, cadre_user):
    client.force_login(cadre_user)
    return client


def _form(**overrides):
    data = {
        "token": str(uuid.uuid4()),
        "kind": "home",
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "seen": "老两口身体尚好，房屋漏雨",
        "asked": "希望帮助申请危房改造",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _jpeg(size=(2400, 1800), exif=True):
    image = Image.new("RGB", size, (120, 160, 90))
    out = io.BytesIO()
    kwargs = {}
    if exif:
        info = Image.Exif()
        info[0x010F] = "PhoneMaker"  # Make
        info[0x0110] = "Model X"  # Model
        kwargs["exif"] = info.tobytes()
    image.save(out, format="JPEG", **kwargs)
    return SimpleUploadedFile("IMG_0001.jpg", out.getvalue(), content_type="image/jpeg")


def test_the_form_opens_with_the_household_chosen(phone, paired):
    response = phone.get(reverse("visits:visit_new"), {"household": paired.pk})
    assert response.status_code == 200
    assert f'value="{paired.pk}" checked' in response.text
    assert 'name="token"' in response.text


def test_a_home_visit_is_saved_with_companions_and_station(
    phone, cadre_user, chief_user, paired, station_a
):
    data = _form(household=paired.pk, station=station_a.pk, companions=[chief_user.cadre.pk])
    data.update(follow_up="on", ate_together="on")
    response = phone.post(reverse("visits:visit_new"), data)
    visit = Visit.objects.get()
    assert response.status_code == 302
    assert response.url.startswith(visit.get_absolute_url())
    assert visit.author == cadre_user.cadre
    assert visit.household == paired
    assert visit.station == station_a
    assert visit.village == station_a.village
    assert list(visit.companions.all()) == [chief_user.cadre]
    assert visit.follow_up and visit.ate_together and not visit.worked_together
    assert visit.follow_up_owner == cadre_user.cadre
    assert visit.latitude is None  # location is off unless the cadre adds it


def test_the_same_form_sent_twice_makes_one_visit(phone, paired, station_a):
    data = _form(household=paired.pk, station=station_a.pk)
    first = phone.post(reverse("visits:visit_new"), data)
    second = phone.post(reverse("visits:visit_new"), data)
    assert Visit.objects.count() == 1
    assert first.url == second.url


def test_a_meeting_needs_no_household(phone, station_a):
    phone.post(reverse("visits:visit_new"), _form(kind="meeting", station=station_a.pk))
    visit = Visit.objects.get()
    assert visit.household is None
    assert visit.kind == "meeting"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"household": None}, "请选择走访的农户"),
        ({"seen": "", "asked": ""}, "请填写所见情况或群众诉求"),
        ({"seen": "字" * 10_000}, "2000 字以内"),
        ({"occurred_at": "2099-01-01T09:00"}, "不能晚于现在"),
        ({"occurred_at": "2020-01-01T09:00"}, "天以内"),
        ({"occurred_at": "昨天下午"}, "有效的日期"),
        ({"kind": "reception"}, "有效的选项"),
        ({"token": "not-a-token"}, "UUID"),
        ({"latitude": "28.1"}, "位置信息不完整"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_nothing_is_saved(
    phone, paired, station_a, change, message
):
    data = _form(household=paired.pk, station=station_a.pk)
    data.update(change)
    data = {k: v for k, v in data.items() if v is not None}
    response = phone.post(reverse("visits:visit_new"), data)
    assert response.status_code == 400
    assert message in response.text
    assert Visit.objects.count() == 0


def test_emoji_and_chinese_punctuation_are_kept(phone, paired, station_a):
    text = "群众很满意👍，说“干部真来了”！"
    phone.post(
        reverse("visits:visit_new"), _form(household=paired.pk, station=station_a.pk, seen=text)
    )
    assert Visit.objects.get().seen == text


def test_a_household_of_another_township_is_refused(phone, station_a, station_b):
    elsewhere = f.HouseholdFactory(village=station_b.village)
    response = phone.post(
        reverse("visits:visit_new"), _form(household=elsewhere.pk, station=station_a.pk)
    )
    assert response.status_code == 400
    assert "有效的选项" in response.text
    assert Visit.objects.count() == 0


def test_a_forged_station_is_refused(phone, paired, station_a2):
    response = phone.post(
        reverse("visits:visit_new"), _form(kind="meeting", household=None, station=station_a2.pk)
    )
    assert response.status_code == 400
    assert Visit.objects.count() == 0


def test_a_companion_from_another_station_is_refused(phone, paired, station_a, station_b):
    outsider = f.CadreFactory(township=station_b.village.township)
    f.AssignmentFactory(cadre=outsider, station=station_b)
    response = phone.post(
        reverse("visits:visit_new"),
        _form(household=paired.pk, station=station_a.pk, companions=[outsider.pk]),
    )
    assert response.status_code == 400
    assert Visit.objects.count() == 0


def test_photos_are_reencoded_shrunk_and_stripped(phone, paired, station_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = _form(household=paired.pk, station=station_a.pk)
    data["photos"] = [_jpeg(), _jpeg(size=(800, 600), exif=False)]
    phone.post(reverse("visits:visit_new"), data)
    photos = list(VisitPhoto.objects.all())
    assert len(photos) == 2
    with Image.open(photos[0].image.path) as stored:
        assert stored.format == "JPEG"
        assert max(stored.size) == settings.VISIT_PHOTO_MAX_SIDE
        assert not stored.getexif()
    assert "IMG_0001" not in photos[0].image.name  # the phone's file name is not kept


def test_photos_straight_from_phone_cameras_are_kept_however_many_megapixels(
    phone, paired, station_a, settings, tmp_path
):
    # A camera's JPEG is decoded at 1/2, 1/4 or 1/8 scale: 12 or 50 million pixels
    # cost the memory of about 3 million.
    settings.MEDIA_ROOT = tmp_path
    data = _form(household=paired.pk, station=station_a.pk)
    sizes = [(4032, 3024), (8160, 6144), (3024, 3024)]
    data["photos"] = [
        SimpleUploadedFile(f"IMG_{n}.jpg", photo_files.jpeg(size), content_type="image/jpeg")
        for n, size in enumerate(sizes)
    ]
    response = phone.post(reverse("visits:visit_new"), data)
    assert response.status_code == 302
    stored = []
    for photo in VisitPhoto.objects.order_by("pk"):
        with Image.open(photo.image.path) as image:
            stored.append(image.size)
    # The square one is decoded at half scale too, to stay under VISIT_PHOTO_MAX_PIXELS.
    assert stored == [(1600, 1200), (1600, 1205), (1512, 1512)]


def test_a_photo_taken_sideways_is_stored_upright(phone, paired, station_a, settings, tmp_path):
    # Decoded at half scale and shrunk first, turned after: the EXIF that says how is gone.
    settings.MEDIA_ROOT = tmp_path
    image = Image.new("RGB", (4000, 3000), "red")
    image.paste("blue", (2000, 0, 4000, 3000))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: turn 90° clockwise to view
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    data = _form(household=paired.pk, station=station_a.pk)
    data["photos"] = [SimpleUploadedFile("IMG_0002.jpg", out.getvalue())]
    phone.post(reverse("visits:visit_new"), data)
    with Image.open(VisitPhoto.objects.get().image.path) as stored:
        assert stored.size == (1200, 1600)
        top, bottom = stored.getpixel((600, 100)), stored.getpixel((600, 1500))
        assert not stored.getexif()
    assert top[0] > 200 and top[2] < 60  # red, the left of the sensor, on top
    assert bottom[2] > 200 and bottom[0] < 60


def test_a_photo_with_too_many_pixels_is_refused_in_chinese_naming_it(
    phone, paired, station_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    data = _form(household=paired.pk, station=station_a.pk)
    data["photos"] = [
        _jpeg((50, 50)),
        SimpleUploadedFile("长截图.png", photo_files.png((1080, 9000)), content_type="image/png"),
    ]
    response = phone.post(reverse("visits:visit_new"), data)
    assert response.status_code == 400
    limit = f"{settings.VISIT_PHOTO_MAX_PIXELS:,}"
    assert (
        f"照片 长截图.png 像素过多（每张最多 {limit} 像素），请发送缩小后的照片。" in response.text
    )
    assert Visit.objects.count() == 0
    assert not any(tmp_path.rglob("*.jpg"))


def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_saved(
    phone, paired, station_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    data = _form(household=paired.pk, station=station_a.pk)
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    data["photos"] = [_jpeg(), fake]
    response = phone.post(reverse("visits:visit_new"), data)
    assert response.status_code == 400
    assert "不是照片" in response.text
    assert Visit.objects.count() == 0
    assert VisitPhoto.objects.count() == 0
    assert not any(tmp_path.rglob("*.jpg"))


def test_too_many_photos_are_refused(phone, paired, station_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.VISIT_PHOTO_MAX_COUNT = 2
    data = _form(household=paired.pk, station=station_a.pk)
    data["photos"] = [_jpeg((50, 50)), _jpeg((50, 50)), _jpeg((50, 50))]
    response = phone.post(reverse("visits:visit_new"), data)
    assert response.status_code == 400
    assert "最多 2 张" in response.text
    assert Visit.objects.count() == 0


def test_the_location_is_saved_only_when_given(phone, paired, station_a):
    data = _form(household=paired.pk, station=station_a.pk, latitude="27.123456", longitude="111.1")
    phone.post(reverse("visits:visit_new"), data)
    visit = Visit.objects.get()
    assert str(visit.latitude) == "27.123456"


def test_household_search_finds_by_pinyin_initials_within_my_villages(
    phone, paired, station_a, station_b
):
    f.HouseholdFactory(village=station_b.village, head_name="张森")  # another township
    f.HouseholdFactory(village=station_a.village, head_name="李四")
    response = phone.get(reverse("visits:household_search"), {"q": "zs"})
    assert response.status_code == 200
    assert "张三" in response.text
    assert "张森" not in response.text
    assert "李四" not in response.text


def test_search_without_javascript_keeps_what_was_typed(phone, paired):
    response = phone.get(reverse("visits:visit_new"), {"q": "zs", "seen": "门前道路积水"})
    assert "张三" in response.text
    assert "门前道路积水" in response.text


def test_pages_for_cadres_only(client, staff_a, supervisor):
    for user in (staff_a, supervisor):
        client.force_login(user)
        for name in (
            "visits:visit_new",
            "visits:reception_new",
            "visits:my_history",
            "visits:today",
            "visits:household_search",
        ):
            assert client.get(reverse(name)).status_code == 403


def test_anonymous_users_are_sent_to_login(client):
    for name in (
        "visits:visit_new",
        "visits:reception_new",
        "visits:my_history",
        "visits:today",
        "visits:household_search",
    ):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_the_visit_form_costs_the_same_queries_at_any_size(
    phone, cadre_user, station_a, django_assert_max_num_queries
):
    for size in (2, 30):
        for _ in range(size):
            household = f.HouseholdFactory(village=station_a.village)
            f.PairingFactory(cadre=cadre_user.cadre, household=household)
            f.AssignmentFactory(station=station_a, cadre__township=station_a.village.township)
        with django_assert_max_num_queries(12):
            assert phone.get(reverse("visits:visit_new"), {"q": "户"}).status_code == 200
        # 21 on PostgreSQL: the station's row held until the visit commits, so its month
        # cannot be submitted meanwhile (``stations.materials.locks``); the visit's
        # rollup rows, one statement each (its month's count, its household reached,
        # its author's day in a village).
        with django_assert_max_num_queries(21):
            data = _form(household=household.pk, station=station_a.pk)
            assert phone.post(reverse("visits:visit_new"), data).status_code == 302


def test_a_late_visit_can_be_logged_within_the_window(phone, paired, station_a):
    when = timezone.localtime() - datetime.timedelta(days=3)
    data = _form(
        household=paired.pk, station=station_a.pk, occurred_at=when.strftime("%Y-%m-%dT%H:%M")
    )
    assert phone.post(reverse("visits:visit_new"), data).status_code == 302
    assert timezone.localtime(Visit.objects.get().occurred_at).date() == when.date()
