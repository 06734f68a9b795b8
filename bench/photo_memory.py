"""Peak memory of re-encoding visit photos: phones' photos, issue 17's pixel bombs, and the
worst photo and the worst request the caps let in.

Run with `.venv/bin/python bench/photo_memory.py` (or `make bench`). Writes each
case's files to a temporary folder, then runs every case in a fresh Python process
under production settings: the files are posted to the visit form as a multipart
body and parsed by Django's upload handlers (a file past FILE_UPLOAD_MAX_MEMORY_SIZE
is spooled to disk, as in production); then the process's peak RSS is reset
(/proc/self/clear_refs) and the form's photo field cleans them: checks, decodes and
re-encodes them. The figure is that peak above the RSS just before, in MB.

The worst photo is the costliest decoder at VISIT_PHOTO_MAX_PIXELS (each format and
mode holds a different number of bytes a pixel); the worst request is
VISIT_PHOTO_MAX_COUNT of it, as far as VISIT_PHOTO_MAX_REQUEST_PIXELS lets in. The
files do not depend on the code: run the script on older code to compare.

Exits non-zero when a request that is let in costs more than BUDGET_MB.
"""

import io
import json
import math
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The cases' processes work in their parent's folder, removed at the end.
TMP = Path(os.environ.get("PHOTO_BENCH_DIR") or tempfile.mkdtemp(prefix="gzz-photo-bench-"))
os.environ.update(
    DEBUG="false",
    SECRET_KEY="bench-only-not-a-secret",
    ALLOWED_HOSTS="testserver",
    DATABASE_URL=f"sqlite:///{TMP / 'unused.sqlite3'}",  # nothing is saved
    MEDIA_ROOT=str(TMP / "media"),
    STATIC_ROOT=str(TMP / "static"),
    DJANGO_SETTINGS_MODULE="config.settings",
)
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from PIL import Image  # noqa: E402

from tests import photo_files  # noqa: E402
from visits.forms import VisitForm  # noqa: E402

BUDGET_MB = 128
MB = 1024 * 1024


def _at_cap(ratio=4 / 3):
    """The largest width × height of this ratio within VISIT_PHOTO_MAX_PIXELS."""
    height = math.isqrt(int(settings.VISIT_PHOTO_MAX_PIXELS / ratio))
    return settings.VISIT_PHOTO_MAX_PIXELS // height, height


def _cmyk_progressive(size):
    out = io.BytesIO()
    Image.new("CMYK", size).save(out, format="JPEG", progressive=True, subsampling=0)
    return out.getvalue()


