from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from stations.models import (
    Assignment,
    ContactCard,
    ContactCardLine,
    DutyDay,
    FarmerFriend,
    Pairing,
    WorkStation,
)


@admin.register(WorkStation)
class WorkStationAdmin(admin.ModelAdmin):
    list_display = ["name", "village", "sponsoring_unit", "rule_in_words"]
    list_filter = ["village__township", "duty_rule"]
    list_select_related = ["village", "sponsoring_unit"]
    search_fields = ["name", "village__name", "sponsoring_unit__name"]

    @admin.display(description=_("duty rule"), ordering="duty_rule")
    def rule_in_words(self, station):
        return station.duty_rule_text()


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["cadre", "station", "role", "start_date", "end_date"]
    list_filter = ["role", "station__village__township", ("end_date", admin.EmptyFieldListFilter)]
    list_select_related = ["cadre", "station"]
    search_fields = ["cadre__name", "station__name"]
    raw_id_fields = ["cadre", "station"]


@admin.register(Pairing)
class PairingAdmin(SimpleHistoryAdmin):
    list_display = ["cadre", "household", "start_date", "end_date"]
    list_filter = ["household__village__township", ("end_date", admin.EmptyFieldListFilter)]
    list_select_related = ["cadre", "household__village"]
    search_fields = ["cadre__name", "household__head_name"]
    raw_id_fields = ["cadre", "household"]


@admin.register(FarmerFriend)
class FarmerFriendAdmin(SimpleHistoryAdmin):
    list_display = ["cadre", "name", "village", "since", "ended_on"]
    list_filter = ["village__township", ("ended_on", admin.EmptyFieldListFilter)]
    list_select_related = ["cadre", "village"]
    search_fields = ["cadre__name", "name"]
    raw_id_fields = ["cadre", "village"]


class ContactCardLineInline(admin.TabularInline):
    model = ContactCardLine
    extra = 0


@admin.register(ContactCard)
class ContactCardAdmin(SimpleHistoryAdmin):
    list_display = ["serial", "household", "station", "issued_on", "voided_on"]
    list_filter = [
        "county",
        "station__village__township",
        ("voided_on", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["household__village", "station"]
    search_fields = ["serial", "household__head_name"]
    raw_id_fields = ["household", "station", "issued_by"]
    inlines = [ContactCardLineInline]


@admin.register(DutyDay)
class DutyDayAdmin(admin.ModelAdmin):
    list_display = ["date", "station", "cadre", "held"]
    list_filter = ["held", "station__village__township"]
    list_select_related = ["station", "cadre"]
    search_fields = ["station__name", "cadre__name"]
    date_hierarchy = "date"
    raw_id_fields = ["station", "cadre"]
