"""Assessment rounds (考核): the county's and the city's rounds, a round's results, notes,
workbook and public page."""

from django.urls import path

from visits.views import assessment

app_name = "assessment"

urlpatterns = [
    path("counties/<int:pk>/assessments/", assessment.round_list, name="round_list"),
    path("counties/<int:pk>/assessments/new/", assessment.round_create, name="round_create"),
    path("cities/<int:pk>/rounds/", assessment.city_round_list, name="city_round_list"),
    path("cities/<int:pk>/rounds/new/", assessment.city_round_create, name="city_round_create"),
    path("assessments/<int:pk>/", assessment.round_detail, name="round_detail"),
    path("assessments/<int:pk>/edit/", assessment.round_edit, name="round_edit"),
    path(
        "assessments/<int:pk>/notes/<str:kind>/<int:subject>/",
        assessment.note_edit,
        name="note_edit",
    ),
    path("assessments/<int:pk>/export.<str:fmt>", assessment.round_export, name="round_export"),
    path("assessments/p/<slug:key>/", assessment.round_public, name="round_public"),
]
