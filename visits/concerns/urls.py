"""The township's side of concerns: its inbox, its offices, what it hid, the public notice."""

from django.urls import path

from visits.views import concern_township, hiding, office_inbox

app_name = "concerns"

urlpatterns = [
    path(
        "townships/<int:pk>/concerns/",
        concern_township.township_inbox,
        name="township_concerns",
    ),
    path("townships/<int:pk>/offices/", concern_township.offices, name="township_offices"),
    path("townships/<int:pk>/hidden/", hiding.township_hidden, name="township_hidden"),
    path("offices/<int:pk>/", office_inbox.office_inbox, name="office_concerns"),
    path(
        "offices/<int:pk>/acknowledge/",
        office_inbox.office_acknowledge,
        name="office_acknowledge",
    ),
    path("offices/<int:pk>/edit/", concern_township.office_edit, name="office_edit"),
    path("townships/<int:pk>/notice/", concern_township.public_notice, name="public_notice"),
    path(
        "townships/<int:pk>/notice.pdf",
        concern_township.public_notice_pdf,
        name="public_notice_pdf",
    ),
    path(
        "townships/<int:pk>/notice/setting/",
        concern_township.public_notice_setting,
        name="public_notice_setting",
    ),
    path(
        "townships/<int:pk>/notice/review/",
        concern_township.notice_review,
        name="notice_review",
    ),
    path(
        "townships/<int:pk>/notice/review/<int:concern>/",
        concern_township.notice_review_confirm,
        name="notice_review_confirm",
    ),
]
