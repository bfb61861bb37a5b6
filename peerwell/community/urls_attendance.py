from django.urls import path

from . import views_attendance, views_classes

urlpatterns = [
    path(
        "events/<int:event_id>/attendance/",
        views_attendance.session_start,
        name="community_session_start",
    ),
    path("events/<int:event_id>/qr/", views_attendance.event_qr, name="community_event_qr"),
    path("sessions/<int:session_id>/", views_attendance.session_page, name="community_session"),
    path(
        "attendees/<int:attendee_id>/confirm/",
        views_attendance.attendee_confirm,
        name="community_attendee_confirm",
    ),
    path(
        "attendees/<int:attendee_id>/decline/",
        views_attendance.attendee_decline,
        name="community_attendee_decline",
    ),
    path("classes/<int:class_id>/", views_classes.class_page, name="community_class"),
    path(
        "class-enrolments/<int:class_enrolment_id>/withdraw/",
        views_classes.class_withdraw,
        name="community_class_withdraw",
    ),
]
