"""The booklet's photos: read through Django's storage, never from a public address.

WeasyPrint asks its URL fetcher for every image. This fetcher knows only the
``photo:<n>`` names ``add`` handed out for one booklet; it reads the photo
through the storage backend (local disk or object storage alike), shrinks it
for print and refuses every other address, so a stray ``http:`` or ``file:``
in the data fetches nothing.
"""

import io
import logging

from PIL import ImageOps
from weasyprint.urls import URLFetcher, URLFetcherResponse

from visits.photos import open_photo

logger = logging.getLogger(__name__)

# Printed 56 mm wide: 900 px is about 400 dpi, sharp on paper and a small PDF.
PHOTO_SIDE = 900
PHOTO_QUALITY = 80
SCHEME = "photo:"


class PhotoFetcher(URLFetcher):
    def __init__(self):
        super().__init__(allowed_protocols={SCHEME.rstrip(":")})
        self._photos = []

    def add(self, photo):
        """Register a ``VisitPhoto``; returns the address the template gives WeasyPrint."""
        self._photos.append(photo)
        return f"{SCHEME}{len(self._photos) - 1}"

    def fetch(self, url, headers=None):
        # WeasyPrint leaves out an image whose fetch raises (with a warning in
        # its log): a photo missing from storage does not fail the download.
        if not url.startswith(SCHEME):
            raise ValueError(f"The booklet fetches no address: {url[:40]}")
        try:
            photo = self._photos[int(url.removeprefix(SCHEME))]
        except (ValueError, IndexError) as error:
            raise ValueError(f"No such photo in the booklet: {url[:40]}") from error
        return URLFetcherResponse(url, shrunk(photo), {"Content-Type": "image/jpeg"})


def shrunk(photo):
    """The photo as a JPEG at most ``PHOTO_SIDE`` pixels on its longer side."""
    try:
        with photo.image.open("rb") as stored, open_photo(stored) as image:
            image = ImageOps.exif_transpose(image).convert("RGB")
            image.thumbnail((PHOTO_SIDE, PHOTO_SIDE))
            out = io.BytesIO()
            image.save(out, "JPEG", quality=PHOTO_QUALITY, optimize=True)
    except (OSError, ValueError) as error:
        logger.warning("Booklet: photo %s unreadable: %s", photo.pk, error)
        raise
    return out.getvalue()
