"""Spot checks (知名度 / 知民度), ratings by the masses and vote rounds.

Served under /cadres/, where they have always been."""

from django.urls import path

from visits.views import ratings, spotcheck_summary, spotchecks

app_name = "spotchecks"

urlpatterns = [
    path("spot-checks/", spotchecks.spot_check_list, name="spot_check_list"),
    path("spot-checks/draw/", spotchecks.spot_check_draw, name="spot_check_draw"),
    path("spot-checks/summary/", spotcheck_summary.spot_check_summary, name="spot_check_summary"),
    path("spot-checks/<int:pk>/", spotchecks.spot_check_detail, name="spot_check_detail"),
    path(
        "spot-checks/<int:pk>/answers/<int:answer_pk>/",
        spotchecks.spot_check_answer,
        name="spot_check_answer",
    ),
    path("<int:pk>/spot-checks/", spotchecks.cadre_spot_checks, name="cadre_spot_checks"),
    path("ratings/", ratings.rating_list, name="rating_list"),
    path("ratings/new/", ratings.rating_new, name="rating_new"),
    path("votes/", ratings.vote_round_list, name="vote_round_list"),
    path("votes/new/", ratings.vote_round_new, name="vote_round_new"),
    path("votes/<int:pk>/", ratings.vote_round_detail, name="vote_round_detail"),
]
