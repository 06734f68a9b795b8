"""The township's and the county's navigation bars, in sections, with the area marked.

Each bar is data (``TOWNSHIP_BAR``, ``COUNTY_BAR``): sections of entries, each
entry a page and the pages of its area (URL names). The entry whose area holds
the page being shown is marked ``aria-current="page"`` and its section is
marked too, so every page of an area (a household's page, its edit form, the
register) shows the same place in the bar. An entry appears once; entries
only township staff may open are shown to them alone.

``{% place_nav %}`` picks the bar: the township's on a page about one township
(``township`` in the context) or for township staff anywhere, the county's for
a county supervisor elsewhere; none for cadres and office staff, whose pages
have their own links. A city supervisor gets the city's bar (``CITY_BAR``) on
the city's pages and the registers, and on a page about one county or township
that place's bar, led by the city's start and supervision pages.
"""

from dataclasses import dataclass

from django import template
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

register = template.Library()

TOWNSHIP, COUNTY, PREFECTURE = "township", "county", "prefecture"


@dataclass(frozen=True)
class Entry:
    key: str
    label: str
    url_name: str
    area: frozenset  # the URL names of the pages this entry stands for
    by_pk: bool = True  # the place's pk in the path (else ?township=pk in the query)
    query: tuple = ()
    staff_only: bool = False  # township staff only (their writing pages)
    city: bool = False  # a page of the city supervisor's prefecture (its pk in the path)

    def url(self, place_pk, level):
        if self.by_pk:
            path = reverse(self.url_name, args=[place_pk])
            query = dict(self.query)
        else:
            path = reverse(self.url_name)
            query = {level: place_pk, **dict(self.query)} if place_pk else dict(self.query)
        return f"{path}?{urlencode(query)}" if query else path


def _entry(key, label, url_name, *area, **options):
    return Entry(key, label, url_name, frozenset({url_name, *area}), **options)


def _section(key, label, *entries):
    return {"key": key, "label": label, "entries": entries}


REGISTERS = pgettext_lazy("navigation", "Registers")
DUTY = pgettext_lazy("navigation", "Duty")
CARDS = pgettext_lazy("navigation", "Cards")
CONCERNS = pgettext_lazy("navigation", "Concerns")
WORK = pgettext_lazy("navigation", "Work")
SUPERVISION = pgettext_lazy("navigation", "Supervision")
FEEDBACK = _entry(
    "feedback",
    _("Suggestions and complaints"),
    "cadres:feedback_inbox",
    by_pk=False,
)
SPOT_CHECKS = _entry(
    "spot_checks",
    _("Spot checks"),
    "spotchecks:spot_check_list",
    "spotchecks:spot_check_draw",
    "spotchecks:spot_check_summary",
    "spotchecks:spot_check_detail",
    "spotchecks:cadre_spot_checks",
    "spotchecks:rating_list",
    "spotchecks:rating_new",
    "spotchecks:vote_round_list",
    "spotchecks:vote_round_new",
    "spotchecks:vote_round_detail",
    by_pk=False,
)
MEETINGS = _entry(
    "meetings", _("Meetings"), "visits:meeting_list", "visits:meeting_detail", by_pk=False
)
DEEDS = _entry("deeds", _("Practical deeds"), "visits:deed_list", "visits:deed_detail", by_pk=False)
UNITS = _entry(
    "units",
    _("Sponsoring units"),
    "stations:unit_list",
    "stations:unit_create",
    "stations:unit_detail",
    "stations:unit_edit",
    by_pk=False,
)

