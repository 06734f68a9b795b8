"""Reads of the stations' registers and pages, and the stations' facts on the
registers below them (a household's pairings and card, a cadre's stations)."""

import datetime
from operator import attrgetter

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadres.models import Cadre, SponsoringUnit
from stations.models import Assignment, ContactCard, DutyDay, Pairing, WorkStation
from villages import selectors as village_selectors
from villages.exports import Column, field
from villages.models import Household, Village
from villages.privacy import phone_for
from villages.selectors import count_of
from villages.wording import bracketed, listing


def station_page(station: WorkStation):
    """A station's members, duty days this week and counts (the view adds its recent visits)."""
    today = timezone.localdate()
    week_start = today - datetime.timedelta(days=today.weekday())
    week_end = week_start + datetime.timedelta(days=6)
    return {
        "station": station,
        "today": today,
        "members": Assignment.objects.current()
        .in_place(station=station)
        .chief_first()
        .select_related("cadre"),
        "duties_this_week": DutyDay.objects.in_place(station=station)
        .filter(date__range=(week_start, week_end))
        .select_related("cadre"),
        "households": station.village.households.count(),
        "valid_cards": station.cards.valid().count(),
        "seven_haves": station.seven_haves(),
    }


def station_register(user):
    return (
        WorkStation.objects.visible_to(user)
        .select_related("village__township", "sponsoring_unit")
        .annotate(
            member_count=count_of(Assignment, "station", end_date__isnull=True),
            household_count=count_of(Household, "village", outer="village"),
            card_count=count_of(ContactCard, "station", voided_on__isnull=True),
        )
    )


def station_columns(user):
    return [
        Column(_("township"), lambda s: s.village.township.name),
        field(WorkStation, "village", lambda s: s.village.name),
        village_selectors.village_code_column(lambda s: s.village),
        field(WorkStation, "name", width=24),
        field(
            WorkStation,
            "sponsoring_unit",
            lambda s: s.sponsoring_unit.name if s.sponsoring_unit_id else "",
            width=20,
        ),
        field(WorkStation, "office_address", width=24),
        field(WorkStation, "office_phone"),
        field(WorkStation, "duty_rule", lambda s: s.duty_rule_text(), width=20),
        *(field(WorkStation, name, width=8) for name, _label in WorkStation.SEVEN_HAVES),
        Column(_("current members"), attrgetter("member_count"), 10),
        Column(_("households"), attrgetter("household_count"), 10),
        Column(_("valid contact cards"), attrgetter("card_count"), 10),
    ]


def unit_register(user):
    """The units the user sees, with the stations each sponsors and the cadres it sent
    (counted over the whole register: a city unit's in every county)."""
    return SponsoringUnit.objects.visible_to(user).annotate(
        station_count=count_of(WorkStation, "sponsoring_unit"),
        cadre_count=count_of(Cadre, "sponsoring_unit"),
    )


def unit_columns(user):
    return [
        field(SponsoringUnit, "name", width=24),
        field(SponsoringUnit, "level", lambda u: u.get_level_display(), width=8),
        field(SponsoringUnit, "contact_name", width=12),
        field(SponsoringUnit, "contact_phone", lambda u: u.phone_for(user)),
        Column(_("stations sponsored"), attrgetter("station_count"), 10),
        Column(_("cadres sent"), attrgetter("cadre_count"), 10),
    ]


def assignment_register(user):
    return Assignment.objects.visible_to(user).select_related("cadre", "station__village")


def assignment_columns(user):
    return [
        field(Assignment, "cadre", lambda a: a.cadre.name, width=12),
        Column(_("position"), lambda a: a.cadre.position, 16),
        field(Assignment, "station", lambda a: a.station.name, width=24),
        Column(_("village"), lambda a: a.station.village.name),
        village_selectors.village_code_column(lambda a: a.station.village),
        field(Assignment, "role", lambda a: a.get_role_display()),
        field(Assignment, "start_date", width=12),
        field(Assignment, "end_date", width=12),
        field(Assignment, "away", width=8),
    ]


def pairing_register(user):
    return Pairing.objects.visible_to(user).select_related(
        "cadre", "household__village", "household__group"
    )


def pairing_columns(user):
    return [
        field(Pairing, "cadre", lambda p: p.cadre.name, width=12),
        field(Pairing, "household", lambda p: p.household.head_name, width=12),
        Column(_("village"), lambda p: p.household.village.name),
        village_selectors.village_code_column(lambda p: p.household.village),
        Column(
            _("village group"), lambda p: p.household.group.name if p.household.group_id else ""
        ),
        field(Pairing, "start_date", width=12),
        field(Pairing, "end_date", width=12),
    ]


# The village, household and cadre registers, with what the stations know of them


def village_figures(village: Village):
    """Members serving at the village's station now, and the valid cards of its households."""
    station = getattr(village, "station", None)
    return {
        "members": Assignment.objects.current().in_place(station=station).count() if station else 0,
        "valid_cards": ContactCard.objects.valid()
        .in_place_of("household", village=village)
        .count(),
    }


def household_export(user):
    """The household register with each household's current paired cadres, for the export."""
    current = Pairing.objects.current().select_related("cadre")
    return village_selectors.household_register(user).prefetch_related(
        Prefetch("pairings", queryset=current, to_attr="current_pairings")
    )


def household_columns(user):
    return [
        *village_selectors.household_columns(user),
        Column(_("paired cadres"), lambda h: listing(p.cadre.name for p in h.current_pairings), 18),
    ]


def cadre_register(user):
    """The cadre register, each cadre with the stations they serve at now."""
    current = Assignment.objects.current().select_related("station").order_by("station__name")
    return (
        Cadre.objects.visible_to(user)
        .select_related("township")
        .prefetch_related(Prefetch("assignments", queryset=current, to_attr="current_assignments"))
    )


def _serving(cadre):
    return listing(
        bracketed(a.station.name, a.get_role_display()) for a in cadre.current_assignments
    )


def cadre_columns(user):
    return [
        field(Cadre, "township", lambda c: c.township.name),
        field(Cadre, "name", width=12),
        field(Cadre, "phone", lambda c: phone_for(user, c.phone)),
        field(Cadre, "work_unit", width=20),
        field(Cadre, "position", width=16),
        field(Cadre, "rank_class", lambda c: c.get_rank_class_display()),
        Column(_("serves at"), _serving, 30),
    ]
