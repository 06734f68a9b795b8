from django.urls import path

from villages.views import (
    imports,
    overview,
    privacy,
    registers,
    reports,
    supervision,
    supervision_exports,
    township_settings,
)
from visits.views import concern_township, hiding

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
    path("townships/<int:pk>/hidden/", hiding.township_hidden, name="township_hidden"),
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
    path("households/<int:pk>/phone/", privacy.household_phone, name="household_phone"),
    path("households/<int:pk>/erase/", privacy.household_erase, name="household_erase"),
]

# Supervision (督导): county → township → station → member, shortfalls, standards.
urlpatterns += [
    path("supervision/counties/<int:pk>/", supervision.county, name="supervision_county"),
    path(
        "supervision/counties/<int:pk>/shortfalls/",
        supervision.county_shortfalls,
        name="supervision_county_shortfalls",
    ),
    path(
        "supervision/counties/<int:pk>/standard/",
        supervision.standard_edit,
        name="supervision_standard",
    ),
    path("supervision/townships/<int:pk>/", supervision.township, name="supervision_township"),
    path(
        "supervision/townships/<int:pk>/shortfalls/",
        supervision.township_shortfalls,
        name="supervision_township_shortfalls",
    ),
    path("supervision/stations/<int:pk>/", supervision.station, name="supervision_station"),
    path("supervision/members/<int:pk>/", supervision.member, name="supervision_member"),
]

# Exports of the supervision lists: the page's table, period and filters.
urlpatterns += [
    path(
        "supervision/counties/<int:pk>/export.<str:fmt>",
        supervision_exports.county_export,
        name="supervision_county_export",
    ),
    path(
        "supervision/counties/<int:pk>/shortfalls/export.<str:fmt>",
        supervision_exports.county_shortfalls_export,
        name="supervision_county_shortfalls_export",
    ),
    path(
        "supervision/townships/<int:pk>/export.<str:fmt>",
        supervision_exports.township_export,
        name="supervision_township_export",
    ),
    path(
        "supervision/townships/<int:pk>/shortfalls/export.<str:fmt>",
        supervision_exports.township_shortfalls_export,
        name="supervision_township_shortfalls_export",
    ),
    path(
        "supervision/stations/<int:pk>/export.<str:fmt>",
        supervision_exports.station_export,
        name="supervision_station_export",
    ),
]

# The monthly report (月报): xlsx, a CSV per table (?table=…), the PDF booklet.
urlpatterns += [
    path(
        "supervision/counties/<int:pk>/report.<str:fmt>",
        reports.report_county,
        name="report_county",
    ),
    path(
        "supervision/townships/<int:pk>/report.<str:fmt>",
        reports.report_township,
        name="report_township",
    ),
]
