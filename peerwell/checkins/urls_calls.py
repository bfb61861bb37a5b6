from django.urls import path

from . import views_calls

urlpatterns = [
    path("check-ins/queue/", views_calls.queue, name="checkins_queue"),
    path("check-ins/calls/<int:call_id>/", views_calls.call_page, name="checkins_call"),
    path("check-ins/calls/<int:call_id>/claim/", views_calls.claim, name="checkins_call_claim"),
    path(
        "check-ins/calls/<int:call_id>/release/",
        views_calls.release,
        name="checkins_call_release",
    ),
    path("check-ins/calls/<int:call_id>/log/", views_calls.log, name="checkins_call_log"),
    path("check-ins/calls/<int:call_id>/crisis/", views_calls.crisis, name="checkins_crisis"),
]
