from django.urls import path

from . import views_public_schedule as views

# The public schedule and its feeds, under o/<slug:organization_slug>/.
urlpatterns = [
    path("schedule/", views.public_schedule_page, name="public_schedule"),
    path("schedule/embed/", views.public_schedule_embed, name="public_schedule_embed"),
    path("schedule.ics", views.public_schedule_feed, name="public_schedule_feed"),
    path(
        "schedule/sites/<int:site_id>.ics",
        views.public_schedule_site_feed,
        name="public_schedule_site_feed",
    ),
    path(
        "schedule/kinds/<str:kind>.ics",
        views.public_schedule_kind_feed,
        name="public_schedule_kind_feed",
    ),
    path("schedule/events/<uuid:uid>.ics", views.public_event_ics, name="public_event_ics"),
]
