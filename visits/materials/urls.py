"""The monthly materials (月度材料) and their approval: a station's month, the township's
list to review, the county's list to approve, its notice (通报) and standard."""

from django.urls import path

from visits.views import materials

app_name = "materials"

urlpatterns = [
    path("materials/stations/<int:pk>/", materials.station_month, name="station_month"),
    path(
        "materials/stations/<int:pk>/<int:year>/<int:month>/",
        materials.station_month,
        name="station_month_of",
    ),
    path(
        "materials/stations/<int:pk>/<int:year>/<int:month>/<slug:move>/",
        materials.station_move,
        name="station_move",
    ),
    path("materials/townships/<int:pk>/", materials.township_months, name="township_months"),
    path(
        "materials/townships/<int:pk>/<int:year>/<int:month>/",
        materials.township_months,
        name="township_months_of",
    ),
    path("materials/counties/<int:pk>/", materials.county_months, name="county_months"),
    path(
        "materials/counties/<int:pk>/<int:year>/<int:month>/",
        materials.county_months,
        name="county_months_of",
    ),
    path(
        "materials/counties/<int:pk>/<int:year>/<int:month>/notice/",
        materials.county_notice,
        name="county_notice",
    ),
    path(
        "materials/counties/<int:pk>/<int:year>/<int:month>/notice.pdf",
        materials.county_notice_pdf,
        name="county_notice_pdf",
    ),
    path(
        "materials/counties/<int:pk>/standard/",
        materials.standard_edit,
        name="county_standard",
    ),
]
