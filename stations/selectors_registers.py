"""Reads that feed the station, assignment and pairing registers and their exports."""

from operator import attrgetter

from django.utils.translation import gettext_lazy as _

from stations.models import Assignment, ContactCard, Pairing, WorkStation
from villages.exports import Column, field
from villages.models import Household
from villages.selectors import count_of


def station_register(user):
    return (
        WorkStation.objects.visible_to(user)
        .select_related("village__township")
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
        field(WorkStation, "name", width=24),
        field(WorkStation, "sponsoring_unit", width=20),
        field(WorkStation, "office_address", width=24),
        field(WorkStation, "office_phone"),
        field(WorkStation, "duty_rule", lambda s: s.get_duty_rule_display()),
        field(WorkStation, "duty_days", width=10),
        *(field(WorkStation, name, width=8) for name, _label in WorkStation.SEVEN_HAVES),
        Column(_("current members"), attrgetter("member_count"), 10),
        Column(_("households"), attrgetter("household_count"), 10),
        Column(_("valid contact cards"), attrgetter("card_count"), 10),
    ]


def assignment_register(user):
    return Assignment.objects.visible_to(user).select_related("cadre", "station__village")


def assignment_columns(user):
    return [
        field(Assignment, "cadre", lambda a: a.cadre.name, width=12),
        Column(_("position"), lambda a: a.cadre.position, 16),
        field(Assignment, "station", lambda a: a.station.name, width=24),
        Column(_("village"), lambda a: a.station.village.name),
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
        Column(
            _("village group"), lambda p: p.household.group.name if p.household.group_id else ""
        ),
        field(Pairing, "start_date", width=12),
        field(Pairing, "end_date", width=12),
    ]
