from django.urls import path

from . import views

urlpatterns = [
    path("participants/<int:participant_id>/log/", views.log_contact, name="log_contact"),
    path("contacts/<int:contact_id>/edit/", views.edit_contact, name="contact_edit"),
    path("follow-ups/", views.my_follow_ups, name="follow_ups"),
    path("follow-ups/<int:follow_up_id>/done/", views.follow_up_done, name="follow_up_done"),
    path("follow-ups/<int:follow_up_id>/undo/", views.follow_up_undo, name="follow_up_undo"),
]
