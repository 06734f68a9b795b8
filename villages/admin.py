from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from villages.models import (
    AccessLog,
    CalendarDay,
    County,
    ErrandGuide,
    Household,
    HouseholdTag,
    Job,
    Prefecture,
    Standard,
    Township,
    TownshipContact,
    Village,
    VillageGroup,
)


@admin.register(Prefecture)
class PrefectureAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "prefecture"]
    list_filter = ["prefecture"]
    list_select_related = ["prefecture"]
    # "=code": a code is looked up whole, on its unique index.
    search_fields = ["name", "=code", "prefecture__name"]


class TownshipContactInline(admin.TabularInline):
    model = TownshipContact
    extra = 0


class ErrandGuideInline(admin.StackedInline):
    model = ErrandGuide
    extra = 0


@admin.register(Township)
class TownshipAdmin(admin.ModelAdmin):
    inlines = [TownshipContactInline, ErrandGuideInline]
    list_display = ["name", "code", "county"]
    list_filter = ["county"]
    list_select_related = ["county"]
    search_fields = ["name", "^code"]


class VillageGroupInline(admin.TabularInline):
    model = VillageGroup
    extra = 0


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "urban_rural_code", "township"]
    list_filter = ["township__county", "township", "urban_rural_code"]
    list_select_related = ["township"]
    # A code's beginning finds a township's villages (430524101 → all of them).
    search_fields = ["name", "^code"]
    inlines = [VillageGroupInline]


@admin.register(HouseholdTag)
class HouseholdTagAdmin(admin.ModelAdmin):
    list_display = ["__str__", "code"]


@admin.register(Household)
class HouseholdAdmin(SimpleHistoryAdmin):
    list_display = ["head_name", "village", "group", "members", "phone"]
    list_filter = ["village__township", "tags"]
    list_select_related = ["village", "group__village"]
    search_fields = ["head_name", "name_pinyin", "phone", "address"]
    autocomplete_fields = ["village"]
    raw_id_fields = ["group"]
    filter_horizontal = ["tags"]


@admin.register(Standard)
class StandardAdmin(SimpleHistoryAdmin):
    list_display = [
        "county",
        "village_days_leadership",
        "village_days_section",
        "village_days_ordinary",
        "contacts_per_paired_household",
        "farmer_friends_per_member",
        "station_days_per_week",
        "updated_at",
    ]
    list_filter = ["station_days_per_week", "contacts_per_paired_household"]
    list_select_related = ["county"]
    search_fields = ["county__name"]


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: an audit log that its readers could edit would prove nothing."""

    list_display = [
        "at",
        "username",
        "address",
        "action",
        "model",
        "object_id",
        "field",
        "what",
        "rows",
    ]
    list_filter = ["action", "model"]
    search_fields = ["username", "what", "=object_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """What the workers built or are building, for the IT office; read-only (the
    worker writes these rows, and a file is deleted with its job by prune_jobs)."""

    list_display = ["title", "state", "progress", "created_at", "finished_at", "expires_at"]
    list_filter = ["state"]
    search_fields = ["title"]
    date_hierarchy = "created_at"
    exclude = ["params"]  # the asker's id and the period; nothing a reader needs

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CalendarDay)
class CalendarDayAdmin(SimpleHistoryAdmin):
    list_display = ["date", "kind", "festival", "counts_as", "note"]
    list_filter = ["kind", "festival"]
    date_hierarchy = "date"
