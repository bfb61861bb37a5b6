from django.urls import path

from . import views

urlpatterns = [
    path("messages/", views.texts_to_read, name="texts_to_read"),
    path("messages/<int:inbound_id>/read/", views.text_mark_read, name="text_mark_read"),
]
