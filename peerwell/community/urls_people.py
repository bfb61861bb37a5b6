from django.urls import path

from . import views_certifications, views_help, views_hours

urlpatterns = [
    path("hours/", views_hours.community_hours, name="community_hours"),
    path("hours/review/", views_hours.community_hours_review, name="community_hours_review"),
    path(
        "hours/<int:hours_id>/approve/",
        views_hours.community_hours_approve,
        name="community_hours_approve",
    ),
    path(
        "hours/<int:hours_id>/return/",
        views_hours.community_hours_return,
        name="community_hours_return",
    ),
    path("hours/totals/", views_hours.community_hours_totals, name="community_hours_totals"),
    path(
        "certifications/",
        views_certifications.community_certifications,
        name="community_certifications",
    ),
    path(
        "certifications/new/",
        views_certifications.community_certification_new,
        name="community_certification_new",
    ),
    path(
        "certifications/<int:certification_id>/edit/",
        views_certifications.community_certification_edit,
        name="community_certification_edit",
    ),
    path("help/", views_help.community_help, name="community_help"),
    path("help/new/", views_help.community_help_new, name="community_help_new"),
]
