"""Visit photos: decoded, re-encoded and stripped on the server, whatever the phone sent.

A file is judged by decoding it, never by its name or declared type. The
stored copy is a fresh JPEG without EXIF (so no GPS position or phone model
leaks), no larger than the configured side.

Decoding takes memory by pixels, not bytes: a PNG of 40 KB can hold 40 million
pixels. So the photos of a form are all checked from their headers before any
is decoded: each may make the decoder hold at most VISIT_PHOTO_MAX_PIXELS
pixels, all of them together VISIT_PHOTO_MAX_REQUEST_PIXELS, and they are
decoded one at a time. A camera's JPEG is decoded straight at 1/2, 1/4 or 1/8
scale (libjpeg's DCT scaling), still at least as large as the stored copy, and
counts at that scale: a 50 MP photo decodes to about 3 million pixels.
"""

import io
import math
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, JpegImagePlugin

# What phones send: camera photos as JPEG (the phone's browser turns HEIC into
# JPEG) and screenshots as PNG, JPEG or WebP. Nothing else is opened: every other
# format Pillow reads is more decoder code facing hostile files, and for EPS Pillow
# runs Ghostscript on the file. HEIC would need a HEIF plugin, which is not installed.
PHOTO_FORMATS = ("JPEG", "PNG", "WEBP")

# Modes Pillow shrinks well as they are; others (palette, 1-bit, alpha, 16-bit)
# become RGB first, as the stored JPEG is.
SHRINKABLE_MODES = ("L", "RGB", "CMYK")


def open_photo(fp):
    """Open ``fp`` (its header only) if it is in one of PHOTO_FORMATS.

    Anything else raises ``PIL.UnidentifiedImageError`` before a decoder of
    another format has seen a byte of it.
    """
    return Image.open(fp, formats=PHOTO_FORMATS)


def reencode_photos(uploads):
    """Clean JPEGs (ContentFiles) of ``uploads``, or a ValidationError naming each photo refused.

    Nothing is decoded until every photo has passed its checks.
    """
    limit = settings.VISIT_PHOTO_MAX_REQUEST_PIXELS
    errors, total, past_limit = [], 0, None
    for upload in uploads:
        try:
            total += _checked(upload)
        except ValidationError as error:
            errors.extend(error.messages)
            continue
        if total > limit and past_limit is None:
            past_limit = upload
    if past_limit is not None:
        errors.append(
            _(
                "Together the photos have too many pixels: from %(name)s on they are past the "
                "%(limit)s pixels one form may send. Send fewer photos; more can be added by "
                "correcting the visit."
            )
            % {"name": _name(past_limit), "limit": f"{limit:,}"}
        )
    if errors:
        raise ValidationError(errors)
    return [_reencoded(upload) for upload in uploads]


def reencode(upload):
    """One photo as a ContentFile holding a clean JPEG, or raise ValidationError."""
    return reencode_photos([upload])[0]


def _name(upload):
    return getattr(upload, "name", "") or _("photo")


def _not_a_photo(upload):
    return ValidationError(
        _("The file %(name)s is not a photo (JPEG, PNG or WebP).") % {"name": _name(upload)},
        code="not_an_image",
    )


def _checked(upload):
    """The pixels ``upload`` will make the decoder hold; ValidationError if it is refused."""
    if upload.size > settings.VISIT_PHOTO_MAX_BYTES:
        limit = settings.VISIT_PHOTO_MAX_BYTES // (1024 * 1024)
        raise ValidationError(
            _("The photo %(name)s is larger than %(limit)s MB.")
            % {"name": _name(upload), "limit": limit},
            code="photo_too_large",
        )
    too_many_pixels = ValidationError(
        _("The photo %(name)s has too many pixels (at most %(limit)s); send a smaller copy of it.")
        % {"name": _name(upload), "limit": f"{settings.VISIT_PHOTO_MAX_PIXELS:,}"},
        code="photo_too_large",
    )
    try:
        image, pixels = _opened(upload)
        with image:
            if pixels > settings.VISIT_PHOTO_MAX_PIXELS:
                raise too_many_pixels
            image.verify()  # catches truncated and corrupt files, still without decoding
    except Image.DecompressionBombError:
        # Pillow's own limit on the declared size: 179 million pixels.
        raise too_many_pixels from None
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001
        # Pillow's decoders fail on hostile files with many exception types
        # (UnidentifiedImageError, OSError, EOFError, struct.error, ...): each is "not a photo".
        raise _not_a_photo(upload) from None
    return pixels


