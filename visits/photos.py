"""Visit photos: decoded, re-encoded and stripped on the server, whatever the phone sent.

A file is judged by decoding it, never by its name or declared type. The
stored copy is a fresh JPEG without EXIF (so no GPS position or phone model
leaks), no larger than the configured side.
"""

import io
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

# What phones send: camera photos as JPEG (the phone's browser turns HEIC into
# JPEG) and screenshots as PNG, JPEG or WebP. Nothing else is opened: every other
# format Pillow reads is more decoder code facing hostile files, and for EPS Pillow
# runs Ghostscript on the file. HEIC would need a HEIF plugin, which is not installed.
PHOTO_FORMATS = ("JPEG", "PNG", "WEBP")

# Decompression bombs: refuse anything that would decode to more than this.
# Pillow only warns between this and twice it, so the size is checked before decoding.
Image.MAX_IMAGE_PIXELS = 40_000_000


def open_photo(fp):
    """Open ``fp`` (its header only) if it is in one of PHOTO_FORMATS.

    Anything else raises ``PIL.UnidentifiedImageError`` before a decoder of
    another format has seen a byte of it.
    """
    return Image.open(fp, formats=PHOTO_FORMATS)


def reencode(upload):
    """Return a ContentFile holding ``upload`` as a clean JPEG, or raise ValidationError."""
    name = getattr(upload, "name", "") or _("photo")
    if upload.size > settings.VISIT_PHOTO_MAX_BYTES:
        limit = settings.VISIT_PHOTO_MAX_BYTES // (1024 * 1024)
        raise ValidationError(
            _("The photo %(name)s is larger than %(limit)s MB.") % {"name": name, "limit": limit},
            code="photo_too_large",
        )
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            # Checked just below, with a message for the user instead of a log line.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            probe = open_photo(upload)
        with probe:
            if probe.width * probe.height > Image.MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("The photo %(name)s has too many pixels; take it at a lower resolution.")
                    % {"name": name},
                    code="photo_too_large",
                )
            probe.verify()  # catches truncated and corrupt files
        upload.seek(0)
        with open_photo(upload) as image:
            image = ImageOps.exif_transpose(image)  # keep the photo upright once EXIF is gone
            image = image.convert("RGB")
            side = settings.VISIT_PHOTO_MAX_SIDE
            image.thumbnail((side, side))
            out = io.BytesIO()
            image.save(out, format="JPEG", quality=82, optimize=True)
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001
        # Pillow's decoders fail on hostile files with many exception types
        # (UnidentifiedImageError, OSError, EOFError, struct.error, ...): each is "not a photo".
        raise ValidationError(
            _("The file %(name)s is not a photo (JPEG, PNG or WebP).") % {"name": name},
            code="not_an_image",
        ) from None
    return ContentFile(out.getvalue(), name="photo.jpg")


def delete_photos(photos):
    """Delete the photo rows now and their files once the transaction has committed.

    The files wait for the commit so that a rollback leaves every file a
    remaining row points at; a file left behind by a crash in between is
    harmless (no row, so no URL, reaches it).
    """
    files = [(photo.image.storage, photo.image.name) for photo in photos if photo.image]
    photos.delete()

    def remove_files():
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(remove_files)
