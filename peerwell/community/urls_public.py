from django.urls import include, path

# Public pages, no sign-in, under o/<slug:organization_slug>/.
urlpatterns = [
    path("", include("peerwell.community.urls_public_schedule")),
    path("", include("peerwell.community.urls_public_checkin")),
]
