from django.urls import path

from . import views_enrolment as views

urlpatterns = [
    path(
        "participants/<int:participant_id>/check-ins/",
        views.enrol_participant,
        name="checkins_enrol",
    ),
    path(
        "participants/family/<int:family_member_id>/check-ins/",
        views.enrol_family_member,
        name="checkins_enrol_family",
    ),
    path(
        "check-ins/enrolments/<int:enrolment_id>/edit/",
        views.edit_enrolment,
        name="checkins_enrolment_edit",
    ),
    path(
        "check-ins/enrolments/<int:enrolment_id>/pause/",
        views.pause_enrolment,
        name="checkins_enrolment_pause",
    ),
    path(
        "check-ins/enrolments/<int:enrolment_id>/resume/",
        views.resume_enrolment,
        name="checkins_enrolment_resume",
    ),
    path(
        "check-ins/enrolments/<int:enrolment_id>/end/",
        views.end_enrolment,
        name="checkins_enrolment_end",
    ),
    path("check-ins/requests/", views.call_requests, name="checkins_requests"),
    path(
        "check-ins/requests/<int:request_id>/",
        views.call_request_detail,
        name="checkins_request",
    ),
    path(
        "check-ins/requests/<int:request_id>/close/",
        views.close_call_request,
        name="checkins_request_close",
    ),
    path("check-ins/rules/", views.rules, name="checkins_rules"),
]