TOWNSHIP_BAR = [
    _section(
        "start",
        pgettext_lazy("navigation", "To do"),
        _entry("worklist", _("Worklist"), "supervision:township_overview"),
    ),
    _section(
        "registers",
        REGISTERS,
        _entry(
            "villages",
            _("Villages and groups"),
            "villages:village_list",
            "villages:village_create",
            "villages:village_detail",
            "villages:village_edit",
            by_pk=False,
        ),
        _entry(
            "households",
            _("Household register"),
            "villages:household_list",
            "villages:household_create",
            "villages:household_detail",
            "villages:household_edit",
            "villages:household_erase",
            by_pk=False,
        ),
        _entry(
            "cadres",
            _("Cadre register"),
            "cadres:cadre_list",
            "cadres:cadre_create",
            "cadres:cadre_detail",
            "cadres:cadre_edit",
            "stations:friend_list",
            "stations:friend_create",
            "stations:friend_edit",
            by_pk=False,
        ),
        _entry(
            "stations",
            _("Station register"),
            "stations:station_list",
            "stations:station_create",
            "stations:station_edit",
            "stations:station_detail",
            "stations:rotation_station",
            "stations:rotation_new",
            by_pk=False,
        ),
        _entry(
            "assignments",
            _("Assignments"),
            "stations:assignment_list",
            "stations:assignment_create",
            "stations:assignment_edit",
            by_pk=False,
            query=(("status", "current"),),
        ),
        _entry(
            "pairings",
            _("Pairings"),
            "stations:pairing_list",
            "stations:pairing_create",
            "stations:pairing_edit",
            by_pk=False,
            query=(("status", "current"),),
        ),
        UNITS,
        _entry(
            "imports",
            _("Import from Excel"),
            "villages:import_index",
            "villages:import_upload",
            "villages:import_preview",
            by_pk=False,
            staff_only=True,
        ),
    ),
    _section(
        "duty",
        DUTY,
        _entry(
            "duty",
            _("Duty calendar"),
            "stations:duty_calendar",
            "stations:duty_calendar_month",
            "stations:station_duty",
            "stations:station_duty_month",
            "stations:station_duty_rule",
            "stations:duty_detail",
            "stations:station_receptions",
            "stations:station_receptions_month",
        ),
    ),
    _section(
        "cards",
        CARDS,
        _entry(
            "cards",
            _("Contact cards"),
            "stations:card_township",
            "stations:card_stale",
            "stations:station_cards",
            "stations:card_print",
        ),
        _entry("contacts", _("Key contacts"), "villages:township_contacts", staff_only=True),
        _entry("errands", _("Errand guides"), "villages:township_errands", staff_only=True),
    ),
    _section(
        "concerns",
        CONCERNS,
        _entry(
            "concerns",
            _("Concerns"),
            "concerns:township_concerns",
            "visits:concern_detail",
            "visits:concern_new",
            "visits:concern_list",
        ),
        _entry(
            "offices",
            _("Business offices"),
            "concerns:township_offices",
            "concerns:office_concerns",
            "concerns:office_edit",
        ),
        _entry(
            "notice",
            _("Public notice"),
            "concerns:public_notice",
            "concerns:notice_review",
            "concerns:notice_review_confirm",
        ),
        _entry("hidden", _("Hidden records"), "concerns:township_hidden", staff_only=True),
    ),
    _section("work", WORK, MEETINGS, DEEDS, FEEDBACK),
    _section(
        "supervision",
        SUPERVISION,
        _entry(
            "supervision",
            _("Supervision"),
            "supervision:supervision_township",
            "supervision:supervision_station",
            "supervision:supervision_member",
        ),
        _entry("shortfalls", _("Shortfalls"), "supervision:supervision_township_shortfalls"),
        _entry(
            "materials",
            _("Monthly materials"),
            "materials:township_months",
            "materials:township_months_of",
        ),
        _entry(
            "plans",
            _("Annual work plans"),
            "plans:township_plans",
            "plans:township_plans_of",
        ),
        SPOT_CHECKS,
    ),
]

