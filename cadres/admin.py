from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cadres.models import (
    Cadre,
    Feedback,
    Rating,
    SpotCheck,
    SpotCheckAnswer,
    User,
    VoteItem,
    VoteRound,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "role", "county", "township", "office", "is_active"]
    list_filter = ["role", "county", "township", "office", "is_superuser", "is_active"]
    list_select_related = ["county", "township", "office"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Role and place"), {"fields": ["role", "county", "township", "office"]}),
    ]


@admin.register(Cadre)
class CadreAdmin(SimpleHistoryAdmin):
    list_display = ["name", "township", "position", "rank_class", "phone", "user"]
    list_filter = ["township", "rank_class"]
    list_select_related = ["township", "user"]
    search_fields = ["name", "name_pinyin", "phone", "work_unit"]
    raw_id_fields = ["user"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "author", "township", "read_at"]
    list_filter = ["township", ("read_at", admin.EmptyFieldListFilter)]
    list_select_related = ["author", "township"]
    search_fields = ["text", "reply"]
    raw_id_fields = ["author"]


# Spot checks, ratings and vote rounds (issue 6 §2).
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
