from django.urls import path

from . import views

urlpatterns = [
    path("", views.participant_search, name="participant_search"),
]
