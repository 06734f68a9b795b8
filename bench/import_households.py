"""How long 10,000 household rows take to preview and to import, on SQLite.

Run with `DEBUG=true .venv/bin/python bench/import_households.py` (or `make bench`).
Builds a throwaway SQLite database with one township of 20 villages, writes a
10,000-row .xlsx (and the same rows as a GB18030 CSV), then, as the township's
staff through the real pages:

- preview = upload + the preview page (every row checked, nothing written);
- confirm = the confirm button (the file checked again, then written in bulk);
- again   = the same file a second time (0 new, 0 changed, 10,000 unchanged).

Exits non-zero when preview + confirm of the xlsx takes 30 s or more.
"""

import csv
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TMP = Path(tempfile.mkdtemp(prefix="gzz-import-bench-"))
(TMP / "static").mkdir()
os.environ.setdefault("DEBUG", "true")
os.environ.update(
    SECRET_KEY=os.environ.get("SECRET_KEY") or "bench-only-not-a-secret",
    ALLOWED_HOSTS="testserver",
    DATABASE_URL=f"sqlite:///{TMP / 'bench.sqlite3'}",
    MEDIA_ROOT=str(TMP / "media"),
    STATIC_ROOT=str(TMP / "static"),
    STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
    DJANGO_SETTINGS_MODULE="config.settings",
)
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from openpyxl import Workbook  # noqa: E402

ROWS = 10_000
BUDGET_SECONDS = 30
VILLAGES = 20
GROUPS = ["第一组", "第二组", "第三组", "第四组", "第五组", "第六组"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "德秀英华明国建平志红兰春玉海金生文芳军强永福成桂荣"
TAGS = ["", "", "", "困难户", "低保户、困难户", "五保户", "老党员", "留守", "残疾"]
HEADER = ["村", "村民小组", "户主姓名", "联系电话", "家庭人口", "住址", "标签"]


def rows(villages):
    for n in range(ROWS):
        village = villages[n % len(villages)]
        name = SURNAMES[n % len(SURNAMES)] + GIVEN[(n // 7) % len(GIVEN)] + GIVEN[(n // 3) % 23]
        yield [
            village,
            GROUPS[(n // len(villages)) % len(GROUPS)],
            name,
            f"139{n:08d}",
            1 + n % 6,
            f"{village}{n % 300}号",
            TAGS[n % len(TAGS)],
        ]


def write_files(villages):
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for row in rows(villages):
        sheet.append(row)
    xlsx = TMP / "农户10000.xlsx"
    book.save(xlsx)
    text = TMP / "农户10000.csv"
    with text.open("w", encoding="gb18030", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        writer.writerows(rows(villages))
    return xlsx, text


def timed(step):
    start = time.perf_counter()
    response = step()
    return response, time.perf_counter() - start


def run(client, path):
    """(preview seconds, confirm seconds, confirmation message)."""

    def preview():
        with path.open("rb") as handle:
            uploaded = client.post(
                reverse("villages:import_upload", args=["households"]), {"file": handle}
            )
        assert uploaded.status_code == 302, uploaded.content[:500]
        page = client.get(uploaded.url)
        assert page.status_code == 200 and "确认导入" in page.text, page.text[-2000:]
        return uploaded.url

    url, preview_seconds = timed(preview)
    done, confirm_seconds = timed(lambda: client.post(url + "confirm/", follow=True))
    message = re.search(r'<ul class="messages">\s*<li[^>]*>(.*?)</li>', done.text)
    assert message, done.text[-2000:]
    return preview_seconds, confirm_seconds, message.group(1)


def main():
    call_command("migrate", verbosity=0)
    from cadres.models import User
    from villages.models import County, Household, Township, Village, VillageGroup

    township = Township.objects.create(county=County.objects.create(name="测试县"), name="测试乡")
    names = [f"测试{n:02d}村" for n in range(VILLAGES)]
    for name in names:
        village = Village.objects.create(township=township, name=name)
        VillageGroup.objects.bulk_create(VillageGroup(village=village, name=g) for g in GROUPS)
    staff = User.objects.create_user("bench", role=User.Role.TOWNSHIP, township=township)
    client = Client()
    client.force_login(staff)
    xlsx, text = write_files(names)

    print(f"{ROWS} household rows, {VILLAGES} villages, SQLite ({os.environ['DEBUG']=})")
    print(f"{'file':<28}{'preview s':>10}{'confirm s':>10}{'total s':>9}  result")
    total = None
    for label, path in (
        ("xlsx, first import", xlsx),
        ("xlsx, same file again", xlsx),
        ("CSV GB18030, same rows", text),
    ):
        preview_seconds, confirm_seconds, message = run(client, path)
        seconds = preview_seconds + confirm_seconds
        total = seconds if total is None else total
        print(
            f"{label:<28}{preview_seconds:>10.2f}{confirm_seconds:>10.2f}{seconds:>9.2f}  {message}"
        )
    assert Household.objects.count() == ROWS, Household.objects.count()
    print(f"budget: first import (preview + confirm) under {BUDGET_SECONDS} s")
    return 0 if total < BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