def _cases():
    """[(label, [(file name, bytes)])]. The costliest decoder at the cap is WebP's (libwebp
    keeps two canvases besides Pillow's copy); the last case is as many of it as one form
    may send."""
    cap = _at_cap()
    at_cap = f"{cap[0]}×{cap[1]}"
    count = settings.VISIT_PHOTO_MAX_COUNT
    most = max(1, min(count, settings.VISIT_PHOTO_MAX_REQUEST_PIXELS // (cap[0] * cap[1])))
    webp = photo_files.webp(cap, "RGBA")
    phone_12 = photo_files.jpeg((4032, 3024))
    phone_50 = photo_files.jpeg((8160, 6144))
    bomb = photo_files.png((6300, 6300))
    return [
        ("phone JPEG 12 MP, 4032×3024", [("12mp.jpg", phone_12)]),
        ("phone JPEG 50 MP, 8160×6144", [("50mp.jpg", phone_50)]),
        (f"{count} phone JPEGs of 50 MP", [(f"{n}.jpg", phone_50) for n in range(count)]),
        (f"issue 17: grey PNG 6300×6300, {len(bomb) // 1024} KB", [("bomb.png", bomb)]),
        (f"issue 17: {count} of them", [(f"{n}.png", bomb) for n in range(count)]),
        ("split-scan JPEG 6300×6300", [("split.jpg", photo_files.split_scan_jpeg(6300, 6300))]),
        ("RGBA WebP 6300×6300", [("big.webp", photo_files.webp((6300, 6300)))]),
        (f"grey PNG at the cap, {at_cap}", [("grey.png", photo_files.png(cap, "L"))]),
        (f"palette PNG at the cap, {at_cap}", [("palette.png", photo_files.png(cap, "P"))]),
        (f"RGBA PNG at the cap, {at_cap}", [("rgba.png", photo_files.png(cap, "RGBA"))]),
        (f"progressive CMYK JPEG at the cap, {at_cap}", [("cmyk.jpg", _cmyk_progressive(cap))]),
        (
            f"split-scan JPEG at the cap, {at_cap}",
            [("split.jpg", photo_files.split_scan_jpeg(*cap))],
        ),
        (f"RGBA WebP at the cap, {at_cap}", [("rgba.webp", webp)]),
        (f"{most} RGBA WebPs at the cap", [(f"{n}.webp", webp) for n in range(most)]),
    ]


def _rss_kb(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1])
    raise LookupError(field)


def run_case(folder):
    """In a fresh process: parse the upload, reset the peak, clean the photo field."""
    files = []
    for path in sorted(Path(folder).iterdir()):
        upload = io.BytesIO(path.read_bytes())
        upload.name = path.name
        files.append(upload)
    request = RequestFactory().post("/visits/new/", {"photos": files})
    uploads = request.FILES.getlist("photos")
    del files
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")  # the peak RSS starts again from here
        peak_field, before = "VmHWM:", _rss_kb("VmRSS:")
    except OSError:  # not Linux: the peak since the process began, an upper bound
        peak_field, before = None, 0
    start = time.perf_counter()
    try:
        result = f"stored {len(VisitForm.base_fields['photos'].clean(uploads))}"
    except ValidationError as error:
        result = f"refused {len(error.messages)}"
    seconds = time.perf_counter() - start
    if peak_field:
        peak_kb = _rss_kb(peak_field) - before
    else:
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"result": result, "mb": peak_kb / 1024, "seconds": seconds}))


def main():
    print(
        f"caps: {settings.VISIT_PHOTO_MAX_COUNT} photos of at most "
        f"{settings.VISIT_PHOTO_MAX_BYTES // MB} MB, "
        f"VISIT_PHOTO_MAX_PIXELS {settings.VISIT_PHOTO_MAX_PIXELS:,}, "
        f"VISIT_PHOTO_MAX_REQUEST_PIXELS {settings.VISIT_PHOTO_MAX_REQUEST_PIXELS:,}"
    )
    print(f"{'case':<46}{'result':>12}{'peak MB':>9}{'seconds':>9}")
    worst_photo = worst_request = (0.0, "")
    for number, (label, files) in enumerate(_cases()):
        folder = TMP / f"case-{number}"
        folder.mkdir()
        for name, data in files:
            (folder / name).write_bytes(data)
        child = subprocess.run(
            [sys.executable, __file__, "--case", str(folder)],
            env={**os.environ, "PHOTO_BENCH_DIR": str(TMP)},
            capture_output=True,
            text=True,
            check=True,
        )
        figures = json.loads(child.stdout.strip().splitlines()[-1])
        print(f"{label:<46}{figures['result']:>12}{figures['mb']:>9.0f}{figures['seconds']:>9.2f}")
        if figures["result"].startswith("stored"):
            worst_request = max(worst_request, (figures["mb"], label))
            if len(files) == 1:
                worst_photo = max(worst_photo, (figures["mb"], label))
    print(f"worst photo let in: {worst_photo[0]:.0f} MB ({worst_photo[1]})")
    print(f"worst request let in: {worst_request[0]:.0f} MB ({worst_request[1]})")
    print(f"budget: every request let in under {BUDGET_MB} MB above what the process held")
    return 0 if worst_request[0] < BUDGET_MB else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["--case"]:
        run_case(sys.argv[2])
        sys.exit(0)
    try:
        sys.exit(main())
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
