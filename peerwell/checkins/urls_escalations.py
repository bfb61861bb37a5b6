from django.urls import path

from . import views_escalations as views

urlpatterns = [
    path("check-ins/escalations/", views.escalations, name="checkins_escalations"),
    path(
        "check-ins/escalations/<int:escalation_id>/",
        views.escalation,
        name="checkins_escalation",
    ),
    path("check-ins/figures/", views.figures, name="checkins_figures"),
]
