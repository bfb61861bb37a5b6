"""Schedules, the due and overdue list, and the export for a provider."""

from django.urls import path

from . import views_schedules as views

urlpatterns = [
    path("assessments/due/", views.due, name="assessments_due"),
    path("assessments/schedules/", views.schedules, name="assessment_schedules"),
    path(
        "assessments/schedules/<int:rule_id>/",
        views.schedule_rule,
        name="assessment_schedule_rule",
    ),
    path(
        "participants/<int:participant_id>/assessments/<int:administration_id>/export/",
        views.export,
        name="assessment_export",
    ),
    path(
        "participants/<int:participant_id>/assessments/exports/<int:export_id>.json",
        views.export_file,
        name="assessment_export_file",
    ),
]
