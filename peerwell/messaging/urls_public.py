from django.urls import path

from . import views

urlpatterns = [
    path("sms/twilio/", views.twilio_inbound, name="twilio_inbound"),
]
