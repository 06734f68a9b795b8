from django.urls import path

from villages.views import calendar, imports, jobs, privacy, registers, township_settings

app_name = "villages"

urlpatterns = [
    # Files built in the background: the asker's page and download.
    path("jobs/<uuid:pk>/", jobs.job_status, name="job_status"),
    path("jobs/<uuid:pk>/file", jobs.job_file, name="job_file"),
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
]

# The working calendar: public holidays and make-up workdays.
urlpatterns += [
    path("calendar/", calendar.calendar_year, name="calendar"),
    path("calendar/<int:year>/", calendar.calendar_year, name="calendar_year"),
    path("calendar/<int:year>/add/", calendar.calendar_add, name="calendar_add"),
    path("calendar/days/<int:pk>/edit/", calendar.calendar_edit, name="calendar_edit"),
    path("calendar/days/<int:pk>/delete/", calendar.calendar_delete, name="calendar_delete"),
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
