from django.urls import include, path

# Staff pages, under community/.
urlpatterns = [
    path("", include("peerwell.community.urls_schedule")),
    path("", include("peerwell.community.urls_attendance")),
    path("", include("peerwell.community.urls_people")),
    path("", include("peerwell.community.urls_share")),
]
