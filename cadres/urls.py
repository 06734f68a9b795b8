from django.urls import path

from cadres.views import feedback, registers

app_name = "cadres"

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
