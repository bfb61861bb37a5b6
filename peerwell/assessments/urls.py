from django.urls import path

from . import views

urlpatterns = [
    path(
        "participants/<int:participant_id>/assessments/",
        views.participant_assessments,
        name="participant_assessments",
    ),
    path(
        "participants/<int:participant_id>/assessments/new/",
        views.record_assessment,
        name="assessment_new",
    ),
    path("assessments/figures/", views.figures, name="assessment_figures"),
]
