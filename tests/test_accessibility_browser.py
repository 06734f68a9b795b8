"""The standing accessibility check (issue 20): every page the demo's logins reach is
accessible (axe-core: WCAG 2.1 A and AA, the landmark and table-header best
practices), valid HTML (the Nu HTML Checker) and Chinese (no English words in the
Chinese interface).

The demo county is seeded, and each demo login crawls it in Chromium at the size
it is used at (the cadre and the chief on a 360 × 740 phone, the township and the
county on a desktop): from its start page it follows the links within the app and
opens one page of each URL pattern (``django.urls.resolve``), skipping downloads.
The pages are found, not listed, so a page added later is checked too.
"""

import io
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.urls import Resolver404, resolve
from playwright.sync_api import sync_playwright

from tests import page_audit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DESK = {"viewport": {"width": 1280, "height": 900}}
# The demo logins (visits/demo/data.py DEMO_USERS), each on its own screen; the
# visitor is logged out and sees the login page.
ROLES = {
    "visitor": PHONE,
    "cadre": PHONE,
    "chief": PHONE,
    "township": DESK,
    "county": DESK,
    "city": DESK,
}
# Two browsers crawl side by side (the CI machine has two cores), about as many pages
# each: the township reaches the most. The city's supervisor reaches the county's
# pages too, already crawled: only its own few are new.
LANES = (("township", "visitor", "city"), ("county", "cadre", "chief"))
# Routes that are not pages: the logout and language switch take a POST.
NOT_PAGES = {"logout", "set_language"}


def _shape(url, base):
    """The URL pattern of ``url`` when it is a page of the app to open, else None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.netloc != urlsplit(base).netloc:
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:  # static files, photos' media
        return None
    # A file name in the pattern (export.<str:fmt>, notice.pdf, template.xlsx) is a download.
    if match.view_name in NOT_PAGES or match.route.startswith("admin/"):
        return None
    if "." in match.route.rstrip("/").rsplit("/", 1)[-1]:
        return None
    return match.route


class Lane:
    """One browser crawling the pages of some roles. It asks the server for a page only
    while holding ``server``, so the two lanes never hit the live server at once (on
    SQLite its threads share one connection); axe and the other checks run in the
    browser, side by side with the other lane's requests."""

    def __init__(self, browser, base, server):
        self.browser, self.base, self.server = browser, base, server
        self.problems, self.documents = {}, {}

    def goto(self, page, url):
        with self.server:
            return page.goto(url)

    def log_in(self, page, username):
        with self.server:
            page.goto(f"{self.base}/login/")
            page.get_by_label("用户名").fill(username)
            page.get_by_label("密码").fill(django_settings.DEMO_PASSWORD)
            page.get_by_role("button", name="登录").click()
            page.wait_for_url(lambda url: "/login/" not in url)

    def crawl(self, page, start):
        """Open one page of each URL pattern reachable from ``start``; yield (url, HTML
        bytes), or (url, status) for a link that does not answer 200."""
        queue, seen = [start], set()
        while queue:
            url = queue.pop(0)
            shape = _shape(url, self.base)
            if shape is None or shape in seen:
                continue
            seen.add(shape)
            response = self.goto(page, url)
            landed = _shape(page.url, self.base)
            if landed != shape and landed in seen:  # redirected to a page already opened
                continue
            seen.add(landed)
            if response.status != 200:
                yield page.url, response.status
            elif response.headers.get("content-type", "").startswith("text/html"):
                yield page.url, response.body()
                links = "links => links.map(a => a.href.split('#')[0])"
                queue.extend(page.eval_on_selector_all("a[href]:not([download])", links))

    def audit(self, role):
        """Crawl as ``role`` and record what each page breaks."""
        context = self.browser.new_context(**ROLES[role], locale="zh-CN")
        page = context.new_page()
        failed = []  # the page's own requests (styles, scripts, icon) that failed
        page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
        start = f"{self.base}/login/"
        if role != "visitor":
            self.log_in(page, role)
            start = page.url
        for url, body in self.crawl(page, start):
            label = f"{role} {url.removeprefix(self.base)}"
            if isinstance(body, int):
                self.problems[label] = [f"answers {body}"]
                continue
            self.documents[label] = body
            found = page_audit.axe_violations(page)
            found += [f"english: {word}" for word in page_audit.english_words(page)]
            found += [f"missing id: {ref}" for ref in page_audit.broken_references(page)]
            found += [f"date dropped: {field}" for field in page_audit.dropped_dates(page)]
            if found:
                self.problems[label] = found
        if failed:
            self.problems[f"{role}: failed requests"] = failed
        context.close()


def _run_lane(roles, base, server, launch_args):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_args)
        lane = Lane(browser, base, server)
        for role in roles:
            lane.audit(role)
        browser.close()
    return lane


def test_every_page_is_accessible_valid_and_in_chinese(
    live_server, browser_type_launch_args, settings, tmp_path
):
    missing = page_audit.missing_tools()
    assert not missing, missing
    settings.MEDIA_ROOT = tmp_path
    settings.DEMO_MODE = True  # the seed runs, and its logins log in, only in demo mode
    call_command("seed_demo", stdout=io.StringIO())

    server = threading.Lock()
    with ThreadPoolExecutor(len(LANES)) as pool:
        runs = [
            pool.submit(_run_lane, roles, live_server.url, server, browser_type_launch_args)
            for roles in LANES
        ]
        lanes = [run.result() for run in runs]
    documents = {k: v for lane in lanes for k, v in lane.documents.items()}
    problems = {k: v for lane in lanes for k, v in lane.problems.items()}
    for label, errors in page_audit.html_errors(documents).items():
        problems.setdefault(label, []).extend(f"html: {e}" for e in errors)

    opened = Counter(label.split()[0] for label in documents)
    assert all(opened[role] >= (1 if role == "visitor" else 10) for role in ROLES), opened
    kinds = Counter(p.split(" on ")[0].split(":")[0] for found in problems.values() for p in found)
    summary = f"{sum(kinds.values())} problems on {len(problems)} of {len(documents)} pages"
    details = "\n".join(
        f"{label}\n    " + "\n    ".join(found) for label, found in sorted(problems.items())
    )
    assert not problems, f"{summary}: {dict(opened)}, {dict(kinds)}\n{details}"
