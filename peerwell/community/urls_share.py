from django.urls import path

from . import views_share

urlpatterns = [
    path("share/", views_share.community_share, name="community_share"),
]
