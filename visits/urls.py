from django.urls import path

from visits.views import concerns, hiding, history, households, log, meetings, photos, today

app_name = "visits"

urlpatterns = [
    path("today/", today.today, name="today"),
    path("new/", log.new_visit, name="visit_new"),
    path("reception/new/", log.new_reception, name="reception_new"),
    path("mine/", history.my_history, name="my_history"),
    path("<int:pk>/", history.visit_detail, name="visit_detail"),
    path("<int:pk>/edit/", log.edit_visit, name="visit_edit"),
    path("<int:pk>/follow-up/close/", log.close_follow_up, name="follow_up_close"),
    path("<int:pk>/hide/", hiding.visit_hide, name="visit_hide"),
    path("<int:pk>/restore/", hiding.visit_restore, name="visit_restore"),
    path("photos/<int:pk>/", photos.photo, name="visit_photo"),
    path("households/", households.household_search, name="household_search"),
    # Concerns (民情诉求)
    path("<int:pk>/concerns/new/", concerns.concern_from_visit, name="concern_from_visit"),
    path("concerns/", concerns.concern_list, name="concern_list"),
    path("concerns/new/", concerns.concern_new, name="concern_new"),
    path("concerns/<int:pk>/", concerns.concern_detail, name="concern_detail"),
    path("concerns/<int:pk>/phone/", concerns.concern_phone, name="concern_phone"),
    path("concerns/<int:pk>/hide/", hiding.concern_hide, name="concern_hide"),
    path("concerns/<int:pk>/restore/", hiding.concern_restore, name="concern_restore"),
    path("concerns/<int:pk>/<slug:move>/", concerns.concern_move, name="concern_move"),
    # Meetings and practical deeds (会议活动 / 办实事)
    path("stations/<int:pk>/work/", meetings.station_work, name="station_work"),
    path("stations/<int:pk>/meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("stations/<int:pk>/deeds/new/", meetings.deed_new, name="deed_new"),
    path("meetings/", meetings.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("deeds/", meetings.deed_list, name="deed_list"),
    path("deeds/<int:pk>/", meetings.deed_detail, name="deed_detail"),
]
