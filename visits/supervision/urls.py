"""Overviews, supervision (督导) and the monthly report, for townships and the county."""

from django.urls import path

from visits.views import city, coverage, overview, reports, supervision, supervision_exports, units

app_name = "supervision"

urlpatterns = [
    path("cities/<int:pk>/", city.prefecture_overview, name="prefecture_overview"),
    path("counties/<int:pk>/", overview.county_overview, name="county_overview"),
    path("townships/<int:pk>/", overview.township_overview, name="township_overview"),
]

# Supervision (督导): city → county → township → station → member, shortfalls, standards.
urlpatterns += [
    path(
        "supervision/cities/<int:pk>/",
        city.supervision_prefecture,
        name="supervision_prefecture",
    ),
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
    path(
        "supervision/townships/<int:pk>/coverage/",
        coverage.township_coverage,
        name="supervision_township_coverage",
    ),
    path(
        "supervision/counties/<int:pk>/coverage/",
        coverage.county_coverage,
        name="supervision_county_coverage",
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

# The monthly report (月报): xlsx, a CSV per table (?table=…), the PDF booklet (the
# city's: xlsx and a CSV per table).
urlpatterns += [
    path(
        "supervision/cities/<int:pk>/report.<str:fmt>",
        city.report_prefecture,
        name="report_prefecture",
    ),
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

# The sponsoring units ranked (派驻单位排名): a county's, and the city's own departments.
urlpatterns += [
    path("supervision/counties/<int:pk>/units/", units.county_units, name="units_county"),
    path("supervision/cities/<int:pk>/units/", units.city_units, name="units_city"),
]
