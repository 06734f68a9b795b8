"""Files in an S3-compatible bucket (FILE_STORAGE=s3), against a real server on loopback.

moto's S3 server (tests/s3_server.py) stands in for MinIO, OSS or COS: photos,
imports and job files go to the bucket through django-storages, nothing to the
local disk, and photos come back only through the app's own view.
"""

# Fixtures come from tests.s3_server by import; their use as arguments redefines them.
# ruff: noqa: F811

import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tests import factories as f
from tests import photo_files
from tests.jobs import confirmed
from tests.s3_server import keys, read, s3_bucket, s3_endpoint, s3_settings  # noqa: F401
from tests.test_imports import GOOD_HOUSEHOLDS, make_xlsx
from villages.models import Household
from visits.models import Visit, VisitPhoto

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_local_media(settings, tmp_path):
    # Whatever lands on the disk is a bug: MEDIA_ROOT is an empty folder we look into.
    settings.MEDIA_ROOT = tmp_path / "media"


def _nothing_on_disk():
    media = django_settings.MEDIA_ROOT
    return not media.exists() or not any(media.rglob("*"))


def _visit_with_photo(client, cadre_user, station_a):
    household = f.HouseholdFactory(village=station_a.village)
    f.PairingFactory(cadre=cadre_user.cadre, household=household)
    client.force_login(cadre_user)
    response = client.post(
        reverse("visits:visit_new"),
        {
            "token": str(uuid.uuid4()),
            "kind": "home",
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "seen": "房屋漏雨",
            "asked": "希望帮助维修",
            "household": household.pk,
            "station": station_a.pk,
            "photos": [
                SimpleUploadedFile("IMG_0001.jpg", photo_files.jpeg((2400, 1800)), "image/jpeg")
            ],
        },
    )
    assert response.status_code == 302, response.content[:500]
    return VisitPhoto.objects.get()


def test_a_visit_photo_goes_to_the_bucket_and_comes_back_through_the_photo_view(
    client, cadre_user, station_a, s3_endpoint, s3_settings
):
    photo = _visit_with_photo(client, cadre_user, station_a)
    key = f"gzz/{photo.image.name}"
    assert keys(s3_endpoint, s3_settings) == [key]
    assert photo.image.name.startswith(f"visit-photos/{photo.visit_id}/")
    assert _nothing_on_disk()

    response = client.get(reverse("visits:visit_photo", args=[photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    body = b"".join(response.streaming_content)
    assert body == read(s3_endpoint, s3_settings, key)
    assert int(response["Content-Length"]) == len(body)
    with Image.open(ContentFile(body)) as stored:  # the re-encoded copy, shrunk
        assert max(stored.size) == django_settings.VISIT_PHOTO_MAX_SIDE

    # The visit's page links the app's view, never the store.
    page = client.get(Visit.objects.get().get_absolute_url())
    assert reverse("visits:visit_photo", args=[photo.pk]) in page.text
    assert s3_endpoint not in page.text and s3_settings not in page.text


def test_a_photo_of_another_township_is_not_found_and_the_bucket_is_not_reached_for_it(
    client, cadre_user, station_a, staff_b, s3_endpoint, s3_settings
):
    photo = _visit_with_photo(client, cadre_user, station_a)
    client.force_login(staff_b)
    assert client.get(reverse("visits:visit_photo", args=[photo.pk])).status_code == 404


def test_a_photo_gone_from_the_bucket_answers_not_found(
    client, cadre_user, station_a, s3_endpoint, s3_settings
):
    photo = _visit_with_photo(client, cadre_user, station_a)
    default_storage.delete(photo.image.name)
    assert keys(s3_endpoint, s3_settings) == []
    response = client.get(reverse("visits:visit_photo", args=[photo.pk]))
    assert response.status_code == 404


def test_the_admin_links_a_photo_through_the_app_not_the_bucket(
    admin_client, station_a, s3_endpoint, s3_settings
):
    visit = f.VisitFactory(station=station_a)
    photo = VisitPhoto.objects.create(
        visit=visit, image=ContentFile(photo_files.jpeg((40, 30)), "p.jpg")
    )
    response = admin_client.get(reverse("admin:visits_visit_change", args=[visit.pk]))
    assert response.status_code == 200
    assert reverse("visits:visit_photo", args=[photo.pk]) in response.text
    # No presigned address of the object: it would bypass the access check.
    assert s3_endpoint not in response.text and "X-Amz-Signature" not in response.text


def test_an_import_is_kept_in_the_bucket_between_preview_and_confirm(
    client, tmp_path, station_a, station_a2, staff_a, s3_endpoint, s3_settings
):
    f.VillageGroupFactory(village=station_a.village, name="第一组")
    f.VillageGroupFactory(village=station_a.village, name="第二组")
    client.force_login(staff_a)
    with make_xlsx(tmp_path, GOOD_HOUSEHOLDS, "花名册.xlsx").open("rb") as handle:
        response = client.post(
            reverse("villages:import_upload", args=["households"]), {"file": handle}
        )
    assert response.status_code == 302
    stored = keys(s3_endpoint, s3_settings)
    assert len(stored) == 1 and stored[0].startswith(f"gzz/imports/{staff_a.pk}/")
    token = response.url.rstrip("/").rsplit("/", 1)[-1]
    assert "花名册.xlsx" in client.get(response.url).text
    done = confirmed(client, reverse("villages:import_confirm", args=["households", token]))
    assert "新增3条" in done.text
    assert Household.objects.count() == 3
    assert keys(s3_endpoint, s3_settings) == []  # gone once imported
    assert _nothing_on_disk()


def test_job_files_go_under_the_jobs_prefix_of_the_same_bucket(s3_endpoint, s3_settings):
    name = storages["jobs"].save("reports/booklet.pdf", ContentFile(b"%PDF-1.7 booklet"))
    assert keys(s3_endpoint, s3_settings) == [f"gzz/jobs/{name}"]
    with storages["jobs"].open(name, "rb") as stored:
        assert stored.read() == b"%PDF-1.7 booklet"
    # A second file of the same name never overwrites the first.
    other = storages["jobs"].save("reports/booklet.pdf", ContentFile(b"other"))
    assert other != name and len(keys(s3_endpoint, s3_settings)) == 2


def _settings_error(**variables):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("S3_", "FILE_STORAGE", "BACKUP_"))
    }
    done = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=django_settings.BASE_DIR,
        env={**environment, "DEBUG": "true", **variables},
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done.returncode, done.stderr.strip().splitlines()[-1] if done.stderr else ""


def test_a_storage_misconfiguration_stops_the_server_with_a_message():
    assert _settings_error(FILE_STORAGE="s4") == (
        1,
        "django.core.exceptions.ImproperlyConfigured: FILE_STORAGE must be local or s3, not 's4'.",
    )
    code, message = _settings_error(FILE_STORAGE="s3")
    assert code == 1 and "S3_BUCKET" in message
    code, message = _settings_error(FILE_STORAGE="s3", S3_BUCKET="b", S3_ADDRESSING_STYLE="dns")
    assert code == 1 and "S3_ADDRESSING_STYLE" in message
    assert _settings_error(FILE_STORAGE="s3", S3_BUCKET="gzz") == (0, "")
