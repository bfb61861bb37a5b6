from django.urls import path

from . import views

urlpatterns = [
    path("participants/<int:participant_id>/plan/", views.plan_detail, name="plan_detail"),
    path("participants/<int:participant_id>/plan/edit/", views.plan_edit, name="plan_edit"),
    path(
        "participants/<int:participant_id>/plan/steps/add/",
        views.plan_step_add,
        name="plan_step_add",
    ),
    path("participants/<int:participant_id>/plan/agree/", views.plan_agree, name="plan_agree"),
    path(
        "participants/<int:participant_id>/plan/versions/",
        views.plan_versions,
        name="plan_versions",
    ),
    path("participants/<int:participant_id>/plan/print/", views.plan_print, name="plan_print"),
    path("plan-steps/<int:step_id>/status/", views.plan_step_status, name="plan_step_status"),
    path(
        "plan-steps/<int:step_id>/reschedule/",
        views.plan_step_reschedule,
        name="plan_step_reschedule",
    ),
]
