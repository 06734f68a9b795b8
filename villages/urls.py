from django.urls import path

from villages.views import imports, overview, registers, township_settings
from visits.views import concern_township

urlpatterns = [
    path("counties/<int:pk>/", overview.county_overview, name="county_overview"),
    path("townships/<int:pk>/", overview.township_overview, name="township_overview"),
    path("imports/", imports.import_index, name="import_index"),
    path("imports/<slug:kind>/", imports.import_upload, name="import_upload"),
    path("imports/<slug:kind>/template.xlsx", imports.import_template, name="import_template"),
    path("imports/<slug:kind>/<uuid:token>/", imports.import_preview, name="import_preview"),
    path(
        "imports/<slug:kind>/<uuid:token>/confirm/", imports.import_confirm, name="import_confirm"
    ),
    path("imports/<slug:kind>/<uuid:token>/cancel/", imports.import_cancel, name="import_cancel"),
    path(
        "imports/<slug:kind>/<uuid:token>/problems.csv",
        imports.import_problems,
        name="import_problems",
    ),
    path(
        "townships/<int:pk>/settings/contacts/",
        township_settings.township_contacts,
        name="township_contacts",
    ),
    path(
        "townships/<int:pk>/settings/errands/",
        township_settings.township_errands,
        name="township_errands",
    ),
    # Concerns: the township's inbox, its offices, the public notice.
    path(
        "townships/<int:pk>/concerns/",
        concern_township.township_inbox,
        name="township_concerns",
    ),
    path("townships/<int:pk>/offices/", concern_township.offices, name="township_offices"),
    path("offices/<int:pk>/", concern_township.office_inbox, name="office_concerns"),
    path("offices/<int:pk>/edit/", concern_township.office_edit, name="office_edit"),
    path("townships/<int:pk>/notice/", concern_township.public_notice, name="public_notice"),
    path(
        "townships/<int:pk>/notice.pdf",
        concern_township.public_notice_pdf,
        name="public_notice_pdf",
    ),
    path(
        "townships/<int:pk>/notice/setting/",
        concern_township.public_notice_setting,
        name="public_notice_setting",
    ),
]

# Registers: villages (with their groups) and households.
urlpatterns += [
    path("villages/", registers.village_list, name="village_list"),
    path("villages/new/", registers.village_create, name="village_create"),
    path("villages/export.<str:fmt>", registers.village_export, name="village_export"),
    path("villages/<int:pk>/", registers.village_detail, name="village_detail"),
    path("villages/<int:pk>/edit/", registers.village_edit, name="village_edit"),
    path("households/", registers.household_list, name="household_list"),
    path("households/new/", registers.household_create, name="household_create"),
    path("households/export.<str:fmt>", registers.household_export, name="household_export"),
    path("households/<int:pk>/", registers.household_detail, name="household_detail"),
    path("households/<int:pk>/edit/", registers.household_edit, name="household_edit"),
]
