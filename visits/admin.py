from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from visits.models import Concern, ConcernEvent, Office, Visit, VisitPhoto


class VisitPhotoInline(admin.TabularInline):
    model = VisitPhoto
    extra = 0


@admin.register(Visit)
class VisitAdmin(SimpleHistoryAdmin):
    list_display = ["occurred_at", "kind", "station", "author", "household", "follow_up"]
    list_filter = ["kind", "follow_up", "station__village__township"]
    list_select_related = ["station", "author", "household__village", "village"]
    search_fields = ["author__name", "household__head_name", "seen", "asked"]
    date_hierarchy = "occurred_at"
    raw_id_fields = ["station", "author", "household", "village", "companions"]
    inlines = [VisitPhotoInline]


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "township", "active"]
    list_filter = ["kind", "active", "township__county", "township"]
    list_select_related = ["township"]
    search_fields = ["name", "township__name"]


class ConcernEventInline(admin.TabularInline):
    # The timeline is written by the moves only: shown here, never edited.
    model = ConcernEvent
    extra = 0
    can_delete = False
    fields = ["version", "at", "actor", "move", "from_state", "to_state", "office", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Concern)
class ConcernAdmin(SimpleHistoryAdmin):
    list_display = ["raised_at", "category", "state", "station", "office", "deadline"]
    list_filter = ["state", "category", "urgency", "major_event", "township", "office"]
    list_select_related = ["station", "office"]
    search_fields = ["description", "result", "household__head_name", "station__name"]
    date_hierarchy = "raised_at"
    raw_id_fields = [
        "township",
        "station",
        "village",
        "household",
        "raised_in",
        "raised_by",
        "created_by",
        "office",
        "assigned_by",
        "feedback_by",
    ]
    inlines = [ConcernEventInline]

    def has_delete_permission(self, request, obj=None):
        # Nothing of a concern is ever deleted; history keeps every change.
        return False
