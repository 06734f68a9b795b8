from django.urls import path

from visits.views import concerns, history, households, log, photos, today

urlpatterns = [
    path("today/", today.today, name="today"),
    path("new/", log.new_visit, name="visit_new"),
    path("reception/new/", log.new_reception, name="reception_new"),
    path("mine/", history.my_history, name="my_history"),
    path("<int:pk>/", history.visit_detail, name="visit_detail"),
    path("<int:pk>/edit/", log.edit_visit, name="visit_edit"),
    path("<int:pk>/follow-up/close/", log.close_follow_up, name="follow_up_close"),
    path("photos/<int:pk>/", photos.photo, name="visit_photo"),
    path("households/", households.household_search, name="household_search"),
    # Concerns (民情诉求)
    path("<int:pk>/concerns/new/", concerns.concern_from_visit, name="concern_from_visit"),
    path("concerns/", concerns.concern_list, name="concern_list"),
    path("concerns/new/", concerns.concern_new, name="concern_new"),
    path("concerns/<int:pk>/", concerns.concern_detail, name="concern_detail"),
    path("concerns/<int:pk>/<slug:move>/", concerns.concern_move, name="concern_move"),
]
