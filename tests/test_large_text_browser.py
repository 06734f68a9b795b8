"""Large text for older eyes (适老化, GB/T 37668; issue 20, item 9): with the 大字 switch on,
the cadre's start page, visit form and deed form show their text at twice the size on a
360 px phone and stay usable: nothing to scroll sideways, no control clipped or lying on
another, every touch target at least 44 px. The switch is remembered on the phone and
takes effect before a page is first drawn."""

import pytest

from tests import factories as f
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MIN_TARGET = 44  # px, GB/T 37668-2019 and WCAG 2.5.5

# Whether <html> had the large-text class when <body> began: set before the first paint.
WATCH_FIRST_PAINT = """
new MutationObserver(function (changes, observer) {
  if (!document.body) return;
  window.__largeAtFirstPaint = document.documentElement.classList.contains("large-text");
  observer.disconnect();
}).observe(document, {childList: true, subtree: true});
"""

# The controls a thumb taps, as the boxes it sees: a radio button or check box is
# tapped through its label. Controls not drawn (in a closed <details>, hidden, read
# only by screen readers) and those inside a table that scrolls in its frame are left out.
CONTROLS_JS = """
() => {
  const sel = "a[href], button, input:not([type=hidden]), select, textarea, summary";
  const boxes = [];
  const seen = new Set();
  for (let el of document.querySelectorAll(sel)) {
    if (el.matches("input[type=radio], input[type=checkbox]") && el.closest("label"))
      el = el.closest("label");
    if (seen.has(el) || el.closest(".visually-hidden, .table-wrap")) continue;
    seen.add(el);
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const text = (el.innerText || el.value || el.getAttribute("aria-label") || el.name || "")
      .trim();
    boxes.push({
      name: `<${el.tagName.toLowerCase()}> ${text.slice(0, 30)}`,
      left: r.left, right: r.right, top: r.top + scrollY, bottom: r.bottom + scrollY,
      width: r.width, height: r.height,
      clipped: el.matches("button, a.button, label") && el.scrollWidth > el.clientWidth + 1,
      inline: el.matches("a:not(.button)") && getComputedStyle(el).display === "inline",
    });
  }
  return boxes;
}
"""


@pytest.fixture
def phone(browser, browser_context_args):
    context = browser.new_context(**browser_context_args)
    context.add_init_script(WATCH_FIRST_PAINT)
    yield context.new_page()
    context.close()


@pytest.fixture
def work(cadre_user, station_a):
    """The cadre's station with paired households and a companion, as on a working day."""
    me = cadre_user.cadre
    for name in ("张三", "李四", "欧阳秀英"):
        household = f.HouseholdFactory(village=station_a.village, head_name=name)
        f.PairingFactory(cadre=me, household=household)
    f.VisitFactory(station=station_a, author=me, follow_up=True, seen="屋顶漏雨，需要跟进维修")
    companion = f.CadreFactory(township=station_a.village.township, name="王建国")
    f.AssignmentFactory(cadre=companion, station=station_a)
    return station_a


def _log_in(page, base):
    page.goto(f"{base}/login/")
    page.get_by_label("用户名").fill("cadre")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/visits/today/")


def _problems(page):
    """What keeps the page from being used with one thumb at this text size."""
    problems = []
    width = page.evaluate("innerWidth")
    if page.evaluate("document.scrollingElement.scrollWidth") > width:
        problems.append("scrolls sideways")
    boxes = page.evaluate(CONTROLS_JS)
    for box in boxes:
        if box["left"] < 0 or box["right"] > width + 0.5:
            problems.append(f"{box['name']} runs off the screen")
        if box["clipped"]:
            problems.append(f"{box['name']} has its text cut off")
        # A link in running text is as tall as its line; it is still tapped as a target.
        if box["height"] < MIN_TARGET or (box["width"] < MIN_TARGET and not box["inline"]):
            problems.append(f"{box['name']} is {box['width']:.0f}×{box['height']:.0f} px")
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            overlap_x = min(a["right"], b["right"]) - max(a["left"], b["left"])
            overlap_y = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            if overlap_x > 1 and overlap_y > 1:
                problems.append(f"{a['name']} overlaps {b['name']}")
    return problems


def test_the_switch_doubles_the_text_and_is_remembered_before_the_first_paint(
    live_server, phone, work
):
    page = phone
    _log_in(page, live_server.url)
    switch = page.get_by_role("button", name="大字")
    assert switch.get_attribute("aria-pressed") == "false"
    normal = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    switch.click()
    assert switch.get_attribute("aria-pressed") == "true"
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") == 2 * normal

    page.goto(f"{live_server.url}/visits/new/")  # another page: no server round trip needed
    assert page.evaluate("window.__largeAtFirstPaint") is True
    assert page.get_by_role("button", name="大字").get_attribute("aria-pressed") == "true"

    page.get_by_role("button", name="大字").click()  # off again, and remembered off
    page.reload()
    assert page.evaluate("window.__largeAtFirstPaint") is False
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") == normal


@pytest.mark.parametrize("large", [True, False], ids=["large text", "normal text"])
@pytest.mark.parametrize("path", ["/visits/today/", "/visits/new/", "deed"])
def test_the_cadres_pages_are_usable_with_one_thumb(live_server, phone, work, path, large):
    page = phone
    _log_in(page, live_server.url)
    if large:
        page.get_by_role("button", name="大字").click()
    if path == "deed":
        path = f"/visits/stations/{work.pk}/deeds/new/"
    page.goto(live_server.url + path)
    size = page.evaluate("getComputedStyle(document.documentElement).fontSize")
    assert size == ("32px" if large else "16px")
    # The folded parts of the visit form are tapped open too.
    for summary in page.locator("details:not([open]) > summary").all():
        summary.click()
    problems = _problems(page)
    assert problems == [], "\n".join(problems)
