from django.urls import path

from . import views_public_checkin

# Under o/<slug:organization_slug>/: the door's QR code points here.
urlpatterns = [
    path(
        "check-in/<str:token>/",
        views_public_checkin.public_check_in,
        name="public_check_in",
    ),
    path(
        "check-in/<str:token>/thanks/",
        views_public_checkin.public_check_in_thanks,
        name="public_check_in_thanks",
    ),
]
