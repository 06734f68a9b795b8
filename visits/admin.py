from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from visits.models import (
    Concern,
    ConcernEvent,
    Deed,
    Meeting,
    Rating,
    SpotCheck,
    SpotCheckAnswer,
    Visit,
    VisitPhoto,
    VoteItem,
    VoteRound,
)


class VisitPhotoInline(admin.TabularInline):
    # Photos come in through the visit form only, which decodes them as JPEG, PNG
    # or WebP within the pixel caps and stores a fresh JPEG; the admin's image
    # field would store whatever Pillow can open (EPS included), as it came.
    model = VisitPhoto
    extra = 0
    fields = readonly_fields = ["photo", "uploaded_at"]

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("image"))
    def photo(self, obj):
        # Through the app's photo view, never the storage's own URL: in a bucket
        # that is a signed address anyone holding it could open, unchecked.
        return format_html(
            '<a href="{}">{}</a>', reverse("visits:visit_photo", args=[obj.pk]), obj.image.name
        )


@admin.register(Visit)
class VisitAdmin(SimpleHistoryAdmin):
    list_display = [
        "occurred_at",
        "kind",
        "station",
        "author",
        "household",
        "follow_up",
        "hidden_at",
    ]
    list_filter = ["kind", "follow_up", "station__village__township", "hidden_at"]
    list_select_related = ["station", "author", "household__village", "village"]
    search_fields = ["author__name", "household__head_name", "seen", "asked"]
    date_hierarchy = "occurred_at"
    raw_id_fields = ["station", "author", "household", "village", "companions"]
    inlines = [VisitPhotoInline]

    def get_queryset(self, request):
        # Hidden visits too: the default manager leaves them out.
        return Visit.all_objects.all()

    def has_delete_permission(self, request, obj=None):
        # Visits are hidden, never deleted (see visits.hiding).
        return False


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
    list_display = ["raised_at", "category", "state", "station", "office", "deadline", "hidden_at"]
    list_filter = ["state", "category", "urgency", "major_event", "township", "office", "hidden_at"]
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

    def get_queryset(self, request):
        # Hidden concerns too: the default manager leaves them out.
        return Concern.all_objects.all()

    def has_delete_permission(self, request, obj=None):
        # Nothing of a concern is ever deleted; history keeps every change.
        return False


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["held_at", "kind", "station", "villagers", "recorded_by"]
    list_filter = ["kind", "station__village__township"]
    list_select_related = ["station", "recorded_by"]
    search_fields = ["station__name", "place", "topics", "attendees__name"]
    date_hierarchy = "held_at"
    raw_id_fields = ["station", "attendees", "recorded_by"]


@admin.register(Deed)
class DeedAdmin(SimpleHistoryAdmin):
    list_display = [
        "done_on",
        "category",
        "what",
        "station",
        "money_raised",
        "people_helped",
        "quantity",
        "unit",
    ]
    list_filter = ["category", "unit", "station__village__township"]
    list_select_related = ["station"]
    search_fields = ["station__name", "what", "cadres__name", "household__head_name"]
    date_hierarchy = "done_on"
    raw_id_fields = ["station", "cadres", "household", "recorded_by"]


class SpotCheckAnswerInline(admin.TabularInline):
    model = SpotCheckAnswer
    extra = 0
    raw_id_fields = ["household", "recorded_by"]
    filter_horizontal = ["cadre_tags"]


@admin.register(SpotCheck)
class SpotCheckAdmin(admin.ModelAdmin):
    list_display = ["drawn_at", "cadre", "township", "sample_size", "seed", "drawn_by"]
    list_filter = ["township", "drawn_at"]
    list_select_related = ["cadre", "township", "drawn_by"]
    search_fields = ["cadre__name", "cadre__name_pinyin"]
    raw_id_fields = ["cadre", "drawn_by"]
    inlines = [SpotCheckAnswerInline]


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["rated_on", "station", "cadre", "household", "value"]
    list_filter = ["value", "station__village__township", "rated_on"]
    list_select_related = ["station", "cadre", "household__village"]
    search_fields = ["cadre__name", "household__head_name", "station__name"]
    raw_id_fields = ["station", "cadre", "household", "entered_by"]


class VoteItemInline(admin.TabularInline):
    model = VoteItem
    extra = 0


@admin.register(VoteRound)
class VoteRoundAdmin(admin.ModelAdmin):
    list_display = ["held_on", "title", "township", "voters"]
    list_filter = ["township", "held_on"]
    list_select_related = ["township"]
    search_fields = ["title", "items__text"]
    raw_id_fields = ["entered_by"]
    inlines = [VoteItemInline]