def _reencoded(upload):
    try:
        image = _opened(upload)[0]
        image.load()
        if image.mode not in SHRINKABLE_MODES:
            image = image.convert("RGB")  # and the full-size original goes at once
        image.thumbnail((settings.VISIT_PHOTO_MAX_SIDE, settings.VISIT_PHOTO_MAX_SIDE))
        # Upright once EXIF is gone; turned after shrinking, so the copies are small.
        image = ImageOps.exif_transpose(image).convert("RGB")
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=82, optimize=True)
    except Exception:  # noqa: BLE001
        raise _not_a_photo(upload) from None
    return ContentFile(out.getvalue(), name="photo.jpg")


def _opened(upload):
    """``upload`` opened but not decoded, set to decode as small as it may, and the
    pixels its decoder will hold."""
    upload.seek(0)
    streams = _jpeg_decodes_as_it_reads(upload)
    upload.seek(0)
    with warnings.catch_warnings():
        # Pillow warns past 89 million pixels: the caps below are far lower.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        image = open_photo(upload)
    declared = image.width * image.height
    if isinstance(image, JpegImagePlugin.JpegImageFile):
        _draft(image)
        if streams:
            return image, image.width * image.height
    return image, declared


def _draft(image):
    """Have libjpeg decode ``image`` at 1/2, 1/4 or 1/8 scale: the smallest still at
    least VISIT_PHOTO_MAX_SIDE long, smaller again when that is past VISIT_PHOTO_MAX_PIXELS
    (a square photo under twice the side: stored a little under the side)."""
    width, height = image.size
    longest = max(width, height)
    scale = 1
    while scale < 8 and math.ceil(longest / (scale * 2)) >= settings.VISIT_PHOTO_MAX_SIDE:
        scale *= 2
    while (
        scale < 8
        and math.ceil(width / scale) * math.ceil(height / scale) > settings.VISIT_PHOTO_MAX_PIXELS
    ):
        scale *= 2
    if scale > 1:
        image.draft(None, (max(1, width // scale), max(1, height // scale)))


def _jpeg_decodes_as_it_reads(fp):
    """Whether ``fp`` is a JPEG that libjpeg decodes while reading it: a baseline one
    whose first scan holds every component.

    Any other JPEG (progressive, or its scans split by component) is decoded only
    once libjpeg holds every DCT coefficient of the full-size image, 2 bytes a
    sample whatever the scale: it counts at its full size.
    """
    if fp.read(2) != b"\xff\xd8":
        return False
    components = None
    while True:
        if fp.read(1) != b"\xff":
            return False
        marker = fp.read(1)
        while marker == b"\xff":  # fill bytes
            marker = fp.read(1)
        if not marker:
            return False
        code = marker[0]
        length = int.from_bytes(fp.read(2), "big")
        if length < 2:
            return False
        segment = fp.read(length - 2)
        if code in (0xC0, 0xC1):  # baseline or extended sequential, Huffman-coded
            components = segment[5] if len(segment) > 5 else None
        elif 0xC2 <= code <= 0xCF and code not in (0xC4, 0xC8, 0xCC):
            return False  # progressive, lossless, hierarchical or arithmetic-coded
        elif code == 0xDA:  # the first scan
            return components is not None and segment[:1] == bytes([components])
        elif code == 0xD9:
            return False


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
