"""The STORAGES entries settings.py chooses between (see its comment on storage).

Kept apart from settings.py so the tests build the very same S3 entry against
their own S3-compatible server.
"""

ADDRESSING_STYLES = ("path", "virtual", "auto")


def s3_storage(
    *,
    bucket,
    location="",
    endpoint_url=None,
    region=None,
    access_key=None,
    secret_key=None,
    addressing_style="path",
):
    """django-storages' S3 backend on ``bucket`` under the prefix ``location``, private."""
    from botocore.config import Config  # only deployments on S3 pay for importing boto

    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "location": location.strip("/"),
            "endpoint_url": endpoint_url or None,
            "region_name": region or None,
            # None: boto3's own chain (AWS_* variables, an instance role).
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            # No ACL header: objects are as private as the bucket (the default of
            # every store; AWS refuses ACL headers on buckets with ACLs disabled).
            "default_acl": None,
            # Nothing links to the store, but a URL made by mistake is signed and short-lived.
            "querystring_auth": True,
            "querystring_expire": 300,
            # A name in use gets a new one, as on disk: a photo is never overwritten.
            "file_overwrite": False,
            # A file read back (a photo, a backup's archive) is held in memory up
            # to this size, then spooled to a temporary file.
            "max_memory_size": 10 * 1024 * 1024,
            "client_config": Config(
                signature_version="s3v4",
                s3={"addressing_style": addressing_style},
                # boto3 (since 1.36) adds checksum headers and trailers by default,
                # which stores other than AWS (OSS, COS, older MinIO) refuse.
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
                retries={"mode": "standard", "max_attempts": 3},
                connect_timeout=5,
                read_timeout=30,
            ),
        },
    }


def local_storage(location=None):
    """Django's FileSystemStorage at ``location`` (None: MEDIA_ROOT, following it)."""
    entry = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if location is not None:
        entry["OPTIONS"] = {"location": location}
    return entry


def media_folder_storage(folder):
    """A folder of MEDIA_ROOT that follows MEDIA_ROOT (villages.storage.MediaFolderStorage)."""
    return {"BACKEND": "villages.storage.MediaFolderStorage", "OPTIONS": {"folder": folder}}
