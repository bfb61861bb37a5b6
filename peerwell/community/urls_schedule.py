from django.urls import path

from . import views_schedule, views_sites

urlpatterns = [
    path("", views_schedule.community, name="community"),
    path("sites/", views_sites.community_sites, name="community_sites"),
    path("sites/new/", views_sites.community_site_new, name="community_site_new"),
    path("sites/<int:site_id>/", views_sites.community_site, name="community_site"),
    path("sites/<int:site_id>/edit/", views_sites.community_site_edit, name="community_site_edit"),
    path("vans/", views_sites.community_vans, name="community_vans"),
    path("events/", views_schedule.community_events, name="community_events"),
    path("events/new/", views_schedule.community_event_new, name="community_event_new"),
    path("events/<int:event_id>/", views_schedule.community_event, name="community_event"),
    path(
        "events/<int:event_id>/edit/",
        views_schedule.community_event_edit,
        name="community_event_edit",
    ),
    path(
        "events/<int:event_id>/archive/",
        views_schedule.community_event_archive,
        name="community_event_archive",
    ),
    path(
        "events/<int:event_id>/changes/new/",
        views_schedule.community_change_new,
        name="community_change_new",
    ),
    path(
        "changes/<int:change_id>/delete/",
        views_schedule.community_change_delete,
        name="community_change_delete",
    ),
]
