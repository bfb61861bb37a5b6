from django.urls import path

from . import views

urlpatterns = [
    path("participants/<int:participant_id>/log/", views.log_contact, name="log_contact"),
    path("follow-ups/", views.my_follow_ups, name="follow_ups"),
    path("follow-ups/<int:follow_up_id>/done/", views.follow_up_done, name="follow_up_done"),
]
