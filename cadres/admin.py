from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cadres.forms import AdminLoginForm
from cadres.models import Cadre, Feedback, Office, SponsoringUnit, User

# The admin's login says why the demo password is refused, as the site's does.
admin.site.login_form = AdminLoginForm


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username",
        "first_name",
        "role",
        "prefecture",
        "county",
        "township",
        "office",
        "is_active",
    ]
    list_filter = [
        "role",
        "prefecture",
        "county",
        "township",
        "office",
        "is_superuser",
        "is_active",
    ]
    list_select_related = ["prefecture", "county", "township", "office"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Role and place"), {"fields": ["role", "prefecture", "county", "township", "office"]}),
    ]


@admin.register(Cadre)
class CadreAdmin(SimpleHistoryAdmin):
    list_display = ["name", "township", "position", "rank_class", "phone", "user"]
    list_filter = ["township", "rank_class"]
    list_select_related = ["township", "user"]
    search_fields = ["name", "name_pinyin", "phone", "work_unit"]
    raw_id_fields = ["user", "sponsoring_unit"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "author", "township", "read_at"]
    list_filter = ["township", ("read_at", admin.EmptyFieldListFilter)]
    list_select_related = ["author", "township"]
    search_fields = ["text", "reply"]
    raw_id_fields = ["author"]


# Spot checks, ratings and vote rounds (issue 6 §2).


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "township", "active"]
    list_filter = ["kind", "active", "township__county", "township"]
    list_select_related = ["township"]
    search_fields = ["name", "township__name"]


@admin.register(SponsoringUnit)
class SponsoringUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "county", "prefecture", "contact_name"]
    list_filter = ["level", "county", "prefecture"]
    list_select_related = ["county", "prefecture"]
    search_fields = ["name", "contact_name"]
