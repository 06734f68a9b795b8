from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from villages.models import (
    County,
    ErrandGuide,
    Household,
    HouseholdTag,
    Township,
    TownshipContact,
    Village,
    VillageGroup,
)


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class TownshipContactInline(admin.TabularInline):
    model = TownshipContact
    extra = 0


class ErrandGuideInline(admin.StackedInline):
    model = ErrandGuide
    extra = 0


@admin.register(Township)
class TownshipAdmin(admin.ModelAdmin):
    inlines = [TownshipContactInline, ErrandGuideInline]
    list_display = ["name", "county"]
    list_filter = ["county"]
    list_select_related = ["county"]
    search_fields = ["name"]


class VillageGroupInline(admin.TabularInline):
    model = VillageGroup
    extra = 0


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ["name", "township"]
    list_filter = ["township__county", "township"]
    list_select_related = ["township"]
    search_fields = ["name"]
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
