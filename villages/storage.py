"""The named file storages (settings.STORAGES) beyond Django's own backends.

Code never names a backend: it asks ``django.core.files.storage.storages`` for
"default" (photos, imports), "jobs" (the worker's files) or "backups", and the
environment decides whether they are on this machine's disk or in an
S3-compatible bucket (config/settings.py).
"""

import os
import posixpath

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class MediaFolderStorage(FileSystemStorage):
    """A folder of MEDIA_ROOT (the local "jobs" storage: MEDIA_ROOT/jobs).

    Follows MEDIA_ROOT when it changes, as the default storage does, so a
    deployment that moves MEDIA_ROOT moves the folder with it.
    """

    def __init__(self, folder, **kwargs):
        self.folder = folder
        super().__init__(**kwargs)

    @cached_property
    def base_location(self):
        return os.path.join(settings.MEDIA_ROOT, self.folder)


def place(storage):
    """``(where, path)``: the disk or bucket ``storage`` writes to, and its folder there.

    Two storages with the same ``where`` share one namespace, so one may lie
    inside the other (the default storage holds "jobs" and, in a bucket, "backups").
    """
    bucket = getattr(storage, "bucket_name", None)
    if bucket is not None:  # django-storages' S3 backend
        return (f"s3:{storage.endpoint_url or ''}/{bucket}", storage.location.strip("/"))
    return ("file:", os.path.abspath(storage.location))


def nested_folder(outer, inner):
    """The folder of ``outer`` that is ``inner``'s whole content, or None when apart."""
    (outer_where, outer_path), (inner_where, inner_path) = place(outer), place(inner)
    if outer_where != inner_where:
        return None
    if outer_where == "file:":
        relative = os.path.relpath(inner_path, outer_path)
        return None if relative.startswith("..") else relative.replace(os.sep, "/")
    if not outer_path:
        return inner_path or "."
    if inner_path == outer_path:
        return "."
    if inner_path.startswith(outer_path + "/"):
        return posixpath.relpath(inner_path, outer_path)
    return None


def walk(storage, folder=""):
    """Every file name in ``storage`` (under ``folder``), relative to its root, sorted."""
    if getattr(storage, "bucket_name", None) is not None:
        # One listing of the whole prefix, a thousand keys a page; listdir would
        # ask once per folder (a folder per visit).
        root = "/".join(filter(None, [storage.location.strip("/"), folder.strip("/")]))
        prefix = f"{root}/" if root else ""
        base = storage.location.strip("/")
        names = []
        for item in storage.bucket.objects.filter(Prefix=prefix):
            if not item.key.endswith("/"):
                names.append(posixpath.relpath(item.key, base) if base else item.key)
        return sorted(names)
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:  # nothing was ever stored there
        return []
    names = [posixpath.join(folder, name) if folder else name for name in files]
    for directory in directories:
        names += walk(storage, posixpath.join(folder, directory) if folder else directory)
    return sorted(names)
