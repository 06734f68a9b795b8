from django.urls import path

from cadres.views import feedback, registers

urlpatterns = [
    path("feedback/", feedback.feedback_new, name="feedback_new"),
    path("feedback/inbox/", feedback.feedback_inbox, name="feedback_inbox"),
    path("feedback/<int:pk>/read/", feedback.feedback_read, name="feedback_read"),
]

# The cadre register.
urlpatterns += [
    path("", registers.cadre_list, name="cadre_list"),
    path("new/", registers.cadre_create, name="cadre_create"),
    path("export.<str:fmt>", registers.cadre_export, name="cadre_export"),
    path("<int:pk>/", registers.cadre_detail, name="cadre_detail"),
    path("<int:pk>/edit/", registers.cadre_edit, name="cadre_edit"),
]

# Spot checks (知名度 / 知民度), ratings by the masses and vote rounds (issue 6 §2).
from cadres.views import ratings, spotcheck_summary, spotchecks  # noqa: E402

urlpatterns += [
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
