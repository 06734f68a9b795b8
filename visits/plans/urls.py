"""The stations' annual work plans (年度工作计划) and their progress."""

from django.urls import path

from visits.views import plans

app_name = "plans"

urlpatterns = [
    path("plans/stations/<int:pk>/", plans.station_plans, name="station_plans"),
    path("plans/stations/<int:pk>/new/", plans.plan_new, name="plan_new"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/export.<slug:fmt>", plans.plan_export, name="plan_export"),
    path("plans/<int:pk>/<slug:move>/", plans.plan_move, name="plan_move"),
    path("plans/counties/<int:pk>/", plans.county_plans, name="county_plans"),
    path("plans/counties/<int:pk>/<int:year>/", plans.county_plans, name="county_plans_of"),
    path("plans/townships/<int:pk>/", plans.township_plans, name="township_plans"),
    path("plans/townships/<int:pk>/<int:year>/", plans.township_plans, name="township_plans_of"),
    path(
        "plans/townships/<int:pk>/<int:year>/plans.xlsx",
        plans.township_export,
        name="township_export",
    ),
]
