"""Every form with a date opens with its default date in the field, in real Chromium
(issue 20, item 1): a date input takes only yyyy-mm-dd (and a date-time input
yyyy-mm-ddThh:mm), and a browser drops any other value, leaving the cadre to pick
today by hand. The crawl of test_accessibility_browser checks every date field it
meets the same way; these are the forms that fill one in by themselves."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# name → (value the server wrote, value the browser holds), for every date-like input.
DATES_JS = """
() => Object.fromEntries(
  Array.from(document.querySelectorAll(
    "input[type=date], input[type=datetime-local], input[type=month], input[type=time]"
  ), input => [input.name, [input.getAttribute("value") || "", input.value]])
)
"""


def _log_in(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/login/" not in url)


def _dates(page, url):
    assert page.goto(url).status == 200
    return page.evaluate(DATES_JS)


def test_the_cadres_forms_open_with_today_in_their_date_fields(
    live_server, page, cadre_user, station_a
):
    _log_in(page, live_server.url, "cadre")
    today = timezone.localdate().isoformat()
    deed = _dates(page, live_server.url + reverse("visits:deed_new", args=[station_a.pk]))
    assert deed == {"done_on": [today, today]}
    for name, field in (
        ("visits:visit_new", "occurred_at"),
        ("visits:reception_new", "occurred_at"),
    ):
        written, held = _dates(page, live_server.url + reverse(name))[field]
        assert held == written and held.startswith(f"{today}T"), name
    meeting = _dates(page, live_server.url + reverse("visits:meeting_new", args=[station_a.pk]))
    written, held = meeting["held_at"]
    assert held == written and held.startswith(f"{today}T")


def test_the_township_forms_open_with_today_in_their_date_fields(
    live_server, page, staff_a, cadre_user, station_a
):
    _log_in(page, live_server.url, "township")
    today = timezone.localdate().isoformat()
    rating = reverse("spotchecks:rating_new") + f"?station={station_a.pk}"
    assert _dates(page, live_server.url + rating)["rated_on"] == [today, today]
    assignment = cadre_user.cadre.assignments.get()
    rotation = reverse("stations:rotation_new", args=[assignment.pk])
    assert _dates(page, live_server.url + rotation)["on"] == [today, today]
    # A filter keeps the dates it was given.
    meetings = reverse("visits:meeting_list") + "?since=2026-01-05&until=2026-03-31"
    dates = _dates(page, live_server.url + meetings)
    assert dates["since"] == ["2026-01-05", "2026-01-05"]
    assert dates["until"] == ["2026-03-31", "2026-03-31"]
