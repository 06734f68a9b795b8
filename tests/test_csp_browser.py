"""Under the Content Security Policy, in real Chromium: the admin's scripts and styles
still run, and so does the cadre's visit form; the browser reports no violation."""

import re

import pytest

from tests import factories as f
from tests.factories import PASSWORD
from tests.page_waits import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any page script (Playwright injects it outside the page's CSP) and
# records every violation the browser reports.
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


def _watched(context):
    context.add_init_script(WATCH)
    page = context.new_page()
    refused = []
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return page, refused


def _violations(page, refused):
    return page.evaluate("window.__csp") + refused


@pytest.fixture
def desk(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    yield _watched(context)
    context.close()


@pytest.fixture
def phone(browser, browser_context_args):
    context = browser.new_context(**browser_context_args)
    yield _watched(context)
    context.close()


def test_the_admin_works_under_the_policy(live_server, desk, superuser, cadre_user):
    page, refused = desk
    assignment = cadre_user.cadre.assignments.get()
    page.goto(f"{live_server.url}/admin/")
    page.locator("#id_username").fill("admin")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    assert _violations(page, refused) == []

    # A changelist with filters and actions: admin's scripts tick every row.
    page.goto(f"{live_server.url}/admin/stations/assignment/")
    assert page.locator("#changelist-filter").is_visible()
    page.locator("#changelist-filter a").nth(1).click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/admin/stations/assignment/")
    page.locator("#action-toggle").check()
    assert page.locator("input.action-select").first.is_checked()
    assert "1" in page.locator(".action-counter").inner_text()

    # A change form with date widgets: the calendar and "today" links are added by script.
    page.goto(f"{live_server.url}/admin/stations/assignment/{assignment.pk}/change/")
    shortcuts = page.locator("#id_start_date + .datetimeshortcuts")
    assert shortcuts.is_visible()
    page.locator("#id_start_date").fill("")
    shortcuts.locator("a").first.click()  # "today" fills in the date
    assert page.locator("#id_start_date").input_value() != ""
    page.locator("#calendarlink0").click()
    assert page.locator("#calendarbox0").is_visible()
    # The stylesheets applied: the header is the admin's coloured bar, not plain text.
    colour = page.locator("#header").evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    assert _violations(page, refused) == []

    # And the watch does see a violation: an injected inline script is refused.
    page.evaluate(
        "document.body.appendChild(Object.assign(document.createElement('script'),"
        " {textContent: 'window.__ran = 1'}))"
    )
    wait_until(page, "window.__csp.length > 0")
    assert page.evaluate("window.__ran === undefined")


def test_the_visit_forms_script_runs_under_the_policy(live_server, phone, cadre_user, station_a):
    page, refused = phone
    f.HouseholdFactory(village=station_a.village, head_name="张三")
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("cadre")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/visits/today/")

    page.goto(f"{live_server.url}/visits/new/")
    # The script unhides the location button (hidden without JavaScript) ...
    assert page.locator("p.location").evaluate("e => e.hidden") is False
    # ... keeps what is typed on the phone ...
    page.get_by_label("所见情况").fill("屋顶漏雨")
    drafts = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('draft:'))")
    assert drafts
    # ... and finds households as the cadre types (a fetch to our own server).
    page.locator(".picker input[type=search]").fill("张")
    page.locator(".picker .results").get_by_text("张三").wait_for()
    # The stylesheet applied: the submit button is the accent colour.
    colour = page.locator("button.primary").evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour != "rgba(0, 0, 0, 0)"
    assert _violations(page, refused) == []
    assert re.search(r"/visits/new/$", page.url)
