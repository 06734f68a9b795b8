"""My history, one visit, corrections within the window, and photos behind login."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tests import factories as f
from visits.models import Visit, VisitPhoto

pytestmark = pytest.mark.django_db


@pytest.fixture
def phone(client, cadre_user):
    client.force_login(cadre_user)
    return client


@pytest.fixture
def my_visit(cadre_user, station_a):
    household = f.HouseholdFactory(village=station_a.village, head_name="张三")
    return f.VisitFactory(station=station_a, author=cadre_user.cadre, household=household)


def _photo(visit, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = io.BytesIO()
    Image.new("RGB", (40, 30)).save(out, format="JPEG")
    return VisitPhoto.objects.create(visit=visit, image=ContentFile(out.getvalue(), "x.jpg"))


def test_history_lists_only_my_visits_newest_first_and_pages_through(
    phone, cadre_user, chief_user, station_a
):
    me = cadre_user.cadre
    start = timezone.now() - datetime.timedelta(days=50)
    mine = [
        f.VisitFactory(
            station=station_a,
            author=me,
            household=None,
            seen=f"第{i}次",
            occurred_at=start + datetime.timedelta(days=i),
        )
        for i in range(45)
    ]
    f.VisitFactory(station=station_a, author=chief_user.cadre, seen="站长的记录")
    seen, url, pages = [], reverse("visits:my_history"), 0
    while url:
        response = phone.get(url)
        assert response.status_code == 200
        assert "站长的记录" not in response.text
        page = response.context["page"]
        seen += page.rows
        pages += 1
        url = (
            f"{reverse('visits:my_history')}?after={page.next_cursor}" if page.next_cursor else None
        )
    assert seen == sorted(mine, key=lambda v: v.occurred_at, reverse=True)
    assert pages == 3


def test_a_tampered_page_link_is_not_found(phone):
    assert phone.get(reverse("visits:my_history"), {"after": "!!"}).status_code == 404


def test_history_costs_the_same_on_the_first_and_a_deep_page(
    phone, cadre_user, station_a, django_assert_max_num_queries
):
    for _ in range(70):
        f.VisitFactory(station=station_a, author=cadre_user.cadre, household=None)
    with django_assert_max_num_queries(6):
        first = phone.get(reverse("visits:my_history")).context["page"]
    cursor = first.next_cursor
    for _ in range(2):
        cursor = (
            phone.get(reverse("visits:my_history"), {"after": cursor}).context["page"].next_cursor
        )
    with django_assert_max_num_queries(6):
        assert phone.get(reverse("visits:my_history"), {"after": cursor}).status_code == 200


def test_a_visit_opens_for_my_station_township_and_county(
    client, my_visit, cadre_user, chief_user, staff_a, supervisor
):
    for user in (cadre_user, chief_user, staff_a, supervisor):
        client.force_login(user)
        response = client.get(my_visit.get_absolute_url())
        assert response.status_code == 200
        assert "张三" in response.text


def test_a_visit_of_another_place_is_not_found(
    client, my_visit, staff_b, other_supervisor, station_b
):
    outsider = f.UserFactory(role="cadre")
    f.AssignmentFactory(cadre=f.CadreFactory(user=outsider), station=station_b)
    for user in (staff_b, other_supervisor, outsider):
        client.force_login(user)
        assert client.get(my_visit.get_absolute_url()).status_code == 404


def test_i_can_correct_my_visit_within_the_window_and_the_change_is_kept(phone, my_visit):
    my_visit.seen = "原来写错了"
    my_visit.save()
    url = reverse("visits:visit_edit", args=[my_visit.pk])
    response = phone.get(url)
    assert response.status_code == 200
    data = {
        "household": my_visit.household_id,
        "kind": "night",
        "occurred_at": timezone.localtime(my_visit.occurred_at).strftime("%Y-%m-%dT%H:%M"),
        "seen": "夜访时发现屋顶漏雨",
        "asked": "",
    }
    response = phone.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    my_visit.refresh_from_db()
    assert my_visit.kind == "night"
    assert my_visit.seen == "夜访时发现屋顶漏雨"
    texts = list(my_visit.history.order_by("history_date").values_list("seen", flat=True))
    assert texts[-2:] == ["原来写错了", "夜访时发现屋顶漏雨"]
    assert "修改记录" in phone.get(my_visit.get_absolute_url()).text


def test_a_photo_i_remove_in_a_correction_leaves_the_disk_too(
    phone, my_visit, settings, tmp_path, django_capture_on_commit_callbacks
):
    removed, kept = _photo(my_visit, settings, tmp_path), _photo(my_visit, settings, tmp_path)
    removed_file, kept_file = tmp_path / removed.image.name, tmp_path / kept.image.name
    assert removed_file.exists() and kept_file.exists()
    data = {
        "household": my_visit.household_id,
        "kind": my_visit.kind,
        "occurred_at": timezone.localtime(my_visit.occurred_at).strftime("%Y-%m-%dT%H:%M"),
        "seen": "照片拍错了一张",
        "remove_photo": [removed.pk],
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = phone.post(reverse("visits:visit_edit", args=[my_visit.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    assert list(my_visit.photos.all()) == [kept]
    assert not removed_file.exists()
    assert kept_file.exists()
    assert phone.get(reverse("visits:visit_photo", args=[removed.pk])).status_code == 404


def test_after_the_window_my_visit_is_read_only(phone, my_visit, settings):
    settings.VISIT_EDIT_HOURS = 72
    Visit.objects.filter(pk=my_visit.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=73)
    )
    url = reverse("visits:visit_edit", args=[my_visit.pk])
    assert phone.get(url).status_code == 403
    assert phone.post(url, {"seen": "改"}).status_code == 403
    my_visit.refresh_from_db()
    assert my_visit.seen != "改"
    assert (
        reverse("visits:visit_edit", args=[my_visit.pk])
        not in phone.get(my_visit.get_absolute_url()).text
    )


def test_i_cannot_correct_someone_elses_visit(client, chief_user, my_visit):
    client.force_login(chief_user)
    assert client.get(reverse("visits:visit_edit", args=[my_visit.pk])).status_code == 403


def test_photos_are_served_only_to_those_who_may_see_the_visit(
    client, my_visit, cadre_user, staff_a, staff_b, settings, tmp_path
):
    photo = _photo(my_visit, settings, tmp_path)
    url = reverse("visits:visit_photo", args=[photo.pk])
    assert client.get(url).status_code == 302  # anonymous: to login
    client.force_login(staff_b)
    assert client.get(url).status_code == 404
    for user in (cadre_user, staff_a):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert "private" in response["Cache-Control"]
    # The stored file is not under any public URL.
    assert not photo.image.name.startswith(settings.STATIC_URL.strip("/"))


def test_detail_and_photo_pages_are_get_only(phone, my_visit, settings, tmp_path):
    photo = _photo(my_visit, settings, tmp_path)
    assert phone.post(my_visit.get_absolute_url()).status_code == 405
    assert phone.post(reverse("visits:visit_photo", args=[photo.pk])).status_code == 405
    assert phone.post(reverse("visits:my_history")).status_code == 405


def test_a_visit_page_costs_the_same_queries_however_many_companions_and_photos(
    phone, my_visit, station_a, settings, tmp_path, django_assert_max_num_queries
):
    for size in (1, 8):
        for _ in range(size):
            companion = f.CadreFactory(township=station_a.village.township)
            my_visit.companions.add(companion)
            _photo(my_visit, settings, tmp_path)
            my_visit.seen += "。"
            my_visit.save()  # one more history row
        with django_assert_max_num_queries(9):
            assert phone.get(my_visit.get_absolute_url()).status_code == 200


def test_a_visit_page_reads_the_visit_with_only_the_joins_it_shows(phone, my_visit):
    """PostgreSQL plans each join order it may take: the visit read with eight tables
    (its follow-up owner too, which the page never shows) took 5–7 ms to plan at city
    size, with seven 2–3 ms, on a page of some 25 ms."""
    with CaptureQueriesContext(connection) as queries:
        assert phone.get(my_visit.get_absolute_url()).status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    (read,) = [q for q in sql if 'FROM "visits_visit" INNER' in q]
    # Its station, author, household and the household's village, village, duty day.
    assert read.count(" JOIN ") == 6
    assert 'follow_up_owner_id" = ' not in read


def test_household_search_costs_the_same_queries_at_any_size(
    phone, station_a, django_assert_max_num_queries
):
    for size in (2, 60):
        for i in range(size):
            f.HouseholdFactory(village=station_a.village, head_name=f"张{i}")
        with django_assert_max_num_queries(6):
            response = phone.get(reverse("visits:household_search"), {"q": "z"})
        assert response.status_code == 200
        assert response.text.count('type="radio"') == min(20, len(response.context["found"]))