COUNTY_BAR = [
    _section(
        "start",
        pgettext_lazy("navigation", "To do"),
        _entry("ranking", _("Townships ranked"), "supervision:county_overview"),
    ),
    _section("registers", REGISTERS, UNITS),
    _section("cards", CARDS, _entry("cards", _("Contact cards"), "stations:card_county")),
    _section("work", WORK, MEETINGS, DEEDS, FEEDBACK),
    _section(
        "supervision",
        SUPERVISION,
        _entry("supervision", _("Supervision"), "supervision:supervision_county"),
        _entry("units_ranked", _("Units ranked"), "supervision:units_county"),
        _entry(
            "assessment",
            _("Assessment rounds"),
            "assessment:round_list",
            "assessment:round_create",
        ),
        _entry("shortfalls", _("Shortfalls"), "supervision:supervision_county_shortfalls"),
        _entry("standards", _("Standards"), "supervision:supervision_standard"),
        _entry(
            "materials",
            _("Monthly materials"),
            "materials:county_months",
            "materials:county_months_of",
            "materials:county_notice",
            "materials:county_standard",
        ),
        _entry("plans", _("Annual work plans"), "plans:county_plans", "plans:county_plans_of"),
        SPOT_CHECKS,
    ),
]


CITY_BAR = [
    _section(
        "city",
        pgettext_lazy("navigation", "City"),
        _entry(
            "city",
            _("Counties of the city"),
            "supervision:prefecture_overview",
            city=True,
        ),
        _entry(
            "city_supervision",
            _("City supervision"),
            "supervision:supervision_prefecture",
            city=True,
        ),
        _entry("city_units", _("City units ranked"), "supervision:units_city", city=True),
        _entry(
            "city_assessment",
            _("Assessment rounds"),
            "assessment:city_round_list",
            "assessment:city_round_create",
            city=True,
        ),
        UNITS,
    ),
]


def current_page(request):
    """The URL name of the page being shown ("" when it has none)."""
    match = getattr(request, "resolver_match", None)
    return match.view_name if match else ""


def bar(sections, *, level, place_pk, page, staff, city_pk=None):
    """The bar's sections as the template draws them: each entry's address, and which
    entry and section hold ``page``."""
    drawn = []
    for section in sections:
        entries = [
            {
                "key": e.key,
                "label": e.label,
                "url": e.url(city_pk if e.city else place_pk, level),
                "current": page in e.area,
            }
            for e in section["entries"]
            if staff or not e.staff_only
        ]
        current = any(e["current"] for e in entries)
        drawn.append({**section, "entries": entries, "current": current})
    return drawn


def _which(context):
    """(level, place pk, bar) for the page, or None."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return None
    township = context.get("township")
    role = getattr(user, "role", "")
    if user.is_superuser or role in (TOWNSHIP, COUNTY):
        if township is not None:
            return TOWNSHIP, township.pk, TOWNSHIP_BAR
        if role == TOWNSHIP and user.township_id:
            return TOWNSHIP, user.township_id, TOWNSHIP_BAR
        if role == COUNTY and user.county_id:
            return COUNTY, user.county_id, COUNTY_BAR
    if role == PREFECTURE and user.prefecture_id:
        # The place the page is about, under the city's own entries.
        township, county = context.get("township"), context.get("county")
        if township is not None:
            return TOWNSHIP, township.pk, CITY_BAR + TOWNSHIP_BAR
        if county is not None and hasattr(county, "pk"):
            return COUNTY, county.pk, CITY_BAR + COUNTY_BAR
        return PREFECTURE, user.prefecture_id, CITY_BAR
    return None


@register.inclusion_tag("partials/place_nav.html", takes_context=True)
def place_nav(context):
    """{% place_nav %}: the township's or the county's bar (nothing for other roles)."""
    found = _which(context)
    if found is None:
        return {"sections": None}
    level, place_pk, sections = found
    user = context["user"]
    return {
        "sections": bar(
            sections,
            level=level,
            place_pk=place_pk,
            page=current_page(context.get("request")),
            staff=user.is_superuser or user.role == TOWNSHIP,
            city_pk=getattr(user, "prefecture_id", None),
        ),
        "level": level,
    }
